"""The attribution labels (eval/labels.jsonl) are well-formed, and the scorer matches and normalises as
eval/README.md says. None of this needs the corpus the labels point into."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest

from eval import attributions as ev
from extractors.records import Claim, Quantity


@pytest.fixture(scope="module")
def pages():
    return ev.load_labels()


def test_labels_are_well_formed(pages):
    assert ev.validate_labels(pages) == []


def test_held_out_labels_are_well_formed_and_apart_from_the_labelled_set(pages):
    held = ev.load_labels(ev.HELDOUT)
    assert ev.validate_labels(held, ev.MIN_HELDOUT_PAGES) == []
    assert not {page["page"] for page in held} & {page["page"] for page in pages}


def test_at_least_forty_pages_with_unique_ids(pages):
    ids = [page["page"] for page in pages]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)
    assert sum(len(page["attributions"]) for page in pages) >= 250


def test_offsets_ordered_non_negative_and_inside_the_text(pages):
    for page in pages:
        for label in page["attributions"]:
            for key in ("sentence", "claimant_span", "cue_span"):
                start, end = label[key]
                assert 0 <= start < end <= page["chars"], (page["page"][:8], key)
            for figure in label["figures"]:
                assert label["sentence"][0] <= figure["span"][0] < figure["span"][1] <= label["sentence"][1]


def test_kinds_come_from_the_allowed_sets(pages):
    labels = [label for page in pages for label in page["attributions"]]
    assert {label["kind"] for label in labels} <= ev.KINDS
    assert {label["mention_kind"] for label in labels} <= ev.MENTION_KINDS


def test_labels_store_no_sentences(pages):
    """Only offsets and short labels: canonical names and cue words, never text copied from the corpus."""
    allowed = {"sentence", "claimant_span", "claimant", "kind", "cue", "cue_span", "mention_kind", "figures",
               "continuation"}
    for page in pages:
        assert set(page) <= {"page", "url", "sha256", "chars", "attributions", "non_figures", "ignored"}
        for label in page["attributions"]:
            assert set(label) <= allowed
            assert len(label["claimant"]) <= ev.MAX_LABEL_CHARS and len(label["cue"]) <= 40
            assert len(label["cue"]) == label["cue_span"][1] - label["cue_span"][0]
        for entry in page.get("ignored", []):
            assert len(entry["reason"]) <= 40


def _broken(pages, change):
    mutated = copy.deepcopy(pages)
    change(mutated)
    return ev.validate_labels(mutated)


def test_validation_catches_malformed_labels(pages):
    def swap_span(p):
        start, end = p[0]["attributions"][0]["sentence"]
        p[0]["attributions"][0]["sentence"] = [end, start]

    def bad_kind(p):
        p[0]["attributions"][0]["kind"] = "celebrity"

    def negative(p):
        p[1]["attributions"][0]["claimant_span"] = [-3, 2]

    def duplicate(p):
        p[2]["page"] = p[3]["page"]

    def sentence_copy(p):
        p[0]["attributions"][0]["claimant"] = "x" * 300

    def too_few(p):
        del p[5:]

    for change in (swap_span, bad_kind, negative, duplicate, sentence_copy, too_few):
        assert _broken(pages, change), change.__name__


# --- the scorer, on a small text written for this test ---------------------------------------------

TEXT = (
    "Acme Corp said on Tuesday that it would cut 1,200 jobs.\n"
    "\u201cWe are confident,\u201d said Jane Q. Doe, the chief executive.\n"
    "Doe added that sales rose 12 percent.\n"
    "Officials said the 45-year-old plant was safe.\n"
    "The weather was fine.\n"
    "\u201cGet out!\u201d a guard shouted.\n"
)


def _line(n: int) -> tuple[int, int]:
    lines = TEXT.split("\n")
    start = sum(len(line) + 1 for line in lines[:n])
    return start, start + len(lines[n])


def _span(needle: str, line: int | None = None) -> list[int]:
    """Where the needle first occurs (in the given line, if any)."""
    start = TEXT.index(needle, _line(line)[0] if line is not None else 0)
    return [start, start + len(needle)]


def _label(line, mention, claimant, kind, cue, mention_kind="name", figures=()):
    return {
        "sentence": list(_line(line)),
        "claimant_span": _span(mention, line),
        "claimant": claimant,
        "kind": kind,
        "cue": cue,
        "cue_span": _span(cue, line),
        "mention_kind": mention_kind,
        "figures": list(figures),
    }


def _page(page_id="a" * 64):
    return {
        "page": page_id,
        "url": "https://example.org/story",
        "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "chars": len(TEXT),
        "attributions": [
            _label(0, "Acme Corp", "Acme Corp", "organisation", "said",
                   figures=[{"span": _span("1,200"), "value": 1200, "unit": "jobs"}]),
            _label(1, "Jane Q. Doe", "Jane Q. Doe", "person", "said"),
            _label(2, "Doe", "Jane Q. Doe", "person", "added",
                   figures=[{"span": _span("12", 2), "value": 12, "unit": "percent"}]),
            _label(3, "Officials", "anonymous: officials", "anonymous", "said", mention_kind="role"),
        ],
        "non_figures": [_span("45", 3)],
        "ignored": [{"sentence": list(_line(5)), "reason": "directive"}],
    }


def _claim(line, claimant, quantities=()):
    start, end = _line(line)
    return Claim(text=TEXT[start:end], claimant=claimant, cue="said", claimed_on=None,
                 claimed_on_precision="undated", quantities=list(quantities), start_char=start, end_char=end)


def test_synthetic_page_is_well_formed():
    assert ev.validate_labels([_page()], min_pages=1) == []


def test_normalisation():
    n = ev.normalise_claimant
    assert n("Rep. G.K. Butterfield") == "gk butterfield"
    assert n("Mr. Trump") == n("Trump") == n("Trump\u2019s") == "trump"
    assert n("the Pentagon") == "pentagon"
    assert n("The president") == "president"  # the last word is never taken off
    assert n("anonymous: officials") == n("Officials") == "officials"
    assert n("Sen. Ted Cruz") == n("ted cruz")
    assert n("One Washington-based trade expert") == "washington-based trade expert"


def test_overlap_is_half_of_the_shorter():
    assert ev.overlaps((0, 100), (50, 60))
    assert ev.overlaps((0, 10), (5, 100))
    assert not ev.overlaps((0, 10), (6, 100))
    assert not ev.overlaps((0, 10), (10, 20))


def test_identity_surname_rule_needs_an_unambiguous_surname():
    page = _page()
    doe = page["attributions"][1]
    alone = ev.PageContext.of(page["attributions"])
    assert ev.identity_matches("Doe", doe, alone)
    assert ev.identity_matches("Jane Doe", doe, alone)
    assert not ev.identity_matches("John Doe", doe, alone)
    crowded = ev.PageContext.of(page["attributions"] + [dict(doe, claimant="John Doe")])
    assert not ev.identity_matches("Doe", doe, crowded)


def test_junk_claimants():
    assert ev.junk_reason("Tuesday") == "weekday"
    assert ev.junk_reason("on Monday") == "weekday"
    assert ev.junk_reason("November") == "month"
    assert ev.junk_reason("he") == ev.junk_reason("They") == "pronoun"
    assert ev.junk_reason("WHO") is None and ev.junk_reason("who") == "pronoun"  # the World Health Organization
    assert ev.junk_reason("Lt") == ev.junk_reason("Rep.") == "honorific"
    assert ev.junk_reason("X") == "fragment"
    assert ev.junk_reason("Jane Q. Doe") is None
    assert ev.junk_reason("Nov") == "month"


def test_score_page_on_predicted_claims():
    claims = [
        _claim(0, "Acme Corp", [Quantity(1200.0, "jobs", None, "1,200 jobs", "jobs")]),
        _claim(1, "Doe"),  # the surname of the only Doe on the page: right, and the right identity
        _claim(2, "Tuesday", [Quantity(12.0, "percent", None, "12 percent")]),  # junk, and wrong
        _claim(3, None, [Quantity(45.0, None, None, "45")]),  # attribution missed; a non-figure read as one
        _claim(4, "he"),  # nothing is attributed there: wrong, and junk
        _claim(5, "guard"),  # an ignored (out-of-scope) sentence: neither right nor wrong
    ]
    score = ev.score_page(_page(), TEXT, claims)
    assert (score.predicted, score.correct, score.predicted_ignored) == (4, 2, 1)
    assert (score.labels, score.found) == (4, 2)
    assert (score.matched, score.identity_ok) == (3, 2)
    assert score.junk == {"weekday": 1, "pronoun": 1}
    assert (score.figures, score.figures_found, score.figures_value_ok) == (2, 2, 2)
    assert (score.quantities, score.quantities_ok, score.quantities_on_non_figures) == (3, 2, 1)
    assert (score.conflict_rows, score.conflict_rows_ok) == (1, 1)
    summary = ev.summarise([score], articles_per_s=100.0)
    assert summary["claimant_precision"] == 0.5 and summary["claimant_recall"] == 0.5
    assert summary["junk_claimants"] == 2 and summary["claims_per_s"] == 100.0


def test_role_mention_counts_for_precision_but_not_identity():
    page = _page()
    role = dict(page["attributions"][1], claimant_span=_span("the chief executive"), mention_kind="role")
    page["attributions"][1] = role
    context = ev.PageContext.of(page["attributions"])
    assert ev.claimant_is_right("the chief executive", role, TEXT, context)
    assert not ev.identity_matches("the chief executive", role, context)
    assert not ev.claimant_is_right("he", dict(role, claimant_span=_span("Doe"), mention_kind="pronoun"), TEXT, context)


def test_quantities_are_found_in_order():
    claim = Claim(text="two cats and two dogs", claimant=None, cue=None, claimed_on=None,
                  claimed_on_precision="undated", start_char=100, end_char=121,
                  quantities=[Quantity(2.0, "cats", None, "two"), Quantity(2.0, "dogs", None, "two")])
    assert [(s, e) for s, e, _ in ev.locate_quantities(claim)] == [(100, 103), (113, 116)]


def test_the_real_extractor_can_be_scored():
    from extractors.claims import extract_claims

    score = ev.score_page(_page(), TEXT, extract_claims(TEXT, None))
    assert score.labels == 4 and 0 <= score.found <= 4 and score.correct <= score.predicted


def test_missing_corpus_exits_2(tmp_path, capsys):
    assert ev.main(["--corpus", str(tmp_path)]) == 2
    assert "Corpus not found" in capsys.readouterr().err


def _corpus_and_labels(tmp_path, text_in_corpus):
    page_ids = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(40)]
    (tmp_path / "ground-truth.json").write_text(
        json.dumps({pid: {"url": "https://example.org", "articleBody": text_in_corpus} for pid in page_ids})
    )
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(_page(pid)) + "\n" for pid in page_ids))
    return labels


def test_changed_corpus_exits_2(tmp_path, capsys):
    labels = _corpus_and_labels(tmp_path, TEXT.replace("Tuesday", "Monday!"))
    assert ev.main(["--corpus", str(tmp_path), "--labels", str(labels)]) == 2
    assert "SHA-256 differs" in capsys.readouterr().err


def test_run_prints_one_json_line_last(tmp_path, capsys):
    labels = _corpus_and_labels(tmp_path, TEXT)
    assert ev.main(["--corpus", str(tmp_path), "--labels", str(labels), "--repeat", "1"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for key in ("pages", "attributions", "claimant_precision", "claimant_recall", "identity_accuracy",
                "junk_claimants", "figure_precision", "figure_recall", "claims_per_s"):
        assert key in result
    assert result["pages"] == 40 and result["attributions"] == 160
