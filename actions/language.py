"""The conversation's language (en / cy) in the actions: the `language` slot and the words in it.

The gateway decides the language (a switch command, or a message written in Welsh) and sends
it with every message as metadata; Rasa's pipeline turns it into the `language` entity, which
fills the slot (config.yml, nlu_components/metadata_entity.py), so domain.yml's Welsh
variations (conditions on `language`) are chosen.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from payload.language import ENGLISH, WELSH, variant_in
from payload.language import LANGUAGE_SLOT as SLOT


def language_of(tracker: Tracker) -> str:
    """The conversation's language: "cy" or "en"."""
    return WELSH if tracker.get_slot(SLOT) == WELSH else ENGLISH


def response_variant(domain: dict[str, Any], name: str, language: str) -> dict[str, Any]:
    """The variant of response `name` in `language` that depends on nothing else (English:
    the first without conditions), as Rasa itself would choose it for that language."""
    return variant_in(domain["responses"][name], language)


def response_text(domain: dict[str, Any], name: str, language: str) -> str:
    return response_variant(domain, name, language).get("text", "")
