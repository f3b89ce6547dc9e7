"""The article-extraction-benchmark corpus: its pages, their human-checked text, and token-level F1."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(os.environ.get(
    "NEWSCLAIMS_BENCH_CORPUS",
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article-extraction-benchmark",
))
TOKEN = re.compile(r"\w+", re.UNICODE)
# Shorter lines of the checked text are captions, bylines and subheads rather than body paragraphs.
MIN_PARAGRAPH_WORDS = 12


@dataclass(frozen=True)
class Paragraph:
    text: str
    source: str  # the corpus page it was written for


def load_corpus() -> tuple[dict[str, bytes], dict[str, str]]:
    """Pages by key, and the checked main text of each page that has one."""
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {path.name.removesuffix(".html.gz"): gzip.decompress(path.read_bytes())
             for path in sorted((CORPUS / "html").glob("*.html.gz"))}
    return pages, {key: value["articleBody"] for key, value in truth.items() if key in pages}


def body_paragraphs(truth: dict[str, str]) -> list[Paragraph]:
    """Every distinct body paragraph of the checked texts, in corpus order."""
    seen, found = set(), []
    for key, body in truth.items():
        for line in body.split("\n"):
            text = " ".join(line.split())
            if len(text.split()) >= MIN_PARAGRAPH_WORDS and text not in seen:
                seen.add(text)
                found.append(Paragraph(text, key))
    return found


def f1(extracted: str | None, expected: str) -> float:
    """Token-level F1 over bags of lowercased word tokens, as the benchmark's own scoring."""
    got, want = Counter(TOKEN.findall((extracted or "").lower())), Counter(TOKEN.findall(expected.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)
