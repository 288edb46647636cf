"""Editorial checks on the knowledge base: stale entries and unsourced numbers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kb.loader import load_knowledge_base
from kb.places import load_places
from kb.schema import TOPICS, Entry
from kb.sources import SOURCES_DIR

# Phone numbers, money, and durations such as "10 working days" or "one month".
NUMBER_PATTERNS = (
    re.compile(r"\b0\d{2,4}[ \d]{5,10}\d\b"),  # UK phone numbers, spaced as written
    re.compile(r"\b(?:999|116 123|85258|84001)\b"),
    re.compile(r"£\s?\d[\d,]*"),
    re.compile(r"\b\d+\s+(?:working\s+)?(?:days?|weeks?|months?|years?)\b", re.IGNORECASE),
)


def default_sources_dir() -> Path:
    """The repository's own copy of the source documents: `data/sources/` (seeds and facts.md)."""
    return SOURCES_DIR


def source_text(sources_dir: Path) -> str:
    """All source documents, whitespace-normalised, for look-ups."""
    parts = [(sources_dir / "facts.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((sources_dir / "seeds").glob("*.txt"))]
    return " ".join(" ".join(parts).split())


def entry_text(entry: Entry) -> str:
    contacts = " ".join(f"{c.phone} {c.text} {c.hours}" for c in entry.contacts)
    welsh = [entry.cy.answer, *entry.cy.next_steps] if entry.cy else []
    return " ".join([entry.answer, *entry.next_steps, *welsh, contacts])


def unsourced_numbers(entry: Entry, sources: str) -> list[str]:
    """Numbers, amounts and deadlines in an entry that no source document contains."""
    found = []
    text = entry_text(entry)
    for pattern in NUMBER_PATTERNS:
        for match in pattern.finditer(text):
            value = " ".join(match.group(0).split())
            if value not in sources:
                found.append(value)
    return found


def check_knowledge_base(directory: str | Path, *, max_age_days: int = 365,
                         sources_dir: Path | None = None,
                         today: dt.date | None = None) -> list[str]:
    """Problems, one line each: entries past review age, numbers absent from the sources."""
    kb = load_knowledge_base(directory)
    sources = source_text(sources_dir or default_sources_dir())
    today = today or dt.date.today()
    problems = []
    for entry in kb.entries:
        age = (today - entry.last_reviewed).days
        if age > max_age_days:
            problems.append(f"{entry.file}: {entry.id}: last reviewed {age} days ago")
        for value in unsourced_numbers(entry, sources):
            problems.append(f"{entry.file}: {entry.id}: {value!r} does not appear in the sources")
    return problems


def coverage_table(directory: str | Path) -> str:
    """A Markdown table: entries per topic (rows) and jurisdiction (columns)."""
    kb = load_knowledge_base(directory)
    columns = list(load_places().jurisdictions)
    lines = ["| topic | " + " | ".join(columns) + " | total |",
             "|---" * (len(columns) + 2) + "|"]
    for topic in TOPICS:
        counts = [sum(1 for e in kb.entries if e.topic == topic and e.jurisdiction == j)
                  for j in columns]
        lines.append(f"| {topic} | " + " | ".join(str(c) if c else "–" for c in counts)
                     + f" | {sum(counts)} |")
    totals = [sum(1 for e in kb.entries if e.jurisdiction == j) for j in columns]
    lines.append("| **total** | " + " | ".join(str(t) for t in totals) + f" | {len(kb.entries)} |")
    return "\n".join(lines) + "\n"
