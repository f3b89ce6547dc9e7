"""Feed and sitemap fields to capped, markup-free plain text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_TITLE_CHARS = 1_000  # titles and outlet names
MAX_SUMMARY_CHARS = 10_000
# Markup is cut to this before it is parsed: no sane field is longer, and a hostile one costs no more.
MAX_MARKUP_CHARS = 1_000_000

# Elements whose content is never text a reader sees.
_HIDDEN = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})
# Elements that do not separate words: every other tag counts as a line break, so "<p>a</p><p>b</p>" reads "a b".
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
# What markup still looks like in decoded text ("&lt;script&gt;" in HTML, "<b>" in a text field); a tag or
# comment that runs off the end (a field cut inside a tag, an unclosed comment) takes the rest with it.
_TAG_LIKE = re.compile(r"<!--.*?(?:-->|\Z)|<[/!?]*[A-Za-z\[][^<>]*(?:>|\Z)", re.DOTALL)
_TAG_OPENER = re.compile(r"<+(?=[/!?A-Za-z])")


def plain_text(value: str | None, html: bool, max_chars: int) -> str | None:
    """Markup-free text of a field (entities decoded once, and only when it is HTML), whitespace collapsed, capped."""
    if not value:
        return None
    if not html:
        # Escaping "&" lets the same tag stripper run on text fields without decoding their entities.
        value = value[:MAX_MARKUP_CHARS].replace("&", "&amp;")
    text = " ".join(_strip(value).split())
    # Decoding can turn "&lt;b&gt;" into a tag; a tag is never text anyone wants, so none survives.
    text = _TAG_OPENER.sub("", _TAG_LIKE.sub(" ", text))
    text = " ".join(text.split())[:max_chars].rstrip()
    return text or None


def html_text(html: str) -> str:
    """Readable text of an HTML body: tags and scripts dropped, entities decoded once, one line per block."""
    lines = (" ".join(line.split()) for line in _strip(html).split("\n"))
    return "\n".join(line for line in lines if line)


def _strip(html: str) -> str:
    stripper = _Stripper()
    stripper.feed(_CONTROL.sub("", html[:MAX_MARKUP_CHARS]))
    stripper.close()
    return _CONTROL.sub("", "".join(stripper.parts))


def looks_like_html(value: str) -> bool:
    """Whether a body carries HTML tags or entities (rather than being plain text)."""
    return bool(_HTML_HINT.search(value))


_HTML_HINT = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});"
)


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag not in _INLINE:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag not in _INLINE:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag not in _INLINE:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def parse_marked_section(self, i, report=1):
        # The standard library raises on "<![foo[ ...": like a browser, read it as a bogus comment instead.
        end = self.rawdata.find(">", i)
        return -1 if end < 0 else end + 1


def word_trie(words) -> str:
    """A regular expression matching any of the words, factored by common prefixes.

    re tries plain alternatives one by one; a prefix tree keeps a scan for fifty words as cheap as for a few.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        if optional:
            body += "?"
        return body

    return pattern(tree)
