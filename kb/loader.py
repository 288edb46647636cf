"""Read `data/knowledge/*.yml` and choose the entries that answer a question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.places import load_places
from kb.schema import Entry, KnowledgeBaseError, parse_entry

_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Answer:
    """What the assistant says for one topic: the law first, then the local promise."""

    national: Entry | None
    local: Entry | None

    @property
    def main(self) -> Entry:
        """The entry whose metadata labels the answer."""
        return self.national or self.local  # type: ignore[return-value]


class KnowledgeBase:
    """All entries, indexed by id and topic, with selection by place and wording."""

    def __init__(self, entries: list[Entry]):
        self.entries = tuple(entries)
        self.by_id = {e.id: e for e in entries}

    def topic_entries(self, topic: str) -> list[Entry]:
        """Every entry on one topic."""
        return [e for e in self.entries if e.topic == topic]

    def promises_of(self, council: str) -> list[Entry]:
        """A council's (or the Wales Commissioner's) promises, one per topic: primary or first."""
        nation = load_places().with_promises.get(council, council)
        chosen: dict[str, Entry] = {}
        for entry in self.entries:
            if _is_local(entry, council, nation):
                if entry.topic not in chosen or (entry.primary and not chosen[entry.topic].primary):
                    chosen[entry.topic] = entry
        return list(chosen.values())

    def answer(self, *, topic: str, council: str | None = None, text: str = "",
               stage: str | None = None) -> Answer | None:
        """Choose the national entry and the local promise that best answer `text` on `topic`.

        Without a council, the national answer comes from UK-wide or English law and
        no local promise is chosen; the caller then offers to tailor it. An entry written for
        one stage of care (in care, left care) is chosen only for someone at that stage.
        """
        entries = [e for e in self.topic_entries(topic) if e.suits(stage)]
        if not entries:
            return None
        nation = load_places().with_promises.get(council or "", "england")
        words = set(_WORD.findall(text.lower()))
        local = [e for e in entries if council and _is_local(e, council, nation)]
        national = [
            e
            for e in entries
            if e.jurisdiction in (nation, load_places().uk_wide)
            and not (council and _is_local(e, council, nation))
        ]
        return Answer(national=_best(national, words, text), local=_best(local, words, text))


def _is_local(entry: Entry, council: str, nation: str) -> bool:
    # Wales is both a nation (its law) and a promise-maker (the Commissioner's promise).
    return entry.jurisdiction == council and (council != nation or entry.is_promise)


def _best(entries: list[Entry], words: set[str], text: str) -> Entry | None:
    if not entries:
        return None
    lowered = text.lower()

    def score(entry: Entry) -> tuple[int, int, int]:
        hits = sum(
            1 for k in entry.keywords if (k in lowered if " " in k else k in words)
        )
        # Prefer the entry that matches the wording; then one written for the asker's stage of
        # care (only such entries suit them: see answer()); then the topic's primary entry.
        return hits, int(bool(entry.stages)), int(entry.primary)

    return max(entries, key=score)


def load_knowledge_base(directory: str | Path) -> KnowledgeBase:
    """Load and validate every `*.yml` file in `directory`.

    Raises KnowledgeBaseError naming the file, the entry id and the problem.
    """
    directory = Path(directory)
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise KnowledgeBaseError(f"{directory}: no knowledge-base files (*.yml) found")
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise KnowledgeBaseError(f"{path.name}: not valid YAML: {exc}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
            raise KnowledgeBaseError(f"{path.name}: expected a mapping with a list under 'entries'")
        for raw in doc["entries"]:
            entry = parse_entry(raw, file=path.name)
            if entry.id in seen:
                raise KnowledgeBaseError(
                    f"{path.name}: entry {entry.id!r}: id already used in {seen[entry.id]}"
                )
            seen[entry.id] = path.name
            entries.append(entry)
    return KnowledgeBase(entries)
