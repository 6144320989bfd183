"""Large bodies from strangers cost nothing (finding 4 of issue 11): every route takes a small
body unless it takes an upload, a form has a bounded number of fields, a body over its limit is
refused with 413 before it is parsed, and every POST of a signed-out visitor counts against one
rate limit per address."""

from __future__ import annotations

import io

import pytest
from werkzeug import formparser
from werkzeug.test import encode_multipart

from config import Config
from tests.helpers import make_app


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Records every form body Werkzeug parses."""
    calls: list[str] = []
    original = formparser.FormDataParser.parse

    def parse(self, stream, mimetype, content_length, options=None):
        calls.append(mimetype)
        return original(self, stream, mimetype, content_length, options)

    monkeypatch.setattr(formparser.FormDataParser, "parse", parse)
    return calls


def many_fields(count: int) -> bytes:
    return b"&".join(b"f%d=1" % index for index in range(count))


def test_800000_fields_to_logout_answer_413_unparsed(client, parsed):
    body = many_fields(800_000)
    assert len(body) > 7_000_000
    client.set_cookie("showcase_lang", "th")
    response = client.post(
        "/manage/logout", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "ใหญ่" in response.get_data(as_text=True)  # the 413 page, in the reader's language
    assert parsed == []


def test_too_many_small_fields_answer_413_unparsed(client, parsed):
    body = many_fields(Config.MAX_FORM_PARTS + 1)
    assert len(body) < Config.MAX_FORM_MEMORY_SIZE
    response = client.post(
        "/manage/login", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert parsed == []


def test_too_many_multipart_parts_answer_413(client):
    fields = {f"f{index}": "1" for index in range(Config.MAX_FORM_PARTS + 1)}
    boundary, body = encode_multipart(fields)
    assert len(body) < Config.MAX_BODY_LENGTH
    response = client.post(
        "/manage/login", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413


def test_a_large_text_field_answers_413(client):
    boundary, body = encode_multipart({"email": "a" * (Config.MAX_FORM_MEMORY_SIZE + 1)})
    response = client.post(
        "/manage/login", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413


def test_uploads_may_be_larger_than_other_bodies(app, client, world):
    """A 1.5 MB logo reaches the booth application (and is judged as an image there), while the
    same body to a route without uploads is refused unread."""
    from werkzeug.datastructures import FileStorage

    from tests.hardening.hostile import application_base

    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (Config.MAX_BODY_LENGTH + 500_000)
    data = {
        **application_base(world),
        "logo": FileStorage(io.BytesIO(big), "logo.png", content_type="image/png"),
    }
    boundary, body = encode_multipart(data)
    kind = f"multipart/form-data; boundary={boundary}"
    response = client.post(f"/{world.event}/booths/apply", data=body, content_type=kind)
    assert response.status_code == 400  # read, and refused as an image that cannot be read
    assert "This file is not an image that can be read." in response.get_data(as_text=True)
    response = client.post(f"/{world.event}/register/resend", data=body, content_type=kind)
    assert response.status_code == 413


def test_every_upload_endpoint_exists(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(app.config["UPLOAD_ENDPOINTS"]) <= endpoints


def test_every_post_of_a_signed_out_visitor_is_rate_limited(tmp_path):
    """Routes without a limit of their own (sign-out here) limit a signed-out visitor's POSTs;
    pages are not counted, and neither are the POSTs of someone signed in."""
    app = make_app(
        f"sqlite:///{tmp_path / 'limits.db'}",
        RATELIMIT_ENABLED=True,
        UNAUTHENTICATED_POSTS_PER_ADDRESS="5 per minute",
        RATELIMIT_KEY_PREFIX="unauthenticated-test",
    )
    from showcase.accounts.services import create_user
    from showcase.extensions import db

    with app.app_context():
        db.create_all()
        create_user("organiser@limits.example", "organiser", "correct-horse-1", name="O")
        db.session.commit()
    stranger = app.test_client()
    answers = [stranger.post("/manage/logout").status_code for _ in range(5)]
    assert 429 not in answers
    assert stranger.post("/manage/logout").status_code == 429
    assert stranger.get("/manage/login").status_code == 200  # pages are not counted
    organiser = app.test_client()
    organiser.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    for _ in range(6):
        signed_in = organiser.post(
            "/manage/login",
            data={"email": "organiser@limits.example", "password": "correct-horse-1"},
        )
        assert signed_in.status_code == 303
        assert organiser.post("/manage/logout").status_code != 429  # signed in: not counted
