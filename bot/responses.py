"""Read the assistant's wording from domain.yml, so the gateway's own messages
(urgent-help card, holding message) say exactly what Rasa would say."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from payload import button_payload
from payload.language import ENGLISH, language_of_variant, variant_in


class DomainResponses:
    """The `responses` section of domain.yml, by name."""

    def __init__(self, responses: dict[str, list[dict]]):
        self._responses = responses

    @classmethod
    def from_file(cls, path: str | Path) -> DomainResponses:
        """Load and check domain.yml; fails if it has no responses."""
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        responses = doc.get("responses")
        if not isinstance(responses, dict) or not responses:
            raise ValueError(f"{path}: no 'responses' section")
        return cls(responses)

    def reply(self, name: str, *, values: dict | None = None, custom: dict | None = None,
              language: str | None = None) -> dict:
        """Response `name` in reply shape, in `language` ("cy": its Welsh variant if it has one).

        `values` fill its {placeholders} (as Rasa does); `custom` keys are merged into its payload.
        The reply says which language it is in (`language`), as Rasa's replies do.
        """
        variants = self._responses.get(name)
        if not variants:
            raise KeyError(f"domain.yml has no response {name!r}")
        variant = copy.deepcopy(variant_in(variants, language or ENGLISH))
        text = variant.get("text", "")
        for key, value in (values or {}).items():
            text = text.replace("{" + key + "}", str(value))
        reply = {"text": text, "language": language_of_variant(variant)}
        if variant.get("buttons"):
            # As Rasa does: "{{" in a payload is a literal brace (payloads carry JSON entities).
            reply["buttons"] = [{**b, "payload": button_payload(str(b.get("payload", "")))}
                                for b in variant["buttons"]]
        merged = dict(variant.get("custom") or {})
        merged.update(custom or {})
        if merged:
            reply["custom"] = merged
        return reply

