import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.dedup import (
    NEAR_DUPLICATE_THRESHOLD,
    blocking_keys,
    canonical_url,
    content_hash,
    is_candidate,
    near_duplicate_score,
)
from extractors.plaintext import extract_plaintext

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
FURNITURE = [
    "Advertisement",
    "Image Source - example.com",
    "© Example News 2024",
    "Share this article",
    "Leave a Reply",
]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def with_furniture(text: str) -> str:
    lines = text.splitlines()
    middle = len(lines) // 2
    return "\n".join(FURNITURE[:2] + lines[:middle] + FURNITURE[2:3] + lines[middle:] + FURNITURE[3:])


def without_furniture(text: str) -> str:
    return extract_plaintext(text).text


def truncated(text: str, share: float = 0.6) -> str:
    words = text.split(" ")
    return " ".join(words[: int(len(words) * share)])


def edited(text: str) -> str:
    """One word in forty replaced."""
    return " ".join("altered" if i % 40 == 20 else word for i, word in enumerate(text.split(" ")))


COPIES = {
    "furniture added": with_furniture,
    "furniture removed": without_furniture,
    "truncated": truncated,
    "edited": edited,
}


def shared_candidate(a: str, b: str) -> bool:
    """Candidate both ways round, as either article may be the one arriving second."""
    keys_a, keys_b = set(blocking_keys(None, a)), set(blocking_keys(None, b))
    shared = len(keys_a & keys_b)
    return is_candidate(shared, len(keys_a)) and is_candidate(shared, len(keys_b))


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "HTTPS://WWW.Example.COM:443/News/Story/?utm_source=rss&b=2&a=1&fbclid=x&gclid=y#comments",
            "https://example.com/News/Story?a=1&b=2",
        ),
        ("http://example.com", "http://example.com/"),
        ("http://example.com:80/", "http://example.com/"),
        ("https://example.com:8443/a/", "https://example.com:8443/a"),
        (
            "https://example.com/a?ref=twitter&ref_src=x&mc_cid=1&mc_eid=2&cmpid=3&ocid=4&igshid=5&_ga=6&spm=7",
            "https://example.com/a",
        ),
        ("https://example.com/a?UTM_Medium=email&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?q=&q=2", "https://example.com/a?q=&q=2"),
        ("https://[2001:db8::1]:443/a/", "https://[2001:db8::1]/a"),
        ("file:///work/main/seeds/001_bc1be8ee82f2fd43.txt", "file:///work/main/seeds/001_bc1be8ee82f2fd43.txt"),
        ("FILE:///Work/Seeds/#x", "file:///Work/Seeds"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("http://[::1", "http://[::1"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_canonical_url_is_idempotent():
    url = canonical_url("https://www.example.com/a/?b=1&utm_campaign=x&a=2#top")

    assert canonical_url(url) == url


def test_content_hash_ignores_whitespace_and_case_only():
    text = read(SEEDS[0])

    assert content_hash(text) == content_hash("  " + text.upper().replace(" ", " \n\t "))
    assert content_hash(text) != content_hash(text.replace(".", "!", 1))
    assert content_hash("a b") == hashlib.sha256(b"a b").hexdigest()


def test_blocking_keys_are_prefixed_sorted_and_short():
    keys = blocking_keys("North Korea bolsters Russian frontline", read(SEEDS[4]))

    assert keys == sorted(set(keys))
    assert sum(key.startswith("t:") for key in keys) == 1
    assert all(key[:2] in ("s:", "t:") and len(key) == 18 for key in keys)


def test_title_key_ignores_case_and_punctuation():
    assert blocking_keys("North Korea: troops, sent!", "") == blocking_keys("north korea troops sent", "")


def test_short_texts_still_get_keys():
    # seven words make three five-word shingles, all of them kept
    assert len(blocking_keys(None, "Troops crossed the border overnight, officials said.")) == 3
    assert len(blocking_keys(None, "Troops crossed.")) == 1
    assert blocking_keys(None, "") == []


def test_blocking_keys_do_not_depend_on_the_process_hash_seed():
    script = "from extractors.dedup import blocking_keys; print(blocking_keys('A title', 'one two three four five'))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }

    assert len(outputs) == 1


def test_is_candidate_needs_a_few_shared_keys_unless_the_article_has_fewer():
    assert not is_candidate(0, 0)
    assert not is_candidate(2, 100)
    assert is_candidate(3, 100)
    assert is_candidate(1, 1)


@pytest.mark.parametrize("kind", COPIES)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_copies_of_a_seed_are_candidates_and_near_duplicates(seed, kind):
    original = read(seed)
    copy = COPIES[kind](original)

    assert shared_candidate(original, copy)
    assert near_duplicate_score(original, copy) >= 0.95
    assert near_duplicate_score(copy, original) == near_duplicate_score(original, copy)


PAIRS = list(itertools.combinations(SEEDS, 2))


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=lambda path: path.name[:3])
def test_different_seeds_are_neither_candidates_nor_near_duplicates(first, second):
    a, b = read(first), read(second)

    assert not shared_candidate(a, b)
    assert near_duplicate_score(a, b) < NEAR_DUPLICATE_THRESHOLD / 2
    assert near_duplicate_score(without_furniture(a), without_furniture(b)) < NEAR_DUPLICATE_THRESHOLD / 2


def test_a_short_excerpt_is_not_a_duplicate_of_the_whole_article():
    text = read(SEEDS[1])

    assert near_duplicate_score(text, truncated(text, 0.25)) < NEAR_DUPLICATE_THRESHOLD


def test_scores_of_empty_texts():
    assert near_duplicate_score("", "") == 1.0
    assert near_duplicate_score("", read(SEEDS[0])) == 0.0
