"""Text helpers the risk check and the scrubber share (standard library only)."""

from __future__ import annotations

from typing import Any


def as_text(value: Any) -> str:
    """Any input as text, never raising: None is empty, bytes are decoded (bad bytes replaced),
    other objects are str()-ed (a broken __str__ reads as empty)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - bad input never raises
        return ""
