"""The warehouse on a real DuckLake (SQLite catalog, Parquet files): migrations, idempotent loads, duplicates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from extractors.dedup import blocking_keys, canonical_url, content_hash
from extractors.records import Article, Claim, Failure, FeedItem, MentionedDate, Quantity
from warehouse.migrate import available_migrations, schema_version
from warehouse.lake import connect, lake_location
from warehouse.store import FeedPoll, LoadResult, Warehouse

STORY = (
    "Dock workers at the Port of Antwerp-Bruges walked off the job on Monday, halting about 12,000 containers "
    "a day, according to the ABVV transport union. The union said the strike would last at least 48 hours "
    "unless the port authority reopened talks on night-shift pay. Shipping line Maersk reported that 14 of its "
    "vessels were waiting at anchor in the North Sea, and that some cargo would be diverted to Rotterdam."
)
OTHER = (
    "The Belgian rail operator SNCB announced on Friday that it had chosen Alstom to build up to 600 new "
    "double-decker carriages, in an order worth about 2.4 billion euros. The first trains are due to enter "
    "service in 2028, according to the operator's chief executive, who said the fleet would replace old stock."
)
NOW = datetime(2025, 3, 12, 10, tzinfo=timezone.utc)


def article(url: str, text: str, claims: int = 1, title: str = "A story") -> Article:
    claim = Claim(
        text="about 12,000 containers a day, according to the ABVV transport union",
        claimant="ABVV transport union", cue="according to", claimed_on=date(2025, 3, 10),
        claimed_on_precision="day",
        mentioned_dates=[MentionedDate("Monday", date(2025, 3, 10), date(2025, 3, 10), "day")],
        quantities=[Quantity(12000.0, "containers", "about", "about 12,000 containers", "containers")],
        checkworthiness=0.8, start_char=0, end_char=10,
    )
    return Article(
        article_id=canonical_url(url)[-16:], url=url, canonical_url=canonical_url(url), guid=url,
        feed_url="http://feed", outlet="Harbour Times", title=title, author=None, published_at=NOW,
        date_source="feed", fetched_at=NOW, text=text, content_hash=content_hash(text),
        extraction_method="trafilatura", content_type="text/html",
        blocking_keys=blocking_keys(title, text), claims=[claim] * claims,
    )


def count(path, table: str) -> int:
    with connect(lake_location(path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_migrations_apply_once(db_path):
    with Warehouse(db_path) as warehouse:
        assert schema_version(warehouse.con) == max(v for v, _, _ in available_migrations())
    with Warehouse(db_path) as warehouse:
        applied = warehouse.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert applied == len(available_migrations())


def test_loading_the_same_batch_twice_adds_nothing(db_path):
    batch = [article("http://a/1", STORY, claims=2), article("http://b/2", OTHER)]
    with Warehouse(db_path) as warehouse:
        first = warehouse.load_articles("run-1", batch)
        second = warehouse.load_articles("run-2", batch)
    assert (first.new_articles, first.duplicates, first.claims) == (2, 0, 3)
    assert (second.new_articles, second.already_loaded) == (0, 2)
    assert count(db_path, "articles") == 2 and count(db_path, "claims") == 3
    assert count(db_path, "claim_quantities") == 3


def test_near_duplicate_of_a_stored_article_points_to_it(db_path):
    with Warehouse(db_path) as warehouse:
        warehouse.load_articles("run-1", [article("http://a/1", STORY)])
        edited = STORY.replace("walked off the job", "walked out") + " Subscribe to our newsletter."
        result = warehouse.load_articles("run-2", [article("http://c/copy?utm_source=x", edited)])
        row = warehouse.con.execute(
            "SELECT duplicate_of, duplicate_score FROM articles WHERE url = 'http://c/copy?utm_source=x'"
        ).fetchone()
    assert result.duplicates == 1 and result.claims == 0
    assert row[0] == article("http://a/1", STORY).article_id and row[1] >= 0.8


def test_exact_copy_within_one_batch_is_a_duplicate(db_path):
    with Warehouse(db_path) as warehouse:
        result = warehouse.load_articles("run-1", [article("http://a/1", STORY), article("http://z/9", STORY)])
    assert (result.new_articles, result.duplicates) == (1, 1)


def test_a_failed_batch_leaves_nothing_behind(db_path):
    good = article("http://a/1", STORY)
    broken = article("http://b/2", OTHER)
    object.__setattr__(broken, "claims", [object()])  # not a Claim: the insert fails mid-batch
    with Warehouse(db_path) as warehouse:
        with pytest.raises(AttributeError):
            warehouse.load_articles("run-1", [good, broken])
        assert warehouse.load_articles("run-2", [good]).new_articles == 1
    assert count(db_path, "articles") == 1


def test_new_items_skips_known_guids_and_urls(db_path):
    with Warehouse(db_path) as warehouse:
        warehouse.load_articles("run-1", [article("http://a/1", STORY)])
        items = [
            FeedItem("http://feed", "http://a/1", "http://a/1?utm_medium=rss"),  # known guid
            FeedItem("http://feed", "other-guid", "http://a/1#comments"),  # known canonical URL
            FeedItem("http://feed", "new", "http://n/1"),
            FeedItem("http://feed", "new", "http://n/1"),  # twice in one poll
        ]
        assert [i.link for i in warehouse.new_items(items)] == ["http://n/1"]


def test_runs_errors_and_feed_health(db_path):
    def poll(error):
        return [FeedPoll("http://feed", None, "Feed", 0 if error else 3, error)]

    with Warehouse(db_path) as warehouse:
        warehouse.start_run("run-1")
        warehouse.record_failures("run-1", [Failure("fetch", "HTTP 404", "http://feed", "http://a/404")])
        [first] = warehouse.record_polls("run-1", poll("timeout"))
        [second] = warehouse.record_polls("run-1", poll("timeout"))
        assert (first.consecutive_failures, second.consecutive_failures) == (1, 2)
        assert warehouse.failing_feeds() == [("http://feed", 2, "timeout")]
        [recovered] = warehouse.record_polls("run-1", poll(None))
        assert recovered.consecutive_failures == 0 and recovered.previous_failures == 2
        warehouse.start_run("run-2")
        running = warehouse.running_runs()
        assert {r.run_id for r in running} == {"run-1", "run-2"}
        assert warehouse.mark_crashed([r for r in running if r.run_id == "run-1"]) == 1
        snapshot = warehouse.finish_run("run-2", "completed", 1, 0, LoadResult())
    with connect(lake_location(db_path), read_only=True) as con:
        assert con.execute("SELECT stage, error FROM ingest_errors").fetchall() == [("fetch", "HTTP 404")]
        assert con.execute("SELECT run_id, status, snapshot_id FROM ingest_runs ORDER BY run_id").fetchall() == [
            ("run-1", "crashed", None), ("run-2", "completed", snapshot)]
        assert con.execute("SELECT last_error, consecutive_failures, last_ok_at IS NOT NULL FROM feeds").fetchall() == [
            (None, 0, True)]


def test_guids_are_unique_per_feed_only(db_path):
    stored = article("http://a/1", STORY)
    object.__setattr__(stored, "guid", "1234")
    with Warehouse(db_path) as warehouse:
        warehouse.load_articles("run-1", [stored])
        same_feed = FeedItem("http://feed", "1234", "http://a/other")
        other_feed = FeedItem("http://other-feed", "1234", "http://b/story")
        assert warehouse.new_items([same_feed, other_feed]) == [other_feed]


def test_failures_are_written_with_the_batch(db_path):
    with Warehouse(db_path) as warehouse:
        result = warehouse.load_articles("run-1", [], [Failure("fetch", "HTTP 404", "http://feed", "http://a/404")])
        assert result.new_articles == 0
        assert warehouse.run_error_count("run-1") == 1


def test_an_earlier_published_copy_loaded_later_becomes_the_original(db_path):
    from tests.warehouse.stories import PUBLISHED, story, stored_article

    text = story(1)
    later = stored_article("http://late.test/a", text + " Read more on our site.", "Later", PUBLISHED + timedelta(days=1))
    syndicated = stored_article("http://synd.test/a", text + " Copyright syndication.", "Syndicated",
                                PUBLISHED + timedelta(days=2))
    earliest = stored_article("http://first.test/a", text, "First", PUBLISHED)
    object.__setattr__(earliest, "claims", article("http://x/1", STORY).claims)
    object.__setattr__(later, "claims", article("http://x/1", STORY).claims)
    with Warehouse(db_path) as warehouse:
        warehouse.load_articles("run-1", [later])
        warehouse.load_articles("run-2", [syndicated])
        result = warehouse.load_articles("run-3", [earliest])
        rows = dict(warehouse.con.execute("SELECT url, duplicate_of FROM articles").fetchall())
        claim_owners = {r[0] for r in warehouse.con.execute("SELECT article_id FROM claims").fetchall()}
        key_owners = {r[0] for r in warehouse.con.execute("SELECT article_id FROM dedup_keys").fetchall()}
    assert result.new_articles == 1
    assert rows == {"http://first.test/a": None, "http://late.test/a": earliest.article_id,
                    "http://synd.test/a": earliest.article_id}
    assert claim_owners == key_owners == {earliest.article_id}


def test_near_duplicates_are_looked_for_within_the_window_only(db_path):
    from tests.warehouse.stories import PUBLISHED, story, stored_article

    text = story(2)
    old = stored_article("http://old.test/a", text, "Old", PUBLISHED - timedelta(days=30))
    near = stored_article("http://near.test/a", text + " Updated.", "Near", PUBLISHED - timedelta(days=30) + timedelta(days=5))
    far = stored_article("http://far.test/a", text + " Years later.", "Far", PUBLISHED)
    with Warehouse(db_path, dedup_window_days=7) as warehouse:
        warehouse.load_articles("run-1", [old])
        assert warehouse.load_articles("run-2", [near]).duplicates == 1
        assert warehouse.load_articles("run-3", [far]).new_articles == 1
