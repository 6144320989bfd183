"""Showcase: the event system for the World Smart City Showcase."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config, ConfigError, ProductionConfig, config_from_environment


def create_app(config: type[Config] | None = None, overrides: Mapping[str, Any] | None = None):
    """Build the application: settings, extensions, blueprints, error pages, commands."""
    config = config or config_from_environment()
    app = Flask(__name__, instance_relative_config=True)
    from showcase.core.urls import SmallIntegerConverter

    # Before any route is added: <int:…> matches only what an id column can hold (else 404).
    app.url_map.converters["int"] = SmallIntegerConverter
    configure(app, config, overrides or {})
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_worker_chores(app)
    register_retention_rules(app)
    return app


def register_retention_rules(app: Flask) -> None:
    """What ``flask showcase purge`` deletes when its retention ends (core/retention.py)."""
    from showcase.badges.services.printing import purge_print_logs
    from showcase.cooperation.services.profiles import purge_cooperation
    from showcase.core.audit import purge_audit_entries
    from showcase.core.retention import register_purger
    from showcase.leads.services import purge_leads
    from showcase.letters.services.retention import purge_passport_data
    from showcase.questions.services.answers import purge_answers
    from showcase.travel.services.settings import purge_travel

    register_purger(app, "Registration answers", purge_answers)
    register_purger(app, "Passport data of visa letters", purge_passport_data)
    register_purger(app, "Travel details", purge_travel)
    register_purger(app, "Badge print log", purge_print_logs)
    register_purger(app, "Audit log", purge_audit_entries)
    register_purger(app, "Exhibitor leads", purge_leads)
    register_purger(app, "Cooperation profiles and meeting attendees", purge_cooperation)


def register_worker_chores(app: Flask) -> None:
    from showcase.announcements.services.sending import send_due_announcements
    from showcase.mail.worker import register_chore, register_task
    from showcase.registration.services.offers import expire_due_offers

    register_chore(app, expire_due_offers)
    register_task(app, send_due_announcements)


def configure(app: Flask, config: type[Config], overrides: Mapping[str, Any]) -> None:
    from showcase.core.sessions import ShowcaseSessionInterface

    app.config.from_object(config)
    app.config.update(overrides)
    app.session_interface = ShowcaseSessionInterface()
    if config is ProductionConfig or issubclass(config, ProductionConfig):
        ProductionConfig.check(app.config)
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    configure_rate_limits(app)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("postgresql"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", app.config["DATABASE_CONNECT_TIMEOUT"])
        options["connect_args"] = connect_args
    elif uri.startswith("sqlite"):
        # Waiting for SQLite's write lock is done by busy_timeout (core/db.py).
        options.setdefault("connect_args", {"timeout": 30})
        _ensure_directory_for(uri)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if app.config.get("PROXY_COUNT"):
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def configure_rate_limits(app: Flask) -> None:
    from showcase.core.security import is_not_an_unauthenticated_post, unauthenticated_post_limit

    # Every route without a limit of its own limits the POSTs of signed-out visitors; the routes
    # with their own limits (sign-in, registration, applications, link re-sends) keep them.
    app.config.setdefault("RATELIMIT_DEFAULT", unauthenticated_post_limit)
    app.config.setdefault("RATELIMIT_DEFAULTS_EXEMPT_WHEN", is_not_an_unauthenticated_post)


def _ensure_directory_for(sqlite_uri: str) -> None:
    path = sqlite_uri.removeprefix("sqlite:///")
    if sqlite_uri.startswith("sqlite:///") and path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from showcase.core.i18n import select_locale
    from showcase.extensions import (
        babel,
        bootstrap,
        csrf,
        db,
        limiter,
        login_manager,
        mail,
        migrate,
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from showcase.accounts.login import configure_login

    configure_login(app, login_manager)


def register_blueprints(app: Flask) -> None:
    from showcase.accounts.manage import bp as accounts_manage_bp
    from showcase.accounts.views import bp as accounts_bp
    from showcase.announcements.manage import bp as announcements_manage_bp
    from showcase.announcements.views import bp as announcements_bp
    from showcase.audit.manage import bp as audit_manage_bp
    from showcase.badges.manage import bp as badges_manage_bp
    from showcase.booths.manage import bp as booths_manage_bp
    from showcase.booths.views import bp as booths_bp
    from showcase.checkin.manage import bp as checkin_manage_bp
    from showcase.cooperation.manage import bp as cooperation_manage_bp
    from showcase.cooperation.views import bp as cooperation_bp
    from showcase.core.blueprints import register_event_lookup, register_event_url_defaults
    from showcase.core.views import bp as core_bp
    from showcase.delegations.manage import bp as delegations_manage_bp
    from showcase.delegations.views import bp as delegations_bp
    from showcase.events.manage import bp as events_manage_bp
    from showcase.events.manage import manage_root_bp
    from showcase.events.services import current_event, get_event
    from showcase.events.views import bp as events_bp
    from showcase.leads.manage import bp as leads_manage_bp
    from showcase.leads.views import bp as leads_bp
    from showcase.letters.manage import bp as letters_manage_bp
    from showcase.letters.views import bp as letters_bp
    from showcase.mail.manage import bp as mail_manage_bp
    from showcase.program.manage import bp as program_manage_bp
    from showcase.program.views import bp as program_bp
    from showcase.questions.manage import bp as questions_manage_bp
    from showcase.questions.views import bp as questions_bp
    from showcase.registration.manage import bp as registration_manage_bp
    from showcase.registration.onbehalf import bp as registration_onbehalf_bp
    from showcase.registration.onbehalf import public_bp as registration_offers_bp
    from showcase.registration.views import bp as registration_bp
    from showcase.reports.manage import bp as reports_manage_bp
    from showcase.schedule.manage import bp as schedule_manage_bp
    from showcase.schedule.views import bp as schedule_bp
    from showcase.travel.manage import bp as travel_manage_bp
    from showcase.travel.views import bp as travel_bp

    register_event_lookup(app, by_acronym=get_event, front_door=current_event)
    register_event_url_defaults(app)
    app.register_blueprint(core_bp)
    app.register_blueprint(cooperation_bp)
    app.register_blueprint(cooperation_manage_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(accounts_manage_bp)
    app.register_blueprint(manage_root_bp)
    app.register_blueprint(mail_manage_bp)
    app.register_blueprint(events_manage_bp)
    app.register_blueprint(booths_manage_bp)
    app.register_blueprint(booths_bp)
    app.register_blueprint(leads_manage_bp)
    app.register_blueprint(leads_bp)
    app.register_blueprint(program_manage_bp)
    app.register_blueprint(program_bp)
    app.register_blueprint(registration_manage_bp)
    app.register_blueprint(badges_manage_bp)
    app.register_blueprint(checkin_manage_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(questions_manage_bp)
    app.register_blueprint(questions_bp)
    app.register_blueprint(delegations_manage_bp)
    app.register_blueprint(delegations_bp)
    app.register_blueprint(letters_manage_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(registration_onbehalf_bp)
    app.register_blueprint(registration_offers_bp)
    app.register_blueprint(schedule_manage_bp)
    app.register_blueprint(reports_manage_bp)
    app.register_blueprint(audit_manage_bp)
    app.register_blueprint(schedule_bp)
    app.register_blueprint(travel_manage_bp)
    app.register_blueprint(travel_bp)
    app.register_blueprint(announcements_manage_bp)
    app.register_blueprint(announcements_bp)
    # Public event pages last: their /<event>/ prefix must not shadow fixed paths.
    app.register_blueprint(events_bp)


def register_request_hooks(app: Flask) -> None:
    from showcase.accounts.login import register_second_factor_rule
    from showcase.core.bodies import register_body_limits
    from showcase.core.inputs import register_input_checks
    from showcase.core.logging import configure_logging, register_request_logging
    from showcase.core.roles import register_manage_guard
    from showcase.core.security import register_security_headers

    configure_logging(app)
    register_body_limits(app)
    register_input_checks(app)
    register_request_logging(app)
    register_manage_guard(app)
    register_second_factor_rule(app)
    register_security_headers(app)


def register_errorhandlers(app: Flask) -> None:
    from showcase.core.errors import register_error_handlers

    register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    from showcase.core.templating import register_templating

    register_templating(app)


def register_commands(app: Flask) -> None:
    from showcase.cli import showcase_cli
    from showcase.mail.cli import outbox_cli
    from showcase.schedule.cli import import_schedule_command

    showcase_cli.add_command(import_schedule_command)
    app.cli.add_command(showcase_cli)
    app.cli.add_command(outbox_cli)


__all__ = ["ConfigError", "create_app"]
