"""Signed-cookie sessions that remember when a cookie was expired or tampered with.

Flask drops such a cookie silently; Showcase tells the organiser that the session expired
instead of a bare 'please sign in'. What the session holds is plain data: no markup (see
``PlainText``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request
from flask.json.tag import TaggedJSONSerializer, TagMarkup
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature


class PlainText(TagMarkup):
    """Whatever has ``__html__`` (Markup, a lazy translation with a person's name in it) goes into
    the session as the plain text it reads as, and comes back as plain text: a flash message is
    text, escaped when a page shows it, wherever it came from. (Flask would keep it as markup.)"""

    __slots__ = ()

    def tag(self, value: Any) -> Any:
        return str(value)

    def to_python(self, value: Any) -> Any:
        # A cookie written before this rule holds markup tagged " m": read it as text too.
        return str(value)


class PlainTextSerializer(TaggedJSONSerializer):
    default_tags = [
        PlainText if tag is TagMarkup else tag for tag in TaggedJSONSerializer.default_tags
    ]


class ShowcaseSessionInterface(SecureCookieSessionInterface):
    serializer = PlainTextSerializer()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            return self.session_class(serializer.loads(value, max_age=max_age))
        except BadSignature:
            session = self.session_class()
            session.showcase_cookie_was_invalid = True
            return session
