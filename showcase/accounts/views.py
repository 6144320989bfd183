"""Signing in and out, and changing one's own password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from showcase.accounts import services
from showcase.accounts.forms import LoginForm, PasswordChangeForm
from showcase.core.errors import DomainError
from showcase.core.roles import Permission, requires
from showcase.core.urls import safe_next
from showcase.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/manage")


def public(view):
    """Mark a /manage/ view that needs no organiser role (signing in)."""
    view.public_manage_route = True
    return view


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
def login():
    target = safe_next(request.args.get("next"), url_for("manage_root.index"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            session.permanent = True
            flash(_l("Signed in as %(email)s.", email=user.email), "success")
            return redirect(target)
        form.password.errors.append(_l("The email or password is not correct."))
        status = 401
    elif form.is_submitted():
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@public
def logout():
    logout_user()
    flash(_l("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires(Permission.VIEW_DASHBOARD)
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except DomainError as error:
            form[error.field or "current_password"].errors.append(error.message)
        else:
            db.session.commit()
            # The session token changed with the password: sign in again with the new one.
            login_user(current_user._get_current_object())
            flash(_l("Your password has been changed."), "success")
            return redirect(url_for("manage_root.index"))
    return render_template("accounts/password.html", form=form)
