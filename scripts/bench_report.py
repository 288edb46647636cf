"""The `make bench` report: each target beside the moodbot, as Markdown."""

from __future__ import annotations

import datetime as dt
import os

import bench_load as load

STAGES = {
    "wait": "waiting behind the conversation's earlier messages",
    "store": "storing the message (and its access check)",
    "read": "risk check and semantic reading (lexicon, sentence embedding, classifiers)",
    "engine": "Rasa: NLU, policies, tracker store, action server",
    "scrub": "scrubbing an unanswered question",
    "reply": "storing the replies and the anonymous counts",
    "total": "the whole request inside the gateway",
}


def _ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}×" if reference else "—"


def render(targets: list[load.Target], results: dict, memory: load.MemorySampler, *,
           quick: bool, minutes: float) -> str:
    names = [t.name for t in targets]
    reference = "moodbot" if "moodbot" in names else None
    lines = ["# Benchmark: this project beside a bare Rasa moodbot", "",
             f"{dt.date.today()}, {os.cpu_count()} cores, one run of {minutes:.0f} min; each "
             "workload ran on each target in turn. Moodbot: `rasa init --no-prompt`, REST "
             "channel, in-memory tracker. Ours: POST /api/messages through the gateway "
             "(store, risk check, semantic reader, Rasa, actions, replies stored)."
             + (" **Quick run (fewer messages).**" if quick else ""), ""]

    def row(label: str, figure, fmt: str, better: str) -> None:
        cells = []
        ref = figure(results[reference]) if reference else None
        for name in names:
            value = figure(results[name])
            cell = fmt.format(value)
            if ref is not None and name != reference:
                cell += f" ({_ratio(value, ref)})"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {better} |")

    lines += ["| workload | " + " | ".join(names) + " | better |",
              "|---|" + "---|" * len(names) + "---|"]
    row("one user: p50 (ms)", lambda r: r["one user"]["run"].p(50), "{:.0f}", "lower")
    row("one user: p95 (ms)", lambda r: r["one user"]["run"].p(95), "{:.0f}", "lower")
    row("50 users × 10: throughput (msg/s)", lambda r: r["50 users"]["run"].throughput,
        "{:.1f}", "higher")
    row("50 users × 10: p95 (ms)", lambda r: r["50 users"]["run"].p(95), "{:.0f}", "lower")
    row("500-message conversation: first 50 mean (ms)",
        lambda r: load.growth(r["long conversation"]["run"])[0], "{:.0f}", "lower")
    row("500-message conversation: last 50 mean (ms)",
        lambda r: load.growth(r["long conversation"]["run"])[1], "{:.0f}", "lower")
    row("500-message conversation: growth (last / first)",
        lambda r: _growth(r["long conversation"]["run"]), "{:.2f}", "lower")
    row("100 × 20: throughput (msg/s)", lambda r: r["100 x 20"]["run"].throughput,
        "{:.1f}", "higher")
    row("100 × 20: p95 (ms)", lambda r: r["100 x 20"]["run"].p(95), "{:.0f}", "lower")
    row("users served with p95 ≤ 2 s", lambda r: r["capacity"], "{}", "higher")
    lines += ["", "| 100 conversations × 20 messages | " + " | ".join(names) + " |",
              "|---|" + "---|" * len(names)]
    for key, label in (("holding", "holding messages"), ("failed", "failed requests"),
                       ("lost", "lost (not stored or unanswered)"),
                       ("duplicated", "answered twice")):
        cells = []
        for name in names:
            entry = results[name]["100 x 20"]
            value = getattr(entry["run"], key) if key in ("holding", "failed") else entry.get(key)
            cells.append("—" if value is None else str(value))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Where one message's time goes (one user; the gateway's Server-Timing, mean ms):",
              "", "| stage | " + " | ".join(n for n in names if results[n]["one user"]["stages"])
              + " |", "|---|" + "---|" * sum(bool(results[n]["one user"]["stages"])
                                             for n in names)]
    stage_names = ["wait", "store", "read", "engine", "scrub", "reply", "total"]
    for stage in stage_names:
        cells = []
        for name in names:
            stages = results[name]["one user"]["stages"]
            if stages:
                values = stages.get(stage, [])
                cells.append(f"{sum(values) / len(values):.1f}" if values else "—")
        if cells:
            lines.append(f"| {STAGES.get(stage, stage)} | " + " | ".join(cells) + " |")
    lines += ["", "Peak memory (RSS, MB) of every process, and of all together:", ""]
    for name in names:
        peaks = memory.peaks[name]
        parts = [f"{memory.names.get(pid, '?')} {mb:.0f}" for pid, mb in sorted(peaks.items())
                 if pid and mb > 5]
        lines.append(f"- {name}: all together **{peaks.get(0, 0):.0f} MB** — " + ", ".join(parts))
    return "\n".join(lines) + "\n"


def _growth(run: load.Run) -> float:
    first, last = load.growth(run)
    return last / first if first else float("nan")
