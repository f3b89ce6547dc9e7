"""Distinct article pages recombined from the corpus's paragraphs and page templates, and copies of known kinds.

A template is a corpus page whose main-content paragraphs were found in its HTML (their text is in the
page's checked text) and cut out: every synthetic page is that HTML with other pages' paragraphs in those
places, so pages keep their site's real furniture, markup and size.
"""

from __future__ import annotations

import html
import random
import re
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import lxml.html
from lxml import etree

from bench.corpus import TOKEN, Paragraph

# Elements that may hold one paragraph of the main text; one holding any container is a container itself.
SLOT_TAGS = frozenset({"p", "li", "blockquote", "div", "span", "td", "dd"})
CONTAINER_TAGS = frozenset({"p", "li", "div", "blockquote", "table", "ul", "ol", "section", "article"})
MIN_SLOT_CHARS = 30
# Below this share of the checked text found in slots, what is left of the original article would be
# shared by every page made from the template and make them look alike.
MIN_TEMPLATE_COVERAGE = 0.8
MIN_SLOTS = 3
SLOT_MARK = re.compile(r"<!--newsclaims-slot-(\d+)-->")

COPY_KINDS = ("exact", "truncated", "furniture", "edited", "retemplated")
TRUNCATED_KEEP = (0.6, 0.8)  # share of the words a truncated copy keeps, from the top
EDIT_RATE = 1 / 40  # words replaced in a lightly edited copy
COPY_DELAY_HOURS = (1, 36)  # a copy is published this long after its original
SENTENCE_ENDS = (".", "!", "?", ".”", "?”", '."', ":")

FURNITURE_LINES = (
    "Sign up for our daily newsletter to get the top stories delivered to your inbox every morning.",
    "Share this article on Facebook, Twitter, LinkedIn or by email.",
    "This article was originally published by {outlet} and is republished here with permission.",
    "© 2025 {outlet}. All rights reserved. This material may not be published, broadcast, rewritten or "
    "redistributed without permission.",
    "Follow us on social media for the latest updates and breaking news alerts from our reporters.",
    "Have a news tip? Contact our newsroom at tips@{domain} or call our hotline any time of day.",
    "Read more: our full coverage of this story and related developments is available on our website.",
)
OUTLETS = ("Mirror Wire", "Daily Syndicate", "Reprint Post", "Aggregator News", "Regional Courier")


@dataclass(frozen=True)
class Template:
    key: str
    parts: tuple[str, ...]  # the page's HTML around its slots: parts[i] comes before slot i
    slots: tuple[tuple[str, str], ...]  # (tag, attributes) of each paragraph slot, in page order

    def render(self, paragraphs: tuple[str, ...] | list[str], before: str = "", after: str = "") -> bytes:
        """The page with ``paragraphs`` in its slots: spare slots stay empty, extra paragraphs follow the last."""
        used = min(len(paragraphs), len(self.slots))
        out = [self.parts[0]]
        for n, (tag, attributes) in enumerate(self.slots):
            if n == 0:
                out.append(before)
            if n < used:
                out.append(_element(tag, attributes, paragraphs[n]))
            if n == used - 1:
                out.extend(_element(tag, attributes, extra) for extra in paragraphs[len(self.slots):])
                out.append(after)
            out.append(self.parts[n + 1])
        return "".join(out).encode()


def _element(tag: str, attributes: str, text: str) -> str:
    return f"<{tag}{attributes}>{html.escape(text, quote=False)}</{tag}>"


def _tokens(text: str) -> str:
    return " ".join(TOKEN.findall(text.lower()))


def read_template(key: str, page: bytes, checked_text: str) -> Template | None:
    """The page as a template, or None when too little of its checked text sits in paragraph slots."""
    root = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(encoding="utf-8"))
    _forget_dates(root)
    wanted = _tokens(checked_text)
    slots = _find_slots(root, wanted)
    covered = sum(len(text) for text in {_tokens(slot.text_content()) for slot in slots})
    if len(slots) < MIN_SLOTS or covered < MIN_TEMPLATE_COVERAGE * len(wanted):
        return None
    shapes = []
    for n, slot in enumerate(slots):
        attributes = "".join(f' {name}="{html.escape(value)}"' for name, value in slot.attrib.items())
        shapes.append((slot.tag, attributes))
        mark = etree.Comment(f"newsclaims-slot-{n}")
        mark.tail = slot.tail
        slot.getparent().replace(slot, mark)
    pieces = SLOT_MARK.split(lxml.html.tostring(root.getroottree(), encoding="unicode", method="html"))
    if [int(n) for n in pieces[1::2]] != list(range(len(slots))):
        return None
    return Template(key, tuple(pieces[0::2]), tuple(shapes))


def _forget_dates(root) -> None:
    """Take the template page's own publication date out: every page made from it is dated by its feed.

    The pipeline trusts a page's structured date over its feed's, so a template's date left in would give
    all its pages (originals and copies alike) the template's day and decide which copy is the original.
    """
    for element in root.xpath('//script[@type="application/ld+json"] | //*[@content]'
                              '[re:test(concat(@name, @property, @itemprop), "date|time|publish", "i")]',
                              namespaces={"re": "http://exslt.org/regular-expressions"}):
        element.getparent().remove(element)
    for element in root.xpath("//*[@datetime]"):
        del element.attrib["datetime"]
    for element in root.xpath('//*[re:test(@itemprop, "date", "i")]',
                              namespaces={"re": "http://exslt.org/regular-expressions"}):
        del element.attrib["itemprop"]


def _find_slots(root, wanted: str) -> list:
    found = []
    stack = [root]
    while stack:
        element = stack.pop()
        children = [child for child in element if isinstance(child.tag, str)]
        for child in children:
            if child.tag in SLOT_TAGS and not any(
                    isinstance(d.tag, str) and d.tag in CONTAINER_TAGS for d in child.iterdescendants()):
                text = _tokens(child.text_content())
                if len(text) >= MIN_SLOT_CHARS and text in wanted:
                    found.append(child)
                    continue
        stack.extend(reversed([c for c in children if c not in found]))
    # Depth-first order above visits siblings before cousins; slots must follow the page's order.
    order = {element: n for n, element in enumerate(root.iter())}
    return sorted(found, key=order.__getitem__)


def read_templates(pages: dict[str, bytes], truth: dict[str, str]) -> dict[str, Template]:
    """Every corpus page usable as a template, by key."""
    templates = {}
    for key in sorted(truth):
        template = read_template(key, pages[key], truth[key])
        if template is not None:
            templates[key] = template
    return templates


class ParagraphDeck:
    """Deals corpus paragraphs in shuffled rounds, so each is used about as often as any other."""

    def __init__(self, paragraphs: list[Paragraph], rng: random.Random):
        self.paragraphs = paragraphs
        self.rng = rng
        self.cards: deque[int] = deque()

    def deal(self, count: int, exclude_source: str | None = None) -> list[int]:
        """Indices of ``count`` different paragraphs, none written for ``exclude_source``."""
        hand, passed = [], []
        while len(hand) < count:
            if not self.cards:
                order = list(range(len(self.paragraphs)))
                self.rng.shuffle(order)
                self.cards.extend(order)
            card = self.cards.popleft()
            if self.paragraphs[card].source == exclude_source or card in hand:
                passed.append(card)
            else:
                hand.append(card)
        self.cards.extendleft(reversed(passed))
        return hand


def swap_neighbours(text: str, rng: random.Random, rate: float) -> str:
    """The text with about ``rate`` of its words swapped with the next word of their sentence.

    Recombined paragraphs recur in thousands of synthetic stories, and so would their word shingles,
    where real stories rarely share a run of five words. Swaps give each story shingles of its own and
    keep its words, its length and where each sentence starts and ends (a sentence's last word stays).
    """
    words = text.split(" ")
    k = 0
    while k < len(words) - 1:
        if rng.random() < rate and not words[k].endswith(SENTENCE_ENDS) and not words[k + 1].endswith(SENTENCE_ENDS):
            words[k], words[k + 1] = words[k + 1], words[k]
            k += 2
        else:
            k += 1
    return " ".join(words)


def vocabulary(paragraphs: list[Paragraph]) -> list[str]:
    """Words to edit copies with: the corpus's alphabetic words of four letters or more."""
    return sorted({w for p in paragraphs for w in p.text.split() if len(w) >= 4 and w.isalpha()})


def truncate(paragraphs: list[str], rng: random.Random) -> list[str]:
    """The top of the text, cut mid-paragraph once it holds its share of the words (a teaser's cut)."""
    target = round(sum(len(p.split()) for p in paragraphs) * rng.uniform(*TRUNCATED_KEEP))
    kept: list[str] = []
    for paragraph in paragraphs:
        words = paragraph.split()
        if len(words) >= target:
            kept.append(" ".join(words[:target]) + " …")
            break
        kept.append(paragraph)
        target -= len(words)
    return kept


def edit(paragraphs: list[str], rng: random.Random, words: list[str]) -> list[str]:
    """A light edit: about one word in forty replaced, at least one."""
    edited = [p.split(" ") for p in paragraphs]
    positions = [(i, j) for i, p in enumerate(edited) for j in range(len(p))]
    chosen = [pos for pos in positions if rng.random() < EDIT_RATE] or [rng.choice(positions)]
    for i, j in chosen:
        edited[i][j] = rng.choice(words)
    return [" ".join(p) for p in edited]


def furniture_lines(rng: random.Random, count: int) -> list[str]:
    outlet = rng.choice(OUTLETS)
    domain = outlet.lower().replace(" ", "") + ".example"
    return [line.format(outlet=outlet, domain=domain) for line in rng.sample(FURNITURE_LINES, count)]


def furniture_html(rng: random.Random, paragraphs: list[Paragraph]) -> tuple[str, str]:
    """Blocks a syndicating site puts around an article: a share bar and notice first; newsletter,
    related links and copyright after."""
    lines = furniture_lines(rng, 4)
    related = "".join(
        f'<li><a href="/related/{rng.randrange(10**6)}">{html.escape(" ".join(p.text.split()[:8]))}</a></li>'
        for p in rng.sample(paragraphs, 4))
    before = f'<div class="share-bar">{html.escape(lines[0])}</div><p class="syndication">{html.escape(lines[1])}</p>'
    after = (f'<p class="newsletter">{html.escape(lines[2])}</p><p><strong>Related stories</strong></p>'
             f'<ul class="related">{related}</ul><p class="copyright">{html.escape(lines[3])}</p>')
    return before, after


@dataclass(frozen=True)
class SyntheticPage:
    slug: str
    template: str
    paragraphs: tuple[str, ...]
    title: str
    published: datetime
    furniture: tuple[str, str] = ("", "")
    original: str | None = None  # slug of the page this one copies
    kind: str | None = None

    @property
    def text(self) -> str:
        """What the page's main text is meant to be."""
        return "\n".join(self.paragraphs)

    def render(self, templates: dict[str, Template]) -> bytes:
        return templates[self.template].render(self.paragraphs, *self.furniture)


def synthesise_pages(templates: dict[str, Template], paragraphs: list[Paragraph], count: int,
                     start: datetime, days: float, copy_share: float = 0.1, seed: int = 2000) -> list[SyntheticPage]:
    """``count`` pages: distinct originals published over ``days`` from ``start``, and ``copy_share`` of
    them copies of some of those originals, the kinds in equal numbers."""
    rng = random.Random(seed)
    deck = ParagraphDeck(paragraphs, rng)
    copies = round(count * copy_share)
    keys = sorted(templates)
    originals = []
    for n in range(count - copies):
        if n % len(keys) == 0:
            rng.shuffle(keys)
        key = keys[n % len(keys)]
        texts = tuple(paragraphs[i].text for i in deck.deal(len(templates[key].slots), exclude_source=key))
        published = start + timedelta(days=days * n / (count - copies), minutes=rng.uniform(0, 30))
        originals.append(SyntheticPage(f"story-{n:05d}", key, texts, _title(texts), published))
    words = vocabulary(paragraphs)
    made = []
    for n, original in enumerate(rng.sample(originals, copies)):
        kind = COPY_KINDS[n % len(COPY_KINDS)]
        made.append(copy_page(original, kind, f"copy-{n:05d}-{kind}", rng, keys, words, paragraphs))
    return originals + made


def copy_page(original: SyntheticPage, kind: str, slug: str, rng: random.Random, template_keys: list[str],
              words: list[str], paragraphs: list[Paragraph]) -> SyntheticPage:
    copied = replace(original, slug=slug, original=original.slug, kind=kind,
                     published=original.published + timedelta(hours=rng.uniform(*COPY_DELAY_HOURS)))
    if kind == "exact":
        return copied
    if kind == "truncated":
        return replace(copied, paragraphs=tuple(truncate(list(original.paragraphs), rng)))
    if kind == "furniture":
        return replace(copied, furniture=furniture_html(rng, paragraphs))
    if kind == "edited":
        return replace(copied, paragraphs=tuple(edit(list(original.paragraphs), rng, words)))
    if kind == "retemplated":
        return replace(copied, template=rng.choice([k for k in template_keys if k != original.template]))
    raise ValueError(f"unknown copy kind {kind!r}")


def copy_text(paragraphs: list[str], kind: str, rng: random.Random, words: list[str]) -> list[str]:
    """A copy's paragraphs at the text level (no template: re-templating leaves the text as it is)."""
    if kind in ("exact", "retemplated"):
        return list(paragraphs)
    if kind == "truncated":
        return truncate(list(paragraphs), rng)
    if kind == "furniture":
        lines = furniture_lines(rng, 3)
        return [lines[0], *paragraphs, *lines[1:]]
    if kind == "edited":
        return edit(list(paragraphs), rng, words)
    raise ValueError(f"unknown copy kind {kind!r}")


def _title(paragraphs: tuple[str, ...]) -> str:
    return " ".join(paragraphs[0].split()[:9]).rstrip(",.;:")
