"""Suggested meetings, ranked by complementarity: a transparent score, no opaque model.

For two visible profiles A and B:

- +3 for each dimension in which A seeks and B offers;
- +3 for each dimension in which B seeks and A offers;
- +1 when they share a language, which is also a filter: without a shared language a pair is
  not suggested, unless the organisers pinned it.

Two profiles that offer the same thing score nothing from it (similar is not complementary), a
profile is never matched with itself, and a pair with no complementary dimension is not
suggested unless pinned. Pinned matches come first, then the highest score, then the name.

The functions here take plain data (``Party``) so that the rule can be read and tested alone;
``party_of`` turns a profile into it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext

from showcase.core.i18n import localized

DIMENSION_POINTS = 3
LANGUAGE_POINTS = 1


@dataclass(frozen=True)
class Need:
    """One thing offered or sought along one dimension."""

    dimension_id: int
    dimension: str
    text: str


@dataclass(frozen=True)
class Party:
    id: int
    name: str
    languages: frozenset[str]
    offers: tuple[Need, ...] = ()
    seeks: tuple[Need, ...] = ()


@dataclass(frozen=True)
class Reason:
    """One complementary dimension: who seeks, what, and what the other offers."""

    seeker_is_you: bool
    dimension: str
    sought: str
    offered: str


@dataclass
class Suggestion:
    partner: Party
    score: int
    reasons: list[Reason] = field(default_factory=list)
    shared_languages: frozenset[str] = frozenset()
    pinned: bool = False


def _by_dimension(needs: Iterable[Need]) -> dict[int, Need]:
    found: dict[int, Need] = {}
    for need in needs:
        found.setdefault(need.dimension_id, need)
    return found


def complementary(you: Party, them: Party) -> list[Reason]:
    """The dimensions in which one seeks what the other offers, yours first."""
    reasons = []
    their_offers = _by_dimension(them.offers)
    for dimension_id, sought in _by_dimension(you.seeks).items():
        if dimension_id in their_offers:
            reasons.append(
                Reason(True, sought.dimension, sought.text, their_offers[dimension_id].text)
            )
    your_offers = _by_dimension(you.offers)
    for dimension_id, sought in _by_dimension(them.seeks).items():
        if dimension_id in your_offers:
            reasons.append(
                Reason(False, sought.dimension, sought.text, your_offers[dimension_id].text)
            )
    return reasons


def score(you: Party, them: Party) -> int:
    """The score of a pair (the same both ways round)."""
    if you.id == them.id:
        return 0
    points = DIMENSION_POINTS * len(complementary(you, them))
    if you.languages & them.languages:
        points += LANGUAGE_POINTS
    return points


def suggestions_for(
    you: Party, others: Iterable[Party], pinned: Iterable[int] = (), limit: int | None = None
) -> list[Suggestion]:
    """Who ``you`` should meet, best first (pinned partners before everyone else)."""
    pinned_ids = set(pinned)
    found = []
    for them in others:
        if them.id == you.id:
            continue
        reasons = complementary(you, them)
        shared = you.languages & them.languages
        is_pinned = them.id in pinned_ids
        if not is_pinned and (not shared or not reasons):
            continue
        found.append(Suggestion(them, score(you, them), reasons, shared, is_pinned))
    found.sort(key=lambda item: (not item.pinned, -item.score, item.partner.name.casefold()))
    return found[:limit] if limit is not None else found


def why(suggestion: Suggestion) -> str:
    """The one line that says why, in the current language ("You seek Energy: financing;
    Rayong offers Energy: solar-rooftop financing")."""
    if not suggestion.reasons:
        return gettext("Recommended by the organisers")
    reason = suggestion.reasons[0]
    if reason.seeker_is_you:
        return gettext(
            "You seek %(dimension)s: %(sought)s; %(partner)s offers %(dimension)s: %(offered)s",
            dimension=reason.dimension,
            sought=reason.sought,
            partner=suggestion.partner.name,
            offered=reason.offered,
        )
    return gettext(
        "%(partner)s seeks %(dimension)s: %(sought)s; you offer %(dimension)s: %(offered)s",
        dimension=reason.dimension,
        sought=reason.sought,
        partner=suggestion.partner.name,
        offered=reason.offered,
    )


def party_of(profile, language: str | None = None) -> Party:
    """A profile as the matching rule sees it, with names in ``language``."""
    from showcase.cooperation.models import Side

    def need(item) -> Need:
        text = localized(item, "description", language) or localized(item.track, "name", language)
        return Need(item.track_id, localized(item.track, "name", language), text)

    return Party(
        id=profile.id,
        name=profile.display_name,
        languages=frozenset(profile.language_codes),
        offers=tuple(need(item) for item in profile.interests if item.side == Side.OFFER),
        seeks=tuple(need(item) for item in profile.interests if item.side == Side.SEEK),
    )
