"""`make bench`: this project beside a bare Rasa moodbot, in one run, on the same machine.

Creates the moodbot with `rasa init --no-prompt` in a temporary folder, starts it, our
`make run` set-up (one process each, SQLite) and our `make run-scaled` set-up (gateways, Rasa
and action servers behind nginx, on PostgreSQL and Redis), then runs each workload on each
target in turn: one user, 50 users at once, one 500-message conversation, 100 conversations
x 20 messages, and how many users each serves with p95 <= 2 s; peak memory of every process.
Prints the figures and writes var/reports/bench.md. A benchmark, not a test: nothing fails.

  python scripts/bench.py [--targets moodbot,run,scaled] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_load as load  # noqa: E402
import bench_report  # noqa: E402


def _load_stack():
    # Our tests/ has no __init__.py, and a package in site-packages (textstat's) is also named
    # "tests": register ours by path so tests.support.* resolve to this repository.
    import types

    package = types.ModuleType("tests")
    package.__path__ = [str(ROOT / "tests")]
    sys.modules["tests"] = package
    from tests.support.net import free_port
    from tests.support.stack import Stack, wait_http

    return Stack, wait_http, free_port


Stack, wait_http, free_port = _load_stack()
RASA = str(ROOT / ".venv-rasa" / "bin" / "rasa")


def start_moodbot(workdir: Path) -> tuple[load.Target, subprocess.Popen]:
    """`rasa init --no-prompt` (creates and trains the moodbot), then `rasa run` (REST)."""
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    folder = workdir / "moodbot"
    folder.mkdir()  # rasa init wants the folder to exist
    print("creating and training the moodbot (rasa init --no-prompt)...", flush=True)
    with open(workdir / "moodbot-init.log", "wb") as log:
        subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(folder)], cwd=workdir,
                       env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
    port = free_port()
    log = open(workdir / "moodbot.log", "wb")
    proc = subprocess.Popen([RASA, "run", "--interface", "127.0.0.1", "--port", str(port)],
                            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/", timeout=300, procs=[proc])
    return load.Target("moodbot", f"http://127.0.0.1:{port}", "rasa", pids=[proc.pid]), proc


def start_run(workdir: Path) -> tuple[load.Target, Stack]:
    """Our `make run` set-up: one action server, one Rasa, one gateway, SQLite."""
    stack = Stack(workdir=workdir / "run", env_overrides={"RASA_TIMEOUT_SECONDS": "20"})
    stack.workdir.mkdir()
    stack.start()
    pids = [p.pid for p in stack.procs.values()]
    return load.Target("make run", stack.url, "gateway", pids=pids), stack


def start_scaled(workdir: Path) -> tuple[load.Target, subprocess.Popen]:
    """Our `make run-scaled` set-up, on ports and databases of its own."""
    gateway, rasa, actions = (free_port_block() for _ in range(3))
    name = f"care_rights_bench_{uuid.uuid4().hex[:6]}"
    env = dict(os.environ, GATEWAY_PORT=str(gateway), RASA_PORT=str(rasa),
               ACTION_PORT=str(actions), SCALED_VAR_DIR=str(workdir / "scaled"),
               SCALED_GATEWAY_DB=name, SCALED_TRACKER_DB=name + "_tracker",
               REDIS_URL="redis://127.0.0.1:6379/12")
    log = open(workdir / "scaled.log", "wb")
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "run_scaled.sh")], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    proc.databases = [name, name + "_tracker"]
    wait_http(f"http://127.0.0.1:{gateway}/healthz", timeout=600, procs=[proc])
    return load.Target("make run-scaled", f"http://127.0.0.1:{gateway}", "gateway",
                       pids=[proc.pid]), proc


def free_port_block(size: int = 4) -> int:
    """A port p with p..p+size all free (run_scaled.sh puts processes on the ports after p)."""
    import socket

    while True:
        base = free_port()
        try:
            sockets = [socket.create_server(("127.0.0.1", base + i)) for i in range(size + 1)]
        except OSError:
            continue
        for s in sockets:
            s.close()
        return base


async def workloads(targets: list[load.Target], *, quick: bool) -> dict:
    """Each workload on each target in turn (so a slow moment of the machine hits all alike)."""
    results: dict[str, dict] = {t.name: {} for t in targets}
    scale = 0.2 if quick else 1.0

    def n(value: int) -> int:
        return max(2, int(value * scale))

    for target in targets:  # warm-up: models loaded, first connections made
        await load.users(target, count=2, messages=5, prefix="warm")
    steps = [
        ("one user", dict(count=1, messages=n(200))),
        ("50 users", dict(count=50, messages=n(10) if quick else 10)),
        ("long conversation", dict(count=1, messages=n(500))),
        ("100 x 20", dict(count=100, messages=n(20))),
    ]
    for label, spec in steps:
        for target in targets:
            print(f"  {label}: {target.name}...", flush=True)
            target.stages = {}
            run, conversations = await load.users(target, **spec)
            entry = {"run": run, "stages": target.stages}
            if target.kind == "gateway" and label == "100 x 20":
                entry.update(await load.integrity(target, conversations,
                                                  messages=spec["messages"]))
            results[target.name][label] = entry
            # Printed as it goes: a run that stops early still leaves its figures.
            print(f"    {run.messages} answered, {run.failed} failed, {run.holding} holding; "
                  f"{run.throughput:.1f} msg/s, p50 {run.p(50):.0f} ms, p95 {run.p(95):.0f} ms",
                  flush=True)
    for target in targets:
        print(f"  capacity: {target.name}...", flush=True)
        steps = (10, 25, 50) if quick else (10, 25, 50, 75, 100, 150)
        results[target.name]["capacity"] = await load.capacity(target, steps=steps)
    return results


def stop_scaled(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    import scaled  # scripts/scaled.py

    for name in proc.databases:
        scaled.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", default="moodbot,run,scaled")
    parser.add_argument("--quick", action="store_true", help="fewer messages (a smoke run)")
    args = parser.parse_args()
    wanted = args.targets.split(",")
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    targets, stops = [], []
    started = time.perf_counter()
    try:
        if "moodbot" in wanted:
            target, proc = start_moodbot(workdir)
            targets.append(target)
            stops.append(lambda p=proc: (p.terminate(), p.wait(timeout=30)))
        if "run" in wanted:
            print("starting make run's set-up...", flush=True)
            target, stack = start_run(workdir)
            targets.append(target)
            stops.append(stack.stop)
        if "scaled" in wanted:
            print("starting make run-scaled's set-up...", flush=True)
            target, proc = start_scaled(workdir)
            targets.append(target)
            stops.append(lambda p=proc: stop_scaled(p))
        with load.MemorySampler(targets) as memory:
            results = asyncio.run(workloads(targets, quick=args.quick))
    finally:
        for stop in stops:
            try:
                stop()
            except Exception as exc:  # noqa: BLE001 - report and go on stopping the rest
                print(f"could not stop a target: {exc!r}")
        shutil.rmtree(workdir, ignore_errors=True)
    text = bench_report.render(targets, results, memory, quick=args.quick,
                               minutes=(time.perf_counter() - started) / 60)
    out = ROOT / "var" / "reports" / "bench.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"report written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
