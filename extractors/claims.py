"""Split article text into sentences and pick out checkable claims: who asserts what, and when."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from extractors.dates import find_dates
from extractors.quantities import dominant_group, find_quantities, group_of
from extractors.records import Claim

# A sentence ends at a newline, or at terminal punctuation (with any closing quote or bracket)
# followed by space and something that can start a sentence.
_SENTENCE_EVENT = re.compile(r'\n|[“”"]|[.!?…]+[”"’)\]]*(?=[ \t]+[“"‘(\[]?[A-Z\d])')
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Prof|Rev|St|Jr|Sr|vs"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|e\.g|i\.e)|(?<![\w.])[A-Z](?:\.[A-Z])*)$"
)
_NUMBER_ABBREVIATION = re.compile(r"\bNo\.\s+\d")
_QUOTE_MARK = re.compile(r"[“”\"‘]|’(?![A-Za-z])")
_CLOSING_QUOTE = {"“": "”", '"': '"', "‘": "’"}

_SOURCE = re.compile(r"(?<!\w)(?:(?P<according>[Aa]ccording\s+to)|[Rr]eports?\s+(?:by|from))\s+")
_CUE = re.compile(
    r"""(?<![\w-])(?:
        made\s+(?:the|an)\s+(?:official\s+)?announcement
      | told(?:\s+(?:reporters|journalists))?
      | said|says|stated|wrote|writes|reported|claimed|informed|announced|confirmed|added|warned
      | noted|asserted|indicated|indicates|indicate|expressed|revealed|alleged|insisted|explained
      | estimated|acknowledged|posted|tweeted|disclosed|denied
      | claims(?!\s+of\b)
      | determined(?!\s+to\b)
      | detailed(?=\s+that\b)
      | (?P<progressive>saying|claiming|reporting|warning|insisting)
    )(?![\w-])""",
    re.VERBOSE,
)
_HEDGE_CUE = re.compile(r"(?<!\w)(?:reportedly|allegedly|purportedly)(?!\w)")
_BE_BEFORE = re.compile(r"(?i:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?)$")
_INVERSION_BEFORE = re.compile(r"[,”\"’]\s*$")
# Where a claimant named after "according to" or an inverted verb stops.
_NOUN_PHRASE_END = re.compile(
    r"[,;:!?“”\"—–]|(?<![A-Z])\.(?!\d)|\s(?:that|who|which|and|but|as|when|while|because)\b"
)
# Commas inside figures ("12,000") do not break a clause.
_CLAUSE_BREAK = re.compile(r",(?!\d)|[;:—–]")
_LEADING_CONNECTIVES = re.compile(
    r"\s*(?:(?i:and|but|while|as|although|though|whereas|because|so|then|meanwhile|however|now)\s+)*"
)
_TRAILING_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|repeatedly|publicly|officially|recently|earlier|later"
    r"|already|now|then|again|further|first|initially|separately|still|once|will|would|could"
    r"|may|might|did|does|do|is|are|was|were|been|being))*\s*$"
)
_LOCATION_TAIL = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*$")
_APPOSITIVE_NAME = re.compile(r",\s*([A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,2})\s*,")
_WORD = re.compile(r"\S+")
_DETERMINERS = {"the", "a", "an"}
_NEGATIONS = {"not", "nor", "neither", "never", "no"}
_BREAKERS = _NEGATIONS | {
    "by", "to", "from", "with", "was", "were", "is", "are", "be", "been", "of", "for", "and", "or",
    "in", "on", "at", "that", "this", "these", "those", "than", "into", "via", "after", "before",
    "since", "during", "over", "under", "about", "against", "between", "through", "while", "when",
    "where", "whether", "if", "either", "which", "who", "as", "but", "has", "have", "had",
}
# Connectives that stay inside a name when capitalised words stand on both sides.
_NAME_CONNECTIVES = {"of", "for", "and", "&"}
_PRONOUNS = {"he", "she", "it", "they"}
_SOURCE_NOUNS = {
    "media", "officials", "official", "intelligence", "government", "ministry", "agency", "service",
    "military", "army", "command", "office", "spokesman", "spokeswoman", "spokesperson",
    "statement", "report", "reports", "experts", "expert", "analysts", "analyst", "sources",
    "source", "writers", "bloggers", "blogger", "broadcaster", "channel", "newspaper", "outlet",
    "authorities", "lawmakers", "diplomats", "observers", "president", "minister", "leader",
    "commander", "embassy", "department", "police", "researchers", "monitors", "journalists",
    "correspondent", "post", "union", "unions", "authority", "company", "firm", "operator", "council",
    "court", "prosecutors", "investigators", "regulator", "bank", "committee", "commission", "board",
    "organisation", "organization", "association", "federation", "watchdog", "witnesses", "residents",
    "study", "survey", "data", "figures", "statistics", "poll", "spokespeople", "representatives",
}
# Plural agent nouns ("freight forwarders", "economists", "protesters") name groups that speak.
_AGENT_PLURAL = re.compile(r"[a-z]{3,}(?:ers|ors|ists|ians|ants|ents)$")
_MEDIUM_PREFIX = re.compile(r"^(?:statement|reports?|post|video)\s+(?:from|by|of)\s+(?:the\s+|a\s+)?", re.I)
_MEDIUM_SUFFIX = re.compile(r"\s+(?:reports?|statement)$")
_LEADING_DETERMINER = re.compile(r"^(?i:the|a|an)\s+")
_INWORD_APOSTROPHE = re.compile(r"(?<=[A-Za-z])’(?=[A-Za-z])")
_COUNTRY_NAMES = {
    "US": "United States", "U.S.": "United States", "U.S": "United States", "USA": "United States",
    "United States": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "United Kingdom": "United Kingdom",
}
_TITLE_WORDS = {
    "President", "Minister", "Secretary", "Defence", "Defense", "General", "Gen.", "Colonel", "Col.",
    "Lieutenant", "Lt.", "Major", "Maj.", "Captain", "Capt.", "Admiral", "Sergeant", "Chancellor",
    "Premier", "Senator", "Sen.", "Ambassador", "Director", "Commander", "Chief", "Leader",
    "Spokesman", "Spokeswoman", "Spokesperson", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Foreign",
    "State", "Prime", "Deputy", "Vice", "Governor", "King", "Queen", "Prince", "Pope", "Head",
}
_ORGANISATION_WORDS = {
    "Ministry", "Agency", "Service", "Intelligence", "Army", "Forces", "Center", "Centre",
    "Institute", "Institution", "Department", "Office", "Council", "Committee", "Government",
    "Command", "Channel", "Media", "News", "Press", "Post", "Times", "Telegraph", "University",
    "Union", "Party", "Embassy", "Kremlin", "Pentagon", "Review", "Network", "Bureau", "Staff",
}
_TITLED_NAME = re.compile(
    r"\b(?:President|Minister|Secretary|Defen[cs]e|leader|chief|Chancellor|Premier|General|Colonel"
    r"|spokesman|spokeswoman|Senator|Ambassador|Director|Commander)\s+"
    r"([A-Z][a-z]+(?:-[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[a-z]+)?){1,2})"
)

# An inverted cue followed by a preposition ("…, said in a statement") names no claimant after it;
# "X, which lost the tender, said" names it before the relative clause.
_PREPOSITION_START = re.compile(r"(?:in|on|at|to|during|after|before|that|this|last|earlier)\b")
_RELATIVE_CLAUSE_SUBJECT = re.compile(
    r"(?P<subject>\b[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,4}),\s+(?:which|who)\s+[^,;“”\"]+,\s*$"
)

# When the claimant spoke: a date right after a reporting verb ("said on Tuesday", "saying at a
# NATO summit this week"), one that introduces the claimant ("On Wednesday, X said"), the agent
# of a passive ("backed on Sunday by X"), or one that closes the clause the verb governs.
_AFTER_CUE_GAP = re.compile(
    r"\s*(?:(?:in|at|during)\s+(?:a|an|the)\s+[^,.;“”\"]{1,40}?\s+)?(?:on|in|at|during|earlier|early|late)?\s*"
)
_AGENT_GAP = re.compile(r"\s+by\s+")
_INTRO_GAP = re.compile(r"\s*,\s*")
_INTRO_START = re.compile(r"\W*(?:On|In|At|Meanwhile|As|During|Earlier|Later|Last|This|Yesterday|Today)\b")
_CLAUSE_END = re.compile(r"[”\"’]?\s*(?:[,;.!?…]|$)")
_CLAUSE_MARKER = re.compile(r"(?i:\b(?:that|were|was|are|is|had|have|has|will|would|could|might|may|did)\b)|\w+ed\b|:")

_ASSERTION_END = re.compile(r"[.!?…][”\"’')\]]*\s*$")
_NAMED_ENTITY = re.compile(r"(?<=\s)[A-Z][A-Za-z]+")
_HEDGES = re.compile(r"\b(?:may|might|could|possibly|likely|believed|appears?|allegedly|reportedly|unconfirmed)\b", re.I)
# Additive and deliberately simple, so a reviewer can see why one claim outranks another.
_WEIGHTS = {
    "base": 0.1,
    "named_claimant": 0.3,
    "unnamed_attribution": 0.1,
    "figure_with_unit": 0.25,
    "bare_figure": 0.15,
    "date": 0.1,
    "named_entity": 0.1,
    "hedge": -0.1,
}


class _Attribution(NamedTuple):
    claimant: str | None  # as written; None for an unattributed "reportedly"
    start: int  # span in the sentence that names the claimant (for "according to": the whole phrase)
    end: int
    cue: str
    cue_start: int
    cue_end: int
    form: str  # "source" (according to), "verb" (said) or "hedge" (reportedly)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in the text; quotations and abbreviations such as "U.S." do not end one."""
    spans: list[tuple[int, int]] = []
    start, in_quote = 0, False
    for event in _SENTENCE_EVENT.finditer(text):
        mark = event.group()
        if mark == "\n":
            _add_trimmed(spans, text, start, event.start())
            start, in_quote = event.end(), False
        elif mark in ("“", "”", '"'):
            in_quote = mark == "“" or (mark == '"' and not in_quote)
        else:
            if "”" in mark or '"' in mark:
                in_quote = False
            if in_quote or _is_abbreviation(text, event):
                continue
            _add_trimmed(spans, text, start, event.end())
            start = event.end()
    _add_trimmed(spans, text, start, len(text))
    return spans


# The languages the claim rules below were written and measured for; articles in any other language are
# stored with claims_status 'unsupported_language' instead of yielding a silent zero.
SUPPORTED_LANGUAGES = frozenset({"en"})


def extract_claims(text: str, published: date | None) -> list[Claim]:
    """Sentences that attribute a statement or assert a figure or date, as Claim records.

    An undated article (``published`` None) gets claimed_on NULL with precision "undated" unless the
    attribution carries a date with its own year.
    """
    group = dominant_group(text)
    claimants = _Claimants(text)
    claims = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        dates = find_dates(sentence, published)
        quantities = [quantity for _, _, quantity in find_quantities(sentence, group)]
        quoted = _quoted_spans(sentence)
        attribution = _find_attribution(sentence, dates, quoted)
        if attribution is None and not (
            (quantities or dates) and _ASSERTION_END.search(sentence) and len(sentence.split()) >= 4
        ):
            continue
        claimant = claimants.resolve(attribution.claimant) if attribution and attribution.claimant else None
        spoken = _claim_date_index(sentence, dates, attribution, quoted)
        if spoken is None:
            claimed_on, precision = (published, "published") if published else (None, "undated")
        else:
            claimed_on, precision = dates[spoken][2].start, dates[spoken][2].precision
        mentioned = [mentioned for i, (_, _, mentioned) in enumerate(dates) if i != spoken]
        claims.append(
            Claim(
                text=sentence,
                claimant=claimant,
                cue=attribution.cue if attribution else None,
                claimed_on=claimed_on,
                claimed_on_precision=precision,
                mentioned_dates=mentioned,
                quantities=quantities,
                checkworthiness=_checkworthiness(sentence, claimant, attribution, quantities, dates),
                start_char=start,
                end_char=end,
            )
        )
    return claims


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _is_abbreviation(text: str, event: re.Match) -> bool:
    if event.group() != ".":
        return False
    return bool(
        _ABBREVIATION.search(text, max(0, event.start() - 12), event.start())
        or _NUMBER_ABBREVIATION.match(text, max(0, event.start() - 2))
    )


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    spans, opener = [], None
    for mark in _QUOTE_MARK.finditer(sentence):
        if opener is None:
            if mark.group() in _CLOSING_QUOTE:
                opener = mark
        elif mark.group() == _CLOSING_QUOTE[opener.group()]:
            spans.append((opener.start(), mark.end()))
            opener = None
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _find_attribution(sentence: str, dates, quoted) -> _Attribution | None:
    for match in _SOURCE.finditer(sentence):
        if not _inside(match.start(), quoted) and (found := _source_attribution(sentence, match, dates)):
            return found
    for match in _CUE.finditer(sentence):
        if not _inside(match.start(), quoted) and (found := _verb_attribution(sentence, match, quoted)):
            return found
    for match in _HEDGE_CUE.finditer(sentence):
        if not _inside(match.start(), quoted):
            return _Attribution(None, match.start(), match.start(), match.group(), *match.span(), "hedge")
    return None


def _source_attribution(sentence: str, match: re.Match, dates) -> _Attribution | None:
    start = match.end()
    stop = _NOUN_PHRASE_END.search(sentence, start)
    end = stop.start() if stop else len(sentence)
    # A date inside the phrase ("reports last week") says when the source spoke, not who it is.
    cut = min([date_start for date_start, _, _ in dates if start <= date_start < end], default=end)
    phrase = sentence[start:cut].strip()
    # "According to the head of X, Andriy Kovalenko, ..." names the person in apposition.
    appositive = _APPOSITIVE_NAME.match(sentence, end)
    if appositive and cut == end:
        phrase, end = appositive.group(1), appositive.end(1)
    if not _is_source(phrase) or phrase.lower().startswith("translation"):
        return None
    cue = "according to" if match["according"] else "reports"
    cue_end = match.start() + len(match.group().rstrip())
    return _Attribution(phrase, start, end, cue, match.start(), cue_end, "source")


def _verb_attribution(sentence: str, match: re.Match, quoted) -> _Attribution | None:
    is_passive_or_progressive = bool(_BE_BEFORE.search(sentence, 0, match.start()))
    if is_passive_or_progressive != bool(match["progressive"]):
        return None
    cue = " ".join(match.group().lower().split())
    if _INVERSION_BEFORE.search(sentence, 0, match.start()):
        # “…,” said Andrew Yeo, senior fellow … / …, claims the Japanese broadcaster.
        stop = _NOUN_PHRASE_END.search(sentence, match.end())
        end = stop.start() if stop else len(sentence)
        phrase = sentence[match.end() : end].strip()
        if phrase and len(phrase.split()) <= 8 and _is_source(phrase) and not _PREPOSITION_START.match(phrase):
            start = sentence.index(phrase, match.end())
            return _Attribution(phrase, start, start + len(phrase), cue, *match.span(), "verb")
        # "Siemens, which lost the tender, said …": the subject stands before the relative clause.
        relative = _RELATIVE_CLAUSE_SUBJECT.search(sentence, 0, match.start())
        if relative and _is_source(relative["subject"]):
            return _Attribution(relative["subject"], *relative.span("subject"), cue, *match.span(), "verb")
        return None
    clause_start = _clause_start(sentence, match.start(), quoted)
    subject_start = _LEADING_CONNECTIVES.match(sentence, clause_start).end()
    subject_end = clause_start + _TRAILING_AUXILIARIES.search(sentence[clause_start : match.start()]).start()
    if sentence[subject_start:subject_end].lower() in ("which", "who") and clause_start > 0:
        # "… by the British government, which said …": the claimant ends the previous clause.
        span = _tail_noun_phrase(sentence, _clause_start(sentence, clause_start - 1, quoted), clause_start - 1)
    else:
        span = _tail_noun_phrase(sentence, subject_start, subject_end)
    if span is None or not _is_source(phrase := sentence[span[0] : span[1]]):
        return None
    return _Attribution(phrase, span[0], span[1], cue, *match.span(), "verb")


def _clause_start(sentence: str, position: int, quoted) -> int:
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence, 0, position):
        if not _inside(match.start(), quoted):
            start = match.end()
    return max([start] + [end for _, end in quoted if end <= position])


def _tail_noun_phrase(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    location = _LOCATION_TAIL.search(sentence, start, end)
    if location and location.start() > start:
        end = location.start()
    words = list(_WORD.finditer(sentence, start, end))
    first = len(words)
    while first > 0 and len(words) - first < 10:
        word = words[first - 1].group().lower()
        if word in _DETERMINERS:
            first -= 1
            break
        if word in _NEGATIONS:
            return None
        if word in _BREAKERS:
            inside_name = (
                word in _NAME_CONNECTIVES
                and first < len(words)
                and first >= 2
                and words[first - 2].group()[0].isupper()
                and words[first].group()[0].isupper()
            )
            if not inside_name:
                break
        first -= 1
    if first == len(words):
        return None
    return words[first].start(), words[-1].end()


def _is_source(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(words) > 12:
        return False
    head = words[-1].strip("()‘’'\".,")
    return bool(head) and (
        head[0].isupper()
        or head.lower() in _SOURCE_NOUNS
        or bool(_AGENT_PLURAL.fullmatch(head))
        or phrase.lower() in _PRONOUNS
    )


def _claim_date_index(sentence: str, dates, attribution: _Attribution | None, quoted) -> int | None:
    if attribution is None or attribution.form == "hedge":
        return None
    candidates = [(i, start, end, found) for i, (start, end, found) in enumerate(dates) if not _inside(start, quoted)]
    if attribution.form == "source":
        for i, start, _, _ in candidates:
            if attribution.start <= start < attribution.end:
                return i
    cue_ends = [cue.end() for cue in _CUE.finditer(sentence) if not _inside(cue.start(), quoted)]
    cue_ends.append(attribution.cue_end)
    for i, start, _, _ in candidates:
        if any(cue_end <= start and _AFTER_CUE_GAP.fullmatch(sentence, cue_end, start) for cue_end in cue_ends):
            return i
    for i, _, end, _ in candidates:
        if end <= attribution.start and (
            _AGENT_GAP.fullmatch(sentence, end, attribution.start)
            or (_INTRO_GAP.fullmatch(sentence, end, attribution.start) and _INTRO_START.match(sentence))
        ):
            return i
    if attribution.form == "verb":
        following = [c for c in candidates if c[1] >= attribution.cue_end]
        if following:
            i, start, end, found = following[0]
            between = sentence[attribution.cue_end : start]
            unbroken = not any(
                not _inside(attribution.cue_end + m.start(), quoted) for m in _CLAUSE_BREAK.finditer(between)
            )
            # An explicit day closing the clause is read as the day of the statement
            # ("announced that … on 31 October"); vaguer dates only when no clause intervenes.
            if unbroken and _CLAUSE_END.match(sentence, end):
                if found.precision == "day" or not _CLAUSE_MARKER.search(between):
                    return i
    return None


def _checkworthiness(sentence: str, claimant, attribution, quantities, dates) -> float:
    score = _WEIGHTS["base"]
    if claimant:
        score += _WEIGHTS["named_claimant"]
    elif attribution:
        score += _WEIGHTS["unnamed_attribution"]
    if any(quantity.unit for quantity in quantities):
        score += _WEIGHTS["figure_with_unit"]
    elif quantities:
        score += _WEIGHTS["bare_figure"]
    if dates:
        score += _WEIGHTS["date"]
    if _NAMED_ENTITY.search(sentence):
        score += _WEIGHTS["named_entity"]
    if _HEDGES.search(sentence):
        score += _WEIGHTS["hedge"]
    return round(min(1.0, max(0.0, score)), 2)


# One name per source across articles, so analysts can group by claimant.
CANONICAL_CLAIMANTS = {
    alias.lower(): name
    for name, aliases in {
        "Ukrainian military intelligence (HUR)": [
            "Ukrainian military intelligence", "Ukraine's military intelligence", "HUR",
            "Main Directorate of Intelligence",
        ],
        "South Korea's National Intelligence Service (NIS)": [
            "National Intelligence Service", "South Korea's National Intelligence Service", "NIS",
            "South Korean National Intelligence Service",
        ],
        "United States": ["US", "U.S.", "the US", "the U.S.", "the United States", "Washington"],
    }.items()
    for alias in aliases
}


class _Claimants:
    """Who has been cited so far in one article, to resolve pronouns, short names and "the agency"."""

    def __init__(self, text: str):
        self.full_names: dict[str, set[str]] = {}
        for name in _TITLED_NAME.findall(text):
            self._remember_name(name)
        self.history: list[tuple[str, str, str]] = []  # (name, "person" or "organisation", as written)

    def resolve(self, phrase: str) -> str | None:
        lowered = phrase.lower()
        if lowered in _PRONOUNS:
            wanted = {"he": "person", "she": "person", "it": "organisation"}.get(lowered)
            earlier = [(name, kind) for name, kind, _ in self.history if wanted in (None, kind)]
            if not earlier:
                return None
            name, kind = earlier[-1]
        else:
            name, kind = self._antecedent(phrase) or _normalise_claimant(phrase)
            if kind == "person":
                name = self._full_name(name)
                self._remember_name(name)
        self.history.append((name, kind, lowered))
        return CANONICAL_CLAIMANTS.get(name.lower(), name)

    def _antecedent(self, phrase: str) -> tuple[str, str] | None:
        """ "the agency", "the Japanese broadcaster": an earlier claimant introduced with that noun."""
        words = phrase.split()
        if len(words) < 2 or words[0].lower() != "the" or not words[-1].islower():
            return None
        capitalised = [word.lower() for word in words[1:] if word[0].isupper()]
        for name, kind, written in reversed(self.history):
            mention = written.split()
            if words[-1] in mention and all(word in mention for word in capitalised):
                return name, kind
        return None

    def _full_name(self, name: str) -> str:
        words = name.split()
        if len(words) == 1 or (len(words) == 2 and words[0] in _TITLE_WORDS):
            matches = self.full_names.get(words[-1], set())
            if len(matches) == 1:
                return next(iter(matches))
        return name

    def _remember_name(self, name: str) -> None:
        words = name.split()
        if len(words) >= 2 and words[0] not in _TITLE_WORDS:
            for word in (words[0], words[-1]):
                self.full_names.setdefault(word, set()).add(name)


def _normalise_claimant(phrase: str) -> tuple[str, str]:
    """A readable name for the claimant and whether it is a person or an organisation."""
    phrase = _INWORD_APOSTROPHE.sub("'", phrase).strip(" ,.;:")
    phrase = _LEADING_DETERMINER.sub("", phrase)
    phrase = _MEDIUM_SUFFIX.sub("", _MEDIUM_PREFIX.sub("", phrase))
    phrase = _LEADING_DETERMINER.sub("", phrase)
    if phrase in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[phrase], "organisation"
    words = phrase.split()
    # "Ukrainian military intelligence (HUR)", "Telegram channel ‘Military Review’" read best whole.
    if words[-1].startswith("(") or words[-1][-1] in "’'\"”":
        return phrase, "organisation"
    name: list[str] = []
    for word in reversed(words):
        if not word[0].isupper() or word in _TITLE_WORDS or word in _ORGANISATION_WORDS:
            break
        name.insert(0, word)
    title = words[-len(name) - 1] if len(words) > len(name) else None
    if not name:
        return phrase, "organisation"
    if group_of(" ".join(name)) or (len(name) == 1 and name[0].isupper()):
        return " ".join(name), "organisation"
    if len(name) == 1 and title in _TITLE_WORDS:
        # "Colonel Cassad": a lone surname keeps its title unless a full name turns up.
        return f"{title} {name[0]}", "person"
    return " ".join(name), "person"
