"""Main text of text/plain pages: furniture lines dropped, headline, byline and dateline lifted out."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import regex
from rapidfuzz import fuzz

from extractors.records import Extraction, PublicationDate

# Furniture that the shape rules below would miss (some of it is a short sentence) or that is
# common enough to name. Matched case-insensitively against the stripped line.
FURNITURE_PATTERNS = [
    (
        "interface",
        r"^(?:close|menu|search|print|advertisement|share(?: this(?: article| story)?)?"
        r"|skip to (?:main )?content|back to top|exit mobile version|leave a (?:reply|comment)"
        r"|(?:load|read|show) more|sign (?:in|up)|log ?in|subscribe(?: now)?)\W*$",
    ),
    ("site chrome", r"^site (?:icon|logo)\b"),
    ("comment form", r"email address will not be published|required fields are marked"),
    (
        "call to action",
        r"\bclick here\b|^(?:read|see) (?:more|also)\b|^related(?: articles| stories)?\W*$"
        r"|^follow us\b|\bsign up for (?:our|the) newsletter",
    ),
    (
        "image credit",
        r"^(?:images?|photos?|pictures?|graphics?|video)(?: (?:source|credit|courtesy)s?)?\s*(?:[:|–-]|$)",
    ),
    ("copyright", r"©|^\(c\) |^copyright\b|\ball rights reserved\b"),
    # A credit line says who gathered the reporting, not what happened; kept, it would be read as
    # a sentence of the story and could surface as a claim.
    (
        "reporting credit",
        r"^this (?:article|story|report) (?:contains|includes) (?:reporting|material) (?:from|by)\b"
        r"|^(?:additional )?reporting by\b|\bcontributed (?:reporting )?to this (?:article|story|report)\b",
    ),
]
FURNITURE = [(reason, regex.compile(pattern, regex.IGNORECASE)) for reason, pattern in FURNITURE_PATTERNS]

# Terms notices talk about the site itself; an article about copyright law does not.
SELF_REFERENCE = regex.compile(
    r"\b(?:this|our) (?:web ?site|site|page|notice|service)\b|\bwe use cookies\b", regex.IGNORECASE
)
LEGAL_TERM = regex.compile(
    r"\b(?:copyright|reproduc|redistribut|republi|consent|permission|terms of (?:use|service)"
    r"|privacy policy|cookies|applicable law|permitted use|licen[cs]|trademark|prohibit)",
    regex.IGNORECASE,
)
MIN_LEGAL_TERMS = 2

# Headings, labels, buttons and credits are short and end without sentence punctuation.
MAX_LABEL_WORDS = 20
SENTENCE_END = regex.compile(r"[.!?…:][\"'”’»)\]]*$")
MIN_SHOUTING_LETTERS = 8
SHOUTING_UPPERCASE_SHARE = 0.8

# A caption names who stands where or is cut off by the page ("… first known combat…").
CAPTION_MARK = regex.compile(
    r"\((?:left|right|cent(?:er|re)|top|bottom|pictured|l-r|from left)\)|\w(?:…|\.\.\.)$", regex.IGNORECASE
)

MIN_HEADLINE_WORDS = 3
HEADLINE_CONTAINMENT = 0.75  # "NewsNorth Korea bolsters…" still repeats "North Korea bolsters…"
HEADLINE_SIMILARITY = 90

NAME_WORD = r"\p{Lu}[\p{Ll}\p{M}'’-]*(?:\p{Lu}\p{Ll}+)?\.?"
NAME = rf"{NAME_WORD}(?:\s+(?:(?:van|von|de|der|den|da|di|du|del|la|le|bin|ibn|al)\s+)*{NAME_WORD}){{1,3}}"
BYLINE = regex.compile(rf"^(?P<by>(?:By|BY|by)\s+)?(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)$")

MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
MONTH_NUMBERS = {
    name: number
    for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}
DATELINE = regex.compile(
    rf"""^(?:(?:published|updated|posted|last\ updated)(?:\ on)?:?\s*)?
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
    (?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH})\.?,?\s+(?P<year>\d{{4}})
      |(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})
      |(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}}))
    (?:(?:\s*,\s*|\s+at\s+|\s*[|·–-]\s*|T|\s+)
       (?P<hour>\d{{1,2}})[:.](?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?(?:\.\d+)?
       \s*(?P<ampm>[ap]\.?m\.?)?
       \s*(?P<zone>z|utc|gmt|[+-]\d{{2}}:?\d{{2}}|[a-z]{{2,5}})?)?
    \s*$""",
    regex.IGNORECASE | regex.VERBOSE,
)
MAX_DATELINE_WORDS = 12
# Zone names English-language sites print; the IANA zone settles daylight saving for the date.
NAMED_ZONES = {
    **dict.fromkeys(["et", "est", "edt"], "America/New_York"),
    **dict.fromkeys(["pt", "pst", "pdt"], "America/Los_Angeles"),
    **dict.fromkeys(["cet", "cest"], "Europe/Berlin"),
    "bst": "Europe/London",
}

# Hard-wrapped files break sentences at a fixed width; their lines are rejoined before classifying.
MAX_WRAP_WIDTH = 100
WRAP_FILL = 0.6
MIN_WRAPPED_LINES = 3
MIN_WRAPPED_SHARE = 0.2

WORD = regex.compile(r"\w+")


def extract_plaintext(text: str, title_hint: str | None = None) -> Extraction:
    """Main text, headline, byline and dateline of a text/plain page."""
    lines = _logical_lines(text)
    # One reason per line, None while it may be text; each pass below only judges undecided lines.
    # Datelines go first: "2024-11-05 19:01" has no letters and would pass for a row of symbols.
    reasons: list[str | None] = []
    published = None
    for line in lines:
        if moment := _parse_dateline(line):
            published = published or moment
            reasons.append("dateline")
        else:
            reasons.append(_marked_furniture(line))

    # The headline is a heading before the first sentence; pages often print it two or three times.
    body_start = next((i for i, line in enumerate(lines) if reasons[i] is None and _is_prose(line)), len(lines))
    headline = _headline(
        [
            line
            for line, reason in zip(lines[:body_start], reasons)
            if reason is None and len(line.split()) >= MIN_HEADLINE_WORDS and not _byline(line, explicit_only=True)
        ]
    )
    for index, line in enumerate(lines):
        if reasons[index] is None and any(_same_heading(title, line) for title in (headline, title_hint) if title):
            reasons[index] = "headline"

    # A bare name counts only beside a dateline: on its own, "Breaking News" is name-shaped too.
    author = None
    for index, line in enumerate(lines):
        near_dateline = "dateline" in reasons[max(index - 1, 0) : index + 2]
        if reasons[index] is None and (names := _byline(line, explicit_only=not near_dateline)):
            reasons[index] = "byline"
            author = author or names

    # Pull quotes and sticky sub-headings repeat lines; the first copy is the one in place.
    seen: set[str] = set()
    for index, line in enumerate(lines):
        key = _normalised(line)
        if reasons[index] is None and key in seen:
            reasons[index] = "repeat"
        seen.add(key)

    for index, line in enumerate(lines):
        if reasons[index] is None and not _is_prose(line) and len(line.split()) < MAX_LABEL_WORDS:
            reasons[index] = "label"

    # Captions sit inside an image block, between labels and credits; both neighbours decide.
    for index, line in enumerate(lines):
        before = reasons[index - 1] if index > 0 else "edge"
        after = reasons[index + 1] if index + 1 < len(lines) else "edge"
        if reasons[index] is None and before and after and CAPTION_MARK.search(line):
            reasons[index] = "caption"

    return Extraction(
        text="\n\n".join(line for line, reason in zip(lines, reasons) if reason is None),
        method="plaintext",
        title=headline or title_hint,
        author=author,
        published=published,
    )


def _logical_lines(text: str) -> list[str]:
    """Non-blank stripped lines; in a hard-wrapped file, the lines of one paragraph joined."""
    lines = [line.strip() for line in text.removeprefix("\ufeff").splitlines()]
    width = max(map(len, lines), default=0)
    cut = [
        bool(line) and len(line) >= WRAP_FILL * width and not _is_prose(line) and bool(following)
        for line, following in zip(lines, lines[1:] + [""])
    ]
    nonblank = sum(map(bool, lines))
    if width > MAX_WRAP_WIDTH or sum(cut) < max(MIN_WRAPPED_LINES, MIN_WRAPPED_SHARE * nonblank):
        return [line for line in lines if line]
    paragraphs: list[list[str]] = []
    for index, line in enumerate(lines):
        if line and index and cut[index - 1]:
            paragraphs[-1].append(line)
        elif line:
            paragraphs.append([line])
    return [" ".join(paragraph) for paragraph in paragraphs]


def _marked_furniture(line: str) -> str | None:
    """Why the line is furniture on its own, whatever surrounds it; None if it may be text."""
    for reason, pattern in FURNITURE:
        if pattern.search(line):
            return reason
    legal_terms = {term.casefold() for term in LEGAL_TERM.findall(line)}
    if len(legal_terms) >= MIN_LEGAL_TERMS and SELF_REFERENCE.search(line):
        return "legal notice"
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return "symbols"
    if (
        len(letters) >= MIN_SHOUTING_LETTERS
        and sum(c.isupper() for c in letters) >= SHOUTING_UPPERCASE_SHARE * len(letters)
        and len(line.split()) < MAX_LABEL_WORDS
    ):
        return "shouting"
    return None


def _is_prose(line: str) -> bool:
    return SENTENCE_END.search(line) is not None


def _normalised(line: str) -> str:
    return " ".join(WORD.findall(unicodedata.normalize("NFKC", line).casefold()))


def _same_heading(a: str, b: str) -> bool:
    """Whether two lines are the same heading, allowing case, punctuation, a glued prefix or a small edit."""
    a, b = sorted((_normalised(a), _normalised(b)), key=len)
    if not a:
        return False
    return (a in b and len(a) >= HEADLINE_CONTAINMENT * len(b)) or fuzz.ratio(a, b) >= HEADLINE_SIMILARITY


def _headline(candidates: list[str]) -> str | None:
    """The heading the page repeats most (first on ties), in its shortest form, which drops glued prefixes."""
    groups: list[list[str]] = []
    for line in candidates:
        group = next((group for group in groups if _same_heading(group[0], line)), None)
        if group:
            group.append(line)
        else:
            groups.append([line])
    if not groups:
        return None
    return min(max(groups, key=len), key=lambda line: len(_normalised(line)))


def _byline(line: str, explicit_only: bool) -> str | None:
    """The names of a byline line ("By Jane Doe", or a bare name unless explicit_only)."""
    if len(line.split()) >= MAX_LABEL_WORDS or not (match := BYLINE.match(line)):
        return None
    if explicit_only and not match["by"]:
        return None
    return match["names"]


def _parse_dateline(line: str) -> PublicationDate | None:
    """The day, and the time when printed, that a dateline line states."""
    if len(line.split()) > MAX_DATELINE_WORDS or not (match := DATELINE.match(line)):
        return None
    month = match["month"]
    try:
        day = date(int(match["year"]), int(month) if month.isdigit() else MONTH_NUMBERS[month[:3].casefold()],
                   int(match["day"]))
        if match["hour"] is None:
            return PublicationDate(day=day, precision="day", source="text")
        hour = int(match["hour"])
        if match["ampm"]:
            hour = hour % 12 + (12 if match["ampm"][0] in "pP" else 0)
        local = datetime.combine(day, time(hour, int(match["minute"] or 0), int(match["second"] or 0)))
        zone = _zone(match["zone"])
        if zone is None:
            # A time without a zone we know ("19:01", "19:01 XYZ") is the site's wall clock: no instant.
            return PublicationDate(day=day, precision="local", source="text", local=local)
        offset = zone.utcoffset(local)
        local.replace(tzinfo=zone).astimezone(timezone.utc)  # an offset that overflows the calendar raises here
        return PublicationDate(day=day, precision="instant", source="text", local=local,
                               offset_minutes=int(offset.total_seconds() // 60))
    except (ValueError, OverflowError):  # 31 February, 25:00, an offset of a day, year 1 east of UTC
        return None


def _zone(name: str | None) -> tzinfo | None:
    name = (name or "").casefold()
    if name in NAMED_ZONES:
        return ZoneInfo(NAMED_ZONES[name])
    if name in ("z", "utc", "gmt"):
        return timezone.utc
    if name[:1] in ("+", "-"):
        digits = name[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return timezone(-offset if name[0] == "-" else offset)
    return None
