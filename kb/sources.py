"""The source documents answers cite (data/sources/), found by the name an entry gives."""

from __future__ import annotations

from pathlib import Path

from kb.schema import SEED_FILES

SOURCES_DIR = Path(__file__).resolve().parent.parent / "data" / "sources"


def source_document(name: str, sources_dir: Path = SOURCES_DIR) -> Path | None:
    """The file behind a `source.file` name ("facts.md", "000_….txt"); None if not a source."""
    if name not in SEED_FILES:  # why a fixed list: a name from a URL never walks the disk
        return None
    return sources_dir / name if name == "facts.md" else sources_dir / "seeds" / name
