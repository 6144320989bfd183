"""What every template can use: language helpers, permissions and date filters."""

from __future__ import annotations

from flask import Flask, g, request, url_for

from showcase.core.i18n import LANGUAGE_NAMES, country_name, current_language, localized
from showcase.core.navigation import LinkGroup, manage_links_for, manage_menu_for, public_links_for
from showcase.core.roles import Permission, user_may
from showcase.core.time import register_template_filters


def language_switch_url(code: str) -> str:
    return url_for("core.set_language", code=code, next=request.full_path.rstrip("?"))


def register_templating(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    register_template_filters(app)
    app.jinja_env.globals.update(
        localized=localized,
        country_name=country_name,
        user_may=user_may,
        language_switch_url=language_switch_url,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        Permission=Permission,
        public_links_for=public_links_for,
        manage_links_for=manage_links_for,
        manage_menu_for=manage_menu_for,
        LinkGroup=LinkGroup,
    )
    app.add_template_test(lambda value, kind: isinstance(value, kind), "instance_of")

    @app.context_processor
    def language_context() -> dict:
        return {"current_language": current_language(), "event": g.get("event")}
