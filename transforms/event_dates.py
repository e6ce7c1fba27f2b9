"""Dates in a sentence, resolved against the article's publication date.

GDELT dates an event by its story; ACLED by the day it happened, with a precision code. We
resolve the sentence's own date expression relative to publication: `on Friday` is the
Friday on or before publication, `April 14` takes the publication year unless that lies in
the future, `yesterday`, `last week`, `earlier this month`, `in 2007`. Precision: 1 day,
2 week, 3 month, 4 year. Without a publication date, relative expressions stay unresolved,
and a stretch of time (`for years`, `in recent months`) has no single date to give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "month_day",
        re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{2}))?", re.I),
    ),
    (
        "day_month",
        re.compile(
            r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<last>last)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier|later) this week\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier|later) this month\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("month_year", re.compile(r"\bin\s+" + _MONTH + r"(?:\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    # `three years ago`, `six months earlier`, `a decade before`: another time than the story's
    (
        "ago",
        re.compile(
            r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
            r"(?P<unit>days?|weeks?|months?|years?|decades?)\s+(?P<way>ago|earlier|before|prior)\b",
            re.I,
        ),
    ),
    # a timeline's entry: `1991: Fighting in the north killed 80 soldiers.`
    ("year_label", re.compile(r"^\s*(?P<year>(?:19|20)\d{2})\s*(?::|\u2013|\u2014|-)\s", re.I | re.M)),
    ("year", re.compile(r"\b(?:in|since|during)\s+(?P<year>(?:19|20)\d{2})\b(?!\s*[-/]\d)", re.I)),
    # a stretch of time, no single date: `For years, the areas had served as a launch pad`
    (
        "span",
        re.compile(
            r"\b(?:for|over)\s+(?:the\s+(?:past|last)\s+)?(?:[\w-]+\s+)?(?:years|decades|months)\b"
            r"|\bin\s+recent\s+(?:years|months)\b",
            re.I,
        ),
    ),
]


@dataclass(frozen=True)
class ResolvedDate:
    value: date | None
    precision: int | None
    text: str | None


def _month_day(published: date | None, month: int, day: int, year: str | None) -> date | None:
    if year:
        return date(int(year), month, day)
    if published is None:
        return None
    candidate = date(published.year, month, day)
    return candidate if candidate <= published else date(published.year - 1, month, day)


def _resolve(kind: str, m: re.Match[str], published: date | None) -> tuple[date | None, int]:
    g = m.groupdict()
    if kind == "iso":
        return date(int(g["y"]), int(g["m"]), int(g["d"])), 1
    if kind in {"month_day", "day_month"}:
        return _month_day(published, MONTHS[g["month"].lower()], int(g["day"]), g.get("year")), 1
    if kind == "month_year":
        month = MONTHS[g["month"].lower()]
        if g.get("year"):
            return date(int(g["year"]), month, 1), 3
        if published is None:
            return None, 3
        year = published.year if month <= published.month else published.year - 1
        return date(year, month, 1), 3
    if kind in ("year", "year_label"):
        return date(int(g["year"]), 1, 1), 4
    if kind == "span":
        return None, 4
    if published is None:
        return None, 1
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7
        if g.get("last") and back == 0:
            back = 7
        return published - timedelta(days=back), 1
    offsets = {"yesterday": (1, 1), "today": (0, 1), "last_week": (7, 2), "this_week": (0, 2)}
    if kind in offsets:
        days, precision = offsets[kind]
        return published - timedelta(days=days), precision
    if kind == "this_month":
        return published.replace(day=1), 3
    if kind == "last_month":
        first = published.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1), 3
    if kind == "last_year":
        return date(published.year - 1, 1, 1), 4
    if kind == "ago":
        return _ago(g, published)
    return None, 1


_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_SMALL |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _ago(g: dict, published: date) -> tuple[date | None, int]:
    """`three years ago`: counted back from publication (`earlier`/`before` count back from a
    time the sentence names, which only says it is before the story; publication stands in)."""
    n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
    unit = g["unit"].lower().rstrip("s")
    if unit == "day":
        return published - timedelta(days=n), 1
    if unit == "week":
        return published - timedelta(weeks=n), 2
    if unit == "month":
        months = published.year * 12 + published.month - 1 - n
        return date(months // 12, months % 12 + 1, 1), 3
    years = n * (10 if unit == "decade" else 1)
    return date(published.year - years, 1, 1), 4


@dataclass(frozen=True)
class DateMention:
    """A date expression of a sentence (offsets relative to it), resolved."""

    start: int
    end: int
    date: ResolvedDate


# Words without one of which no pattern above can match: one search skips most sentences.
_HINT = re.compile(
    r"\d|\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + "|" + "|".join(WEEKDAYS) + r")\b"
    r"|\b(?:today|tonight|yesterday|this|last|ago|earlier|later|before|prior|years|decades|months)\b",
    re.I,
)


def dates_in(sentence: str, published: date | None) -> list[DateMention]:
    """Every date expression of the sentence, resolved, in order (where two overlap, the one
    that starts first): an event takes the one in its own clause (see `event_clauses`), so
    that `the deadliest since 2015, when 50 were killed` dates the old killing to 2015 and the
    new attack to its own day."""
    if not _HINT.search(sentence):
        return []
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for order, (kind, pattern) in enumerate(_PATTERNS):
        found += [(m.start(), order, kind, m) for m in pattern.finditer(sentence)]
    out: list[DateMention] = []
    for start, _, kind, m in sorted(found, key=lambda f: (f[0], f[1])):
        if out and start < out[-1].end:
            continue
        try:
            value, precision = _resolve(kind, m, published)
        except ValueError:  # "February 30"
            value, precision = None, 1
        mention = DateMention(start, m.end(), ResolvedDate(value, precision, m.group(0)))
        if out and _names_its_date(out[-1], mention, sentence):
            # `Monday, July 25`: the weekday names the day the date gives, one mention of it
            whole = sentence[out[-1].start : mention.end]
            mention = DateMention(out[-1].start, mention.end, ResolvedDate(value, precision, whole))
            out.pop()
        out.append(mention)
    return out


_WEEKDAY = re.compile(r"(?:" + "|".join(WEEKDAYS) + r")\.?", re.I)
_BETWEEN = re.compile(r",?\s*(?:the\s+)?")


def _names_its_date(before: DateMention, after: DateMention, sentence: str) -> bool:
    """Whether `before` is a bare weekday right before a day-precise date (`Monday, July 25`,
    `Sunday the 3rd`), which it only names again."""
    return (
        _WEEKDAY.fullmatch(before.date.text or "") is not None
        and after.date.value is not None
        and after.date.precision == 1
        and _BETWEEN.fullmatch(sentence[before.end : after.start]) is not None
    )


def resolve_date(sentence: str, published: date | None) -> ResolvedDate:
    """The first date expression of the sentence, resolved. With none, the publication date
    stands in with week precision (the event happened on or shortly before it)."""
    found = dates_in(sentence, published)
    return found[0].date if found else stand_in(published)


def stand_in(published: date | None) -> ResolvedDate:
    """The date of an event whose text gives none: the publication date, week precision."""
    return ResolvedDate(published, 2 if published else None, None)
