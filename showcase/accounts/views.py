"""Signing in (password, then the second factor where the account has one) and out, a
forgotten password, one's own password, second factor and signed-in browsers."""

from __future__ import annotations

import time
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

from showcase.accounts import second_factor, services, throttle
from showcase.accounts.forms import (
    ConfirmPasswordForm,
    EnableSecondFactorForm,
    ForgotPasswordForm,
    LoginForm,
    PasswordChangeForm,
    ResetPasswordForm,
    SecondFactorForm,
)
from showcase.accounts.models import User
from showcase.core.audit import audited
from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError
from showcase.core.forms import add_error, run, submit
from showcase.core.roles import Permission, requires
from showcase.core.security import no_store
from showcase.core.urls import safe_next
from showcase.extensions import db, limiter

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


# How long the second step of a sign-in (the authenticator code) may follow the password.
SECOND_STEP = "showcase_second_step"
# Set by signing out: the sign-in page then clears the door's roster from the browser.
FORGET_DOOR = "showcase_forget_door"
SECOND_STEP_SECONDS = 300


def _client() -> tuple[str, str]:
    """The browser's own description and address, for the owner's list of sign-ins."""
    return (request.user_agent.string or "")[:200], (request.remote_addr or "")[:45]


def _signed_in(user, browser: throttle.Browser | None, target: str, method: str = "password"):
    """Both steps passed: start the session, tell the owner about a browser new to the
    account (or a recovery code spent), and go on."""
    user_agent, address = _client()
    known = browser is not None and browser.knows(throttle.account_key(user.email))
    # The first sign-in of a new account is from the browser it was made for: no notice.
    new_browser = not known and user.last_login_at is not None
    # The account is not signed in until login_user below: its changes are recorded as its own.
    with audited(user), unit_of_work():
        services.succeeded_sign_in(user, browser, method)
        services.start_session(user, user_agent, address)
        if new_browser:
            services.send_security_notice(
                user, services.SecurityNotice.NEW_BROWSER, user_agent, address
            )
        if method == "recovery":
            services.send_security_notice(
                user, services.SecurityNotice.RECOVERY_CODE_USED, user_agent, address
            )
    session.pop(SECOND_STEP, None)
    login_user(user)
    session.permanent = True
    flash(_l("Signed in as %(email)s.", email=user.email), "success")
    return _remember_browser(redirect(target, 303), browser, user.email)


def _wait_error(form_field, wait: int):
    form_field.errors.append(
        _l(
            "There have been too many unsuccessful attempts to sign in to this account. "
            "Try again in %(time)s.",
            time=format_timedelta(timedelta(seconds=wait), threshold=1),
        )
    )
    return 429, {"Retry-After": str(wait)}


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
        if user is not None and second_factor.has_second_factor(user):
            session[SECOND_STEP] = {"user": user.id, "at": int(time.time()), "next": target}
            return redirect(url_for("accounts.login_code"), 303)
        if user is not None:
            return _signed_in(user, browser, target)
        if wait:
            status, headers = _wait_error(form.password, wait)
        else:
            run(lambda: services.failed_sign_in(email, browser))
            form.password.errors.append(_l("The email or password is not correct."))
            status = 401
    elif form.is_submitted():
        status = 400
    forget_door = bool(session.pop(FORGET_DOOR, False))
    return (
        render_template("accounts/login.html", form=form, forget_door=forget_door),
        status,
        headers,
    )


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
def login_code():
    """The second step of signing in: the code from the authenticator app, or a recovery code.
    Wrong codes count like wrong passwords, so guessing them waits as guessing passwords does."""
    pending = session.get(SECOND_STEP)
    user = None
    if isinstance(pending, dict) and time.time() - pending.get("at", 0) <= SECOND_STEP_SECONDS:
        user = db.session.get(User, pending.get("user"))
    if user is None or not user.active or not second_factor.has_second_factor(user):
        session.pop(SECOND_STEP, None)
        flash(_l("Sign in with your email and password first."), "info")
        return redirect(url_for("accounts.login"), 303 if request.method == "POST" else 302)
    form = SecondFactorForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        browser = throttle.read_browser(request.cookies.get(throttle.KNOWN_BROWSER_COOKIE))
        wait = services.sign_in_wait(user.email, browser)
        if wait:
            status, headers = _wait_error(form.code, wait)
        else:
            try:
                method = run(lambda: second_factor.verify(user, form.code.data))
            except DomainError as error:
                run(lambda: services.failed_sign_in(user.email, browser))
                add_error(form, error)
                status = 401
            else:
                target = safe_next(pending.get("next"), url_for("manage_root.index"))
                return _signed_in(user, browser, target, method)
    elif form.is_submitted():
        status = 400
    return render_template("accounts/login_code.html", form=form), status, headers


@bp.route("/login/forgot", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
def forgot_password():
    """Ask for a link that sets a new password. The answer is the same whether or not an
    account has the address."""
    form = ForgotPasswordForm()
    return submit(
        form,
        lambda: services.request_password_reset(form.email.data),
        render=lambda: render_template("accounts/forgot.html", form=form),
        success=url_for("accounts.login"),
        message=_l(
            "If an organiser account has this address, a link to set a new password is on its "
            "way. It works once, within %(minutes)d minutes.",
            minutes=current_app.config["PASSWORD_RESET_MINUTES"],
        ),
    )


@bp.route("/login/reset/<secret>", methods=["GET", "POST"])
@public
@no_store
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(secret: str):
    try:
        services.password_reset_for(secret)
    except DomainError as error:
        page = render_template("accounts/reset_gone.html", message=error.message)
        return page, 410
    form = ResetPasswordForm()
    return submit(
        form,
        lambda: services.reset_forgotten_password(secret, form.new_password.data),
        render=lambda: render_template("accounts/reset.html", form=form),
        success=url_for("accounts.login"),
        message=_l("Your new password is set. Sign in with it."),
    )


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        run(lambda: services.end_session(user))
    logout_user()
    flash(_l("You have signed out."), "info")
    # The next sign-in page deletes what a check-in phone kept for the door (the roster of
    # badges, scans not sent), and nothing else the browser keeps (a visitor's starred sessions).
    session[FORGET_DOOR] = True
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
        services.change_password(
            user, form.current_password.data, form.new_password.data, *_client()
        )
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


# Two-factor sign-in -----------------------------------------------------------------------------

ENROLMENT = "showcase_totp_enrolment"


@bp.route("/account/two-factor", methods=["GET", "POST"])
@requires(Permission.VIEW_DASHBOARD)
def two_factor():
    """Turn on two-factor sign-in: scan the QR code, then prove it with a code."""
    user = current_user._get_current_object()
    if second_factor.has_second_factor(user):
        return _two_factor_page_with(user)
    secret = session.get(ENROLMENT)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[ENROLMENT] = second_factor.new_secret()
    form = EnableSecondFactorForm()

    def page():
        uri = second_factor.provisioning_uri(user, secret)
        return render_template(
            "accounts/two_factor_setup.html",
            form=form,
            qr=second_factor.qr_code_svg(uri),
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            required=second_factor.second_factor_required(),
        )

    if not form.is_submitted():
        return page(), 200
    if not form.validate():
        return page(), 400

    def enable():
        codes = second_factor.enable(user, secret, form.code.data)
        services.send_security_notice(user, services.SecurityNotice.SECOND_FACTOR_ON, *_client())
        return codes

    try:
        codes = run(enable)
    except DomainError as error:
        add_error(form, error)
        return page(), error.status_code
    session.pop(ENROLMENT, None)
    # The recovery codes are shown once, on this answer (they are stored only as hashes).
    return render_template("accounts/recovery_codes.html", codes=codes, first=True)


def _password_confirmed(form, user) -> bool:
    if not form.validate_on_submit():
        return False
    if not user.check_password(form.password.data or ""):
        form.password.errors.append(_l("The password is not correct."))
        return False
    return True


@bp.post("/account/two-factor/recovery-codes")
@requires(Permission.VIEW_DASHBOARD)
def new_recovery_codes():
    user = current_user._get_current_object()
    form = ConfirmPasswordForm(prefix="renew")
    if not second_factor.has_second_factor(user):
        return redirect(url_for("accounts.two_factor"), 303)
    if not _password_confirmed(form, user):
        return _two_factor_page_with(user, renew_form=form), 400

    def renew():
        codes = second_factor.new_recovery_codes(user)
        services.send_security_notice(
            user, services.SecurityNotice.RECOVERY_CODES_RENEWED, *_client()
        )
        return codes

    return render_template("accounts/recovery_codes.html", codes=run(renew), first=False)


@bp.post("/account/two-factor/off")
@requires(Permission.VIEW_DASHBOARD)
def turn_off_two_factor():
    user = current_user._get_current_object()
    form = ConfirmPasswordForm(prefix="off")
    if not second_factor.has_second_factor(user):
        return redirect(url_for("accounts.two_factor"), 303)
    if second_factor.second_factor_required():
        flash(
            _l("Your administrators require a second factor for every account: it stays on."),
            "danger",
        )
        return redirect(url_for("accounts.two_factor"), 303)
    if not _password_confirmed(form, user):
        return _two_factor_page_with(user, off_form=form), 400

    def turn_off():
        second_factor.disable(user)
        services.send_security_notice(user, services.SecurityNotice.SECOND_FACTOR_OFF, *_client())

    run(turn_off)
    flash(_l("Two-factor sign-in is off. Your password alone now opens your account."), "warning")
    return redirect(url_for("accounts.two_factor"), 303)


def _two_factor_page_with(user, renew_form=None, off_form=None):
    return render_template(
        "accounts/two_factor.html",
        user=user,
        unused=second_factor.unused_recovery_codes(user),
        required=second_factor.second_factor_required(),
        renew_form=renew_form or ConfirmPasswordForm(prefix="renew"),
        off_form=off_form or ConfirmPasswordForm(prefix="off"),
    )


# Signed-in browsers -------------------------------------------------------------------------------


@bp.get("/account/sessions")
@requires(Permission.VIEW_DASHBOARD)
def sessions():
    user = current_user._get_current_object()
    entries = [
        (entry, services.is_current_session(user, entry)) for entry in services.sessions_of(user)
    ]
    return render_template("accounts/sessions.html", entries=entries)


@bp.post("/account/sessions/<int:session_id>/end")
@requires(Permission.VIEW_DASHBOARD)
def end_session(session_id: int):
    user = current_user._get_current_object()
    if run(lambda: services.end_other_session(user, session_id)):
        flash(_l("That browser is signed out."), "success")
    else:
        flash(_l("That sign-in has ended already."), "info")
    return redirect(url_for("accounts.sessions"), 303)


@bp.post("/account/sessions/end-others")
@requires(Permission.VIEW_DASHBOARD)
def end_other_sessions():
    user = current_user._get_current_object()
    ended = run(lambda: services.end_other_sessions(user))
    flash(
        ngettext(
            "%(num)d other browser is signed out.", "%(num)d other browsers are signed out.", ended
        ),
        "success",
    )
    return redirect(url_for("accounts.sessions"), 303)
