"""Find the figures in a sentence: value, unit, kind, modifier and who or what is being counted.

A figure is a number someone could dispute: a head count, an amount of money, a percentage, a measure.
Numbers that only name or date something are not figures and are left out: ages ("the 45-year-old",
"Smith, 45,"), labels ("No 10", "Section 230", "Windows 11", "Boeing 737"), ordinals, years and fiscal
years ("2023-24"), dates and times ("12/03/2024", "5:30 p.m."), phone numbers, ZIP codes, ISBNs, version
numbers and sports scores or vote tallies ("won 3-1", "a 6-3 ruling").

Money keeps the currency it was written in, as an ISO 4217 code where the text makes the code certain
("$" alone is USD; "C$", "A$", "HK$" … and "Canadian dollars" are not), else the currency word itself
("francs" without "Swiss"). Nothing is converted; magnitudes ("bn", "crore", "lakh") are multiplied out.

"from X to Y", "rose to Y from X" and "Y, up from X" become one figure of form "change" (``value`` is the
later figure, ``from_value`` the earlier); "between X and Y", "X-Y" and "X to Y" stay a "range" of two
figures, both marked "between" and both carrying ``low`` and ``high``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.dates import date_spans
from extractors.records import Quantity
from extractors.text import word_trie

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
_ALIAS_AT_END = re.compile(r"(?<![\w.])(?:%s)$" % _ALIAS)
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
# Spans of time: a figure of them is a measure, never a subject ("10 years", "30 days").
_TIME_UNITS = {
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes",
    "hour": "hours", "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years",
    "decade": "decades", "decades": "decades", "century": "centuries", "centuries": "centuries",
}
# Measures describe an amount of something rather than a head count.
_MEASURE_UNITS = {
    "metric tonnes": "tonnes", "metric tonne": "tonnes", "metric tons": "tonnes",
    "metric ton": "tonnes", "tonnes": "tonnes", "tonne": "tonnes", "tons": "tons", "ton": "tons",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "km": "km",
    "miles": "miles", "mile": "miles", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "feet": "feet", "foot": "feet", "kilograms": "kg", "kilogrammes": "kg", "kilogram": "kg", "kg": "kg",
    "hectares": "hectares", "hectare": "hectares", "acres": "acres", "acre": "acres",
    "square kilometres": "km2", "square kilometers": "km2", "square miles": "sq miles",
    "litres": "litres", "liters": "litres", "gallons": "gallons", "barrels": "barrels", "barrel": "barrels",
    "lb": "lb", "lbs": "lb", "ounces": "oz", "ounce": "oz", "oz": "oz", "inches": "inches", "inch": "inches",
    "centimetres": "cm", "centimeters": "cm", "cm": "cm", "millimetres": "mm", "millimeters": "mm", "mm": "mm",
    "mph": "mph", "kph": "km/h", "km/h": "km/h", "MW": "MW", "GW": "GW", "kW": "kW", "kWh": "kWh",
    "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "degrees": "degrees", **_TIME_UNITS,
}
_PERCENT_UNITS = {"%", "percentage points", "basis points"}
_MULTIPLE_UNITS = {"times": "times", "fold": "times"}
_OTHER_UNITS = {
    "person": "people", "people": "people", "man": "men", "men": "men", "woman": "women", "women": "women",
    "child": "children", "children": "children", "civilian": "civilians", "tank": "tanks",
    "drone": "drones", "missile": "missiles", "shell": "shells", "vehicle": "vehicles",
}
_DEMONYM_UNITS = {demonym.lower() for demonym in _DEMONYM_PLURALS}
_UNITS = {**_TROOP_UNITS, **_RANK_UNITS, **_MEASURE_UNITS, **_MULTIPLE_UNITS, **_OTHER_UNITS}
_MEASURES = set(_MEASURE_UNITS.values())
_TIMES = set(_TIME_UNITS.values())

# --- subjects
# Counted nouns too general to compare across articles on their own: "people" is a subject only with an
# outcome ("people killed") or a group ("Ukrainian men"); the others never are.
_PEOPLE = {"people": "people", "persons": "people", "individuals": "people", "others": "people",
           "men": "men", "women": "women"}
_NOT_SUBJECTS = {
    "times", "things", "ones", "units", "items", "numbers", "figures", "points", "members", "cases",
    "pieces", "parts", "groups", "types", "kinds", "ways", "steps", "words", "lines", "places", "percent",
}
# What happened to those counted, written after ("50 people were killed") or before ("killing 50 people").
_OUTCOMES = {
    "killed": "killed", "kill": "killed", "kills": "killed", "killing": "killed", "dead": "killed",
    "died": "killed", "perished": "killed", "lost their lives": "killed",
    "injured": "injured", "injuring": "injured", "wounded": "injured", "wounding": "injured", "hurt": "injured",
    "displaced": "displaced", "displacing": "displaced", "arrested": "arrested", "arresting": "arrested",
    "detained": "arrested", "detaining": "arrested", "missing": "missing", "evacuated": "evacuated",
    "evacuating": "evacuated", "captured": "captured", "capturing": "captured", "taken prisoner": "captured",
}
_TROOP_OUTCOMES = {"killed", "injured", "captured", "missing"}
_OUTCOME_AFTER = re.compile(
    r"""(?:\s*,[^,]{1,60},)?\s+
    (?:(?:have|has|had|were|was|are|is|been|being|reportedly|also|already|now|allegedly
         |(?:believed|thought|said|feared|reported|confirmed)(?:\s+to\s+(?:have\s+been|be))?)\s+)*
    (?P<outcome>killed|dead|died|perished|lost\s+their\s+lives|injured|wounded|hurt|displaced|arrested|
               detained|missing|evacuated|captured|taken\s+prisoner)\b""",
    re.VERBOSE,
)
_OUTCOME_BEFORE = re.compile(
    r"\b(?P<outcome>kill(?:ed|s|ing)?|injur(?:ed|ing)|wound(?:ed|ing)|displac(?:ed|ing)|arrest(?:ed|ing)"
    r"|detain(?:ed|ing)|evacuat(?:ed|ing)|captur(?:ed|ing))\s+(?:all\s+|the\s+)?$"
)

# --- currencies
_ISO_CODES = (
    "USD EUR GBP JPY CNY CHF CAD AUD NZD HKD SGD INR KRW KPW RUB UAH BRL MXN ZAR SEK NOK DKK PLN HUF CZK "
    "ILS AED NGN EGP PKR TWD THB TRY IDR MYR"
).split()
_CODE_ALIASES = {"RMB": "CNY"}
# Symbols and prefixes written before the amount.
_PREFIX_CURRENCIES = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "C$": "CAD", "CA$": "CAD", "Can$": "CAD", "A$": "AUD",
    "AU$": "AUD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "SG$": "SGD", "R$": "BRL", "MX$": "MXN",
    "NT$": "TWD", "£": "GBP", "E£": "EGP", "€": "EUR", "¥": "JPY", "₹": "INR", "Rs": "INR", "Rs.": "INR",
    "₩": "KRW", "₽": "RUB", "₴": "UAH", "₺": "TRY", "₪": "ILS",
    **{code: code for code in _ISO_CODES}, **_CODE_ALIASES,
}
_SYMBOLS = "$£€¥₹₩₽₴₺₪"
_YUAN_CONTEXT = re.compile(r"(?i:\byuan\b|\brenminbi\b)|\bRMB\b|\bCNY\b")
_PAKISTAN_CONTEXT = re.compile(r"\bPakistan(?:i|is)?\b")
_INDIA_CONTEXT = re.compile(r"\bIndian?\b")
_NORTH_KOREA_CONTEXT = re.compile(r"North Korea|Pyongyang|DPRK")
_SOUTH_KOREA_CONTEXT = re.compile(r"South Korea|Seoul")
# Currency words after the amount: word -> (code when unqualified or None if ambiguous, qualifier -> code).
_DOLLAR_QUALIFIERS = {
    "us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD", "hong kong": "HKD",
    "new zealand": "NZD", "singapore": "SGD", "taiwan": "TWD", "taiwanese": "TWD",
}
_CURRENCY_WORDS = {
    "dollar": ("USD", _DOLLAR_QUALIFIERS),
    "euro": ("EUR", {}),
    "pound": ("GBP", {"egyptian": "EGP", "british": "GBP"}),
    "sterling": ("GBP", {}),
    "yen": ("JPY", {"japanese": "JPY"}),
    "yuan": ("CNY", {"chinese": "CNY"}),
    "renminbi": ("CNY", {}),
    "won": ("KRW", {"south korean": "KRW", "korean": "KRW", "north korean": "KPW"}),
    "rupee": ("INR", {"indian": "INR", "pakistani": "PKR", "sri lankan": "LKR", "nepalese": "NPR",
                      "nepali": "NPR"}),
    "rouble": ("RUB", {"russian": "RUB", "belarusian": "BYN"}),
    "ruble": ("RUB", {"russian": "RUB", "belarusian": "BYN"}),
    "hryvnia": ("UAH", {"ukrainian": "UAH"}),
    "franc": (None, {"swiss": "CHF"}),
    "lira": (None, {"turkish": "TRY"}),
    "shekel": ("ILS", {"israeli": "ILS"}),
    "rand": ("ZAR", {"south african": "ZAR"}),
    "naira": ("NGN", {}),
    "zloty": ("PLN", {"polish": "PLN"}),
    "forint": ("HUF", {"hungarian": "HUF"}),
    "baht": ("THB", {"thai": "THB"}),
    "ringgit": ("MYR", {}),
    "rupiah": ("IDR", {}),
    "peso": (None, {"mexican": "MXN", "argentine": "ARS", "argentinian": "ARS", "philippine": "PHP",
                    "chilean": "CLP", "colombian": "COP"}),
    "real": ("BRL", {"brazilian": "BRL"}),
    "riyal": (None, {"saudi": "SAR", "qatari": "QAR"}),
    "dirham": (None, {"emirati": "AED", "uae": "AED", "moroccan": "MAD"}),
    "krona": (None, {"swedish": "SEK", "icelandic": "ISK"}),
    "krone": (None, {"danish": "DKK", "norwegian": "NOK"}),
}
# Plural and variant spellings -> the key above.
_CURRENCY_FORMS = {
    **{w: w for w in _CURRENCY_WORDS}, "dollars": "dollar", "euros": "euro", "pounds": "pound",
    "rupees": "rupee", "roubles": "rouble", "rubles": "ruble", "hryvnias": "hryvnia", "hryvnya": "hryvnia",
    "francs": "franc", "lire": "lira", "shekels": "shekel", "zlotys": "zloty", "forints": "forint",
    "pesos": "peso", "reais": "real", "riyals": "riyal", "dirhams": "dirham", "kronor": "krona",
    "kroner": "krone", "pounds sterling": "pound",
}
_QUALIFIERS = {q for _, qualifiers in _CURRENCY_WORDS.values() for q in qualifiers}
_MONEY_CODES = {
    *_PREFIX_CURRENCIES.values(),
    *(code for default, qualifiers in _CURRENCY_WORDS.values() for code in [default, *qualifiers.values()] if code),
}


def _spaced(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_CURRENCY_TAIL = re.compile(
    rf"""
    \s+(?:
        (?:(?P<qualifier>(?i:{_spaced(_QUALIFIERS)}))\s+)?
        (?P<word>{_spaced(f for f in _CURRENCY_FORMS if f != "real")})(?!\w)
      | (?P<code>{"|".join([*_ISO_CODES, *_CODE_ALIASES])})(?!\w)
    )
    """,
    re.VERBOSE,
)
# "won" is mostly the verb; after a number it is the currency unless an object or a result follows.
_WON_VERB_AFTER = re.compile(r"\s+(?:the|a|an|by|over|against|their|his|her|its|\d|[a-z]+s)\b")
# "500 pounds of explosives" weighs; "5 million pounds of funding" pays.
_MONEY_NOUNS = re.compile(
    r"\s+of\s+(?:(?:public|taxpayers['’]?|new|extra|additional|government|state|emergency)\s+)?"
    r"(?:funding|funds|money|investment|aid|support|spending|cuts|savings|damages?|compensation|revenue"
    r"|income|debt|loans?|tax|taxes|profits?|losses|sales|assets|capital|cash|subsid(?:y|ies)|grants?|fines?)\b"
)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")  # after tens: "forty-five"
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12, "trn": 1e12}
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
    "|trained|fresh|extra|other|young|experienced|technical|enemy|allied|civilian|straight|consecutive"
    "|successive|separate|different|major|key|main|big|large|small|senior|junior|former|current|full|free"
    "|old|total|daily|weekly|monthly|annual|public|private|further|few|many|several"
)
# Other words that read as adjectives by their ending: "three positive indicators", "two infected individuals".
_ADJECTIVE_LIKE = (
    r"(?!(?:during|including|according|regarding|following|concerning|excluding|pending|being|having)\b)"
    r"[a-z]{2,}(?:ive|al|ous|ful|ic|ent|ant|ary|able|ible|less|ed|ing)"
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_AMOUNT = re.compile(
    rf"""
    (?<!\w)(?=[\w$£€¥₹])  # every figure starts a word: failing fast elsewhere keeps the scan cheap
    (?:(?P<modifier>(?i:{word_trie(_MODIFIERS)}))\s+)?
    (?:
        (?<![\w$£€¥₹])(?P<currency>[A-Z][A-Za-z.]{{0,3}}[$£]|(?:[A-Z]{{3}}|Rs\.?)(?=\s?\d)|[{_SYMBOLS}])\s?
      | (?<![\w.,/:#])(?:(?<![A-Za-z]-)|(?<=\bto-))
    )
    (?P<amount>
        (?!0\d)(?P<numeral>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?P<short_scale>bn|trn|tn|mn|m|k)?(?!\w|[.,:/]\d)
      | (?P<vague>(?i:{word_trie(_VAGUE)})(?:\s+of\s+(?P<vague_of>(?i:thousands|millions|billions)))?)(?!\w)
      | (?P<few>(?i:a\s+few|several))(?=[\s-]+(?i:hundred|thousand|million|billion|dozen)\b)
      | (?P<word>(?i:{word_trie(_NUMBER_WORDS)}(?:-{word_trie(_ONES)})?|an?(?=[\s-]+(?:{_alternation(_SCALES)})\b)))(?!\w)
    )
    (?P<scales>(?:[\s-]+(?:{_alternation(_SCALES)})\b)*)
    """,
    re.VERBOSE,
)
# Every figure holds a digit or one of these words (in lower case): most sentences hold none and skip the
# full pattern's scan.
_AMOUNT_HINT = re.compile(rf"\d|{word_trie([*_NUMBER_WORDS, *_SCALES, *_VAGUE])}")
# A model name between a count and its noun: "24 F-16 jets", "18 Leopard 2 tanks", "12 Su-34 bombers".
_MODEL = r"[A-Z][A-Za-z\d]*-\d+[A-Za-z\d]*|[A-Z][a-z]+\s\d+[A-Z\d]*"
# Nationalities and other proper adjectives beyond the named groups: "Palestinian", "Iranian", "French".
_NATIONALITY = r"[A-Z][a-z]+(?:an|ese|ish|i|ch)"
_NATIONALITY_RE = re.compile(rf"(?<!\w){_NATIONALITY}(?!\w)")
# What a share or a measure is of, past determiners and adjectives: "2% of annual federal revenues".
_DETERMINED = (
    r"(?:(?:the|its|their|his|her|our|all|this|that|these|those|a|an)\s+)?"
    rf"(?:(?:{_ADJECTIVES}|{_ADJECTIVE_LIKE})\s+){{0,2}}"
)
# Lowercase words ending in "s" that are not plural nouns.
_NOT_PLURAL = "was|has|does|its|perhaps|always|towards|afterwards|sometimes|whereas|besides|yes"
_UNIT_TAIL = re.compile(
    rf"""
    [”"’]?(?:
        (?P<percent>\s?%|\s+per\s?cent\b|\s+pc\b)(?:\s+of\s+{_DETERMINED}(?P<share_of>[A-Za-z][\w-]*))?
      | \s+(?P<points>percentage\s+points?|basis\s+points?|bps)\b
      | (?P<of>\s+of)?
        (?P<premodifiers>(?:[\s-]+(?:{_ALIAS}|{_ADJECTIVES}|(?!to-)[a-z]+-[a-z]+|{_MODEL}|{_NATIONALITY}
                                    |{_ADJECTIVE_LIKE}|[A-Z]{{2,5}})(?!\w)){{0,2}}?)
        [\s-]+(?P<noun>{_alternation(_UNITS)}|{_alternation(_DEMONYM_PLURALS)}
                 |(?!(?:{_NOT_PLURAL})\b)[a-z]{{2,}}(?<![siu])s)\b
        (?P<owner>\s+(?:from|of)\s+(?:the\s+)?(?:{_ALIAS})(?!\w))?
        (?P<complement>\s+of\s+{_DETERMINED}(?P<counted>[a-z]+))?
    )
    """,
    re.VERBOSE,
)
_RANGE_JOIN = re.compile(r"\s*(?:-to-|-|–|to|and)\s*")
_CHANGE_FROM = re.compile(r"(?i:\bfrom\s+)$")
_RANGE_WORDS = re.compile(r"(?i:\b(?:rang(?:e|es|ed|ing)|anywhere|vary|varies|varied|varying)\b[^.;:]{0,40})$")
# "12,000, up from 10,000", "(down from 5%)", and "fell to 3,000 from 5,000" after a "to".
_UP_FROM = re.compile(r"[”\"’]?\s*,?\s*\(?\s*(?:up|down)(?:\s+\w+ly)?\s+from\s+")
_BARE_FROM = re.compile(r"\s+from\s+")
_TO_BEFORE = re.compile(r"(?i:\bto\s+)$")
_RATIO_JOIN = re.compile(r"\s+(?:in|out\s+of)\s+")
# Sport results and vote tallies: "won 3-1", "a 6-3 ruling", "voted 52-48", "voted 400 to 200". A pair that
# runs downwards or level is one whatever the sentence; one that runs upwards only among words of sport or
# votes ("lost 1-2"). A counted noun after it makes it a range ("2-3 days").
_SCORE = re.compile(r"(?<![\w.,])(?P<a>\d{1,3})(?:\s?[-–]\s?|\s+to\s+)(?P<b>\d{1,3})(?![\w%]|[.,]\d)")
_SCORE_CONTEXT = re.compile(
    r"(?i:\b(?:won|win|wins|winning|beat|beats|beaten|lost|lose|loses|losing|drew|draw|drawn|victory|defeat"
    r"|defeated|score|scored|scoreline|goals?|match|game|final|half-?time|aggregate|penalties|sets?|innings?"
    r"|vote|voted|votes|ruling|majority|decision|verdict|margin|lead|led|trailing|series|cup|league)\b)"
)

# --- numbers that are not figures
# Model and version numbers follow an all-caps or camel-case token: "VKP 2.1", "MiG 29" (unless a unit
# follows: "told the BBC 500 people").
_MODEL_NAME_BEFORE = re.compile(r"(?<!\S)[A-Z][A-Za-z]*[A-Z]\s$")
# The second half of a code: "Airbus A350-900", "Boeing 737-800".
_CODE_BEFORE = re.compile(r"[A-Za-z]\d{1,4}-$")
_NUMBER_HYPHEN_BEFORE = re.compile(r"(?<![\d,.])\d{1,4}[-–]$")
# "the two nations" refers back to things already named rather than counting them.
_REFERENCE_BEFORE = re.compile(r"(?i:\b(?:the|these|those|both|its|their)\s+)$")
# "her first six albums", "the next 100 candidates": a set picked out, not a count.
_SET_BEFORE = re.compile(r"(?i:\b(?:the|its|their|his|her|our|my|your)\s+(?:first|last|next|past|previous|final)\s+)$")
# "two people familiar with the matter": anonymous sources, not a figure.
_SOURCES_AFTER = re.compile(
    r"[\s,]+(?:familiar\s+with|briefed\s+on|with\s+(?:direct\s+)?knowledge\s+of|close\s+to\s+the"
    r"|who\s+(?:spoke|asked|declined|requested|were\s+not\s+authori[sz]ed)|speaking\s+on\s+condition)\b"
)
# Weaker label words, for a number with no unit: "rebels in area 55", "in sector 4".
_WEAK_LABEL_BEFORE = re.compile(
    r"\b(?:area|zone|sector|district|ward|block|unit|line|row|seat|lot|floor|building|box|cell|bay|pier)\s$"
)
# Names with a number: "No 10", "Section 230", "page 12", "Room 101", "Highway 1", "Proposition 22".
_LABEL_BEFORE = re.compile(
    r"""(?:
        \b(?i:sections?|articles?|chapters?|pages?|pp?\.|paragraphs?|paras?\.?|clauses?|room|flight|gate|highway
             |route|interstate|proposition|prop\.|amendment|rule|episode|season|category|grade|tier|level|phase
             |stage|number|top|version|ver\.|zip\s+code|postcode|postal\s+code|verse|no\.|nos\.)
      | \b(?:No|Nos|NO|Resolution|Regulation|Directive|Decree|Figure|Fig\.|Table|Exhibit|Annex|Appendix|Volume
             |Vol\.|Issue|Question|Item|Form|Case|Bill|Law|Line|Track|Lot|Row|Seat|Block|Floor|Building|Flat
             |Apartment|District|Ward|Precinct|Zone|Sector|Division|League|Channel|Model|Type|Series|Class|Mark
             |Mk\.?|Title|Order|Unit|Camp|Cell|Pier|Berth|Lane|Platform|Terminal|Bus)
    )\s*$""",
    re.VERBOSE,
)
# Any capitalised token right before a number with no unit names something: "Windows 11", "FTSE 100",
# "iPhone 15", "Boeing 737" — unless it is a word that introduces figures or a group named in a figure.
_TOKEN_BEFORE = re.compile(r"(?<![\w'’&.-])(?P<token>[A-Za-z][\w&'’.-]*)\s$")
_FIGURE_WORDS = frozenset(
    """in on at by for from to of with without about around some over under nearly almost only just and but or
    the a an all another those these its their our his her since after before during between among than then
    when while where that this if although though yet so also still even perhaps each every both many several
    up down exactly approximately roughly total overall altogether including excluding like per plus minus
    estimated officially reportedly meanwhile however now today yesterday last next further additional more
    fewer less least most nearly i we they he she it you there here because as against toward towards
    whereas until till via within""".split()
)
_MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun"
    " jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday".split()
)
# Ages: "the 45-year-old", "45 years old", "aged 45", "aged 18 to 60", "Smith, 45,", "Smith (45)".
_AGE_AFTER = re.compile(
    r"[\s-]+(?:years?|yrs?|months?|weeks?|days?)[\s-]+olds?\b|\s+years?\s+of\s+age\b|\s+years?\s+young\b"
)
_AGE_BEFORE = re.compile(
    r"(?i:\b(?:aged|ages?|age\s+of)\s+(?:(?:between|from|of)\s+)?(?:\d{1,3}\s*(?:-|–|to|and)\s*)?)$"
)
_NAME_COMMA_BEFORE = re.compile(r"(?<![\w])(?:[A-Z][a-z'’-]+|Jr\.|Sr\.|I{2,3}|IV),\s$")
_NAME_PAREN_BEFORE = re.compile(r"(?<![\w])[A-Z][a-z'’-]+\s\($")
# Times: "5 p.m.", "10 o'clock", "0900 GMT".
_TIME_AFTER = re.compile(
    r"\s*(?:[ap]\.\s?m\.|[ap]m\b|o['’]clock\b)|\s+(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|ET|PT|hrs)\b"
    r"|\s+local\s+time\b"
)
# A street address: "1600 Pennsylvania Avenue", "10 Downing Street".
_ADDRESS_AFTER = re.compile(
    r"(?:\s+[A-Z][\w'’.-]*){1,3}\s+(?:Avenue|Ave|Street|St|Road|Rd|Boulevard|Blvd|Lane|Drive|Way|Place|Square"
    r"|Court|Terrace|Crescent|Parkway|Plaza|Row|Gardens)\b"
)
# A compound adjective: "a 300-page report", "a 10-point plan", "a five-star hotel" describe a thing.
_COMPOUND_AFTER = re.compile(r"-(?P<word>[a-z]+)\b(?!-)")
# "a 2,000-strong force" counts troops.
_STRONG_AFTER = re.compile(
    rf"-strong(?P<premodifiers>(?:\s+(?:{_ALIAS}|{_ADJECTIVES})(?!\w)){{0,2}})\s+"
    r"(?P<noun>force|forces|contingent|army|brigade|battalion|division|unit|corps|detachment|crowd|team|workforce)\b"
)
_FORCE_NOUNS = {"force", "forces", "contingent", "army", "brigade", "battalion", "division", "unit", "corps",
                "detachment"}
# "2023-24", "2020/21": the second half of a season or fiscal year.
_YEAR_JOIN_BEFORE = re.compile(r"(?<![\d,.])(?:19|20)\d\d\s?[-–/]\s?$")
_US_STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
).split()
# Dates written in digits, phone numbers, ZIP codes, ISBNs, clock times: whole spans that hold no figure.
_CODE_SPANS = re.compile(
    rf"""
    (?=[\d+(A-Za-z]|^)  # a cheap first test at each position
    (?:
      (?<![\w.])\d{{4}}-\d\d-\d\d(?!\d)
    | (?<![\w.,])\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}(?!\d|\.\d)
    | \+\d{{1,3}}[\s.-]?(?:\(\d{{1,4}}\)[\s.-]?)?\d{{1,4}}(?:[\s.-]?\d{{2,4}}){{1,4}}
    | \(\d{{3,5}}\)\s?\d{{3,4}}[\s.-]?\d{{3,4}}
    | (?<![\d,.])\d{{3}}[.-]\d{{3}}[.-]\d{{4}}(?!\d)
    | (?<![\d,.])\d{{3}}-\d{{4}}(?!\d|[,.]\d|\s*(?:%|[a-z]))
    | (?<![\d,.])\d{{3}}-0\d{{3}}(?!\d)
    | (?i:\b(?:call|phone|tel|telephone|hotline|helpline|dial|fax|text)\b)\W{{1,3}}
      (?:\(\d{{3}}\)\s?)?\d{{3}}[\s.-]\d{{4}}
    | (?<![\w.,])0\d{{1,4}}[\s-]\d{{3,4}}[\s-]?\d{{3,4}}(?!\d)
    | \bISBN(?:-1[03])?:?\s*[\dXx][\d\s-]{{8,}}[\dXx]
    | \b(?:{word_trie(_US_STATES)})\s\d{{5}}(?:-\d{{4}})?(?!\d)
    | (?<![\d,.])\d{{5}}-\d{{4}}(?!\d)
    | (?<![\w.])\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?\s?(?:[ap]\.?\s?m\b\.?)
    | \(\d{{1,3}}(?:[,–-]\s?\d{{1,3}})*\)(?=\s*[.,;:]|\s*$)
    | ^\s*\d{{1,2}}\)
    | \b(?:911|999|112)(?=\s+(?:calls?|call-?takers?|dispatch\w*|operators?|cent(?:er|re)s?|system|line)\b)
    | (?i:\b(?:call(?:ed|ing|s)?|dial(?:l?ed|l?ing|s)?|phoned|rang)\s+)(?:911|999|112)\b
    )
    """,
    re.VERBOSE,
)
# Every code span above holds one of these: digits joined by a separator or a space, a plus sign or a
# bracket, five digits, an emergency number or ISBN. Most numbers have none nearby and skip the full scan.
_CODE_HINT = re.compile(r"\d(?:[-./:–]\s?|\s+)\d|[+()]|\d{5}|911|999|112|ISBN")
_TROOP_MENTION = re.compile(
    rf"""
    (?<![\w.])(?=[A-Za-z])(?:
        (?P<before>{_ALIAS})(?:[\s-]+(?:{_ADJECTIVES}))*[\s-]+(?:{word_trie(_TROOP_UNITS)})
      | (?:{word_trie(_TROOP_UNITS)})\s+(?:from|of)\s+(?:the\s+)?(?P<after>{_ALIAS})
      | (?P<demonym>{_alternation(_DEMONYM_PLURALS)})
    )(?!\w)
    """,
    re.VERBOSE,
)

# Every troop mention holds a troop noun or a demonym plural; most articles hold neither.
_TROOP_HINT = re.compile(word_trie([*_TROOP_UNITS, *_DEMONYM_PLURALS]))


@dataclass
class _Reading:
    """One number as read so far; ranges and changes revise it before it becomes a Quantity."""

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
    explicit_unit: bool = False  # the unit was written after this number, not lent by a range partner
    outcome: str | None = None
    form: str = "single"
    low: float | None = None
    high: float | None = None
    from_value: float | None = None
    named: bool = False  # a label or an age unless a unit turns up: "Windows 11", "Smith, 45,"


def find_quantities(sentence: str, default_group: str | None = None) -> list[tuple[int, int, Quantity]]:
    """Figures in the sentence as (start, end, Quantity).

    A range ("between 10,000 and 12,000 troops") gives two quantities, both "between" with ``low`` and
    ``high``; a change ("rose from 10,000 to 12,000 troops") gives one, spanning from "from" to its end.
    """
    if not _AMOUNT_HINT.search(sentence.lower()):
        return []
    blocked: list[tuple[int, int]] | None = None
    context = f"{sentence} {default_group or ''}"
    readings: list[_Reading] = []
    for match in _AMOUNT.finditer(sentence):
        if blocked is None:
            blocked = date_spans(sentence)
        if readings and match.start("amount") < readings[-1].end:
            continue  # inside the previous figure: "18 Leopard 2 tanks"
        reading = _read(sentence, match, blocked, context)
        if reading is not None:
            readings.append(reading)
    if len(readings) > 1:
        readings = _join(sentence, readings)
    return [
        (r.start, r.end, _quantity(sentence, r, default_group))
        for r in readings
        if r.unit is not None or not (r.needs_unit or r.named)
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
    if not _TROOP_HINT.search(text):
        return None
    counts = Counter(
        group
        for match in _TROOP_MENTION.finditer(text)
        if (group := group_of(match["before"] or match["after"] or match["demonym"], text))
    )
    return counts.most_common(1)[0][0] if counts else None


def kind_of(unit: str | None) -> str:
    """What a unit measures: "money", "percent", "multiple", "measure" or "count" (also for no unit)."""
    if unit is None:
        return "count"
    if unit in _MONEY_CODES or unit in _CURRENCY_FORMS:
        return "money"
    if unit in _PERCENT_UNITS:
        return "percent"
    if unit in _MULTIPLE_UNITS.values():
        return "multiple"
    if unit in _MEASURES:
        return "measure"
    return "count"


def _read(sentence: str, match: re.Match, blocked: list[tuple[int, int]], context: str) -> _Reading | None:
    number_start, number_end = match.span("amount")
    if any(start < number_end and number_start < end for start, end in blocked):
        return None
    start = match.start()
    before = sentence[max(0, start - 32) : start]
    after = sentence[number_end : number_end + 40]
    currency = _prefix_currency(match["currency"], sentence)
    if match["currency"] and currency is None:
        return _read_without_currency(sentence, match, blocked, context)
    scale = 1.0
    for word in match["scales"].replace("-", " ").split():
        scale *= _SCALES[word.lower()]
    modifier = _MODIFIERS.get(" ".join((match["modifier"] or "").lower().split()))
    year_like = False
    if match["numeral"]:
        if _in_code(sentence, number_start, number_end) or _in_score(sentence, number_start, number_end):
            return None
        if not currency and _is_model_code(sentence, before, number_end):
            return None  # "A350-900", "Boeing 737-800"
        if not currency and not match["modifier"] and _LABEL_BEFORE.search(before):
            return None
        if _AGE_BEFORE.search(before) or _YEAR_JOIN_BEFORE.search(before) and len(match["numeral"]) == 2:
            return None
        if not match["scales"] and not match["short_scale"] and (
            _AGE_AFTER.match(after) or _TIME_AFTER.match(after) or _ADDRESS_AFTER.match(after)
        ):
            return None
        digits = match["numeral"].replace(",", "")
        value = float(digits)
        needs_unit = False
        year_like = match["numeral"].isdigit() and len(digits) == 4 and 1800 <= value <= 2100
    elif match["vague"] or match["few"]:
        if match["few"]:
            value = 2.0  # "a few thousand", "several dozen": at least two of the scale
        else:
            value = 2 * _VAGUE[match["vague"].split()[0].lower()] * _VAGUE.get((match["vague_of"] or "").lower(), 1)
        modifier = VAGUE_MODIFIER
        needs_unit = True
    else:
        if _REFERENCE_BEFORE.search(before):
            return None
        if _AGE_AFTER.match(sentence, match.end()) or _AGE_BEFORE.search(before):
            return None
        parts = [_NUMBER_WORDS.get(part, 1) for part in match["word"].lower().split("-")]  # 1: "a dozen"
        if len(parts) == 2 and (parts[0] < 20 or parts[0] % 10):
            return None  # "two-three" is no number
        value = float(sum(parts))
        needs_unit = True

    end = match.end()
    unit, group, counted = currency, None, None
    explicit = currency is not None
    money_tail = None if currency else _CURRENCY_TAIL.match(sentence, end)
    if money_tail and (code := _tail_currency(sentence, money_tail, value * scale)) is not None:
        unit, explicit, end = code, True, money_tail.end()
    elif (strong := _STRONG_AFTER.match(sentence, end)) and match["numeral"]:
        noun = strong["noun"]
        unit = "troops" if noun in _FORCE_NOUNS else noun
        group = group_of(strong["premodifiers"], context)
        explicit, end = True, strong.end()
    else:
        tail = _UNIT_TAIL.match(sentence, end)
        if tail and (not tail["of"] or match["vague"] or match["few"]):
            if tail["percent"]:
                unit = unit or "%"
                counted = tail["share_of"]
            elif tail["points"]:
                unit = unit or ("basis points" if tail["points"][0] in "bB" else "percentage points")
            elif tail["noun"] in _DEMONYM_PLURALS:
                unit, group = tail["noun"].lower(), group_of(tail["noun"])
            else:
                unit = unit or _UNITS.get(tail["noun"].lower(), tail["noun"].lower())
                group = (
                    group_of(tail["premodifiers"], context)
                    or group_of(tail["owner"] or "", context)
                    or _nationality(tail["premodifiers"])
                )
                counted = tail["counted"]
            explicit = True
            end = tail.end()
            if tail["complement"] and kind_of(unit) != "measure":
                counted, end = None, tail.start("complement")  # "of" names what is measured, not what is counted
            if kind_of(unit) == "count" and value < 20 and _SOURCES_AFTER.match(sentence, end):
                return None  # "two people familiar with the matter"
        elif match["numeral"] and not currency and _COMPOUND_AFTER.match(sentence, match.end()):
            return None  # "a 300-page report"
    if unit not in _TIMES and _SET_BEFORE.search(before):
        return None  # "her first six albums", but "the past two years" is a span of time
    if match["short_scale"]:
        if kind_of(unit) == "money":
            scale *= _SHORT_SCALES[match["short_scale"]]
        elif unit is not None and explicit:
            scale *= _SHORT_SCALES[match["short_scale"]]  # "1.3bn people", "1.8m cars"
        else:
            return None  # "100m sprint", "5k run"
    if year_like and not currency and scale == 1 and unit not in _UNITS.values():
        return None
    # Decided once ranges have lent units: "Stay 2-3 days" is a range, "Windows 11" a name.
    named = bool(match["numeral"] and unit is None and not match["modifier"] and not currency) and (
        _is_label(before) or _is_age_in_apposition(sentence, before, match)
    )
    return _Reading(
        value=value * scale,
        scale=scale,
        unit=unit,
        modifier=modifier,
        group=group,
        counted=counted,
        needs_unit=needs_unit,
        start=start,
        end=end,
        number_start=match.start("currency") if currency else number_start,
        number_end=match.end(),
        explicit_unit=explicit,
        outcome=_outcome(sentence, before, end),
        named=named,
    )


def _read_without_currency(sentence: str, match: re.Match, blocked, context: str) -> _Reading | None:
    """Read again a number whose would-be currency prefix is no currency: "ABC 5", "ZZ$5"."""
    if match["modifier"] or not match["currency"][-1].isalpha():
        return None
    again = _AMOUNT.match(sentence, match.start("amount"))
    return _read(sentence, again, blocked, context) if again else None


def _nationality(premodifiers: str) -> str | None:
    found = _NATIONALITY_RE.search(premodifiers) if premodifiers else None
    return found.group() if found else None


def _in_code(sentence: str, start: int, end: int) -> bool:
    """Whether the number at start:end is part of a date in digits, a phone number, a ZIP code, …"""
    window = max(0, start - 24), end + 30
    if not _CODE_HINT.search(sentence, *window):
        return False
    for code in _CODE_SPANS.finditer(sentence, *window):
        if code.start() >= end:
            return False
        if code.end() > start:
            return True
    return False


def _in_score(sentence: str, start: int, end: int) -> bool:
    """Whether the number at start:end is one side of a score or a vote tally."""
    if end - start > 3:
        return False
    for score in _SCORE.finditer(sentence, max(0, start - 8), end + 8):
        if score.start() >= end:
            return False
        if score.end() <= start:
            continue
        tail = _UNIT_TAIL.match(sentence, score.end())
        if tail and not tail["of"] or _CURRENCY_TAIL.match(sentence, score.end()):
            return False
        if "to" in score.group() and _CHANGE_FROM.search(sentence, max(0, score.start() - 10), score.start()):
            return False  # "from 3 to 5"
        return int(score["a"]) >= int(score["b"]) or bool(_SCORE_CONTEXT.search(sentence))
    return False


def _prefix_currency(prefix: str | None, sentence: str) -> str | None:
    if not prefix:
        return None
    code = _PREFIX_CURRENCIES.get(prefix.strip())
    if code is None:
        return None
    if code == "JPY" and _YUAN_CONTEXT.search(sentence):
        return "CNY"  # "¥" is the yuan's sign too
    if prefix.startswith("Rs") and _PAKISTAN_CONTEXT.search(sentence) and not _INDIA_CONTEXT.search(sentence):
        return "PKR"
    return code


def _tail_currency(sentence: str, tail: re.Match, value: float) -> str | None:
    """The ISO code for a currency written after the amount, the word itself if ambiguous, or None."""
    if tail["code"]:
        return _CODE_ALIASES.get(tail["code"], tail["code"])
    word = " ".join(tail["word"].lower().split())
    key = _CURRENCY_FORMS[word]
    if key == "won" and (_WON_VERB_AFTER.match(sentence, tail.end()) or value < 100):
        return None  # "the party 5 won seats"
    if key == "pound" and word != "pounds sterling":
        if sentence.startswith(" of ", tail.end()) and not _MONEY_NOUNS.match(sentence, tail.end()):
            return "lb"  # "500 pounds of explosives"
    default, qualifiers = _CURRENCY_WORDS[key]
    if tail["qualifier"]:
        qualifier = " ".join(tail["qualifier"].lower().split())
        if qualifier in qualifiers:
            return qualifiers[qualifier]
        if not default:
            return word  # "CFA francs": a currency, but no code the text makes certain
    if key == "won" and _NORTH_KOREA_CONTEXT.search(sentence) and not _SOUTH_KOREA_CONTEXT.search(sentence):
        return word  # the North's won or the South's: the text does not say
    return default or word


def _is_model_code(sentence: str, before: str, number_end: int) -> bool:
    """Either half of a model or part number: "A350-900", "Boeing 737-800", "pp. 40-45"."""
    if _CODE_BEFORE.search(before):
        return True
    if (hyphen := _NUMBER_HYPHEN_BEFORE.search(before)) is not None:
        prefix = before[: hyphen.start()]
        return _LABEL_BEFORE.search(prefix) is not None or _is_label(prefix)
    following = sentence[number_end : number_end + 2]
    return len(following) == 2 and following[0] in "-–" and following[1].isdigit() and _is_label(before)


def _is_label(before: str) -> bool:
    if _WEAK_LABEL_BEFORE.search(before) or _MODEL_NAME_BEFORE.search(before):
        return True
    token = _TOKEN_BEFORE.search(before)
    if token is None:
        return False
    word = token["token"]
    if not any(c.isupper() for c in word) or word.endswith(("'s", "’s", "s'", "s’")):
        return False
    lower = word.lower().rstrip(".")
    if lower in _FIGURE_WORDS or lower in _MONTHS_AND_DAYS:
        return False
    return not _ALIAS_AT_END.search(before.rstrip())


def _is_age_in_apposition(sentence: str, before: str, match: re.Match) -> bool:
    """"Jane Smith, 45, said …" and "Smith (45)": a small whole number set off after a name."""
    numeral = match["numeral"]
    if not numeral.isdigit() or int(numeral) > 120:
        return False
    following = sentence[match.end() : match.end() + 2]
    name = _NAME_COMMA_BEFORE.search(before) or _NAME_PAREN_BEFORE.search(before)
    if name is None or name.group().rstrip(" ,(").lower() in _MONTHS_AND_DAYS:
        return False
    if name.group().endswith(", "):
        return following[:1] == "," or following[:1] == "." and following[1:2] in ("", " ")
    return following[:1] == ")"


def _outcome(sentence: str, before: str, end: int) -> str | None:
    after = _OUTCOME_AFTER.match(sentence, end)
    if after:
        return _OUTCOMES[" ".join(after["outcome"].split())]
    preceding = _OUTCOME_BEFORE.search(before)
    if preceding:
        return _OUTCOMES[preceding["outcome"]]
    return None


def _join(sentence: str, readings: list[_Reading]) -> list[_Reading]:
    """Read neighbouring numbers together: ranges, changes and ratios."""
    joined: list[_Reading] = []
    i = 0
    while i < len(readings):
        lower = readings[i]
        upper = readings[i + 1] if i + 1 < len(readings) else None
        if upper is not None:
            pair = _pair(sentence, lower, upper)
            if pair is not None:
                joined.append(pair)
                if pair.form == "range":
                    joined.append(upper)
                i += 2
                continue
        joined.append(lower)
        i += 1
    return joined


def _pair(sentence: str, lower: _Reading, upper: _Reading) -> _Reading | None:
    """The reading two neighbours make together, or None if they stand apart."""
    if lower.unit is not None and upper.unit is not None and lower.unit != upper.unit:
        return None
    window_start = max(0, lower.start - 60)
    from_word = _CHANGE_FROM.search(sentence, window_start, lower.start)
    join = _RANGE_JOIN.fullmatch(sentence, lower.number_end, upper.start)
    if join is None and lower.explicit_unit and (upper.unit == lower.unit or from_word):
        join = _RANGE_JOIN.fullmatch(sentence, lower.end, upper.start)  # "5% to 7%"
    if join:
        word = join.group().strip()
        if word == "to" and from_word and not _RANGE_WORDS.search(sentence, window_start, from_word.start()):
            _lend(upper, lower)
            return _change(upper, lower, from_word.start(), upper.end)
        if word != "and" or lower.modifier == "between":
            if _lent_value(upper, lower) > upper.value:
                return None  # a range runs upwards
            _lend(upper, lower)
            lower.modifier = upper.modifier = "between"
            lower.form = upper.form = "range"
            lower.low = upper.low = lower.value
            lower.high = upper.high = upper.value
            return lower
        return None
    # "12,000 troops, up from 10,000" and "fell to 3,000 from 5,000"
    if upper.unit is None or upper.unit == lower.unit:
        if _UP_FROM.fullmatch(sentence, lower.end, upper.start) or (
            _BARE_FROM.fullmatch(sentence, lower.end, upper.start)
            and _TO_BEFORE.search(sentence, max(0, lower.start - 10), lower.start)
        ):
            _lend(lower, upper)
            return _change(lower, upper, lower.start, upper.end)
    # "one in five adults"
    if (
        lower.unit is None
        and upper.unit is not None
        and kind_of(upper.unit) == "count"
        and 0 < lower.value < upper.value
        and _RATIO_JOIN.fullmatch(sentence, lower.number_end, upper.start)
    ):
        return _Reading(
            value=100 * lower.value / upper.value, scale=1, unit="%", modifier=lower.modifier, group=upper.group,
            counted=upper.unit, needs_unit=False, start=lower.start, end=upper.end,
            number_start=lower.number_start, number_end=upper.number_end, explicit_unit=True,
        )
    return None


def _lent_value(giver: _Reading, taker: _Reading) -> float:
    """The taker's value with the giver's scale when it has none of its own ("10 to 12 million")."""
    if taker.scale == 1 and giver.scale != 1 and giver.value and 0.01 <= taker.value * giver.scale / giver.value <= 100:
        return taker.value * giver.scale
    return taker.value


def _lend(giver: _Reading, taker: _Reading) -> None:
    """Give the number that lacks them the unit and the scale of its partner ("10 to 12 million dollars")."""
    taker.value = _lent_value(giver, taker)
    if taker.unit is None:
        taker.unit, taker.group, taker.counted = giver.unit, giver.group, giver.counted
        taker.needs_unit = taker.needs_unit and giver.needs_unit


def _change(to: _Reading, earlier: _Reading, start: int, end: int) -> _Reading:
    to.form, to.from_value, to.start, to.end = "change", earlier.value, start, end
    to.needs_unit = to.needs_unit and earlier.needs_unit
    to.outcome = to.outcome or earlier.outcome
    return to


def _quantity(sentence: str, r: _Reading, default_group: str | None) -> Quantity:
    return Quantity(
        r.value,
        r.unit,
        r.modifier,
        sentence[r.start : r.end],
        _subject(r, default_group),
        kind=kind_of(r.unit),
        form=r.form,
        low=r.low,
        high=r.high,
        from_value=r.from_value,
    )


def _subject(reading: _Reading, default_group: str | None) -> str | None:
    """Who or what is counted, in terms that compare across articles, or None if nothing that specific.

    Troops of a group ("North Korean troops", the article's dominant group standing in for an unnamed one)
    and other counted nouns ("tanks", "Ukrainian civilians") as before; a casualty outcome qualifies them
    ("North Korean troops killed"). General words never stand alone: "people", "men", "others" need an
    outcome ("people killed") or a group ("Ukrainian men"); durations ("years"), multiples ("times") and
    bare percentages have no subject; a share names what it is of ("% of voters").
    """
    unit, group = reading.unit, reading.group
    kind = kind_of(unit)
    if unit is None or kind == "multiple":
        return None
    if kind == "percent":
        return f"% of {reading.counted}" if reading.counted else None
    if kind == "money":
        return None  # "$5bn of aid" and "5,000 tonnes of aid" are not one subject
    if kind == "measure":
        return None if unit in _TIMES else reading.counted
    outcome = reading.outcome
    if unit in _TROOP_UNITS.values() or unit in _DEMONYM_UNITS:
        noun, group = "troops", group or default_group
        outcome = outcome if outcome in _TROOP_OUTCOMES else None
    elif unit in _RANK_UNITS.values():
        noun, group = unit, group or default_group
        outcome = outcome if outcome in _TROOP_OUTCOMES else None
    elif unit in _PEOPLE:
        if not (outcome or group):
            return None
        noun = _PEOPLE[unit]
    elif unit in _NOT_SUBJECTS:
        return None
    else:
        noun = unit
    subject = f"{group} {noun}" if group else noun
    return f"{subject} {outcome}" if outcome else subject
