"""Signed-cookie sessions that remember when a cookie was expired or tampered with.

Flask drops such a cookie silently; Showcase tells the organiser that the session expired
instead of a bare 'please sign in'.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature


class ShowcaseSessionInterface(SecureCookieSessionInterface):
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
