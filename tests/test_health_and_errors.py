"""The health check, the front door and the error pages in both languages."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.helpers import make_app

ROOT = Path(__file__).resolve().parents[1]


def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"


def test_healthz_answers_503_quickly_when_the_database_does_not():
    # Nothing listens on port 1: the connection is refused at once.
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:1/showcase")
    client = app.test_client()
    started = time.monotonic()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
    assert time.monotonic() - started < 5


def test_pages_answer_a_clean_503_when_the_database_is_away():
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:1/showcase")
    client = app.test_client()
    response = client.get("/wscs2027/")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert "The site cannot reach its database just now." in body
    client.set_cookie("showcase_lang", "th")
    thai = client.get("/wscs2027/")
    assert thai.status_code == 503
    assert "ขณะนี้เว็บไซต์ติดต่อฐานข้อมูลไม่ได้" in thai.get_data(as_text=True)


def test_front_door_redirects_to_the_current_event(client, make_event):
    make_event("wscs2020", starts_on=__import__("datetime").date(2020, 1, 10))
    current = make_event("wscs2099", starts_on=__import__("datetime").date(2099, 1, 10))
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{current}/"


def test_front_door_without_events_leads_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/login"


@pytest.mark.parametrize(
    "lang,text",
    [("en", "Page not found"), ("th", "ไม่พบหน้านี้")],
)
def test_404_page_in_both_languages(client, lang, text):
    client.set_cookie("showcase_lang", lang)
    response = client.get("/nosuchevent/")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert text in body
    assert f'<html lang="{lang}">' in body


def test_error_pages_for_each_status_in_both_languages(app):
    from flask import abort

    @app.get("/__boom/<int:code>")
    def boom(code):
        if code == 500:
            raise RuntimeError("unexpected")
        abort(code)

    client = app.test_client()
    expected = {
        400: ("Bad request", "คำขอไม่ถูกต้อง"),
        403: ("Not allowed", "ไม่ได้รับอนุญาต"),
        404: ("Page not found", "ไม่พบหน้านี้"),
        429: ("Too many requests", "คำขอมากเกินไป"),
        500: ("Something went wrong", "เกิดข้อผิดพลาด"),
        503: ("Temporarily unavailable", "ไม่พร้อมให้บริการชั่วคราว"),
    }
    app.config["PROPAGATE_EXCEPTIONS"] = False
    for code, (english, thai) in expected.items():
        client.set_cookie("showcase_lang", "en")
        response = client.get(f"/__boom/{code}")
        assert response.status_code == code
        assert english in response.get_data(as_text=True)
        client.set_cookie("showcase_lang", "th")
        response = client.get(f"/__boom/{code}")
        assert response.status_code == code
        assert thai in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/nosuchevent/", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["status"] == 404


def test_security_headers_on_every_response(client, event):
    for url in ["/", f"/{event}/", "/healthz", "/manage/login", "/nosuch/"]:
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert client.get("/manage/login").headers["Cache-Control"] == "no-store"


def test_production_refuses_to_start_without_a_real_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["SHOWCASE_CONFIG"] = "production"
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SECRET_KEY" in lines[0]


def test_production_starts_with_a_real_secret_key_and_sends_hsts(tmp_path):
    env = {
        **os.environ,
        "SHOWCASE_CONFIG": "production",
        "SECRET_KEY": "k" * 48,
        "DATA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
    }
    code = (
        "import wsgi; c = wsgi.app.test_client(); r = c.get('/healthz'); "
        "print(r.headers['Strict-Transport-Security'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "max-age=31536000" in result.stdout
