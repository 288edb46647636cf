"""Every Welsh string the assistant can show, and whether a fluent Welsh speaker has reviewed it.

Welsh lives beside its English: domain.yml's variations with `condition: language = cy`, the
knowledge base's `cy:` blocks, the web page's `bot/static/i18n/cy.json` and the advocates'
Welsh saved replies. A review is recorded in `data/cymraeg/reviews.yml` against a fingerprint of
the exact text, so a string edited after its review is listed again. Unreviewed strings are
still used (they were written with care, and Welsh is better than none); `python -m bot kb welsh`
lists them for a reviewer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.loader import load_knowledge_base
from payload.language import WELSH, language_of_variant


@dataclass(frozen=True)
class WelshString:
    """One piece of Welsh text and where it lives (e.g. "domain:utter_greet#1")."""

    where: str
    text: str

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]


def _variant_strings(where: str, variant: dict) -> Iterator[WelshString]:
    if variant.get("text"):
        yield WelshString(where, str(variant["text"]))
    for n, button in enumerate(variant.get("buttons") or []):
        yield WelshString(f"{where}/button{n}", str(button.get("title", "")))
    for n, item in enumerate((variant.get("custom") or {}).get("urgent_help") or []):
        for key in ("name", "text", "hours", "url_label"):
            if item.get(key):
                yield WelshString(f"{where}/urgent_help{n}.{key}", str(item[key]))


def domain_strings(domain_file: Path) -> Iterator[WelshString]:
    responses = (yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {})["responses"]
    for name, variants in responses.items():
        for index, variant in enumerate(variants):
            if language_of_variant(variant) == WELSH:
                yield from _variant_strings(f"domain:{name}#{index}", variant)


def knowledge_strings(knowledge_dir: Path) -> Iterator[WelshString]:
    for entry in load_knowledge_base(knowledge_dir).entries:
        if entry.cy is None:
            continue
        yield WelshString(f"kb:{entry.id}/title", entry.cy.title)
        yield WelshString(f"kb:{entry.id}/answer", entry.cy.answer)
        for n, step in enumerate(entry.cy.next_steps):
            yield WelshString(f"kb:{entry.id}/step{n}", step)


def page_strings(i18n_file: Path) -> Iterator[WelshString]:
    if i18n_file.is_file():
        for key, text in sorted(json.loads(i18n_file.read_text(encoding="utf-8")).items()):
            yield WelshString(f"page:{key}", str(text))


def saved_reply_strings(canned_file: Path) -> Iterator[WelshString]:
    data = yaml.safe_load(canned_file.read_text(encoding="utf-8")) or {}
    for n, text in enumerate(data.get("canned_replies_cy") or []):
        yield WelshString(f"console:saved_reply{n}", str(text))


def all_welsh_strings(root: Path) -> list[WelshString]:
    """Every Welsh string in the repository, in a stable order."""
    return [*domain_strings(root / "domain.yml"),
            *knowledge_strings(root / "data" / "knowledge"),
            *page_strings(root / "bot" / "static" / "i18n" / "cy.json"),
            *saved_reply_strings(root / "data" / "console" / "canned_replies.yml")]


def load_reviews(path: Path) -> dict[str, str]:
    """where -> the fingerprint of the text a fluent speaker reviewed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(r["where"]): str(r["fingerprint"]) for r in data.get("reviews") or []}


def unreviewed(strings: list[WelshString], reviews: dict[str, str]) -> list[WelshString]:
    """The strings with no review of their current text."""
    return [s for s in strings if reviews.get(s.where) != s.fingerprint]


def to_review(root: Path) -> tuple[list[WelshString], list[WelshString]]:
    """Every Welsh string, and those a fluent speaker has not reviewed in their current text."""
    strings = all_welsh_strings(root)
    return strings, unreviewed(strings, load_reviews(root / "data" / "cymraeg" / "reviews.yml"))


def report(root: Path) -> str:
    """A Markdown report: how many Welsh strings, how many reviewed, and the list to review."""
    strings, todo = to_review(root)
    lines = [f"Welsh strings: {len(strings)}; reviewed by a fluent speaker: "
             f"{len(strings) - len(todo)}; to review: {len(todo)}", "",
             "| where | fingerprint | text |", "|---|---|---|"]
    lines += [f"| {s.where} | {s.fingerprint} | {' '.join(s.text.split())[:120]} |" for s in todo]
    return "\n".join(lines) + "\n"
