"""Claim extraction on the real seed articles and on general news sentences."""

from datetime import date
from pathlib import Path

import pytest

from extractors.claims import extract_claims, split_sentences
from extractors.dates import find_dates
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


def test_unresolvable_pronoun_stays_a_pronoun():
    (claim,) = extract_claims("He said 500 troops arrived.", date(2024, 11, 5))
    assert (claim.claimant, claim.claimant_kind, claim.claimant_name, claim.cue) == ("he", "pronoun", None, "said")
    # Not counted as a named claimant.
    named = extract_claims("Smith said 500 troops arrived.", date(2024, 11, 5))[0]
    assert claim.checkworthiness < named.checkworthiness


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


# --- attribution on news beyond the seeds: who, what kind, which name, what tense

TUESDAY = date(2024, 11, 5)  # a Tuesday


def claims_in(text, published=TUESDAY):
    return extract_claims(text, published)


def who(claim):
    return (claim.claimant, claim.claimant_kind, claim.claimant_name)


def test_002_quote_continued_in_a_second_sentence_keeps_its_speaker():
    claims = claims_of("002_1f6aeb634ab00bea.txt")
    second = claim_with(claims, "Comrade Kim Jong-un can be proud")
    assert (second.claimant, second.cue, second.claimant_kind) == ("Colonel Cassad", "wrote", "person")


def test_seed_claimants_have_kinds():
    kinds = {
        ("001_bc1be8ee82f2fd43.txt", "According to Ukrainian military intelligence"): "organisation",
        ("001_bc1be8ee82f2fd43.txt", "backed on Sunday by the British government"): "government",
        ("001_bc1be8ee82f2fd43.txt", "Zelensky said on Tuesday"): "person",
        ("001_bc1be8ee82f2fd43.txt", "experts said Newsweek"): "role",
        ("004_07e6423bfc0bdbe3.txt", "a Japanese broadcaster NHK reported on Tuesday"): "media",
        ("000_69455c9b4c518f8f.txt", "In a surprising turn of events"): "media",
    }
    for (name, fragment), kind in kinds.items():
        claim = claim_with(claims_of(name), fragment)
        assert claim.claimant_kind == kind, fragment
    caption = claim_with(claims_of("001_bc1be8ee82f2fd43.txt"), "Kim Jong Un (left) oversees")
    assert (caption.claimant, caption.claimant_kind, caption.claimant_name) == (None, None, None)


def test_descriptive_and_role_subjects():
    text = (
        "Indiana Gov. Mike Pence signed the bill on Thursday.\n"
        "His lawyer said the governor had acted within his authority.\n"
        "Officials said the cost of the security operation could exceed $30 million.\n"
        "A spokeswoman for Hillary Clinton says the former secretary of state will campaign in Ohio on Saturday.\n"
        "A spokesperson for the port authority said 40 ships were waiting.\n"
        "Analysts at Goldman Sachs said growth would slow to 1.5 percent.\n"
    )
    claims = claims_in(text)
    assert who(claim_with(claims, "His lawyer")) == ("his lawyer", "role", None)
    assert who(claim_with(claims, "Officials said")) == ("Officials", "anonymous", None)
    # The role holder speaks, not the person named after "for".
    assert who(claim_with(claims, "A spokeswoman for")) == ("a spokeswoman for Hillary Clinton", "role", None)
    # A spokesperson for an organisation speaks as the organisation.
    assert who(claim_with(claims, "port authority")) == ("port authority", "government", None)
    assert who(claim_with(claims, "Goldman Sachs")) == ("Analysts at Goldman Sachs", "role", None)


def test_role_resolves_to_the_holder_the_article_names():
    text = (
        "Indiana Gov. Mike Pence signed the religious freedom bill on Thursday.\n"
        "The Indiana governor said the law had been misunderstood by 12 states.\n"
    )
    assert who(claims_in(text)[-1]) == ("Mike Pence", "person", "Mike Pence")
    unnamed = claims_in("The Indiana governor said 12 counties had reported problems.")[0]
    assert who(unnamed) == ("the Indiana governor", "role", None)


def test_the_president_is_only_the_president_the_article_names():
    text = (
        "President Donald Trump will meet Chinese President Xi Jinping on Thursday.\n"
        "The president told reporters that tariffs on $250 billion of goods would stay.\n"
        "Mr. Trump said China had taken advantage of the United States.\n"
    )
    claims = claims_in(text)
    assert who(claim_with(claims, "The president told")) == ("Donald Trump", "person", "Donald Trump")
    assert who(claim_with(claims, "Mr. Trump said")) == ("Donald Trump", "person", "Donald Trump")
    # Only a foreign president named: "the president" is not him.
    text = "Chinese President Xi Jinping arrived on Monday.\nThe president said 20 deals would be signed.\n"
    assert who(claims_in(text)[-1]) == ("the president", "role", None)
    # Two presidents named plainly: not resolved.
    text = ("President Joe Biden and former President Donald Trump spoke on Monday.\n"
            "The president said 20 states had been visited.\n")
    assert who(claims_in(text)[-1]) == ("the president", "role", None)


def test_present_tense_and_inverted_cues():
    cases = {
        "Experts say the cuts could reach 5,000 jobs by March.": ("Experts", "say", "conditional"),
        "The ministry says 300 soldiers are in hospital.": ("ministry", "says", "present"),
        "Prices will rise by 5 percent, said Smith.": ("Smith", "said", "future"),
        '"This is not about money," said Rep. G.K. Butterfield, D-N.C., who chairs the caucus.':
            ("Rep. G.K. Butterfield", "said", "present"),
        '"There will be no deal," Lt. Gen. Michael Flynn said.': ("Lt. Gen. Michael Flynn", "said", "future"),
    }
    for sentence, (claimant, cue, tense) in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.cue, claim.tense) == (claimant, cue, tense), sentence
    (butterfield,) = claims_in('"This is not about money," said Rep. G.K. Butterfield, D-N.C., who chairs it.')
    assert (butterfield.claimant_kind, butterfield.claimant_name) == ("person", "G.K. Butterfield")


def test_according_to_named_and_unnamed_sources():
    cases = {
        # The count is left out: "two officials", "multiple officials" are the same kind of source.
        "According to two officials familiar with the talks, the deal is worth $4 billion.":
            ("officials familiar with the talks", "anonymous"),
        "The deal, according to Bloomberg, was signed on Monday.": ("Bloomberg", "media"),
        "According to a senior administration official, 3,000 troops will stay.":
            ("a senior administration official", "anonymous"),
        "According to the Kremlin, 45 drones were shot down.": ("Kremlin", "government"),
    }
    for sentence, (claimant, kind) in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.claimant_kind, claim.cue) == (claimant, kind, "according to"), sentence


def test_verb_far_from_its_subject():
    (claim,) = claims_in(
        "Cruz exhorted the crowd of about 2,000 supporters in Des Moines to stay until the end of the caucus "
        "and said he expected to win at least 30 percent of the vote."
    )
    assert (claim.claimant, claim.claimant_kind, claim.cue) == ("Cruz", "person", "said")
    (claim,) = claims_in("Police arrested three men in Leeds on Friday and said 12 more were being sought.")
    assert claim.claimant == "Police" and claim.claimant_kind == "government"


def test_two_apostrophe_and_backtick_quotes_are_double_quotes():
    text = ("``We have waited long enough. The families in my district cannot wait,'' said Rep. G.K. Butterfield. "
            "``Our patience is gone,'' he added.")
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == [
        "``We have waited long enough. The families in my district cannot wait,'' said Rep. G.K. Butterfield.",
        "``Our patience is gone,'' he added.",
    ]
    first, second = claims_in(text)
    assert (first.claimant, first.cue) == ("Rep. G.K. Butterfield", "said")
    assert (second.claimant, second.claimant_name, second.cue) == ("Rep. G.K. Butterfield", "G.K. Butterfield", "added")
    assert [second.start_char, second.end_char] == [text.index("``Our"), len(text)]


def test_every_sentence_of_a_quotation_gets_its_speaker():
    # Attributed in the middle, continued after the attribution.
    text = '"We are going to get this done," McConnell told reporters. "Nobody should doubt our resolve."'
    first, second = claims_in(text)
    assert (second.claimant, second.cue) == (first.claimant, "told reporters") == ("McConnell", "told reporters")
    # Over paragraphs: the first paragraph ends inside the quotation, the last one names the speaker.
    text = (
        'Maria Zakharova, the Russian foreign ministry spokeswoman, said: "The West is lying.\n'
        '"Every strike is aimed at military infrastructure.\n'
        '"We will not negotiate under threats," she told reporters in Moscow on Thursday.\n'
    )
    claims = claims_in(text)
    assert [c.claimant for c in claims] == ["Maria Zakharova"] * 3
    text = '"Every strike is aimed at military targets.\n"We will not negotiate," Zakharova told reporters.\n'
    assert [c.claimant for c in claims_in(text)] == ["Zakharova", "Zakharova"]
    # A quotation that ends with its own full stop, then the speaker.
    text = '"We turned away 25 patients." Dr. Maria Lopez said.'
    assert [c.claimant for c in claims_in(text)] == ["Dr. Maria Lopez", "Dr. Maria Lopez"]
    # A quotation after an unattributed sentence is not given anyone.
    text = 'The hospital closed its wards. "We turned away patients."'
    assert claims_in(text) == []


def test_names_are_not_cut_at_an_abbreviation():
    for honorific in ("Mr.", "Sen.", "Rev.", "Del.", "Gov.", "Gen.", "Lt.", "Dr.", "St."):
        (claim,) = claims_in(f'"We will win 40 seats," said {honorific} John Carter.')
        assert claim.claimant == f"{honorific} John Carter", honorific
        assert claim.claimant_kind == "person"
    (claim,) = claims_in('"We will win 40 seats," said Sen. John Carter.')
    assert claim.claimant_name == "John Carter"
    spans = split_sentences("Del. Maria Lopez said the vote was close. Rev. Al Green agreed.")
    assert len(spans) == 2


def test_never_a_weekday_date_or_place_as_claimant():
    (claim,) = claims_in("Mitch McConnell, R-Ky., said Tuesday that 52 senators backed the bill.")
    assert who(claim) == ("Mitch McConnell", "person", "Mitch McConnell")
    assert (claim.claimed_on, claim.claimed_on_precision) == (TUESDAY, "day")
    (claim,) = claims_in("A resident of Ashton, Md., said she had waited three hours to vote in 2020.")
    assert who(claim) == ("a resident of Ashton", "role", None)
    (claim,) = claims_in("Jane Doe of Ashton, Md., said she had waited three hours to vote in 2020.")
    assert claim.claimant == "Jane Doe"
    (claim,) = claims_in("The Times on Saturday wrote that the agency had received 3,000 complaints.")
    assert who(claim) == ("The Times", "media", "The Times")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 2), "day")
    for sentence in ("Troops arrived, said Monday.", "Troops arrived, said March.", "Troops arrived, said Md."):
        assert all(c.claimant is None for c in claims_in(sentence)), sentence


def test_appositives_name_the_person_not_the_description():
    cases = {
        "Michael Mulgrew, president of the United Federation of Teachers, said 12,000 teachers signed.":
            "Michael Mulgrew",
        "Dmitri Volkov, a farmer near Kharkiv, said 30 shells hit his village on Tuesday.": "Dmitri Volkov",
        "House Speaker Nancy Pelosi, D-Calif., said in a statement that the bill fell short by $600 billion.":
            "Nancy Pelosi",
        "Maria Lopez, 54, said the state owed the hospital $12 million.": "Maria Lopez",
        "Mitch McConnell, R-Ky., the majority leader, said 52 senators backed the bill.": "Mitch McConnell",
        "The company, based in Ashton, Md., said it would cut 1,200 jobs.": "company",
    }
    for sentence, claimant in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.claimant == claimant, sentence


def test_the_addressee_is_not_the_claimant():
    text = (
        "Hillary Clinton arrived in Ohio.\n"
        "Clinton herself told The Huffington Post that turnout would reach 70 percent."
    )
    assert who(claims_in(text)[-1]) == ("Hillary Clinton", "person", "Hillary Clinton")
    (claim,) = claims_in("Asked about the delay, the spokesman told CNN the vote would happen on Monday.")
    assert claim.claimant == "the spokesman" and claim.cue == "told"
    (claim,) = claims_in('"We lost 12 homes," one resident, who asked not to be named, told the Guardian.')
    assert who(claim) == ("one resident", "role", None)


def test_a_wrong_claimant_is_not_inherited_by_he_said():
    text = (
        "Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday that 52 senators backed the bill.\n"
        "He added that the vote would take place on Thursday.\n"
    )
    first, second = claims_in(text)
    assert first.claimant == second.claimant == "Mitch McConnell"
    # Someone the article cannot identify comes between: the pronoun stays a pronoun.
    text = "Sen. Ted Cruz arrived on Monday.\nTrump met Putin in Helsinki. He said the meeting went well.\n"
    assert who(claims_in(text)[-1]) == ("he", "pronoun", None)


def test_pronouns_follow_gender_and_subject():
    text = (
        "Sen. Ted Cruz and Hillary Clinton debated in Houston on Monday.\n"
        "She said the state would add 12,000 jobs.\n"
        "He said the number was closer to 5,000.\n"
        "Dmitri Volkov, a farmer near Kharkiv, said 30 shells hit his village.\n"
        "He said his neighbours had left.\n"
    )
    claims = claims_in(text)
    assert who(claim_with(claims, "She said")) == ("Hillary Clinton", "person", "Hillary Clinton")
    assert who(claim_with(claims, "He said the number")) == ("Ted Cruz", "person", "Ted Cruz")
    assert claim_with(claims, "his neighbours").claimant == "Dmitri Volkov"
    # Two women share the subject: unsure.
    text = "Angela Rayner and Rachel Reeves attended the dinner.\nShe said the budget would add £2 billion.\n"
    assert who(claims_in(text)[-1]) == ("she", "pronoun", None)
    # The antecedent's own pronoun tells its gender when its first name does not.
    text = "Zhang Wei expressed his thanks on Monday.\nHe said 300 workers would be rehired.\n"
    assert claims_in(text)[-1].claimant == "Zhang Wei"
    # A spokesman's "he" is the spokesman.
    text = '"We will respond," a spokesman said. He added that 20 ships were ready.'
    assert [who(c) for c in claims_in(text)] == [("a spokesman", "role", None)] * 2


def test_surnames_shared_by_two_people_stay_unresolved():
    text = (
        "John Smith, a nurse in Baltimore, and Jane Smith, a teacher in Ashton, signed the petition.\n"
        "Smith said the hospital had cut 40 beds since January.\n"
        "Ms. Smith said 300 teachers had joined the strike.\n"
        "Mr. Smith said the cuts would continue into 2025.\n"
    )
    plain, ms, mr = claims_in(text)
    assert who(plain) == ("Smith", "person", "Smith")
    assert who(ms) == ("Jane Smith", "person", "Jane Smith")
    assert who(mr) == ("John Smith", "person", "John Smith")
    # Even when one first name is not one we know.
    text = "John Smith and Oksanka Smith signed the petition.\nSmith said 40 beds had been cut.\n"
    assert claims_in(text)[-1].claimant == "Smith"


def test_claimant_kinds():
    cases = {
        "Siemens said in a statement that 300 jobs would go.": "organisation",
        "The Defense Intelligence Agency said 3,000 troops had moved.": "organisation",
        "The Kremlin said 45 drones were shot down.": "government",
        "Russia's defence ministry said 45 drones were shot down.": "government",
        "The White House said 12 states had agreed.": "government",
        "Reuters reported that 12 people were killed.": "media",
        "NHK reported that 300 homes were flooded.": "media",
        "Sources told CNN that the talks would resume in March.": "anonymous",
        "A source close to the negotiations said 40 points were agreed.": "anonymous",
        "Residents said 30 shells hit the village.": "role",
        "Republicans said the bill would cost $2 trillion.": "role",
        "Many Americans say prices rose 5 percent.": "role",
        "Ukraine's air force said it destroyed 40 of 45 drones.": "organisation",
        "Mr. Johnson said 40 beds had been cut.": "person",
        "She said 40 beds had been cut.": "pronoun",
    }
    for sentence, kind in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.claimant_kind == kind, (sentence, claim.claimant, claim.claimant_kind)


def test_tense_of_the_claim():
    cases = {
        "The ministry said 300 soldiers were wounded.": "past",
        "The ministry says 300 soldiers are in hospital.": "present",
        "Mr. Trump will meet Chinese President Xi Jinping on Thursday, the White House said.": "future",
        "Officials said the cost could exceed $30 million.": "conditional",
        "The governor said 4,500 troops would be deployed by Friday.": "future",  # reported "will"
        "The governor said 4,500 troops would be deployed if the protests continued.": "conditional",
        "Trump will announce on Friday that 20 states have joined.": "future",
        # Modals of likelihood over what is or was are hedged reports, not conditions.
        "HUR reported that up to 11,000 soldiers might already be stationed in Kursk.": "present",
        "The agency said an advance unit of 500 soldiers may have been sent to the front.": "past",
        # A reported "would" with no time ahead is reported like any past statement.
        "South Korean media reported that the North would send a total of 12,000 troops.": "past",
    }
    for sentence, tense in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.tense == tense, sentence


def test_seed_figures_are_reports_not_forecasts():
    # The figure conflicts are read from claims about what is or was.
    for name in sorted(PUBLISHED):
        for claim in claims_of(name):
            if claim.claimant and any(q.subject == "North Korean troops" for q in claim.quantities):
                assert claim.tense in ("past", "present"), claim.text


def test_weekdays_in_future_clauses_resolve_forward():
    (claim,) = claims_in("Mr. Trump will meet President Xi Jinping on Thursday, the White House said on Monday.")
    assert (claim.claimed_on, claim.claimed_on_precision) == (date(2024, 11, 4), "day")  # the statement: backward
    assert [(d.text, d.start) for d in claim.mentioned_dates] == [("Thursday", date(2024, 11, 7))]
    (claim,) = claims_in("The governor said on Monday that 4,500 troops would be deployed by Friday.")
    assert claim.claimed_on == date(2024, 11, 4)
    assert [(d.text, d.start) for d in claim.mentioned_dates] == [("Friday", date(2024, 11, 8))]
    # The day of a future event is not the day of the statement.
    (claim,) = claims_in("A spokeswoman for Hillary Clinton says she will campaign in Ohio on Saturday.")
    assert (claim.claimed_on, claim.claimed_on_precision) == (TUESDAY, "published")
    assert [(d.text, d.start) for d in claim.mentioned_dates] == [("Saturday", date(2024, 11, 9))]
    # Past clauses still look back.
    (claim,) = claims_in("The ministry said troops arrived on Thursday.")
    assert claim.claimed_on == date(2024, 10, 31) or [d.start for d in claim.mentioned_dates] == [date(2024, 10, 31)]


def test_find_dates_direction():
    def resolved(sentence, direction):
        return [(found.text, found.start) for _, _, found in find_dates(sentence, TUESDAY, direction=direction)]

    assert resolved("on Thursday", "backward") == [("Thursday", date(2024, 10, 31))]
    assert resolved("on Thursday", "forward") == [("Thursday", date(2024, 11, 7))]
    assert resolved("on Tuesday", "forward") == [("Tuesday", TUESDAY)]
    assert resolved("next Tuesday", "backward") == [("next Tuesday", date(2024, 11, 12))]
    assert resolved("last Tuesday", "forward") == [("last Tuesday", date(2024, 10, 29))]
    assert resolved("on 3 March", "forward") == [("3 March", date(2025, 3, 3))]
    assert resolved("in March", "forward") == [("March", date(2025, 3, 1))]
    assert resolved("in March 2024", "forward") == [("March 2024", date(2024, 3, 1))]
    assert resolved("tomorrow", "forward") == resolved("tomorrow", "backward") == [("tomorrow", date(2024, 11, 6))]
    with pytest.raises(ValueError):
        find_dates("on Thursday", TUESDAY, direction="sideways")


def test_links_to_other_articles_are_not_claims():
    text = "Related: Ukraine says it hit a Russian oil depot\nRead more: Fed says rates will stay high in 2025\n"
    assert claims_in(text) == []


def test_participle_clauses_take_the_subject_of_their_clause():
    cases = {
        "The US welcomed the exchange of 3 prisoners, saying the hostages had suffered.": "United States",
        "Foreign Secretary Dominic Raab defended the party's actions, saying 12 accounts were linked to it.":
            "Dominic Raab",
        "They were close to a deal when President Trump scuttled the talks in September, citing 40 attacks.":
            "President Trump",
        "Health care providers have protested longer detention, warning that 300 children were at risk.":
            "Health care providers",
        "The Electoral Commission issued a statement warning that 40 adverts broke the rules.":
            "Electoral Commission",
    }
    for sentence, claimant in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.claimant == claimant, sentence
    # Without the comma it is not a clause of its own.
    (claim,) = claims_in("A man can be heard in the video saying 300 soldiers had arrived.")
    assert claim.claimant is None


def test_more_reporting_verbs_and_their_false_friends():
    cases = {
        "Grisham also accused the Democrats of blocking 12 bills.": ("Grisham", "accused"),
        "Lamrani further described the idea of 300 fighters at al-Tanf as absurd.": ("Lamrani", "described"),
        "The EU reiterated that all 130 settlements are illegal.": ("EU", "reiterated"),
        "Pankaj Pandey, Head of Research at ICICI Securities, pointed out that 40 stocks fell.":
            ("Pankaj Pandey", "pointed out"),
        "Big Machine have twice denied holding back 6 albums.": ("Big Machine", "denied"),
        "He has consistently denied being paid $2 million.": ("he", "denied"),
        "The key positive is that 40 firms beat estimates, say experts.": ("experts", "say"),
        "Industry experts expect interest rates to stay below 2 percent.": ("Industry experts", "expect"),
        "Yersinia pestis, per the WHO, kills 30 percent of those infected.": ("WHO", "per"),
        "All 40 sites were also disinfected, reports Wee.": ("Wee", "reports"),
        "More than 4,000 people will be notified, according to court records.": ("court records", "according to"),
    }
    for sentence, (claimant, cue) in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.cue) == (claimant, cue), sentence
    not_claims = [
        "The Nasdaq Composite .IXIC added 20.72 points, or 0.24%, to 8,570.66.",
        "The Russian and Syrian claims about 300 fighters are false.",
        "After Fiona Hill left in 2019, Vindman reported to him.",
        "Wild defenseman Ryan Suter joked about his 3 broken sticks.",
        "Kurt Volker testified before the House Committee on Monday.",
    ]
    for sentence in not_claims:
        assert all(claim.claimant is None for claim in claims_in(sentence)), sentence


def test_organisations_keep_their_whole_name_and_people_leave_theirs():
    cases = {
        "Indiana State Police reported at least 5,000 people entered the Statehouse.": "Indiana State Police",
        "The California Governor's Office of Emergency Services said 40 towers failed.":
            "California Governor's Office of Emergency Services",
        "The U.S. Attorney's Office for the Western District of New York announced that 3 men were charged.":
            "U.S. Attorney's Office for the Western District of New York",
        "The patient ate a rabbit on Nov. 5, according to the state-run Xinhua News Agency.": "Xinhua News Agency",
        "Dr. Joneigh Khaldun of the Michigan Department of Health says the risk lasts 3 weeks.": "Dr. Joneigh Khaldun",
        "The couple was quarantined for 9 days, according to Sui-Lee Wee of the New York Times.": "Sui-Lee Wee",
        "Secretary of State Mike Pompeo said 5 hostages were released.": "Mike Pompeo",
        "CBS Sports NFL Insider Jason La Canfora has reported that the NFL will fine Rudolph $50,000.":
            "Jason La Canfora",
        "China's ambassador to Britain Liu Xiaming has said 20 weeks of unrest must end.": "Liu Xiaming",
    }
    for sentence, claimant in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.claimant == claimant, sentence


def test_appositives_after_the_name_are_descriptions():
    cases = {
        '"We had some issues," Mayer, Disney\'s chairman of direct-to-consumer, said at a conference in 2019.':
            "Mayer",
        "Omar Lamrani, a senior analyst at Stratfor, the Texas-based intelligence firm, told Business Insider "
        "in October 2018 that 300 fighters were there.": "Omar Lamrani",
        "Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, the U.S. operation against Islamic State in Iraq "
        "and Syria, told VOA that 300 people left.": "Cmdr. Sean Robertson",
        "Jeff Sanborn, president of Chapter & Verse, said he thought the campaign cost $449,000.": "Jeff Sanborn",
        "Sen. Ted Cruz, R-Texas, said 40 senators agreed.": "Sen. Ted Cruz",
    }
    for sentence, claimant in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.claimant == claimant, sentence


def test_unnamed_sources_leave_out_the_count_and_the_place():
    cases = {
        "The NYAG is investigating WeWork, according to two people familiar with the matter.":
            "people familiar with the matter",
        "In sum, 4,000 people will be notified, according to multiple people familiar with the matter.":
            "people familiar with the matter",
        "A doctor on the scene told Ruptly that 3 people died.": "a doctor",
    }
    for sentence, claimant in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.claimant == claimant, sentence


def test_a_pronoun_can_take_the_subject_of_its_own_sentence():
    text = ("Patrick Carlineo pleaded guilty in 2019.\n"
            "When Carlineo was approached, he told police he owned 3 guns.\n")
    assert claims_in(text)[-1].claimant == "Patrick Carlineo"
    # But not someone the sentence only mentions: "After meeting Smith" is not who speaks.
    text = "John Smith and Tom Jones met on Monday.\nAfter meeting Smith, he said 3 deals were agreed.\n"
    assert claims_in(text)[-1].claimant_kind == "pronoun"


def test_quotes_closed_with_two_curly_apostrophes():
    text = "‘‘It was an attempt to mislead 3 million voters,’’ Will Moy, chief executive of Full Fact, told the BBC."
    (claim,) = claims_in(text)
    assert claim.claimant == "Will Moy" and claim.text == text


def test_a_briefed_source_keeps_what_it_was_briefed_on():
    (claim,) = claims_in("Two people briefed on the talks said tariffs would stay.")
    assert who(claim) == ("people briefed on the talks", "anonymous", None)
    (claim,) = claims_in("A doctor on the scene said 3 people died.")
    assert claim.claimant == "a doctor"  # a place, not a qualification


def test_calling_something_a_name_is_a_claim():
    cases = {
        "The White House called the impeachment process a sham.": "White House",
        'Cruz called the suicide a "profound indictment of the system."': "Cruz",
        'The Arab League called it an "extremely adverse development".': "Arab League",
    }
    for sentence, claimant in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.cue) == (claimant, "called"), sentence
    for sentence in ("He called the police a second time.", "He was called a hero by the mayor.",
                     "The union called for a strike.", "They called him on Monday."):
        assert [claim.claimant for claim in claims_in(sentence) if claim.claimant] == [], sentence


def test_it_and_they_take_up_an_organisation_the_article_just_named():
    text = ("As of October, Emirates had a fleet of 270 aircraft.\n"
            "In addition, it announced an order of 50 Airbus jets on Monday.\n")
    assert who(claims_in(text)[-1]) == ("Emirates", "organisation", "Emirates")
    # A plural verb with a name ("Big Machine have") is an organisation a later "they" refers to.
    text = ("Big Machine have twice denied doing anything wrong.\n"
            '"At no point did we block her," they said in a statement.\n'
            '"We have agreed to grant all licenses," it says.\n')
    claims = claims_in(text)
    assert [who(claim) for claim in claims[-2:]] == [("Big Machine", "organisation", "Big Machine")] * 2
    # A surname the article gives in full is a person, never an organisation a later "it" takes up.
    text = ("Scooter Braun bought the label in June.\n"
            "Braun has denied the claims.\n"
            "It said on Monday that 3 deals were signed.\n")
    assert claims_in(text)[-1].claimant_kind == "pronoun"


def test_long_inverted_names_and_a_subject_after_but():
    text = ("Job cuts will be announced this week, said The We Company’s recently named executive chair "
            "Marcelo Claure in an email to staff.")
    assert claims_in(text)[0].claimant == "Marcelo Claure"
    text = ("The president has been eager to withdraw, but General Mark Milley, chairman of the Joint Chiefs of "
            "Staff, told US media this month that its forces are likely to remain.")
    assert claims_in(text)[0].claimant == "Mark Milley"


def test_cue_verbs_doing_something_else_are_no_attribution():
    for sentence in ("Trinity Academy junior Ben Patton added to his collection of state titles on Friday.",
                     "The late neurologist wrote about similar symptoms in his book."):
        assert [claim.claimant for claim in claims_in(sentence) if claim.claimant] == [], sentence
    (claim,) = claims_in("Smith added to reporters that the plan was dead.")
    assert claim.claimant == "Smith"


def test_a_report_in_a_newspaper_is_the_newspapers():
    (claim,) = claims_in("According to a report in the Argus Leader of Sioux Falls, the governor launched it.")
    assert (claim.claimant, claim.claimant_kind) == ("Argus Leader of Sioux Falls", "media")


def test_publications_named_with_the_and_their_reports():
    cases = {"The Wrap’s report today claims that Pine will be back.": ("The Wrap", "media"),
             "There are three scripts, according to The Wrap, so it is open.": ("The Wrap", "media"),
             "The Hollywood Reporter said the film was shelved.": ("The Hollywood Reporter", "media")}
    for sentence, expected in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.claimant_kind) == expected, sentence


def test_adverbs_prepositions_and_brackets_are_never_claimants():
    (claim,) = claims_in("Shortly after, some of his defenders took to social media, claiming that it was false.")
    assert claim.claimant is None
    (claim,) = claims_in("(Alden on Tuesday announced that it had become the largest shareholder.)")
    assert claim.claimant == "Alden"
    (claim,) = claims_in('The 56-year-old said after his appointment: "I am excited to be joining a club."')
    assert (claim.claimant, claim.claimant_kind) == ("56-year-old", "role")


def test_an_organisation_in_a_country_is_the_organisation():
    (claim,) = claims_in("According to the Centre for Disease Control (CDC) in the US, the plague is treatable.")
    assert (claim.claimant, claim.claimant_kind) == ("Centre for Disease Control (CDC)", "organisation")


def test_appositives_that_carry_on_an_employer_and_party_tags():
    cases = {
        "“We have an approach,” Jim Chilton, senior vice president for space and launch at Boeing Defense, Space, "
        "and Security, said in that statement.": ("Jim Chilton", "person"),
        "Steve Menet, Senior Vice President of Sales for Dräger, Inc., says: “Alarm management is a focus.”":
            ("Steve Menet", "person"),
        "“Heavy lift is needed,” said Rep. Brian Babin (R-TX), ranking member of the subcommittee, at a hearing.":
            ("Rep. Brian Babin", "person"),
        "Others, though, might argue that any reassessment should also consider costs.": ("others", "anonymous"),
    }
    for sentence, expected in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.claimant_kind) == expected, sentence
    for sentence in ("Correction added Nov. 18, 2019: The caption made an unconfirmed statement that he was first.",
                     "Studies indicate that yoga can help encourage healthy eating habits."):
        assert claims_in(sentence)[0].claimant is None, sentence


def test_described_groups_speak_as_anonymous_or_role_sources():
    cases = {
        "Those in favor of punishment have said that Rudolph instigated the fight.":
            ("Those in favor of punishment", "anonymous"),
        "Some consumers who sought help on launch day reported wait times that exceeded two hours.":
            ("some consumers", "role"),
        "Health bosses said that 28 people in close contact were quarantined.": ("Health bosses", "role"),
        "Education advocacy groups said that a 9% funding increase was needed.":
            ("Education advocacy groups", "organisation"),
    }
    for sentence, expected in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.claimant_kind) == expected, sentence


def test_with_a_source_warning_and_vague_counts():
    (claim,) = claims_in("Smoke is set to descend on Delhi, with forecasters warning that pollution will be severe.")
    assert (claim.claimant, claim.cue) == ("forecasters", "warning")
    assert claims_in("He left the room with the door slamming.") == []
    (claim,) = claims_in("Many riders will tell you that the bikes are slow.")
    assert claim.claimant == "riders"
    (claim,) = claims_in("“If we were any higher, we’d be North Dakota,” one user quipped.")
    assert (claim.claimant, claim.cue) == ("one user", "quipped")


def test_a_joint_claim_goes_to_the_first_claimant_and_names_holding_and_stay_whole():
    cases = {
        "The United Nations and European Union stressed that the settlements are illegal.": "United Nations",
        "John Smith and Jane Doe said the plan failed.": "John Smith",
        "Paganini and his team wrote in the paper that water was found.": "Paganini",
        "Customs and Border Protection said it never vaccinated detainees.": "Customs and Border Protection",
        "The Department of Health and Human Services said it would act.": "Department of Health and Human Services",
        "The Russian and Syrian defense ministries accused U.S. forces of controlling bandits.":
            "Russian and Syrian defense ministries",
    }
    for sentence, claimant in cases.items():
        (claim,) = claims_in(sentence)
        assert claim.claimant == claimant, sentence


def test_pronouns_after_a_role_led_subject_and_a_participle_opening_a_sentence():
    text = ("Barely a week ago, Parise had scored once.\n"
            "Wild defenseman Ryan Suter, who joked about Parise’s sticks, could see the frustration.\n"
            "“He’s used to scoring goals,” he said.\n")
    assert claims_in(text)[-1].claimant == "Ryan Suter"
    text = ("Apple CEO Tim Cook said on Tuesday that 3 products would ship.\n"
            "Hosting Cook on stage, Marc Benioff asked about privacy.\n"
            "Cook said 2 of them were delayed.\n")
    assert claims_in(text)[-1].claimant_name == "Tim Cook"


def test_the_statement_or_report_speaks_for_whoever_just_issued_it():
    text = 'The US military said two soldiers died.\n"The cause of the crash is under investigation," the statement said.\n'
    assert [claim.claimant for claim in claims_in(text)] == ["US military", "US military"]
    # "a statement" introduces a new one: nobody is guessed.
    (claim,) = claims_in("The report claims the display size will remain 13.3 inches.")
    assert claim.claimant is None


def test_more_described_sources():
    cases = {
        "Before New York's chief medical examiner concluded that Epstein hanged himself, his death was shadowed.":
            ("New York's chief medical examiner", "role"),
        "Israeli courts, however, have declared most major settlements legal.": ("Israeli courts", "organisation"),
        "This, according to attendees and speakers, is both a problem and an opportunity.": ("attendees", "role"),
    }
    for sentence, expected in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.claimant_kind) == expected, sentence


def test_a_claim_reported_as_a_noun_with_its_holder():
    cases = {
        "The confirmation comes despite an earlier declaration by China's health chiefs that the risk was minimal.":
            ("China's health chiefs", "declaration"),
        "Schiff's admission that his staff had contact with the whistleblower raised questions.":
            ("Schiff", "admission"),
        "The company's statement that it would appeal surprised nobody.": ("company", "statement"),
    }
    for sentence, expected in cases.items():
        (claim,) = claims_in(sentence)
        assert (claim.claimant, claim.cue) == expected, sentence
    assert [claim.claimant for claim in claims_in("He rejected the claim that the vote was rigged.")] == []
