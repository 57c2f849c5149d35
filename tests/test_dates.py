from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from feedsmith import dates

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04-07", "2025-04-07T00:00:00+08:00"),
        ("April 7, 2025", "2025-04-07T00:00:00+08:00"),
        ("March 3, 2024", "2024-03-03T00:00:00+08:00"),
        ("2023-11-30 08:15", "2023-11-30T08:15:00+08:00"),
        ("Tuesday, 9 January 2024", "2024-01-09T00:00:00+08:00"),
        ("2025-01-15T14:00:00Z", "2025-01-15T14:00:00+00:00"),
        ("2025-04-07 09:30:00 +02:00", "2025-04-07T09:30:00+02:00"),
        ("2025-04-07T09:30:00.123456-05:00", "2025-04-07T09:30:00-05:00"),
    ],
)
def test_parse_text_uses_offset_or_site_zone(text, expected):
    assert dates.parse(text, SHANGHAI).isoformat() == expected


def test_parse_yaml_values():
    assert dates.parse(date(2024, 3, 5), SHANGHAI) == datetime(
        2024, 3, 5, tzinfo=SHANGHAI
    )
    naive = datetime(2024, 3, 5, 10, 30)
    assert dates.parse(naive, SHANGHAI).utcoffset() == timedelta(hours=8)
    aware = datetime(2024, 3, 5, 10, 30, tzinfo=timezone(timedelta(hours=-3)))
    assert dates.parse(aware, SHANGHAI) == aware


@pytest.mark.parametrize("text", ["March 2024", "2025", "10:30", "April"])
def test_partial_dates_are_rejected_not_completed_from_today(text):
    with pytest.raises(ValueError, match="incomplete date"):
        dates.parse(text, UTC)


@pytest.mark.parametrize(
    "value", ["2024-02-30", "not a date", "", "99999999999999999999", 12, None]
)
def test_invalid_dates_raise_value_error(value):
    with pytest.raises(ValueError):
        dates.parse(value, UTC)


def test_unknown_zone_abbreviation_is_an_error():
    with pytest.raises(ValueError, match="unknown time zone"):
        dates.parse("2024-01-05 10:00 XYZT", UTC)


def test_years_before_1000_are_rejected():
    with pytest.raises(ValueError, match="out of range"):
        dates.parse("0099-01-01", UTC)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025-04-07", True),
        ("Tuesday, 9 January 2024", True),
        ("1 2 3", False),
        ("We dug 12 metres in May.", False),
        ("May 2024", False),
        ("Chapter 12", False),
    ],
)
def test_looks_like_date(line, expected):
    assert dates.looks_like_date(line) is expected
