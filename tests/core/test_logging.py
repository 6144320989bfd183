"""Structured request logs with a request id."""

from __future__ import annotations

import json
import logging

from showcase.core.logging import JsonFormatter, RequestIdFilter


def test_every_response_carries_a_request_id(client, event):
    first = client.get(f"/{event}/")
    second = client.get("/no-such-page/")
    assert len(first.headers["X-Request-ID"]) == 32
    assert second.status_code == 404
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]


def test_a_sane_incoming_request_id_is_kept_and_a_hostile_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-12345678-abcd"})
    assert kept.headers["X-Request-ID"] == "lb-12345678-abcd"
    for hostile in ['"><script>alert(1)</script>', "a" * 500, "short"]:
        replaced = client.get("/healthz", headers={"X-Request-ID": hostile})
        assert replaced.headers["X-Request-ID"] != hostile
        assert len(replaced.headers["X-Request-ID"]) == 32


def test_each_request_is_logged_once_as_json_with_its_id(client, event, caplog):
    caplog.set_level(logging.INFO, logger="showcase.request")
    response = client.get(f"/{event}/", headers={"X-Request-ID": "trace-0001-abcdef"})
    records = [r for r in caplog.records if r.name == "showcase.request"]
    assert len(records) == 1
    line = JsonFormatter().format(records[0])
    entry = json.loads(line)
    assert entry["request_id"] == "trace-0001-abcdef"
    assert entry["method"] == "GET"
    assert entry["path"] == f"/{event}/"
    assert entry["status"] == response.status_code == 200
    assert entry["duration_ms"] >= 0


def test_log_records_outside_requests_have_no_request_id():
    record = logging.LogRecord("showcase.outbox", logging.INFO, __file__, 1, "sent %s", (3,), None)
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "sent 3"
    assert "request_id" not in entry


RUN_ONE_REQUEST = """
from werkzeug._internal import _log

from config import DevelopmentConfig
from showcase import create_app

app = create_app(DevelopmentConfig, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
app.test_client().get("/healthz", headers={"X-Request-ID": "trace-once-0001"})
app.logger.warning("one warning")
# What the development server logs for each request it serves, and when it starts:
_log("info", '127.0.0.1 - - [date] "%s" %s %s', "GET / HTTP/1.1", "200", "-")
_log("info", " * Running on http://127.0.0.1:5000")
"""


def test_a_request_is_written_to_the_log_once_outside_tests(tmp_path):
    """Run as `flask run` and the worker do, with no test harness catching records: each
    record reaches standard error once, and the development server's own access line not at all.
    """
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    environment.update(LOG_FORMAT="text", LOG_LEVEL="INFO", SHOWCASE_CONFIG="development")
    result = subprocess.run(
        [sys.executable, "-c", RUN_ONE_REQUEST],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stderr.splitlines()
    assert [line for line in lines if "trace-once-0001" in line] == [
        next(line for line in lines if "trace-once-0001" in line)
    ]
    assert len([line for line in lines if "one warning" in line]) == 1
    assert not [line for line in lines if "GET / HTTP/1.1" in line]
    assert [line for line in lines if "Running on" in line] == [
        " * Running on http://127.0.0.1:5000"
    ]
