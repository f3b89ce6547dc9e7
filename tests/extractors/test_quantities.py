import pytest

from extractors.quantities import dominant_group, find_quantities, group_of


def read(sentence, default_group=None):
    return [
        (quantity.value, quantity.unit, quantity.modifier, quantity.subject)
        for _, _, quantity in find_quantities(sentence, default_group)
    ]


def test_spans_match_text():
    sentence = "about 12,000 North Korean soldiers, including 500 officers and three generals"
    for start, end, quantity in find_quantities(sentence):
        assert sentence[start:end] == quantity.text


def test_troop_counts_with_modifiers_and_number_words():
    sentence = (
        "According to Ukrainian military intelligence reports last week, about 12,000 North Korean "
        "soldiers, including 500 officers and three generals, have been deployed to Russia."
    )
    assert read(sentence) == [
        (12000.0, "soldiers", "about", "North Korean troops"),
        (500.0, "officers", None, "officers"),
        (3.0, "generals", None, "generals"),
    ]
    texts = [quantity.text for _, _, quantity in find_quantities(sentence)]
    assert texts == ["about 12,000 North Korean soldiers", "500 officers", "three generals"]


def test_default_group_fills_subject_of_people_only():
    assert read("500 officers and 10,000 troops and 40 tanks", "North Korean") == [
        (500.0, "officers", None, "North Korean officers"),
        (10000.0, "troops", None, "North Korean troops"),
        (40.0, "tanks", None, "tanks"),
    ]


def test_direct_group_beats_default_group():
    assert read("3,000 Russian soldiers", "North Korean") == [(3000.0, "soldiers", None, "Russian troops")]


def test_scale_words():
    assert read("with 1.2 million soldiers, many of its troops lack combat experience") == [
        (1200000.0, "soldiers", None, "troops")
    ]


def test_currency_and_metric_tonnes():
    sentence = "financial compensation of £160 million annually and at least 670,000 metric tonnes of rice."
    assert read(sentence) == [
        (160000000.0, "GBP", None, None),
        (670000.0, "tonnes", "at least", "rice"),
    ]
    assert read("$5bn and €20 million") == [(5e9, "USD", None, None), (2e7, "EUR", None, None)]


@pytest.mark.parametrize(
    "sentence, subject",
    [
        ("up to 11,000 soldiers from the DPRK", "North Korean troops"),
        ("Approximately 10,000 personnel of the Korean People’s Army were dispatched", "North Korean troops"),
        ("around 8,000 North Koreans were stationed", "North Korean troops"),
        ("3,000 North Korean fighters", "North Korean troops"),
        ("10,000 DPRK military personnel", "North Korean troops"),
        ("2,000 troops from the North crossed into Korea", "North Korean troops"),
        ("2,000 Ukrainian recruits", "Ukrainian troops"),
        ("700 troops from the United States", "American troops"),
    ],
)
def test_group_aliases_normalise_subject(sentence, subject):
    assert [quantity.subject for _, _, quantity in find_quantities(sentence)] == [subject]


def test_unit_keeps_the_counted_noun():
    assert read("around 8,000 North Koreans")[0][:3] == (8000.0, "north koreans", "around")
    assert read("Approximately 10,000 personnel of the Korean People’s Army")[0][:3] == (
        10000.0,
        "personnel",
        "approximately",
    )


def test_range_gives_two_quantities_marked_between():
    assert read("between 10,000 and 12,000 troops") == [
        (10000.0, "troops", "between", "troops"),
        (12000.0, "troops", "between", "troops"),
    ]
    assert read("10,000-12,000 troops") == read("10,000 to 12,000 troops") == read("between 10,000 and 12,000 troops")
    assert read("between 10 and 12 million dollars") == [(1e7, "USD", "between", None), (1.2e7, "USD", "between", None)]


def test_vague_plurals_are_lower_bounds():
    assert read("“thousands” of North Korean troops") == [(2000.0, "troops", "order of magnitude", "North Korean troops")]
    assert read("tens of thousands of soldiers") == [(20000.0, "soldiers", "order of magnitude", "troops")]
    assert read("there are millions of them here") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "supported the Russian army on 31 October.",
        "in 2024",
        "the 2024 elections",
        "On April 28th, Putin expressed his gratitude",
        "artillery firing exercises in North Korea on March 7, 2024.",
        "who has commanded the 76th Airborne Division since 2020.",
        "including the AK-12 assault rifles",
        "field uniform sets VKP 2.1 and VKP 3.1",
        "Their headgear included the MICH2000 helmet and Br4 armor vests",
        "The medical kits, Aappi-7 and Appi-8, were also part of their arsenal",
        "5 November 2024 19:01",
        "The two agreed to work with the international community",
        "the two nations’ military forces",
        "one of the world’s largest militaries",
    ],
)
def test_dates_ordinals_models_and_references_are_not_quantities(sentence):
    assert find_quantities(sentence) == []


def test_figures_without_a_unit_are_kept_but_number_words_are_not():
    assert read("a total of 12,000.") == [(12000.0, None, None, None)]
    assert read("two agreed") == []


def test_group_of_and_contextual_alias():
    assert group_of("Democratic People's Republic of Korea") == "North Korean"
    assert group_of("Pyongyang's forces") == "North Korean"
    assert group_of("KPA") == "North Korean"
    assert group_of("the North") is None
    assert group_of("the North", context="Korea") == "North Korean"
    assert group_of("U.S. officials") == "American"
    assert group_of("us") is None


def test_dominant_group_counts_troop_mentions():
    text = (
        "Ukrainian forces engaged North Korean troops. North Korean soldiers and soldiers from the DPRK "
        "fought alongside Russian troops."
    )
    assert dominant_group(text) == "North Korean"
    assert dominant_group("Nothing about armies here.") is None
