import pytest

from extractors.quantities import VAGUE_MODIFIER as VAGUE
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


# --- figures that are figures: numbers that only name, date or age something are left out


def quantities(sentence, default_group=None):
    return [quantity for _, _, quantity in find_quantities(sentence, default_group)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The 45-year-old was arrested at his home in Leeds on Sunday.",
        "A 72-year-old man and a 10-year-old girl were hurt in the crash.",
        "Police said the victim, aged 45, had been stabbed twice.",
        "Conscription now applies to men aged between 18 and 60.",
        "Men aged 18 to 60 are barred from leaving the country.",
        "Jane Smith, 45, of Croydon, was charged with fraud.",
        "Patrick W. Carlineo Jr., 55, of Addison, was arrested in March.",
        "“We will not back down,” said John Smith, 45.",
        "Maria Lopez (34) was named as the victim.",
        "He was 45 years old when he joined the company.",
        "Police are looking for a man in his 40s.",
    ],
)
def test_ages_are_not_quantities(sentence):
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials at No 10 said the prime minister would not resign.",
        "The car was the No. 1 seller in Europe and ranked #2 in Asia.",
        "Section 230 shields platforms from liability for what users post.",
        "Article 5 of the Nato treaty commits allies to collective defence.",
        "He was taken to Room 101 for questioning.",
        "Investigators reopened the file on Flight MH17.",
        "Traffic on Highway 1 was halted after the landslide.",
        "Covid-19 swept through the care home.",
        "Leaders of the G7 met in Apulia.",
        "The Netherlands will deliver the F-16 jets it promised.",
        "Apple said the iPhone 15 had sold well in China.",
        "Microsoft will end support for Windows 10 next year.",
        "Californians approved Proposition 22 after a costly campaign.",
        "The university was accused of breaching Title IX.",
        "The FTSE 100 fell while the S&P 500 closed higher.",
        "Rebels in area 55 are preventing civilians from leaving.",
        "Airbus delivered the A350-900 to the carrier, which also flies a Boeing 737-800.",
        "The White House is at 1600 Pennsylvania Avenue.",
        "See page 12 and chapter 3 of the report, and pp. 40-45 of the annex.",
    ],
)
def test_labels_and_names_with_numbers_are_not_quantities(sentence):
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "She finished 2nd in the race, the third time this season.",
        "It is the worst drought of the 21st century.",
        "Inflation peaked in 2023 and the 2023-24 budget was cut.",
        "The FY2024 results beat forecasts, unlike in the 1990s.",
        "Spending in 2020/21 was higher than planned.",
        "The attack happened on 12/03/2024 at 5:30 p.m. local time.",
        "The filing is dated 2024-03-12.",
        "The meeting started at 5.30pm and ended at 7 p.m.",
        "The strike began at 0900 GMT and ended at 10 o'clock.",
        "The shop has been open 24/7 since the 9/11 attacks.",
        "Officials began receiving 911 calls on Tuesday after a neighbour called 911.",
    ],
)
def test_ordinals_years_dates_and_times_are_not_quantities(sentence):
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Readers can call +44 20 7946 0958 or 555-0199 for details.",
        "The hotline, (202) 555-0143, opens on Monday.",
        "Call the helpline on 0800 123 4567.",
        "Send letters to Washington, DC 20500.",
        "The book (ISBN 978-0-14-044913-6) is out of print.",
        "Version 3.2.1 fixes the bug reported in version 3.1.",
        "Liverpool won 3-1 against Chelsea on Saturday.",
        "Arsenal beat Spurs 2-0 and drew 1-1 with Everton.",
        "The Supreme Court ruled 6-3 in favour of the company.",
        "The bill passed the Senate 52-48.",
        "The Bundestag voted 400 to 200 in favour.",
        "The champions lost 1-2 at home in the cup.",
    ],
)
def test_phone_numbers_codes_versions_and_scores_are_not_quantities(sentence):
    assert find_quantities(sentence) == []


def test_guards_leave_real_figures_alone():
    assert read("The downing of Flight MH17 killed all 298 people on board.") == [
        (298.0, "people", None, "people killed")
    ]
    assert read("Talks are expected to last 2-3 days.") == [
        (2.0, "days", "between", None),
        (3.0, "days", "between", None),
    ]
    assert read("Germany sent 18 Leopard 2 tanks and 24 F-16 jets.") == [
        (18.0, "tanks", None, "tanks"),
        (24.0, "jets", None, "jets"),
    ]
    assert read("Officials told the BBC 500 people had been evacuated.") == [
        (500.0, "people", None, "people evacuated")
    ]
    assert read("The 1,900 houses were destroyed.") == [(1900.0, "houses", None, "houses")]
    assert read("Covid-19 killed more than 200,000 people in the UK.") == [
        (200000.0, "people", "more than", "people killed")
    ]


def test_anonymous_sources_are_not_figures():
    assert read("Two people familiar with the matter said 3,000 troops had arrived.") == [
        (3000.0, "troops", None, "troops")
    ]
    assert find_quantities("The deal is close, according to two people briefed on the talks.") == []


def test_sets_picked_out_are_not_counts_but_spans_of_time_are():
    assert find_quantities("She was barred from performing songs from her first six albums.") == []
    assert read("Rainfall was low in the past two years.") == [(2.0, "years", None, None)]


# --- percentages, money and measures


def test_percentages_keep_the_percent_sign_as_unit():
    assert [(q.value, q.unit, q.kind, q.subject) for q in quantities(
        "Support for the party stood at 35 per cent, below the 37% it won, while some 40% of voters "
        "backed the plan and rates rose by 25 basis points and 0.5 percentage points."
    )] == [
        (35.0, "%", "percent", None),
        (37.0, "%", "percent", None),
        (40.0, "%", "percent", "% of voters"),
        (25.0, "basis points", "percent", None),
        (0.5, "percentage points", "percent", None),
    ]
    assert [(q.value, q.unit, q.subject) for q in quantities("One in five adults smokes daily.")] == [
        (20.0, "%", "% of adults")
    ]


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        ("The deal is worth $1.2bn, the company said.", 1.2e9, "USD"),
        ("The loan was US$300 million.", 3e8, "USD"),
        ("Shopify raised C$500 million from investors.", 5e8, "CAD"),
        ("The province set aside CA$2 billion.", 2e9, "CAD"),
        ("Qantas posted a profit of A$1.25 billion.", 1.25e9, "AUD"),
        ("The miner paid AU$40 million in royalties.", 4e7, "AUD"),
        ("The fund holds HK$3 billion in assets.", 3e9, "HKD"),
        ("The dairy co-operative paid NZ$40 million.", 4e7, "NZD"),
        ("Singapore's GIC invested S$2bn in the project.", 2e9, "SGD"),
        ("Petrobras paid R$5 billion in dividends.", 5e9, "BRL"),
        ("The EU pledged €3 million in aid.", 3e6, "EUR"),
        ("The fine was £160 million.", 1.6e8, "GBP"),
        ("Toyota booked ¥2.5 trillion in operating profit.", 2.5e12, "JPY"),
        ("The government spent 2.5 trillion yen on defence.", 2.5e12, "JPY"),
        ("China's central bank injected ¥500 billion, or 500 billion yuan, of liquidity.", 5e11, "CNY"),
        ("The project will cost Rs 500 crore.", 5e9, "INR"),
        ("India spent ₹1.5 lakh crore on fertiliser subsidies.", 1.5e12, "INR"),
        ("The farmer was fined 5,000 rupees.", 5000.0, "INR"),
        ("The Pakistani government spent Rs 200 billion on fuel.", 2e11, "PKR"),
        ("UBS paid 3 billion Swiss francs in fines.", 3e9, "CHF"),
        ("The watchmaker reported sales of CHF 2.4 billion.", 2.4e9, "CHF"),
        ("The company paid 500 million francs in penalties.", 5e8, "francs"),
        ("Samsung will invest 5 trillion won in the plant.", 5e12, "KRW"),
        ("Pyongyang paid the workers 5 million won.", 5e6, "won"),
        ("Russia's budget deficit reached 3 trillion roubles.", 3e12, "RUB"),
        ("The ministry allocated 2 billion rubles.", 2e9, "RUB"),
        ("Ukraine's central bank printed 10 billion hryvnia.", 1e10, "UAH"),
        ("The port cost 20 billion Hong Kong dollars.", 2e10, "HKD"),
        ("The airline lost 800 million Canadian dollars.", 8e8, "CAD"),
        ("The charity raised 5 million pounds of funding.", 5e6, "GBP"),
    ],
)
def test_currency_is_kept_as_written_as_an_iso_code(sentence, value, unit):
    (quantity,) = quantities(sentence)[:1]
    assert (quantity.value, quantity.unit, quantity.kind) == (value, unit, "money")


def test_currency_text_is_as_written():
    assert [q.text for q in quantities("Rs 500 crore, ₹1.5 lakh crore and 2.5 trillion yen")] == [
        "Rs 500 crore",
        "₹1.5 lakh crore",
        "2.5 trillion yen",
    ]


def test_words_that_look_like_currencies():
    assert [(q.value, q.unit, q.kind) for q in quantities("The drone carried 40 pounds of explosives.")] == [
        (40.0, "lb", "measure")
    ]
    assert [q.kind for q in quantities("Of the 12 candidates standing, 5 won seats.")] == ["count", "count"]


def test_magnitudes_and_kinds():
    assert [(q.value, q.unit, q.kind) for q in quantities(
        "Tesla sold 1.8m cars, 10 lakh farmers signed up, the war lasted three years, prices are three times "
        "higher and 670,000 tonnes of grain were shipped."
    )] == [
        (1.8e6, "cars", "count"),
        (1e6, "farmers", "count"),
        (3.0, "years", "measure"),
        (3.0, "times", "multiple"),
        (670000.0, "tonnes", "measure"),
    ]
    assert find_quantities("She won the 100m sprint and a 5k run.") == []


def test_number_words_and_vague_scales():
    assert read("“Forty-five years of practising law,” he said.") == [(45.0, "years", None, None)]
    assert read("A few thousand teachers marched.") == [(2000.0, "teachers", VAGUE, "teachers")]


# --- changes and ranges


def full(sentence):
    return [(q.value, q.unit, q.modifier, q.form, q.low, q.high, q.from_value, q.text) for q in quantities(sentence)]


def test_from_x_to_y_is_one_change_not_a_range():
    assert full("Troop numbers rose from 10,000 to 12,000 soldiers.") == [
        (12000.0, "soldiers", None, "change", None, None, 10000.0, "from 10,000 to 12,000 soldiers")
    ]
    assert full("Turnout dropped from 67% to 59%.") == [
        (59.0, "%", None, "change", None, None, 67.0, "from 67% to 59%")
    ]
    assert full("The population grew from 1.2 million to 1.5 million.") == [
        (1.5e6, None, None, "change", None, None, 1.2e6, "from 1.2 million to 1.5 million")
    ]
    assert full("Costs rose from 10 to 12 million euros.") == [
        (1.2e7, "EUR", None, "change", None, None, 1e7, "from 10 to 12 million euros")
    ]


def test_up_from_and_down_to_from_are_changes():
    assert full("Revenue rose to $2.1bn, up from $1.8bn a year earlier.") == [
        (2.1e9, "USD", None, "change", None, None, 1.8e9, "$2.1bn, up from $1.8bn")
    ]
    assert full("Unemployment fell to 4.2% from 4.5% in May.") == [
        (4.2, "%", None, "change", None, None, 4.5, "4.2% from 4.5%")
    ]
    assert full("Sales were 3,000 cars (down from 5,000).") == [
        (3000.0, "cars", None, "change", None, None, 5000.0, "3,000 cars (down from 5,000")
    ]


def test_between_stays_a_range_with_both_bounds():
    assert full("Between 10,000 and 12,000 North Korean troops are in Kursk.") == [
        (10000.0, "troops", "between", "range", 10000.0, 12000.0, None, "Between 10,000"),
        (12000.0, "troops", "between", "range", 10000.0, 12000.0, None, "12,000 North Korean troops"),
    ]
    assert full("The plan costs £3bn-£5bn.") == [
        (3e9, "GBP", "between", "range", 3e9, 5e9, None, "£3bn"),
        (5e9, "GBP", "between", "range", 3e9, 5e9, None, "£5bn"),
    ]
    assert [q.form for q in quantities("Estimates range from 10,000 to 12,000 troops.")] == ["range", "range"]


def test_a_scale_is_lent_only_where_it_fits():
    assert [q.value for q in quantities("between 900,000 and 1.2 million people")] == [900000.0, 1.2e6]
    assert [q.value for q in quantities("from 900,000 to 1.2 million people")] == [1.2e6]
    assert quantities("from 900,000 to 1.2 million people")[0].from_value == 900000.0


def test_a_downward_pair_is_no_range_and_a_percent_does_not_join_a_count():
    assert [(q.value, q.unit, q.form) for q in quantities("Exports rose 10% to 5,000 tonnes.")] == [
        (10.0, "%", "single"),
        (5000.0, "tonnes", "single"),
    ]


# --- subjects fit for figure_conflicts


@pytest.mark.parametrize(
    "sentence, subject",
    [
        ("About 500 people attended the rally.", None),
        ("The war has lasted three years.", None),
        ("The talks took 30 days.", None),
        ("Prices are three times higher.", None),
        ("The rate rose 5 percent.", None),
        ("The company has 4,000 members.", None),
        ("At least 50 people were killed in the strike.", "people killed"),
        ("The strike killed at least 12 civilians.", "civilians killed"),
        ("Dozens of people, including 10 children, were injured.", "people injured"),
        ("The fighting displaced 6 million people.", "people displaced"),
        ("Police arrested 20 people.", "people arrested"),
        ("The blast left 12 others dead.", "people killed"),
        ("More than 2,500 Afghan civilians were killed.", "Afghan civilians killed"),
        ("About 1,900 Palestinian prisoners were freed.", "Palestinian prisoners"),
        ("500 Ukrainian men crossed the border.", "Ukrainian men"),
        ("About 3,000 North Korean soldiers were killed or wounded.", "North Korean troops killed"),
        ("Some 40% of voters backed the plan.", "% of voters"),
        ("A 2,000-strong North Korean contingent arrived.", "North Korean troops"),
    ],
)
def test_subjects_are_nouns_an_analyst_can_compare(sentence, subject):
    assert [q.subject for q in quantities(sentence)][:1] == [subject]


def test_casualty_outcomes_keep_troop_counts_apart_from_deployments():
    sentence = "Of 11,000 soldiers deployed, 3,000 soldiers were killed."
    assert [q.subject for q in quantities(sentence, "North Korean")] == [
        "North Korean troops",
        "North Korean troops killed",
    ]


def test_change_and_range_spans_match_text():
    for sentence in (
        "Revenue rose to $2.1bn, up from $1.8bn a year earlier.",
        "Troop numbers rose from 10,000 to 12,000 soldiers.",
        "between 10 and 12 million dollars",
        "One in five adults smokes.",
    ):
        for start, end, quantity in find_quantities(sentence):
            assert sentence[start:end] == quantity.text
