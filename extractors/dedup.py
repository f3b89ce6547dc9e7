"""Stateless duplicate logic: canonical URLs, content hashes, blocking keys and near-duplicate scores."""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from rapidfuzz.distance import LCSseq

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
        "ref", "ref_src", "ref_url", "cmpid", "ocid", "_ga", "_gl", "spm", "smid", "sr_share",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": "80", "https": "443"}

SHINGLE_WORDS = 5
# Keeping the shingles whose hash is 0 mod SAMPLE_MODULUS samples by content, not position: a copy
# that is truncated or edited elsewhere keeps exactly the same keys for the text it still shares.
# About one key per 8 words: ~125 for a 1,000-word article.
SAMPLE_MODULUS = 8
# Short texts may have no sampled shingle at all; their few smallest hashes are kept as well.
MIN_HASH_KEYS = 4
MIN_SHARED_KEYS = 3

# Scores are the share of the shorter text found in order in the longer one. Unrelated articles on
# the same topic land near 0.2 (common words still line up); copies, trimmed or edited, near 1.0.
NEAR_DUPLICATE_THRESHOLD = 0.8
# A text under half the length of the other is an excerpt, not a copy: its score shrinks with it.
MIN_COVERAGE = 0.5

WORD = re.compile(r"\w+")


FEED_ENTRY_FRAGMENT = re.compile(r"entry-[0-9a-f]{16}")


def canonical_url(url: str) -> str:
    """The URL lowercased in scheme and host, without www., default port, fragment, tracking or trailing slash.

    The one fragment kept is ``#entry-<16 hex>``: it names an entry that has no link of its own inside its
    feed (extractors.feeds), so it is that article's identity.
    """
    # Dropping "www." merges the rare site that serves different pages on both hosts, the cheaper
    # mistake next to storing every article twice. http and https stay distinct; query parameters
    # are sorted as they stand, without re-encoding.
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    netloc = _canonical_netloc(parts.netloc, scheme)
    path = (parts.path.rstrip("/") or "/") if netloc or parts.path else ""
    query = "&".join(sorted(pair for pair in parts.query.split("&") if pair and not _is_tracking(pair)))
    fragment = parts.fragment if FEED_ENTRY_FRAGMENT.fullmatch(parts.fragment) else ""
    return urlunsplit((scheme, netloc, path, query, fragment))


def _canonical_netloc(netloc: str, scheme: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.rpartition(":")
    if not colon or "]" in port:  # no port, or the colon was inside an IPv6 address
        host, port = hostport, ""
    host = host.lower().removeprefix("www.")
    if port == DEFAULT_PORTS.get(scheme):
        port = ""
    return f"{userinfo}{at}{host}{':' if port else ''}{port}"


def _is_tracking(pair: str) -> bool:
    name = pair.partition("=")[0].lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def content_hash(text: str) -> str:
    """SHA-256 hex of the text with Unicode compatibility forms, case and whitespace runs normalised."""
    normalised = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _words(text: str) -> list[str]:
    """The text's word tokens, NFKC-normalised and casefolded; punctuation is dropped."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def blocking_keys(title: str | None, text: str) -> list[str]:
    """Sorted candidate keys: "s:" sampled word-shingle hashes of the text, "t:" the normalised title."""
    keys = set()
    title_words = _words(title or "")
    if title_words:
        keys.add("t:" + _digest(" ".join(title_words)).hex())
    digests = [_digest(shingle) for shingle in _shingles(_words(text))]
    keys.update("s:" + d.hex() for d in digests if int.from_bytes(d, "big") % SAMPLE_MODULUS == 0)
    keys.update("s:" + d.hex() for d in heapq.nsmallest(MIN_HASH_KEYS, digests))
    return sorted(keys)


def _shingles(tokens: list[str]) -> list[str]:
    """Every run of SHINGLE_WORDS consecutive tokens; a shorter text is its own single shingle."""
    if len(tokens) < SHINGLE_WORDS:
        return [" ".join(tokens)] if tokens else []
    return list(map(" ".join, zip(*(tokens[i:] for i in range(SHINGLE_WORDS)))))


def _digest(value: str) -> bytes:
    # blake2b is stable across processes and machines, unlike the salted built-in hash().
    return hashlib.blake2b(value.encode(), digest_size=8).digest()


def is_candidate(shared: int, own_keys: int) -> bool:
    """Whether another article sharing `shared` of this article's `own_keys` keys is worth scoring."""
    return shared > 0 and shared >= min(MIN_SHARED_KEYS, own_keys)


@dataclass(frozen=True)
class Signature:
    """What the warehouse keeps of an original to score copies against it, instead of its text."""

    shingle_keys: int
    words: int


def signature(keys: list[str], text: str) -> Signature:
    """The compact signature of a text whose blocking keys are ``keys``."""
    return Signature(sum(1 for k in keys if k.startswith("s:")), len(_words(text)))


def signature_score(shared_shingles: int, a: Signature, b: Signature) -> float:
    """Estimated share of the shorter text found in the longer, from shared sampled shingles; excerpts score less.

    Shingles are sampled by content, so a copy keeps exactly the keys of the text it still shares:
    shared / the smaller key count estimates containment whatever was cut, added or re-templated around it.
    """
    fewer = min(a.shingle_keys, b.shingle_keys)
    if fewer == 0:
        return 0.0
    contained = min(1.0, shared_shingles / fewer)
    shorter, longer = sorted((a.words, b.words))
    return contained * min(1.0, shorter / max(longer, 1) / MIN_COVERAGE)


def near_duplicate_score(a: str, b: str) -> float:
    """Share of the shorter text found word by word, in order, in the longer; excerpts score less."""
    shorter, longer = sorted((_words(a), _words(b)), key=len)
    if not shorter:
        return float(not longer)
    # LCS over word sequences is bit-parallel in rapidfuzz: added furniture, a cut tail and
    # edited words cost what they change, and 20,000-character texts take about a millisecond.
    contained = LCSseq.similarity(shorter, longer) / len(shorter)
    coverage = len(shorter) / len(longer)
    return contained * min(1.0, coverage / MIN_COVERAGE)
