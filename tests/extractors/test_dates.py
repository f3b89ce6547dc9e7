from datetime import date

import pytest

from extractors.dates import date_spans, find_dates


def resolved(sentence, published):
    return [(found.text, found.start, found.end, found.precision) for _, _, found in find_dates(sentence, published)]


def test_spans_point_into_the_sentence():
    sentence = "HUR reported on Monday that troops arrived on 31 October."
    for start, end, found in find_dates(sentence, date(2024, 11, 5)):
        assert sentence[start:end] == found.text


@pytest.mark.parametrize(
    "sentence",
    [
        "about 12,000 North Korean soldiers",
        "Despite having one of the world's largest militaries, with 1.2 million soldiers",
        "who has commanded the 76th Airborne Division",
        "field uniform sets VKP 2.1 and VKP 3.1",
        "the 19:01 update",
    ],
)
def test_figures_and_model_numbers_are_not_dates(sentence):
    assert find_dates(sentence, date(2024, 11, 5)) == []


def test_month_before_a_thousands_figure_is_only_the_month():
    assert [found.text for _, _, found in find_dates("In October 2,000 more arrived", date(2024, 11, 5))] == [
        "October"
    ]


def test_weekday_is_latest_on_or_before_publication():
    published = date(2024, 11, 4)  # a Monday
    assert resolved("said on Tuesday", published) == [("Tuesday", date(2024, 10, 29), date(2024, 10, 29), "day")]
    assert resolved("on Monday", published) == [("Monday", published, published, "day")]
    assert resolved("last Monday", published) == [("last Monday", date(2024, 10, 28), date(2024, 10, 28), "day")]


def test_weekday_on_publication_day_is_that_day():
    assert resolved("NHK reported on Tuesday.", date(2024, 11, 5)) == [
        ("Tuesday", date(2024, 11, 5), date(2024, 11, 5), "day")
    ]


def test_last_week_is_previous_calendar_week():
    for published in (date(2024, 11, 4), date(2024, 11, 6), date(2024, 11, 10)):
        assert resolved("reports last week", published) == [
            ("last week", date(2024, 10, 28), date(2024, 11, 3), "week")
        ]


def test_this_week_today_yesterday():
    published = date(2024, 10, 18)  # a Friday
    assert resolved("this week", published) == [("this week", date(2024, 10, 14), date(2024, 10, 20), "week")]
    assert resolved("today", published) == [("today", published, published, "day")]
    assert resolved("Yesterday", published) == [("Yesterday", date(2024, 10, 17), date(2024, 10, 17), "day")]


def test_months():
    assert resolved("in October", date(2024, 12, 10)) == [
        ("October", date(2024, 10, 1), date(2024, 10, 31), "month")
    ]
    assert resolved("in August", date(2024, 11, 5)) == [("August", date(2024, 8, 1), date(2024, 8, 31), "month")]
    assert resolved("last month", date(2024, 12, 10)) == [
        ("last month", date(2024, 11, 1), date(2024, 11, 30), "month")
    ]
    assert resolved("last month", date(2025, 1, 15)) == [
        ("last month", date(2024, 12, 1), date(2024, 12, 31), "month")
    ]


def test_month_rolls_back_across_the_year_boundary():
    assert resolved("in December", date(2025, 1, 3)) == [
        ("December", date(2024, 12, 1), date(2024, 12, 31), "month")
    ]
    assert resolved("in January", date(2025, 1, 3)) == [("January", date(2025, 1, 1), date(2025, 1, 31), "month")]


def test_day_and_month_takes_the_year_on_or_before_publication():
    assert resolved("on 31 October.", date(2024, 11, 5)) == [
        ("31 October", date(2024, 10, 31), date(2024, 10, 31), "day")
    ]
    assert resolved("On April 28th, Putin", date(2025, 4, 29)) == [
        ("April 28th", date(2025, 4, 28), date(2025, 4, 28), "day")
    ]
    assert resolved("October 31", date(2025, 1, 3)) == [
        ("October 31", date(2024, 10, 31), date(2024, 10, 31), "day")
    ]


def test_explicit_year_is_used():
    assert resolved("exercises on March 7, 2024.", date(2024, 11, 4)) == [
        ("March 7, 2024", date(2024, 3, 7), date(2024, 3, 7), "day")
    ]
    assert resolved("5 November 2024 19:01", date(2024, 11, 5)) == [
        ("5 November 2024", date(2024, 11, 5), date(2024, 11, 5), "day")
    ]
    assert resolved("in August 2023", date(2024, 11, 5)) == [
        ("August 2023", date(2023, 8, 1), date(2023, 8, 31), "month")
    ]


def test_bare_year_needs_a_preposition():
    assert resolved("has commanded the 76th Airborne Division since 2020.", date(2024, 11, 5)) == [
        ("2020", date(2020, 1, 1), date(2020, 12, 31), "year")
    ]
    assert resolved("in 2020", date(2024, 11, 5))[0][3] == "year"
    assert resolved("2024 troops", date(2024, 11, 5)) == []


def test_may_is_a_month_only_in_a_time_phrase():
    assert resolved("troops may have been sent", date(2024, 11, 5)) == []
    assert resolved("May I ask?", date(2024, 11, 5)) == []
    assert resolved("in May", date(2024, 11, 5)) == [("May", date(2024, 5, 1), date(2024, 5, 31), "month")]


def test_impossible_day_is_a_date_span_but_not_resolved():
    assert find_dates("on 31 February", date(2024, 11, 5)) == []
    assert date_spans("on 31 February") == [(3, 14)]
