"""Retention: personal data that Showcase keeps only for a while, and the one command that purges
what is due (``flask showcase purge``).

Each feature that keeps data with a retention rule (registration answers, visa letters' passport
data, travel details) gives one purger with ``register_purger``: a function of the current time
that deletes or empties what is past its retention and returns how many records it purged. The
purge command runs every purger in its own unit of work, so one failing rule leaves the others'
work done, and prints a line per rule. Running it again purges nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

# The app's key for the purgers features give (``register_purger``).
PURGERS = "showcase.retention_purgers"

Purger = Callable[[datetime], int]


@dataclass(frozen=True)
class RetentionRule:
    """One feature's rule: a name for the console and the function that applies it."""

    name: str
    purge: Purger


def register_purger(app, name: str, purge: Purger) -> None:
    """Have ``flask showcase purge`` apply ``purge(now)`` (``name`` says what it purges)."""
    app.extensions.setdefault(PURGERS, []).append(RetentionRule(name, purge))


def retention_rules() -> list[RetentionRule]:
    return list(current_app.extensions.get(PURGERS, []))
