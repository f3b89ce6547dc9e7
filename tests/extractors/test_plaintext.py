from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from extractors.plaintext import extract_plaintext
from extractors.records import PublicationDate

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# 1-based source lines of each seed's real text, labelled by reading the files; every other
# non-blank line is furniture.
KEPT_LINES = {
    "000_69455c9b4c518f8f.txt": list(range(1, 16)),
    "001_bc1be8ee82f2fd43.txt": [9, 11, 13, 15, 17, 19, 27, 29, 31, 33, 35, 37, 39, 41, 43],
    "002_1f6aeb634ab00bea.txt": [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13],
    "003_cff62527002f97f0.txt": [9, 11, 13, 15, 17, 19, 21, 23, 25],
    "004_07e6423bfc0bdbe3.txt": [5, 14, 18, 20, 22, 24, 26],
}

# title, author, published
METADATA = {
    "000_69455c9b4c518f8f.txt": (None, None, None),
    "001_bc1be8ee82f2fd43.txt": (
        "North Korean soldiers face first battle in Russia's Kursk region: reports",
        None,
        None,
    ),
    "002_1f6aeb634ab00bea.txt": (None, None, None),
    "003_cff62527002f97f0.txt": (
        "North Korean soldiers receive equipment in Russia ahead of possible deployment to Ukraine",
        None,
        None,
    ),
    "004_07e6423bfc0bdbe3.txt": (
        "North Korea bolsters Russian frontline with 10,000 troops",
        "Łukasz Kuczera",
        # the outlet's wall clock: the page names no zone, so there is no instant
        PublicationDate(date(2024, 11, 5), "local", "text", local=datetime(2024, 11, 5, 19, 1)),
    ),
}


def read_seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(KEPT_LINES))
def test_seed_keeps_exactly_its_real_lines_verbatim(name):
    text = read_seed(name)
    lines = text.splitlines()

    extraction = extract_plaintext(text)

    assert extraction.method == "plaintext"
    assert extraction.text.split("\n\n") == [lines[number - 1].strip() for number in KEPT_LINES[name]]


@pytest.mark.parametrize("name", sorted(METADATA))
def test_seed_metadata(name):
    extraction = extract_plaintext(read_seed(name))

    assert (extraction.title, extraction.author, extraction.published) == METADATA[name]


def test_seed_dropped_lines_include_the_named_furniture():
    dropped = {
        line.strip()
        for name in KEPT_LINES
        for line in read_seed(name).splitlines()
        if line.strip() and line.strip() not in extract_plaintext(read_seed(name)).text.split("\n\n")
    }

    assert {
        "close",
        "Leave a Reply",
        "Exit mobile version",
        "Site icon Then13",
        "Image Source - washingtonpost.com",
        "Korea Central News Agency/Korea News Service/AP",
        "North Korea in Russia",
        "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER",
        "·",
        "This article contains reporting from The Associated Press",
        'A Russian commands the Koreans. "Close cooperation"',
        "NewsNorth Korea bolsters Russian frontline with 10,000 troops",
        "North Korean Soldiers Receive Equipment In Russia Ahead Of Possible Deployment To Ukraine",
    } <= dropped


def test_title_hint_is_used_when_the_file_has_no_headline():
    extraction = extract_plaintext(read_seed("002_1f6aeb634ab00bea.txt"), title_hint="Hint")

    assert extraction.title == "Hint"


def test_headline_in_the_file_wins_over_the_hint():
    text = "Real headline of the story\n\nThe body says something."

    assert extract_plaintext(text, title_hint="Feed title").title == "Real headline of the story"


def test_copies_of_the_hint_are_dropped_even_when_they_read_as_sentences():
    text = "Will the ceasefire hold?\n\nThe ceasefire held overnight."

    assert extract_plaintext(text).text == text
    assert extract_plaintext(text, title_hint="Will the ceasefire hold?").text == "The ceasefire held overnight."


def test_crlf_line_endings_and_bom_change_nothing():
    text = read_seed("004_07e6423bfc0bdbe3.txt")

    assert extract_plaintext("\ufeff" + text.replace("\n", "\r\n")) == extract_plaintext(text)


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\x00\x0b"])
def test_empty_input_gives_empty_text(text):
    extraction = extract_plaintext(text, title_hint="Hint")

    assert extraction.text == ""
    assert extraction.title == "Hint"


def test_only_furniture_gives_empty_text():
    text = "\n\n".join(
        [
            "close",
            "Skip to content",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Photo credit: Reuters",
            "© Example News 2024",
            "SUBSCRIBE FOR FULL ACCESS TO EVERY STORY",
            "·",
            "All content on this website is protected by copyright; reproduction requires our prior consent.",
        ]
    )

    assert extract_plaintext(text).text == ""


def test_article_without_furniture_is_unchanged():
    paragraphs = [
        "The council voted on Tuesday to close the bridge for repairs, officials said.",
        "He declined to comment.",
        "The mayor told reporters:",
        "“We have no choice but to act now, before the winter.”",
        "repairs are expected to take six weeks (left unfinished last year), and cost about $2 million.",
        "Is that enough? Residents are not sure…",
    ]

    assert extract_plaintext("\n".join(paragraphs)).text == "\n\n".join(paragraphs)
    assert extract_plaintext("\n\n".join(paragraphs)).text == "\n\n".join(paragraphs)


def test_article_about_copyright_is_not_a_legal_notice():
    line = "The lawsuit says the reproduction of the photos without consent breached copyright and applicable law."

    assert extract_plaintext(line).text == line


def test_repeated_pull_quote_keeps_its_first_copy():
    text = "“We will not back down,” she said.\n\nThe talks resumed.\n\n“We will not back down,” she said."

    assert extract_plaintext(text).text == "“We will not back down,” she said.\n\nThe talks resumed."


def test_hard_wrapped_file_is_rejoined_into_paragraphs():
    text = """Troops arrive at the border

By Jane Doe
5 November 2024

The minister said on Tuesday that the government would send more
troops to the border region, where fighting has intensified over
the past week. Officials declined to give numbers but said the
deployment would be completed by the end of the month.

Residents of the area told reporters that they had heard artillery
fire overnight and that several villages had been evacuated.
"""

    extraction = extract_plaintext(text)

    assert extraction.text.split("\n\n") == [
        "The minister said on Tuesday that the government would send more troops to the border region, "
        "where fighting has intensified over the past week. Officials declined to give numbers but said the "
        "deployment would be completed by the end of the month.",
        "Residents of the area told reporters that they had heard artillery fire overnight and that several "
        "villages had been evacuated.",
    ]
    assert (extraction.title, extraction.author, extraction.published) == (
        "Troops arrive at the border",
        "Jane Doe",
        PublicationDate(date(2024, 11, 5), "day", "text"),
    )


def test_explicit_byline_anywhere_names_the_authors():
    text = "The ceasefire held overnight.\n\nBy Anna van der Berg and Tom O'Neill"

    extraction = extract_plaintext(text)

    assert extraction.author == "Anna van der Berg and Tom O'Neill"
    assert extraction.text == "The ceasefire held overnight."


def test_bare_name_away_from_a_dateline_is_not_a_byline():
    assert extract_plaintext("Some headline words here\n\nThe vote passed.\n\nDaily Wrap").author is None


@pytest.mark.parametrize(
    ("line", "precision", "local", "instant"),
    [
        ("5 November 2024 19:01", "local", datetime(2024, 11, 5, 19, 1), None),
        ("Published: Nov. 5, 2024 at 7:01 PM ET", "instant", datetime(2024, 11, 5, 19, 1),
         datetime(2024, 11, 6, 0, 1, tzinfo=timezone.utc)),
        ("June 5, 2024, 7:01 a.m. EDT", "instant", datetime(2024, 6, 5, 7, 1),
         datetime(2024, 6, 5, 11, 1, tzinfo=timezone.utc)),
        ("5 Nov 2024 19:01 CET", "instant", datetime(2024, 11, 5, 19, 1),
         datetime(2024, 11, 5, 18, 1, tzinfo=timezone.utc)),
        ("Tuesday, November 5th, 2024", "day", None, None),
        ("5 November 2024 19:01 XYZ", "local", datetime(2024, 11, 5, 19, 1), None),
        ("Updated 05 Nov 2024 | 19:01 GMT", "instant", datetime(2024, 11, 5, 19, 1),
         datetime(2024, 11, 5, 19, 1, tzinfo=timezone.utc)),
        ("2024-11-05T19:01:00Z", "instant", datetime(2024, 11, 5, 19, 1),
         datetime(2024, 11, 5, 19, 1, tzinfo=timezone.utc)),
        ("2024-11-05 19:01+01:00", "instant", datetime(2024, 11, 5, 19, 1),
         datetime(2024, 11, 5, 18, 1, tzinfo=timezone.utc)),
        ("31 February 2024", None, None, None),
        ("5 November 2024 19:01 +99:00", None, None, None),
    ],
)
def test_dateline_formats(line, precision, local, instant):
    extraction = extract_plaintext(f"Some headline words here\n\n{line}\n\nThe body says something.")

    published = extraction.published
    assert (published.precision, published.local, published.instant) == (precision, local, instant) \
        if precision else published is None
    if published:
        assert published.day == (local or datetime(2024, 11, 5)).date() and published.source == "text"
    assert extraction.text == "The body says something."
