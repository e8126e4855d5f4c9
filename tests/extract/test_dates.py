"""Date phrases resolved against a document's published date."""

from __future__ import annotations

import pytest

from extract.dates import parse_iso, resolve_date

# published 2021-04-30 is a Friday; 2021-05-06 a Thursday
CASES = [
    # text, published, prefer, value, end
    ("Thursday", "2021-05-06", "past", "2021-05-06", None),
    ("on Thursday", "2021-04-30", "past", "2021-04-29", None),
    ("Thursday", "2021-04-30", "future", "2021-05-06", None),
    ("late Thursday", "2021-05-06", "past", "2021-05-06", None),
    ("Monday morning", "2022-03-09", "past", "2022-03-07", None),
    ("May 5-6", "2021-04-30", "future", "2021-05-05", "2021-05-06"),
    ("5-6 May", "2021-04-30", "future", "2021-05-05", "2021-05-06"),
    ("April 5 to 7, 2023", "2023-03-01", "future", "2023-04-05", "2023-04-07"),
    ("last month", "2021-05-06", "past", "2021-04", None),
    ("last month", "2021-01-15", "past", "2020-12", None),
    ("next month", "2021-12-15", "future", "2022-01", None),
    ("since 2014", "2021-04-30", "past", "2014", None),
    ("2014", "2021-04-30", "past", "2014", None),
    ("in April 2014", "2021-04-30", "past", "2014-04", None),
    ("February 2022", "2022-03-01", "past", "2022-02", None),
    ("on April 30", "2021-04-30", "past", "2021-04-30", None),
    ("May 2", "2021-04-30", "past", "2021-05-02", None),  # a few days ahead is still this year
    ("December 7", "2022-01-13", "past", "2021-12-07", None),
    ("December", "2021-01-05", "future", "2021-12", None),
    ("next week", "2021-04-30", "past", "2021-05", None),
    ("this week", "2021-04-30", "past", "2021-04", None),
    ("this fiscal year", "2021-05-06", "past", "2021", None),
    ("last year", "2021-05-06", "past", "2020", None),
    ("all of last year", "2021-05-06", "past", "2020", None),
    ("the beginning of this year", "2021-04-30", "past", "2021", None),
    ("recent weeks", "2021-04-30", "past", "2021-04", None),
    ("the last few days", "2021-05-02", "past", "2021-04", None),
    ("two weeks ago", "2021-04-30", "past", "2021-04", None),
    ("three days ago", "2021-04-30", "past", "2021-04-27", None),
    ("yesterday", "2021-03-01", "past", "2021-02-28", None),
    ("last night", "2022-02-22", "past", "2022-02-21", None),
    ("this morning", "2022-02-22", "past", "2022-02-22", None),
    ("tomorrow", "2021-04-30", "future", "2021-05-01", None),
    ("the 30th of April, 2021", "2021-05-06", "past", "2021-04-30", None),
    ("Feb. 24, 2022", "2022-03-01", "past", "2022-02-24", None),
    ("mid-April", "2021-05-06", "past", "2021-04", None),
    ("over the weekend", "2022-02-22", "past", "2022-02-19", "2022-02-20"),  # a Tuesday
    ("this weekend", "2022-02-22", "future", "2022-02-26", "2022-02-27"),
    ("last weekend", "2022-02-20", "future", "2022-02-19", "2022-02-20"),  # a Sunday
]


@pytest.mark.parametrize(("text", "published", "prefer", "value", "end"), CASES)
def test_resolve_date(text: str, published: str, prefer: str, value: str, end: str | None) -> None:
    found = resolve_date(text, published=published, prefer=prefer)  # type: ignore[arg-type]
    assert found is not None
    assert (found.value, found.end) == (value, end)


@pytest.mark.parametrize(
    "text",
    ["three months", "the past four months", "a week", "decades", "the 1990s", "now", ""],
)
def test_durations_and_vague_phrases_name_no_point(text: str) -> None:
    assert resolve_date(text, published="2021-04-30") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("May 2021", "2021-05"), ("in 2014", "2014"), ("Thursday", None), ("last month", None)],
)
def test_without_published_date_only_phrases_with_a_year_resolve(text: str, value: str | None) -> None:
    found = resolve_date(text, published=None)
    assert (found.value if found else None) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2021-05-06", "2021-05-06"), ("2021-05-06T10:00:00Z", "2021-05-06"), ("May", None)],
)
def test_parse_iso(value: str, expected: str | None) -> None:
    found = parse_iso(value)
    assert (found.isoformat() if found else None) == expected
