"""A signed-out session is signed out on the server: a copy of its cookie opens nothing, and
"sign out everywhere" ends every browser's session of the account."""

from __future__ import annotations

from tests.forms import RenderedForm


def sign_in(client, email: str, password: str = "correct-horse-1", language: str = "en"):
    form = RenderedForm.get(client, "/manage/login", language=language)
    labels = ("Email", "Password") if language == "en" else ("อีเมล", "รหัสผ่าน")
    response = form.fill(labels[0], email).fill(labels[1], password).submit()
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def copy_of_session(source, app):
    """Another client that replays ``source``'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", source.get_cookie("session").value)
    return thief


def is_signed_in(client) -> bool:
    response = client.get("/manage/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/manage/login")
        return False
    assert response.status_code == 200
    return True


def test_a_copied_session_cookie_opens_nothing_after_sign_out(app, client, make_user):
    sign_in(client, make_user("organiser"))
    thief = copy_of_session(client, app)
    assert is_signed_in(thief)  # the copy works while the session lasts

    signed_out = RenderedForm.get(client, "/manage/", form="logout").submit()
    assert signed_out.status_code == 303

    assert not is_signed_in(client)
    assert not is_signed_in(thief)


def test_signing_out_ends_only_this_browsers_session(app, client, make_user):
    email = make_user("organiser")
    sign_in(client, email)
    laptop = app.test_client()
    sign_in(laptop, email)

    client.post("/manage/logout")

    assert not is_signed_in(client)
    assert is_signed_in(laptop)


def test_sign_out_everywhere_ends_every_session_of_the_account(app, client, make_user):
    email = make_user("organiser")
    sign_in(client, email)
    laptop = app.test_client()
    sign_in(laptop, email)
    thief = copy_of_session(laptop, app)
    colleague = app.test_client()
    sign_in(colleague, make_user("organiser"))

    form = RenderedForm.get(client, "/manage/", form="sign-out-everywhere")
    response = form.submit("Sign out everywhere")

    assert response.status_code == 303 and response.headers["Location"] == "/manage/login"
    page = client.get("/manage/login").get_data(as_text=True)
    assert "You have signed out on 2 browsers, this one included." in page
    assert [is_signed_in(c) for c in (client, laptop, thief)] == [False, False, False]
    assert is_signed_in(colleague)
    sign_in(client, email)  # and the account signs in again as before
    assert is_signed_in(client)


def test_sign_out_everywhere_in_thai(app, client, make_user):
    sign_in(client, make_user("checkin"), language="th")
    client.set_cookie("showcase_lang", "th")
    form = RenderedForm.get(client, "/manage/", form="sign-out-everywhere", language="th")
    form.submit("ออกจากระบบทุกที่")
    page = client.get("/manage/login", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert "คุณออกจากระบบแล้วบน 1 เบราว์เซอร์" in page
    assert not is_signed_in(client)


def test_a_new_password_or_deactivation_ends_the_accounts_sessions(app, client, login):
    from showcase.accounts.services import get_user_by_email, reset_password, update_user
    from showcase.extensions import db

    admin = app.test_client()
    admin_email = login("admin", target=admin)
    organiser_email = login("organiser")
    thief = copy_of_session(client, app)
    with app.app_context():
        reset_password(get_user_by_email(organiser_email))
        db.session.commit()
    assert not is_signed_in(client) and not is_signed_in(thief)

    reviewer = app.test_client()
    reviewer_email = login("reviewer", target=reviewer)
    with app.app_context():
        user = get_user_by_email(reviewer_email)
        update_user(
            user,
            name="",
            role=user.role,
            active=False,
            acting=get_user_by_email(admin_email),
        )
        db.session.commit()
    assert not is_signed_in(reviewer)
    assert is_signed_in(admin)


def test_a_session_ends_on_the_server_when_its_time_is_up(app, client, make_user):
    from datetime import timedelta

    from showcase.accounts.models import UserSession
    from showcase.core.db import utcnow
    from showcase.extensions import db

    sign_in(client, make_user("organiser"))
    with app.app_context():
        [row] = db.session.scalars(db.select(UserSession)).all()
        assert row.expires_at - row.created_at == timedelta(hours=12)
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert not is_signed_in(client)
