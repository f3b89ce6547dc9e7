"""Migration 004 on a lake that already holds articles, and the new article columns as loads write them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import warehouse.migrate
from extractors.records import PublicationDate, RawPage
from tests.warehouse.test_store import STORY, article
from warehouse.store import Warehouse


def test_rows_stored_before_migration_004_keep_a_day_not_an_invented_midnight(db_path, monkeypatch):
    older = [m for m in warehouse.migrate.available_migrations() if m[0] < 4]
    monkeypatch.setattr(warehouse.migrate, "available_migrations", lambda: older)
    with Warehouse(db_path) as lake:
        lake.con.execute("""INSERT INTO articles (article_id, url, canonical_url, outlet, title, author, published_at,
                            date_source, fetched_at, text, content_hash, extraction_method, run_id, duplicate_of) VALUES
            ('a1', 'http://x/1', 'http://x/1', 'X', 't', 'Jane Doe', TIMESTAMPTZ '2024-11-05 00:00:00+00', 'page',
             now(), 'text', 'h1', 'trafilatura', 'r', NULL),
            ('a2', 'http://x/2', 'http://x/2', 'X', 't', NULL, TIMESTAMPTZ '2024-11-05 19:01:00+00', 'feed',
             now(), 'text', 'h2', 'trafilatura', 'r', 'a1'),
            ('a3', 'http://x/3', 'http://x/3', 'X', 't', NULL, NULL, 'undated', now(), 'text', 'h3', 'trafilatura',
             'r', NULL)""")
    monkeypatch.undo()

    with Warehouse(db_path) as lake:
        rows = {row[0]: row[1:] for row in lake.con.execute(
            "SELECT article_id, published_at, published_on, published_precision, published_local,"
            " published_offset_minutes, authors, claims_status, language, extractor_version FROM articles").fetchall()}
    assert rows["a1"] == (None, date(2024, 11, 5), "day", None, None, ["Jane Doe"], "ok", None, None)
    assert rows["a2"] == (datetime(2024, 11, 5, 19, 1, tzinfo=timezone.utc), date(2024, 11, 5), "instant",
                          datetime(2024, 11, 5, 19, 1), 0, [], "duplicate", None, None)
    assert rows["a3"][:3] == (None, None, None)


def test_loads_write_dates_bylines_language_and_the_page(db_path):
    published = PublicationDate(day=date(2025, 3, 12), precision="instant", source="json-ld",
                                local=datetime(2025, 3, 12, 14, 30), offset_minutes=60)
    page = RawPage(url="http://news.example/a", final_url="http://news.example/a?amp", status=200,
                   content_type="text/html; charset=windows-1252", body="“café”".encode("cp1252"),
                   fetched_at=datetime(2025, 3, 12, 15, tzinfo=timezone.utc), headers={"content-language": "fr"})
    stored = replace(article("http://news.example/a", STORY), published=published, published_at=published.instant,
                     authors=("Anna Schmidt", "Jonas Weber"), byline_organisations=("dpa",), byline_places=("Berlin",),
                     language="de", language_confidence=0.99, claims_status="ok", charset="windows-1252",
                     charset_source="http", extractor_version="newsclaims-test", page=page)
    with Warehouse(db_path) as lake:
        lake.load_articles("r1", [stored])
        row = lake.con.execute(
            "SELECT published_at, published_on, published_local, published_offset_minutes, published_precision,"
            " date_source, authors, byline_organisations, byline_places, language, claims_status, charset,"
            " extractor_version FROM articles").fetchone()
        [(article_id, kept_page, _)] = lake.stored_pages()
    assert row == (datetime(2025, 3, 12, 13, 30, tzinfo=timezone.utc), date(2025, 3, 12), datetime(2025, 3, 12, 14, 30),
                   60, "instant", "feed", ["Anna Schmidt", "Jonas Weber"], ["dpa"], ["Berlin"], "de", "ok",
                   "windows-1252", "newsclaims-test")
    assert article_id == stored.article_id
    assert (kept_page.body, kept_page.final_url, kept_page.headers) == (page.body, page.final_url, page.headers)
