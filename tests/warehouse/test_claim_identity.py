"""Claimants with one identity across articles, claims clustered across outlets, figure revisions (migration 005)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from extractors.dedup import blocking_keys, canonical_url, content_hash
from extractors.records import Article, Claim, PublicationDate, Quantity
from warehouse.store import Warehouse

DAY = date(2024, 11, 4)


def troops(value: float) -> Quantity:
    return Quantity(value, "soldiers", None, f"{value:,.0f} soldiers", "North Korean troops")


def claim(text: str, claimant: str | None, name: str | None = None, kind: str | None = "person",
          figures: tuple[Quantity, ...] = (), on: date = DAY, tense: str = "past") -> Claim:
    return Claim(text=text, claimant=claimant, cue="said", claimed_on=on, claimed_on_precision="day",
                 quantities=list(figures), claimant_kind=kind if claimant else None, claimant_name=name, tense=tense)


def story(slug: str, outlet: str, hours: int, claims: list[Claim], text: str | None = None) -> Article:
    url = f"https://{outlet.lower().replace(' ', '')}.example/{slug}"
    text = text or f"{slug} " + " ".join(c.text for c in claims) + " Further reporting followed in the afternoon."
    published = datetime(2024, 11, 4, 8, tzinfo=timezone.utc) + timedelta(hours=hours)
    return Article(
        article_id=canonical_url(url)[-16:], url=url, canonical_url=canonical_url(url), guid=url, feed_url="f",
        outlet=outlet, title=slug, author=None, published_at=published, date_source="json-ld",
        fetched_at=published, text=text, content_hash=content_hash(text), extraction_method="trafilatura",
        content_type="text/html", blocking_keys=blocking_keys(slug, text), claims=claims,
        published=PublicationDate(published.date(), "instant", "json-ld", published.replace(tzinfo=None), 0))


def rows(lake: Warehouse, sql: str) -> list[tuple]:
    return lake.con.execute(sql).fetchall()


def test_one_person_under_many_names_is_one_claimant_but_a_bare_surname_is_not_merged(db_path):
    articles = [
        story("a", "Daily One", 0, [claim("Trump said 10,000 troops were there.", "Donald Trump", "Donald Trump")]),
        story("b", "Daily Two", 1, [claim("Mr. Trump said it again.", "Mr. Trump", "Donald Trump")]),
        story("c", "Daily Three", 2, [claim("The president said so.", "President Donald J. Trump", "Donald J. Trump")]),
        story("d", "Daily Four", 3, [claim("Trump, a farmer, said the harvest failed.", "Trump", "Trump")]),
        story("e", "Daily Five", 4, [claim("He said it.", "he", None, kind="pronoun")]),
    ]
    with Warehouse(db_path) as lake:
        lake.load_articles("r1", articles)
        claimants = {row[1]: row for row in rows(lake, "SELECT claimant_id, canonical_name, kind, aliases, claims,"
                                                       " outlets FROM claimants")}
    assert claimants["Donald Trump"][3] == ["Mr. Trump", "Donald Trump", "President Donald J. Trump"] or \
        sorted(claimants["Donald Trump"][3]) == ["Donald Trump", "Mr. Trump", "President Donald J. Trump"]
    assert claimants["Donald Trump"][4:] == (3, 3)
    assert claimants["Trump"][4] == 1, "a surname alone is never merged with a full name"
    assert "he" not in claimants and len(claimants) == 2


def test_clusters_tell_the_original_from_syndicated_copies_and_independent_reports(db_path):
    hur = claim("HUR said 11,000 North Korean soldiers were in Kursk.", "HUR", "HUR", kind="government",
                figures=(troops(11000),))
    wire = story("wire", "Wire Service", 0, [hur])
    copy = replace(story("copy", "Reprint Post", 2, [hur], text=wire.text), claims=[])
    own = story("own", "Kyiv Daily", 5, [replace(hur, text="According to HUR, 11,000 soldiers had arrived.")])
    with Warehouse(db_path) as lake:
        lake.load_articles("r1", [wire, copy, own])
        assert rows(lake, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL") == [(1,)]
        cluster = rows(lake, "SELECT matched_by, first_outlet, articles, outlets, independent_outlets,"
                             " syndicated_copies FROM claim_clusters WHERE matched_by = 'figure'")
        roles = dict(rows(lake, "SELECT outlet, role FROM claim_cluster_members WHERE matched_by = 'figure'"))
    assert cluster == [("figure", "Wire Service", 3, 3, 2, 1)]
    assert roles == {"Wire Service": "original", "Reprint Post": "syndicated copy", "Kyiv Daily": "independent report"}


def test_revisions_list_a_claimants_changing_figure_and_forecasts_stay_out_of_conflicts(db_path):
    articles = [
        story("first", "Kyiv Daily", 0, [claim("HUR said 11,000.", "HUR", "HUR", "government", (troops(11000),),
                                                on=date(2024, 11, 4))]),
        story("later", "Kyiv Daily", 30, [claim("HUR said 12,000.", "HUR", "HUR", "government", (troops(12000),),
                                                 on=date(2024, 11, 5))]),
        story("forecast", "Seoul Times", 40, [claim("NIS said up to 20,000 could come.", "NIS", "NIS", "government",
                                                    (troops(20000),), tense="conditional")]),
        story("pentagon", "Wire Service", 45, [claim("The Pentagon said 10,000 were there.", "The Pentagon",
                                                     "The Pentagon", "government", (troops(10000),))]),
    ]
    with Warehouse(db_path) as lake:
        lake.load_articles("r1", articles)
        revisions = rows(lake, "SELECT claimant_name, claimed_on, previous_value, value FROM figure_revisions")
        conflicts = rows(lake, "SELECT DISTINCT value FROM figure_conflicts ORDER BY value")
        per_figure = rows(lake, "SELECT value, claimants, independent_outlets FROM figure_conflict_clusters")
    assert revisions == [("HUR", date(2024, 11, 4), None, 11000.0), ("HUR", date(2024, 11, 5), 11000.0, 12000.0)]
    assert conflicts == [(10000.0,), (11000.0,), (12000.0,)], "a conditional forecast is not a reported figure"
    assert per_figure == [(10000.0, ["The Pentagon"], 1), (11000.0, ["HUR"], 1), (12000.0, ["HUR"], 1)]


def test_one_claimant_revising_a_figure_is_a_revision_not_a_conflict(db_path):
    articles = [story("a", "Kyiv Daily", 0, [claim("HUR said 11,000.", "HUR", "HUR", "government", (troops(11000),))]),
                story("b", "Kyiv Daily", 30, [claim("HUR said 12,000.", "HUR", "HUR", "government", (troops(12000),),
                                                    on=date(2024, 11, 5))])]
    with Warehouse(db_path) as lake:
        lake.load_articles("r1", articles)
        assert rows(lake, "SELECT count(*) FROM figure_conflicts") == [(0,)]
        assert rows(lake, "SELECT count(*) FROM figure_revisions") == [(2,)]


def test_claims_stored_before_migration_005_get_their_identity(db_path, monkeypatch):
    import warehouse.migrate

    older = [m for m in warehouse.migrate.available_migrations() if m[0] < 5]
    monkeypatch.setattr(warehouse.migrate, "available_migrations", lambda: older)
    with Warehouse(db_path) as lake:
        lake.con.execute("""INSERT INTO claims (claim_id, article_id, seq, text, claimant, cue, claimed_on_precision,
                            checkworthiness, start_char, end_char) VALUES
            ('a:0', 'a', 0, 't', 'Lloyd Austin', 'said', 'published', 0.5, 0, 1),
            ('b:0', 'b', 0, 't', 'Ukrainian military intelligence (HUR)', 'said', 'published', 0.5, 0, 1),
            ('c:0', 'c', 0, 't', NULL, NULL, 'published', 0.1, 0, 1)""")
    monkeypatch.undo()
    with Warehouse(db_path) as lake:
        found = dict((row[0], row[1:]) for row in lake.con.execute(
            "SELECT claim_id, claimant_kind, claimant_id IS NOT NULL FROM claims").fetchall())
    assert found == {"a:0": ("person", True), "b:0": ("government", True), "c:0": (None, False)}


def test_near_identical_sentences_in_independent_outlets_form_one_cluster(db_path):
    wire = claim("Officials said on Tuesday the bridge over the Dnipro had been destroyed by a missile strike.",
                 "Officials", None, kind="anonymous")
    edited = claim("Officials say the bridge over the Dnipro has been destroyed Tuesday by a missile strike",
                   "Officials", None, kind="anonymous")
    other = claim("Officials said the bridge over the Dnipro had been repaired after a missile strike.",
                  "Officials", None, kind="anonymous")
    with Warehouse(db_path) as lake:
        lake.load_articles("r1", [story("one", "Wire Service", 0, [wire]), story("two", "Kyiv Daily", 3, [edited]),
                                  story("three", "Lviv Post", 6, [other])])
        clusters = rows(lake, "SELECT matched_by, first_outlet, outlets, independent_outlets FROM claim_clusters")
        members = rows(lake, "SELECT outlet, role FROM claim_cluster_members m JOIN claim_clusters USING (cluster_id)"
                             " ORDER BY seen_at")
    assert clusters == [("sentence", "Wire Service", 2, 2)]
    assert members == [("Wire Service", "original"), ("Kyiv Daily", "independent report")]


def test_claims_stored_before_migration_007_get_their_sentence_key(db_path, monkeypatch):
    import warehouse.migrate

    older = [m for m in warehouse.migrate.available_migrations() if m[0] < 7]
    monkeypatch.setattr(warehouse.migrate, "available_migrations", lambda: older)
    long_text = "Officials said the bridge over the Dnipro had been destroyed by a missile strike."
    with Warehouse(db_path) as lake:
        lake.con.execute("""INSERT INTO claims (claim_id, article_id, seq, text, claimant, cue, claimed_on_precision,
                            checkworthiness, start_char, end_char) VALUES
            ('a:0', 'a', 0, ?, 'Officials', 'said', 'published', 0.5, 0, 1),
            ('b:0', 'b', 0, 'He denied it.', 'he', 'denied', 'published', 0.1, 0, 1)""", [long_text])
    monkeypatch.undo()
    with Warehouse(db_path) as lake:
        keys = dict(lake.con.execute("SELECT claim_id, sentence_key FROM claims").fetchall())
    assert keys["a:0"] is not None and len(keys["a:0"]) == 16
    assert keys["b:0"] is None, "too few content words to tell the sentence from others"
