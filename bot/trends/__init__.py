"""Anonymised trends for commissioners: small-number suppression for tables and themes."""

from bot.trends.suppression import (
    DEFAULT_THRESHOLD,
    OTHER_THEMES,
    SECONDARY,
    SuppressedTable,
    legend,
    suppress_table,
    suppress_value,
    themes_visible,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "OTHER_THEMES",
    "SECONDARY",
    "SuppressedTable",
    "legend",
    "suppress_table",
    "suppress_value",
    "themes_visible",
]
