"""The shape of a knowledge-base entry, and its validation.

Entries are written by people in YAML; every rule here exists so that a mistake
fails loudly with the file, the entry id and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from kb.places import load_places
from payload import CustomPayload

# Topic ids are a contract with the NLU data, the tests and the evaluation.
TOPICS = (
    "health",
    "records",
    "advocacy",
    "complaints",
    "social_worker",
    "family_contact",
    "placement",
    "care_plan",
    "education",
    "leaving_care",
    "life_story",
    "rights",
    "have_a_say",
    "corporate_parent",
)


SEED_FILES = (
    "000_bd1dbc2786a4842b.txt",
    "001_e17dc4567f978096.txt",
    "002_540943937820bf4c.txt",
    "003_c9730a981942729b.txt",
    "004_f17ee0c8ffa63aa6.txt",
    "facts.md",
)

# Where a young person is in care, for entries whose law differs by it ("stages:" in an entry;
# no stages: the entry is for everyone).
STAGES = ("in_care", "left_care")

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{2,80}$")


class KnowledgeBaseError(ValueError):
    """A knowledge-base file or entry that does not follow the schema."""


@dataclass(frozen=True)
class Source:
    """Where an entry's promise or rule comes from."""

    title: str
    file: str
    section: str = ""

    def label(self) -> str:
        """Human-readable citation, e.g. "Cambridgeshire's Pledge — Health"."""
        return f"{self.title} — {self.section}" if self.section else self.title


@dataclass(frozen=True)
class Contact:
    """Someone a young person can get in touch with."""

    name: str
    phone: str = ""
    text: str = ""
    url: str = ""
    hours: str = ""


@dataclass(frozen=True)
class Entry:
    """One curated answer: a promise or rule, its source and what to do next."""

    id: str
    topic: str
    jurisdiction: str
    title: str
    answer: str
    source: Source
    last_reviewed: dt.date
    quote: str = ""
    keywords: tuple[str, ...] = ()
    primary: bool = False
    next_steps: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    uncrc: tuple[int, ...] = ()
    stages: tuple[str, ...] = ()
    cy: Welsh | None = None
    file: str = field(default="", compare=False)

    def in_language(self, language: str | None) -> Entry:
        """This entry with its words in `language` ("cy": Welsh where it has Welsh text)."""
        if language != "cy" or self.cy is None:
            return self
        return replace(self, title=self.cy.title, answer=self.cy.answer,
                       next_steps=self.cy.next_steps or self.next_steps)

    def suits(self, stage: str | None) -> bool:
        """Whether this entry is for someone at `stage` (None: we don't know their stage)."""
        return not self.stages if stage is None else not self.stages or stage in self.stages

    @property
    def is_promise(self) -> bool:
        """True when quoted from a seed document (a pledge, promise or policy), not facts.md."""
        return self.source.file != "facts.md"

    def metadata(self) -> CustomPayload:
        """The machine-readable `custom` payload that travels with the answer."""
        return CustomPayload(topic=self.topic, kb_entry=self.id, jurisdiction=self.jurisdiction,
                             sources=(self.source.label(),), source_files=(self.source.file,),
                             last_reviewed=self.last_reviewed.isoformat())


_REQUIRED = ("id", "topic", "jurisdiction", "title", "answer", "source", "last_reviewed")
_KNOWN = set(_REQUIRED) | {
    "quote",
    "keywords",
    "primary",
    "next_steps",
    "contacts",
    "uncrc",
    "stages",
    "cy",
}
_WELSH_KNOWN = {"title", "answer", "next_steps"}


@dataclass(frozen=True)
class Welsh:
    """An entry's Welsh text (our translation; the quote stays in the source's English)."""

    title: str
    answer: str
    next_steps: tuple[str, ...] = ()


def _str_list(value, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{what} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_entry(raw: object, *, file: str) -> Entry:
    """Validate one raw YAML mapping and build an Entry.

    Raises KnowledgeBaseError naming the file, the entry id and the problem.
    """
    entry_id = raw.get("id", "?") if isinstance(raw, dict) else "?"

    def fail(problem: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{file}: entry {entry_id!r}: {problem}")

    if not isinstance(raw, dict):
        raise fail("an entry must be a mapping of fields")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise fail(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise fail(f"unknown field(s): {', '.join(unknown)}")
    if not isinstance(raw["id"], str) or not _ID.match(raw["id"]):
        raise fail("id must be 3-81 characters of a-z, 0-9, '-' or '_'")
    if raw["topic"] not in TOPICS:
        raise fail(f"topic {raw['topic']!r} is not one of {', '.join(TOPICS)}")
    jurisdictions = load_places().jurisdictions
    if raw["jurisdiction"] not in jurisdictions:
        raise fail(f"jurisdiction {raw['jurisdiction']!r} is not one of {', '.join(jurisdictions)}")
    for key in ("title", "answer"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise fail(f"{key} must be non-empty text")
    quote = raw.get("quote") or ""
    if not isinstance(quote, str):
        raise fail("quote must be text")

    source = raw["source"]
    if not isinstance(source, dict) or not source.get("title") or not source.get("file"):
        raise fail("source needs at least a title and a file")
    if source["file"] not in SEED_FILES:
        raise fail(f"source file {source['file']!r} is not a seed file or facts.md")
    extra = set(source) - {"title", "file", "section"}
    if extra:
        raise fail(f"unknown source field(s): {', '.join(sorted(extra))}")

    reviewed = raw["last_reviewed"]
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            raise fail("last_reviewed must be a date like 2026-11-23") from None
    if not isinstance(reviewed, dt.date):
        raise fail("last_reviewed must be a date like 2026-11-23")

    contacts = []
    for c in raw.get("contacts") or []:
        if not isinstance(c, dict) or not c.get("name"):
            raise fail("each contact needs a name")
        extra = set(c) - {"name", "phone", "text", "url", "hours"}
        if extra:
            raise fail(f"unknown contact field(s): {', '.join(sorted(extra))}")
        contacts.append(Contact(**{k: str(v) for k, v in c.items()}))

    uncrc = raw.get("uncrc") or []
    if not isinstance(uncrc, list) or not all(isinstance(a, int) and 1 <= a <= 54 for a in uncrc):
        raise fail("uncrc must be a list of UNCRC article numbers (1-54)")
    if not isinstance(raw.get("primary", False), bool):
        raise fail("primary must be true or false")

    stages = raw.get("stages") or []
    if not isinstance(stages, list) or not set(stages) <= set(STAGES):
        raise fail(f"stages must be a list of {', '.join(STAGES)}")

    try:
        keywords = _str_list(raw.get("keywords"), "keywords")
        next_steps = _str_list(raw.get("next_steps"), "next_steps")
        welsh = _parse_welsh(raw.get("cy"), next_steps)
    except ValueError as exc:
        raise fail(str(exc)) from None

    return Entry(
        id=raw["id"],
        topic=raw["topic"],
        jurisdiction=raw["jurisdiction"],
        title=raw["title"].strip(),
        answer=" ".join(raw["answer"].split()),
        source=Source(
            title=str(source["title"]), file=source["file"], section=str(source.get("section", ""))
        ),
        last_reviewed=reviewed,
        quote=" ".join(quote.split()),
        keywords=tuple(k.lower() for k in keywords),
        primary=bool(raw.get("primary", False)),
        next_steps=next_steps,
        contacts=tuple(contacts),
        uncrc=tuple(uncrc),
        stages=tuple(stages),
        cy=welsh,
        file=file,
    )


def _parse_welsh(raw: object, next_steps: tuple[str, ...]) -> Welsh | None:
    """The `cy:` block: title and answer, and as many next steps as the English has."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not {"title", "answer"} <= set(raw) \
            or set(raw) - _WELSH_KNOWN:
        raise ValueError("cy must have title and answer (and next_steps), nothing else")
    steps = _str_list(raw.get("next_steps"), "cy next_steps")
    if steps and len(steps) != len(next_steps):
        raise ValueError("cy next_steps must match the English next_steps one for one")
    return Welsh(title=str(raw["title"]).strip(), answer=" ".join(str(raw["answer"]).split()),
                 next_steps=steps)
