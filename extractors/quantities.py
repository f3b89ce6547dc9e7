"""Find counted quantities in a sentence: value, unit, modifier and who is being counted."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.dates import date_spans
from extractors.records import Quantity

# Group as named in subjects -> pattern of the names and adjectives that refer to it.
_GROUPS = {
    "North Korean": r"North Koreans?|North Korea(?:['’]s)?|DPRK|KPA|Pyongyang(?:['’]s)?"
    r"|Democratic (?:People['’]s )?Republic of Korea|Korean People['’]s Army",
    "South Korean": r"South Koreans?|South Korea(?:['’]s)?|ROK|Republic of Korea|Seoul(?:['’]s)?",
    "Russian": r"Russians?|Russia(?:['’]s)?|Moscow(?:['’]s)?|Kremlin(?:['’]s)?",
    "Ukrainian": r"Ukrainians?|Ukraine(?:['’]s)?|Kyiv(?:['’]s)?|Kiev(?:['’]s)?",
    "American": r"Americans?|US|U\.S\.|USA|United States|America(?:['’]s)?",
    "Chinese": r"Chinese|China(?:['’]s)?|Beijing(?:['’]s)?|PLA",
    "British": r"British|Britons?|Britain(?:['’]s)?|UK|U\.K\.|United Kingdom",
}
# "the North" names North Korea only in an article about Korea.
_CONTEXTUAL_ALIASES = {"north": ("North Korean", "Korea"), "south": ("South Korean", "Korea")}
_GROUP_LABELS = {f"group{i}": label for i, label in enumerate(_GROUPS)}
_CONTEXTUAL = r"[Tt]he\s+(?:North|South)(?!\s+[A-Z])"
# Unnamed form for embedding in larger patterns; group_of() tells which group matched.
_ALIAS = "|".join([*_GROUPS.values(), _CONTEXTUAL]).replace(" ", r"\s+")
_ALIAS_RE = re.compile(
    r"(?<![\w.])(?:%s)(?!\w)"
    % "|".join(
        [f"(?P<group{i}>{pattern})" for i, pattern in enumerate(_GROUPS.values())]
        + [f"(?P<contextual>{_CONTEXTUAL})"]
    ).replace(" ", r"\s+")
)
_DEMONYM_PLURALS = ("North Koreans", "South Koreans", "Russians", "Ukrainians", "Americans", "Britons")

# Nouns counted as fighting men and women; all compare as "troops" across articles.
_TROOP_UNITS = {
    "soldier": "soldiers", "soldiers": "soldiers", "troop": "troops", "troops": "troops",
    "personnel": "personnel", "fighter": "fighters", "fighters": "fighters",
    "recruit": "recruits", "recruits": "recruits", "serviceman": "servicemen",
    "servicemen": "servicemen", "conscript": "conscripts", "conscripts": "conscripts",
    "mercenary": "mercenaries", "mercenaries": "mercenaries", "forces": "forces",
    "paratroopers": "paratroopers", "marines": "marines", "reservists": "reservists",
}
_RANK_UNITS = {
    "officer": "officers", "officers": "officers", "general": "generals", "generals": "generals",
    "commander": "commanders", "commanders": "commanders",
}
# Measures describe an amount of something rather than a head count.
_MEASURE_UNITS = {
    "metric tonnes": "tonnes", "metric tonne": "tonnes", "metric tons": "tonnes",
    "metric ton": "tonnes", "tonnes": "tonnes", "tonne": "tonnes", "tons": "tons", "ton": "tons",
    "kilometres": "km", "kilometers": "km", "km": "km", "miles": "miles", "mile": "miles",
    "per cent": "percent", "percent": "percent", "%": "percent",
    "pounds": "GBP", "dollars": "USD", "euros": "EUR", "roubles": "RUB", "rubles": "RUB",
}
_OTHER_UNITS = {
    "person": "people", "people": "people", "man": "men", "men": "men", "civilian": "civilians", "tank": "tanks",
    "drone": "drones", "missile": "missiles", "shell": "shells", "vehicle": "vehicles",
    "day": "days", "week": "weeks", "month": "months", "year": "years",
}
_DEMONYM_UNITS = {demonym.lower() for demonym in _DEMONYM_PLURALS}
_UNITS = {**_TROOP_UNITS, **_RANK_UNITS, **_MEASURE_UNITS, **_OTHER_UNITS}
_CURRENCIES = {"£": "GBP", "$": "USD", "US$": "USD", "€": "EUR"}

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "bn": 1e9}
# Vague plurals ("thousands of troops") mean at least two of the unit; their own modifier keeps such
# lower bounds out of comparisons between figures that someone actually stated.
VAGUE_MODIFIER = "order of magnitude"
_VAGUE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
_MODIFIERS = {
    "about": "about", "some": "about", "approximately": "approximately", "roughly": "approximately",
    "an estimated": "approximately", "around": "around", "nearly": "nearly", "almost": "almost",
    "over": "over", "more than": "more than", "upwards of": "more than", "in excess of": "more than",
    "at least": "at least", "up to": "up to", "as many as": "up to", "between": "between",
    "less than": "less than", "fewer than": "less than",
}
_ADJECTIVES = (
    "military|active|additional|more|new|elite|regular|armed|combat|special|ground|foreign"
    "|trained|fresh|extra|other|young|experienced|technical|enemy|allied"
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_AMOUNT = re.compile(
    rf"""
    (?:(?<!\w)(?P<modifier>(?i:{_alternation(_MODIFIERS)}))\s+)?
    (?P<currency>US\$|[£$€])?
    (?<![\w.,/:])(?<![A-Za-z]-)(?P<amount>
        (?P<numeral>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<short_scale>bn|m|k)?(?!\w|[.,:]\d)
      | (?P<vague>(?i:{_alternation(_VAGUE)})(?:\s+of\s+(?P<vague_of>(?i:thousands|millions|billions)))?)(?!\w)
      | (?P<word>(?i:{_alternation(_NUMBER_WORDS)}|an?(?=[\s-]+(?:{_alternation(_SCALES)})\b)))(?!\w)
    )
    (?P<scales>(?:[\s-]+(?:{_alternation(_SCALES)})\b)*)
    """,
    re.VERBOSE,
)
# Lowercase words ending in "s" that are not plural nouns.
_NOT_PLURAL = "was|has|does|its|perhaps|always|towards|afterwards|sometimes|whereas|besides|yes"
_UNIT_TAIL = re.compile(
    rf"""
    [”"’]?(?:
        (?P<percent>\s?%|\s+per\s?cent\b)
      | (?P<of>\s+of)?
        (?P<premodifiers>(?:[\s-]+(?:{_ALIAS}|{_ADJECTIVES}|[a-z]+-[a-z]+)(?!\w)){{0,2}}?)
        [\s-]+(?P<noun>{_alternation(k for k in _UNITS if k != "%")}|{_alternation(_DEMONYM_PLURALS)}
                 |(?!(?:{_NOT_PLURAL})\b)[a-z]{{2,}}(?<![siu])s)\b
        (?P<owner>\s+(?:from|of)\s+(?:the\s+)?(?:{_ALIAS})(?!\w))?
        (?P<complement>\s+of\s+(?P<counted>[a-z]+))?
    )
    """,
    re.VERBOSE,
)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|and)\s*")
# Model and version numbers follow an all-caps or camel-case token: "VKP 2.1", "MiG 29".
_MODEL_NAME_BEFORE = re.compile(r"(?<!\S)[A-Z][A-Za-z]*[A-Z]\s$")
# "the two nations" refers back to things already named rather than counting them.
_REFERENCE_BEFORE = re.compile(r"(?i:\b(?:the|these|those|both|its|their)\s+)$")
_TROOP_MENTION = re.compile(
    rf"""
    (?<![\w.])(?:
        (?P<before>{_ALIAS})(?:[\s-]+(?:{_ADJECTIVES}))*[\s-]+(?:{_alternation(_TROOP_UNITS)})
      | (?:{_alternation(_TROOP_UNITS)})\s+(?:from|of)\s+(?:the\s+)?(?P<after>{_ALIAS})
      | (?P<demonym>{_alternation(_DEMONYM_PLURALS)})
    )(?!\w)
    """,
    re.VERBOSE,
)


@dataclass
class _Reading:
    """One number as read so far; ranges revise it before it becomes a Quantity."""

    value: float
    scale: float
    unit: str | None
    modifier: str | None
    group: str | None
    counted: str | None
    needs_unit: bool
    start: int
    end: int
    number_start: int
    number_end: int


def find_quantities(sentence: str, default_group: str | None = None) -> list[tuple[int, int, Quantity]]:
    """Quantities in the sentence as (start, end, Quantity); a range gives two, both "between"."""
    blocked = date_spans(sentence)
    context = f"{sentence} {default_group or ''}"
    readings = [
        reading
        for match in _AMOUNT.finditer(sentence)
        if (reading := _read(sentence, match, blocked, context)) is not None
    ]
    for lower, upper in zip(readings, readings[1:]):
        join = _RANGE_JOIN.fullmatch(sentence, lower.number_end, upper.number_start)
        if join and ("and" not in join.group() or lower.modifier == "between"):
            lower.modifier = upper.modifier = "between"
            if lower.scale == 1 and upper.scale != 1:
                lower.value *= upper.scale
            if lower.unit is None:
                lower.unit, lower.group, lower.counted = upper.unit, upper.group, upper.counted
    return [
        (
            r.start,
            r.end,
            Quantity(r.value, r.unit, r.modifier, sentence[r.start : r.end], _subject(r, default_group)),
        )
        for r in readings
        if r.unit is not None or not r.needs_unit
    ]


def group_of(text: str, context: str = "") -> str | None:
    """The first group (e.g. "North Korean") that an alias in the text names."""
    for match in _ALIAS_RE.finditer(text):
        if match.lastgroup != "contextual":
            return _GROUP_LABELS[match.lastgroup]
        label, needed = _CONTEXTUAL_ALIASES[match.group().split()[-1].lower()]
        if needed in context:
            return label
    return None


def dominant_group(text: str) -> str | None:
    """The group most often attached to troop-like nouns in the text."""
    counts = Counter(
        group
        for match in _TROOP_MENTION.finditer(text)
        if (group := group_of(match["before"] or match["after"] or match["demonym"], text))
    )
    return counts.most_common(1)[0][0] if counts else None


def _read(sentence: str, match: re.Match, blocked: list[tuple[int, int]], context: str) -> _Reading | None:
    number_start, number_end = match.span("amount")
    if any(start < number_end and number_start < end for start, end in blocked):
        return None
    currency = _CURRENCIES.get(match["currency"] or "")
    scale = 1.0
    for word in match["scales"].replace("-", " ").split():
        scale *= _SCALES[word.lower()]
    modifier = _MODIFIERS.get(" ".join((match["modifier"] or "").lower().split()))
    year_like = False
    if match["numeral"]:
        if _MODEL_NAME_BEFORE.search(sentence, 0, number_start):
            return None
        if match["short_scale"]:
            if not currency:
                return None
            scale *= _SHORT_SCALES[match["short_scale"]]
        digits = match["numeral"].replace(",", "")
        value = float(digits)
        needs_unit = False
        year_like = digits.isdigit() and len(digits) == 4 and 1800 <= value <= 2100
    elif match["vague"]:
        value = 2 * _VAGUE[match["vague"].split()[0].lower()] * _VAGUE.get((match["vague_of"] or "").lower(), 1)
        modifier = VAGUE_MODIFIER
        needs_unit = True
    else:
        if _REFERENCE_BEFORE.search(sentence, 0, number_start):
            return None
        value = float(_NUMBER_WORDS.get(match["word"].lower(), 1))  # "a" as in "a dozen"
        needs_unit = True

    end = match.end()
    unit, group, counted = currency, None, None
    tail = _UNIT_TAIL.match(sentence, end)
    if tail and (not tail["of"] or match["vague"]):
        if tail["percent"]:
            unit = unit or "percent"
        elif tail["noun"] in _DEMONYM_PLURALS:
            unit, group = tail["noun"].lower(), group_of(tail["noun"])
        else:
            unit = unit or _UNITS.get(tail["noun"].lower(), tail["noun"].lower())
            group = group_of(tail["premodifiers"], context) or group_of(tail["owner"] or "", context)
            counted = tail["counted"]
        end = tail.end()
    if year_like and not currency and scale == 1 and unit not in _UNITS.values():
        return None
    return _Reading(
        value=value * scale,
        scale=scale,
        unit=unit,
        modifier=modifier,
        group=group,
        counted=counted,
        needs_unit=needs_unit,
        start=match.start(),
        end=end,
        number_start=match.start("currency") if currency else number_start,
        number_end=match.end(),
    )


def _subject(reading: _Reading, default_group: str | None) -> str | None:
    unit, group = reading.unit, reading.group
    if unit is None:
        return None
    if unit in _TROOP_UNITS.values() or unit in _DEMONYM_UNITS:
        noun, group = "troops", group or default_group
    elif unit in _RANK_UNITS.values():
        noun, group = unit, group or default_group
    elif unit in _MEASURE_UNITS.values() or unit in _CURRENCIES.values():
        return reading.counted
    else:
        noun = unit
    return f"{group} {noun}" if group else noun
