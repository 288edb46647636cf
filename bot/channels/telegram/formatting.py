"""Our replies as Telegram messages: plain text, inline keyboards, short callback keys.

Nothing a young person reads is written here (the words come from Rasa or domain.yml); the
"Source:" label is the web chat's own, from its wording files (bot/static/i18n/).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from payload import CustomPayload

CALLBACK_DATA_MAX_BYTES = 64
MESSAGE_MAX_UTF16 = 4096
PAGE_WORDING = Path(__file__).resolve().parents[2] / "static" / "i18n"
# A reply that is only buttons still needs some text on Telegram.
_BUTTONS_ONLY_TEXT = "\N{WHITE DOWN POINTING BACKHAND INDEX}"


class PayloadStore:
    """Button payloads too long for Telegram's 64-byte callback_data, kept in memory by hash.

    Bounded (oldest dropped first). The key is a hash of the payload, so the same payload
    always gets the same callback_data; after a restart an old long button is unknown.
    """

    PREFIX = "p:"

    def __init__(self, max_entries: int = 4096):
        self._max_entries = max_entries
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def callback_data(self, payload: str) -> str:
        """The callback_data for a button payload: the payload itself, or "p:<hash>"."""
        if len(payload.encode()) <= CALLBACK_DATA_MAX_BYTES and not payload.startswith(self.PREFIX):
            return payload
        key = self.PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:16]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self._max_entries:
            self._payloads.popitem(last=False)
        return key

    def payload(self, callback_data: str) -> str | None:
        """The payload behind callback_data, or None for an unknown (expired) "p:" key."""
        if not callback_data.startswith(self.PREFIX):
            return callback_data
        return self._payloads.get(callback_data)


@dataclass(frozen=True)
class OutgoingMessage:
    """One Telegram message to send: plain text and an optional inline keyboard."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None


def render_urgent_help(contacts: list[dict]) -> str:
    """The urgent-help card: one line per contact, with its number (as the web chat lists them)."""
    lines = []
    for contact in contacts:
        line = f"\N{BULLET} {contact.get('name', '')}".rstrip()
        details = [str(contact[k]) for k in ("phone", "text") if contact.get(k)]
        if details:
            line += ": " + " \N{EM DASH} ".join(details)
        if contact.get("hours"):
            line += f" ({contact['hours']})"
        if contact.get("url_label") and str(contact.get("url", "")).startswith("https://"):
            line += f" \N{MIDDLE DOT} {contact['url_label']}: {contact['url']}"
        lines.append(line)
    return "\n".join(lines)


def inline_keyboard(buttons: list[dict] | None,
                    payloads: PayloadStore) -> InlineKeyboardMarkup | None:
    """Buttons as an inline keyboard, one per row; callback_data carries the payload."""
    rows = [
        [InlineKeyboardButton(text=str(b["title"]),
                              callback_data=payloads.callback_data(str(b["payload"])))]
        for b in buttons or []
        # why no "tel:" buttons: Telegram's buttons open only web links; the text has the number.
        if b.get("title") and b.get("payload") and not str(b["payload"]).startswith("tel:")
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_MAX_UTF16) -> list[str]:
    """Split text into pieces Telegram accepts (at most `limit` UTF-16 units), at line breaks."""
    if _utf16_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while _utf16_len(line) > limit:  # one very long line: cut it
            cut = limit
            while _utf16_len(line[:cut]) > limit:
                cut -= 1
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if _utf16_len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def without_listed_contacts(text: str, contacts: list[dict]) -> str:
    """The card's text without the sentences that repeat a contact the card lists (as the web
    chat does), so each number is shown once."""
    marks = [str(c[k]) for c in contacts for k in ("phone", "sms") if c.get(k)]
    names = [str(c.get("name", "")).split(" (")[0].lower() for c in contacts if c.get("name")]

    def repeats(sentence: str) -> bool:
        return any(m in sentence for m in marks) or any(
            sentence.lower().startswith(n) for n in names)

    lines = (" ".join(s for s in _SENTENCE_END.split(line) if not repeats(s))
             for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


@functools.cache
def source_label(language: str) -> str:
    """"Source: " in the reply's language, as the web chat says it."""
    file = PAGE_WORDING / ("cy.json" if language == "cy" else "en.json")
    return json.loads(file.read_text(encoding="utf-8"))["source.label"]


def render_reply(reply: dict, payloads: PayloadStore) -> list[OutgoingMessage]:
    """One gateway reply as Telegram messages (usually one; long text is split)."""
    custom = CustomPayload.of_reply(reply)
    parts = []
    text = (reply.get("text") or "").strip()
    if custom.urgent_help:
        parts.append(render_urgent_help(list(custom.urgent_help)))
        text = without_listed_contacts(text, list(custom.urgent_help))
    if text:
        parts.append(text)
    if custom.sources:
        parts.append(source_label(reply.get("language") or "en") + "; ".join(custom.sources))
    keyboard = inline_keyboard(reply.get("buttons"), payloads)
    body = "\n\n".join(parts)
    if not body and keyboard is None:
        return []
    pieces = split_text(body or _BUTTONS_ONLY_TEXT)
    return [OutgoingMessage(p) for p in pieces[:-1]] + [OutgoingMessage(pieces[-1], keyboard)]
