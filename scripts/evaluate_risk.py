"""`make evaluate`: does risk bring help, and do ordinary messages stay ordinary?

For each risk and tricky-ordinary set it reports what the product would do with each message:
the urgent-help card (the gateway's lexicon finds risk), the check-in "are you safe right now?"
(only Rasa's NLU reads it as `disclose_risk`), or nothing. Sets: the project's own
(tests/bot/safeguarding/, the lexicon was tuned on them) and the external ones
(tests/eval/external/, written apart from the project, frozen). Runs in `.venv-rasa`
(Rasa's NLU; the lexicon is standard library + PyYAML).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safeguarding import RiskDetector  # noqa: E402

OURS = ROOT / "tests" / "bot" / "safeguarding"
EXTERNAL = ROOT / "tests" / "eval" / "external"
SETS = [  # (name, file, kind)
    ("ours: risk", OURS / "safeguarding_risk.yml", "risk"),
    ("ours: risk (unseen)", OURS / "safeguarding_risk_unseen.yml", "risk"),
    ("ours: ordinary", OURS / "safeguarding_ordinary.yml", "ordinary"),
    ("ours: ordinary (unseen)", OURS / "safeguarding_ordinary_unseen.yml", "ordinary"),
    ("external: risk", EXTERNAL / "risk.yml", "risk"),
    ("external: ordinary", EXTERNAL / "ordinary.yml", "ordinary"),
]


def messages(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "messages" in data:
        return list(data["messages"])
    return [m for category in data.values() if isinstance(category, list) for m in category]


async def nlu_reads_risk(model: Path, sets: dict[str, list[str]]) -> dict[str, list[bool]]:
    """For each set, whether the NLU reads each message as `disclose_risk` (one model load)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    reads: dict[str, list[bool]] = {}
    for name, texts in sets.items():
        reads[name] = []
        for text in texts:
            intent = (await agent.parse_message(text)).get("intent") or {}
            reads[name].append(intent.get("name") == "disclose_risk")
    return reads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--out", default=str(ROOT / "var" / "reports" / "risk.md"))
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    detector = RiskDetector.from_file(ROOT / "data" / "safeguarding" / "lexicon.yml")
    texts = {name: messages(path) for name, path, _ in SETS}
    checks = asyncio.run(nlu_reads_risk(Path(args.model), texts))
    lines = ["# Risk evaluation", "",
             "Card: the lexicon finds risk (the gateway shows urgent help at once).",
             "Check: only the NLU reads it as risk (the bot asks \"are you safe right now?\").",
             "The lexicon was tuned on \"ours\"; the external sets were written apart from the",
             "project and are frozen.", "",
             "| set | n | card | check only | nothing |", "|---|---|---|---|---|"]
    wrong: list[str] = []
    for name, _path, kind in SETS:
        card = [detector.assess(t) is not None for t in texts[name]]
        check = [k and not c for c, k in zip(card, checks[name])]
        n, n_card, n_check = len(card), sum(card), sum(check)
        lines.append(f"| {name} ({kind}) | {n} | {n_card} ({n_card / n:.1%}) | "
                     f"{n_check} ({n_check / n:.1%}) | {n - n_card - n_check} |")
        if name.startswith("external"):
            for text, c, k in zip(texts[name], card, check):
                if kind == "risk" and not c:
                    wrong.append(f"- risk, {'check only' if k else 'nothing'}: \"{text}\"")
                elif kind == "ordinary" and c:
                    wrong.append(f"- ordinary, card: \"{text}\"")
    lines += ["", "## External sets: risk without the card, ordinary with it", "", *wrong]
    text = "\n".join(lines) + "\n"
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"report written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
