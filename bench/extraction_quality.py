"""Main-text extraction settings side by side on every available corpus: token F1, failures, seconds per page.

    python -m bench.extraction_quality                      # all corpora, all configurations
    python -m bench.extraction_quality --corpus aeb --config bare --config chosen

Each page is decoded once (BOM, declared charset, else UTF-8, else windows-1252) and every configuration
runs on it in turn, so a slow spell on this shared machine is spread over all of them; seconds per page are
single-process wall time. Configurations that take bytes get the undecoded page, as trafilatura would from
a fetch. A corpus that cannot be had (see bench/corpora.py) is skipped with the reason. Then a charset
check: aeb pages re-encoded as windows-1252 (their meta charset rewritten to match), extracted from bytes
(trafilatura guesses the encoding) and from text decoded by the declared charset. The last line printed is
one JSON object.
"""

from __future__ import annotations

import argparse
import codecs
import json
import logging
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone

import trafilatura
from trafilatura.baseline import baseline
from trafilatura.settings import use_config

from bench import corpora
from bench.corpus import f1
from extractors.maintext import main_text

BELOW = 0.5  # a page under this F1 is a failed extraction, not a worse one
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in a browser.
_AS_WINDOWS_1252 = {"ascii", "us-ascii", "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1", "cp819"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_html(page: bytes) -> str:
    """Text of an HTML page: BOM, else the charset its meta tag declares, else UTF-8, else windows-1252."""
    for bom, encoding in _BOMS:
        if page.startswith(bom):
            return page.decode(encoding, errors="replace")
    declared = _META_CHARSET.search(page[:8192])
    if declared:
        label = declared.group(1).decode("ascii", errors="replace").lower()
        try:
            return page.decode("cp1252" if label in _AS_WINDOWS_1252 else label)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        return page.decode("cp1252", errors="replace")


def _document_text(document) -> str:
    return (document.text or "") if document is not None else ""


def _bare_extraction(**options) -> Callable[[str | bytes, str | None], str]:
    def run(page: str | bytes, url: str | None) -> str:
        return _document_text(trafilatura.bare_extraction(page, url=url, include_comments=False, **options))
    return run


def _fallback(first: dict, second: dict, short: int, ratio: float = 0.0) -> Callable[[str, str | None], str]:
    """``first`` pass; when its text is under ``short`` characters, ``second``, kept if ``ratio`` times longer."""
    one, two = _bare_extraction(**first), _bare_extraction(**second)

    def run(page: str, url: str | None) -> str:
        text = one(page, url).strip()
        if len(text) >= short:
            return text
        other = two(page, url).strip()
        return other if other and len(other) >= ratio * len(text) else text
    return run


def _recall_when_little(page: str, url: str | None) -> str:
    # The brief's suggestion: balanced, and favor_recall when that covers under a fifth of the visible text.
    text = _bare_extraction(with_metadata=True)(page, url).strip()
    if len(text) >= 0.2 * len(trafilatura.html2txt(page)):
        return text
    recall = _bare_extraction(with_metadata=True, favor_recall=True)(page, url).strip()
    return recall if len(recall) > len(text) else text


def _min_extracted(size: int):
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(size))
    return config


PIPELINE = dict(fast=True, with_metadata=True, include_tables=True)
BALANCED = dict(with_metadata=True, include_tables=True)
PRECISION = dict(with_metadata=True, include_tables=True, favor_precision=True)

# name -> (what it is, takes bytes?, function of (page, url) -> text)
CONFIGS: dict[str, tuple[str, bool, Callable]] = {
    "bare": ("(a) trafilatura.extract(bytes), defaults (comments on): the reference", True,
             lambda page, url: trafilatura.extract(page) or ""),
    "bare-str": ("(a) the same on decoded text", False, lambda page, url: trafilatura.extract(page) or ""),
    "pipeline": ("(b) today: bare_extraction fast=True, metadata, bytes", True, _bare_extraction(**PIPELINE)),
    "pipeline-str": ("(b) the same on decoded text", False, _bare_extraction(**PIPELINE)),
    "balanced": ("(c) bare_extraction without fast", False, _bare_extraction(**BALANCED)),
    "balanced-nometa": ("(c) without with_metadata", False, _bare_extraction(include_tables=True)),
    "recall": ("(d) favor_recall", False, _bare_extraction(**BALANCED, favor_recall=True)),
    "precision": ("(e) favor_precision", False, _bare_extraction(**PRECISION)),
    "precision-fast": ("(e) favor_precision, fast", False, _bare_extraction(**PRECISION, fast=True)),
    "balanced>recall@0.2page": ("(f) balanced; favor_recall if under 1/5 of the page's visible text", False,
                                _recall_when_little),
    "precision>balanced@500": ("(f) precision; balanced if under 500 chars", False,
                               _fallback(PRECISION, BALANCED, 500)),
    "precision>balanced@1000x3": ("(f) precision; balanced if under 1000 chars and 3x longer", False,
                                  _fallback(PRECISION, BALANCED, 1000, 3)),
    "precision>recall@1000x3": ("(f) precision; favor_recall if under 1000 chars and 3x longer", False,
                                _fallback(PRECISION, dict(BALANCED, favor_recall=True), 1000, 3)),
    "pipeline>balanced@1000x3": ("(f) fast; balanced if under 1000 chars and 3x longer", False,
                                 _fallback(PIPELINE, BALANCED, 1000, 3)),
    "balanced-notables": ("(g) balanced, include_tables=False", False,
                          _bare_extraction(with_metadata=True, include_tables=False)),
    "precision-notables": ("(g) precision, include_tables=False", False,
                           _bare_extraction(with_metadata=True, include_tables=False, favor_precision=True)),
    "precision-min1000": ("(g) precision, MIN_EXTRACTED_SIZE=1000 (default 250)", False,
                          _bare_extraction(**PRECISION, config=_min_extracted(1000))),
    "baseline": ("(g) trafilatura.baseline(), the last-resort dump", False, lambda page, url: baseline(page)[1]),
    "chosen": ("extractors.maintext.main_text: layout tables unwrapped, precision>balanced@1000x3", False,
               lambda page, url: main_text(page, url).text),
}


def measure(pages: list[corpora.Page], names: list[str]) -> dict[str, dict]:
    """Per configuration: F1 and seconds of each page, run interleaved page by page."""
    results = {name: {"f1": [], "seconds": 0.0, "texts": []} for name in names}
    for page in pages:
        text = decode_html(page.html)
        for name in names:
            _, takes_bytes, extract = CONFIGS[name]
            started = time.perf_counter()
            try:
                got = extract(page.html if takes_bytes else text, page.url) or ""
            except Exception as error:  # noqa: BLE001 - a crash is a failed page, reported, not the end
                print(f"  {name} raised on {page.page_id}: {error!r}", file=sys.stderr)
                got = ""
            results[name]["seconds"] += time.perf_counter() - started
            results[name]["f1"].append(f1(got, page.expected))
            results[name]["texts"].append(got)
    return results


def summary(results: dict[str, dict], pages: int) -> dict[str, dict]:
    """Mean and median F1, pages under BELOW, pages a tenth worse than bare, seconds a page, time vs bare."""
    bare_f1 = results.get("bare", {}).get("f1")
    bare_seconds = results.get("bare", {}).get("seconds")
    rows = {}
    for name, result in results.items():
        scores = result["f1"]
        rows[name] = {
            "f1_mean": round(statistics.mean(scores), 4),
            "f1_median": round(statistics.median(scores), 4),
            "below_half": sum(score < BELOW for score in scores),
            "worse_than_bare": sum(s < b - 0.1 for s, b in zip(scores, bare_f1)) if bare_f1 else None,
            "s_per_page": round(result["seconds"] / pages, 4),
            "time_vs_bare": round(result["seconds"] / bare_seconds, 2) if bare_seconds else None,
        }
    return rows


def print_table(name: str, pages: int, rows: dict[str, dict]) -> None:
    print(f"\n{name}: {pages} pages")
    print(f"  {'configuration':28s} {'F1 mean':>8s} {'median':>7s} {'<0.5':>5s} {'-0.1 vs a':>9s} "
          f"{'s/page':>7s} {'x (a)':>6s}")
    for config, row in rows.items():
        print(f"  {config:28s} {row['f1_mean']:8.4f} {row['f1_median']:7.4f} {row['below_half']:5d} "
              f"{row['worse_than_bare'] if row['worse_than_bare'] is not None else '':>9} "
              f"{row['s_per_page']:7.4f} {row['time_vs_bare'] if row['time_vs_bare'] is not None else '':>6}")


def same_text(results: dict[str, dict], one: str, other: str) -> int | None:
    """Pages on which two configurations gave different text."""
    if one not in results or other not in results:
        return None
    return sum(a != b for a, b in zip(results[one]["texts"], results[other]["texts"]))


def charset_check(pages: list[corpora.Page]) -> dict:
    """aeb pages re-encoded as windows-1252: text mangled when trafilatura guesses from bytes, vs decoded first."""
    checked, mangled_bytes, mangled_str, f1_bytes, f1_str = 0, 0, 0, [], []
    for page in pages:
        text = page.html.decode("utf-8", errors="replace")
        try:
            raw = text.encode("cp1252")
        except UnicodeEncodeError:
            continue
        if raw == page.html:
            continue  # ASCII only: nothing to get wrong
        raw = re.sub(rb"""(<meta[^>]+charset\s*=\s*["']?\s*)utf-?8""", rb"\1windows-1252", raw, flags=re.IGNORECASE)
        from_bytes = trafilatura.extract(raw) or ""
        from_str = trafilatura.extract(decode_html(raw)) or ""
        checked += 1
        mangled_bytes += _mangled(from_bytes)
        mangled_str += _mangled(from_str)
        f1_bytes.append(f1(from_bytes, page.expected))
        f1_str.append(f1(from_str, page.expected))
    if not checked:
        return {}
    return {"pages": checked, "mangled_from_bytes": mangled_bytes, "mangled_from_str": mangled_str,
            "f1_from_bytes": round(statistics.mean(f1_bytes), 4), "f1_from_str": round(statistics.mean(f1_str), 4)}


def _mangled(text: str) -> bool:
    return "\ufffd" in text or "â€" in text or "Ã" in text


def corpus_scores(extract: Callable[[bytes, str], str], names: Iterable[str] | None = None) -> dict:
    """Mean F1 and pages under F1 0.5 of ``extract(html_bytes, url)`` and of bare trafilatura, per available corpus."""
    scores = {}
    for name in names or corpora.CORPORA:
        try:
            pages = corpora.load(name)
        except corpora.CorpusUnavailable as error:
            print(f"corpus {name} skipped: {error}", file=sys.stderr)
            continue
        mine = [f1(extract(page.html, page.url), page.expected) for page in pages]
        bare = [f1(trafilatura.extract(page.html), page.expected) for page in pages]
        scores[f"f1_{name}"] = round(statistics.mean(mine), 4)
        scores[f"f1_bare_{name}"] = round(statistics.mean(bare), 4)
        scores[f"below_half_{name}"] = sum(score < BELOW for score in mine)
        scores[f"below_half_bare_{name}"] = sum(score < BELOW for score in bare)
        scores[f"pages_{name}"] = len(pages)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(corpora.CORPORA),
                        help="corpus to run (repeatable; default all)")
    parser.add_argument("--config", action="append", choices=list(CONFIGS),
                        help="configuration to run (repeatable; default all; bare always runs)")
    args = parser.parse_args(argv)
    # trafilatura logs every discarded page at WARNING; the tables are the output here.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    names = list(dict.fromkeys(["bare", *(args.config or CONFIGS)]))
    started = time.perf_counter()
    load = {"start": round(os.getloadavg()[0], 1)}
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, trafilatura {trafilatura.__version__}, "
          f"{os.cpu_count()} cores, load {load['start']}")
    for name in names:
        print(f"  {name:28s} {CONFIGS[name][0]}")
    figures: dict = {"corpora": {}, "skipped": {}}
    aeb_pages = None
    for name in args.corpus or list(corpora.CORPORA):
        try:
            pages = corpora.load(name)
        except corpora.CorpusUnavailable as error:
            print(f"\ncorpus {name} skipped: {error}")
            figures["skipped"][name] = str(error)
            continue
        if name == "aeb":
            aeb_pages = pages
        results = measure(pages, names)
        rows = summary(results, len(pages))
        print_table(name, len(pages), rows)
        identical = {f"{one} vs {other}": same_text(results, one, other) for one, other in (
            ("bare", "bare-str"), ("pipeline", "pipeline-str"), ("balanced", "balanced-nometa"))}
        identical = {key: value for key, value in identical.items() if value is not None}
        if identical:
            print("  pages with different text: " + ", ".join(f"{key} {value}" for key, value in identical.items()))
        figures["corpora"][name] = {"pages": len(pages), "configs": rows, "text_differs": identical}
        load[f"after_{name}"] = round(os.getloadavg()[0], 1)
    if aeb_pages is not None:
        check = charset_check(aeb_pages)
        if check:
            print(f"\ncharset: {check['pages']} aeb pages re-encoded as windows-1252 (declared): text with "
                  f"mangled characters {check['mangled_from_bytes']} from bytes, {check['mangled_from_str']} "
                  f"from decoded text; F1 {check['f1_from_bytes']} vs {check['f1_from_str']}")
            figures["charset_windows_1252"] = check
    load["end"] = round(os.getloadavg()[0], 1)
    figures["machine_load_1m"] = load
    figures["bench_s"] = round(time.perf_counter() - started)
    print(f"\nbench: {figures['bench_s']}s; 1-minute load average {load}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
