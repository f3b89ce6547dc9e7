"""Find date expressions in a sentence and resolve them against the publication date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from extractors.records import MentionedDate
from extractors.text import word_trie

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_MONTH_NAME = f"(?:{word_trie(_MONTH_NAMES)})"
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_MONTH = rf"(?:{_MONTH_NAME}|{word_trie(_MONTH_ABBREVIATIONS)}\.?)"
# A year must not run on into more digits: "2,000" and "20245" are not years.
_YEAR = r"(?:19|20)\d\d(?!\d|,\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RELATIVE_DAYS = ("yesterday", "today", "tonight", "tomorrow")
_YEAR_PREPOSITIONS = ("in", "since", "by", "until", "till", "from", "through", "during", "before", "after", "early",
                      "late", "mid", "mid-")

_DATE = re.compile(
    rf"""
    (?<![\w,.])(?=\w)(?:
        (?P<day_month>(?P<dm_day>{_DAY})\s+(?:of\s+)?(?P<dm_month>{_MONTH})
            (?:,?\s+(?P<dm_year>{_YEAR}))?)
      | (?P<month_day>(?P<md_month>{_MONTH})\s+(?P<md_day>{_DAY})(?!\d|,\d)
            (?:,?\s+(?P<md_year>{_YEAR}))?)
      | (?P<month>(?P<m_month>{_MONTH_NAME})(?:,?\s+(?:of\s+)?(?P<m_year>{_YEAR}))?)
      | (?P<weekday>(?:(?P<wd_last>(?i:last)\s+)|(?P<wd_next>(?i:next)\s+))?(?P<wd_name>{word_trie(_WEEKDAYS)}))
      | (?P<relative>(?i:{word_trie(_RELATIVE_DAYS)}|(?:this|last|next)\s+(?:week|month|year)))
      | (?i:{word_trie(_YEAR_PREPOSITIONS)})\s+(?P<year>{_YEAR})
    )(?!\w)
    """,
    re.VERBOSE,
)
# Whatever the date pattern can match holds one of these (in lower case): most sentences hold none and skip
# the full pattern's scan.
_DATE_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "day", "tonight",
               "tomorrow", "week", "month", "year")
_DATE_HINT = re.compile(rf"{word_trie(_DATE_HINTS)}|(?:19|20)\d\d")
# Bare "May" is usually the modal verb; count it as a month only after a word that introduces a time.
_TIME_WORD_BEFORE = re.compile(
    r"(?i:\b(?:in|since|by|until|till|from|through|during|before|after|early|late|mid|of|last|this|next|and))\W*$"
)


def find_dates(
    sentence: str, published: date | None, direction: str = "backward"
) -> list[tuple[int, int, MentionedDate]]:
    """Date expressions in the sentence as (start, end, date resolved on or before publication).

    Without a publication date only expressions that carry their own year can be resolved.
    ``direction="forward"`` (for a sentence about what will happen: "will meet on Thursday") resolves a
    weekday, a day without a year and a month without a year to the earliest such day or month on or after
    publication instead; explicit years and relative phrases ("last week", "tomorrow") are unaffected.
    """
    if direction not in ("backward", "forward"):
        raise ValueError(f"direction must be 'backward' or 'forward', not {direction!r}")
    forward = direction == "forward"
    found = []
    for match in _date_matches(sentence):
        resolved = _resolve(match, published, forward) if published else _resolve_with_own_year(match)
        if resolved is None:
            continue
        start, end = match.span("year") if match["year"] else match.span()
        first, last, precision = resolved
        found.append((start, end, MentionedDate(sentence[start:end], first, last, precision)))
    return found


def _resolve_with_own_year(match: re.Match) -> tuple[date, date, str] | None:
    year = next((match[g] for g in ("dm_year", "md_year", "m_year", "year") if match[g]), None)
    return _resolve(match, date(int(year), 12, 31)) if year else None


def date_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of everything that reads as a date, resolvable or not."""
    return [m.span("year") if m["year"] else m.span() for m in _date_matches(sentence)]


@lru_cache(maxsize=1024)
def _date_matches(sentence: str) -> tuple[re.Match, ...]:
    # Cached because claims read the dates of every sentence in an article, then its figures (which skip dates).
    if not _DATE_HINT.search(sentence.lower()):
        return ()
    return tuple(
        match
        for match in _DATE.finditer(sentence)
        if not (match["m_month"] == "May" and not match["m_year"]
                and not _TIME_WORD_BEFORE.search(sentence, 0, match.start()))
    )


def _resolve(match: re.Match, published: date, forward: bool = False) -> tuple[date, date, str] | None:
    if match["day_month"] or match["month_day"]:
        day_text, month_text, year_text = (
            match.group("dm_day", "dm_month", "dm_year")
            if match["day_month"]
            else match.group("md_day", "md_month", "md_year")
        )
        day_number = int(re.match(r"\d+", day_text).group())
        if forward and not year_text:
            day = _day_on_or_after(published, _month_number(month_text), day_number)
        else:
            day = _day_on_or_before(published, _month_number(month_text), day_number, year_text)
        return (day, day, "day") if day else None
    if match["month"]:
        month = _month_number(match["m_month"])
        if match["m_year"]:
            year = int(match["m_year"])
        elif forward:
            year = published.year if month >= published.month else published.year + 1
        else:
            year = _year_of_latest(published, month)
        return _month_range(year, month)
    if match["weekday"]:
        weekday = _WEEKDAYS.index(match["wd_name"])
        if match["wd_next"] or (forward and not match["wd_last"]):
            # "next Friday" is always ahead; a bare "Friday" in a future-tense sentence is the coming one.
            ahead = (weekday - published.weekday()) % 7
            if match["wd_next"] and ahead == 0:
                ahead = 7
            day = published + timedelta(days=ahead)
            return day, day, "day"
        back = (published.weekday() - weekday) % 7
        if match["wd_last"] and back == 0:
            back = 7
        day = published - timedelta(days=back)
        return day, day, "day"
    if match["relative"]:
        return _resolve_relative(" ".join(match["relative"].lower().split()), published)
    year = int(match["year"])
    return date(year, 1, 1), date(year, 12, 31), "year"


def _resolve_relative(phrase: str, published: date) -> tuple[date, date, str]:
    if phrase in ("today", "tonight", "yesterday", "tomorrow"):
        day = published + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(phrase, 0))
        return day, day, "day"
    which, unit = phrase.split()
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6), "week"
    if unit == "month":
        months = published.year * 12 + published.month - 1 + step
        return _month_range(months // 12, months % 12 + 1)
    year = published.year + step
    return date(year, 1, 1), date(year, 12, 31), "year"


def _month_number(text: str) -> int:
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").index(
        text[:3].lower()
    ) + 1


def _year_of_latest(published: date, month: int) -> int:
    return published.year if month <= published.month else published.year - 1


def _month_range(year: int, month: int) -> tuple[date, date, str]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"


def _day_on_or_after(published: date, month: int, day: int) -> date | None:
    for year in range(published.year, published.year + 8):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= published:
            return candidate
    return None


def _day_on_or_before(published: date, month: int, day: int, year_text: str | None) -> date | None:
    if year_text:
        years = [int(year_text)]
    else:
        # Walk back far enough to reach a leap year for "29 February".
        years = range(published.year, published.year - 8, -1)
    for year in years:
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if year_text or candidate <= published:
            return candidate
    return None
