"""The stored classifier computes what scikit-learn computed, and loads without pickle."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from bot.semantic.dense import DenseModel

RNG = np.random.default_rng(0)
X = RNG.normal(size=(120, 8)).astype(np.float32)


@pytest.mark.parametrize("labels", [["a", "b"], ["a", "b", "c"]])
@pytest.mark.parametrize("estimator", [
    lambda: LogisticRegression(max_iter=500),
    lambda: MLPClassifier(hidden_layer_sizes=(16,), max_iter=500, random_state=0),
])
def test_matches_sklearn_after_a_round_trip(tmp_path, estimator, labels):
    y = [labels[i % len(labels)] if X[i, 0] > 0 else labels[0] for i in range(len(X))]
    fitted = estimator().fit(X, y)
    DenseModel.from_sklearn(fitted).save(tmp_path / "m.npz")
    model = DenseModel.load(tmp_path / "m.npz")
    assert model.labels == tuple(fitted.classes_)
    np.testing.assert_allclose(model.probabilities(X), fitted.predict_proba(X), atol=1e-4)
    ranking = model.ranking(X[0], top=2)
    assert len(ranking) == 2 and ranking[0][1] >= ranking[1][1]
