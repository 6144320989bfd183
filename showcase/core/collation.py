"""Putting names in the order a reader of the language expects, with ICU's collation (PyICU).

A plain ``sorted`` compares code points, which puts Thai words that start with a leading vowel
(เ แ โ ใ ไ) after every other Thai word, and "Åland" after "Zimbabwe". ICU sorts by the rules of
the Unicode Collation Algorithm and the CLDR tailoring of each language: Thai by consonant first,
so that เชียงใหม่ sits among the ช words, and accented Latin letters beside their base letter.

``sorted_for_reader`` is the one helper for every list of cities or countries shown to people.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu

T = TypeVar("T")

# ICU collators are cheap to use but not to create; they are not meant to be shared between
# threads, so each thread keeps its own per language.
_local = threading.local()


def collator(lang: str) -> icu.Collator:
    collators = _local.__dict__.setdefault("collators", {})
    found = collators.get(lang)
    if found is None:
        found = icu.Collator.createInstance(icu.Locale(lang))
        collators[lang] = found
    return found


def _language(lang: str | None) -> str:
    if lang:
        return lang
    from showcase.core.i18n import current_language

    return current_language()


def sorted_for_reader(
    items: Iterable[T], key: Callable[[T], str] | None = None, lang: str | None = None
) -> list[T]:
    """``items`` in the order of the reader's language, by ``key`` (the item itself if none)."""
    active = collator(_language(lang))
    name = key or str
    return sorted(items, key=lambda item: active.getSortKey(name(item) or ""))
