"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

A request's id comes from the ``X-Request-ID`` header when a proxy sets a sane one, else it is
made here; it is sent back in the response's ``X-Request-ID`` so a person reporting a problem can
quote it. Every log record written while the request runs carries it, and each request ends with
one ``request`` record: method, path, status, duration, and the organiser's id when signed in.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
RECORD_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "remote_addr")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class DevServerAccessFilter(logging.Filter):
    """Drops the development server's own line per request: ``showcase.request`` logs each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and '"%s" %s %s' in record.msg)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            entry["request_id"] = record.request_id
        for name in RECORD_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """Send the app's logs to standard error as JSON (``LOG_FORMAT=json``) or plain text."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if app.config.get("LOG_FORMAT") == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    level = app.config.get("LOG_LEVEL", "INFO")
    # Flask gives its app logger (named "showcase" like the package) a handler of its own when
    # nothing else would print; with ours beside it every record was written twice.
    app.logger.removeHandler(default_handler)
    for name in dict.fromkeys(("showcase", app.logger.name)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not any(isinstance(h, logging.StreamHandler) and h.filters for h in logger.handlers):
            logger.addHandler(handler)
        logger.propagate = app.testing  # tests read records through pytest's capture
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, DevServerAccessFilter) for f in werkzeug.filters):
        werkzeug.addFilter(DevServerAccessFilter())


def register_request_logging(app: Flask) -> None:
    access = logging.getLogger("showcase.request")

    def assign_request_id() -> None:
        if g.get("request_id"):
            return
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    # URL value preprocessors run before anything else of a request (even the event lookup).
    app.url_value_preprocessor(lambda endpoint, values: assign_request_id())

    @app.after_request
    def log_request(response: Response) -> Response:
        assign_request_id()  # requests that matched no route did not pass the preprocessor
        response.headers["X-Request-ID"] = g.request_id
        started = g.get("request_started")
        if started is not None and not request.path.startswith(("/static/", "/bootstrap/")):
            user = g.get("_login_user")
            access.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(user, "id", None),
                    "remote_addr": request.remote_addr,
                },
            )
        return response
