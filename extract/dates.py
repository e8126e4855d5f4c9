"""Date phrases ("on Thursday", "May 5-6", "last month") -> ISO date, year-month or year.

A phrase is resolved against the document's `published` date. Small rules cover what news writes
most (weekdays, month-day ranges, month names, "last/this/next week|month|year", vague spans such as
"recent weeks"); anything else goes to dateparser with the published date as its RELATIVE_BASE.
Durations ("three months", "the past four months") are not points in time and resolve to None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

Prefer = Literal["past", "future"]
Precision = Literal["day", "month", "year"]

_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: n
    for n, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "overnight": 0,
    "yesterday": -1,
    "last night": -1,
    "last evening": -1,
    "tomorrow": 1,
}
_UNITS = ("day", "week", "month", "year", "decade", "hour", "minute")
# A span that ends now and whose start is vague: read as the month it mostly lies in.
_RECENT = {"day": 3, "week": 14, "month": 45}

_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DASH = r"\s*(?:-|–|—|to|through|until)\s*"
_FILLER = re.compile(
    r"^(?:(?:all of|(?:the )?(?:beginning|start|end|middle|rest|spring|summer|fall|autumn|winter) of|"
    r"on|in|at|by|over|since|from|during|until|till|as of|of|the|this past|late|early|mid|"
    r"earlier|later|around|about|before|after|between)[\s-]+)+"
)
_TAIL = re.compile(r"\s+(?:morning|afternoon|evening|night|local time|last year|this year)$")
_RANGE_MD = re.compile(rf"^({_MONTH})\.?\s+(\d{{1,2}}){_DASH}(\d{{1,2}})(?:,?\s+(\d{{4}}))?$")
_RANGE_DM = re.compile(rf"^(\d{{1,2}}){_DASH}(\d{{1,2}})\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?$")
_MONTH_DAY = re.compile(rf"^({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$")
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(?:,?\s+(\d{{4}}))?$")
_MONTH_YEAR = re.compile(rf"^({_MONTH})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?$")
_YEAR = re.compile(r"^(\d{4})(?:\s*(?:-|–)\s*\d{2,4})?$")
_RELATIVE = re.compile(
    r"^(last|this|next|past|previous|coming|current)\s+(?:fiscal\s+|calendar\s+)?(week|month|year)$"
)
_WEEKEND = re.compile(r"^(?:(last|past|this|next|coming)\s+)?weekend$")
_RECENT_SPAN = re.compile(
    r"^(?:recent|past|last|previous)\s+(?:few\s+|several\s+|couple of\s+)?(days|weeks|months)$"
)
_DURATION = re.compile(
    r"^(?:(?:the\s+)?(?:past|last|next|first|previous|coming|recent|all|over)\s+)*"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|many|"
    r"a few|the|some|more than \w+|nearly \w+|almost \w+)?\s*"
    rf"(?:{'|'.join(_UNITS)})s?(?:\s+(?:ago|earlier|later|long))?$"
)
_AGO = re.compile(
    r"^(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago$"
)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A point in time at the precision the text gives: `value` is YYYY-MM-DD, YYYY-MM or YYYY."""

    value: str
    precision: Precision
    end: str | None = None  # the last day of a range ("May 5-6" -> 2021-05-06)


def _day(d: date) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day")


def _month(year: int, month: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-{month:02d}", "month")


def _year(year: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}", "year")


def _shift_months(base: date, months: int) -> tuple[int, int]:
    total = base.year * 12 + base.month - 1 + months
    return total // 12, total % 12 + 1


def _year_for(month: int, day: int, base: date, prefer: Prefer) -> int:
    """The year that puts month/day on the preferred side of `base`, allowing a week of slack."""
    slack = timedelta(days=7)
    for year in (base.year, base.year - 1, base.year + 1):
        try:
            candidate = date(year, month, min(day, 28) if month == 2 and day == 29 else day)
        except ValueError:
            return base.year
        if prefer == "past" and base - timedelta(days=330) <= candidate <= base + slack:
            return year
        if prefer == "future" and base - slack <= candidate <= base + timedelta(days=330):
            return year
    return base.year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _rules(phrase: str, base: date, prefer: Prefer) -> ResolvedDate | Literal[False] | None:
    """Resolve by the small rules; False when no rule applies (None: a rule applies, no point)."""
    if m := _RANGE_MD.match(phrase) or _RANGE_DM.match(phrase):
        if m.re is _RANGE_MD:
            month, first, last, year_text = _MONTHS[m[1]], int(m[2]), int(m[3]), m[4]
        else:
            first, last, month, year_text = int(m[1]), int(m[2]), _MONTHS[m[3]], m[4]
        year = int(year_text) if year_text else _year_for(month, first, base, prefer)
        start, end = _safe_date(year, month, first), _safe_date(year, month, last)
        if start is None:
            return None
        return ResolvedDate(start.isoformat(), "day", end.isoformat() if end and end > start else None)
    if m := _MONTH_DAY.match(phrase) or _DAY_MONTH.match(phrase):
        month, day = (_MONTHS[m[1]], int(m[2])) if m.re is _MONTH_DAY else (_MONTHS[m[2]], int(m[1]))
        year = int(m[3]) if m[3] else _year_for(month, day, base, prefer)
        found = _safe_date(year, month, day)
        return _day(found) if found else None
    if m := _MONTH_YEAR.match(phrase):
        month = _MONTHS[m[1]]
        year = int(m[2]) if m[2] else _year_for(month, 15, base, prefer)
        return _month(year, month)
    if m := _YEAR.match(phrase):
        year = int(m[1])
        return _year(year) if 1800 <= year <= 2200 else None
    if phrase in _WEEKDAYS:
        delta = (_WEEKDAYS[phrase] - base.weekday()) % 7
        if prefer == "past":
            return _day(base - timedelta(days=(7 - delta) % 7))
        return _day(base + timedelta(days=delta))
    if m := _WEEKEND.match(phrase):
        side = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(m[1] or "", prefer)
        saturday = _WEEKDAYS["saturday"]
        if side == "past":
            start = base - timedelta(days=(base.weekday() - saturday) % 7)
        else:
            start = base + timedelta(days=(saturday - base.weekday()) % 7)
        return ResolvedDate(start.isoformat(), "day", (start + timedelta(days=1)).isoformat())
    if phrase in _DAY_WORDS:
        return _day(base + timedelta(days=_DAY_WORDS[phrase]))
    if m := _RELATIVE.match(phrase):
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(m[1], 0)
        if m[2] == "week":
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
            return _month(monday.year, monday.month)
        if m[2] == "month":
            return _month(*_shift_months(base, step))
        return _year(base.year + step)
    if m := _RECENT_SPAN.match(phrase):
        middle = base - timedelta(days=_RECENT[m[1][:-1]])
        return _month(middle.year, middle.month)
    if m := _AGO.match(phrase):
        n = int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]
        if m[2] == "day":
            return _day(base - timedelta(days=n))
        if m[2] == "week":
            then = base - timedelta(weeks=n)
            return _month(then.year, then.month)
        if m[2] == "month":
            return _month(*_shift_months(base, -n))
        return _year(base.year - n)
    if _DURATION.match(phrase):
        return None
    return False


@lru_cache(maxsize=1)
def _parser(prefer: Prefer) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": ["year"]})


def _parse(phrase: str, prefer: Prefer) -> ResolvedDate | None:
    """dateparser for the forms the rules do not know ("30th of April, 2021"); the year is required."""
    data = _parser(prefer).get_date_data(phrase)
    if data.date_obj is None:
        return None
    if data.period == "year":
        return _year(data.date_obj.year)
    if data.period == "month":
        return _month(data.date_obj.year, data.date_obj.month)
    return _day(data.date_obj.date())


def _normalize(text: str) -> str:
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" .,;:")
    phrase = _FILLER.sub("", phrase)
    if phrase in _DAY_WORDS:  # "last night", "this morning": a day, not a time of one
        return phrase
    return _TAIL.sub("", phrase).strip()


@lru_cache(maxsize=4096)
def resolve_date(text: str, *, published: str | None, prefer: Prefer = "past") -> ResolvedDate | None:
    """The point in time `text` names, read against the ISO date `published`; None if it names none.

    `prefer` says which side of the published date a bare weekday or month lies on
    (the tense of the clause: "met on Monday" -> past, "will meet on Monday" -> future).
    """
    base = parse_iso(published)
    phrase = _normalize(text)
    if not phrase:
        return None
    if base is None:
        # without a reference only phrases that name their year can be placed
        year = re.search(r"\b(1[89]\d\d|2[01]\d\d)\b", phrase)
        if year is None:
            return None
        base = date(int(year[1]), 7, 1)
    ruled = _rules(phrase, base, prefer)
    if ruled is not False:
        return ruled
    years = set(re.findall(r"\b\d{4}\b", phrase))
    if not years:
        return None  # dateparser guesses freely without a year; keep to what the rules know
    parsed = _parse(phrase, prefer)
    return parsed if parsed is not None and parsed.value[:4] in years else None


def parse_iso(value: str | None) -> date | None:
    """A `published` value as a date, or None when it is missing or not an ISO date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
