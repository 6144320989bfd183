"""Security headers on every response.

Scripts and styles come only from this site's own files: no inline script and no inline style is
ever needed, so the policy allows neither.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, make_response, request

F = TypeVar("F", bound=Callable[..., Any])

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        if request.path.startswith("/manage/"):
            # Organiser pages hold personal data: never kept by a browser or a proxy.
            headers["Cache-Control"] = "no-store"
        if getattr(app.view_functions.get(request.endpoint or ""), "secret_page", False):
            # A page whose address carries a secret (``no_store``), also when it answers with an
            # error page (a link that has expired): never kept, never sent on as a referrer.
            headers["Cache-Control"] = "no-store"
            headers["Referrer-Policy"] = "no-referrer"
        if app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def no_store(view: F) -> F:
    """For pages whose address carries a secret (manage links, confirmation links, feeds): never
    kept by a browser or a proxy, and never sent on as a referrer."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    wrapped.secret_page = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def unauthenticated_post_limit() -> str:
    """The rate limit every POST by someone not signed in counts against, per address."""
    from flask import current_app

    return current_app.config["UNAUTHENTICATED_POSTS_PER_ADDRESS"]


def is_not_an_unauthenticated_post() -> bool:
    if request.method != "POST":
        return True
    from flask_login import current_user

    return bool(current_user and current_user.is_authenticated)
