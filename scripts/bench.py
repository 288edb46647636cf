"""`make bench`: start-up time, per-message latency and gateway memory, with the semantic
readers and without them (the reference), side by side in one run.

Starts the real processes on free ports (as the end-to-end tests do), sends messages
over HTTP, prints the figures and writes var/reports/bench.md. A benchmark, not a test:
nothing fails on a slow machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safeguarding import RiskDetector  # noqa: E402


def _load_stack_class():
    # Our tests/ has no __init__.py, and a package in site-packages (textstat's) is also named
    # "tests": register ours by path so tests.support.* resolve to this repository.
    import types

    package = types.ModuleType("tests")
    package.__path__ = [str(ROOT / "tests")]
    sys.modules["tests"] = package
    from tests.support.stack import Stack

    return Stack


Stack = _load_stack_class()

QUESTIONS = [
    "how do i get an advocate", "how do i complain", "can i see my health history",
    "wots a pep", "my sw cancelled again", "can i see my mum", "im 19 can i still get help",
    "what is a corporate parent", "can i stay put after 18", "who is my iro",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(*, semantic: bool, rounds: int = 3) -> dict:
    """Start the stack (semantic readers on or off), time the questions, read the gateway's RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        overrides = {} if semantic else {"SEMANTIC_READERS": "false"}
        stack = Stack(workdir=Path(tmp), env_overrides=overrides)
        started = time.perf_counter()
        stack.start()
        startup = time.perf_counter() - started
        try:
            stack.say("bench-warmup-" + uuid.uuid4().hex[:8], "hello")
            latencies = []
            for _ in range(rounds):
                conversation = "bench-" + uuid.uuid4().hex[:12]
                for question in QUESTIONS:
                    t = time.perf_counter()
                    stack.say(conversation, question)
                    latencies.append((time.perf_counter() - t) * 1000)
            memory = rss_mb(stack.procs["gateway"].pid)
        finally:
            stack.stop()
    return {"startup": startup, "latencies": latencies, "rss": memory}


def main() -> int:
    results = {"lexicon + DIET alone (reference)": run(semantic=False),
               "with the semantic readers (the product)": run(semantic=True)}
    detector = RiskDetector.from_file(ROOT / "data" / "safeguarding" / "lexicon.yml")
    t = time.perf_counter()
    for _ in range(20):
        for question in QUESTIONS:
            detector.assess(question)
    check_ms = (time.perf_counter() - t) * 1000 / (20 * len(QUESTIONS))

    lines = ["# Benchmark", "",
             "Same machine, same model, one run; POST /api/messages, one message at a time.",
             "",
             "| set-up | start-up to healthy | median | p95 | max | gateway memory (RSS) |",
             "|---|---|---|---|---|---|"]
    for name, r in results.items():
        lat = r["latencies"]
        lines.append(f"| {name} | {r['startup']:.1f} s | {statistics.median(lat):.0f} ms "
                     f"| {percentile(lat, 95):.0f} ms | {max(lat):.0f} ms | {r['rss']:.0f} MB |")
    lines += ["", f"Lexicon check per message: {check_ms:.2f} ms"]
    text = "\n".join(lines) + "\n"
    out = ROOT / "var" / "reports" / "bench.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"report written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
