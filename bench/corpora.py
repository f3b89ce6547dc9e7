"""Evaluation corpora for main-text extraction: pages with their expected text, by corpus name.

Each corpus loads as a list of ``Page(page_id, html, expected, url)``; a corpus that cannot be had (no files,
no cache and no registry) raises ``CorpusUnavailable`` with the reason and what to set.

- ``aeb``: the article-extraction-benchmark (181 news pages, human-checked text), from bench/corpus.py.
- ``newspaper4k``: the test pages shipped in the newspaper4k 0.9.6 sdist on PyPI (MIT), paired with the
  expected text newspaper's own tests check. That text is newspaper's reference output, not human-checked.
- ``aeb_synthetic``: 600 pages made by bench/synthesis.py (the main bench's scale pages: other pages' body
  paragraphs in the aeb's own page templates), expected text the paragraphs put in. Derived from aeb, so no
  independent evidence; it shows how settings fail on a template whose content changes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

NEWSPAPER4K_VERSION = "0.9.6"
# Not articles, or not pages: newspaper's own tests use them for site front pages and feeds.
NEWSPAPER4K_SKIP = ("main_site", "rss")


class Page(NamedTuple):
    page_id: str
    html: bytes
    expected: str
    url: str | None


class CorpusUnavailable(RuntimeError):
    """The corpus's files are not here and cannot be fetched."""


def cache_dir() -> Path:
    """Where downloaded corpora are kept: NEWSCLAIMS_BENCH_CACHE, else ~/.cache/newsclaims-bench."""
    return Path(os.environ.get("NEWSCLAIMS_BENCH_CACHE") or Path.home() / ".cache" / "newsclaims-bench")


def load_aeb() -> list[Page]:
    """The article-extraction-benchmark pages with their human-checked text and original URL."""
    from bench import corpus

    if not (corpus.CORPUS / "ground-truth.json").is_file():
        raise CorpusUnavailable(f"article-extraction-benchmark not found at {corpus.CORPUS} "
                                "(set NEWSCLAIMS_BENCH_CORPUS)")
    pages, truth = corpus.load_corpus()
    urls = {key: value.get("url") for key, value in
            json.loads((corpus.CORPUS / "ground-truth.json").read_text(encoding="utf-8")).items()}
    return [Page(key, pages[key], truth[key], urls.get(key)) for key in truth]


def load_newspaper4k() -> list[Page]:
    """newspaper4k's article test pages with its expected text, from its sdist (downloaded once into the cache)."""
    data = _newspaper4k_data()
    pages = []
    for html_path in sorted((data / "html").glob("*.html")):
        stem = html_path.stem
        txt_path = data / "txt" / f"{stem}.txt"
        if not txt_path.is_file() or any(word in stem for word in NEWSPAPER4K_SKIP):
            continue
        meta_path = data / "metadata" / f"{stem}.json"
        url = json.loads(meta_path.read_text(encoding="utf-8")).get("url") if meta_path.is_file() else None
        pages.append(Page(stem, html_path.read_bytes(), txt_path.read_text(encoding="utf-8"), url or None))
    if not pages:
        raise CorpusUnavailable(f"no newspaper4k test pages with expected text under {data}")
    return pages


def _newspaper4k_data() -> Path:
    root = cache_dir()
    unpacked = root / f"newspaper4k-{NEWSPAPER4K_VERSION}"
    data = unpacked / "tests" / "data"
    if (data / "html").is_dir():
        return data
    sdist = root / f"newspaper4k-{NEWSPAPER4K_VERSION}.tar.gz"
    if not sdist.is_file():
        root.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                   f"newspaper4k=={NEWSPAPER4K_VERSION}", "-d", str(root)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CorpusUnavailable(f"could not download the newspaper4k sdist: {error}") from error
        if done.returncode != 0 or not sdist.is_file():
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise CorpusUnavailable(f"newspaper4k {NEWSPAPER4K_VERSION} sdist not in {root} and pip download "
                                    f"failed ({tail[0]}); put the sdist there or set NEWSCLAIMS_BENCH_CACHE")
    prefix = f"newspaper4k-{NEWSPAPER4K_VERSION}/tests/data/"
    try:
        with tarfile.open(sdist) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith(prefix) and (m.isfile() or m.isdir())]
            archive.extractall(root, members=members, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise CorpusUnavailable(f"could not unpack {sdist}: {error}") from error
    if not (data / "html").is_dir():
        raise CorpusUnavailable(f"{sdist} has no tests/data/html")
    return data


SYNTHETIC_PAGES = 600


def load_aeb_synthetic() -> list[Page]:
    """The first originals of the main bench's synthetic pages (same seed), with the paragraphs they hold."""
    from bench import corpus, scale, synthesis

    if not (corpus.CORPUS / "ground-truth.json").is_file():
        raise CorpusUnavailable(f"aeb_synthetic needs the article-extraction-benchmark at {corpus.CORPUS} "
                                "(set NEWSCLAIMS_BENCH_CORPUS)")
    pages, truth = corpus.load_corpus()
    templates = synthesis.read_templates(pages, truth)
    made = synthesis.synthesise_pages(templates, corpus.body_paragraphs(truth), 2000, scale.START, scale.SPAN_DAYS)
    return [Page(page.slug, page.render(templates), page.text, None)
            for page in made if not page.original][:SYNTHETIC_PAGES]


CORPORA: dict[str, Callable[[], list[Page]]] = {
    "aeb": load_aeb,
    "newspaper4k": load_newspaper4k,
    "aeb_synthetic": load_aeb_synthetic,
}


def load(name: str) -> list[Page]:
    """The pages of one corpus; raises CorpusUnavailable when it cannot be had."""
    return CORPORA[name]()
