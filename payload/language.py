"""Which variation of a domain.yml response is in a language (en / cy).

Shared by the gateway (its own messages) and the Rasa actions (button titles they build): a Welsh
variation has `condition: language = cy`; English is the variation without conditions.
"""

from __future__ import annotations

ENGLISH, WELSH = "en", "cy"
LANGUAGES = (ENGLISH, WELSH)
LANGUAGE_SLOT = "language"


def language_of_variant(variant: dict) -> str:
    """The language a variation is written in."""
    for condition in variant.get("condition") or []:
        if condition.get("name") == LANGUAGE_SLOT:
            return str(condition.get("value"))
    return ENGLISH


def variant_in(variants: list[dict], language: str) -> dict:
    """The first variation in `language` whose only condition is the language (as Rasa would
    choose it when nothing else is known); the first variation if there is none."""
    for variant in variants:
        conditions = variant.get("condition") or []
        if language == ENGLISH and not conditions:
            return variant
        if conditions and all(c.get("name") == LANGUAGE_SLOT for c in conditions) \
                and language_of_variant(variant) == language:
            return variant
    return variants[0]
