"""Kept raw pages and `reextract`: articles and claims rebuilt from the lake alone, idempotently, after an
extractor change; retention drops old pages."""

from __future__ import annotations

import gzip
from datetime import date, timedelta

import pytest

import extractors.articles
from flows.cli import main
from flows.ingest import ingest
from flows.reextract import reextract
from tests.conftest import site_page
from warehouse.lake import connect, lake_location
from warehouse.store import Warehouse

pytestmark = pytest.mark.usefixtures("prefect_api", "quick_fetch")


def rows(db_path, sql, params=None):
    with connect(lake_location(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def in_process(monkeypatch):
    """Extraction in this process, so that a patched extractor is the one that runs."""
    monkeypatch.setenv("NEWSCLAIMS_WORKERS", "1")


@pytest.fixture
def loaded(site, db_path, in_process):
    ingest(feeds=[site.url("/feed.xml")], db=str(db_path))
    return site


def articles(db_path):
    return {url: rest for url, *rest in rows(
        db_path, "SELECT url, title, text, content_hash, extractor_version, duplicate_of, claims_status"
                 " FROM articles ORDER BY url")}


def test_every_article_keeps_its_page_as_fetched(loaded, db_path):
    pages = rows(db_path, "SELECT p.url, p.final_url, p.status, p.content_type, p.source, p.body_gzip, p.body_bytes,"
                          " p.headers, p.item, a.article_id FROM raw_pages p JOIN articles a USING (article_id)")
    assert len(pages) == rows(db_path, "SELECT count(*) FROM articles")[0][0] == 4
    by_path = {url.replace(loaded.base_url, ""): rest for url, *rest in pages}
    final_url, status, content_type, source, body, size, headers, item, _ = by_path["/harbour-strike.html"]
    assert gzip.decompress(body) == site_page("harbour-strike.html") and size == len(site_page("harbour-strike.html"))
    assert (status, source, final_url) == (200, "http", loaded.url("/harbour-strike.html"))
    assert content_type.startswith("text/html") and '"content-type"' in headers
    assert '"Dock workers strike halts traffic at Antwerp-Bruges"' in item
    assert by_path["/ferry-update.txt"][2].startswith("text/plain")


def test_reextract_fetches_nothing_and_is_idempotent(loaded, db_path):
    before = articles(db_path)
    claims_before = rows(db_path, "SELECT claim_id, text, claimant FROM claims ORDER BY claim_id")
    hits = dict(loaded.hits)

    first = reextract(db=str(db_path), chunk_size=3)
    second = reextract(db=str(db_path), chunk_size=3)

    assert loaded.hits == hits, "re-extraction must not fetch"
    assert first["pages"] == first["articles"] == 4 and first["chunks"] == 2 and first["failures"] == 0
    assert second["claims"] == first["claims"] == len(claims_before)
    assert articles(db_path) == before
    assert rows(db_path, "SELECT claim_id, text, claimant FROM claims ORDER BY claim_id") == claims_before
    assert rows(db_path, "SELECT count(*) FROM articles WHERE reextracted_at IS NULL") == [(0,)]


def test_an_extractor_change_reaches_stored_articles_and_claims(loaded, db_path, monkeypatch):
    before = articles(db_path)
    monkeypatch.setattr(extractors.articles, "EXTRACTOR_VERSION", "newsclaims-test+changed")
    monkeypatch.setattr(extractors.articles, "clean_title", lambda title, *args, **kwargs:
                        title.upper() if title else None)

    summary = reextract(db=str(db_path))

    after = articles(db_path)
    assert summary["articles"] == 4 and summary["extractor_version"] == "newsclaims-test+changed"
    assert after.keys() == before.keys()
    for url, (title, text, _, version, duplicate_of, status) in after.items():
        assert title == before[url][0].upper() and text == before[url][1]
        assert version == "newsclaims-test+changed"
        assert duplicate_of == before[url][4], "near-duplicate verdicts stand"
    versions = rows(db_path, "SELECT DISTINCT c.extractor_version FROM claims c")
    assert versions == [("newsclaims-test+changed",)]
    # the duplicate still has no claims of its own
    assert rows(db_path, "SELECT count(*) FROM claims c JOIN articles a USING (article_id)"
                         " WHERE a.duplicate_of IS NOT NULL") == [(0,)]


def test_a_page_the_new_extractor_cannot_read_keeps_its_article_and_is_recorded(loaded, db_path, monkeypatch):
    before = articles(db_path)
    original_extract = extractors.articles.extract_page

    def fails_on_rail(body, content_type, url, *args, **kwargs):
        if "rail-tender" in url:
            raise extractors.articles.ExtractionError("the new extractor found no text")
        return original_extract(body, content_type, url, *args, **kwargs)

    monkeypatch.setattr(extractors.articles, "extract_page", fails_on_rail)
    summary = reextract(db=str(db_path))

    assert summary["failures"] == 1 and summary["articles"] == 3
    assert articles(db_path)[loaded.url("/rail-tender.html")] == before[loaded.url("/rail-tender.html")]
    assert rows(db_path, "SELECT stage, error, url FROM ingest_errors WHERE run_id = ?", [summary["run_id"]]) == [
        ("reextract", "the new extractor found no text", loaded.url("/rail-tender.html"))]


def test_since_and_outlet_narrow_what_is_read_again(loaded, db_path):
    tomorrow = date.today() + timedelta(days=1)
    assert reextract(db=str(db_path), since=tomorrow)["pages"] == 0
    assert reextract(db=str(db_path), outlet="No such outlet")["pages"] == 0
    outlet = rows(db_path, "SELECT outlet FROM articles LIMIT 1")[0][0]
    assert reextract(db=str(db_path), outlet=outlet, since=date.today())["pages"] == 4


def test_reextract_command(loaded, db_path, capsys):
    assert main(["reextract", "--db", str(db_path), "--since", date.today().isoformat()]) == 0
    assert '"articles": 4' in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_code:
        main(["reextract", "--db", str(db_path), "--since", "last tuesday"])
    assert exit_code.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_retention_drops_old_pages_but_not_their_articles(loaded, db_path):
    with Warehouse(lake_location(db_path)) as warehouse:
        assert warehouse.drop_pages_older_than(1) == 0
        assert warehouse.drop_pages_older_than(0) == 4
    assert rows(db_path, "SELECT count(*) FROM raw_pages") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM articles") == [(4,)]
    assert reextract(db=str(db_path))["pages"] == 0
