"""Findings as spans of text, their priorities, and how overlapping findings are settled."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import IntEnum

#: Every tag the scrubber can emit (as "[TAG]").
TAGS: tuple[str, ...] = (
    "NAME", "PLACE", "ORG", "SCHOOL", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "URL",
    "HANDLE", "DATE", "DOB", "AGE", "NHS_NUMBER", "NI_NUMBER", "ID",
)

#: A tag already in the text ("[NAME]"): kept as it is, so scrubbing is idempotent.
EXISTING_TAG_RE = re.compile(r"\[(?:" + "|".join(TAGS) + r")\]")


class Rank(IntEnum):
    """Priority of a finding: a lower rank wins any overlap."""

    KEEP = 0
    EMAIL = 1
    URL = 2
    HANDLE = 3
    NI = 4
    POSTCODE = 5
    PHONE = 6
    NHS = 7
    DOB = 8
    ID = 9
    DATE = 10
    SCHOOL = 11
    ADDRESS = 12
    POSTCODE_PART = 13
    AGE = 14
    NAME_CONTEXT = 15
    PLACE = 16
    NAME_LIST = 17
    PLACE_CONTEXT = 18
    NER = 19


@dataclass(frozen=True, slots=True)
class Span:
    """A finding: `text[start:end]` is to be replaced by "[tag]"."""

    start: int
    end: int
    tag: str  # "" means: keep this text as it is (an existing tag, a council area)
    rank: int


def resolve(spans: list[Span], text: str) -> list[Span]:
    """Pick non-overlapping spans: higher priority first; a lower-priority span that
    overlaps is cut to what is left. Adjacent spans with the same tag are merged."""
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.rank, s.start, -(s.end - s.start))):
        for piece in _pieces(span, text, taken):
            chosen.append(piece)
            bisect.insort(taken, (piece.start, piece.end))
    chosen.sort(key=lambda s: s.start)
    return _merge(chosen, text)


def replace(text: str, spans: list[Span]) -> tuple[str, list[str]]:
    """`text` with each resolved span replaced by its tag; also the sorted tags used."""
    out: list[str] = []
    pos = 0
    found: set[str] = set()
    for span in spans:
        out.append(text[pos:span.start])
        if span.tag:
            out.append(f"[{span.tag}]")
            found.add(span.tag)
        else:
            out.append(text[span.start:span.end])
        pos = span.end
    out.append(text[pos:])
    return "".join(out), sorted(found)


def _pieces(span: Span, text: str, taken: list[tuple[int, int]]) -> list[Span]:
    """The parts of `span` not yet taken, trimmed of spaces and punctuation."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    out: list[Span] = []
    for piece_start, piece_end in _uncovered(start, end, taken):
        piece = text[piece_start:piece_end]
        stripped = piece.strip(" \t,.;:-'’")
        whole = piece_start == start and piece_end == end
        if span.tag and sum(ch.isalnum() for ch in stripped) < 2 and not whole:
            continue  # a scrap of a cut-down finding is not worth a tag
        ls = piece_start + (len(piece) - len(piece.lstrip(" \t,.;:-")))
        rs = piece_end - (len(piece) - len(piece.rstrip(" \t,;:-")))
        if ls < rs:
            out.append(Span(ls, rs, span.tag, span.rank))
    return out


def _merge(chosen: list[Span], text: str) -> list[Span]:
    merged: list[Span] = []
    for span in chosen:
        if merged and span.tag and merged[-1].tag == span.tag \
                and text[merged[-1].end:span.start].strip() == "":
            last = merged.pop()
            span = Span(last.start, span.end, span.tag, min(last.rank, span.rank))
        merged.append(span)
    return merged


def _uncovered(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cur = start
    for a, b in taken:
        if b <= cur:
            continue
        if a >= end:
            break
        if a > cur:
            pieces.append((cur, min(a, end)))
        cur = max(cur, b)
        if cur >= end:
            break
    if cur < end:
        pieces.append((cur, end))
    return pieces
