"""String enums whose members carry their label in words: states, kinds, actors, layouts.

A member is declared with its value and its (lazy) label, side by side::

    class GateKind(LabelledEnum):
        MAIN = "main", _l("Main entrance (once per day)")
        ROOM = "room", _l("Room (counted against its capacity)")

The member is still the plain string ``"main"`` (``str()``, JSON, pickling, database columns and
comparisons see only the value); ``GateKind.MAIN.label`` is the label in the current locale, read
again each time. ``GateKind.options()`` gives the (value, label) pairs of a form's choices, with
the labels still lazy so that a form declared at import reads in the visitor's language, and
``GateKind.label_of(text)`` reads a stored or typed value that may not be a member (any more).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Self

from flask_babel.speaklater import LazyString


class LabelledEnum(enum.StrEnum):
    """A ``StrEnum`` whose members are declared as ``NAME = "value", _l("Label")``."""

    _label: LazyString

    def __new__(cls, value: str, label: LazyString) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return str(self._label)

    @classmethod
    def options(cls, members: Iterable[Self] | None = None) -> list[tuple[str, LazyString]]:
        """(value, lazy label) of every member, or of ``members``, in declaration order."""
        return [(member.value, member._label) for member in (cls if members is None else members)]

    @classmethod
    def find(cls, value: object) -> Self | None:
        """The member whose value is ``value``, or None (a retired, empty or hand-typed value)."""
        try:
            return cls(value)
        except ValueError:
            return None

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of ``value``, or ``value`` itself when no member has it."""
        member = cls.find(value)
        return member.label if member is not None else value
