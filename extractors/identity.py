"""One identity per claimant across articles: a stable id and a canonical name from what an article resolved."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Titles that come and go with the same person ("President Trump", "Mr. Trump", "Sen. Warren"); they are
# not part of the name, so they never split or merge identities.
_TITLES = frozenset("""
mr mrs ms miss mx dr prof sir dame lord lady rev fr sr jr president vice prime minister chancellor senator sen
rep representative congressman congresswoman gov governor mayor gen general lt col colonel maj major capt
captain adm admiral sgt secretary judge justice ambassador king queen prince princess pope sheikh
""".split())
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_INITIAL = re.compile(r"^[^\W\d_]$")
# A name must keep at least this many words to be merged across articles: a surname alone ("Smith") may be
# anyone, so it stays an identity of its own and never joins "John Smith" or "Ann Smith".
MIN_MERGE_WORDS = 2


_MEDIA = re.compile(r"\b(?:Times|Post|News|Journal|Herald|Telegraph|Guardian|Reuters|AP|AFP|BBC|CNN|NHK|Agency|"
                    r"Press|Television|TV|Radio|Gazette|Tribune|Yonhap|Xinhua|TASS|Interfax)\b")
_GOVERNMENT = re.compile(r"\b(?:Ministry|Government|Department|White House|Kremlin|Pentagon|Army|Military|Forces|"
                         r"Intelligence|Police|Council|Parliament|Congress|Senate|Commission|Office|Embassy|"
                         r"HUR|NIS|GUR|SBU|FSB|KCNA|NATO|UN)\b")
_ORGANISATION = re.compile(r"\b(?:Inc|Corp|Corporation|Company|Co|Ltd|LLC|Group|Union|Party|Institute|University|"
                           r"Association|Foundation|Bank|Fund|Committee|Organisation|Organization|Center|Centre)\b")


@dataclass(frozen=True)
class Identity:
    claimant_id: str  # 16 hex characters, the same in every article and every process
    canonical_name: str
    kind: str


def identity(claimant: str | None, claimant_name: str | None, kind: str | None) -> Identity | None:
    """The identity a claim's claimant belongs to, or None for the outlet's own voice and for pronouns.

    People are keyed by their name without titles or middle initials ("Donald J. Trump", "President Donald
    Trump" and "Mr. Donald Trump" are one); everyone else by their name as written, case and punctuation
    aside. A name of one word is keyed with its kind only, never with a fuller name.
    """
    if claimant is None or kind == "pronoun":
        return None
    name = " ".join((claimant_name or claimant).split())
    kind = kind or "person"
    if kind == "person":
        words = [w for w in _WORD.findall(name) if _fold(w) not in _TITLES]
        core = [w for w in words if not _INITIAL.match(w)] or words
        if len(core) >= MIN_MERGE_WORDS:
            core = [core[0], core[-1]]
        key_words = core
        canonical = " ".join(words) or name
    else:
        key_words = _WORD.findall(name)
        canonical = name
    if not key_words:
        return None
    key = f"{kind}|{' '.join(_fold(w) for w in key_words)}"
    return Identity(hashlib.blake2b(key.encode(), digest_size=8).hexdigest(), canonical, kind)


def guess_kind(name: str) -> str:
    """What a bare claimant name most likely is, for claims stored before kinds were recorded."""
    if _MEDIA.search(name):
        return "media"
    if _GOVERNMENT.search(name):
        return "government"
    if _ORGANISATION.search(name):
        return "organisation"
    words = [w for w in _WORD.findall(name) if _fold(w) not in _TITLES]
    return "person" if len(words) >= 2 and all(w[:1].isupper() for w in words) else "organisation"


def _fold(word: str) -> str:
    stripped = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in stripped if not unicodedata.combining(c)).removesuffix("'s")
