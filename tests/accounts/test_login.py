"""Signing in and out, and what a wrong password, an unknown email or a bad cookie get."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from itsdangerous import URLSafeTimedSerializer

from tests.helpers import make_app


def test_login_with_right_password_opens_the_organiser_area(client, make_user, event):
    email = make_user("organiser")
    response = client.post("/manage/login", data={"email": email, "password": "correct-horse-1"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/manage/"
    page = client.get("/manage/", follow_redirects=True)
    assert page.status_code == 200
    assert "Dashboard" in page.get_data(as_text=True)


def test_login_email_is_case_insensitive(client, make_user):
    email = make_user("admin")
    response = client.post(
        "/manage/login", data={"email": email.upper(), "password": "correct-horse-1"}
    )
    assert response.status_code == 303


@pytest.mark.parametrize(
    "email,password",
    [("known", "wrong-password"), ("nobody@showcase.example", "correct-horse-1")],
)
def test_login_failure_says_the_same_for_wrong_password_and_unknown_email(
    client, make_user, email, password
):
    known = make_user("admin")
    response = client.post(
        "/manage/login", data={"email": known if email == "known" else email, "password": password}
    )
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "The email or password is not correct." in body
    assert client.get("/manage/").status_code == 302


def test_login_failure_in_thai(client, make_user):
    client.set_cookie("showcase_lang", "th")
    response = client.post("/manage/login", data={"email": make_user(), "password": "nope-nope"})
    assert response.status_code == 401
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)


def test_login_with_missing_fields_is_400(client):
    response = client.post("/manage/login", data={"email": ""})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(app, client, make_user):
    from showcase.accounts.services import get_user_by_email
    from showcase.extensions import db

    email = make_user("organiser")
    with app.app_context():
        get_user_by_email(email).active = False
        db.session.commit()
    response = client.post("/manage/login", data={"email": email, "password": "correct-horse-1"})
    assert response.status_code == 401


def test_login_next_parameter_stays_on_this_site(client, make_user):
    email = make_user("admin")
    for target in ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]:
        client.post("/manage/logout")
        response = client.post(
            "/manage/login",
            query_string={"next": target},
            data={"email": email, "password": "correct-horse-1"},
        )
        assert response.headers["Location"] == "/manage/", target
    client.post("/manage/logout")
    response = client.post(
        "/manage/login",
        query_string={"next": "/manage/users/"},
        data={"email": email, "password": "correct-horse-1"},
    )
    assert response.headers["Location"] == "/manage/users/"


def test_logout_signs_out(client, login):
    login("admin")
    assert client.get("/manage/").status_code == 200
    response = client.post("/manage/logout")
    assert response.status_code == 303
    assert client.get("/manage/").status_code == 302


def test_tampered_session_cookie_asks_to_sign_in_again(client, login):
    login("admin")
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-4] + "AAAA")
    response = client.get("/manage/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/manage/login")
    page = client.get(response.headers["Location"])
    assert "Your session has expired. Please sign in again." in page.get_data(as_text=True)


def test_expired_session_asks_to_sign_in_again(app, client, login):
    login("admin")
    with client.session_transaction() as data:
        payload = dict(data)
    # A cookie signed 13 hours ago, past the 12-hour session lifetime.
    serializer = app.session_interface.get_signing_serializer(app)
    import time
    from unittest import mock

    with mock.patch("itsdangerous.timed.time.time", return_value=time.time() - 13 * 3600):
        old_cookie = serializer.dumps(payload)
    client.set_cookie("session", old_cookie)
    response = client.get("/manage/", follow_redirects=True)
    assert "Your session has expired. Please sign in again." in response.get_data(as_text=True)
    assert isinstance(serializer, URLSafeTimedSerializer)


def test_password_change_signs_out_other_sessions(app, client, login):
    email = login("organiser")
    other = app.test_client()
    assert (
        other.post(
            "/manage/login", data={"email": email, "password": "correct-horse-1"}
        ).status_code
        == 303
    )
    response = client.post(
        "/manage/account/password",
        data={
            "current_password": "correct-horse-1",
            "new_password": "a-new-long-password",
            "confirm": "a-new-long-password",
        },
    )
    assert response.status_code == 303
    assert client.get("/manage/").status_code == 200
    assert other.get("/manage/").status_code == 302


def test_login_is_rate_limited(tmp_path, make_user):
    app = make_app(f"sqlite:///{tmp_path / 'limited.db'}", RATELIMIT_ENABLED=True)
    from showcase.extensions import db

    with app.app_context():
        db.create_all()
    client = app.test_client()
    # A different account each time: the limit per account (test_login_throttle.py) stays out.
    statuses = [
        client.post(
            "/manage/login", data={"email": f"x{n}@showcase.example", "password": "wrong-one"}
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    limited = client.post("/manage/login", data={"email": "x@showcase.example", "password": "x"})
    assert "You have tried this too many times" in limited.get_data(as_text=True)
    assert limited.headers.get("Retry-After")
    # Looking at the page is not limited.
    assert client.get("/manage/login").status_code == 200


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    email = make_user("admin")
    response = client.post("/manage/login", data={"email": email, "password": "correct-horse-1"})
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie  # development and tests run on plain http


def test_production_session_cookie_is_secure(tmp_path):
    from config import ProductionConfig
    from showcase import create_app

    app = create_app(
        ProductionConfig,
        {
            "SECRET_KEY": "x" * 40,
            "DATA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        },
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def eleven_failed_logins_over_two_processes(tmp_path, app_process, redis_url=None):
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request
    import uuid

    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}",
        "REDIS_URL": redis_url or "",
        "RATELIMIT_KEY_PREFIX": f"showcase-test-{uuid.uuid4().hex[:8]}",
    }
    servers = [app_process(env), app_process(env)]
    # One browser talking to both servers: the session cookie carries the CSRF secret.
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(servers[0] + "/manage/login", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    statuses = []
    for attempt in range(11):
        # A different account each time: only the limit per address is at work here.
        body = urllib.parse.urlencode(
            {"email": f"x{attempt}@showcase.example", "password": "nope", "csrf_token": token}
        ).encode()
        try:
            with opener.open(servers[attempt % 2] + "/manage/login", data=body, timeout=10) as r:
                statuses.append(r.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    return statuses


@pytest.mark.redis
def test_login_limit_is_shared_by_two_app_processes_through_redis(tmp_path, redis_url, app_process):
    statuses = eleven_failed_logins_over_two_processes(tmp_path, app_process, redis_url)
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429


def test_login_limit_without_redis_is_counted_per_process(tmp_path, app_process):
    # The control for the test above: in-memory counters are each process's own.
    statuses = eleven_failed_logins_over_two_processes(tmp_path, app_process)
    assert statuses == [401] * 11
