"""Dates and times as people read them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from showcase.core.time import (
    format_date,
    format_date_range,
    format_datetime,
    format_time,
    local_datetime_to_utc,
    to_local,
    zone_label,
)


@pytest.mark.parametrize(
    "lang,kind,expected",
    [
        ("en", "long", "20 January 2027"),
        ("th", "long", "20 มกราคม 2570"),
        ("th", "medium", "20 ม.ค. 2570"),
        ("th", "full", "วันพุธที่ 20 มกราคม พ.ศ. 2570"),
        ("en", "full", "Wednesday 20 January 2027"),
    ],
)
def test_format_date_uses_the_era_of_the_language(ctx, lang, kind, expected):
    assert format_date(date(2027, 1, 20), kind, lang) == expected


def test_buddhist_era_at_year_boundary(ctx):
    assert format_date(date(2026, 12, 31), "long", "th") == "31 ธันวาคม 2569"
    assert format_date(date(2027, 1, 1), "long", "th") == "1 มกราคม 2570"


def test_datetime_is_shown_in_the_event_zone_with_a_label(ctx):
    moment = datetime(2027, 1, 20, 2, 30, tzinfo=UTC)
    assert (
        format_datetime(moment, "Asia/Bangkok", lang="en") == "20 January 2027, 09:30 ICT (UTC+7)"
    )
    assert format_datetime(moment, "Asia/Bangkok", lang="th") == "20 มกราคม 2570, 09:30 ICT (UTC+7)"
    assert format_time(moment, "Asia/Bangkok", with_zone=True) == "09:30 ICT (UTC+7)"
    assert format_time(moment, "Europe/Berlin", with_zone=True) == "03:30 CET (UTC+1)"
    assert format_time(moment, "Asia/Kolkata", with_zone=True) == "08:00 IST (UTC+5:30)"
    assert format_time(moment, "UTC", with_zone=True) == "02:30 UTC"


def test_local_time_across_midnight_changes_the_date(ctx):
    moment = datetime(2027, 1, 20, 20, 0, tzinfo=UTC)  # 03:00 next day in Bangkok
    local = to_local(moment, "Asia/Bangkok")
    assert local.date() == date(2027, 1, 21)
    assert zone_label(local) == "ICT (UTC+7)"


def test_form_wall_clock_time_is_read_in_the_event_zone(ctx):
    utc = local_datetime_to_utc(datetime(2027, 1, 20, 9, 30), "Asia/Bangkok")
    assert utc == datetime(2027, 1, 20, 2, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "start,end,lang,expected",
    [
        (date(2027, 1, 26), date(2027, 1, 28), "en", "26–28 January 2027"),
        (date(2027, 1, 26), date(2027, 1, 28), "th", "26–28 มกราคม 2570"),
        (date(2027, 1, 30), date(2027, 2, 1), "en", "30 January – 1 February 2027"),
        (date(2026, 12, 30), date(2027, 1, 1), "th", "30 ธันวาคม 2569 – 1 มกราคม 2570"),
        (date(2027, 1, 26), date(2027, 1, 26), "en", "26 January 2027"),
    ],
)
def test_date_range(ctx, start, end, lang, expected):
    assert format_date_range(start, end, lang) == expected
