"""`make evaluate`: the held-out NLU benchmarks.

Runs Rasa's NLU test with the current model on each held-out set (never used for training):
tests/nlu/heldout.yml (written by the project, all intents) and tests/eval/external/topics.yml
(written apart from the training data by someone who never saw it, topic questions only;
frozen). Prints per-intent precision / recall / F1 and the worst confusions, and writes
<out>.md. With --floor, exits 1 if accuracy is below it (the test suite uses this so a
regression fails CI).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"


def run_rasa_test(model: Path, heldout: Path, out: Path) -> None:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(RASA), "test", "nlu", "--model", str(model), "--nlu", str(heldout), "--out", str(out),
         "--no-plot", "--successes"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit("rasa test nlu failed")


def report(out: Path, heldout: Path) -> tuple[str, float, dict]:
    intents = json.loads((out / "intent_report.json").read_text())
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    accuracy = intents["accuracy"]
    lines = [f"# NLU held-out evaluation: {heldout.relative_to(ROOT)}", "",
             f"Held-out set: {heldout.relative_to(ROOT)}, "
             f"{int(intents['macro avg']['support'])} messages.",
             f"**Intent accuracy: {accuracy:.3f}**", "",
             "| intent | precision | recall | F1 | n |", "|---|---|---|---|---|"]
    per_intent = {k: v for k, v in intents.items() if isinstance(v, dict) and "recall" in v
                  and k not in ("macro avg", "weighted avg", "micro avg")}
    for name in sorted(per_intent, key=lambda n: (not n.startswith("ask_"), n)):
        v = per_intent[name]
        lines.append(f"| {name} | {v['precision']:.2f} | {v['recall']:.2f} "
                     f"| {v['f1-score']:.2f} | {v['support']} |")
    confusions = Counter(
        (e["intent"], e["intent_prediction"]["name"]) for e in errors
        if e.get("intent_prediction"))
    lines += ["", "## Worst confusions (true → predicted: count)", ""]
    lines += [f"- {t} → {p}: {n}" for (t, p), n in confusions.most_common(10)] or ["- none"]
    lines += ["", "## Misread messages", ""]
    lines += [f"- \"{e['text']}\": {e['intent']} → {e['intent_prediction']['name']} "
              f"({e['intent_prediction']['confidence']:.2f})" for e in errors[:40]] or ["- none"]
    return "\n".join(lines) + "\n", accuracy, per_intent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--heldout", default=str(ROOT / "tests" / "nlu" / "heldout.yml"))
    parser.add_argument("--out", default=str(ROOT / "var" / "reports" / "nlu"))
    parser.add_argument("--floor", type=float, help="fail below this accuracy")
    parser.add_argument("--topic-recall-floor", type=float,
                        help="fail if any topic intent's recall is below this")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    run_rasa_test(Path(args.model), Path(args.heldout), out)
    text, accuracy, per_intent = report(out, Path(args.heldout).resolve())
    report_file = out.parent / f"{out.name}.md"
    report_file.write_text(text)
    print(text)
    print(f"report written to {report_file.relative_to(ROOT)}")
    failed = False
    if args.floor is not None and accuracy < args.floor:
        print(f"FAIL: accuracy {accuracy:.3f} is below the floor {args.floor}")
        failed = True
    if args.topic_recall_floor is not None:
        low = {n: v["recall"] for n, v in per_intent.items()
               if n.startswith("ask_") and v["recall"] < args.topic_recall_floor}
        if low:
            print(f"FAIL: topic recall below {args.topic_recall_floor}: {low}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
