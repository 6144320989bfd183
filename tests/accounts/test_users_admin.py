from __future__ import annotations

from sqlalchemy import select

from showcase.accounts.models import User
from showcase.extensions import db


def test_admin_creates_an_account_and_the_password_works(app, client, login):
    login("admin")
    response = client.post(
        "/manage/users/",
        data={"email": "new.person@depa.example", "name": "New", "role": "reviewer"},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "This password is shown only once." in body
    password = body.split('<code class="user-select-all">')[1].split("</code>")[0]
    other = app.test_client()
    assert (
        other.post(
            "/manage/login", data={"email": "new.person@depa.example", "password": password}
        ).status_code
        == 303
    )
    assert other.get("/manage/users/").status_code == 403  # a reviewer


def test_admin_cannot_demote_or_deactivate_themselves(app, client, login):
    email = login("admin")
    with app.app_context():
        me = db.session.scalar(select(User).where(User.email == email))
    response = client.post(
        f"/manage/users/{me.id}", data={"name": "Me", "role": "organiser", "active": "y"}
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, me.id).role == "admin"


def test_deactivating_an_account_signs_it_out(app, client, login, make_user):
    login("admin")
    email = make_user("organiser")
    other = app.test_client()
    other.post("/manage/login", data={"email": email, "password": "correct-horse-1"})
    assert other.get("/manage/").status_code == 200
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
    response = client.post(f"/manage/users/{user_id}", data={"name": "X", "role": "organiser"})
    assert response.status_code == 303
    assert other.get("/manage/").status_code == 302


def test_duplicate_account_email_is_refused(client, login, make_user):
    login("admin")
    taken = make_user("reviewer")
    response = client.post("/manage/users/", data={"email": taken, "role": "reviewer"})
    assert response.status_code == 400
    assert "An account with this email already exists." in response.get_data(as_text=True)


def test_create_user_command_generates_a_password(app, tmp_path):
    runner = app.test_cli_runner()
    from flask_migrate import upgrade

    with app.app_context():
        db.drop_all()
        upgrade()
    result = runner.invoke(
        args=["showcase", "create-user", "chief@depa.example", "--role", "admin"]
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account chief@depa.example." in result.output
    password = result.output.split("Password: ")[1].strip()
    client = app.test_client()
    assert (
        client.post(
            "/manage/login", data={"email": "chief@depa.example", "password": password}
        ).status_code
        == 303
    )
    again = runner.invoke(args=["showcase", "create-user", "chief@depa.example"])
    assert again.exit_code == 1
    assert again.output.strip() == "Error: An account with this email already exists."
    bad = runner.invoke(args=["showcase", "create-user", "not-an-email"])
    assert bad.exit_code == 1
    assert bad.output.strip() == "Error: Enter a valid email address."
