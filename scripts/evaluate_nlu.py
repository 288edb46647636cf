"""`make evaluate`: the held-out NLU benchmarks, DIET alone beside DIET + semantic, in one run.

For each held-out set (never trained on: tests/nlu/heldout.yml, ours; tests/eval/external and
tests/eval/blind, written apart from the project and frozen) every message is parsed by the
current Rasa model twice: as `rasa shell` would (DIET alone) and as the gateway sends it (with the
semantic reading as metadata, blended by nlu_components/semantic_blend.py). The semantic
classifier's own top intent is reported too. Prints per-intent recall and the worst confusions
of the product's path, writes <out>.md; with --floor / --topic-recall-floor, exits 1 below them.
Runs in .venv-rasa; the readings come from scripts/semantic_readings.py (.venv).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FALLBACK = "nlu_fallback"


def examples(path: Path) -> list[tuple[str, str]]:
    import re

    entity = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            if "intent" in block and line.strip().startswith("- "):
                pairs.append((entity.sub(r"\1", line.strip()[2:]).strip(), block["intent"]))
    return pairs


async def predict(agent, pairs, readings: dict) -> dict[str, list[str]]:
    """Predicted intent per message: DIET alone, blended (the product), semantic alone."""
    from rasa.core.channels.channel import UserMessage

    out: dict[str, list[str]] = {"diet": [], "blended": [], "semantic": []}
    for text, _ in pairs:
        reading = readings.get(text) or {}
        for name, metadata in (("diet", None), ("blended", {"semantic": reading})):
            parsed = await agent.processor.parse_message(UserMessage(text, metadata=metadata))
            out[name].append((parsed.get("intent") or {}).get("name") or FALLBACK)
        ranking = reading.get("intent_ranking") or [{"name": FALLBACK}]
        out["semantic"].append(ranking[0]["name"])
    return out


def recall_by_intent(truth: list[str], predicted: list[str]) -> dict[str, tuple[float, int]]:
    totals, hits = Counter(truth), Counter(t for t, p in zip(truth, predicted) if t == p)
    return {i: (hits[i] / n, n) for i, n in totals.items()}


def accuracy(truth: list[str], predicted: list[str]) -> float:
    return sum(t == p for t, p in zip(truth, predicted)) / max(len(truth), 1)


def report(name: str, pairs, predictions: dict[str, list[str]]) -> tuple[str, float, dict]:
    truth = [i for _, i in pairs]
    recalls = {k: recall_by_intent(truth, v) for k, v in predictions.items()}
    acc = {k: accuracy(truth, v) for k, v in predictions.items()}
    lines = [f"# NLU held-out evaluation: {name}", "", f"{len(pairs)} messages.", "",
             "| | DIET alone | semantic alone | **DIET + semantic (the product)** |",
             "|---|---|---|---|",
             f"| intent accuracy | {acc['diet']:.3f} | {acc['semantic']:.3f} "
             f"| **{acc['blended']:.3f}** |",
             f"| lowest topic recall | {_lowest(recalls['diet'])} | {_lowest(recalls['semantic'])} "
             f"| **{_lowest(recalls['blended'])}** |", "",
             "| intent | n | DIET | semantic | product |", "|---|---|---|---|---|"]
    for intent in sorted(recalls["blended"], key=lambda n: (not n.startswith("ask_"), n)):
        r = {k: recalls[k][intent][0] for k in recalls}
        lines.append(f"| {intent} | {recalls['blended'][intent][1]} | {r['diet']:.2f} "
                     f"| {r['semantic']:.2f} | {r['blended']:.2f} |")
    wrong = [(t, i, p) for (t, i), p in zip(pairs, predictions["blended"]) if i != p]
    confusions = Counter((i, p) for _, i, p in wrong)
    lines += ["", "## Worst confusions of the product (true → predicted: count)", ""]
    lines += [f"- {t} → {p}: {n}" for (t, p), n in confusions.most_common(12)] or ["- none"]
    lines += ["", "## Misread messages (product)", ""]
    lines += [f"- \"{t}\": {i} → {p}" for t, i, p in wrong[:60]] or ["- none"]
    return "\n".join(lines) + "\n", acc["blended"], recalls["blended"]


def _lowest(recalls: dict[str, tuple[float, int]]) -> str:
    topics = {k: v for k, v in recalls.items() if k.startswith("ask_")}
    if not topics:
        return "-"
    name = min(topics, key=lambda k: topics[k][0])
    return f"{topics[name][0]:.2f} ({name})"


def quiet_rasa() -> None:
    """Rasa 3.6 logs every parse through structlog at debug level: keep only warnings."""
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--heldout", default=str(ROOT / "tests" / "nlu" / "heldout.yml"))
    parser.add_argument("--readings", default=str(ROOT / "build" / "semantic_readings.json"))
    parser.add_argument("--out", default=str(ROOT / "var" / "reports" / "nlu"))
    parser.add_argument("--floor", type=float, help="fail below this accuracy")
    parser.add_argument("--topic-recall-floor", type=float,
                        help="fail if any topic intent's recall is below this")
    parser.add_argument("--set", nargs=4, action="append", dest="sets",
                        metavar=("HELDOUT", "OUT", "FLOOR", "TOPIC_RECALL_FLOOR"),
                        help="evaluate several sets with one model load ('-' for no floor); "
                             "replaces --heldout, --out and the floors")
    parser.add_argument("--quiet", action="store_true", help="print only the summary lines")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    quiet_rasa()
    sets = [(h, o, _number(f), _number(r)) for h, o, f, r in args.sets] if args.sets else [
        (args.heldout, args.out, args.floor, args.topic_recall_floor)]
    readings = json.loads(Path(args.readings).read_text(encoding="utf-8"))
    chosen = [(Path(h).resolve(), Path(o), f, r) for h, o, f, r in sets]
    all_pairs = [examples(heldout) for heldout, *_ in chosen]
    predictions = asyncio.run(predict_sets(Path(args.model), all_pairs, readings))
    failed = False
    for (heldout, out, floor, topic_floor), pairs, predicted in zip(chosen, all_pairs,
                                                                  predictions):
        text, acc, recalls = report(str(heldout.relative_to(ROOT)), pairs, predicted)
        out.parent.mkdir(parents=True, exist_ok=True)
        report_file = out.parent / f"{out.name}.md"
        report_file.write_text(text)
        print("\n".join(text.splitlines()[:8]) if args.quiet else text)
        print(f"report written to {report_file}")
        if floor is not None and acc < floor:
            print(f"FAIL: {heldout.name}: accuracy {acc:.3f} is below the floor {floor}")
            failed = True
        if topic_floor is not None:
            low = {n: round(r, 2) for n, (r, _) in recalls.items()
                   if n.startswith("ask_") and r < topic_floor}
            if low:
                print(f"FAIL: {heldout.name}: topic recall below {topic_floor}: {low}")
                failed = True
    return 1 if failed else 0


def _number(text: str) -> float | None:
    return None if text == "-" else float(text)


async def predict_sets(model: Path, all_pairs, readings: dict) -> list[dict[str, list[str]]]:
    """`predict` for several sets, loading the model once."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await predict(agent, pairs, readings) for pairs in all_pairs]


if __name__ == "__main__":
    sys.exit(main())
