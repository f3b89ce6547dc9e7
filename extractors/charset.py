"""Fetched bytes to text as browsers choose the encoding (WHATWG sniffing), repairing mislabelled pages."""

# Order: BOM, HTTP charset, <meta>/XML declaration (markup only), then the bytes. Two repairs on top of the
# browser rules: non-ASCII bytes that are UTF-8 beat a legacy label, and a refuted UTF-8 label is replaced by
# detection rather than a page of U+FFFD. Pure: no I/O.

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "decode_page", "charset_from_content_type"]


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the Python codec used, and which rule chose it."""

    text: str
    encoding: str  # a name codecs.lookup() accepts: "utf-8", "windows-1252", "cp932", "euc-jp", "gb18030", ...
    source: str  # "bom", "http", "meta", "utf-8", "detected" or "default"


# The spec's prescan reads 1024 bytes, but browsers also honour a later <meta charset> by re-parsing ("change
# the encoding"), and real pages put long comments, inline scripts and OG tags first. 4 KiB finds those and
# still bounds the regex work on a hostile page.
PRESCAN_BYTES = 4096
# Detection only needs a sample; 64 KiB is plenty of text for a verdict and keeps charset_normalizer (which is
# slow on large inputs) to a few milliseconds. The whole body is then decoded with the verdict.
DETECT_BYTES = 65_536
# "Nearly UTF-8": a long UTF-8 page with a stray byte (a template fragment, a cut multibyte character) is
# still UTF-8. Tolerated when invalid sequences are rarer than 1 per 10,000 bytes, or outnumbered 50:1 by
# valid multibyte ones. Legacy text almost never forms valid UTF-8 multibyte sequences ("Ã©" pairs), so
# either ratio is strong evidence; a windows-1252 page has zero valid ones and fails both.
INVALID_PER_BYTES = 10_000
VALID_PER_INVALID = 50
# Double-byte CJK text (GBK/EUC rows A1-FE) forms valid UTF-8 pairs by chance for roughly one character in
# six, so a title of two or three characters can be valid UTF-8 by accident; ten sequences cannot.
CJK_MIN_MULTIBYTE = 10

# WHATWG Encoding Standard labels, keyed by the Python codec name we decode with (and report). Where Python's
# codec of the same name is narrower than the browser's decoder, the browser-equivalent superset is used:
# Shift_JIS is cp932 (NEC/IBM rows: ①, ㈱), EUC-KR is cp949 (UHC), GBK/gb2312 is gb18030, Big5 is big5hkscs;
# ISO-8859-1 and ASCII labels mean windows-1252 (curly quotes and dashes in 0x80-0x9F).
_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "ibm866": "866 cp866 csibm866 ibm866",
    "iso-8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    "iso-8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    "iso-8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    "iso-8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988",
    "iso-8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                  "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso-8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                  "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso-8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                  "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso-8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso-8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso-8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso-8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso-8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "macintosh": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "windows-1250": "cp1250 windows-1250 x-cp1250",
    "windows-1251": "cp1251 windows-1251 x-cp1251",
    "windows-1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
                    "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 "
                    "x-user-defined",  # x-user-defined is a font hack, never news text: read it as windows-1252
    "windows-1253": "cp1253 windows-1253 x-cp1253",
    "windows-1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
                    "latin5 windows-1254 x-cp1254",
    "windows-1255": "cp1255 windows-1255 x-cp1255",
    "windows-1256": "cp1256 windows-1256 x-cp1256",
    "windows-1257": "cp1257 windows-1257 x-cp1257",
    "windows-1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc-jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso-2022-jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
             "windows-949",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    # Not listed, so ignored: the spec's "replacement" labels (iso-2022-kr, iso-2022-cn, hz-gb-2312), which a
    # browser renders as a single U+FFFD to defeat escape-sequence XSS; for ingestion the bytes decide instead.
}
_BY_LABEL = {label: name for name, labels in _LABELS.items() for label in labels.split()}
_UTF16 = frozenset({"utf-16-le", "utf-16-be"})
_MULTIBYTE = frozenset({"gb18030", "big5hkscs", "euc-jp", "iso-2022-jp", "cp932", "cp949"})
# What detection may answer: the legacy encodings browsers' own detectors pick between. Leaving out the
# DOS/Mac/EBCDIC pages charset_normalizer also knows stops it "finding" cp850 in an English page.
_DETECTABLE = [
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "iso8859_2",
    "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "koi8_r", "koi8_u", "cp866", "cp874",
    "cp932", "euc_jp", "iso2022_jp", "cp949", "gb18030", "big5",
]
# Python's canonical codec name (what detection answers) back to our names, for names that are not labels.
_BY_CODEC = {codecs.lookup(name).name: name for name in _LABELS}
_BY_CODEC.update({"shift_jis": "cp932", "euc_kr": "cp949", "gb2312": "gb18030", "gbk": "gb18030",
                  "big5": "big5hkscs", "iso8859-1": "windows-1252"})

# WHATWG windows-1252: Python's cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined, the browser maps them to the
# C1 controls of the same number. A full table makes windows-1252 total, so the fallback never yields U+FFFD.
_WINDOWS_1252 = "".join(
    bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256)
)

_BELOW_C0 = bytes(range(0xC0))  # ASCII and continuation bytes; what is left are lead bytes
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ASCII_WS = " \t\n\f\r"
# One charset parameter of a Content-Type value; "," also ends it because repeated headers arrive joined.
_CT_CHARSET = re.compile(r"""(?:^|[;,])\s*charset\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s;,]*))""", re.I)
# An unterminated comment hides the rest of the window, as in the tokenizer.
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
# A <meta ...> tag, quoted values may contain ">".
_META = re.compile(rb"""<meta[\s/]((?:"[^"]*"|'[^']*'|[^>"'])*)""", re.I)
_ATTR = re.compile(rb"""([^\s/>="']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']*))?""")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))""", re.I)
_XML_DECL = re.compile(rb"""\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# Markup and script/style bodies are ASCII noise to a detector; "<" and ">" are never trail bytes in the
# ASCII-compatible CJK encodings, so cutting on them is safe.
# Each alternative ends at the end of input or stops at the next "<", so hostile markup stays linear.
_NOT_TEXT = re.compile(rb"<(script|style)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>", re.I | re.S)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, unquoted and trimmed, or None."""
    if not content_type:
        return None
    for match in _CT_CHARSET.finditer(content_type):
        label = next(g for g in match.groups() if g is not None).strip(_ASCII_WS)
        if label:
            return label
    return None


def decode_page(body: bytes, content_type: str | None, media_type: str = "text/html") -> Decoded:
    """Decode a fetched page as a browser would, preferring what the bytes prove over a wrong label."""
    body = bytes(body or b"")
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(_decode(body[len(bom):], name), name, "bom")

    declared: list[tuple[str, str]] = []
    http = _encoding_for(charset_from_content_type(content_type))
    if http in _UTF16:
        # Honoured only when the bytes look like UTF-16 (NULs beside ASCII), byte order from where the NULs
        # are: a "utf-16" header on an ASCII-compatible page would otherwise turn it all into CJK noise.
        http = _utf16_order(body)
    if http:
        declared.append((http, "http"))
    kind = (media_type or "text/html").split(";")[0].strip().lower()
    if "html" in kind or "xml" in kind:
        meta = _prescan(body[:PRESCAN_BYTES])
        if meta:
            declared.append((meta, "meta"))

    utf8 = _Utf8(body)
    for name, source in declared:
        if name == "utf-8":
            if utf8.plausible():
                return Decoded(utf8.text(), "utf-8", source)
            continue  # the bytes contradict it: a later declaration, else detection
        if name not in _UTF16 and utf8.plausible(CJK_MIN_MULTIBYTE if name in _MULTIBYTE else 1):
            # Non-ASCII bytes that are (nearly) valid UTF-8 are UTF-8 whatever the label says; servers label
            # UTF-8 as ISO-8859-1 all the time. Browsers trust the header here; for ingestion the bytes win.
            return Decoded(utf8.text(), "utf-8", "utf-8")
        return Decoded(_decode(body, name), name, source)

    if not declared:
        if body.isascii():
            return Decoded(utf8.text(), "utf-8", "default")
        if utf8.plausible():
            return Decoded(utf8.text(), "utf-8", "utf-8")
    detected = _detect(body)
    if detected:
        return Decoded(_decode(body, detected), detected, "detected")
    # Nothing convincing: windows-1252, the browsers' fallback (it decodes any byte). A refuted UTF-8
    # declaration still counts as a byte-based decision, so only the undeclared case says "default".
    return Decoded(_decode(body, "windows-1252"), "windows-1252", "detected" if declared else "default")


def _encoding_for(label: str | None) -> str | None:
    """Our codec name for a WHATWG label, or None when the label is unknown."""
    if not label:
        return None
    return _BY_LABEL.get(label.strip(_ASCII_WS).lower())


def _utf16_order(body: bytes) -> str | None:
    """utf-16-le/-be when the first KiB has NULs in one byte position (ASCII as UTF-16), else None."""
    sample = body[:1024]
    if len(sample) < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) * 4 < len(sample) // 2:
        return None
    return "utf-16-le" if odd >= even else "utf-16-be"


def _prescan(window: bytes) -> str | None:
    """The encoding named by the first usable <meta> (charset or http-equiv) or the XML declaration."""
    # meta first: a text/html page with both is parsed as HTML, where the XML declaration is a bogus comment.
    for tag in _META.finditer(_COMMENT.sub(b"", window)):
        attrs: dict[bytes, bytes] = {}
        for attr in _ATTR.finditer(tag[1]):
            value = attr[2] or b""
            if value[:1] in (b'"', b"'"):
                value = value[1:-1]
            attrs.setdefault(attr[1].lower(), value)
        label = None
        if b"charset" in attrs:
            label = attrs[b"charset"].rstrip(b"/")  # <meta charset=utf-8/>
        elif attrs.get(b"http-equiv", b"").strip().lower() == b"content-type" and b"content" in attrs:
            if found := _CONTENT_CHARSET.search(attrs[b"content"]):
                label = next(g for g in found.groups() if g is not None)
        if name := _meta_encoding(label):
            return name  # an unknown label moves on to the next <meta>, as the prescan does
    if declaration := _XML_DECL.match(window):
        return _meta_encoding(declaration[1])
    return None


def _meta_encoding(label: bytes | None) -> str | None:
    """A label found in the document: a UTF-16 one means UTF-8 (the prescan just read it as ASCII)."""
    if label is None:
        return None
    name = _encoding_for(label.decode("ascii", "replace"))
    return "utf-8" if name in _UTF16 else name


class _Utf8:
    """Lazily measured UTF-8 validity of a body: one strict decode, and counting only when that fails."""

    def __init__(self, body: bytes) -> None:
        self._body = body
        self._text: str | None = None
        self._verdict: tuple[int, int, bool] | None = None  # (valid multibyte, invalid sequences, tail only)

    def text(self) -> str:
        """The body as UTF-8, each invalid sequence replaced by U+FFFD."""
        if self._text is None:
            self._text = self._body.decode("utf-8", "replace")
        return self._text

    def plausible(self, min_multibyte: int = 0) -> bool:
        """Whether the bytes are UTF-8 (ASCII counts only when min_multibyte is 0), tolerating rare damage."""
        if self._body.isascii():
            return min_multibyte == 0
        valid, invalid, tail_only = self._measure()
        if valid < max(min_multibyte, 1):
            return False  # a stray 0x96 in an otherwise ASCII page is a windows-1252 dash, not UTF-8
        return (invalid == 0 or tail_only or invalid * INVALID_PER_BYTES < len(self._body)
                or valid >= VALID_PER_INVALID * invalid)

    def _measure(self) -> tuple[int, int, bool]:
        """Valid multibyte sequences, invalid sequences, and whether the only fault is a cut final character."""
        if self._verdict is None:
            body = self._body
            try:
                self._text = body.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                # Strictly valid: every byte >= 0xC0 starts one multibyte sequence.
                self._verdict = (len(body.translate(None, _BELOW_C0)), 0, False)
                return self._verdict
            text = self.text()
            # Python replaces each maximal invalid subpart with one U+FFFD, like the WHATWG decoder; U+FFFD
            # that was really in the page (EF BF BD) is not damage.
            genuine = body.count(b"\xef\xbf\xbd")
            invalid = text.count("\ufffd") - genuine
            non_ascii = len(text) - len(text.encode("ascii", "ignore"))
            try:
                codecs.getincrementaldecoder("utf-8")("strict").decode(body, final=False)
                tail_only = True  # the fetch was cut inside a character
            except UnicodeDecodeError:
                tail_only = False
            self._verdict = (non_ascii - invalid, invalid, tail_only)
        return self._verdict


def _detect(body: bytes) -> str | None:
    """charset_normalizer's verdict on the page's text, among the legacy encodings browsers detect, or None."""
    from charset_normalizer import from_bytes  # imported late: most pages never need it

    sample = body[:DETECT_BYTES]
    text_only = _NOT_TEXT.sub(b" ", sample)
    if not text_only.isascii():  # keep the markup if that is where all the non-ASCII is
        sample = text_only
    try:
        best = from_bytes(sample, cp_isolation=_DETECTABLE).best()  # None when no candidate reads cleanly
        name = best and (_encoding_for(best.encoding.replace("_", "-"))
                         or _BY_CODEC.get(codecs.lookup(best.encoding).name))
    except Exception:  # a third-party heuristic must not make decoding raise; fall back to windows-1252
        return None
    if name is None or name == "utf-8" or name in _UTF16:
        return None
    if name not in _MULTIBYTE and _decode(sample, name) == _decode(sample, "windows-1252"):
        # Western text reads the same in several code pages; the detector's pick among ties (often cp1250)
        # is arbitrary, so report the browsers' default.
        return "windows-1252"
    return name


def _decode(data: bytes, name: str) -> str:
    """data in codec name, never raising: undecodable bytes become U+FFFD."""
    if name == "windows-1252":
        return codecs.charmap_decode(data, "strict", _WINDOWS_1252)[0]
    return data.decode(name, "replace")
