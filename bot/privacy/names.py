"""Context rules for people's names: "my sw is called X", "hi im X", known first names.

Young people write in lower case and the statistical model misses lower-case names, so
names are found by context and by the shipped first-name list; a surname is only taken
straight after a first name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from bot.privacy.patterns import APOS, RELATIONS
from bot.privacy.spans import Rank, Span
from bot.privacy.tokens import NAME_WORD_RE, next_word, word_before

if TYPE_CHECKING:
    from bot.privacy.lexicon import Lexicon
    from bot.privacy.ner import Parsed

_I = re.IGNORECASE
_QUOTE_RE = re.compile(r"[ \t]*[\"'“‘]?")


class NameContext(NamedTuple):
    """Words after which a name starts (at group "n")."""

    pattern: re.Pattern[str]
    strong: bool  # any plausible word is a name, not only a known or capitalised one
    allow_ambiguous: bool  # names that are also words ("will", "rose") count
    relation: bool  # "my sw ...": a proper noun by the model counts as a name


def _context(pattern: str, strong: bool, allow_ambiguous: bool) -> NameContext:
    return NameContext(re.compile(pattern, _I), strong, allow_ambiguous, RELATIONS in pattern)


NAME_CONTEXTS: tuple[NameContext, ...] = (
    _context(
        rf"\b(?:my|his|her|their|your|me)\s+(?:full\s+|real\s+|first\s+|last\s+|middle\s+|sur|"
        rf"nick|birth\s+|new\s+|old\s+|actual\s+)?names?\s*(?:{APOS}s\s+|\s+is\s+|\s+was\s+|"
        rf"\s*[:=\-]\s*|s\s+(?=\S))(?:actually\s+|really\s+)?(?P<n>)", True, True),
    _context(r"\bmy\s+(?:first\s+|full\s+|real\s+)?name\s+(?P<n>)", False, True),
    _context(
        rf"\b(?:my|his|her|their|our)\s+{RELATIONS}s?{APOS}?s?\s+(?:full\s+|real\s+|first\s+|"
        rf"sur)?names?\s*(?:{APOS}s\s+|\s+is\s+|\s+was\s+|\s+are\s+|\s*[:=\-]\s*)(?P<n>)",
        True, True),
    _context(
        rf"\b(?:is|was|are|were|am|be|been|being|{APOS}s|{APOS}re|{APOS}m|im)\s+"
        rf"(?:called|named|known\s+as)\s+(?P<n>)", True, True),
    _context(
        r"\b(?:a|an|one|some|this|that|the|another|new|old|my)\s+(?:girl|boy|guy|lad|man|woman|"
        r"lady|kid|person|worker|teacher|carer|friend|mate|bloke|dude|chick|someone|"
        r"social\s+worker|sw)\s+(?:called|named|known\s+as)\s+(?P<n>)", True, True),
    _context(r"\b(?:(?:someone|somebody|anyone|anybody)\s+(?:called|named)|named|known\s+as|"
             r"goes\s+by|aka|a\.k\.a\.?)\s+(?P<n>)", True, True),
    _context(rf"\b(?:my|his|her|their|our)\s+{RELATIONS}s?\s*(?:is|was|=|:|-)\s+(?P<n>)",
             False, True),
    _context(rf"\b(?:my|his|her|their|our)\s+(?:little\s+|big\s+|older\s+|younger\s+|baby\s+|"
             rf"twin\s+|old\s+|new\s+|ex\s+)?{RELATIONS}s?\s*,?\s*(?P<n>)", False, False),
    _context(rf"\b(?:my|his|her|their|our)\s+{RELATIONS}s\s+(?:are|r|were)\s+(?P<n>)",
             False, True),
    _context(
        rf"(?:^|[.!?\n]\s*)(?:(?:hi|hey|hiya|hello|heya|hii+|yo|hey\s+there|hi\s+there)[\s,!.]*)?"
        rf"(?:i{APOS}?m|im|i\s+am|this\s+is|it{APOS}?s|its|me\s+is|name\s*[:=\-]?)\s+(?P<n>)",
        False, False),
    _context(r"\b(?:call|calls|called)\s+me\s+(?P<n>)", True, True),
    _context(r"\b(?:mr|mrs|miss|ms|mx|dr|sir|prof|mister|missus)\.?\s+(?P<n>)", True, True),
    _context(r"\b(?:dad\s+is|mum\s+is|with|and|from|love|luv|thanks|ta|cheers)\s+(?P<n>)",
             False, False),
)


def find_names(text: str, stop: frozenset[str], doc: Parsed | None,
               lex: Lexicon) -> Iterator[Span]:
    """Names after a name context, then known first names anywhere (with a surname)."""
    for context in NAME_CONTEXTS:
        for m in context.pattern.finditer(text):
            got = read_name(text, m.end("n"), stop, lex, strong=context.strong,
                            allow_ambiguous=context.allow_ambiguous, doc=doc,
                            propn_ok=context.relation)
            if got:
                yield Span(got[0], got[1], "NAME", Rank.NAME_CONTEXT)
    for m in lex.first_names_re.finditer(text):
        if word_before(text, m.start()) in ("st", "saint"):
            continue  # "st david's day", "st john ambulance"
        end = m.end()
        nxt = next_word(text, end)
        if nxt and is_surname(nxt[2], stop, doc, nxt[0], lex):
            end = nxt[1]
        yield Span(m.start(), end, "NAME", Rank.NAME_LIST)


def is_surname(word: str, stop: frozenset[str], doc: Parsed | None, start: int,
               lex: Lexicon) -> bool:
    """Can `word` (right after a first name) be that person's surname?"""
    words = lex.words
    low = word.lower()
    if low in stop or low in words.topic_words or low in words.not_names \
            or low in lex.keep_area_words:
        return False
    if low in words.surnames:
        return True
    if word[:1].isupper() and not word.isupper() and len(word) > 1:
        return True
    return bool(doc is not None and doc.pos.get(start) == "PROPN" and low in words.first_names)


def read_name(text: str, pos: int, stop: frozenset[str], lex: Lexicon, *, strong: bool,
              allow_ambiguous: bool, doc: Parsed | None,
              propn_ok: bool = False) -> tuple[int, int] | None:
    """The name (first word, and a surname if there is one) starting at `pos`."""
    m = _QUOTE_RE.match(text, pos)
    start = m.end() if m else pos
    first = NAME_WORD_RE.match(text, start)
    if not first or not _could_be_first_name(first.group(), start, stop, lex, strong=strong,
                                             allow_ambiguous=allow_ambiguous, doc=doc,
                                             propn_ok=propn_ok):
        return None
    end = first.end()
    nxt = next_word(text, end)
    if nxt and (is_surname(nxt[2], stop, doc, nxt[0], lex)
                or (strong and _could_follow_strongly(nxt[2].lower(), stop, lex))):
        end = nxt[1]
    return first.start(), end


def _could_be_first_name(word: str, start: int, stop: frozenset[str], lex: Lexicon, *,
                         strong: bool, allow_ambiguous: bool, doc: Parsed | None,
                         propn_ok: bool) -> bool:
    words = lex.words
    low = word.lower()
    if low in words.not_names or low in words.topic_words or low in lex.keep_area_words \
            or len(low) < 2:
        return False
    if low in words.first_names or (allow_ambiguous and low in words.ambiguous_first_names):
        return True
    if low in stop:
        return False
    capitalised = word[:1].isupper() and not word.isupper() and start > 0
    propn = propn_ok and doc is not None and doc.pos.get(start) == "PROPN" \
        and low not in words.not_place_words and not lex.places_re.fullmatch(low) \
        and not lex.keep_areas_re.fullmatch(low) and len(low) > 2
    if not strong and not capitalised and not propn:
        return False
    return not (strong and low.endswith("ing") and not capitalised)


def _could_follow_strongly(low: str, stop: frozenset[str], lex: Lexicon) -> bool:
    """After a strong context ("my name is X"), could `low` be the surname?"""
    words = lex.words
    return (low not in stop and low not in words.not_names and low not in words.topic_words
            and low not in lex.keep_area_words and not low.endswith(("ing", "ed", "ly"))
            and not lex.places_re.fullmatch(low) and low not in words.ambiguous_places
            and len(low) > 1)
