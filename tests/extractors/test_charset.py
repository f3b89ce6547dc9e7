"""Page bytes to text: BOM, HTTP charset, <meta> prescan, and the repairs for mislabelled pages."""

from __future__ import annotations

import codecs
import dataclasses
import random

import charset_normalizer
import pytest

from extractors import charset as charset_module
from extractors.charset import Decoded, charset_from_content_type, decode_page
from tests.conftest import FIXTURES

CHARSET = FIXTURES / "charset"
WINDOWS_1252_PAGE = (CHARSET / "windows1252_news.html").read_bytes()
SHIFT_JIS_PAGE = (CHARSET / "shift_jis_meta.html").read_bytes()
UTF8_LATIN1_PAGE = (CHARSET / "utf8_declares_latin1.html").read_bytes()

POLISH = "Zażółć gęślą jaźń. Rząd ogłosił w poniedziałek, że ceny energii wzrosną o 12 procent."
RUSSIAN = "Правительство объявило в понедельник, что цены на энергию вырастут на 12 процентов."
JAPANESE = "東京株式市場で日経平均株価は反落した。前日の米国市場で半導体株が売られた流れを引き継いだ。"
CHINESE = "北京时间周一，上海股市收盘下跌，科技股领跌。分析人士表示，投资者担心经济放缓。"
KOREAN = "서울 증시에서 코스피 지수는 하락했다. 외국인 투자자들이 반도체 주식을 팔았다."
MOJIBAKE = ("â€œ", "â€", "Ã©", "Ã")


def html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def assert_clean(decoded: Decoded, *expected: str) -> None:
    for fragment in expected:
        assert fragment in decoded.text
    assert "\ufffd" not in decoded.text
    for junk in MOJIBAKE:
        assert junk not in decoded.text


@pytest.fixture
def detector_calls(monkeypatch):
    """Records the length of every input handed to charset_normalizer."""
    calls: list[int] = []
    real = charset_normalizer.from_bytes

    def spy(sequences, *args, **kwargs):
        calls.append(len(sequences))
        return real(sequences, *args, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    return calls


# --- Content-Type parsing and WHATWG labels ---------------------------------------------------------------------

@pytest.mark.parametrize("content_type, label", [
    ("text/html; charset=UTF-8", "UTF-8"),
    ('text/html; charset="iso-8859-1"', "iso-8859-1"),
    ("text/html;charset='windows-1252'", "windows-1252"),
    ("text/html; Charset = Shift_JIS ", "Shift_JIS"),
    ("text/html; format=flowed; charset=koi8-r; q=1", "koi8-r"),
    ("text/html; charset=utf-8, text/html; charset=iso-8859-1", "utf-8"),  # repeated headers, joined
    ("charset=gbk", "gbk"),
    ("text/html", None),
    ("text/html; charset=", None),
    ("text/html; xcharset=utf-8", None),
    ("", None),
    (None, None),
])
def test_charset_from_content_type(content_type, label):
    assert charset_from_content_type(content_type) == label


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO_8859-1", "latin1", "l1", "us-ascii", "ascii", "cp1252",
                                   "windows-1252", "x-cp1252", "cp819"])
def test_latin1_and_ascii_labels_mean_windows_1252(label):
    decoded = decode_page(WINDOWS_1252_PAGE, f"text/html; charset={label}")
    assert (decoded.encoding, decoded.source) == ("windows-1252", "http")
    assert_clean(decoded, "“Apple”", " – the biggest gain since March – ", "company’s", "café-style", "$240 —")


@pytest.mark.parametrize("label, text, codec, expected", [
    ("x-sjis", JAPANESE, "cp932", "cp932"),
    ("Shift_JIS", JAPANESE + "①㈱", "cp932", "cp932"),  # NEC rows: cp932, as browsers decode them
    ("windows-31j", JAPANESE, "cp932", "cp932"),
    ("euc-jp", JAPANESE, "euc_jp", "euc-jp"),
    ("iso-2022-jp", JAPANESE, "iso2022_jp", "iso-2022-jp"),
    ("gb2312", CHINESE, "gb2312", "gb18030"),
    ("GBK", CHINESE, "gbk", "gb18030"),
    ("euc-kr", KOREAN, "euc_kr", "cp949"),
    ("ks_c_5601-1987", KOREAN, "cp949", "cp949"),
    ("big5", "台北股市週一收盤下跌，科技股領跌。", "big5", "big5hkscs"),
    ("koi8-r", RUSSIAN, "koi8_r", "koi8-r"),
    ("cp1251", RUSSIAN, "cp1251", "windows-1251"),
    ("latin2", POLISH, "iso8859_2", "iso-8859-2"),
    ("iso-8859-9", "Türkiye'de enflasyon yüzde 38'e geriledi, açıklandı.", "iso8859_9", "windows-1254"),
])
def test_labels_map_to_browser_decoders(label, text, codec, expected):
    decoded = decode_page(html(text).encode(codec), f"text/html; charset={label}")
    assert (decoded.encoding, decoded.source) == (expected, "http")
    assert_clean(decoded, text)


@pytest.mark.parametrize("label", ["utf8", "UTF-8", "unicode-1-1-utf-8", "x-unicode20utf8"])
def test_utf8_labels(label):
    decoded = decode_page(html(RUSSIAN).encode(), f"text/html; charset={label}")
    assert (decoded.encoding, decoded.source) == ("utf-8", "http")
    assert_clean(decoded, RUSSIAN)


def test_every_reported_encoding_is_a_python_codec():
    for name in charset_module._LABELS:
        codecs.lookup(name)


def test_decoded_is_frozen():
    decoded = decode_page(b"abc", None)
    assert decoded == Decoded("abc", "utf-8", "default")
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.text = "x"


# --- Rule 1: BOM ------------------------------------------------------------------------------------------------

def test_utf8_bom_beats_a_contrary_header_and_meta():
    body = codecs.BOM_UTF8 + html("“Apple” – café", '<meta charset="windows-1252">').encode()
    decoded = decode_page(body, "text/html; charset=iso-8859-1")
    assert (decoded.encoding, decoded.source) == ("utf-8", "bom")
    assert decoded.text.startswith("<!DOCTYPE html>")  # the BOM itself is not text
    assert_clean(decoded, "“Apple” – café")


@pytest.mark.parametrize("codec, bom, name", [
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_utf16_bom(codec, bom, name):
    page = html(f"“Apple” – {JAPANESE}", '<meta charset="iso-8859-1">')
    decoded = decode_page(bom + page.encode(codec), "text/html; charset=windows-1252")
    assert decoded == Decoded(page, name, "bom")


# --- Rule 2 and 3: HTTP header, then the <meta> prescan ---------------------------------------------------------

def test_header_beats_meta():
    body = html(RUSSIAN, '<meta charset="koi8-r">').encode("cp1251")
    decoded = decode_page(body, "text/html; charset=windows-1251")
    assert (decoded.encoding, decoded.source) == ("windows-1251", "http")
    assert_clean(decoded, RUSSIAN)


def test_shift_jis_declared_in_meta_only():
    decoded = decode_page(SHIFT_JIS_PAGE, "text/html")
    assert (decoded.encoding, decoded.source) == ("cp932", "meta")
    assert_clean(decoded, "<title>日経平均、反落</title>", JAPANESE, "①トヨタ自動車㈱は決算を発表し、純利益は前年同期比１２％増だった。")


@pytest.mark.parametrize("head", [
    '<meta charset="gb2312">',
    "<meta charset=gb2312>",
    "<meta charset=gb2312/>",
    "<META CHARSET='GB2312'>",
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    "<meta content='text/html;charset=\"gb2312\"' http-equiv=content-type>",
    '<meta name="viewport" content="width=device-width"><meta charset="gb2312">',
    '<meta charset="x-foo"><meta charset="gb2312">',  # an unknown label moves on to the next <meta>
])
def test_meta_forms(head):
    decoded = decode_page(html(CHINESE, head).encode("gb2312"), None)
    assert (decoded.encoding, decoded.source) == ("gb18030", "meta")
    assert_clean(decoded, CHINESE)


def test_meta_content_without_http_equiv_is_not_a_declaration():
    body = html("plain", '<meta name="description" content="charset=shift_jis">').encode()
    assert decode_page(body, None) == Decoded(body.decode(), "utf-8", "default")


def test_meta_after_1024_bytes_of_comments_is_found():
    comments = "".join(f"<!-- build {i:04d}: <meta charset=koi8-r> -->\n" for i in range(30))
    assert len(comments) > 1024
    body = html(RUSSIAN, comments + '<meta charset="windows-1251">').encode("cp1251")
    decoded = decode_page(body, None)
    assert (decoded.encoding, decoded.source) == ("windows-1251", "meta")  # the commented-out koi8-r is ignored
    assert_clean(decoded, RUSSIAN)


def test_meta_beyond_the_prescan_window_is_not_read():
    padding = "<script>var x = 1;</script>\n" * (charset_module.PRESCAN_BYTES // 20)
    body = html("plain ASCII", padding + '<meta charset="windows-1250">').encode()
    assert decode_page(body, None) == Decoded(body.decode(), "utf-8", "default")


def test_unterminated_comment_hides_the_rest():
    body = html("plain", '<!-- <meta charset="shift_jis">').encode()
    assert decode_page(body, None).source == "default"


def test_meta_utf16_means_utf8():
    body = html("“Apple” – café", '<meta charset="utf-16">').encode()
    decoded = decode_page(body, None)
    assert (decoded.encoding, decoded.source) == ("utf-8", "meta")
    assert_clean(decoded, "“Apple” – café")


def test_xml_declaration_for_xhtml():
    page = ('<?xml version="1.0" encoding="ISO-8859-2"?>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml"><p>{POLISH}</p></html>')
    decoded = decode_page(page.encode("iso8859_2"), "application/xhtml+xml", "application/xhtml+xml")
    assert (decoded.encoding, decoded.source) == ("iso-8859-2", "meta")
    assert_clean(decoded, POLISH)


def test_meta_beats_xml_declaration_in_html():
    page = ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<html><head><meta charset="windows-1251"></head><p>{RUSSIAN}</p></html>')
    decoded = decode_page(page.encode("cp1251"), "text/html")
    assert (decoded.encoding, decoded.source) == ("windows-1251", "meta")


@pytest.mark.parametrize("content_type", ["text/html; charset=x-foo", "text/html; charset=iso-2022-kr",
                                          "text/html; charset=", "text/html; charset=utf-8-sig"])
def test_unknown_header_label_falls_through(content_type):
    assert decode_page(SHIFT_JIS_PAGE, content_type).source == "meta"
    decoded = decode_page(WINDOWS_1252_PAGE, content_type)
    assert (decoded.encoding, decoded.source) == ("windows-1252", "detected")
    assert_clean(decoded, "“Apple”", "–")


def test_utf16_header_without_bom_is_ignored_for_ascii_compatible_bytes():
    body = html("“Apple” – café").encode()
    decoded = decode_page(body, "text/html; charset=utf-16")
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")
    assert_clean(decoded, "“Apple” – café")


@pytest.mark.parametrize("codec, name", [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_header_without_bom_reads_byte_order_from_the_bytes(codec, name):
    page = html(f"“Apple” – {RUSSIAN}")
    decoded = decode_page(page.encode(codec), "text/html; charset=utf-16")
    assert decoded == Decoded(page, name, "http")


def test_text_plain_has_no_meta_prescan():
    body = f'<meta charset="shift_jis"> {RUSSIAN}'.encode("cp1251")
    decoded = decode_page(body, "text/plain", "text/plain")
    assert (decoded.encoding, decoded.source) == ("windows-1251", "detected")
    assert_clean(decoded, RUSSIAN)
    assert decode_page(b"<meta charset=koi8-r> hello", None, "text/plain; format=flowed").source == "default"


# --- Rule 4: bytes that are UTF-8 beat a legacy declaration -----------------------------------------------------

def test_utf8_page_declaring_latin1_in_header_and_meta():
    decoded = decode_page(UTF8_LATIN1_PAGE, "text/html; charset=ISO-8859-1")
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")
    assert_clean(decoded, "<title>Café société</title>", "l’énergie", "« C’est inévitable »", "Besançon")
    assert decode_page(UTF8_LATIN1_PAGE, None) == decoded  # meta alone: same verdict


@pytest.mark.parametrize("label", ["windows-1251", "koi8-r", "iso-8859-2", "shift_jis", "euc-kr", "gbk"])
def test_utf8_beats_any_legacy_label(label):
    for text in (RUSSIAN, CHINESE):
        decoded = decode_page(html(text).encode(), f"text/html; charset={label}")
        assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")
        assert_clean(decoded, text)


def test_short_cjk_that_happens_to_be_valid_utf8_keeps_its_declaration():
    # GB2312 "医院学校" is D2BD D4BA D1A7 D0A3: four valid UTF-8 pairs ("ҽԺѧУ"), too few to overrule a CJK label.
    body = html("医院学校", '<meta charset="gb2312">').encode("gb2312")
    body.decode("utf-8")
    decoded = decode_page(body, None)
    assert (decoded.encoding, decoded.source) == ("gb18030", "meta")
    assert_clean(decoded, "医院学校")


def test_ascii_body_keeps_its_legacy_declaration():
    body = html("plain ASCII").encode()
    assert decode_page(body, "text/html; charset=iso-8859-1") == Decoded(body.decode(), "windows-1252", "http")


def test_legacy_declaration_wins_when_the_bytes_are_not_utf8():
    page = html(POLISH + " Vláda v pondělí oznámila, že ceny vzrostou.")
    decoded = decode_page(page.encode("iso8859_2"), "text/html; charset=iso-8859-2")
    assert decoded == Decoded(page, "iso-8859-2", "http")
    assert "Zażółć gęślą jaźń" in decoded.text


def test_truncated_utf8_page_declared_latin1_is_still_utf8():
    body = html(RUSSIAN).encode() + "ж".encode()[:1]  # the fetch cut the last character in half
    decoded = decode_page(body, "text/html; charset=iso-8859-1")
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")
    assert decoded.text.endswith("\ufffd") and decoded.text.count("\ufffd") == 1


# --- Rule 5: a refuted UTF-8 declaration is replaced by detection -----------------------------------------------

@pytest.mark.parametrize("content_type, body", [
    ("text/html; charset=utf-8", WINDOWS_1252_PAGE),
    (None, WINDOWS_1252_PAGE.replace(b"<head>", b'<head><meta charset="utf-8">')),
    ("text/html; charset=UTF8", WINDOWS_1252_PAGE.replace(b"<head>", b'<head><meta charset="utf-8">')),
])
def test_windows_1252_page_claiming_utf8(content_type, body):
    decoded = decode_page(body, content_type)
    assert (decoded.encoding, decoded.source) == ("windows-1252", "detected")
    assert_clean(decoded, "“Apple” shares rose 4% on Thursday – the biggest gain since March –",
                 "“We’re seeing strong demand,”", "café-style", "“busier than ever”")


def test_refuted_utf8_header_falls_to_the_meta():
    decoded = decode_page(SHIFT_JIS_PAGE, "text/html; charset=utf-8")
    assert (decoded.encoding, decoded.source) == ("cp932", "meta")
    assert_clean(decoded, JAPANESE)


def test_refuted_utf8_detects_cjk():
    decoded = decode_page(html(JAPANESE).encode("cp932"), "text/html; charset=utf-8")
    assert (decoded.encoding, decoded.source) == ("cp932", "detected")
    assert_clean(decoded, JAPANESE)


def test_one_stray_byte_in_a_long_utf8_page_stays_utf8():
    paragraphs = "".join(f"<p>Paragraph {i}: “Apple” – café.</p>" for i in range(400))
    body = html(paragraphs).encode().replace(b"Paragraph 200:", b"Paragraph 200\x96")
    assert len(body) > 10_000
    decoded = decode_page(body, "text/html; charset=utf-8")
    assert (decoded.encoding, decoded.source) == ("utf-8", "http")
    assert decoded.text.count("\ufffd") == 1 and decoded.text.count("“Apple” – café") == 400


def test_stray_byte_in_short_multibyte_utf8_page_stays_utf8():
    body = html(RUSSIAN * 2).encode().replace(b"<p>", b"<p>\xa0", 1)  # < 10 kB, but 130 good sequences to 1
    assert len(body) < 10_000
    for content_type in (None, "text/html; charset=utf-8"):
        decoded = decode_page(body, content_type)
        assert decoded.encoding == "utf-8" and decoded.text.count("\ufffd") == 1
        assert RUSSIAN in decoded.text


def test_cp1252_article_in_a_utf8_template_is_detected():
    # A UTF-8 template ("©") around a windows-1252 article: too much damage, so the article text decides.
    body = html("© 2026 Example News").encode() + WINDOWS_1252_PAGE
    decoded = decode_page(body, "text/html; charset=utf-8")
    assert (decoded.encoding, decoded.source) == ("windows-1252", "detected")
    assert "“Apple” shares rose 4% on Thursday – the biggest gain" in decoded.text


def test_single_legacy_byte_in_long_ascii_page_is_not_utf8():
    body = html("Results " * 3000 + "2019–2020").encode("cp1252")  # no valid multibyte sequence at all
    decoded = decode_page(body, "text/html; charset=utf-8")
    assert decoded.source == "detected" and "2019–2020" in decoded.text


def test_genuine_replacement_characters_are_not_damage():
    body = html("broken upstream: \ufffd\ufffd\ufffd, “fine” here").encode()
    assert decode_page(body, None) == Decoded(body.decode(), "utf-8", "utf-8")


# --- Rule 6: no declaration -------------------------------------------------------------------------------------

def test_no_declaration_ascii_is_default_utf8():
    body = html("plain ASCII").encode()
    assert decode_page(body, None) == Decoded(body.decode(), "utf-8", "default")
    assert decode_page(b"", None) == Decoded("", "utf-8", "default")


def test_no_declaration_utf8():
    decoded = decode_page(html(f"“Apple” – {JAPANESE}").encode(), "text/html")
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")


def test_no_declaration_windows_1252_fixture():
    decoded = decode_page(WINDOWS_1252_PAGE, None)
    assert (decoded.encoding, decoded.source) == ("windows-1252", "detected")
    assert decoded.text == WINDOWS_1252_PAGE.decode("cp1252")
    assert_clean(decoded, "“Apple”", "–", "company’s")


@pytest.mark.parametrize("text, codec, expected", [
    (RUSSIAN, "cp1251", "windows-1251"),
    (JAPANESE, "cp932", "cp932"),
    (JAPANESE, "euc_jp", "euc-jp"),
    (CHINESE, "gb2312", "gb18030"),
    (KOREAN, "euc_kr", "cp949"),
    ("Die Regierung hat angekündigt, dass die Preise um zwölf Prozent steigen – „leider“.", "cp1252",
     "windows-1252"),
])
def test_no_declaration_detects(text, codec, expected):
    decoded = decode_page(html(text).encode(codec), None)
    assert (decoded.encoding, decoded.source) == (expected, "detected")
    assert_clean(decoded, text)


def test_short_legacy_text_plain():
    assert decode_page(b"Caf\xe9", None, "text/plain") == Decoded("Café", "windows-1252", "detected")


def test_windows_1252_fallback_never_yields_replacement_characters(monkeypatch):
    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: charset_normalizer.CharsetMatches())
    body = b"a \x81\x8d\x8f\x90\x9d \x93quoted\x94 \x96 \xff"
    decoded = decode_page(body, None)
    assert decoded == Decoded("a \x81\x8d\x8f\x90\x9d “quoted” – ÿ", "windows-1252", "default")
    refuted = decode_page(body, "text/html; charset=utf-8")
    assert (refuted.encoding, refuted.source) == ("windows-1252", "detected")


# --- Robustness and cost ----------------------------------------------------------------------------------------

def test_never_raises_on_random_bytes():
    rng = random.Random(20261122)
    content_types = [None, "text/html", "text/html; charset=utf-8", "text/html; charset=utf-16",
                     "text/html; charset=shift_jis", "text/html; charset=iso-2022-jp", "text/html; charset=x-foo",
                     'text/html; charset="', "text/html; charset=big5", "text/plain; charset=utf-16be"]
    prefixes = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<meta charset=euc-jp>",
                b'<?xml version="1.0" encoding="gb18030"?>', b"<!--", b"<meta http-equiv=content-type content="]
    for i in range(300):
        body = rng.choice(prefixes) + rng.randbytes(rng.choice([0, 1, 2, 3, 17, 200, 2000]))
        decoded = decode_page(body, rng.choice(content_types), rng.choice(["text/html", "text/plain"]))
        assert isinstance(decoded.text, str)
        codecs.lookup(decoded.encoding)
        assert decoded.source in {"bom", "http", "meta", "utf-8", "detected", "default"}


def test_clean_pages_never_reach_the_detector(detector_calls):
    big_utf8 = html(f"“Apple” – {JAPANESE} " * 20_000).encode()
    assert len(big_utf8) > 2_000_000
    assert decode_page(big_utf8, "text/html; charset=utf-8").text.count("“Apple” – ") == 20_000
    assert decode_page(big_utf8, None).source == "utf-8"
    assert decode_page(WINDOWS_1252_PAGE * 1000, "text/html; charset=windows-1252").source == "http"
    assert decode_page(SHIFT_JIS_PAGE * 1000, None).source == "meta"
    assert detector_calls == []


def test_detector_input_is_capped(detector_calls):
    body = WINDOWS_1252_PAGE * 4000
    assert len(body) > 2_000_000
    decoded = decode_page(body, None)
    assert (decoded.encoding, decoded.source) == ("windows-1252", "detected")
    assert decoded.text.count("“Apple”") == 4000
    assert len(detector_calls) == 1 and detector_calls[0] <= charset_module.DETECT_BYTES
