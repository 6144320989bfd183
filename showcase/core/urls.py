"""Redirect targets that stay on this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site, else ``fallback``.

    Refuses absolute URLs, scheme-relative ``//host`` forms, backslash tricks that browsers
    read as ``//`` and anything with control characters, so no ``next`` parameter can send a
    visitor elsewhere.
    """
    if not target or len(target) > 2000:
        return fallback
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target) or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
