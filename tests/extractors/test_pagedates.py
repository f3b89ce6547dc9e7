"""Publication dates of news pages: the page's own timestamp, its precision and the source that won."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pytest

from extractors.pagedates import PageDate, page_date

PAGES = Path(__file__).parents[1] / "fixtures" / "pagedates"
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def tz(hours: int, minutes: int = 0) -> timezone:
    sign = -1 if hours < 0 else 1
    return timezone(sign * timedelta(hours=abs(hours), minutes=minutes))


def page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title>{head}</head><body>{body}</body></html>"


def meta(content: str, key: str = "article:published_time", attr: str = "property") -> str:
    return f'<meta {attr}="{key}" content="{content}">'


def json_ld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


def found(html, url=None) -> tuple[str, str, str] | None:
    result = page_date(html, url, now=NOW)
    return None if result is None else (result.local.isoformat(), result.precision, result.source)


# --- offsets and precision -------------------------------------------------------------------------


def test_meta_with_an_offset_is_an_instant_in_the_pages_own_terms():
    result = page_date(page(meta("2024-11-05T14:30:00+01:00")), now=NOW)
    assert result == PageDate(datetime(2024, 11, 5, 14, 30, tzinfo=tz(1)), "instant", "meta")
    assert result.instant() == datetime(2024, 11, 5, 13, 30, tzinfo=UTC)
    assert result.instant().tzinfo is UTC
    assert result.day() == date(2024, 11, 5)


def test_json_ld_india_offset():
    html = page(json_ld('{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2024-11-06T01:15:00+05:30"}'))
    result = page_date(html, now=NOW)
    assert (result.local, result.precision, result.source) == (
        datetime(2024, 11, 6, 1, 15, tzinfo=tz(5, 30)), "instant", "json-ld"
    )
    # Its own day is the 6th even though the moment is on the 5th in UTC.
    assert result.day() == date(2024, 11, 6)
    assert result.instant() == datetime(2024, 11, 5, 19, 45, tzinfo=UTC)


def test_json_ld_us_eastern_offset():
    html = page(json_ld('{"@type":"ReportageNewsArticle","datePublished":"2024-11-05T21:10:00-05:00"}'))
    result = page_date(html, now=NOW)
    assert result.local == datetime(2024, 11, 5, 21, 10, tzinfo=tz(-5))
    assert result.day() == date(2024, 11, 5)
    assert result.instant() == datetime(2024, 11, 6, 2, 10, tzinfo=UTC)


def test_zulu_time():
    result = page_date(page(json_ld('{"@type":"Article","datePublished":"2024-11-05T14:30:00Z"}')), now=NOW)
    assert (result.local, result.precision) == (datetime(2024, 11, 5, 14, 30, tzinfo=UTC), "instant")
    assert result.instant() == datetime(2024, 11, 5, 14, 30, tzinfo=UTC)


def test_a_time_without_offset_is_local_and_has_no_instant():
    result = page_date(page(json_ld('{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00"}')), now=NOW)
    assert (result.local, result.precision, result.source) == (datetime(2024, 11, 5, 14, 30), "local", "json-ld")
    assert result.local.tzinfo is None
    assert result.instant() is None
    assert result.day() == date(2024, 11, 5)


def test_midnight_with_an_offset_is_a_day_placeholder_not_a_time():
    result = page_date(page(json_ld('{"@type":"NewsArticle","datePublished":"2024-11-05T00:00:00+01:00"}')), now=NOW)
    assert (result.local, result.precision) == (datetime(2024, 11, 5), "day")
    assert result.instant() is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-05T14:30:00+01:00", ("2024-11-05T14:30:00+01:00", "instant")),
        ("2024-11-05T14:30:00Z", ("2024-11-05T14:30:00+00:00", "instant")),
        ("2024-11-05T14:30:00.000+0100", ("2024-11-05T14:30:00+01:00", "instant")),
        ("2024-11-05T14:30:00.123456789-0500", ("2024-11-05T14:30:00.123456-05:00", "instant")),
        ("2024-11-05 14:30:00 +0100", ("2024-11-05T14:30:00+01:00", "instant")),
        ("2024-11-05T14:30", ("2024-11-05T14:30:00", "local")),
        ("2024-11-05 14:30:00", ("2024-11-05T14:30:00", "local")),
        ("2024-11-05", ("2024-11-05T00:00:00", "day")),
        ("2024-11", ("2024-11-01T00:00:00", "month")),
        ("20241105", ("2024-11-05T00:00:00", "day")),
        ("Tue, 05 Nov 2024 14:30:00 GMT", ("2024-11-05T14:30:00+00:00", "instant")),
        ("Tue, 05 Nov 2024 14:30:00 +0000", ("2024-11-05T14:30:00+00:00", "instant")),
        ("Tue, 05 Nov 2024 14:30:00 -0500", ("2024-11-05T14:30:00-05:00", "instant")),
        ("November 5, 2024 2:30 PM EST", ("2024-11-05T14:30:00-05:00", "instant")),
        ("Nov. 5, 2024, 2:30 p.m. PDT", ("2024-11-05T14:30:00-07:00", "instant")),
        ("5 November 2024 14:30 CET", ("2024-11-05T14:30:00+01:00", "instant")),
        ("July 4, 2024 10:05 AM ET", ("2024-07-04T10:05:00-04:00", "instant")),  # summer: EDT
        ("December 4, 2024 10:05 AM ET", ("2024-12-04T10:05:00-05:00", "instant")),  # winter: EST
        ("November 5, 2024 8:00 PM IST", ("2024-11-05T20:00:00+05:30", "instant")),
        ("November 5, 2024 8:00 PM AEDT", ("2024-11-05T20:00:00+11:00", "instant")),
        ("November 5, 2024 2:30 PM", ("2024-11-05T14:30:00", "local")),
        ("November 5, 2024", ("2024-11-05T00:00:00", "day")),
        ("2024-11-05T14:30:00+01:00[Europe/Paris]", ("2024-11-05T14:30:00+01:00", "instant")),  # RFC 9557
        ("yesterday", None),
        ("2024-13-45", None),
        ("2024-11-05T25:61:00Z", None),
    ],
)
def test_date_formats(value, expected):
    result = found(page(meta(value)))
    if expected is None:
        # Not a date we read; htmldate, the last resort, may still salvage a day from it.
        assert result is None or result[1:] == ("day", "htmldate")
    else:
        assert result == (*expected, "meta")


def test_epoch_numbers_only_from_the_tags_that_use_them():
    assert found(page(meta("1730817000", "parsely-pub-date", "name"))) == (
        "2024-11-05T14:30:00+00:00", "instant", "meta"
    )
    assert found(page(meta("1730817000000", "sailthru.date", "name")))[:2] == ("2024-11-05T14:30:00+00:00", "instant")
    # An epoch in a tag that does not use them is just a number.
    assert found(page(meta("1730817000"))) is None


# --- JSON-LD: the page's own article only ----------------------------------------------------------


def test_json_ld_day_refined_by_a_meta_instant_on_the_same_day():
    html = page(
        json_ld('{"@type":"NewsArticle","datePublished":"2024-11-05"}') + meta("2024-11-05T14:30:00+01:00")
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "meta")


def test_json_ld_day_kept_when_the_meta_instant_is_on_another_day():
    html = page(
        json_ld('{"@type":"NewsArticle","datePublished":"2024-11-05"}') + meta("2024-11-06T09:30:00+01:00")
    )
    assert found(html) == ("2024-11-05T00:00:00", "day", "json-ld")


def test_json_ld_wins_when_meta_disagrees_by_days():
    html = page(
        json_ld('{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00+01:00"}')
        + meta("2024-10-01T08:00:00+01:00")
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "json-ld")


def test_local_time_takes_the_offset_of_an_instant_with_the_same_wall_clock():
    html = page(json_ld('{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00"}') + meta("2024-11-05T14:30:00+01:00"))
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "meta")


def test_utc_instant_is_put_in_the_newsrooms_offset_the_page_gives_for_the_same_moment():
    # WordPress: JSON-LD in UTC, the article:published_time the site's wall clock without its offset.
    html = page(
        json_ld('{"@type":"NewsArticle","datePublished":"2024-11-06T03:12:47Z"}') + meta("2024-11-05T19:12:47")
    )
    result = page_date(html, now=NOW)
    assert (result.local, result.source) == (datetime(2024, 11, 5, 19, 12, 47, tzinfo=tz(-8)), "json-ld")
    assert result.instant() == datetime(2024, 11, 6, 3, 12, 47, tzinfo=UTC)
    assert result.day() == date(2024, 11, 5)


def test_json_ld_graph_prefers_the_article_over_the_web_page():
    html = (PAGES / "yoast-graph.html").read_text()
    result = page_date(html, "https://example.org/2024/11/05/council-vote/", now=NOW)
    assert (result.local, result.precision, result.source) == (
        datetime(2024, 11, 5, 9, 41, 3, tzinfo=tz(1)), "instant", "json-ld"
    )


def test_json_ld_list_and_main_entity():
    html = page(
        json_ld(
            '[{"@type":"Organization","name":"X"},'
            ' {"@type":"WebPage","mainEntity":{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00+01:00"}}]'
        )
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "json-ld")


def test_json_ld_type_lists_and_prefixes_and_date_created_fallback():
    html = page(json_ld('{"@type":["schema:NewsArticle","CreativeWork"],"dateCreated":"2024-11-05T14:30:00+01:00"}'))
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "json-ld")


def test_nested_image_and_video_dates_are_not_the_articles():
    html = page(
        json_ld(
            '{"@type":"NewsArticle","headline":"h",'
            ' "image":{"@type":"ImageObject","uploadDate":"2019-03-01T10:00:00Z","datePublished":"2019-03-01T10:00:00Z"},'
            ' "video":{"@type":"VideoObject","uploadDate":"2020-01-01T10:00:00Z"}}'
        )
        + json_ld('{"@type":"VideoObject","uploadDate":"2021-01-01T10:00:00Z","datePublished":"2021-01-01T10:00:00Z"}')
        + meta("2024-11-05T14:30:00+01:00")
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "meta")


def test_related_articles_in_an_item_list_are_ignored():
    html = page(
        json_ld(
            '{"@type":"ItemList","itemListElement":['
            ' {"@type":"ListItem","position":1,"item":{"@type":"NewsArticle","datePublished":"2023-01-01T10:00:00Z"}},'
            ' {"@type":"NewsArticle","datePublished":"2023-02-02T10:00:00Z"}]}'
        )
        + json_ld(
            '{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00+01:00",'
            ' "hasPart":{"@type":"NewsArticle","datePublished":"2022-01-01T00:00:00Z"},'
            ' "mentions":[{"@type":"Article","datePublished":"2021-01-01T00:00:00Z"}]}'
        )
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "json-ld")


def test_the_article_at_this_url_wins_among_several():
    html = page(
        json_ld('{"@type":"NewsArticle","url":"https://example.org/other","datePublished":"2023-01-01T10:00:00Z"}')
        + json_ld(
            '{"@type":"NewsArticle","mainEntityOfPage":{"@id":"https://www.example.org/this/"},'
            ' "datePublished":"2024-11-05T14:30:00+01:00"}'
        )
    )
    assert found(html, "https://example.org/this?utm=x") == ("2024-11-05T14:30:00+01:00", "instant", "json-ld")


def test_date_modified_is_never_the_publication_date():
    html = page(
        json_ld('{"@type":"NewsArticle","dateModified":"2024-11-07T10:00:00Z"}')
        + meta("2024-11-07T10:00:00Z", "article:modified_time")
        + meta("2024-11-07T10:00:00Z", "og:updated_time")
        + '<meta itemprop="dateModified" content="2024-11-07T10:00:00Z">',
        '<article><header><time itemprop="dateModified" datetime="2024-11-07T10:00:00Z">7 Nov</time></header></article>',
    )
    assert found(html) is None
    assert found(html, "https://example.org/2024/11/05/story") == ("2024-11-05T00:00:00", "day", "url")


@pytest.mark.parametrize(
    "script",
    [
        '{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00+01:00",}',  # trailing comma
        '{"@type":"NewsArticle",\n"headline":"line\nbreak\ttab",\n"datePublished":"2024-11-05T14:30:00+01:00"}',
        '<!--\n{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00+01:00"}\n-->',
        '//<![CDATA[\n{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00+01:00"}\n//]]>',
        '{"@type":"WebSite","name":"x"}{"@type":"NewsArticle","datePublished":"2024-11-05T14:30:00+01:00"}',
        # beyond repair: an unescaped quote in the headline; the one datePublished is still read
        '{"@type":"NewsArticle","headline":"He said "no"","datePublished":"2024-11-05T14:30:00+01:00"}',
    ],
)
def test_broken_json_ld_is_tolerated(script):
    assert found(page(json_ld(script))) == ("2024-11-05T14:30:00+01:00", "instant", "json-ld")


@pytest.mark.parametrize("script", ["{", "]]]", "null", "42", '"x"', '{"@type": 7, "datePublished": {"x": 1}}', "\x00\x01"])
def test_garbage_json_ld_never_raises(script):
    assert found(page(json_ld(script) + meta("2024-11-05T14:30:00+01:00"))) == (
        "2024-11-05T14:30:00+01:00", "instant", "meta"
    )


# --- meta tags and microdata -----------------------------------------------------------------------


def test_print_edition_meta_never_wins():
    html = page(
        meta("2024-11-07", "print_date", "name")
        + meta("2024-11-07", "printedition", "name")
        + meta("2024-11-07T00:00:00", "article:print_date")
        + meta("2024-11-05T18:02:00+00:00")
    )
    assert found(html) == ("2024-11-05T18:02:00+00:00", "instant", "meta")
    only_print = page(meta("2024-11-07", "print_date", "name") + meta("2024-11-07", "printedition", "name"))
    assert found(only_print, "https://example.org/news/2024/11/05/story.html") == ("2024-11-05T00:00:00", "day", "url")


def test_meta_order_of_trust():
    html = page(
        meta("2024-11-04", "date", "name")
        + meta("2024-11-05T08:00:00-05:00", "parsely-pub-date", "name")
        + meta("2024-11-05T14:30:00+01:00")
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "meta")


def test_microdata_date_of_a_nested_related_item_is_ignored():
    html = page(
        body="""
        <article itemscope itemtype="https://schema.org/NewsArticle">
          <h1 itemprop="headline">Council votes</h1>
          <div itemprop="author" itemscope itemtype="https://schema.org/Person">
            <span itemprop="name">A. Writer</span>
            <meta itemprop="datePublished" content="2024-11-05T14:30:00+01:00">
          </div>
          <p>Text.</p>
          <div itemprop="hasPart" itemscope itemtype="https://schema.org/NewsArticle">
            <meta itemprop="datePublished" content="2023-05-01T10:00:00Z">
          </div>
        </article>
        <section class="more">
          <div itemscope itemtype="https://schema.org/ImageObject"><meta itemprop="datePublished" content="2022-01-01T10:00:00Z"></div>
        </section>"""
    )
    # The author's scope has no publication date of its own: its misplaced datePublished is the article's.
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "meta")
    only_nested = html.replace('<meta itemprop="datePublished" content="2024-11-05T14:30:00+01:00">', "")
    assert found(only_nested) is None


def test_microdata_text_value():
    html = page(body='<article itemscope itemtype="http://schema.org/NewsArticle"><div itemprop="datePublished">2024-11-05T23:06:00+01:00</div></article>')
    assert found(html) == ("2024-11-05T23:06:00+01:00", "instant", "meta")


# --- <time> elements -------------------------------------------------------------------------------


def test_figcaption_time_is_ignored_and_the_header_time_wins():
    html = (PAGES / "figcaption-time.html").read_bytes()
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "time-element")


def test_time_elements_in_related_asides_and_page_footer_are_ignored():
    html = page(
        body="""
        <nav><time datetime="2024-11-08T09:00:00Z" class="published">Today</time></nav>
        <aside><time datetime="2024-11-07T09:00:00Z" pubdate>x</time></aside>
        <main>
          <div class="related-stories"><time class="publish-date" datetime="2024-10-01T09:00:00Z">1 Oct</time></div>
          <div class="comments"><time class="date" datetime="2024-11-09T09:00:00Z">9 Nov</time></div>
          <article><h1>Story</h1><p class="meta">Posted <time datetime="2024-11-05T14:30:00+01:00">5 Nov</time></p>
            <footer>Filed <time pubdate datetime="2024-11-05T14:31:00+01:00">x</time></footer></article>
        </main>
        <footer><time class="published" datetime="2024-12-01T09:00:00Z">1 Dec</time></footer>"""
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "time-element")


def test_an_update_time_is_not_the_publication_time():
    html = page(
        body="""<article><header><div class="byline">
          <span>Updated: <time datetime="2024-11-06T10:00:00+01:00">6 Nov</time></span>
          <time class="updated" datetime="2024-11-06T10:00:00+01:00">6 Nov</time>
          <time datetime="2024-11-06T11:00:00+01:00">Updated 6 Nov</time>
          <time class="entry-date published updated" datetime="2024-11-05T14:30:00+01:00">5 Nov</time>
        </div></header><p>Text</p></article>"""
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "time-element")


def test_a_time_element_that_contradicts_the_url_gives_way_to_it():
    html = page(body='<article><header><time datetime="2021-06-01T10:00:00Z">1 Jun 2021</time></header></article>')
    assert found(html, "https://example.org/2024/11/05/story") == ("2024-11-05T00:00:00", "day", "url")
    assert found(html, "https://example.org/2021/06/01/story")[2] == "time-element"


# --- visible text ----------------------------------------------------------------------------------


def test_byline_text_with_a_us_zone():
    html = page(
        body="""<article><h1>Story</h1>
        <div class="publish-date">Published 2:30 PM EST Nov 5, 2024 | Updated 9:10 AM EST Nov 6, 2024</div>
        <p>Text.</p></article>"""
    )
    assert found(html) == ("2024-11-05T14:30:00-05:00", "instant", "text")


def test_byline_text_in_a_tweet_widget_is_ignored():
    html = page(
        body="""<article><h1>Story</h1><p>Text.</p></article>
        <div class="tweet-list"><p class="tweet-timestamp">November 20, 2024, 10:54 am</p></div>"""
    )
    assert found(html) is None


# --- URL and htmldate fallbacks, nothing at all ----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/2024/11/05/council-vote/", ("2024-11-05T00:00:00", "day")),
        ("https://www.theguardian.com/world/2024/nov/05/council-vote", ("2024-11-05T00:00:00", "day")),
        ("https://example.org/news/20241105/council-vote", ("2024-11-05T00:00:00", "day")),
        ("https://example.org/news/council-vote-2024-11-05-123.html", ("2024-11-05T00:00:00", "day")),
        ("https://example.org/2024/11/council-vote.html", ("2024-11-01T00:00:00", "month")),
        ("https://example.org/story/12345678/council-vote", None),
        ("https://example.org/2024/13/45/council-vote", None),
        ("https://example.org/council-vote?date=2024-11-05", None),
    ],
)
def test_url_fallback(url, expected):
    result = found(page(body="<p>Text.</p>"), url)
    assert (result[:2] if result else None) == expected
    if result:
        assert result[2] == "url"


def test_url_month_is_refined_by_a_day_on_the_page():
    html = page(body='<article><header><time datetime="2024-11-05">5 Nov</time></header></article>')
    assert found(html, "https://example.org/2024/11/council-vote.html") == ("2024-11-05T00:00:00", "day", "time-element")


def test_htmldate_fallback_for_dates_only_in_free_text():
    html = page(body='<h1>Council vote</h1><p class="x">Veröffentlicht am 12. April 2023</p><p>Text text text.</p>')
    assert found(html, "https://example.org/council-vote") == ("2023-04-12T00:00:00", "day", "htmldate")


def test_nothing_at_all():
    assert page_date(page(body="<p>No date here.</p>"), "https://example.org/about", now=NOW) is None
    assert page_date("", now=NOW) is None
    assert page_date(b"", now=NOW) is None
    assert page_date("   ", now=NOW) is None


# --- plausibility ----------------------------------------------------------------------------------


def test_far_future_and_ancient_dates_are_rejected():
    html = page(
        json_ld('{"@type":"NewsArticle","datePublished":"2031-01-01T10:00:00Z"}')
        + meta("0001-01-01T00:00:00Z", "og:published_time")
        + meta("1985-06-01T10:00:00Z", "article:published")
        + meta("2024-11-05T14:30:00+01:00", "pubdate", "name")
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "meta")
    # Up to two days ahead of now is allowed (time zones, embargoes), beyond is not.
    soon = page(meta("2025-01-02T20:00:00+00:00"))
    assert found(soon)[1] == "instant"
    assert found(page(meta("2025-01-04T01:00:00+00:00"))) is None


def test_now_defaults_to_the_current_time():
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert page_date(page(meta(tomorrow.strftime("%Y-%m-%dT%H:%M:%S+00:00")))).precision == "instant"
    assert page_date(page(meta((tomorrow + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")))) is None


# --- inputs ----------------------------------------------------------------------------------------


def test_accepts_bytes_str_and_a_parsed_tree_and_leaves_the_tree_alone():
    html = page(body='<h1>Council vote</h1><p class="x">Veröffentlicht am 12. April 2023</p><p>Text text text.</p>')
    tree = lxml.html.fromstring(html)
    before = lxml.html.tostring(copy.deepcopy(tree))
    assert page_date(tree, now=NOW) == page_date(html, now=NOW) == page_date(html.encode("utf-8"), now=NOW)
    assert lxml.html.tostring(tree) == before


def test_str_with_an_xml_encoding_declaration():
    html = '<?xml version="1.0" encoding="utf-8"?>' + page(meta("2024-11-05T14:30:00+01:00"))
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "meta")


def test_page_date_is_a_frozen_value():
    result = page_date(page(meta("2024-11-05")), now=NOW)
    assert result == PageDate(datetime(2024, 11, 5), "day", "meta")
    assert result.instant() is None
    with pytest.raises(AttributeError):
        result.precision = "instant"


def test_the_canonical_link_stands_in_for_a_url_without_a_date():
    html = page('<link rel="Canonical" href="https://example.org/2024/11/05/council-vote/">', "<p>Text.</p>")
    assert found(html) == ("2024-11-05T00:00:00", "day", "url")
    assert found(html, "https://example.org/amp/council-vote") == ("2024-11-05T00:00:00", "day", "url")
    assert found(html, "https://example.org/2024/11/06/council-vote") == ("2024-11-06T00:00:00", "day", "url")


def test_http_equiv_date_is_the_serving_time_not_the_publication():
    html = page('<meta http-equiv="date" content="Tue, 05 Nov 2024 14:30:00 GMT">', "<p>Text.</p>")
    assert found(html) is None


def test_fact_check_review_date():
    html = page(
        json_ld(
            '{"@type":"ClaimReview","datePublished":"2024-11-05T10:15:00+00:00",'
            ' "itemReviewed":{"@type":"Claim","datePublished":"2024-10-30"}}'
        )
    )
    assert found(html) == ("2024-11-05T10:15:00+00:00", "instant", "json-ld")


def test_microdata_scope_on_the_whole_page_is_the_page():
    html = (
        '<html><head><title>t</title></head><body itemscope itemtype="http://schema.org/Blog">'
        '<div class="entry-byline"><time class="entry-published" itemprop="datePublished"'
        ' datetime="2024-11-05T10:03:33+01:00">5 Nov</time></div><p>Text.</p></body></html>'
    )
    assert found(html) == ("2024-11-05T10:03:33+01:00", "instant", "time-element")


def test_htmldate_does_not_bring_back_refused_dates():
    # Only a copyright year, asset paths, a related link and a modification time: no publication date.
    html = page(
        meta("2024-11-07T10:00:00Z", "article:modified_time")
        + '<link rel="icon" href="https://example.org/wp-content/uploads/2017/04/icon.png">',
        """<img src="https://example.org/wp-content/uploads/2017/04/logo.png">
        <article><h1>Story</h1><p>Text without any date.</p>
        <li class="modified-date"><time class="updated" datetime="2024-11-07T10:00:00+00:00">7 Nov</time></li></article>
        <aside class="related"><a href="/2023/05/02/other">Other story</a> <span class="date">2 May 2023</span></aside>
        <footer>© 2024 Example Gazette</footer>""",
    )
    assert found(html, "https://example.org/story") is None


def test_text_dates_of_the_article_come_before_those_around_it():
    html = page(
        body="""<div class="top-bar"><span class="date">Wednesday, November 6, 2024</span></div>
        <article><h1>Story</h1><p class="dateline">November 5, 2024 2:30 PM CET</p><p>Text.</p></article>"""
    )
    assert found(html) == ("2024-11-05T14:30:00+01:00", "instant", "text")


@pytest.mark.parametrize(
    "html",
    [
        "<",
        "<!-- only a comment -->",
        "<html/>",
        b"\xff\xfe<\x00h\x00",
        "\x00\x01<html>",
        page(json_ld("[" * 5000)),
        page(meta("9999999999999", "parsely-pub-date", "name")),
        page(body='<article><time pubdate datetime="2024-11-05T14:30:00+99:00">x</time></article>'),
    ],
)
def test_odd_input_never_raises(html):
    result = page_date(html, "https://example.org/story", now=NOW)
    assert result is None or isinstance(result, PageDate)
