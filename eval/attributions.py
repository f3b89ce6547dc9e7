"""Score extractors.claims.extract_claims against hand-labelled attributions.

    python -m eval.attributions                 # summary and one JSON line
    python -m eval.attributions --verbose       # plus a per-page breakdown with misses and false claimants
    python -m eval.attributions --show 7a457a4f # print one page's labels against the corpus text

The labels (eval/labels.jsonl) are character offsets into the ``articleBody`` of the public
article-extraction-benchmark corpus, which is not in this repository; point ``--corpus`` (or
``NEWSCLAIMS_EVAL_CORPUS``) at a checkout of it. Exit status: 0 scored, 2 corpus missing or changed,
1 labels malformed. What the numbers mean: eval/README.md; the labelling rules: eval/LABELLING.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LABELS = Path(__file__).with_name("labels.jsonl")
# Pages labelled after the rules were tuned, by a labeller who never saw the extractor's output on them;
# scored alongside, never shown page by page, so that they stay unseen (eval/README.md).
HELDOUT = Path(__file__).with_name("heldout.jsonl")
MIN_HELDOUT_PAGES = 8
DEFAULT_CORPUS = Path("/work/shared/corpora/article-extraction-benchmark")
MIN_PAGES = 40

KINDS = frozenset({"person", "organisation", "government", "media", "anonymous"})
MENTION_KINDS = frozenset({"name", "pronoun", "role", "title+name"})
# Labels are short by rule: canonical names and cue words, never sentences from the corpus.
MAX_LABEL_CHARS = 100

# A predicted claim and a labelled sentence match when they overlap by at least this share of the shorter.
MIN_OVERLAP = 0.5

_DETERMINERS = {"the", "a", "an", "one", "some", "another"}
_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "rep", "sen", "gov", "gen", "lt", "col", "maj", "capt", "sgt",
    "adm", "cmdr", "prof", "rev", "sir", "dame", "president", "judge", "justice",
}
_SUFFIXES = {"jr", "sr", "ii", "iii"}
_PRONOUNS = {
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "his", "its", "their",
    "this", "that", "these", "those", "who", "which", "one",
}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
}
_TIME_WORDS = {
    "on", "in", "last", "this", "next", "early", "late", "earlier", "later", "week", "month", "year", "night",
    "morning", "afternoon", "evening", "today", "yesterday", "tomorrow",
}
# Places that turn up as a claimant when the extractor reads a dateline or "in Hong Kong" as the speaker.
# A place is junk only when it is not also the labelled claimant ("Vietnam accused …" is right).
_PLACES = {
    "united states", "us", "usa", "america", "united kingdom", "uk", "britain", "england", "scotland",
    "china", "beijing", "hong kong", "japan", "india", "new delhi", "delhi", "russia", "moscow", "ukraine",
    "kyiv", "syria", "iraq", "iran", "israel", "jerusalem", "afghanistan", "kabul", "qatar", "doha",
    "pakistan", "vietnam", "hanoi", "austria", "vienna", "germany", "berlin", "france", "paris", "sweden",
    "stockholm", "jordan", "egypt", "mexico", "canada", "australia", "bolivia", "europe", "asia", "africa",
    "washington", "new york", "london", "san francisco", "los angeles", "california", "texas", "florida",
    "indiana", "michigan", "minnesota", "south dakota", "new jersey", "ohio", "pennsylvania", "arizona",
    "fort worth", "dallas", "houston", "spokane", "columbus", "buffalo", "dubai", "mongolia",
    "inner mongolia", "palm beach", "manhattan", "indianapolis", "sacramento", "hayward", "columbia",
}
_VAGUE_MODIFIER = "order of magnitude"


# ---------------------------------------------------------------------------------------------- labels


def load_labels(path: Path = LABELS) -> list[dict]:
    """One dict per labelled page, as stored (see eval/README.md for the fields)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _span_ok(span, limit: int) -> bool:
    """A [start, end) pair of ints with 0 <= start < end <= limit."""
    return (
        isinstance(span, list)
        and len(span) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        and 0 <= span[0] < span[1] <= limit
    )


def validate_labels(pages: list[dict], min_pages: int = MIN_PAGES) -> list[str]:
    """Every way the labels break the format; empty when they are well-formed. Needs no corpus."""
    errors: list[str] = []
    if len(pages) < min_pages:
        errors.append(f"{len(pages)} pages labelled, at least {min_pages} wanted")
    seen: set[str] = set()
    for number, page in enumerate(pages, 1):
        where = f"page {number} ({str(page.get('page'))[:8]})"
        pid = page.get("page")
        if not isinstance(pid, str) or not re.fullmatch(r"[0-9a-f]{64}", pid):
            errors.append(f"{where}: page id is not 64 hex characters")
        elif pid in seen:
            errors.append(f"{where}: page id repeated")
        else:
            seen.add(pid)
        if not isinstance(page.get("sha256"), str) or not re.fullmatch(r"[0-9a-f]{64}", page["sha256"]):
            errors.append(f"{where}: sha256 is not 64 hex characters")
        chars = page.get("chars")
        if not isinstance(chars, int) or chars <= 0:
            errors.append(f"{where}: chars must be a positive length")
            continue
        attributions = page.get("attributions")
        if not isinstance(attributions, list) or not attributions:
            errors.append(f"{where}: no attributions")
            attributions = []
        previous = None
        for index, label in enumerate(attributions):
            at = f"{where} attribution {index}"
            for key in ("sentence", "claimant_span", "cue_span"):
                if not _span_ok(label.get(key), chars):
                    errors.append(f"{at}: {key} {label.get(key)!r} is not an ordered span inside the text")
            if label.get("kind") not in KINDS:
                errors.append(f"{at}: kind {label.get('kind')!r} not in {sorted(KINDS)}")
            if label.get("mention_kind") not in MENTION_KINDS:
                errors.append(f"{at}: mention_kind {label.get('mention_kind')!r} not in {sorted(MENTION_KINDS)}")
            claimant, cue = label.get("claimant"), label.get("cue")
            if not isinstance(claimant, str) or not claimant.strip() or len(claimant) > MAX_LABEL_CHARS:
                errors.append(f"{at}: claimant must be a short non-empty label")
            elif (label.get("kind") == "anonymous") != claimant.startswith("anonymous:"):
                errors.append(f"{at}: anonymous claimants, and only they, are labelled 'anonymous: …'")
            if not isinstance(cue, str) or not cue.strip() or len(cue) > 40:
                errors.append(f"{at}: cue must be a few words")
            elif _span_ok(label.get("cue_span"), chars) and len(cue) != label["cue_span"][1] - label["cue_span"][0]:
                errors.append(f"{at}: cue is not the text its cue_span covers")
            sentence = label.get("sentence")
            if _span_ok(sentence, chars) and _span_ok(label.get("claimant_span"), chars):
                inside = sentence[0] <= label["claimant_span"][0] and label["claimant_span"][1] <= sentence[1]
                if not inside and not label.get("continuation"):
                    errors.append(f"{at}: claimant_span outside its sentence (only continuations may do that)")
            if "continuation" in label and label["continuation"] is not True:
                errors.append(f"{at}: continuation is true or absent")
            figures = label.get("figures")
            if not isinstance(figures, list):
                errors.append(f"{at}: figures must be a list")
                figures = []
            for figure in figures:
                if not _span_ok(figure.get("span"), chars) or not _span_ok(sentence, chars) or not (
                    sentence[0] <= figure["span"][0] and figure["span"][1] <= sentence[1]
                ):
                    errors.append(f"{at}: figure span {figure.get('span')!r} not inside the sentence")
                value = figure.get("value")
                if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)):
                    errors.append(f"{at}: figure value must be a number or null")
                unit = figure.get("unit")
                if unit is not None and (not isinstance(unit, str) or len(unit) > 30):
                    errors.append(f"{at}: figure unit must be a short string or null")
            key = (tuple(sentence or ()), tuple(label.get("claimant_span") or ()))
            if previous is not None and key < previous:
                errors.append(f"{at}: attributions not in text order")
            previous = key
        for span in page.get("non_figures", []):
            if not _span_ok(span, chars):
                errors.append(f"{where}: non_figure {span!r} is not an ordered span inside the text")
        for ignored in page.get("ignored", []):
            if not _span_ok(ignored.get("sentence"), chars) or not isinstance(ignored.get("reason"), str):
                errors.append(f"{where}: ignored entry {ignored!r} needs a sentence span and a reason")
        for key, value in page.items():
            if key not in ("page", "url") and isinstance(value, str) and len(value) > MAX_LABEL_CHARS:
                errors.append(f"{where}: field {key} is too long for a label")
    return errors


# ------------------------------------------------------------------------------------------- matching


def overlaps(a: tuple[int, int] | list[int], b: tuple[int, int] | list[int], share: float = MIN_OVERLAP) -> bool:
    """[start, end) spans that overlap by at least ``share`` of the shorter one."""
    common = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and common > 0 and common >= share * shorter


def touches(a, b) -> bool:
    """Any overlap at all (figures against figures)."""
    return min(a[1], b[1]) > max(a[0], b[0])


def _tokens(name: str) -> list[str]:
    """The words of a name as compared: see normalise_claimant."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'").lower().strip()
    text = re.sub(r"^anonymous:\s*", "", text)
    text = re.sub(r"'s\b", "", text)
    text = text.replace(".", "")
    text = re.sub(r"[^\w&\s-]", " ", text)
    tokens = text.split()
    # Leading determiners and honorifics go, but never the last word ("the president" stays "president").
    while len(tokens) > 1 and (tokens[0] in _DETERMINERS or tokens[0] in _HONORIFICS):
        tokens.pop(0)
    return tokens


def normalise_claimant(name: str | None) -> str:
    """Case, honorifics (Mr, Dr, Rep., Sen., President …), possessive 's, a leading "the" and the
    "anonymous:" prefix of labels removed: "Rep. G.K. Butterfield" -> "gk butterfield"."""
    return " ".join(_tokens(name or ""))


def _surname_key(name: str) -> tuple[list[str], str | None]:
    """A name's words without "Jr."-like suffixes, and its last word."""
    tokens = [t for t in _tokens(name) if t not in _SUFFIXES]
    return tokens, (tokens[-1] if tokens else None)


@dataclass
class PageContext:
    """What the identity rule needs to know about one page: which surnames are unambiguous."""

    surnames: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, labels: list[dict]) -> "PageContext":
        people = {label["claimant"] for label in labels if label["kind"] == "person"}
        return cls(Counter(_surname_key(name)[1] for name in people))


def identity_matches(predicted: str, label: dict, context: PageContext) -> bool:
    """The predicted claimant names the labelled canonical identity: equal after normalisation, or
    (people only) a part of the canonical name that includes its surname, when no other person on the
    page has that surname ("Kennedy" or "James Kennedy" for "James P. Kennedy Jr.")."""
    mine, canonical = normalise_claimant(predicted), normalise_claimant(label["claimant"])
    if not mine:
        return False
    if mine == canonical:
        return True
    if label["kind"] != "person":
        return False
    tokens, surname = _surname_key(predicted)
    full, full_surname = _surname_key(label["claimant"])
    return (
        bool(tokens)
        and surname == full_surname
        and set(tokens) <= set(full)
        and context.surnames[full_surname] == 1
    )


def claimant_is_right(predicted: str | None, label: dict, text: str, context: PageContext) -> bool:
    """Right claimant: the canonical name or the mention as written (not a pronoun), after normalisation,
    or the canonical identity by the surname rule."""
    mine = normalise_claimant(predicted)
    if not mine:
        return False
    accepted = {normalise_claimant(label["claimant"])}
    if label["mention_kind"] != "pronoun":
        start, end = label["claimant_span"]
        accepted.add(normalise_claimant(text[start:end]))
    return mine in accepted or identity_matches(predicted or "", label, context)


def near_miss(predicted: str | None, label: dict, text: str) -> bool:
    """Wrong by the strict rule, but the right name with words left on or taken off: "CEO Tim Cook",
    "state-run Xinhua News Agency" or "State Police" for "Indiana State Police"."""
    mine = normalise_claimant(predicted)
    start, end = label["claimant_span"]
    wanted = {normalise_claimant(label["claimant"])}
    if label["mention_kind"] != "pronoun":
        wanted.add(normalise_claimant(text[start:end]))
    return any(
        mine != name and len(min(mine, name, key=len)) >= 4
        and (f" {mine} ".find(f" {name} ") >= 0 or f" {name} ".find(f" {mine} ") >= 0)
        for name in wanted
        if name
    )


def junk_reason(predicted: str | None) -> str | None:
    """Why a predicted claimant cannot be anyone: weekday, month, pronoun, lone honorific, fragment.
    (Places are judged in context by the scorer: a place is junk only when it is not the label.)"""
    raw = unicodedata.normalize("NFKC", predicted or "").strip().lower()
    words = re.sub(r"[^\w\s]", " ", raw).split()
    if len("".join(words)) < 2:
        return "fragment"
    if len(words) == 1 and words[0] in _HONORIFICS - {"president", "judge", "justice"} | {"st", "jr", "sr"}:
        return "honorific"
    # "WHO" is the World Health Organization, not the pronoun.
    if all(word in _PRONOUNS for word in words) and not (predicted or "").strip().isupper():
        return "pronoun"
    if all(word in _WEEKDAYS | _TIME_WORDS for word in words) and any(word in _WEEKDAYS for word in words):
        return "weekday"
    if all(word in _MONTHS | _TIME_WORDS | {"of", "the"} or word.isdigit() for word in words) and any(
        word in _MONTHS for word in words
    ):
        return "month"
    return None


def is_place(predicted: str | None) -> bool:
    """A place name from the scorer's short list (countries, states, cities in the labelled pages)."""
    return normalise_claimant(predicted) in _PLACES


def locate_quantities(claim) -> list[tuple[int, int, object]]:
    """Offsets into the article for each Quantity of a Claim (Claim keeps only each quantity's text):
    found in order inside the claim's sentence."""
    located, position = [], 0
    for quantity in claim.quantities:
        index = claim.text.find(quantity.text, position)
        if index < 0:
            index = claim.text.find(quantity.text)
        if index < 0 or not quantity.text:
            continue
        start = claim.start_char + index
        located.append((start, start + len(quantity.text), quantity))
        position = index + 1
    return located


# -------------------------------------------------------------------------------------------- scoring


@dataclass
class PageScore:
    page: str
    url: str
    labels: int = 0
    labels_explicit: int = 0
    found: int = 0
    found_explicit: int = 0
    predicted: int = 0  # claims with a claimant, not in an ignored sentence
    predicted_ignored: int = 0
    correct: int = 0
    matched: int = 0  # predicted claims with a claimant that overlap a labelled attribution
    identity_ok: int = 0
    junk: Counter = field(default_factory=Counter)
    unresolved_pronouns: int = 0
    near_misses: int = 0  # wrong claimants that hold the right name with words too many or too few
    figures: int = 0
    figures_found: int = 0
    figures_value_checked: int = 0
    figures_value_ok: int = 0
    quantities: int = 0  # predicted quantities inside labelled sentences of matched claims
    quantities_ok: int = 0
    quantities_on_non_figures: int = 0
    conflict_rows: int = 0
    conflict_rows_ok: int = 0
    found_by_kind: Counter = field(default_factory=Counter)
    labels_by_kind: Counter = field(default_factory=Counter)
    found_by_mention: Counter = field(default_factory=Counter)
    labels_by_mention: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)


def score_page(page: dict, text: str, claims: list) -> PageScore:
    """Compare one page's predicted claims with its labels (see eval/README.md for the definitions)."""
    labels = page["attributions"]
    ignored = [entry["sentence"] for entry in page.get("ignored", [])]
    context = PageContext.of(labels)
    score = PageScore(page=page["page"], url=page.get("url", ""))
    spans = [(claim.start_char, claim.end_char) for claim in claims]
    attributed = [claim for claim in claims if claim.claimant and claim.claimant.strip()]

    for claim in attributed:
        if getattr(claim, "claimant_kind", None) == "pronoun":
            # Left unresolved on purpose ("he", with claimant_kind 'pronoun') rather than guessed: no claimant
            # is asserted, so it counts neither for nor against precision, and it finds no label either.
            score.unresolved_pronouns += 1
            continue
        span = (claim.start_char, claim.end_char)
        overlapping = [label for label in labels if overlaps(span, label["sentence"])]
        if not overlapping and any(overlaps(span, sentence) for sentence in ignored):
            score.predicted_ignored += 1
            continue
        score.predicted += 1
        right = any(claimant_is_right(claim.claimant, label, text, context) for label in overlapping)
        score.correct += right
        if overlapping:
            score.matched += 1
            score.identity_ok += any(identity_matches(claim.claimant, label, context) for label in overlapping)
        reason = junk_reason(claim.claimant)
        if reason is None and not right and is_place(claim.claimant):
            reason = "place"
        if reason:
            score.junk[reason] += 1
        if not right and any(near_miss(claim.claimant, label, text) for label in overlapping):
            score.near_misses += 1
            reason = reason or "near miss"
        if not right:
            wanted = sorted({label["claimant"] for label in overlapping}) or ["(no attribution labelled)"]
            score.wrong.append((span, claim.claimant, claim.cue, wanted, reason))

    for label in labels:
        explicit = not label.get("continuation")
        score.labels += 1
        score.labels_explicit += explicit
        score.labels_by_kind[label["kind"]] += 1
        score.labels_by_mention[label["mention_kind"]] += 1
        hit = any(
            overlaps((claim.start_char, claim.end_char), label["sentence"])
            and claimant_is_right(claim.claimant, label, text, context)
            for claim in attributed
        )
        if hit:
            score.found += 1
            score.found_explicit += explicit
            score.found_by_kind[label["kind"]] += 1
            score.found_by_mention[label["mention_kind"]] += 1
        else:
            guesses = [
                claim.claimant for claim in claims if overlaps((claim.start_char, claim.end_char), label["sentence"])
            ]
            score.misses.append((label, guesses, any(overlaps(s, label["sentence"]) for s in spans)))

    # Figures: labelled figures of the page (a sentence with two claimants lists its figures twice).
    figures: dict[tuple[int, int], dict] = {}
    for label in labels:
        for figure in label["figures"]:
            figures.setdefault(tuple(figure["span"]), figure)
    non_figures = [tuple(span) for span in page.get("non_figures", [])]
    located = [(claim, start, end, quantity) for claim in claims for start, end, quantity in locate_quantities(claim)]
    score.figures = len(figures)
    for span, figure in figures.items():
        hits = [quantity for _, start, end, quantity in located if touches((start, end), span)]
        if hits:
            score.figures_found += 1
            if figure.get("value") is not None:
                score.figures_value_checked += 1
                score.figures_value_ok += any(
                    abs(quantity.value - figure["value"]) <= 1e-6 * max(1.0, abs(figure["value"])) for quantity in hits
                )
    sentences = [label["sentence"] for label in labels]
    for claim, start, end, quantity in located:
        claim_span = (claim.start_char, claim.end_char)
        if any(overlaps(claim_span, sentence) for sentence in sentences) and any(
            touches((start, end), sentence) for sentence in sentences
        ):
            score.quantities += 1
            score.quantities_ok += any(touches((start, end), span) for span in figures)
            score.quantities_on_non_figures += any(touches((start, end), span) for span in non_figures)
        # The rows figure_conflicts is built from: a claimant, a subject, not a vague plural.
        if claim.claimant and claim.claimant.strip() and quantity.subject and quantity.modifier != _VAGUE_MODIFIER:
            overlapping = [label for label in labels if overlaps(claim_span, label["sentence"])]
            if not overlapping and any(overlaps(claim_span, sentence) for sentence in ignored):
                continue
            score.conflict_rows += 1
            score.conflict_rows_ok += any(
                claimant_is_right(claim.claimant, label, text, context)
                and any(touches((start, end), figure["span"]) for figure in label["figures"])
                for label in overlapping
            )
    return score


def _ratio(numerator: int, denominator: int) -> float | None:
    """A share rounded to 4 places; None when nothing was counted."""
    return round(numerator / denominator, 4) if denominator else None


def summarise(scores: list[PageScore], articles_per_s: float | None) -> dict:
    """The headline numbers over all pages (the JSON line)."""
    total = lambda name: sum(getattr(score, name) for score in scores)  # noqa: E731
    junk = sum((score.junk for score in scores), Counter())
    return {
        "pages": len(scores),
        "attributions": total("labels"),
        "claimant_precision": _ratio(total("correct"), total("predicted")),
        "claimant_recall": _ratio(total("found"), total("labels")),
        "identity_accuracy": _ratio(total("identity_ok"), total("matched")),
        "junk_claimants": sum(junk.values()),
        "unresolved_pronouns": sum(score.unresolved_pronouns for score in scores),
        "figure_precision": _ratio(total("quantities_ok"), total("quantities")),
        "figure_recall": _ratio(total("figures_found"), total("figures")),
        "claims_per_s": round(articles_per_s, 1) if articles_per_s else None,
        # Beyond the headline keys: the same throughput under its honest name, recall without the
        # continuation quotes no cue sits in, and the precision of figure_conflicts' candidate rows.
        "articles_per_s": round(articles_per_s, 1) if articles_per_s else None,
        "claimant_recall_explicit": _ratio(total("found_explicit"), total("labels_explicit")),
        "figure_conflicts_precision": _ratio(total("conflict_rows_ok"), total("conflict_rows")),
        "claimant_near_misses": total("near_misses"),
        "predicted_claimants": total("predicted"),
        "labelled_figures": total("figures"),
    }


# ------------------------------------------------------------------------------------------- running


def _load_corpus(corpus: Path) -> dict:
    """ground-truth.json of the corpus checkout: page id -> {"url", "articleBody"}."""
    truth = corpus / "ground-truth.json"
    if not truth.is_file():
        raise FileNotFoundError(truth)
    with open(truth, encoding="utf-8") as handle:
        return json.load(handle)


def pin_to_one_core() -> object:
    """Run the timed pass on a single CPU where the platform allows it; returns what to restore."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    before = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(before)})
    except OSError:
        return None
    return before


def run_extractor(texts: list[str], repeat: int) -> tuple[list[list], float]:
    """Claims for each text, and articles per second on one core (best of ``repeat`` passes)."""
    from extractors.claims import extract_claims

    restore = pin_to_one_core()
    try:
        best, results = float("inf"), []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            results = [extract_claims(text, None) for text in texts]
            best = min(best, time.perf_counter() - started)
    finally:
        if restore is not None:
            os.sched_setaffinity(0, restore)
    return results, (len(texts) / best if best > 0 else 0.0)


def _print_verbose(score: PageScore) -> None:
    """One page's counts, its missed attributions and its wrong claimants."""
    host = re.sub(r"^https?://(www\.)?", "", score.url).split("/")[0]
    print(
        f"\n{score.page[:8]} {host}: labels {score.labels}, found {score.found}, "
        f"claimants predicted {score.predicted} (right {score.correct}), "
        f"figures {score.figures_found}/{score.figures}"
    )
    for label, guesses, overlapped in score.misses:
        start, end = label["sentence"]
        shown = ", ".join(repr(g) for g in guesses) if overlapped else "no claim for the sentence"
        print(f"  miss  [{start},{end}) want {label['claimant']!r} ({label['cue']}) got {shown or 'no claimant'}")
    for (start, end), claimant, cue, wanted, reason in score.wrong:
        note = f" [{reason}]" if reason == "near miss" else f" [junk: {reason}]" if reason else ""
        print(f"  wrong [{start},{end}) {claimant!r} ({cue}) want {' / '.join(wanted)}{note}")


def show_page(pages: list[dict], corpus: dict, prefix: str) -> int:
    """Print one page's labels against the corpus, to review or correct them."""
    chosen = [page for page in pages if page["page"].startswith(prefix)]
    if len(chosen) != 1:
        print(f"{len(chosen)} labelled pages start with {prefix!r}", file=sys.stderr)
        return 1
    page = chosen[0]
    text = corpus[page["page"]]["articleBody"]
    print(page["page"], page.get("url", ""))
    for label in page["attributions"]:
        start, end = label["sentence"]
        cs, ce = label["claimant_span"]
        flag = " (continuation)" if label.get("continuation") else ""
        print(f"\n[{start},{end}) {text[start:end]}")
        who = f"{label['claimant']} ({label['kind']}, {label['mention_kind']})"
        print(f"    {text[cs:ce]!r} -> {who}, cue {label['cue']!r}{flag}")
        for figure in label["figures"]:
            fs, fe = figure["span"]
            print(f"    figure {text[fs:fe]!r} = {figure['value']} {figure['unit']}")
    print("\nnon-figures:", [text[s:e] for s, e in page.get("non_figures", [])])
    for entry in page.get("ignored", []):
        s, e = entry["sentence"]
        print(f"ignored ({entry['reason']}): {text[s:e]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Check labels and corpus, run the extractor, print the scores; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m eval.attributions", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("NEWSCLAIMS_EVAL_CORPUS", DEFAULT_CORPUS)),
        help="checkout of the article-extraction-benchmark corpus (with ground-truth.json)",
    )
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--verbose", "-v", action="store_true", help="per-page breakdown, misses and wrong claimants")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the pages; the best one counts")
    parser.add_argument("--show", metavar="PAGE", help="print the labels of the page whose id starts with PAGE")
    args = parser.parse_args(argv)

    pages = load_labels(args.labels)
    errors = validate_labels(pages)
    heldout = load_labels(HELDOUT) if args.labels == LABELS and HELDOUT.is_file() and not args.show else []
    errors += [f"heldout: {error}" for error in validate_labels(heldout, MIN_HELDOUT_PAGES)] if heldout else []
    errors += [f"heldout: page {page['page'][:8]} is also in {LABELS.name}"
               for page in heldout if page["page"] in {seen["page"] for seen in pages}]
    if errors:
        print("the labels are malformed:\n  " + "\n  ".join(errors[:20]), file=sys.stderr)
        return 1
    try:
        corpus = _load_corpus(args.corpus)
    except FileNotFoundError as missing:
        print(
            f"Corpus not found: {missing}\n"
            "The attribution labels are offsets into the article-extraction-benchmark corpus, which is not\n"
            "in this repository. Pass --corpus DIR or set NEWSCLAIMS_EVAL_CORPUS to a checkout holding\n"
            "ground-truth.json (https://github.com/scrapinghub/article-extraction-benchmark).",
            file=sys.stderr,
        )
        return 2
    changed = []
    for page in pages + heldout:
        entry = corpus.get(page["page"])
        body = entry.get("articleBody") if isinstance(entry, dict) else None
        if body is None:
            changed.append(f"{page['page'][:8]}: not in the corpus")
        elif hashlib.sha256(body.encode("utf-8")).hexdigest() != page["sha256"]:
            changed.append(f"{page['page'][:8]}: articleBody changed (SHA-256 differs); its offsets no longer hold")
    if changed:
        print("The corpus does not match the labels:\n  " + "\n  ".join(changed), file=sys.stderr)
        return 2
    if args.show:
        return show_page(pages, corpus, args.show)

    texts = [corpus[page["page"]]["articleBody"] for page in pages]
    results, articles_per_s = run_extractor(texts, args.repeat)
    scores = [score_page(page, text, claims) for page, text, claims in zip(pages, texts, results)]
    summary = summarise(scores, articles_per_s)

    if args.verbose:
        for score in scores:
            _print_verbose(score)
        print()
    junk = sum((score.junk for score in scores), Counter())
    by = lambda found, labelled, scores=scores: ", ".join(  # noqa: E731
        f"{key} {sum(getattr(s, found)[key] for s in scores)}/{sum(getattr(s, labelled)[key] for s in scores)}"
        for key in sorted(set().union(*(getattr(s, labelled) for s in scores)))
    )
    print(f"pages {summary['pages']}, labelled attributions {summary['attributions']}, "
          f"claims with a claimant {summary['predicted_claimants']}")
    print(f"claimant precision {summary['claimant_precision']}  recall {summary['claimant_recall']}  "
          f"(explicit cues only: {summary['claimant_recall_explicit']})")
    print(f"identity accuracy {summary['identity_accuracy']}  junk claimants {summary['junk_claimants']} "
          f"{dict(sorted(junk.items()))}  near misses {summary['claimant_near_misses']}")
    print(f"recall by kind: {by('found_by_kind', 'labels_by_kind')}")
    print(f"recall by mention: {by('found_by_mention', 'labels_by_mention')}")
    value_checked = sum(s.figures_value_checked for s in scores)
    print(f"figures: precision {summary['figure_precision']}  recall {summary['figure_recall']}  "
          f"(labelled {summary['labelled_figures']}; predicted on labelled non-figures "
          f"{sum(s.quantities_on_non_figures for s in scores)}; value right "
          f"{sum(s.figures_value_ok for s in scores)}/{value_checked})")
    print(f"figure_conflicts candidate rows: precision {summary['figure_conflicts_precision']} "
          f"({sum(s.conflict_rows_ok for s in scores)}/{sum(s.conflict_rows for s in scores)})")
    print(f"extract_claims: {summary['articles_per_s']} articles/s on one core (best of {max(1, args.repeat)})")
    if heldout:
        held_texts = [corpus[page["page"]]["articleBody"] for page in heldout]
        held_results, _ = run_extractor(held_texts, 1)
        held_scores = [score_page(page, text, claims)
                       for page, text, claims in zip(heldout, held_texts, held_results)]
        held = summarise(held_scores, None)
        print(f"held-out ({HELDOUT.name}, not shown page by page): pages {held['pages']}, labelled attributions "
              f"{held['attributions']}; claimant precision {held['claimant_precision']}  recall "
              f"{held['claimant_recall']}; identity accuracy {held['identity_accuracy']}; junk claimants "
              f"{held['junk_claimants']}; figures precision {held['figure_precision']}  recall "
              f"{held['figure_recall']}")
        print(f"held-out recall by kind: {by('found_by_kind', 'labels_by_kind', held_scores)}")
        print(f"held-out recall by mention: {by('found_by_mention', 'labels_by_mention', held_scores)}")
        summary.update({f"heldout_{key}": value for key, value in held.items()
                        if key not in ("claims_per_s", "articles_per_s")})
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
