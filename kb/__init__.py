"""The curated knowledge base: schema, loading and selection.

Shared by the gateway (`.venv`) and the action server (`.venv-rasa`), so it uses
only the standard library and PyYAML.
"""

from kb.schema import (
    JURISDICTIONS,
    NATIONS,
    TOPICS,
    Contact,
    Entry,
    KnowledgeBaseError,
    Source,
)
from kb.loader import Answer, KnowledgeBase, load_knowledge_base

__all__ = [
    "Answer",
    "JURISDICTIONS",
    "NATIONS",
    "TOPICS",
    "Contact",
    "Entry",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Source",
    "load_knowledge_base",
]
