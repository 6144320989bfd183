"""How much a request body may hold, checked before anything reads it.

Site-wide, a body is small: ``MAX_BODY_LENGTH`` bytes, ``MAX_FORM_PARTS`` fields and
``MAX_FORM_MEMORY_SIZE`` bytes of form text (a URL-encoded body as a whole, or one text field of a
multipart body). Routes that take an upload (``UPLOAD_ENDPOINTS``: images, CSV imports) may send
up to ``MAX_CONTENT_LENGTH``. A body over its limit answers 413 before it is parsed, so a
stranger's 800,000 fields cost nothing but reading their length.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def body_limit() -> int:
    config = current_app.config
    upload_limit = config["MAX_CONTENT_LENGTH"]
    if request.endpoint in config["UPLOAD_ENDPOINTS"]:
        return upload_limit
    return min(config["MAX_BODY_LENGTH"], upload_limit or config["MAX_BODY_LENGTH"])


def refuse_large_bodies() -> None:
    if request.method not in BODY_METHODS:
        return
    request.max_content_length = limit = body_limit()
    length = request.content_length
    if length is not None and length > limit:
        raise RequestEntityTooLarge()
    if request.mimetype == "application/x-www-form-urlencoded":
        # Werkzeug applies the parts and memory limits to multipart bodies only; a URL-encoded
        # body is read whole and split, so it is measured here first.
        memory = request.max_form_memory_size
        if length is not None and memory is not None and length > memory:
            raise RequestEntityTooLarge()
        data = request.get_data(cache=True)  # at most ``limit`` bytes; the form parser reuses it
        if memory is not None and len(data) > memory:
            raise RequestEntityTooLarge()
        parts = request.max_form_parts
        if parts is not None and data.count(b"&") + 1 > parts:
            raise RequestEntityTooLarge()


def register_body_limits(app: Flask) -> None:
    # First of all hooks: CSRF protection reads the form in its own hook.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_large_bodies)
