"""`make evaluate`: does risk bring help, and do ordinary messages stay ordinary?

For each risk and tricky-ordinary set it reports what happens to each message, before (lexicon
card; Rasa's NLU `disclose_risk` check) and now (the product: lexicon or semantic reader above
`risk_card` → card; otherwise semantic reader above `risk_check` or the NLU → "are you safe right
now?"), side by side in one run. Sets: the project's own (tests/bot/safeguarding/: the lexicon
was tuned on them and the thresholds chosen on them) and two written apart from the project and
frozen (tests/eval/external/, tests/eval/blind/). Runs in `.venv-rasa`; the semantic readings
come from scripts/semantic_readings.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safeguarding import CombinedDetector  # noqa: E402
from bot.safeguarding.resolved import ResolvedPast  # noqa: E402

OURS = ROOT / "tests" / "bot" / "safeguarding"
EVAL = ROOT / "tests" / "eval"
SETS = [  # (name, file, kind)
    ("ours: risk", OURS / "safeguarding_risk.yml", "risk"),
    ("ours: risk (unseen)", OURS / "safeguarding_risk_unseen.yml", "risk"),
    ("ours: ordinary", OURS / "safeguarding_ordinary.yml", "ordinary"),
    ("ours: ordinary (unseen)", OURS / "safeguarding_ordinary_unseen.yml", "ordinary"),
    ("external: risk", EVAL / "external" / "risk.yml", "risk"),
    ("external: ordinary", EVAL / "external" / "ordinary.yml", "ordinary"),
    ("blind: risk", EVAL / "blind" / "risk.yml", "risk"),
    ("blind: ordinary", EVAL / "blind" / "ordinary.yml", "ordinary"),
    ("Welsh: risk", EVAL / "welsh" / "risk.yml", "risk"),
    ("Welsh: ordinary", EVAL / "welsh" / "ordinary.yml", "ordinary"),
]


def messages(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [m for value in data.values() if isinstance(value, list) for m in value
            if isinstance(m, str)]


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


def outcome(card: bool, check: bool) -> str:
    return "card" if card else "check" if check else "nothing"


def quiet_rasa() -> None:
    """Rasa 3.6 logs every parse through structlog at debug level: keep only warnings."""
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--readings", default=str(ROOT / "build" / "semantic_readings.json"))
    parser.add_argument("--out", default=str(ROOT / "var" / "reports" / "risk.md"))
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    quiet_rasa()
    detector = CombinedDetector.from_files(ROOT / "data" / "safeguarding" / "lexicon.yml",
                                           ROOT / "data" / "safeguarding" / "lexicon.cy.yml")
    resolved = ResolvedPast.from_files(ROOT / "data" / "safeguarding" / "resolved.yml",
                                       ROOT / "data" / "safeguarding" / "lexicon.yml")
    limits = yaml.safe_load((ROOT / "data" / "semantic" / "thresholds.yml").read_text())
    readings = json.loads(Path(args.readings).read_text(encoding="utf-8"))
    texts = {name: messages(path) for name, path, _ in SETS}
    nlu = asyncio.run(nlu_reads_risk(Path(args.model), texts))
    lines = ["# Risk evaluation", "",
             "Before: the lexicon's card; Rasa's NLU alone asks \"are you safe right now?\".",
             f"Now: lexicon or semantic risk ≥ {limits['risk_card']} → card; otherwise semantic "
             f"≥ {limits['risk_check']} or the NLU → the check. A lexicon finding that is not "
             f"immediate, in {', '.join(limits['lexicon_doubt_categories'])}, on an English "
             f"message with semantic risk < {limits['lexicon_doubt']}"
             " → the check; so does a card for harm told of as past and over "
             "(data/safeguarding/resolved.yml).", "",
             "| set | n | before: card | before: card or check | **now: card** "
             "| **now: card or check** |", "|---|---|---|---|---|---|"]
    wrong: list[str] = []
    for name, _path, kind in SETS:
        rows = []
        for text, nlu_risk in zip(texts[name], nlu[name]):
            finding = detector.assess(text)
            lexicon = finding is not None
            reading = readings.get(text) or {}
            risk = reading.get("risk", 0.0)
            # as the gateway does (bot/gateway/understanding.py): an English message the reader
            # is almost sure is not risk gets the question, unless the pattern is immediate
            doubted = (lexicon and finding.level != "immediate" and reading.get("english", False)
                       and finding.category in limits.get("lexicon_doubt_categories", [])
                       and risk < limits.get("lexicon_doubt", 0.0))
            card = (lexicon and not doubted) or risk >= limits["risk_card"]
            settled = card and resolved.tells(text)  # harm told of as past and over
            card = card and not settled
            check = not card and (risk >= limits["risk_check"] or nlu_risk or doubted or settled)
            rows.append((lexicon, lexicon or nlu_risk, card, card or check))
            if not name.startswith("ours") and (kind == "risk") != card:
                wrong.append(f"- {name}: {outcome(card, check)} (risk {risk:.2f}): \"{text}\"")
        n = len(rows)
        cells = [f"{sum(r[i] for r in rows)} ({sum(r[i] for r in rows) / n:.1%})"
                 for i in range(4)]
        lines.append(f"| {name} | {n} | {cells[0]} | {cells[1]} | **{cells[2]}** "
                     f"| **{cells[3]}** |")
    lines += ["", "For risk sets higher is better; for ordinary sets these are false alarms.", "",
              "## Written apart from the project: risk without the card, ordinary with it", "",
              *wrong]
    text = "\n".join(lines) + "\n"
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"report written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
