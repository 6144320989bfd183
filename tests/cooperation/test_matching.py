"""The matching rule on worked examples: complementary pairs first, similar ones not at all, no
self-match, a shared language needed unless the organisers pinned the pair, and the one line
that says why."""

from __future__ import annotations

from showcase.cooperation.services.matching import (
    Need,
    Party,
    score,
    suggestions_for,
    why,
)

ENERGY = (7, "Smart Energy")
MOBILITY = (1, "Smart Mobility")
LIVING = (6, "Smart Living")


def need(dimension, text):
    return Need(dimension[0], dimension[1], text)


YOU = Party(
    1,
    "Khon Kaen",
    frozenset({"th", "en"}),
    offers=(need(MOBILITY, "bus rapid transit data"),),
    seeks=(need(ENERGY, "financing"),),
)
RAYONG = Party(
    2,
    "Rayong",
    frozenset({"th"}),
    offers=(need(ENERGY, "solar-rooftop financing"),),
    seeks=(need(MOBILITY, "ridership data"),),
)
SOLARGRID = Party(
    3,
    "SolarGrid Japan",
    frozenset({"en", "ja"}),
    offers=(need(ENERGY, "power purchase agreements"),),
)
TWIN = Party(
    4,
    "Udon Thani",
    frozenset({"th"}),
    offers=(need(MOBILITY, "bus rapid transit data"),),
    seeks=(need(LIVING, "smart buildings"),),
)
PARIS_ONLY_FRENCH = Party(
    5,
    "Lyon Métropole",
    frozenset({"fr"}),
    offers=(need(ENERGY, "district heating"),),
    seeks=(need(MOBILITY, "bus data"),),
)


def test_score_counts_three_per_complementary_dimension_each_way_and_one_for_a_language():
    assert score(YOU, RAYONG) == 3 + 3 + 1
    assert score(RAYONG, YOU) == 7
    assert score(YOU, SOLARGRID) == 3 + 1
    assert score(YOU, PARIS_ONLY_FRENCH) == 6


def test_similar_profiles_score_nothing_from_offering_the_same():
    assert score(YOU, TWIN) == 1


def test_a_profile_is_never_matched_with_itself():
    assert score(YOU, YOU) == 0
    assert [item.partner.id for item in suggestions_for(YOU, [YOU, RAYONG])] == [2]


def test_complementary_pairs_rank_first_and_similar_or_languageless_ones_are_left_out():
    found = suggestions_for(YOU, [TWIN, SOLARGRID, PARIS_ONLY_FRENCH, RAYONG])

    assert [(item.partner.name, item.score) for item in found] == [
        ("Rayong", 7),
        ("SolarGrid Japan", 4),
    ]


def test_a_pinned_pair_comes_first_even_without_a_shared_language():
    found = suggestions_for(YOU, [RAYONG, PARIS_ONLY_FRENCH, TWIN], pinned=[5])

    assert [(item.partner.name, item.pinned) for item in found] == [
        ("Lyon Métropole", True),
        ("Rayong", False),
    ]


def test_each_suggestion_says_why_in_one_line(app):
    with app.test_request_context():
        found = suggestions_for(YOU, [RAYONG, SOLARGRID])
        assert why(found[0]) == (
            "You seek Smart Energy: financing; Rayong offers Smart Energy: solar-rooftop financing"
        )
        theirs = suggestions_for(RAYONG, [YOU])
        assert why(theirs[0]) == (
            "You seek Smart Mobility: ridership data; Khon Kaen offers Smart Mobility: "
            "bus rapid transit data"
        )
