"""User administration for administrators."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from showcase.accounts import second_factor, services
from showcase.accounts.forms import PolicyForm, UserCreateForm, UserEditForm
from showcase.accounts.models import User
from showcase.core.errors import DomainError
from showcase.core.forms import add_error, run, submit
from showcase.core.roles import Permission, requires
from showcase.extensions import db

bp = Blueprint("accounts_manage", __name__, url_prefix="/manage/users")


def _users_page(form, policy_form=None):
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    if policy_form is None:
        policy_form = PolicyForm(
            data={"require_second_factor": second_factor.second_factor_required()}
        )
    return render_template(
        "accounts/users.html",
        users=users,
        form=form,
        policy_form=policy_form,
        has_second_factor=second_factor.has_second_factor,
    )


@bp.get("/")
@requires(Permission.MANAGE_USERS)
def index():
    return _users_page(UserCreateForm())


@bp.post("/policy")
@requires(Permission.MANAGE_USERS)
def policy():
    """Require (or stop requiring) a second factor for every organiser account."""
    form = PolicyForm()
    acting = current_user._get_current_object()
    return submit(
        form,
        lambda: second_factor.set_required(form.require_second_factor.data, acting),
        render=lambda: _users_page(UserCreateForm(), form),
        success=url_for("accounts_manage.index"),
        message=lambda _result: (
            _l("Every organiser account now signs in with a second factor.")
            if form.require_second_factor.data
            else _l("A second factor is now each account's own choice.")
        ),
    )


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
    return _users_page(form), 400


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
