"""Flask-Login's side of signing in: whose browser a login cookie belongs to (its session row,
see ``services.session_user``) and where a visitor who is not signed in is sent."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from showcase.accounts import throttle
from showcase.accounts.models import User
from showcase.accounts.services import session_user


def configure_login(app: Flask, login_manager: LoginManager) -> None:
    throttle.init_app(app)
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
