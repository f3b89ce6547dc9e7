"""A key shared by the same claim sentence as different outlets print it."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Outlets edit wire copy in small ways: house style ("U.S."/"US", "12,000"/"12000", curly or straight
# quotes), the cue's tense ("said"/"says"), when it was said ("on Tuesday", "last week"), and the odd
# adverb or article. A key that ignores exactly these keeps every content word in order, so two sentences
# that say different things (other names, other figures, other verbs) never share it.
_IGNORED = frozenset(
    """a an the and or but of to in on at by for from with as into onto about over than that this these those
    which who whom whose it its it's is are was were be been being has have had do does did will would shall
    should can could may might must also still now then just already recently previously earlier later again
    too very even only so there here said says say saying told tells tell added adds add according stated
    states noted notes wrote writes reported reports claimed claims announced announces confirmed confirms
    explained explains warned warns insisted insists he she they we i you him her them his their our your my
    mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow
    week month year last next this morning afternoon evening night statement reporters journalists""".split()
)
_NUMBER = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}(?!\d))")
_ABBREVIATION_DOTS = re.compile(r"\b(?:[a-z]\.){2,}")
_WORD = re.compile(r"\w+")
# Fewer content words than this and unrelated sentences collide ("He denied it." / "She denied it.").
MIN_CONTENT_WORDS = 5


def sentence_key(text: str) -> str | None:
    """16 hex digits shared by sentences that differ only in house style, cue tense, timing and filler
    words; None for a sentence with too few content words to tell it apart from others."""
    normalised = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    normalised = _NUMBER.sub("", normalised)
    normalised = _ABBREVIATION_DOTS.sub(lambda m: m.group().replace(".", ""), normalised)
    normalised = normalised.replace("'s ", " ")
    words = [word for word in _WORD.findall(normalised) if word not in _IGNORED]
    if len(words) < MIN_CONTENT_WORDS:
        return None
    return hashlib.blake2b(" ".join(words).encode(), digest_size=8).hexdigest()
