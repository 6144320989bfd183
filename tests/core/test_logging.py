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
