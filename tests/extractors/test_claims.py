"""Claim extraction on the real seed articles and on general news sentences."""

from datetime import date
from pathlib import Path

import pytest

from extractors.claims import extract_claims, split_sentences
from extractors.records import MentionedDate

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PUBLISHED = {
    "000_69455c9b4c518f8f.txt": date(2025, 4, 29),
    "001_bc1be8ee82f2fd43.txt": date(2024, 11, 4),
    "002_1f6aeb634ab00bea.txt": date(2024, 12, 10),
    "003_cff62527002f97f0.txt": date(2024, 10, 18),
    "004_07e6423bfc0bdbe3.txt": date(2024, 11, 5),
}


def claims_of(name):
    return extract_claims((SEEDS / name).read_text(encoding="utf-8"), PUBLISHED[name])


def claim_with(claims, fragment):
    matching = [claim for claim in claims if fragment in claim.text]
    assert len(matching) == 1, f"{len(matching)} claims contain {fragment!r}"
    return matching[0]


def figures(claim):
    return [(q.value, q.unit, q.modifier, q.subject) for q in claim.quantities]


# --- sentences


def test_split_keeps_abbreviations_decimals_and_quotes_together():
    text = (
        "U.S. Secretary of Defence Lloyd Austin spoke. Gen. Smith met No. 5 unit in Washington, D.C. on Monday. "
        "They wore VKP 2.1 kits. “There are more… there are millions of them here. Here are the new "
        "reinforcements,” Putin stated, ‘We will never forget.’ The end!"
    )
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert sentences == [
        "U.S. Secretary of Defence Lloyd Austin spoke.",
        "Gen. Smith met No. 5 unit in Washington, D.C. on Monday.",
        "They wore VKP 2.1 kits.",
        "“There are more… there are millions of them here. Here are the new reinforcements,” Putin stated, "
        "‘We will never forget.’",
        "The end!",
    ]


def test_newlines_end_sentences_and_blank_lines_are_skipped():
    text = "close\n\nHeadline without a full stop\nFirst sentence. Second one.\n"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "close",
        "Headline without a full stop",
        "First sentence.",
        "Second one.",
    ]


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_claim_offsets_point_into_the_text(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    claims = extract_claims(text, PUBLISHED[name])
    assert claims
    for claim in claims:
        assert text[claim.start_char : claim.end_char] == claim.text
        assert 0.0 <= claim.checkworthiness <= 1.0
        assert claim.claimed_on_precision in ("day", "week", "month", "year", "published")


# --- 001, published Monday 2024-11-04


def test_001_kovalenko_named_in_apposition():
    claim = claim_with(claims_of("001_bc1be8ee82f2fd43.txt"), "According to the head of the Ukrainian Center")
    assert (claim.claimant, claim.cue) == ("Andriy Kovalenko", "according to")


def test_001_pronoun_resolves_to_latest_person_and_telegram_post_date():
    claim = claim_with(claims_of("001_bc1be8ee82f2fd43.txt"), "In a Telegram post on Monday, he said")
    assert (claim.claimant, claim.cue) == ("Andriy Kovalenko", "said")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 4), "day")
    assert claim.mentioned_dates == []


def test_001_hur_last_week():
    claim = claim_with(claims_of("001_bc1be8ee82f2fd43.txt"), "According to Ukrainian military intelligence")
    assert (claim.claimant, claim.cue) == ("Ukrainian military intelligence (HUR)", "according to")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 10, 28), "week")
    assert claim.mentioned_dates == []
    assert figures(claim) == [
        (12000.0, "soldiers", "about", "North Korean troops"),
        (500.0, "officers", None, "North Korean officers"),
        (3.0, "generals", None, "North Korean generals"),
    ]


def test_001_zelensky_on_tuesday():
    claim = claim_with(claims_of("001_bc1be8ee82f2fd43.txt"), "Zelensky said on Tuesday")
    assert (claim.claimant, claim.cue) == ("Volodymyr Zelensky", "said")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 10, 29), "day")
    assert figures(claim) == [(3000.0, "fighters", None, "North Korean troops")]


def test_001_us_last_week():
    claim = claim_with(claims_of("001_bc1be8ee82f2fd43.txt"), "The US also said last week")
    assert (claim.claimant, claim.cue) == ("United States", "said")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 10, 28), "week")
    assert figures(claim) == [(8000.0, "north koreans", "around", "North Korean troops")]


def test_001_caption_is_the_outlets_voice_with_a_mentioned_date():
    claim = claim_with(claims_of("001_bc1be8ee82f2fd43.txt"), "Kim Jong Un (left) oversees")
    assert (claim.claimant, claim.cue) == (None, None)
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 4), "published")
    assert claim.mentioned_dates == [MentionedDate("March 7, 2024", date(2024, 3, 7), date(2024, 3, 7), "day")]
    assert claim.quantities == []


def test_001_other_attributions():
    claims = claims_of("001_bc1be8ee82f2fd43.txt")
    expected = {
        "On Wednesday, South Korean military intelligence": ("South Korean military intelligence", date(2024, 10, 30)),
        "The Defense Intelligence Agency (DIA) in Seoul informed": ("Defense Intelligence Agency (DIA)", None),
        "However, it said": ("South Korean intelligence", None),
        "the British Ministry of Defense said": ("British Ministry of Defense", None),
        "backed on Sunday by the British government": ("British government", date(2024, 11, 3)),
        "said Andrew Yeo": ("Andrew Yeo", None),
        "the statement said": ("South Korea's defense ministry", None),
    }
    for fragment, (claimant, claimed_on) in expected.items():
        claim = claim_with(claims, fragment)
        assert claim.claimant == claimant, fragment
        assert claim.claimed_on == (claimed_on or PUBLISHED["001_bc1be8ee82f2fd43.txt"]), fragment
    assert claim_with(claims, "informed South Korean lawmakers").cue == "informed"


def test_001_furniture_and_headlines_are_not_claims():
    texts = [claim.text for claim in claims_of("001_bc1be8ee82f2fd43.txt")]
    furniture = ("close", "North Korean soldiers face", "Leave a Reply", "Your email")
    assert not any(text.startswith(furniture) for text in texts)


# --- 003, published Friday 2024-10-18


def test_003_nis_report():
    claim = claim_with(claims_of("003_cff62527002f97f0.txt"), "appearing to confirm reports by")
    assert claim.claimant == "South Korea's National Intelligence Service (NIS)"
    assert figures(claim) == [(1500.0, "soldiers", None, "North Korean troops")]


def test_003_zelensky_told_reporters_resolves_short_name_and_ignores_cue_inside_quote():
    claim = claim_with(claims_of("003_cff62527002f97f0.txt"), "Zelensky told reporters")
    assert (claim.claimant, claim.cue) == ("Volodymyr Zelensky", "told reporters")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 10, 18), "published")
    assert figures(claim) == [(10000.0, "soldiers", None, "North Korean troops")]


def test_003_zelensky_warned_at_summit_this_week():
    claim = claim_with(claims_of("003_cff62527002f97f0.txt"), "has repeatedly warned")
    assert claim.claimant == "Volodymyr Zelensky"
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 10, 14), "week")
    assert figures(claim) == [(2000.0, "troops", "order of magnitude", "North Korean troops")]


def test_003_south_korean_media():
    claim = claim_with(claims_of("003_cff62527002f97f0.txt"), "South Korean media had previously reported")
    assert (claim.claimant, claim.cue) == ("South Korean media", "reported")
    assert figures(claim) == [(12000.0, "troops", None, "North Korean troops")]


def test_003_army_size_in_outlets_voice():
    claim = claim_with(claims_of("003_cff62527002f97f0.txt"), "1.2 million soldiers")
    assert claim.claimant is None
    assert figures(claim) == [(1200000.0, "soldiers", None, "North Korean troops")]


# --- 004, published Tuesday 2024-11-05


def test_004_austin_announcement_on_31_october():
    claim = claim_with(claims_of("004_07e6423bfc0bdbe3.txt"), "Lloyd Austin made the official announcement")
    assert (claim.claimant, claim.cue) == ("Lloyd Austin", "made the official announcement")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 10, 31), "day")
    assert claim.mentioned_dates == []
    assert figures(claim) == [(10000.0, "soldiers", None, "North Korean troops")]


def test_004_hur_on_monday():
    claim = claim_with(claims_of("004_07e6423bfc0bdbe3.txt"), "Meanwhile, on Monday")
    assert (claim.claimant, claim.cue) == ("Ukrainian military intelligence (HUR)", "reported")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 4), "day")
    assert figures(claim) == [(11000.0, "soldiers", "up to", "North Korean troops")]


def test_004_nhk_on_tuesday_and_the_broadcaster_later():
    claims = claims_of("004_07e6423bfc0bdbe3.txt")
    claim = claim_with(claims, "a Japanese broadcaster NHK reported on Tuesday")
    assert (claim.claimant, claim.cue) == ("NHK", "reported")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 5), "day")
    later = claim_with(claims, "claims the Japanese broadcaster")
    assert (later.claimant, later.cue) == ("NHK", "claims")
    determined = claim_with(claims, "NHK has determined")
    assert determined.claimant == "NHK"
    assert determined.mentioned_dates == [MentionedDate("2020", date(2020, 1, 1), date(2020, 12, 31), "year")]


def test_004_compensation_in_pounds_and_rice():
    claim = claim_with(claims_of("004_07e6423bfc0bdbe3.txt"), "£160 million")
    assert claim.claimant == "South Korea"
    assert figures(claim) == [(160000000.0, "GBP", None, None), (670000.0, "tonnes", "at least", "rice")]


def test_004_reportedly_sent_with_august_mentioned():
    claim = claim_with(claims_of("004_07e6423bfc0bdbe3.txt"), "8,000 troops were reportedly sent")
    assert (claim.claimant, claim.cue) == (None, "reportedly")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 5), "published")
    assert claim.mentioned_dates == [MentionedDate("August", date(2024, 8, 1), date(2024, 8, 31), "month")]
    assert figures(claim) == [(8000.0, "troops", None, "North Korean troops")]


def test_004_dateline_and_title_are_not_claims():
    texts = [claim.text for claim in claims_of("004_07e6423bfc0bdbe3.txt")]
    assert "5 November 2024 19:01" not in texts
    assert not any("bolsters Russian frontline" in text for text in texts)


# --- 002, published Tuesday 2024-12-10


def test_002_kpa_personnel_in_october():
    claim = claim_with(claims_of("002_1f6aeb634ab00bea.txt"), "Approximately 10,000 personnel")
    assert claim.claimant is None
    assert claim.mentioned_dates == [MentionedDate("October", date(2024, 10, 1), date(2024, 10, 31), "month")]
    assert figures(claim) == [(10000.0, "personnel", "approximately", "North Korean troops")]


def test_002_colonel_cassad_not_the_translator():
    claim = claim_with(claims_of("002_1f6aeb634ab00bea.txt"), "wrote Russian military blogger Colonel Cassad")
    assert (claim.claimant, claim.cue) == ("Colonel Cassad", "wrote")


def test_002_zelensky_last_month():
    claim = claim_with(claims_of("002_1f6aeb634ab00bea.txt"), "Zelensky reported “first battles”")
    assert (claim.claimant, claim.cue) == ("Volodymyr Zelensky", "reported")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 1), "month")


def test_002_intelligence_reports_last_week():
    claim = claim_with(claims_of("002_1f6aeb634ab00bea.txt"), "Ukrainian intelligence reports indicated")
    assert (claim.claimant, claim.cue) == ("Ukrainian intelligence", "indicated")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 12, 2), "week")


def test_002_denial_is_not_an_attribution():
    texts = [claim.text for claim in claims_of("002_1f6aeb634ab00bea.txt")]
    assert not any(text.startswith("Neither North Korea nor Russia") for text in texts)


# --- 000, published Tuesday 2025-04-29


def test_000_telegram_channel():
    claim = claim_with(claims_of("000_69455c9b4c518f8f.txt"), "In a surprising turn of events")
    assert (claim.claimant, claim.cue) == ("Telegram channel ‘Military Review’", "according to")
    assert claim_with(claims_of("000_69455c9b4c518f8f.txt"), "The channel detailed").claimant == (
        "Telegram channel ‘Military Review’"
    )


def test_000_putin_on_april_28th():
    claims = claims_of("000_69455c9b4c518f8f.txt")
    claim = claim_with(claims, "On April 28th, Putin expressed")
    assert (claim.claimant, claim.cue) == ("Vladimir Putin", "expressed")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2025, 4, 28), "day")
    assert claim.mentioned_dates == []
    assert claim_with(claims, "Putin stated").claimant == "Vladimir Putin"


def test_000_equipment_model_numbers_are_not_figures():
    claims = claims_of("000_69455c9b4c518f8f.txt")
    assert all(claim.quantities == [] for claim in claims)
    assert not any("VKP 2.1" in claim.text for claim in claims)


# --- claimants, dates and scoring on small texts


def test_unresolvable_pronoun_has_no_claimant():
    (claim,) = extract_claims("He said 500 troops arrived.", date(2024, 11, 5))
    assert (claim.claimant, claim.cue) == (None, "said")


def test_passive_reporting_verb_is_not_an_attribution():
    assert extract_claims("Troops have been reported near the border.", date(2024, 11, 5)) == []


def test_trailing_date_of_a_that_clause_is_mentioned_not_claimed():
    (claim,) = extract_claims("Zelensky said that troops arrived in August.", date(2024, 11, 5))
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 5), "published")
    assert [mentioned.text for mentioned in claim.mentioned_dates] == ["August"]


def test_attributed_figure_outranks_plain_description():
    attributed, described = extract_claims(
        "Ukrainian military intelligence (HUR) reported that up to 11,000 soldiers are in Kursk. "
        "The region was attacked in August.",
        date(2024, 11, 5),
    )
    assert attributed.checkworthiness > described.checkworthiness


def test_undated_article_resolves_only_dates_with_their_own_year():
    text = ("The ministry said on Monday that 3,000 troops had arrived. "
            "Officials said 4,000 more would follow in March 2025, according to the agency.")
    claims = extract_claims(text, None)
    assert [c.claimed_on_precision for c in claims][0] == "undated"
    assert claims[0].claimed_on is None and claims[0].mentioned_dates == []
    later = claims[1]
    assert any(d.start.isoformat() == "2025-03-01" for d in later.mentioned_dates) or \
        (later.claimed_on is not None and later.claimed_on.isoformat() == "2025-03-01")


def test_attribution_beyond_the_seeds():
    published = date(2025, 3, 12)
    cases = {
        "Dock workers walked off the job on Monday, halting about 12,000 containers a day, according to the "
        "ABVV transport union.": ("ABVV transport union", "according to"),
        "Siemens, which lost the tender, said in a statement that it was studying the decision.": ("Siemens", "said"),
        "Freight forwarders estimated the cost of the stoppage at more than €30 million a day.":
            ("Freight forwarders", "estimated"),
        "A spokesperson for the port authority said on Tuesday that talks had been constructive.":
            ("port authority", "said"),
    }
    for sentence, expected in cases.items():
        found = extract_claims(sentence, published)
        assert [(c.claimant, c.cue) for c in found] == [expected], sentence
    union = extract_claims(next(iter(cases)), published)[0]
    assert union.quantities[0].value == 12000 and [d.text for d in union.mentioned_dates] == ["Monday"]
