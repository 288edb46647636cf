"""The curated knowledge base: schema, loading and selection.

Shared by the gateway (`.venv`) and the action server (`.venv-rasa`), so it uses
only the standard library and PyYAML.
"""

from kb.loader import Answer, KnowledgeBase, load_knowledge_base
from kb.places import NATIONS, Places, load_places
from kb.schema import (
    TOPICS,
    Contact,
    Entry,
    KnowledgeBaseError,
    Source,
)

__all__ = [
    "Answer",
    "NATIONS",
    "Places",
    "TOPICS",
    "Contact",
    "Entry",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Source",
    "load_knowledge_base",
    "load_places",
]
