"""Redirect targets that stay on this site, and the ``<int:…>`` URL converter."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter

from showcase.core.inputs import LARGEST_NUMBER


class SmallIntegerConverter(IntegerConverter):
    """``<int:…>`` for ids: a number an id column can hold (a 32-bit integer) or no match, so a
    URL with ``/booths/2147483648`` answers 404 instead of reaching PostgreSQL."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False) -> None:
        largest = LARGEST_NUMBER if max is None else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=largest, signed=signed)


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
