"""The Scrubber: runs every detector, settles overlaps, and replaces findings with tags."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

from bot.privacy.lexicon import Lexicon, get_lexicon, stop_words
from bot.privacy.names import find_names
from bot.privacy.ner import NER_CHUNK, Parsed, find_entities, load_pipeline, parse
from bot.privacy.places import find_places
from bot.privacy.schools import find_schools
from bot.privacy.shaped import (
    find_addresses,
    find_ages,
    find_contacts_and_numbers,
    find_postcode_parts,
)
from bot.privacy.spans import EXISTING_TAG_RE, Rank, Span, replace, resolve
from bot.text import as_text

__all__ = ["Scrubber", "get_scrubber", "scrub", "scrub_with_report"]


class Scrubber:
    """Replace personal details in free text with type tags ("[NAME]").

    `nlp` may be a ready spaCy pipeline (shared between scrubbers); otherwise the
    pipeline `MODEL_NAME` is loaded on first use. `use_ner=False` gives the rules
    alone (no spaCy model), which is faster but misses capitalised names and
    places that are not in the shipped lists. `lexicon` defaults to the word lists
    shipped in data/privacy/, read and checked when the first Scrubber is built.
    """

    def __init__(self, nlp: Any = None, *, use_ner: bool = True,
                 lexicon: Lexicon | None = None) -> None:
        self._nlp = nlp
        self._use_ner = use_ner
        self._lock = threading.Lock()
        self._lexicon = lexicon if lexicon is not None else get_lexicon()
        self._stop: frozenset[str] | None = None

    # ---------------------------------------------------------------- public API
    def scrub(self, text: str) -> str:
        """`text` with personal details replaced by tags."""
        return self.scrub_with_report(text)[0]

    def scrub_with_report(self, text: str) -> tuple[str, list[str]]:
        """The scrubbed text and the sorted tag types found (never the values)."""
        text = as_text(text)
        if not text.strip():
            return text, []
        doc = parse(self._pipeline(), text) if self._use_ner else None
        return self._apply(text, doc)

    def scrub_many(self, texts: Iterable[str]) -> list[str]:
        """Scrub many short texts (one per message) in one pass through spaCy."""
        items = [as_text(t) for t in texts]
        if not self._use_ner:
            return [self._apply(t, None)[0] for t in items]
        nlp = self._pipeline()
        out: list[str] = []
        short = [t if len(t) <= NER_CHUNK else "" for t in items]
        for text, doc in zip(items, nlp.pipe(short, batch_size=64)):
            if not text.strip():
                out.append(text)
            elif len(text) > NER_CHUNK:
                out.append(self.scrub(text))
            else:
                out.append(self._apply(text, Parsed.from_docs(text, [(0, doc)]))[0])
        return out

    # ---------------------------------------------------------------- loaded on first use
    def _pipeline(self) -> Any:
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = load_pipeline()
        return self._nlp

    def _stopwords(self) -> frozenset[str]:
        if self._stop is None:
            self._stop = stop_words(self._lexicon.words)
        return self._stop

    # ---------------------------------------------------------------- the work
    def _apply(self, text: str, doc: Parsed | None) -> tuple[str, list[str]]:
        return replace(text, resolve(list(self._detect(text, doc)), text))

    def _detect(self, text: str, doc: Parsed | None) -> Iterator[Span]:
        """Every finding, in priority order (the order breaks ties between equal spans)."""
        stop = self._stopwords()
        lex = self._lexicon
        for m in EXISTING_TAG_RE.finditer(text):
            yield Span(m.start(), m.end(), "", Rank.KEEP)
        yield from find_contacts_and_numbers(text, stop, lex)
        yield from find_schools(text, stop, lex)
        yield from find_addresses(text, stop, lex)
        yield from find_postcode_parts(text, lex)
        yield from find_ages(text, lex)
        yield from find_names(text, stop, doc, lex)
        yield from find_places(text, stop, lex)
        if doc is not None:
            yield from find_entities(text, doc, stop, lex)


# --------------------------------------------------------------------------- shared instance
_shared: Scrubber | None = None
_shared_lock = threading.Lock()


def get_scrubber() -> Scrubber:
    """A process-wide Scrubber (its spaCy pipeline is loaded on first use)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Scrubber()
    return _shared


def scrub(text: str) -> str:
    """Scrub `text` with the shared Scrubber."""
    return get_scrubber().scrub(text)


def scrub_with_report(text: str) -> tuple[str, list[str]]:
    """Scrub `text` with the shared Scrubber; also the tag types found."""
    return get_scrubber().scrub_with_report(text)
