"""What the services read from the values of a form, tidied and checked the same way everywhere:
a text within its length, and the reason a refusal must give the person it refuses."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from showcase.core.errors import DomainError


def form_text(
    values: dict[str, Any],
    name: str,
    limit: int,
    error: type[DomainError] = DomainError,
    single_line: bool = True,
    missing: Any = None,
) -> str:
    """The text ``values[name]``: on one line its white space folded, else (a text area) only
    trimmed; longer than ``limit`` it is refused with ``error`` against the field, and so is an
    empty one with the message ``missing`` when the field is required."""
    raw = str(values.get(name) or "")
    text = " ".join(raw.split()) if single_line else raw.strip()
    if len(text) > limit:
        raise error(_l("This is longer than %(limit)d characters.", limit=limit), field=name)
    if missing is not None and not text:
        raise error(missing, field=name)
    return text


def form_language(values: dict[str, Any], error: type[DomainError] = DomainError) -> str:
    """The language a person chose for their emails and pages (English when the form gives
    none): English or Thai, anything else refused against the field."""
    language = str(values.get("language") or "en")
    if language not in ("en", "th"):
        raise error(_l("Choose English or Thai."), field="language")
    return language


def given_reason(reason: str | None, missing: Any, error: type[DomainError] = DomainError) -> str:
    """The reason an organiser gives for refusing someone, trimmed; without one the decision is
    refused with ``missing`` (which names who reads it) against the ``reason`` field."""
    reason = (reason or "").strip()
    if not reason:
        raise error(missing, field="reason")
    return reason
