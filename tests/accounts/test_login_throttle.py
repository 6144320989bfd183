"""Password guessing spread over many addresses is slowed down per account, the owner is told,
and a stranger cannot use it to lock the owner out of a browser they signed in with before."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest

from showcase.extensions import db
from tests.forms import RenderedForm, page_errors
from tests.helpers import make_app, use_smtp

WAIT_MESSAGE = "There have been too many unsuccessful attempts to sign in to this account."


@pytest.fixture
def limited_app(tmp_path):
    """The app with its rate limits on, as in production."""
    app = make_app(f"sqlite:///{tmp_path / 'throttle.db'}", RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def owner(app, language: str = "en") -> str:
    from showcase.accounts.services import create_user

    with app.app_context():
        user = create_user("chief@depa.example", "admin", "correct-horse-1", name="Chief")
        user.language = language
        db.session.commit()
    return "chief@depa.example"


def attempt(client, email: str, password: str, address: str, language: str = "en"):
    environ = {"REMOTE_ADDR": address}
    form = RenderedForm.get(client, "/manage/login", language=language)
    labels = ("Email", "Password") if language == "en" else ("อีเมล", "รหัสผ่าน")
    form.fill(labels[0], email).fill(labels[1], password)
    return form.submit(environ_base=environ)


def test_guesses_from_six_addresses_leave_the_right_password_from_a_seventh_waiting(
    limited_app, smtp_server
):
    email = owner(limited_app)
    statuses = []
    for address in range(6):
        client = limited_app.test_client()
        for _ in range(9):
            response = attempt(client, email, "wrong-guess", f"198.51.100.{address}")
            statuses.append(response.status_code)
    # Five wrong passwords are checked; from then on the account waits and none is checked.
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}

    stranger = limited_app.test_client()
    response = attempt(stranger, email, "correct-horse-1", "192.0.2.77")

    assert response.status_code == 429
    assert response.headers["Retry-After"]  # the later of this wait and the address's limit
    [error] = page_errors(response)["Password"]
    assert error.startswith(WAIT_MESSAGE)
    seconds = int(re.search(r"Try again in (\d+) seconds\.$", error).group(1))
    assert 0 < seconds <= 30
    assert stranger.get("/manage/").status_code == 302  # not signed in

    # The owner is told, once, in their language.
    use_smtp(limited_app, smtp_server.port)
    from showcase.mail.worker import work

    with limited_app.app_context():
        assert work(once=True).sent == 1
    [notice] = smtp_server.wait_for(1)
    assert notice["To"].addresses[0].addr_spec == email
    assert notice["Subject"] == "Unsuccessful sign-ins to your Showcase account"
    text = notice.get_body(("plain",)).get_content()
    assert "had tried 5 times within a day" in text and "/manage/account/password" in text


def test_the_wait_grows_with_each_failure_and_the_right_password_works_after_it(limited_app):
    limited_app.config.update(
        LOGIN_FREE_FAILURES=2, LOGIN_DELAY_SECONDS=1, LOGIN_MAX_DELAY_SECONDS=2
    )
    email = owner(limited_app)
    client = limited_app.test_client()
    assert [attempt(client, email, "nope", "198.51.100.1").status_code for _ in range(2)] == [
        401,
        401,
    ]
    assert attempt(client, email, "correct-horse-1", "198.51.100.2").status_code == 429
    time.sleep(1.1)
    assert attempt(client, email, "still-wrong", "198.51.100.3").status_code == 401
    # The third failure doubles the wait: the right password one second later still waits.
    time.sleep(1.1)
    assert attempt(client, email, "correct-horse-1", "198.51.100.4").status_code == 429
    time.sleep(1.0)
    signed_in = attempt(client, email, "correct-horse-1", "198.51.100.4")
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/manage/"
    # Signing in after waiting clears the account's failures.
    client.post("/manage/logout")
    assert attempt(client, email, "nope", "198.51.100.5").status_code == 401


def test_a_browser_that_signed_in_before_does_not_wait(limited_app):
    email = owner(limited_app)
    desk = limited_app.test_client()
    assert attempt(desk, email, "correct-horse-1", "203.0.113.10").status_code == 303
    desk.post("/manage/logout")

    attacker = limited_app.test_client()
    for number in range(8):
        attempt(attacker, email, "guess", f"198.51.100.{number}")
    assert attempt(attacker, email, "correct-horse-1", "198.51.100.99").status_code == 429

    # The owner's own browser signs in at once, while strangers still wait.
    assert attempt(desk, email, "correct-horse-1", "203.0.113.10").status_code == 303
    other = limited_app.test_client()
    assert attempt(other, email, "correct-horse-1", "192.0.2.1").status_code == 429
    # The known browser's cookie is its own: copied to a stranger's client it still is, but
    # its own five failures withdraw the trust.
    desk.post("/manage/logout")
    for _ in range(5):
        assert attempt(desk, email, "typo", "203.0.113.10").status_code == 401
    assert attempt(desk, email, "correct-horse-1", "203.0.113.10").status_code == 429


def test_an_unknown_email_waits_the_same_way_and_nobody_is_emailed(limited_app):
    client = limited_app.test_client()
    statuses = [
        attempt(client, "nobody@depa.example", "guess", f"198.51.100.{n}").status_code
        for n in range(7)
    ]
    assert statuses == [401] * 5 + [429] * 2
    from showcase.mail.models import OutboxMessage
    from showcase.mail.requests import resolve_requests

    with limited_app.app_context():
        assert resolve_requests() == 1  # the notice request is resolved: nobody to tell
        assert db.session.scalars(db.select(OutboxMessage)).all() == []


def test_the_wait_and_the_notice_are_in_thai_for_a_thai_owner(limited_app, smtp_server):
    email = owner(limited_app, language="th")
    client = limited_app.test_client()
    for n in range(5):
        attempt(client, email, "guess", f"198.51.100.{n}", language="th")
    response = attempt(client, email, "correct-horse-1", "192.0.2.8", language="th")
    assert response.status_code == 429
    [error] = page_errors(response)["รหัสผ่าน"]
    assert "มีการพยายามเข้าสู่ระบบบัญชีนี้ไม่สำเร็จหลายครั้งเกินไป" in error
    assert "วินาที" in error

    use_smtp(limited_app, smtp_server.port)
    from showcase.mail.worker import work

    with limited_app.app_context():
        assert work(once=True).sent == 1
    [notice] = smtp_server.wait_for(1)
    assert notice["Subject"] == "มีการพยายามเข้าสู่ระบบบัญชี Showcase ของคุณไม่สำเร็จ"
    assert notice["Content-Language"] == "th"
    text = notice.get_body(("plain",)).get_content()
    assert "5 ครั้งภายในหนึ่งวัน" in text
    assert str(datetime.now(UTC).year + 543) in text  # the Buddhist era


@pytest.mark.redis
def test_the_failures_of_one_account_are_counted_by_every_app_server(
    tmp_path, redis_url, app_process
):
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request
    import uuid

    database = f"sqlite:///{tmp_path / 'shared.db'}"
    env = {
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "RATELIMIT_KEY_PREFIX": f"showcase-test-{uuid.uuid4().hex[:8]}",
    }
    servers = [app_process(env), app_process(env)]
    setup = make_app(database)
    email = owner(setup)
    with setup.app_context():
        db.engine.dispose()

    def post(server: str, password: str) -> int:
        jar = http.cookiejar.CookieJar()  # a new browser each time
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(server + "/manage/login", timeout=10) as response:
            page = response.read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"email": email, "password": password, "csrf_token": token}
        ).encode()
        try:
            with opener.open(server + "/manage/login", data=body, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    failures = [post(servers[n % 2], "wrong-guess") for n in range(5)]
    assert failures == [401] * 5
    # The fifth failure (counted by both servers together) makes the account wait on either.
    assert post(servers[1], "correct-horse-1") == 429
    assert post(servers[0], "correct-horse-1") == 429
