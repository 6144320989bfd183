"""A forgotten password: the same answer whether or not the address has an account, a link by
email (through the real SMTP server) that works once and for a short time, every browser
signed out, and the owner told. Also: the owner's list of signed-in browsers, and the notice of
a sign-in from a browser new to the account."""

from __future__ import annotations

import re
from datetime import timedelta

from showcase.accounts.models import PasswordReset, User, UserSession
from showcase.core.db import unit_of_work, utcnow
from showcase.extensions import db
from tests import factories
from tests.forms import RenderedForm, page_errors
from tests.helpers import use_smtp

ASKED = "If an organiser account has this address, a link to set a new password is on its way."


def ask_for_link(client, email: str, language: str = "en"):
    form = RenderedForm.get(client, "/manage/login/forgot", language=language)
    label = "Email of your organiser account" if language == "en" else "อีเมลของบัญชีผู้จัดงาน"
    response = form.fill(label, email).submit()
    assert response.status_code == 303 and response.headers["Location"] == "/manage/login"
    return client.get("/manage/login", headers={"Accept-Language": language})


def test_a_forgotten_password_is_reset_by_a_link_that_works_once(ctx, client, smtp_server, deliver):
    use_smtp(ctx, smtp_server.port)
    chief = factories.user("admin", email="chief@depa.example")
    desk = ctx.test_client()
    factories.sign_in(desk, chief)

    known = ask_for_link(client, "Chief@depa.example").get_data(as_text=True)
    unknown = ask_for_link(ctx.test_client(), "nobody@depa.example").get_data(as_text=True)
    assert ASKED in known and ASKED in unknown

    assert deliver().sent == 1
    [message] = smtp_server.wait_for(1)
    assert message["To"].addresses[0].addr_spec == "chief@depa.example"
    assert message["Subject"] == "Set a new password for your Showcase account"
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"http://showcase\.test(/manage/login/reset/\S+)", text).group(1)
    assert "within 30 minutes" in text

    form = RenderedForm.get(client, link)
    short = form.fill("New password", "short").fill("New password again", "short").submit()
    assert short.status_code == 400
    form = RenderedForm.get(client, link)
    done = form.fill("New password", "a-new-long-one").fill("New password again", "a-new-long-one")
    answer = done.submit()
    assert answer.status_code == 303 and answer.headers["Location"] == "/manage/login"

    # The browser signed in before is signed out; the new password works, the old one not.
    assert desk.get("/manage/").status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(UserSession)) == 0
    assert (
        client.post(
            "/manage/login", data={"email": chief.email, "password": factories.PASSWORD}
        ).status_code
        == 401
    )
    factories.sign_in(client, chief, password="a-new-long-one")
    # The link worked once.
    again = ctx.test_client().get(link)
    assert again.status_code == 410
    assert "not valid any more" in again.get_data(as_text=True)
    # And the owner is told.
    assert deliver().sent >= 1
    subjects = [m["Subject"] for m in smtp_server.wait_for(2)]
    assert "Security notice for your Showcase account" in subjects


def test_an_expired_or_made_up_reset_link_offers_a_new_one(ctx, client):
    chief = factories.user("admin")
    from showcase.core.tokens import new_secret

    secret, digest = new_secret()
    with unit_of_work():
        db.session.add(
            PasswordReset(
                user_id=chief.id,
                token_hash=digest,
                created_at=utcnow() - timedelta(hours=1),
                expires_at=utcnow() - timedelta(minutes=30),
            )
        )
    for url in (
        f"/manage/login/reset/{secret}",
        "/manage/login/reset/made-up",
        "/manage/login/reset/" + "A" * 43,
    ):
        response = client.get(url)
        assert response.status_code == 410, url
        assert "Ask for a new link" in response.get_data(as_text=True)
        posted = client.post(url, data={"new_password": "x" * 12, "confirm": "x" * 12})
        assert posted.status_code == 410
    assert db.session.get(User, chief.id).check_password(factories.PASSWORD)


def test_the_forgotten_password_page_speaks_thai_and_shows_its_problems(client, ctx):
    form = RenderedForm.get(client, "/manage/login/forgot", language="th")
    response = form.submit()
    assert response.status_code == 400
    assert list(page_errors(response)) == ["อีเมลของบัญชีผู้จัดงาน"]
    thai = ask_for_link(client, "chief@depa.example", language="th").get_data(as_text=True)
    assert "ลิงก์" in thai


def test_the_owner_sees_their_browsers_and_ends_the_others(ctx):
    chief = factories.user("admin")
    laptop, phone, tablet = (ctx.test_client() for _ in range(3))
    factories.sign_in(laptop, chief)
    phone.post(
        "/manage/login",
        data={"email": chief.email, "password": factories.PASSWORD},
        headers={
            "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 "
            "Mobile Safari/537.36"
        },
    )
    factories.sign_in(tablet, chief)

    page = laptop.get("/manage/account/sessions").get_data(as_text=True)
    assert page.count("<tr>") == 4  # the heading and three browsers
    assert "Chrome on Android" in page and page.count("This browser") == 1
    phone_session = db.session.scalars(
        db.select(UserSession).where(UserSession.user_agent.like("%Android%"))
    ).one()
    ended = laptop.post(f"/manage/account/sessions/{phone_session.id}/end")
    assert ended.status_code == 303
    assert phone.get("/manage/").status_code == 302
    assert tablet.get("/manage/").status_code == 200
    assert laptop.post("/manage/account/sessions/end-others").status_code == 303
    assert tablet.get("/manage/").status_code == 302
    assert laptop.get("/manage/").status_code == 200
    # Nobody ends another account's sign-in by its number.
    other = factories.user("organiser")
    stranger = ctx.test_client()
    factories.sign_in(stranger, other)
    mine = db.session.scalars(
        db.select(UserSession.id).where(UserSession.user_id == chief.id)
    ).one()
    stranger.post(f"/manage/account/sessions/{mine}/end")
    assert laptop.get("/manage/").status_code == 200


def test_a_sign_in_from_a_browser_new_to_the_account_is_notified(ctx):
    chief = factories.user("admin")

    def notices() -> list[str]:
        from showcase.mail.models import OutboxMessage

        return db.session.scalars(
            db.select(OutboxMessage.body_text).where(
                OutboxMessage.recipient == chief.email,
                OutboxMessage.subject == "Security notice for your Showcase account",
            )
        ).all()

    desk = ctx.test_client()
    factories.sign_in(desk, chief)  # the account's first sign-in: nothing to tell
    assert notices() == []
    desk.post("/manage/logout")
    factories.sign_in(desk, chief)  # the same browser again
    assert notices() == []
    factories.sign_in(ctx.test_client(), chief)
    [notice] = notices()
    assert "signed in to from a browser it had not been used with before" in notice
