"""The reader's language: an explicit choice kept in a cookie, else the browser's preference."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_babel import get_locale

LANGUAGE_COOKIE = "showcase_lang"
LANGUAGE_NAMES = {"en": "English", "th": "ไทย"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "en"


def localized(obj, field: str, lang: str | None = None) -> str:
    """``obj.<field>_th`` for Thai readers, ``obj.<field>_en`` for others, falling back to the
    other language when the preferred one is empty."""
    lang = lang or current_language()
    first, second = ("th", "en") if lang == "th" else ("en", "th")
    return getattr(obj, f"{field}_{first}", None) or getattr(obj, f"{field}_{second}", None) or ""


def country_name(code: str, lang: str | None = None) -> str:
    """The country's name in the reader's language, from the Unicode CLDR data Babel carries."""
    from babel import Locale

    lang = lang or current_language()
    if not code:
        return ""
    return Locale.parse(lang).territories.get(code.upper(), code.upper())
