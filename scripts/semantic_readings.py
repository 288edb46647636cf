"""Read evaluation messages with the semantic models, for the evaluation scripts in .venv-rasa.

Writes {text: {"intent_ranking": [...], "risk": p, "risk_category": c, "english": bool}} as
JSON ("english": surely English, which the risk check needs before it doubts the lexicon). The
Rasa-side scripts pass the ranking to Rasa as the gateway does, so `make evaluate` measures the
product's own path (DIET blended with the semantic reading) beside DIET alone. As in the gateway,
a message written in Welsh (bot/gateway/language.py) gets no intent ranking (the model knows no
Welsh): DIET alone reads it; its risk is still read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.gateway.language import LanguageReader  # noqa: E402
from bot.semantic.encoder import shared_encoder  # noqa: E402
from bot.semantic.reader import SemanticReader  # noqa: E402
from bot.semantic.training import nlu_examples  # noqa: E402


def texts_in(path: Path) -> list[str]:
    """Messages in an NLU file, a {category: [texts]} file or a {messages: [texts]} file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "nlu" in data:
        return [text for text, _ in nlu_examples(path.parent, only=path)]
    return [t for value in data.values() if isinstance(value, list) for t in value
            if isinstance(t, str)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    texts = sorted({t for f in args.files for t in texts_in(f)})
    reader = SemanticReader(encoder=shared_encoder(), models_dir=ROOT / "models" / "semantic")
    languages = LanguageReader.from_file()
    readings = {}
    for start in range(0, len(texts), 256):
        batch = texts[start:start + 256]
        for text, reading in zip(batch, reader.read_many(batch)):
            intents = {} if languages.is_welsh(text) else reading.for_rasa()
            readings[text] = {**intents, "risk": round(reading.risk, 4),
                              "risk_category": reading.risk_category,
                              "english": languages.is_english(text)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(readings, ensure_ascii=False))
    print(f"semantic readings of {len(texts)} messages written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
