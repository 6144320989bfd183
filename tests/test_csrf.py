"""With CSRF protection on, as in production: a POST without the token is refused."""

from __future__ import annotations

import re

import pytest

from showcase.extensions import db
from tests.helpers import make_app


@pytest.fixture
def csrf_app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'csrf.db'}", WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        from showcase.accounts.services import create_user

        create_user("admin@showcase.example", "admin", "correct-horse-1")
        db.session.commit()
    return app


def token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def test_post_without_csrf_token_is_refused_with_a_clear_message(csrf_app):
    client = csrf_app.test_client()
    client.get("/manage/login")
    response = client.post(
        "/manage/login", data={"email": "admin@showcase.example", "password": "correct-horse-1"}
    )
    assert response.status_code == 400
    assert "This form has expired or was not sent from this site" in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_post_with_csrf_token_succeeds(csrf_app):
    client = csrf_app.test_client()
    token = token_from(client.get("/manage/login").get_data(as_text=True))
    response = client.post(
        "/manage/login",
        data={
            "email": "admin@showcase.example",
            "password": "correct-horse-1",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    assert client.get("/manage/").status_code == 200


def test_json_post_needs_the_token_in_a_header(csrf_app):
    client = csrf_app.test_client()
    token = token_from(client.get("/manage/login").get_data(as_text=True))
    client.post(
        "/manage/login",
        data={
            "email": "admin@showcase.example",
            "password": "correct-horse-1",
            "csrf_token": token,
        },
    )
    page = client.get("/manage/").get_data(as_text=True)
    token = token_from(page)
    refused = client.post("/manage/logout", json={})
    assert refused.status_code == 400
    assert refused.is_json
    accepted = client.post("/manage/logout", json={}, headers={"X-CSRFToken": token})
    assert accepted.status_code == 303


def test_csrf_refusal_in_thai(csrf_app):
    client = csrf_app.test_client()
    client.set_cookie("showcase_lang", "th")
    response = client.post("/manage/login", data={"email": "a@b.example", "password": "x"})
    assert response.status_code == 400
    assert "แบบฟอร์มนี้หมดอายุ" in response.get_data(as_text=True)


def test_every_post_route_refuses_a_post_without_the_token(csrf_app):
    """Generated from the URL map: a new form route is covered the day it is added."""
    from tests.hardening.world import build_url, build_world

    world = build_world(csrf_app)
    client = csrf_app.test_client()
    token = token_from(client.get("/manage/login").get_data(as_text=True))
    client.post(
        "/manage/login",
        data={
            "email": "admin@showcase.example",
            "password": "correct-horse-1",
            "csrf_token": token,
        },
    )
    checked, exempt = [], []
    for rule in csrf_app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = build_url(csrf_app, world, rule)
        if csrf_exempt(csrf_app, rule.endpoint):
            exempt.append(rule.endpoint)
            continue
        for headers in ({}, {"Content-Type": "application/json"}):
            response = client.post(url, data="{}" if headers else {"x": "1"}, headers=headers)
            assert response.status_code == 400, (url, response.status_code)
            if not headers:
                assert "not sent from this site" in response.get_data(as_text=True), url
        checked.append(rule.endpoint)
    assert len(checked) >= 25
    # Only the one-click unsubscribe of RFC 8058 goes without the token (mail programs post it
    # with no session); its signed link is what it checks instead.
    assert exempt == ["announcements.unsubscribe_page"]
    assert client.get("/manage/").status_code == 200  # still signed in: nothing was logged out


def csrf_exempt(app, endpoint: str) -> bool:
    view = app.view_functions[endpoint]
    return f"{view.__module__}.{view.__name__}" in app.extensions["csrf"]._exempt_views


def test_a_public_form_posted_as_rendered_carries_its_token_and_succeeds(csrf_app):
    """The rendered-form helper posts the token the page holds, as a browser does: with CSRF on,
    a delegate's registration goes through, and the same form without its token is refused."""
    from tests import factories
    from tests.forms import RenderedForm

    with csrf_app.app_context():
        event = factories.event()
        factories.city("Phuket", "ภูเก็ต")
        factories.registration_category(event, "visitor", name_en="Visitor")
        acronym = event.acronym
    client = csrf_app.test_client()
    form = RenderedForm.get(client, f"/{acronym}/register")
    assert form.payload().get("csrf_token"), "the page holds no token"
    form.fill("Full name", "Kanya Srisuk").fill("Email", "kanya@phuket.example")
    form.choose("City", "Phuket").choose("Registration category", "Visitor")
    form.check("I agree that the organisers keep these details")
    assert form.submit().status_code == 303

    stale = RenderedForm.get(client, f"/{acronym}/register")
    stale.fill("Full name", "Anon").fill("Email", "anon@example.org")
    stale.choose("City", "Phuket").choose("Registration category", "Visitor")
    stale.check("I agree that the organisers keep these details")
    token = next(i for i, c in enumerate(stale.controls) if c.tag.get("name") == "csrf_token")
    stale.values[token] = ["forged"]
    assert stale.submit().status_code == 400
