"""A small trained feed-forward classifier over sentence embeddings, kept as plain arrays.

Stored with numpy's .npz (no pickle, so loading a model file runs no code). Hidden layers use
ReLU; the output is a softmax over the labels, or a sigmoid when there are two (as scikit-learn's
MLPClassifier and LogisticRegression, which train these, compute them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class DenseModel:
    labels: tuple[str, ...]
    weights: tuple[np.ndarray, ...]  # (inputs, outputs) per layer
    biases: tuple[np.ndarray, ...]

    @classmethod
    def from_sklearn(cls, estimator) -> DenseModel:
        """From a fitted MLPClassifier (ReLU) or LogisticRegression."""
        if hasattr(estimator, "coefs_"):
            weights, biases = estimator.coefs_, estimator.intercepts_
        else:
            weights, biases = [estimator.coef_.T], [estimator.intercept_]
        return cls(labels=tuple(str(c) for c in estimator.classes_),
                   weights=tuple(np.asarray(w, dtype=np.float32) for w in weights),
                   biases=tuple(np.asarray(b, dtype=np.float32) for b in biases))

    def save(self, path: Path) -> None:
        arrays = {"labels": np.array(self.labels)}
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            arrays[f"w{i}"], arrays[f"b{i}"] = w, b
        np.savez(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> DenseModel:
        with np.load(path, allow_pickle=False) as data:
            layers = sum(1 for k in data.files if k.startswith("w"))
            return cls(labels=tuple(str(x) for x in data["labels"]),
                       weights=tuple(data[f"w{i}"] for i in range(layers)),
                       biases=tuple(data[f"b{i}"] for i in range(layers)))

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        """One row per embedding, one column per label, rows summing to 1."""
        x = embeddings
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            x = np.maximum(x @ w + b, 0.0)
        scores = x @ self.weights[-1] + self.biases[-1]
        if scores.shape[1] == 1:  # two labels: one logistic output for the second
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1)
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def ranking(self, embedding: np.ndarray, top: int = 5) -> list[tuple[str, float]]:
        """The `top` labels for one embedding, most likely first."""
        probs = self.probabilities(embedding[None, :])[0]
        return [(self.labels[i], float(probs[i])) for i in np.argsort(-probs)[:top]]
