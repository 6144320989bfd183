"""Signing in and out, and changing one's own password."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_timedelta, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from showcase.accounts import services, throttle
from showcase.accounts.forms import LoginForm, PasswordChangeForm
from showcase.core.db import unit_of_work
from showcase.core.forms import run, submit
from showcase.core.roles import Permission, requires
from showcase.core.urls import safe_next
from showcase.extensions import limiter

bp = Blueprint("accounts", __name__, url_prefix="/manage")


def public(view):
    """Mark a /manage/ view that needs no organiser role (signing in)."""
    view.public_manage_route = True
    return view


def _remember_browser(response, browser: throttle.Browser | None, email: str):
    response.set_cookie(
        throttle.KNOWN_BROWSER_COOKIE,
        throttle.remember_account(browser, throttle.account_key(email)),
        max_age=throttle.KNOWN_BROWSER_DAYS * 24 * 3600,
        path="/manage/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
def login():
    target = safe_next(request.args.get("next"), url_for("manage_root.index"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    status = 200
    headers = {}
    if form.validate_on_submit():
        email = form.email.data
        browser = throttle.read_browser(request.cookies.get(throttle.KNOWN_BROWSER_COOKIE))
        wait = services.sign_in_wait(email, browser)
        user = None if wait else services.authenticate(email, form.password.data)
        if user is not None:
            with unit_of_work():
                services.succeeded_sign_in(email, browser)
                services.start_session(user)
            login_user(user)
            session.permanent = True
            flash(_l("Signed in as %(email)s.", email=user.email), "success")
            return _remember_browser(redirect(target, 303), browser, user.email)
        if wait:
            form.password.errors.append(
                _l(
                    "There have been too many unsuccessful attempts to sign in to this account. "
                    "Try again in %(time)s.",
                    time=format_timedelta(timedelta(seconds=wait), threshold=1),
                )
            )
            status, headers = 429, {"Retry-After": str(wait)}
        else:
            run(lambda: services.failed_sign_in(email, browser))
            form.password.errors.append(_l("The email or password is not correct."))
            status = 401
    elif form.is_submitted():
        status = 400
    return render_template("accounts/login.html", form=form), status, headers


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        run(lambda: services.end_session(user))
    logout_user()
    flash(_l("You have signed out."), "info")
    return redirect(url_for("accounts.login"), 303)


@bp.post("/account/sign-out-everywhere")
@requires(Permission.VIEW_DASHBOARD)
def sign_out_everywhere():
    user = current_user._get_current_object()
    ended = run(lambda: services.end_all_sessions(user))
    logout_user()
    flash(
        ngettext(
            "You have signed out on %(num)d browser.",
            "You have signed out on %(num)d browsers, this one included.",
            ended,
        ),
        "info",
    )
    return redirect(url_for("accounts.login"), 303)


@bp.route("/account/password", methods=["GET", "POST"])
@requires(Permission.VIEW_DASHBOARD)
def change_password():
    form = PasswordChangeForm()
    user = current_user._get_current_object()

    def change():
        services.change_password(user, form.current_password.data, form.new_password.data)
        return user

    def signed_in_again(user) -> str:
        # Every session ended with the old password: this browser continues in a new one.
        login_user(user)
        return url_for("manage_root.index")

    return submit(
        form,
        change,
        render=lambda: render_template("accounts/password.html", form=form),
        success=signed_in_again,
        message=_l("Your password has been changed."),
    )
