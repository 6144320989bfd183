"""User administration for administrators."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from showcase.accounts import services
from showcase.accounts.forms import UserCreateForm, UserEditForm
from showcase.accounts.models import User
from showcase.core.errors import DomainError
from showcase.core.roles import Permission, requires
from showcase.extensions import db

bp = Blueprint("accounts_manage", __name__, url_prefix="/manage/users")


@bp.get("/")
@requires(Permission.MANAGE_USERS)
def index():
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("accounts/users.html", users=users, form=UserCreateForm())


@bp.post("/")
@requires(Permission.MANAGE_USERS)
def create():
    form = UserCreateForm()
    if form.validate_on_submit():
        password = services.generate_password()
        try:
            user = services.create_user(form.email.data, form.role.data, password, form.name.data)
        except DomainError as error:
            form[error.field or "email"].errors.append(error.message)
        else:
            db.session.commit()
            return render_template("accounts/password_shown.html", user=user, password=password)
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("accounts/users.html", users=users, form=form), 400


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(
                user,
                name=form.name.data or "",
                role=form.role.data,
                active=form.active.data,
                acting=current_user,
            )
        except DomainError as error:
            flash(error.message, "danger")
            db.session.rollback()
            return render_template("accounts/user_edit.html", user=user, form=form), 400
        db.session.commit()
        flash(_l("The account of %(email)s has been saved.", email=user.email), "success")
        return redirect(url_for("accounts_manage.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/user_edit.html", user=user, form=form), status


@bp.post("/<int:user_id>/password")
@requires(Permission.MANAGE_USERS)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    password = services.reset_password(user)
    db.session.commit()
    return render_template("accounts/password_shown.html", user=user, password=password)
