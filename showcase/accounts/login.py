"""Flask-Login's side of signing in: whose browser a login cookie belongs to (its session row,
see ``services.session_user``) and where a visitor who is not signed in is sent."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user

from showcase.accounts import throttle
from showcase.accounts.models import User
from showcase.accounts.second_factor import has_second_factor, second_factor_required
from showcase.accounts.services import session_user

# What an account that must still set up its second factor may open meanwhile.
ENROLMENT_ENDPOINTS = frozenset(
    {"accounts.two_factor", "accounts.logout", "accounts.login", "accounts.login_code"}
)


def browser_name(user_agent: str) -> str:
    """ "Firefox on Android" from a User-Agent header, enough for an owner to know the browser."""
    text = user_agent or ""
    if not text:
        return str(_l("Unknown browser"))
    browser = next((name for token, name in BROWSERS if token in text), str(_l("Unknown browser")))
    system = next((name for token, name in SYSTEMS if token in text), "")
    return (
        str(_l("%(browser)s on %(system)s", browser=browser, system=system)) if system else browser
    )


# Tested in this order: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def configure_login(app: Flask, login_manager: LoginManager) -> None:
    throttle.init_app(app)
    app.add_template_filter(browser_name, "browser_name")
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(secret: str) -> User | None:
        return session_user(secret)

    @login_manager.unauthorized_handler
    def unauthorized():
        if getattr(session, "showcase_cookie_was_invalid", False):
            flash(_l("Your session has expired. Please sign in again."), "warning")
        else:
            flash(_l("Please sign in to open this page."), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def register_second_factor_rule(app: Flask) -> None:
    """While administrators require a second factor, an organiser account without one opens
    nothing under ``/manage/`` but the page that sets it up (and signing out)."""

    @app.before_request
    def _second_factor_first():
        if not request.path.startswith("/manage/") or request.endpoint in ENROLMENT_ENDPOINTS:
            return None
        if not current_user.is_authenticated or has_second_factor(current_user):
            return None
        if not second_factor_required():
            return None
        flash(
            _l(
                "Your administrators require a second factor for every organiser account. "
                "Set up an authenticator app to go on."
            ),
            "warning",
        )
        return redirect(url_for("accounts.two_factor"), 303)
