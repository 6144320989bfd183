"""User administration for administrators."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from showcase.accounts import services
from showcase.accounts.forms import UserCreateForm, UserEditForm
from showcase.accounts.models import User
from showcase.core.errors import DomainError
from showcase.core.forms import add_error, run, submit
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
            user = run(
                lambda: services.create_user(
                    form.email.data, form.role.data, password, form.name.data
                )
            )
        except DomainError as error:
            add_error(form, error)
        else:
            # The password is shown once, on this answer (it is stored only as a hash).
            return render_template("accounts/password_shown.html", user=user, password=password)
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("accounts/users.html", users=users, form=form), 400


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    acting = current_user._get_current_object()
    return submit(
        form,
        lambda: services.update_user(
            user,
            name=form.name.data or "",
            role=form.role.data,
            active=form.active.data,
            acting=acting,
        ),
        render=lambda: render_template("accounts/user_edit.html", user=user, form=form),
        success=url_for("accounts_manage.index"),
        message=lambda _result: _l("The account of %(email)s has been saved.", email=user.email),
    )


@bp.post("/<int:user_id>/password")
@requires(Permission.MANAGE_USERS)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    password = run(lambda: services.reset_password(user))
    return render_template("accounts/password_shown.html", user=user, password=password)
