"""Synthetic, mutually unrelated stories for warehouse tests, with exact copies under other URLs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from extractors.dedup import blocking_keys, canonical_url, content_hash
from extractors.records import Article

PUBLISHED = datetime(2025, 3, 12, 9, tzinfo=timezone.utc)
VOCABULARY = [f"{a}{b}{c}" for a in ("ka", "lo", "mi", "nu", "pe", "ri", "su", "ta") for b in
              ("ban", "cor", "dil", "fen", "gar", "hul", "jen", "mor") for c in ("a", "e", "i", "o", "u")]


def story(n: int, words: int = 180) -> str:
    rng = random.Random(n)
    sentences = [" ".join(rng.choice(VOCABULARY) for _ in range(12)).capitalize() + "." for _ in range(words // 12)]
    return " ".join(sentences)


def stored_article(url: str, text: str, title: str, published: datetime = PUBLISHED) -> Article:
    return Article(
        article_id=canonical_url(url)[-16:], url=url, canonical_url=canonical_url(url), guid=url,
        feed_url="http://feed", outlet="Synthetic Times", title=title, author=None, published_at=published,
        date_source="feed", fetched_at=published, text=text, content_hash=content_hash(text),
        extraction_method="trafilatura", content_type="text/html",
        blocking_keys=blocking_keys(title, text), claims=[],
    )


def shared_batch(stories: int = 30, copies: int = 10) -> list[Article]:
    """``stories`` originals, plus ``copies`` of them republished an hour later under other URLs (same text)."""
    originals = [stored_article(f"http://news.test/story/{n}", story(n), f"Story {n}") for n in range(stories)]
    copied = [stored_article(f"http://mirror.test/copy/{n}?utm_source=feed", story(n), f"Mirror {n}",
                             PUBLISHED + timedelta(hours=1)) for n in range(copies)]
    return originals + copied
