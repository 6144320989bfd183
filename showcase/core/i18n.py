"""The reader's language: an explicit choice kept in a cookie, else the browser's preference."""

from __future__ import annotations

from functools import lru_cache

from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

LANGUAGE_COOKIE = "showcase_lang"


def _lazy_text_as_html(self: LazyString) -> Markup:
    return escape(str(self))


# A lazy translation is text. Flask-Babel's ``__html__`` hands it to a template as markup, so a
# person's name formatted into one (``_l("Check-in of %(name)s undone.", name=…)``) or a message
# that quotes what was typed ("There is no booth %(codes)s …") would reach the page as HTML.
# No message of Showcase carries markup: every lazy string is escaped when a page shows it.
LazyString.__html__ = _lazy_text_as_html
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


def localized_property(field: str) -> property:
    """A read-only attribute that gives ``localized(obj, field)``, e.g.
    ``name = localized_property("name")`` on a model with ``name_en`` and ``name_th``."""
    return property(lambda obj: localized(obj, field), doc=f"The {field} in the reader's language.")


def country_name(code: str, lang: str | None = None) -> str:
    """The country's name in the reader's language, from the Unicode CLDR data Babel carries."""
    from babel import Locale

    lang = lang or current_language()
    if not code:
        return ""
    return Locale.parse(lang).territories.get(code.upper(), code.upper())


# Babel's territories with two-letter codes include groupings and test codes that no person
# lives in; the rest is every country and territory of the CLDR.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The ISO 3166 two-letter codes of every country and territory people can come from."""
    from babel import Locale

    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


@lru_cache(maxsize=16)
def _countries(lang: str, first: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    from showcase.core.collation import sorted_for_reader

    names = Locale.parse(lang).territories
    pairs = [(code, names.get(code, code)) for code in country_codes()]
    ordered = sorted_for_reader(pairs, key=lambda pair: pair[1], lang=lang)
    head = [pair for pair in ordered if pair[0] == first]
    return tuple(head + [pair for pair in ordered if pair[0] != first])


def countries(lang: str | None = None, first: str | None = None) -> list[tuple[str, str]]:
    """Every country as (code, name in ``lang``), in that language's order; ``first`` (such as
    the event's own country) leads the list."""
    return list(_countries(lang or current_language(), (first or "").upper()))


# Titles a Thai name may already start with; the polite คุณ is not put before them.
THAI_TITLES = (
    "คุณ",
    "นางสาว",
    "นาง",
    "นาย",
    "น.ส.",
    "ดร.",
    "ศาสตราจารย์",
    "รองศาสตราจารย์",
    "ผู้ช่วยศาสตราจารย์",
    "ศ.",
    "รศ.",
    "ผศ.",
    "นพ.",
    "พญ.",
    "ทพ.",
    "ทพญ.",
    "ภก.",
    "ภญ.",
    "พล.",
    "พ.ต.",
    "พ.ท.",
    "พ.อ.",
    "ร.ต.",
    "ร.ท.",
    "ร.อ.",
    "ว่าที่",
    "ม.ร.ว.",
    "ม.ล.",
    "หม่อม",
    "ท่าน",
    "พระ",
)
LATIN_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "h.e", "hon"}
)


def has_title(name: str) -> bool:
    """Whether ``name`` already starts with a title (นาย, นางสาว, ดร., Dr., Prof. …)."""
    text = (name or "").strip()
    if text.startswith(THAI_TITLES):
        return True
    first = text.split(" ", 1)[0].lower().rstrip(".")
    return first in LATIN_TITLES


def addressee(name: str, lang: str) -> str:
    """A person as an email greets them: in Thai with the polite คุณ before the name, unless
    the name already carries a title (never "คุณนางสาว…"); in English as written."""
    text = " ".join((name or "").split())
    if lang != "th" or not text or has_title(text):
        return text
    # Thai script follows คุณ directly; a name in Latin letters gets a space.
    return f"คุณ{text}" if "\u0e00" <= text[0] <= "\u0e7f" else f"คุณ {text}"
