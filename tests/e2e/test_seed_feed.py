"""The embedded default end to end: the seed feed through the ingest flow into the lake."""

from __future__ import annotations

from datetime import date

import pytest

from flows.ingest import ingest
from warehouse.lake import connect, lake_location

pytestmark = pytest.mark.usefixtures("prefect_api")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "newsclaims.ducklake"
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        summary = ingest(db=str(db))  # no feeds given: the configured default, the seed feed
    with connect(lake_location(db), read_only=True) as con:
        yield summary, con


def claim(con, claimant: str, figure: float):
    rows = con.execute(
        "SELECT c.claimant, c.cue, c.claimed_on, c.claimed_on_precision, c.mentioned_dates, q.value, q.modifier,"
        " q.subject, a.outlet FROM claims c JOIN claim_quantities q USING (claim_id) JOIN articles a"
        " ON a.article_id = c.article_id WHERE c.claimant = ? AND q.value = ?", [claimant, figure]).fetchall()
    assert len(rows) == 1, f"{claimant} / {figure}: {rows}"
    return rows[0]


def test_all_five_seeds_loaded_with_feed_dates_and_outlets(seeded):
    summary, con = seeded
    assert summary["status"] == "completed" and summary["new_articles"] == 5 and summary["errors"] == 0
    rows = con.execute("SELECT outlet, published_at::DATE, extraction_method, duplicate_of FROM articles"
                       " ORDER BY published_at").fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("Then13 (republishing CNN reporting)", date(2024, 10, 18)),
        ("Newsweek report with AP material", date(2024, 11, 4)),
        ("Daily Wrap (Wirtualna Polska)", date(2024, 11, 5)),
        ("Washington Examiner", date(2024, 12, 10)),
        ('aggregator quoting Telegram channel "Military Review"', date(2025, 4, 29)),
    ]
    assert {r[2] for r in rows} == {"plaintext"} and {r[3] for r in rows} == {None}


def test_furniture_is_gone_from_loaded_text(seeded):
    _, con = seeded
    texts = " ".join(r[0] for r in con.execute("SELECT text FROM articles").fetchall())
    for furniture in ("Leave a Reply", "Exit mobile version", "Site icon", "CLICK HERE", "Downloading, reproduction"):
        assert furniture not in texts
    assert "experts said Newsweek Since they come from North Korea's insular society" in texts


def test_labelled_claims(seeded):
    _, con = seeded
    hur_2024_11_04 = claim(con, "Ukrainian military intelligence (HUR)", 11000)
    assert hur_2024_11_04[1:4] == ("reported", date(2024, 11, 4), "day") and hur_2024_11_04[6] == "up to"
    assert hur_2024_11_04[7] == "North Korean troops" and hur_2024_11_04[8] == "Daily Wrap (Wirtualna Polska)"

    hur_last_week = claim(con, "Ukrainian military intelligence (HUR)", 12000)
    assert hur_last_week[1:4] == ("according to", date(2024, 10, 28), "week") and hur_last_week[6] == "about"

    austin = claim(con, "Lloyd Austin", 10000)
    assert austin[1:4] == ("made the official announcement", date(2024, 10, 31), "day")

    zelensky = claim(con, "Volodymyr Zelensky", 3000)
    assert zelensky[2:4] == (date(2024, 10, 29), "day")

    us = claim(con, "United States", 8000)
    assert us[2:4] == (date(2024, 10, 28), "week") and us[6] == "around"

    nis = claim(con, "South Korea's National Intelligence Service (NIS)", 1500)
    assert nis[2:4] == (date(2024, 10, 18), "published")

    rice = con.execute("SELECT c.mentioned_dates, q.modifier FROM claims c JOIN claim_quantities q USING (claim_id)"
                       " WHERE q.unit = 'tonnes' AND q.value = 670000").fetchall()
    assert rice[0][1] == "at least"

    eight = con.execute("SELECT c.mentioned_dates FROM claims c JOIN claim_quantities q USING (claim_id)"
                        " WHERE c.claimant IS NULL AND q.value = 8000").fetchall()
    assert eight[0][0] == [{"text": "August", "start": date(2024, 8, 1), "end": date(2024, 8, 31),
                            "precision": "month"}]

    putin = con.execute("SELECT claimed_on, claimed_on_precision FROM claims WHERE claimant = 'Vladimir Putin'"
                        " AND text LIKE 'On April 28th%'").fetchall()
    assert putin == [(date(2025, 4, 28), "day")]


def test_figure_conflicts_show_the_six_figures(seeded):
    _, con = seeded
    rows = con.execute("SELECT subject, value, claimant FROM figure_conflicts").fetchall()
    assert {r[0] for r in rows} == {"North Korean troops"}
    assert sorted({r[1] for r in rows}) == [1500, 3000, 8000, 10000, 11000, 12000]
    assert len({r[2] for r in rows}) >= 6


def test_run_row_and_claim_offsets(seeded):
    summary, con = seeded
    run = con.execute("SELECT status, feeds, items_seen, new_articles, claims, errors FROM ingest_runs").fetchall()
    assert run == [("completed", 1, 5, 5, summary["claims"], 0)]
    mismatched = con.execute("SELECT count(*) FROM claims c JOIN articles a USING (article_id)"
                             " WHERE substr(a.text, c.start_char + 1, c.end_char - c.start_char) <> c.text").fetchone()
    assert mismatched == (0,)
