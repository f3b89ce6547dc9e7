"""Writing the lake: runs, polls, errors, and articles with their claims, safe with many writers at once."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import socket
import tempfile
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import orjson

from extractors.dedup import (
    MIN_SHARED_KEYS,
    NEAR_DUPLICATE_THRESHOLD,
    Signature,
    canonical_url,
    signature,
    signature_score,
)
from extractors.identity import guess_kind, identity
from extractors.records import Article, Claim, Failure, FeedItem, RawPage
from extractors.sentencekeys import sentence_key
from warehouse.lake import LakeLocation, connect, lake_location
from warehouse.migrate import migrate
from warehouse.transactions import in_transaction

DEFAULT_DEDUP_WINDOW_DAYS = 7
DEFAULT_MAX_ITEM_ATTEMPTS = 5
# Failures of a single item (as opposed to a whole feed or load): these are attempts, retried with back-off.
ITEM_STAGES = ("fetch", "robots", "extract", "process", "feed-entry")

MENTIONED_DATES_TYPE = 'STRUCT(text VARCHAR, start DATE, "end" DATE, precision VARCHAR)[]'
QUANTITIES_TYPE = "STRUCT(value DOUBLE, unit VARCHAR, modifier VARCHAR, text VARCHAR)[]"
# An article's order time in SQL, as Article.order_time computes it for a dated article.
ORDER_PUBLISHED = "coalesce(published_at, timezone('UTC', CAST(published_on AS TIMESTAMP)))"
RUN_COLUMNS = ("run_id", "flow_run_id", "started_at", "finished_at", "status", "feeds", "items_seen",
               "new_articles", "duplicates", "claims", "errors", "snapshot_id", "host", "pid")
# Measures a finished run reports (migration 003); NULL on a run's other status rows.
RUN_MEASURES = ("feeds_polled", "http_requests", "bytes_fetched", "fetch_seconds", "load_seconds", "skipped",
                "reason")


@dataclass(frozen=True)
class LoadResult:
    new_articles: int = 0
    duplicates: int = 0
    claims: int = 0
    already_loaded: int = 0


@dataclass(frozen=True)
class FeedHealth:
    feed_url: str
    consecutive_failures: int
    previous_failures: int
    last_error: str | None


@dataclass(frozen=True)
class FeedPoll:
    feed_url: str
    outlet: str | None
    title: str | None
    items: int
    error: str | None
    status: str | None = None
    new_items: int = 0
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    interval_s: float | None = None
    next_poll_at: datetime | None = None


@dataclass(frozen=True)
class FeedState:
    """What the last poll of a feed left for the next one."""

    feed_url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    interval_s: float | None
    next_poll_at: datetime | None
    consecutive_failures: int
    last_new_item_at: datetime | None = None


@dataclass(frozen=True)
class RunningRun:
    run_id: str
    flow_run_id: str | None
    started_at: datetime
    host: str | None
    pid: int | None


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def precedence(published_at: datetime | None, fetched_at: datetime, tiebreak: str) -> tuple:
    """Which of two copies is the original: the earliest published, then the earliest fetched.

    ``published_at`` here is an order time: the instant of publication, else the start of its day in UTC.
    """
    return (published_at is None, published_at or fetched_at, fetched_at, tiebreak)


def order_published(article: Article) -> datetime | None:
    """The article's publication as a point in time to order by, or None when it is undated."""
    if article.published is None and article.published_at is None:
        return None
    return article.order_time


def article_precedence(article: Article) -> tuple:
    return precedence(order_published(article), article.fetched_at, article.canonical_url)


@dataclass(frozen=True)
class Original:
    article_id: str
    signature: Signature
    order: tuple
    stored: bool = False

    @classmethod
    def of(cls, article: Article, own: Signature) -> Original:
        return cls(article.article_id, own, article_precedence(article))


def anchor_date(article: Article) -> date:
    """The day that places an article in the near-duplicate window: published, else fetched."""
    return article.order_time.astimezone(timezone.utc).date()


def claimant_id_of(claim: Claim) -> str | None:
    """The claimant's identity across articles (None for the outlet's own voice and unresolved pronouns)."""
    found = identity(claim.claimant, claim.claimant_name, claim.claimant_kind)
    return found.claimant_id if found else None


def item_json(item: FeedItem) -> str:
    return orjson.dumps(asdict(item)).decode()


def item_from_json(text: str) -> FeedItem:
    values = orjson.loads(text)
    if values.get("published"):
        values["published"] = datetime.fromisoformat(values["published"])
    return FeedItem(**values)


class Warehouse:
    """A read-write session on the lake with the schema migrated; use as a context manager.

    Any number of Warehouse sessions, in any number of processes and machines, may write the same lake.
    """

    def __init__(self, location: LakeLocation | str | Path, dedup_window_days: int = DEFAULT_DEDUP_WINDOW_DAYS,
                 max_item_attempts: int = DEFAULT_MAX_ITEM_ATTEMPTS):
        self.location = location if isinstance(location, LakeLocation) else lake_location(location)
        self.dedup_window = timedelta(days=dedup_window_days)
        self.max_item_attempts = max_item_attempts
        self.con = connect(self.location)
        try:
            applied = migrate(self.con)
            if 5 in applied:
                self.identify_claimants()
            if 7 in applied:
                self.key_sentences()
        except Exception:
            self.con.close()
            raise

    def identify_claimants(self) -> None:
        """Give claims stored without a claimant identity (before migration 005, or moved from an old
        warehouse) their claimant's identity; kinds were not recorded then, so a name is taken for what
        it looks like."""
        rows = self.con.execute("SELECT DISTINCT claimant FROM claims WHERE claimant IS NOT NULL"
                                " AND claimant_id IS NULL").fetchall()
        if not rows:
            return
        ids = {name: identity(name, None, guess_kind(name)) for (name,) in rows}
        columns = {"claimant": ("VARCHAR", list(ids)),
                   "claimant_kind": ("VARCHAR", [found.kind if found else None for found in ids.values()]),
                   "claimant_id": ("VARCHAR", [found.claimant_id if found else None for found in ids.values()])}

        def write() -> None:
            with self.staged(columns) as named:
                self.con.execute(f"UPDATE claims SET claimant_id = n.claimant_id, claimant_kind = n.claimant_kind"
                                 f" FROM {named} n WHERE claims.claimant = n.claimant AND claims.claimant_id IS NULL")

        in_transaction(self.con, write)

    def key_sentences(self) -> None:
        """Give claims stored without a sentence key (before migration 007, or moved from an old warehouse)
        their key, so their sentences cluster with the same sentence in newer articles."""
        rows = self.con.execute("SELECT DISTINCT text FROM claims WHERE sentence_key IS NULL AND text IS NOT NULL"
                                ).fetchall()
        keys = {text: key for (text,) in rows if (key := sentence_key(text)) is not None}
        if not keys:
            return
        columns = {"text": ("VARCHAR", list(keys)), "sentence_key": ("VARCHAR", list(keys.values()))}

        def write() -> None:
            with self.staged(columns) as named:
                self.con.execute(f"UPDATE claims SET sentence_key = n.sentence_key FROM {named} n"
                                 f" WHERE claims.text = n.text AND claims.sentence_key IS NULL")

        in_transaction(self.con, write)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def snapshot_id(self) -> int:
        """The lake's latest committed snapshot."""
        return self.con.execute("SELECT max(snapshot_id) FROM lake.snapshots()").fetchone()[0]

    def start_run(self, run_id: str, flow_run_id: str | None = None) -> None:
        self._log_run(run_id=run_id, flow_run_id=flow_run_id, started_at=utcnow(), status="running")

    def finish_run(self, run_id: str, status: str, feeds: int, items_seen: int, load: LoadResult,
                   **measures) -> int:
        """Record the run's end and the snapshot holding everything it loaded; returns that snapshot."""
        started = self.con.execute(
            "SELECT started_at, flow_run_id FROM ingest_runs WHERE run_id = ?", [run_id]).fetchone()
        snapshot = self.snapshot_id()
        self._log_run(
            run_id=run_id, flow_run_id=started[1] if started else None, started_at=started[0] if started else utcnow(),
            finished_at=utcnow(), status=status, feeds=feeds, items_seen=items_seen,
            new_articles=load.new_articles, duplicates=load.duplicates, claims=load.claims,
            errors=self.run_error_count(run_id), snapshot_id=snapshot, **measures,
        )
        return snapshot

    def _log_run(self, **values) -> None:
        unknown = set(values) - set(RUN_COLUMNS) - set(RUN_MEASURES)
        if unknown:
            raise ValueError(f"not run_log columns: {sorted(unknown)}")
        row = {column: values.get(column) for column in RUN_COLUMNS + RUN_MEASURES}
        for counter in ("feeds", "items_seen", "new_articles", "duplicates", "claims", "errors"):
            row[counter] = row[counter] or 0
        row["host"] = row["host"] or socket.gethostname()
        row["pid"] = row["pid"] or os.getpid()
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        in_transaction(self.con, lambda: self.con.execute(
            f"INSERT INTO run_log ({names}, recorded_at) VALUES ({marks}, ?)", [*row.values(), utcnow()]))

    def running_runs(self) -> list[RunningRun]:
        """Runs whose latest record says running: alive elsewhere, or dead without a word."""
        rows = self.con.execute(
            "SELECT run_id, flow_run_id, started_at, host, pid FROM ingest_runs WHERE status = 'running'"
        ).fetchall()
        return [RunningRun(*row) for row in rows]

    def mark_crashed(self, runs: list[RunningRun], found_by: str | None = None) -> int:
        """Record runs that died mid-way as crashed; what they committed stays."""
        for run in runs:
            self._log_run(run_id=run.run_id, flow_run_id=run.flow_run_id, started_at=run.started_at,
                          status="crashed", host=run.host, pid=run.pid,
                          reason="ended without finishing (its process is gone, Prefect holds it in a final "
                                 "state, or it ran past stale_run_hours)" + (f"; found by run {found_by}"
                                                                              if found_by else ""))
        return len(runs)

    def run_errors_by_stage(self, run_id: str) -> dict[str, int]:
        """How many failures the run recorded at each stage (feed, fetch, extract, process, load)."""
        return dict(self.con.execute(
            "SELECT stage, count(*) FROM ingest_errors WHERE run_id = ? GROUP BY stage ORDER BY stage", [run_id]
        ).fetchall())

    def run_error_count(self, run_id: str) -> int:
        """The run's failures; pages skipped because robots.txt disallows them are not failures."""
        return self.con.execute(
            "SELECT count(*) FROM ingest_errors WHERE run_id = ? AND stage <> 'robots'", [run_id]).fetchone()[0]

    def failing_feeds(self) -> list[tuple[str, int, str]]:
        """(feed_url, consecutive_failures, last_error) of every feed whose last poll failed."""
        return self.con.execute(
            "SELECT feed_url, consecutive_failures, last_error FROM feeds"
            " WHERE consecutive_failures > 0 ORDER BY consecutive_failures DESC, feed_url"
        ).fetchall()

    def record_failures(self, run_id: str, failures: list[Failure]) -> None:
        if failures:
            in_transaction(self.con, lambda: self._write_failures(run_id, failures))

    def _write_failures(self, run_id: str, failures: list[Failure]) -> None:
        if not failures:
            return
        now = utcnow()
        attempts = self.failed_attempts([f.url for f in failures if f.stage in ITEM_STAGES and f.url])
        numbers = [attempts.get(f.url, 0) + 1 if f.stage in ITEM_STAGES and f.url else None for f in failures]
        self._insert_columns("ingest_errors", {
            "attempt": ("INTEGER", numbers),
            "final": ("BOOLEAN", [f.final for f in failures]),
            "given_up": ("BOOLEAN", [n is not None and (f.final or n >= self.max_item_attempts)
                                     for f, n in zip(failures, numbers)]),
            "item": ("VARCHAR", [item_json(f.item) if f.item else None for f in failures]),
            "error_id": ("VARCHAR", [uuid.uuid4().hex for _ in failures]),
            "run_id": ("VARCHAR", [run_id] * len(failures)),
            "feed_url": ("VARCHAR", [f.feed_url for f in failures]),
            "url": ("VARCHAR", [f.url for f in failures]),
            "stage": ("VARCHAR", [f.stage for f in failures]),
            "error": ("VARCHAR", [f.error for f in failures]),
            "occurred_at": ("TIMESTAMPTZ", [now] * len(failures)),
        })

    def failed_attempts(self, urls: list[str]) -> dict[str, int]:
        """How many times each URL has failed as an item so far."""
        if not urls:
            return {}
        with self.staged({"url": ("VARCHAR", list(dict.fromkeys(urls)))}) as wanted:
            return dict(self.con.execute(
                f"SELECT e.url, count(*) FROM ingest_errors e JOIN {wanted} w ON e.url = w.url"
                f" WHERE e.stage IN {ITEM_STAGES} GROUP BY e.url").fetchall())

    def feed_states(self, urls: list[str]) -> dict[str, FeedState]:
        """The polling state of each feed that has been polled before."""
        if not urls:
            return {}
        with self.staged({"url": ("VARCHAR", urls)}) as wanted:
            rows = self.con.execute(
                "SELECT f.feed_url, f.etag, f.last_modified, f.body_hash, f.poll_interval_s, f.next_poll_at,"
                f" f.consecutive_failures, f.last_new_item_at FROM feeds f JOIN {wanted} w ON f.feed_url = w.url"
            ).fetchall()
        return {row[0]: FeedState(*row) for row in rows}

    def due_retries(self, feed_urls: list[str], backoff_s: float, now: datetime | None = None) -> list[FeedItem]:
        """Failed items of these feeds whose back-off has passed and that were not given up.

        Attempt n waits ``backoff_s × 2^(n-1)`` after it failed, so an item that keeps failing costs a
        handful of requests over a day instead of one every run.
        """
        if not feed_urls:
            return []
        with self.staged({"url": ("VARCHAR", feed_urls)}) as wanted:
            rows = self.con.execute(
                f"""SELECT f.url, any_value(e.item ORDER BY e.occurred_at DESC) FROM failed_items f
                    JOIN {wanted} w ON f.feed_url = w.url
                    JOIN ingest_errors e ON e.url = f.url AND e.item IS NOT NULL
                    WHERE NOT f.given_up
                      AND f.last_failed_at + to_seconds(? * pow(2, least(f.attempts, 20) - 1)) <= ?
                    GROUP BY f.url ORDER BY f.url""",
                [backoff_s, now or utcnow()]).fetchall()
        return [item_from_json(item) for _, item in rows if item]

    def record_polls(self, run_id: str, polls: list[FeedPoll], failures: list[Failure] = ()) -> list[FeedHealth]:
        """Note one run's polls and feed failures in one commit; each result says whether a feed just
        failed or just recovered."""
        if not polls:
            return []
        urls = [p.feed_url for p in polls]

        def write() -> dict[str, int]:
            previous = dict(self.con.execute(
                "SELECT feed_url, consecutive_failures FROM feeds WHERE feed_url IN (SELECT unnest(?::VARCHAR[]))",
                [urls],
            ).fetchall())
            now = utcnow()
            self._insert_columns("feed_polls", {
                "feed_url": ("VARCHAR", urls),
                "run_id": ("VARCHAR", [run_id] * len(polls)),
                "polled_at": ("TIMESTAMPTZ", [now] * len(polls)),
                "outlet": ("VARCHAR", [p.outlet for p in polls]),
                "title": ("VARCHAR", [p.title for p in polls]),
                "items": ("INTEGER", [p.items for p in polls]),
                "error": ("VARCHAR", [p.error for p in polls]),
                "status": ("VARCHAR", [p.status for p in polls]),
                "new_items": ("INTEGER", [p.new_items for p in polls]),
                "etag": ("VARCHAR", [p.etag for p in polls]),
                "last_modified": ("VARCHAR", [p.last_modified for p in polls]),
                "body_hash": ("VARCHAR", [p.body_hash for p in polls]),
                "interval_s": ("DOUBLE", [p.interval_s for p in polls]),
                "next_poll_at": ("TIMESTAMPTZ", [p.next_poll_at for p in polls]),
            })
            self._write_failures(run_id, list(failures))
            return previous

        previous = in_transaction(self.con, write)
        health = []
        for poll in polls:
            before = previous.get(poll.feed_url, 0)
            health.append(FeedHealth(poll.feed_url, before + 1 if poll.error else 0, before, poll.error))
        return health

    def new_items(self, items: list[FeedItem]) -> list[FeedItem]:
        """Items whose (feed, GUID) and canonical URL are both unknown, first occurrence only.

        A GUID is only unique within its feed ("1234" may mean different stories in two feeds). An item
        that failed before is not new: it comes back through due_retries when its back-off has passed.
        """
        if not items:
            return []
        urls = [canonical_url(item.link) for item in items]
        with self.staged({"guid": ("VARCHAR", [i.guid for i in items]), "url": ("VARCHAR", urls)}) as wanted:
            known_guids = set(self.con.execute(
                f"SELECT DISTINCT a.feed_url, a.guid FROM articles a JOIN {wanted} w ON a.guid = w.guid"
            ).fetchall())
            known_urls = {row[0] for row in self.con.execute(
                f"SELECT DISTINCT a.canonical_url FROM articles a JOIN {wanted} w ON a.canonical_url = w.url"
            ).fetchall()}
        with self.staged({"url": ("VARCHAR", [item.link for item in items])}) as links:
            failed = {row[0] for row in self.con.execute(
                f"SELECT DISTINCT e.url FROM ingest_errors e JOIN {links} l ON e.url = l.url"
                f" WHERE e.stage IN {ITEM_STAGES}").fetchall()}
        fresh, seen = [], set()
        for item, url in zip(items, urls):
            guid = (item.feed_url, item.guid)
            if guid in known_guids or url in known_urls or item.link in failed or guid in seen or url in seen:
                continue
            seen.update((guid, url))
            fresh.append(item)
        return fresh

    def load_articles(self, run_id: str, articles: list[Article], failures: list[Failure] = ()) -> LoadResult:
        """Load one batch and its failures in one commit, marking near-duplicates of anything held.

        Every load rewrites load_fence, so two loads that overlap conflict and one of them runs again
        from the start: it then sees the other's articles, and a URL or text reaches the lake once.
        """
        if not articles and not failures:
            return LoadResult()

        def load() -> LoadResult:
            if articles:
                self.con.execute(
                    "UPDATE load_fence SET generation = generation + 1, run_id = ?, loaded_at = ?", [run_id, utcnow()])
            self._write_failures(run_id, list(failures))
            return self._load(run_id, articles) if articles else LoadResult()

        return in_transaction(self.con, load)

    def _load(self, run_id: str, articles: list[Article]) -> LoadResult:
        known_urls = self._existing("canonical_url", [a.canonical_url for a in articles])
        batch, seen_urls = [], set()
        for article in articles:
            if article.canonical_url in known_urls or article.canonical_url in seen_urls:
                continue
            seen_urls.add(article.canonical_url)
            batch.append(article)
        # Earliest first, so that within the batch the earliest copy is the one the others point to.
        batch.sort(key=article_precedence)

        signatures = [signature(a.blocking_keys, a.text) for a in batch]
        by_hash = self._originals_by_hash([a.content_hash for a in batch])
        stored = self._stored_candidates(batch)
        held: dict[str, Original] = {}  # originals of this batch, by article id
        batch_keys: dict[str, list[str]] = defaultdict(list)
        demoted: dict[str, tuple[str, float]] = {}  # stored original -> (its earlier copy in this batch, score)
        verdicts: list[tuple[str | None, float | None]] = []

        for article, own in zip(batch, signatures):
            match = self._best_match(article, own, by_hash, stored, held, batch_keys)
            if match is not None and match[0].article_id in demoted:
                match = (held[demoted[match[0].article_id][0]], match[1])
            if match is not None and match[0].stored and match[0].order > article_precedence(article):
                demoted[match[0].article_id] = (article.article_id, match[1])
                match = None
            verdicts.append((match[0].article_id, match[1]) if match else (None, None))
            if match is None:
                held[article.article_id] = Original.of(article, own)
                by_hash.setdefault(article.content_hash, held[article.article_id])
                for key in article.blocking_keys:
                    batch_keys[key].append(article.article_id)

        self._demote(demoted)
        self._insert_articles(run_id, batch, verdicts)
        originals = [(a, sig) for a, sig, (dup, _) in zip(batch, signatures, verdicts) if dup is None]
        self._insert_keys(originals)
        claims = self._insert_claims([a for a, _ in originals])
        return LoadResult(
            new_articles=len(originals),
            duplicates=len(batch) - len(originals),
            claims=claims,
            already_loaded=len(articles) - len(batch),
        )

    def _best_match(self, article: Article, own: Signature, by_hash: dict[str, Original],
                    stored: dict[str, list[tuple[Original, int]]], held: dict[str, Original],
                    batch_keys: dict[str, list[str]]) -> tuple[Original, float] | None:
        """The original this article copies, with its score: same text first, else the best near-duplicate."""
        exact = by_hash.get(article.content_hash)
        if exact is not None:
            return exact, 1.0
        shared_in_batch: dict[str, int] = defaultdict(int)
        for key in article.blocking_keys:
            if key.startswith("s:"):
                for other in batch_keys.get(key, ()):
                    shared_in_batch[other] += 1
        candidates = stored.get(article.article_id, []) + [(held[aid], n) for aid, n in shared_in_batch.items()]
        best, best_score = None, 0.0
        for original, shared in candidates:
            score = signature_score(shared, own, original.signature)
            if score >= NEAR_DUPLICATE_THRESHOLD and score > best_score:
                best, best_score = original, score
        return (best, round(best_score, 4)) if best else None

    def _existing(self, column: str, values: list[str]) -> set[str]:
        rows = self.con.execute(
            f"SELECT {column} FROM articles WHERE {column} IN (SELECT unnest($1::VARCHAR[]))", [values]
        ).fetchall()
        return {row[0] for row in rows}

    def _originals_by_hash(self, hashes: list[str]) -> dict[str, Original]:
        rows = self.con.execute(
            f"SELECT content_hash, article_id, {ORDER_PUBLISHED}, fetched_at, canonical_url FROM articles"
            " WHERE duplicate_of IS NULL AND content_hash IN (SELECT unnest($1::VARCHAR[]))",
            [hashes],
        ).fetchall()
        found: dict[str, Original] = {}
        for content, article_id, published_at, fetched_at, url in rows:
            # signature unused: an exact copy needs no score
            original = Original(article_id, Signature(0, 0), precedence(published_at, fetched_at, url), stored=True)
            if content not in found or original.order < found[content].order:
                found[content] = original
        return found

    def _stored_candidates(self, batch: list[Article]) -> dict[str, list[tuple[Original, int]]]:
        """Per batch article, stored originals in the window sharing enough sampled shingles, most shared first."""
        ids = [a.article_id for a in batch for k in a.blocking_keys if k.startswith("s:")]
        keys = [k for a in batch for k in a.blocking_keys if k.startswith("s:")]
        if not keys:
            return {}
        anchors = [anchor_date(a) for a in batch]
        with self.staged({"id": ("VARCHAR", ids), "key": ("VARCHAR", keys)}) as wanted:
            rows = self.con.execute(
                f"SELECT w.id, d.article_id, count(*) AS shared, any_value(d.shingle_keys), any_value(d.words),"
                f" any_value(d.published_at), any_value(d.fetched_at)"
                f" FROM {wanted} w JOIN dedup_keys d ON d.key = w.key"
                f" WHERE d.anchor_date BETWEEN ? AND ?"
                f" GROUP BY w.id, d.article_id HAVING count(*) >= {MIN_SHARED_KEYS}"
                f" ORDER BY w.id, shared DESC, d.article_id",
                [min(anchors) - self.dedup_window, max(anchors) + self.dedup_window],
            ).fetchall()
        found: dict[str, list[tuple[Original, int]]] = defaultdict(list)
        for article_id, other, shared, shingle_keys, words, published_at, fetched_at in rows:
            if other != article_id:
                found[article_id].append((Original(
                    other, Signature(shingle_keys, words), precedence(published_at, fetched_at, other), stored=True),
                    shared))
        return found

    def _demote(self, demoted: dict[str, tuple[str, float]]) -> None:
        """Stored originals that an earlier-published copy in this batch replaces become its duplicates.

        Their own duplicates follow them to the new original; their claims and keys go, because claims
        and keys belong to originals only.
        """
        for old, (new, score) in demoted.items():
            self.con.execute(
                "UPDATE articles SET duplicate_score = CASE WHEN article_id = $old THEN $score ELSE duplicate_score END,"
                " duplicate_of = $new WHERE article_id = $old OR duplicate_of = $old",
                {"old": old, "new": new, "score": score})
            for table in ("claim_quantities", "claims", "dedup_keys"):
                self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [old])

    @contextmanager
    def staged(self, columns: dict[str, tuple[str, list]]):
        """Parallel column lists as a ``read_json`` table expression.

        DuckDB 1.5 converts a Python list parameter at ~70 µs an element and executemany costs ~0.7 ms
        a row; newline-delimited JSON read back by DuckDB moves 5,000 nested rows in ~30 ms.
        Dataclasses are not staged as such: every value is a plain type, a date or a datetime.
        """
        names = list(columns)
        fd, staging = tempfile.mkstemp(prefix=".staging-", suffix=".jsonl", dir=self.location.scratch_dir)
        try:
            with os.fdopen(fd, "wb") as out:
                # orjson writes dates and datetimes as ISO 8601 itself, several times faster than json
                out.write(b"\n".join(
                    orjson.dumps(dict(zip(names, values)))
                    for values in zip(*(values for _, values in columns.values()))))
            spec = ", ".join(f"'{name}': '{sqltype}'" for name, (sqltype, _) in columns.items())
            quoted = staging.replace("'", "''")
            yield f"read_json('{quoted}', format = 'newline_delimited', columns = {{{spec}}})"
        finally:
            os.unlink(staging)

    def _insert_columns(self, table: str, columns: dict[str, tuple[str, list]]) -> None:
        if not next(iter(columns.values()))[1]:
            return
        names = ", ".join(f'"{name}"' for name in columns)
        with self.staged(columns) as rows:
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {rows}")

    def _insert_articles(self, run_id: str, batch: list[Article], verdicts: list) -> None:
        def column(sqltype: str, attribute: str) -> tuple[str, list]:
            return sqltype, [getattr(a, attribute) for a in batch]

        self._insert_columns(
            "articles",
            {
                "article_id": column("VARCHAR", "article_id"),
                "url": column("VARCHAR", "url"),
                "canonical_url": column("VARCHAR", "canonical_url"),
                "guid": column("VARCHAR", "guid"),
                "feed_url": column("VARCHAR", "feed_url"),
                "outlet": column("VARCHAR", "outlet"),
                "title": column("VARCHAR", "title"),
                "author": column("VARCHAR", "author"),
                "published_at": column("TIMESTAMPTZ", "published_at"),
                "date_source": column("VARCHAR", "date_source"),
                "fetched_at": column("TIMESTAMPTZ", "fetched_at"),
                "text": column("VARCHAR", "text"),
                "content_hash": column("VARCHAR", "content_hash"),
                "extraction_method": column("VARCHAR", "extraction_method"),
                "content_type": column("VARCHAR", "content_type"),
                "duplicate_of": ("VARCHAR", [dup for dup, _ in verdicts]),
                "duplicate_score": ("DOUBLE", [score for _, score in verdicts]),
                "run_id": ("VARCHAR", [run_id] * len(batch)),
                **self._faithful_columns(batch, [dup for dup, _ in verdicts]),
            },
        )
        self._insert_pages(run_id, batch)

    @staticmethod
    def _faithful_columns(batch: list[Article], duplicate_of: list[str | None]) -> dict[str, tuple[str, list]]:
        """The columns of migration 004: publication date detail, byline, language, charset, version."""
        dates = [a.published for a in batch]
        return {
            "published_on": ("DATE", [d.day if d else (a.published_at.date() if a.published_at else None)
                                      for a, d in zip(batch, dates)]),
            "published_local": ("TIMESTAMP", [d.local if d else None for d in dates]),
            "published_offset_minutes": ("INTEGER", [d.offset_minutes if d else None for d in dates]),
            "published_precision": ("VARCHAR", [d.precision if d else ("instant" if a.published_at else None)
                                                for a, d in zip(batch, dates)]),
            "authors": ("VARCHAR[]", [list(a.authors) for a in batch]),
            "byline_organisations": ("VARCHAR[]", [list(a.byline_organisations) for a in batch]),
            "byline_places": ("VARCHAR[]", [list(a.byline_places) for a in batch]),
            "language": ("VARCHAR", [a.language for a in batch]),
            "language_confidence": ("DOUBLE", [a.language_confidence for a in batch]),
            "claims_status": ("VARCHAR", ["duplicate" if dup else a.claims_status
                                          for a, dup in zip(batch, duplicate_of)]),
            "charset": ("VARCHAR", [a.charset for a in batch]),
            "charset_source": ("VARCHAR", [a.charset_source for a in batch]),
            "extractor_version": ("VARCHAR", [a.extractor_version for a in batch]),
        }

    def _insert_pages(self, run_id: str, batch: list[Article]) -> None:
        """Keep each article's page as it arrived, so that a later extractor can read it again."""
        kept = [a for a in batch if a.page is not None]
        if not kept:
            return
        now = utcnow()
        columns = {
            "article_id": ("VARCHAR", [a.article_id for a in kept]),
            "url": ("VARCHAR", [a.page.url for a in kept]),
            "final_url": ("VARCHAR", [a.page.final_url for a in kept]),
            "status": ("INTEGER", [a.page.status for a in kept]),
            "content_type": ("VARCHAR", [a.page.content_type for a in kept]),
            "headers": ("VARCHAR", [orjson.dumps(a.page.headers).decode() for a in kept]),
            "source": ("VARCHAR", [a.page.source for a in kept]),
            "fetched_at": ("TIMESTAMPTZ", [a.page.fetched_at for a in kept]),
            "body_bytes": ("INTEGER", [len(a.page.body) for a in kept]),
            "body_sha256": ("VARCHAR", [hashlib.sha256(a.page.body).hexdigest() for a in kept]),
            # JSON staging carries text only: the compressed bytes travel as base64 and land as a BLOB.
            "body_gzip": ("VARCHAR", [base64.b64encode(gzip.compress(a.page.body, 6, mtime=0)).decode()
                                      for a in kept]),
            "item": ("VARCHAR", [item_json(a.item or FeedItem(feed_url=a.feed_url, guid=a.guid, link=a.url,
                                                               title=a.title, outlet=a.outlet)) for a in kept]),
            "run_id": ("VARCHAR", [run_id] * len(kept)),
            "stored_at": ("TIMESTAMPTZ", [now] * len(kept)),
        }
        names = ", ".join(f'"{name}"' for name in columns)
        values = ", ".join("from_base64(body_gzip)" if name == "body_gzip" else f'"{name}"' for name in columns)
        with self.staged(columns) as rows:
            self.con.execute(f"INSERT INTO raw_pages ({names}) SELECT {values} FROM {rows}")

    def stored_pages(self, since: date | None = None, outlet: str | None = None, after: str = "",
                     limit: int = 200) -> list[tuple[str, RawPage, FeedItem]]:
        """Kept pages of stored articles in article_id order, ``limit`` at a time after ``after``."""
        rows = self.con.execute(
            """SELECT p.url, p.final_url, p.status, p.content_type, p.body_gzip, p.fetched_at, p.headers, p.source,
                      p.item, a.article_id
               FROM articles a
               JOIN raw_pages p ON p.article_id = a.article_id
               WHERE a.article_id > $after
                 AND ($since IS NULL OR p.fetched_at >= $since)
                 AND ($outlet IS NULL OR a.outlet = $outlet)
               QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY p.stored_at DESC) = 1
               ORDER BY a.article_id LIMIT $limit""",
            {"after": after, "since": since, "outlet": outlet, "limit": limit}).fetchall()
        return [(article_id, RawPage(url, final, status, content_type, gzip.decompress(body), fetched_at,
                                     orjson.loads(headers or "{}"), source), item_from_json(item))
                for url, final, status, content_type, body, fetched_at, headers, source, item, article_id in rows]

    def replace_extractions(self, run_id: str, articles: list[Article], failures: list[Failure] = ()) -> int:
        """Swap stored articles' text, metadata and claims for a new extraction of the same pages, in one
        commit; near-duplicate verdicts stand. Returns the claims now stored for them."""
        if not articles and not failures:
            return 0

        def replace() -> int:
            self._write_failures(run_id, list(failures))
            if not articles:
                return 0
            ids = [a.article_id for a in articles]
            duplicate_of = dict(self.con.execute(
                "SELECT article_id, duplicate_of FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [ids]).fetchall())
            present = [a for a in articles if a.article_id in duplicate_of]
            verdicts = [duplicate_of[a.article_id] for a in present]
            columns = {
                "article_id": ("VARCHAR", [a.article_id for a in present]),
                "title": ("VARCHAR", [a.title for a in present]),
                "author": ("VARCHAR", [a.author for a in present]),
                "published_at": ("TIMESTAMPTZ", [a.published_at for a in present]),
                "date_source": ("VARCHAR", [a.date_source for a in present]),
                "text": ("VARCHAR", [a.text for a in present]),
                "content_hash": ("VARCHAR", [a.content_hash for a in present]),
                "extraction_method": ("VARCHAR", [a.extraction_method for a in present]),
                "content_type": ("VARCHAR", [a.content_type for a in present]),
                **self._faithful_columns(present, verdicts),
            }
            assignments = ", ".join(f'"{name}" = n."{name}"' for name in columns if name != "article_id")
            with self.staged(columns) as rows:
                self.con.execute(f"UPDATE articles SET {assignments}, reextracted_at = ? FROM {rows} n"
                                 f" WHERE articles.article_id = n.article_id", [utcnow()])
            for table in ("claim_quantities", "claims", "dedup_keys"):
                self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                                 [[a.article_id for a in present]])
            originals = [a for a, dup in zip(present, verdicts) if dup is None]
            self._insert_keys([(a, signature(a.blocking_keys, a.text)) for a in originals])
            return self._insert_claims(originals)

        return in_transaction(self.con, replace)

    def drop_pages_older_than(self, days: float) -> int:
        """Forget kept pages fetched more than ``days`` ago; their articles and claims stay."""
        cutoff = utcnow() - timedelta(days=days)

        def drop() -> int:
            count = self.con.execute("SELECT count(*) FROM raw_pages WHERE fetched_at < ?", [cutoff]).fetchone()[0]
            if count:
                self.con.execute("DELETE FROM raw_pages WHERE fetched_at < ?", [cutoff])
            return count

        return in_transaction(self.con, drop)

    def _insert_keys(self, originals: list[tuple[Article, Signature]]) -> None:
        rows = [(key, a, sig) for a, sig in originals for key in a.blocking_keys]
        self._insert_columns(
            "dedup_keys",
            {
                "key": ("VARCHAR", [key for key, _, _ in rows]),
                "article_id": ("VARCHAR", [a.article_id for _, a, _ in rows]),
                "anchor_date": ("DATE", [anchor_date(a) for _, a, _ in rows]),
                "shingle_keys": ("INTEGER", [sig.shingle_keys for _, _, sig in rows]),
                "words": ("INTEGER", [sig.words for _, _, sig in rows]),
                "published_at": ("TIMESTAMPTZ", [order_published(a) for _, a, _ in rows]),
                "fetched_at": ("TIMESTAMPTZ", [a.fetched_at for _, a, _ in rows]),
            },
        )

    def _insert_claims(self, originals: list[Article]) -> int:
        by_id = {a.article_id: a for a in originals}
        claim_rows = [
            (f"{a.article_id}:{seq}", a.article_id, seq, claim)
            for a in originals
            for seq, claim in enumerate(a.claims)
        ]
        self._insert_columns(
            "claims",
            {
                "claim_id": ("VARCHAR", [r[0] for r in claim_rows]),
                "article_id": ("VARCHAR", [r[1] for r in claim_rows]),
                "seq": ("INTEGER", [r[2] for r in claim_rows]),
                "text": ("VARCHAR", [r[3].text for r in claim_rows]),
                "claimant": ("VARCHAR", [r[3].claimant for r in claim_rows]),
                "cue": ("VARCHAR", [r[3].cue for r in claim_rows]),
                "claimed_on": ("DATE", [r[3].claimed_on for r in claim_rows]),
                "claimed_on_precision": ("VARCHAR", [r[3].claimed_on_precision for r in claim_rows]),
                "mentioned_dates": (
                    MENTIONED_DATES_TYPE,
                    [
                        [{"text": d.text, "start": d.start, "end": d.end, "precision": d.precision}
                         for d in r[3].mentioned_dates]
                        for r in claim_rows
                    ],
                ),
                "quantities": (
                    QUANTITIES_TYPE,
                    [
                        [{"value": q.value, "unit": q.unit, "modifier": q.modifier, "text": q.text}
                         for q in r[3].quantities]
                        for r in claim_rows
                    ],
                ),
                "checkworthiness": ("DOUBLE", [r[3].checkworthiness for r in claim_rows]),
                "start_char": ("INTEGER", [r[3].start_char for r in claim_rows]),
                "end_char": ("INTEGER", [r[3].end_char for r in claim_rows]),
                "extractor_version": ("VARCHAR", [by_id[r[1]].extractor_version for r in claim_rows]),
                "claimant_kind": ("VARCHAR", [r[3].claimant_kind for r in claim_rows]),
                "claimant_name": ("VARCHAR", [r[3].claimant_name for r in claim_rows]),
                "claimant_id": ("VARCHAR", [claimant_id_of(r[3]) for r in claim_rows]),
                "tense": ("VARCHAR", [r[3].tense for r in claim_rows]),
                "sentence_key": ("VARCHAR", [sentence_key(r[3].text) for r in claim_rows]),
            },
        )
        quantity_rows = [
            (claim_id, article_id, position, q)
            for claim_id, article_id, _, claim in claim_rows
            for position, q in enumerate(claim.quantities)
        ]
        self._insert_columns(
            "claim_quantities",
            {
                "claim_id": ("VARCHAR", [r[0] for r in quantity_rows]),
                "article_id": ("VARCHAR", [r[1] for r in quantity_rows]),
                "position": ("INTEGER", [r[2] for r in quantity_rows]),
                "value": ("DOUBLE", [r[3].value for r in quantity_rows]),
                "unit": ("VARCHAR", [r[3].unit for r in quantity_rows]),
                "subject": ("VARCHAR", [r[3].subject for r in quantity_rows]),
                "modifier": ("VARCHAR", [r[3].modifier for r in quantity_rows]),
                "text": ("VARCHAR", [r[3].text for r in quantity_rows]),
                "kind": ("VARCHAR", [r[3].kind for r in quantity_rows]),
                "form": ("VARCHAR", [r[3].form for r in quantity_rows]),
                "low": ("DOUBLE", [r[3].low for r in quantity_rows]),
                "high": ("DOUBLE", [r[3].high for r in quantity_rows]),
                "from_value": ("DOUBLE", [r[3].from_value for r in quantity_rows]),
            },
        )
        return len(claim_rows)
