"""Each conflict rule at its boundaries: half-open intervals, containment, midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from showcase.schedule import conflicts as rules
from showcase.schedule.conflicts import EventHours, Interval, RoomInfo, Slot, SpeakerInfo

BKK = ZoneInfo("Asia/Bangkok")


def t(hour: int, minute: int = 0, day: int = 26) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=BKK).astimezone(UTC)


def slot(sid, start, end, room=1, speakers=(), audience=None) -> Slot:
    return Slot(sid, f"S{sid:05d}", f"Session {sid}", room, start, end, tuple(speakers), audience)


ROOMS = {1: RoomInfo(1, "Main Hall", 100), 2: RoomInfo(2, "Room B", 20)}

# (a start, a end, b start, b end, clash?)
INTERVALS = [
    pytest.param(t(10), t(11), t(10), t(11), True, id="exact overlap"),
    pytest.param(t(10), t(11), t(10), t(10, 30), True, id="shared start"),
    pytest.param(t(10), t(12), t(10, 30), t(11), True, id="containment"),
    pytest.param(t(10), t(11), t(10, 55), t(12), True, id="five minutes overlap"),
    pytest.param(t(10), t(11), t(11), t(12), False, id="touching ends"),
    pytest.param(t(11), t(12), t(10), t(11), False, id="touching ends reversed"),
    pytest.param(t(10), t(11), t(12), t(13), False, id="apart"),
    pytest.param(
        t(23, 30), t(0, 30, day=27), t(0, 0, day=27), t(1, 0, day=27), True, id="across midnight"
    ),
    pytest.param(
        t(23, 0), t(0, 0, day=27), t(0, 0, day=27), t(1, 0, day=27), False, id="ends at midnight"
    ),
]


@pytest.mark.parametrize(("a_start", "a_end", "b_start", "b_end", "clash"), INTERVALS)
def test_room_overlap_is_half_open(a_start, a_end, b_start, b_end, clash):
    found = rules.room_overlaps([slot(1, a_start, a_end), slot(2, b_start, b_end)], ROOMS)
    if clash:
        assert [(c.kind, c.severity, set(c.session_ids)) for c in found] == [
            (rules.ROOM_OVERLAP, rules.ERROR, {1, 2})
        ]
        assert "Main Hall" in found[0].message
    else:
        assert found == []


def test_room_overlap_ignores_other_rooms():
    assert rules.room_overlaps([slot(1, t(10), t(11), 1), slot(2, t(10), t(11), 2)], ROOMS) == []


@pytest.mark.parametrize(("a_start", "a_end", "b_start", "b_end", "clash"), INTERVALS)
def test_speaker_in_two_places_is_half_open(a_start, a_end, b_start, b_end, clash):
    speakers = {7: SpeakerInfo(7, "Ana Lim")}
    slots = [slot(1, a_start, a_end, 1, [7]), slot(2, b_start, b_end, 2, [7])]
    found = rules.speaker_overlaps(slots, speakers)
    assert len(found) == (1 if clash else 0)
    if clash:
        assert found[0].kind == rules.SPEAKER_OVERLAP
        assert found[0].severity == rules.WARNING
        assert set(found[0].session_ids) == {1, 2}
        assert "Ana Lim" in found[0].message


def test_speaker_overlap_needs_a_shared_speaker():
    slots = [slot(1, t(10), t(11), 1, [7]), slot(2, t(10), t(11), 2, [8])]
    assert rules.speaker_overlaps(slots, {}) == []


def test_speaker_listed_twice_on_one_session_is_not_a_clash_with_itself():
    assert rules.speaker_overlaps([slot(1, t(10), t(11), 1, [7, 7])], {}) == []


AVAILABLE = (Interval(t(9), t(12)),)
# (start, end, inside availability?)
WINDOWS = [
    pytest.param(t(9), t(12), True, id="exactly the window"),
    pytest.param(t(9), t(10), True, id="shared start"),
    pytest.param(t(11), t(12), True, id="shared end"),
    pytest.param(t(8, 55), t(10), False, id="starts five minutes early"),
    pytest.param(t(11), t(12, 5), False, id="ends five minutes late"),
    pytest.param(t(12), t(13), False, id="touching the end, outside"),
    pytest.param(t(7), t(13), False, id="contains the window"),
]


@pytest.mark.parametrize(("start", "end", "inside"), WINDOWS)
def test_speaker_unavailable_at_the_window_edges(start, end, inside):
    speakers = {7: SpeakerInfo(7, "Ana Lim", AVAILABLE)}
    found = rules.speakers_unavailable([slot(1, start, end, 1, [7])], speakers)
    assert [c.kind for c in found] == ([] if inside else [rules.SPEAKER_UNAVAILABLE])


def test_speaker_without_availability_is_always_available():
    speakers = {7: SpeakerInfo(7, "Ana Lim")}
    assert rules.speakers_unavailable([slot(1, t(3), t(4), 1, [7])], speakers) == []


# Two windows of one speaker (or room), and a session: (first, second, session, available?)
JOINED_WINDOWS = [
    pytest.param(
        (t(9), t(13)), (t(13), t(14)), (t(12, 30), t(13, 30)), True, id="adjacent windows"
    ),
    pytest.param(
        (t(13), t(14)), (t(9), t(13)), (t(12, 30), t(13, 30)), True, id="adjacent, given later"
    ),
    pytest.param(
        (t(9), t(12)), (t(11), t(14)), (t(11, 30), t(13, 30)), True, id="overlapping windows"
    ),
    pytest.param((t(9), t(14)), (t(10), t(11)), (t(12), t(13)), True, id="one inside the other"),
    pytest.param(
        (t(22), t(0, day=27)),
        (t(0, day=27), t(2, day=27)),
        (t(23, 30), t(0, 30, day=27)),
        True,
        id="adjacent over midnight",
    ),
    pytest.param(
        (t(9), t(12, 55)), (t(13), t(14)), (t(12, 30), t(13, 30)), False, id="a five-minute gap"
    ),
]


@pytest.mark.parametrize(("first", "second", "session", "available"), JOINED_WINDOWS)
def test_adjacent_or_overlapping_windows_count_as_one(first, second, session, available):
    windows = (Interval(*first), Interval(*second))
    speakers = {7: SpeakerInfo(7, "Ana Lim", windows)}
    rooms = {1: RoomInfo(1, "Main Hall", None, windows)}
    placed = [slot(1, *session, 1, [7])]
    expected = [] if available else [rules.SPEAKER_UNAVAILABLE]
    assert [c.kind for c in rules.speakers_unavailable(placed, speakers, BKK)] == expected
    expected = [] if available else [rules.ROOM_UNAVAILABLE]
    assert [c.kind for c in rules.rooms_unavailable(placed, rooms, BKK)] == expected


def test_merge_windows_joins_touching_and_overlapping_ones_in_time_order():
    windows = [
        Interval(t(15), t(16)),
        Interval(t(9), t(13)),
        Interval(t(13), t(14)),
        Interval(t(10), t(11)),
    ]
    assert rules.merge_windows(windows) == (Interval(t(9), t(14)), Interval(t(15), t(16)))
    assert rules.merge_windows([]) == ()


def test_unavailable_warnings_say_when_the_speaker_or_room_is_available():
    windows = (
        Interval(t(13), t(14)),
        Interval(t(9), t(13)),
        Interval(t(13, 0, day=27), t(17, 0, day=27)),
    )
    speakers = {7: SpeakerInfo(7, "Ana Lim", windows)}
    rooms = {1: RoomInfo(1, "Main Hall", None, windows[1:2])}
    placed = [slot(1, t(14), t(15), 1, [7])]
    [speaker_warning] = rules.speakers_unavailable(placed, speakers, BKK)
    assert speaker_warning.message == (
        "Ana Lim is not available for “Session 1” at this time. "
        "Available: Tue 26 Jan 09:00–14:00 ICT; Wed 27 Jan 13:00–17:00 ICT."
    )
    [room_warning] = rules.rooms_unavailable(placed, rooms, BKK)
    assert room_warning.message == (
        "Main Hall is not available for “Session 1” at this time. "
        "Available: Tue 26 Jan 09:00–13:00 ICT."
    )


def test_a_window_over_midnight_names_both_days():
    windows = (Interval(t(20), t(2, day=27)), Interval(t(8, day=28), t(0, day=29)))
    assert rules.describe_windows(windows, BKK) == (
        "Tue 26 Jan 20:00 – Wed 27 Jan 02:00 ICT; Thu 28 Jan 08:00–24:00 ICT"
    )


@pytest.mark.parametrize(("start", "end", "inside"), WINDOWS)
def test_room_unavailable_at_the_window_edges(start, end, inside):
    rooms = {1: RoomInfo(1, "Main Hall", None, AVAILABLE)}
    found = rules.rooms_unavailable([slot(1, start, end, 1)], rooms)
    assert [c.kind for c in found] == ([] if inside else [rules.ROOM_UNAVAILABLE])


HOURS = EventHours(date(2027, 1, 26), date(2027, 1, 28), BKK, time(8), time(20))


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        pytest.param(t(8), t(9), True, id="first minute of the day"),
        pytest.param(t(19), t(20), True, id="last minute of the day"),
        pytest.param(t(7, 55), t(8, 30), False, id="before opening"),
        pytest.param(t(19, 30), t(20, 5), False, id="after closing"),
        pytest.param(t(19), t(9, day=27), False, id="overnight"),
        pytest.param(t(10, day=25), t(11, day=25), False, id="the day before"),
        pytest.param(t(10, day=28), t(11, day=28), True, id="the last day"),
        pytest.param(t(10, day=29), t(11, day=29), False, id="the day after"),
    ],
)
def test_outside_event_days_and_hours(start, end, inside):
    found = rules.outside_event([slot(1, start, end)], HOURS)
    assert [c.kind for c in found] == ([] if inside else [rules.OUTSIDE_EVENT])


@pytest.mark.parametrize(
    ("audience", "capacity", "over"),
    [(100, 100, False), (101, 100, True), (None, 100, False), (500, None, False), (1, 100, False)],
)
def test_over_capacity_only_when_strictly_more(audience, capacity, over):
    rooms = {1: RoomInfo(1, "Main Hall", capacity)}
    found = rules.over_capacity([slot(1, t(10), t(11), 1, audience=audience)], rooms)
    assert [c.kind for c in found] == ([rules.OVER_CAPACITY] if over else [])


def test_find_conflicts_lists_errors_before_warnings():
    speakers = {7: SpeakerInfo(7, "Ana Lim")}
    slots = [
        slot(1, t(10), t(11), 1, [7]),
        slot(2, t(10, 30), t(11, 30), 1),
        slot(3, t(10), t(11), 2, [7], audience=30),
    ]
    found = rules.find_conflicts(slots, ROOMS, speakers, HOURS)
    assert [(c.severity, c.kind) for c in found] == [
        (rules.ERROR, rules.ROOM_OVERLAP),
        (rules.WARNING, rules.OVER_CAPACITY),
        (rules.WARNING, rules.SPEAKER_OVERLAP),
    ]


def test_room_clashes_for_a_new_slot():
    placed = [slot(1, t(10), t(11), 1), slot(2, t(11), t(12), 1), slot(3, t(10), t(11), 2)]
    moving = slot(4, t(10, 30), t(11, 30), 1)
    assert [s.session_id for s in rules.room_clashes_for(moving, placed)] == [1, 2]
    # Moving a session over its own old place is no clash.
    assert rules.room_clashes_for(slot(1, t(10, 30), t(11, 30), 1), placed[:1]) == []


def test_event_hours_windows_cover_each_day():
    windows = HOURS.windows()
    assert len(windows) == 3
    assert windows[0].starts_at == t(8)
    assert windows[-1].ends_at == t(20, day=28)
    assert windows[1].ends_at - windows[1].starts_at == timedelta(hours=12)
