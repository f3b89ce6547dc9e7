"""Main-text extraction settings on offline fixture pages that reproduce the failures seen in the corpora."""

from __future__ import annotations

import trafilatura

from extractors.maintext import SHORT_CHARS, MainText, main_text
from tests.conftest import FIXTURES


def page(name: str) -> str:
    return (FIXTURES / "maintext" / name).read_text(encoding="utf-8")


def test_article_text_and_its_metadata():
    result = main_text(page("article.html"), url="https://courier.example/news/ferry-berth")
    assert result.method == "trafilatura-precision"
    assert "approved a second ferry berth at the north quay" in result.text
    assert "consider a discount for registered islanders" in result.text
    for furniture in ("Most read", "Subscribe", "All rights reserved", "Storm closes coast road"):
        assert furniture not in result.text
    document = result.document
    assert document.title == "Harbour authority approves second ferry berth"
    assert document.author == "Mara Ellison"
    assert document.date == "2024-05-14"
    assert document.sitename == "Coastline Courier"


def test_fixture_still_defeats_the_precise_pass():
    # The body's class holds "bar" (sandbar-article-wrap), a navigation token to trafilatura, as on the aeb's
    # Barron's page: favor_precision keeps only the reprint notice and has no rescue; fast mode only the header.
    html = page("precision_drops_body.html")
    precise = trafilatura.bare_extraction(html, favor_precision=True, include_comments=False).text
    fast = trafilatura.bare_extraction(html, fast=True, include_comments=False).text
    assert "This copy is for your personal" in precise
    assert "silted up" not in precise and "silted up" not in fast
    assert len(precise) < SHORT_CHARS


def test_short_precise_result_falls_back_to_the_balanced_pass():
    result = main_text(page("precision_drops_body.html"), url="https://www.sandbar-herald.example/articles/x")
    assert result.method == "trafilatura"
    assert result.text.startswith("The port board has sent the tender")
    assert "the channel has silted up" in result.text
    assert "signed in February" in result.text
    assert "This copy is for your personal" not in result.text
    assert result.document.title == "Tender for dredging the outer channel goes to a second round"
    assert result.document.author == "Jonas Whitlock"


def test_fixture_table_layout_dumps_the_whole_page_in_every_mode():
    html = page("table_layout.html")
    for focus in ({"fast": True}, {}, {"favor_precision": True}, {"favor_recall": True}):
        text = trafilatura.bare_extraction(html, include_comments=False, **focus).text
        assert "Guestbook" in text and "Hebden Albion" in text and "Press enquiries" in text


def test_table_layout_page_gives_the_body_without_menu_fixtures_or_footer():
    result = main_text(page("table_layout.html"), url="http://valleyrovers.example/news/groundsman.html")
    assert "appointed Dennis Orme as the club's first full-time groundsman" in result.text
    assert "along the railway side of the ground" in result.text
    for furniture in ("Guestbook", "Contact the Club", "Hebden Albion", "Forthcoming Fixtures", "Press enquiries",
                      "Best viewed"):
        assert furniture not in result.text
    assert result.document.title.startswith("Valley Rovers Football Club")


def test_data_table_inside_an_article_is_kept():
    rows = "".join(f"<tr><td>{port}</td><td>{teu:,}</td><td>{change}</td></tr>" for port, teu, change in (
        ("Antwerp-Bruges", 13_500_000, "+2.1%"), ("Rotterdam", 13_400_000, "-1.4%"), ("Hamburg", 7_700_000, "+0.8%"),
        ("Valencia", 4_800_000, "-3.2%"), ("Piraeus", 5_100_000, "+4.5%")))
    html = (
        "<html><head><title>Container volumes</title></head><body><nav><a href='/'>Home</a></nav><article>"
        "<h1>Europe's ports handled fewer boxes last year</h1>"
        "<p>Container volumes at Europe's ten largest ports fell for the second year running, according to "
        "figures published on Monday by the ports' trade association, with the northern range faring best.</p>"
        "<table><thead><tr><th>Port</th><th>TEU</th><th>Change</th></tr></thead><tbody>" + rows + "</tbody></table>"
        "<p>The association said the fall reflected weaker consumer demand and the diversion of Asian services "
        "around the Cape, which moved some calls from Mediterranean hubs to ports in the north.</p>"
        "</article></body></html>")
    result = main_text(html)
    assert "Rotterdam" in result.text and "13,400,000" in result.text
    assert "weaker consumer demand" in result.text


def test_garbage_gives_empty_text_and_no_document():
    for garbage in ("", "   ", "<<<>>>", "<html></html>", "\x00\xff\x89PNG not html", "<table>" * 5000,
                    "<div>" * 100_000, '<?xml version="1.0" encoding="utf-8"?><table><tr><td>x</td></tr></table>',
                    "\ud800 lone surrogate <p>x</p>", None, b"<html><body><p>bytes</p></body></html>"):
        assert main_text(garbage) == MainText("", "trafilatura", None), repr(garbage)[:40]
