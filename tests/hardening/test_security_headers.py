"""Security headers on every response the URL map can produce, session cookie flags in
production, and no open redirect through any ``next`` parameter.

Routes are read from the URL map and their arguments filled from the hardening world
(``world.py``), so a new public page is covered without an entry; a ``next`` parameter on a new
route gets one line in ``NEXT_PARAMETER_ROUTES``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from config import ProductionConfig
from showcase import create_app
from showcase.extensions import db
from tests.hardening.world import build_url

# The stored HTML of an email, shown in a sandboxed frame of the outbox page: its own stricter
# policy (nothing may load or run; the email's inline styles apply), framed by this site only.
EMAIL_FRAME_ENDPOINTS = {"mail_manage.body_html", "announcements_manage.preview_html"}


def directives_of(response) -> dict[str, str]:
    csp = response.headers.get("Content-Security-Policy", "")
    return {part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()}


def check_email_frame_headers(response, where: str) -> None:
    directives = directives_of(response)
    assert directives["default-src"] == "default-src 'none'", where
    assert "script-src" not in directives, where
    assert directives["sandbox"] == "sandbox", where
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN", where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where


def check_headers(response, where: str, production: bool = False) -> None:
    headers = response.headers
    directives = directives_of(response)
    assert "script-src" in directives, where
    assert "'unsafe-inline'" not in directives["script-src"], where
    assert "'unsafe-eval'" not in directives["script-src"], where
    assert "'unsafe-inline'" not in directives.get("style-src", ""), where
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", where
    assert directives.get("object-src") == "object-src 'none'", where
    assert directives.get("base-uri") == "base-uri 'self'", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in ("strict-origin-when-cross-origin", "no-referrer")
    assert headers.get("X-Frame-Options") == "DENY", where
    if production:
        assert headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"), where
    else:
        assert "Strict-Transport-Security" not in headers, where


def get_routes(app, manage: bool):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith("/manage/") != manage:
            continue
        yield rule


def test_every_public_get_route_sends_the_security_headers(app, client, world):
    seen = 0
    for rule in get_routes(app, manage=False):
        url = build_url(app, world, rule)
        response = client.get(url)
        response.close()
        assert response.status_code < 500, url
        check_headers(response, url)
        seen += 1
    assert seen >= 15
    for url in ["/nosuch/", "/wscs2027/nosuch", "/healthz?x=<script>"]:
        check_headers(client.get(url), url)
    wrong_method = client.delete("/healthz")
    assert wrong_method.status_code == 405
    assert set(wrong_method.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    check_headers(wrong_method, "405")
    client.set_cookie("showcase_lang", "en")  # the URL map's /lang/th switched it to Thai
    wrong_method = client.put(f"/{world.event}/booths/apply")
    assert wrong_method.status_code == 405
    assert "cannot be used in that way" in wrong_method.get_data(as_text=True)


def test_every_organiser_page_sends_the_headers_and_is_never_cached(app, client, world, login):
    login("admin")
    for rule in get_routes(app, manage=True):
        url = build_url(app, world, rule)
        response = client.get(url)
        if rule.endpoint in EMAIL_FRAME_ENDPOINTS:
            check_email_frame_headers(response, url)
        else:
            check_headers(response, url)
        assert response.headers["Cache-Control"] == "no-store", url


@pytest.fixture
def production_app(tmp_path):
    app = create_app(
        ProductionConfig,
        {
            "SECRET_KEY": "p" * 48,
            "DATA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}",
            "RATELIMIT_ENABLED": False,
        },
    )
    with app.app_context():
        db.create_all()
        from showcase.accounts.services import create_user

        create_user("admin@showcase.example", "admin", "correct-horse-1")
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def cookie_flags(set_cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}


def test_production_sends_hsts_and_secure_httponly_lax_cookies(production_app):
    client = production_app.test_client()
    page = client.get("/manage/login", base_url="https://showcase.example")
    check_headers(page, "/manage/login", production=True)
    check_headers(client.get("/healthz"), "/healthz", production=True)
    session_cookie = page.headers["Set-Cookie"]
    assert session_cookie.startswith("session=")
    assert {"secure", "httponly", "samesite"} <= cookie_flags(session_cookie)
    assert "SameSite=Lax" in session_cookie
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(True))
    signed_in = client.post(
        "/manage/login",
        base_url="https://showcase.example",
        data={
            "email": "admin@showcase.example",
            "password": "correct-horse-1",
            "csrf_token": token.group(1),
        },
        headers={"Referer": "https://showcase.example/manage/login"},
    )
    assert signed_in.status_code == 303, signed_in.get_data(True)
    for cookie in signed_in.headers.getlist("Set-Cookie"):
        assert {"secure", "httponly", "samesite"} <= cookie_flags(cookie), cookie
    language = client.get("/lang/th", base_url="https://showcase.example")
    cookie = language.headers["Set-Cookie"]
    assert cookie.startswith("showcase_lang=th")
    assert {"secure", "httponly", "samesite"} <= cookie_flags(cookie)


def test_development_cookies_are_httponly_and_lax_but_not_secure(client):
    cookie = client.get("/lang/th").headers["Set-Cookie"]
    flags = cookie_flags(cookie)
    assert {"httponly", "samesite"} <= flags and "secure" not in flags


# Open redirects -------------------------------------------------------------------------------

HOSTILE_NEXT = [
    "https://evil.example/",
    "http:evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
    "/%0d%0aSet-Cookie:x=1",
    "https:/evil.example",
    "evil.example",
    "/" + "a" * 3000,
]

# Routes that follow a ``next`` parameter: (description, how to call with ``next``).
NEXT_PARAMETER_ROUTES = {
    "language switch": lambda client, target: client.get("/lang/th", query_string={"next": target}),
    "sign-in page when signed in": lambda client, target: (
        client.post(
            "/manage/login", data={"email": "next@showcase.example", "password": "correct-horse-1"}
        )
        and client.get("/manage/login", query_string={"next": target})
    ),
    "sign-in": lambda client, target: client.post(
        "/manage/login",
        query_string={"next": target},
        data={"email": "next@showcase.example", "password": "correct-horse-1"},
    ),
}


def browser_would_leave(location: str) -> bool:
    """Would a browser following this Location header leave the site?"""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").strip()
    parts = urlsplit(cleaned)
    return bool(parts.scheme or parts.netloc or cleaned.startswith("//"))


def assert_stays_on_site(response, where: str) -> None:
    assert response.status_code in (301, 302, 303), where
    location = response.headers["Location"]
    assert not browser_would_leave(location), (where, location)
    assert "\r" not in location and "\n" not in location


@pytest.fixture
def next_client(app, client, make_user):
    make_user("admin", email="next@showcase.example")
    return client


@pytest.mark.parametrize("name", NEXT_PARAMETER_ROUTES)
def test_no_open_redirect_through_next(next_client, name):
    call = NEXT_PARAMETER_ROUTES[name]
    for target in HOSTILE_NEXT:
        response = call(next_client, target)
        assert_stays_on_site(response, f"{name}: {target!r}")
    # And a path on the site is followed.
    response = call(next_client, "/manage/users/")
    assert response.headers["Location"] == "/manage/users/"


@given(target=st.one_of(st.text(), st.from_regex(r"\A[/\\ \t]{0,3}[a-z:/\\.%0-9@]{0,30}\Z")))
def test_no_open_redirect_for_any_next(next_client, target):
    control = any(ord(c) < 32 and c not in "\t\r\n" for c in target)
    for name, call in NEXT_PARAMETER_ROUTES.items():
        response = call(next_client, target)
        if control:  # refused before any view runs: nothing to follow at all
            assert response.status_code == 400, f"{name}: {target!r}"
            continue
        assert_stays_on_site(response, f"{name}: {target!r}")
