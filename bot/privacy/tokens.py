"""Word-level helpers over raw text: the words before or after a position, alternations."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: One word: letters, with inner apostrophes or hyphens ("o'brien", "holly-mae").
NAME_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
SPACE_GAP_RE = re.compile(r"[ \t]*")
_BLANKS_RE = re.compile(r"[ \t]+")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)?)[\s,]*$")
_LAST_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-.][^\W\d_]*)*$")


def alt(items: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces flexible."""
    parts = sorted(set(items), key=lambda s: (-len(s), s))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]?") for p in parts)


def sentence_start(text: str, pos: int) -> bool:
    """Is `pos` the first word of the text or of a sentence?"""
    before = text[max(0, pos - 3):pos].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:>"


def word_before(text: str, pos: int) -> str:
    """The word right before `pos` (across spaces and commas), lower-cased, or ""."""
    m = _WORD_BEFORE_RE.search(text[max(0, pos - 40):pos])
    return m.group(1).lower() if m else ""


def words_before(text: str, pos: int, limit: int) -> list[tuple[int, int, str]]:
    """Up to `limit` words right before `pos`, nearest first, stopping at punctuation
    other than an apostrophe or a full stop after "st"."""
    out: list[tuple[int, int, str]] = []
    i = pos
    while len(out) < limit:
        j = i
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if (j == i and out) or j == 0:
            break
        m = _LAST_WORD_RE.search(text[max(0, j - 40):j])
        if not m:
            break
        start = j - len(m.group())
        word = m.group().rstrip(".")
        if m.group().endswith(".") and word.lower() != "st":
            break
        out.append((start, start + len(word), word))
        i = start
    return out


def words_after(text: str, pos: int, limit: int) -> list[tuple[int, int, str]]:
    """Up to `limit` words from `pos` on, separated by spaces or tabs only."""
    out: list[tuple[int, int, str]] = []
    i = pos
    while len(out) < limit:
        gap = SPACE_GAP_RE.match(text, i)
        j = gap.end() if gap else i
        if out and j == i:
            break
        m = NAME_WORD_RE.match(text, j)
        if not m:
            break
        out.append((m.start(), m.end(), m.group()))
        i = m.end()
    return out


def next_word(text: str, pos: int) -> tuple[int, int, str] | None:
    """The word after the spaces at `pos`, or None if no space or no word follows."""
    m = _BLANKS_RE.match(text, pos)
    if not m:
        return None
    w = NAME_WORD_RE.match(text, m.end())
    return (w.start(), w.end(), w.group()) if w else None
