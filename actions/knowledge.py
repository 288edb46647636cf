"""Access to the knowledge base from actions, re-read whenever its files change.

Editing data/knowledge/*.yml changes answers without retraining or restarting.
"""

from __future__ import annotations

import os
from pathlib import Path

from kb import KnowledgeBase, load_knowledge_base, load_places

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "knowledge"


class KnowledgeBaseCache:
    """Loads the knowledge base lazily and again when any file in it changes."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._stamp: tuple | None = None
        self._kb: KnowledgeBase | None = None

    def get(self) -> KnowledgeBase:
        """The current knowledge base."""
        stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in self.directory.glob("*.yml")))
        if self._kb is None or stamp != self._stamp:
            self._kb = load_knowledge_base(self.directory)
            self._stamp = stamp
        return self._kb


_cache: KnowledgeBaseCache | None = None


def knowledge_base() -> KnowledgeBase:
    """The shared, auto-reloading knowledge base (directory from KNOWLEDGE_DIR)."""
    global _cache
    if _cache is None:
        _cache = KnowledgeBaseCache(os.environ.get("KNOWLEDGE_DIR") or DEFAULT_DIR)
    return _cache.get()


def known_place(value: object) -> str | None:
    """A place we know (data/places.yml: "cambridgeshire", "wales", ...), else None."""
    return load_places().known(value)


def place_name(place: str, language: str = "en") -> str:
    """What a young person reads for a place id ("cambridgeshire" -> "Cambridgeshire"; in
    Welsh "Swydd Gaergrawnt")."""
    places = load_places()
    return (places.welsh_names if language == "cy" else places.names)[place]


def care_stage(age: object) -> str | None:
    """"in_care" under 16, "left_care" from 18 (care ends at 18), else None: we don't know.

    Why these ages: a care leaver is someone in care on their 16th birthday, and care itself
    ends at 18 (data/sources/facts.md, Leaving care); at 16 and 17 it could be either.
    """
    try:
        years = int(str(age).strip())
    except (TypeError, ValueError):
        return None
    return "in_care" if years < 16 else "left_care" if years >= 18 else None


def age_band(value: object) -> str | None:
    """Coarse age band for analytics; never the exact age."""
    try:
        age = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    for low, high in ((10, 15), (16, 17), (18, 21), (22, 25)):
        if low <= age <= high:
            return f"{low}-{high}"
    return None
