"""The real semantic reader (packaged model, models trained by `make train`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.semantic.encoder import shared_encoder
from bot.semantic.reader import SemanticReader
from bot.settings import ROOT

MODELS = ROOT / "models" / "semantic"


@pytest.fixture(scope="session")
def models_dir() -> Path:
    if not (MODELS / "risk.npz").is_file():
        pytest.fail("no semantic models: run scripts/train_if_needed.sh (make train) first")
    return MODELS


@pytest.fixture(scope="session")
def reader(models_dir) -> SemanticReader:
    return SemanticReader(encoder=shared_encoder(), models_dir=models_dir)
