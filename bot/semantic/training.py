"""Train the semantic readers from the project's training data (never from tests/eval).

Three small classifiers over sentence embeddings, written to `models/semantic/`:
- `intents.npz`: every NLU intent (data/nlu), sent to Rasa with each message to blend with DIET;
- `risk.npz`: risk or not (NLU `disclose_risk` and data/safeguarding/training/risk*.yml against
  every other intent and data/safeguarding/training/ordinary*.yml);
- `categories.npz`: which kind of risk (the risk training file and the lexicon's own examples).
Run by scripts/train_if_needed.sh; skipped when nothing it reads has changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import yaml

from bot.semantic.dense import DenseModel
from bot.semantic.encoder import MODEL_CARD, SentenceEncoder
from bot.settings import ROOT

NLU_DIR = ROOT / "data" / "nlu"
RISK_TRAINING = ROOT / "data" / "safeguarding" / "training"
LEXICON = ROOT / "data" / "safeguarding" / "lexicon.yml"
RISK_INTENT = "disclose_risk"
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_examples(nlu_dir: Path = NLU_DIR, only: Path | None = None) -> list[tuple[str, str]]:
    """(text, intent) for every intent example (of one file, if `only`), entity markup removed."""
    pairs = []
    # why not the Welsh examples: the sentence model knows no Welsh, and the gateway never asks
    # it about a Welsh message (bot/gateway/language.py); DIET learns them.
    paths = [only] if only else sorted(p for p in nlu_dir.rglob("*.yml")
                                       if "cymraeg" not in p.relative_to(nlu_dir).parts)
    for path in paths:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    pairs.append((_ENTITY.sub(r"\1", line[2:]).strip(), block["intent"]))
    return pairs


def risk_examples(folder: Path = RISK_TRAINING, lexicon: Path = LEXICON) -> list[tuple[str, str]]:
    """(text, category) from the risk training file and the lexicon's pattern examples."""
    pairs = []
    for path in sorted(folder.glob("risk*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pairs += [(text, category) for category, texts in data.items() for text in texts]
    for pattern in yaml.safe_load(lexicon.read_text(encoding="utf-8")).get("patterns", []):
        pairs += [(text, pattern["category"]) for text in pattern.get("examples", [])]
    return pairs


def ordinary_examples(folder: Path = RISK_TRAINING, lexicon: Path = LEXICON) -> list[str]:
    """Messages that need no urgent help: the training file and the lexicon's exception examples."""
    texts = [text for path in sorted(folder.glob("ordinary*.yml"))
             for text in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]]
    for rule in yaml.safe_load(lexicon.read_text(encoding="utf-8")).get("exceptions", []):
        texts += rule.get("examples", [])
    return texts


def fingerprint(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs() -> list[Path]:
    return [*NLU_DIR.rglob("*.yml"), *RISK_TRAINING.glob("*.yml"), LEXICON, MODEL_CARD,
            Path(__file__), Path(__file__).with_name("dense.py")]


def train(*, encoder: SentenceEncoder, out_dir: Path) -> dict[str, int]:
    """Fit the three models and write them to `out_dir`; returns how many examples each saw.

    One hidden layer (scikit-learn's MLPClassifier, fixed seed): on the development sets it kept
    far fewer false alarms than a linear model at the same recall (README, "Semantic readers").
    """
    from sklearn.neural_network import MLPClassifier

    intents = nlu_examples()
    risks = risk_examples()
    ordinary = ordinary_examples()
    texts = sorted({t for t, _ in intents} | {t for t, _ in risks} | set(ordinary))
    vectors = dict(zip(texts, encoder.encode(texts)))

    def fit(pairs: list[tuple[str, str]]) -> DenseModel:
        x = np.stack([vectors[t] for t, _ in pairs])
        y = [label for _, label in pairs]
        model = MLPClassifier(hidden_layer_sizes=(256,), alpha=1e-3, max_iter=300, random_state=0)
        return DenseModel.from_sklearn(model.fit(x, y))

    risk_pairs = ([(t, "risk" if i == RISK_INTENT else "ordinary") for t, i in intents]
                  + [(t, "risk") for t, _ in risks] + [(t, "ordinary") for t in ordinary])
    out_dir.mkdir(parents=True, exist_ok=True)
    fit(intents).save(out_dir / "intents.npz")
    fit(risk_pairs).save(out_dir / "risk.npz")
    fit(risks).save(out_dir / "categories.npz")
    return {"intents": len(intents), "risk": len(risk_pairs), "categories": len(risks)}
