"""One reply's `custom` payload, written once: the actions build it, the gateway reads it.

On the wire it is a JSON object in Rasa's reply shape (`{"text", "custom": {...}}`); the web
chat and Telegram read `sources` and `urgent_help`; the gateway reads everything else.
Reading is forgiving (a field of the wrong type is dropped, unknown keys are ignored) because
a reply must never fail to reach a young person over a malformed annotation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: What happened to a question, for the trends (an answer carries a topic instead).
OUTCOMES = ("clarified", "fallback")
#: `custom.letter.kind`: the letters the action server drafts (data/letters/letters.yml).
LETTER_KINDS = ("complaint", "subject_access")
#: `handoff` value of the consent question (the answer carries a HandoffRequest).
CONSENT_ASKED = "consent_asked"


@dataclass(frozen=True)
class Safeguarding:
    """Risk spotted: which kind, how urgent. Never the message text."""

    category: str
    level: str = "high"

    def to_dict(self) -> dict[str, str]:
        return {"category": self.category, "level": self.level}


@dataclass(frozen=True)
class HandoffRequest:
    """The young person's consent answer: may the advocate read the chat so far?"""

    share_history: bool


@dataclass(frozen=True)
class CustomPayload:
    """Every field the actions and the gateway exchange; empty fields are left off the wire."""

    topic: str | None = None
    kb_entry: str | None = None
    jurisdiction: str | None = None
    sources: tuple[str, ...] = ()
    # The document behind each source (a `source.file` name; the web chat links /sources/<name>).
    source_files: tuple[str, ...] = ()
    last_reviewed: str | None = None
    council: str | None = None
    age_band: str | None = None
    outcome: str | None = None
    suggestions: tuple[str, ...] = ()
    safeguarding: Safeguarding | None = None
    safeguarding_check: bool = False
    # The gateway's holding message ("your message is saved"): the question is answered later.
    holding: bool = False
    handoff: HandoffRequest | str | None = None
    urgent_help: tuple[dict[str, Any], ...] = field(default=())
    # A drafted letter: kind, stage, jurisdiction, council, text, reply_by (data/letters/).
    letter: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, raw: Any) -> CustomPayload:
        """Read a payload; anything malformed is dropped rather than raised."""
        if not isinstance(raw, dict):
            return cls()
        return cls(
            topic=_text(raw.get("topic")),
            kb_entry=_text(raw.get("kb_entry")),
            jurisdiction=_text(raw.get("jurisdiction")),
            sources=_texts(raw.get("sources")),
            source_files=_texts(raw.get("source_files")),
            last_reviewed=_text(raw.get("last_reviewed")),
            council=_text(raw.get("council")),
            age_band=_text(raw.get("age_band")),
            outcome=raw.get("outcome") if raw.get("outcome") in OUTCOMES else None,
            suggestions=_texts(raw.get("suggestions")),
            safeguarding=_safeguarding(raw.get("safeguarding")),
            safeguarding_check=raw.get("safeguarding_check") is True,
            holding=raw.get("holding") is True,
            handoff=_handoff(raw.get("handoff")),
            urgent_help=tuple(c for c in raw.get("urgent_help") or () if isinstance(c, dict))
            if isinstance(raw.get("urgent_help"), list) else (),
            letter=_letter(raw.get("letter")),
        )

    @classmethod
    def of_reply(cls, reply: dict) -> CustomPayload:
        """The payload of one reply in Rasa's shape (or an empty one)."""
        return cls.from_dict(reply.get("custom"))

    def to_dict(self) -> dict[str, Any]:
        """The wire form, without empty fields."""
        out: dict[str, Any] = {}
        for name in ("topic", "kb_entry", "jurisdiction", "last_reviewed", "council", "age_band",
                     "outcome"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        for name in ("sources", "source_files", "suggestions", "urgent_help"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.safeguarding:
            out["safeguarding"] = self.safeguarding.to_dict()
        if self.safeguarding_check:
            out["safeguarding_check"] = True
        if self.holding:
            out["holding"] = True
        if isinstance(self.handoff, HandoffRequest):
            out["handoff"] = {"share_history": self.handoff.share_history}
        elif self.handoff:
            out["handoff"] = self.handoff
        if self.letter:
            out["letter"] = dict(self.letter)
        return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def _safeguarding(value: Any) -> Safeguarding | None:
    if not isinstance(value, dict) or not _text(value.get("category")):
        return None
    return Safeguarding(category=value["category"], level=_text(value.get("level")) or "high")


def _handoff(value: Any) -> HandoffRequest | str | None:
    if isinstance(value, dict) and isinstance(value.get("share_history"), bool):
        return HandoffRequest(share_history=value["share_history"])
    return value if value == CONSENT_ASKED else None


def _letter(value: Any) -> dict[str, Any] | None:
    # A letter without its text or kind is no letter.
    if not isinstance(value, dict) or not _text(value.get("text")) or not _text(value.get("kind")):
        return None
    return value


def button_payload(template: str) -> str:
    """A domain.yml button payload as Rasa sends it: "{{" and "}}" are literal braces."""
    return template.replace("{{", "{").replace("}}", "}")
