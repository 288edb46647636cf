"""Shared fixtures for the safeguarding tests: the real lexicon, loaded and raw."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safeguarding import RiskDetector

ROOT = Path(__file__).resolve().parents[3]
LEXICON = ROOT / "data/safeguarding/lexicon.yml"


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector.from_file(LEXICON)


@pytest.fixture(scope="module")
def lexicon_data() -> dict:
    return yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
