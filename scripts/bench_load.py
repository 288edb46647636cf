"""Workloads for `make bench`: simulated users over real HTTP (aiohttp), and memory sampling.

A `Target` knows how to send one message to a running bot: ours through the gateway's
POST /api/messages (with the conversation's secret), the bare moodbot through Rasa's REST
channel. Every workload returns plain figures; nothing here fails on a slow machine.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

QUESTIONS = [
    "how do i get an advocate", "how do i complain", "can i see my health history",
    "wots a pep", "my sw cancelled again", "can i see my mum", "im 19 can i still get help",
    "what is a corporate parent", "can i stay put after 18", "who is my iro",
]
TOKEN_HEADER = "X-Conversation-Token"


@dataclass
class Target:
    """A running bot: `kind` is "gateway" (ours) or "rasa" (the bare moodbot)."""

    name: str
    url: str
    kind: str
    pids: list[int] = field(default_factory=list)
    tokens: dict = field(default_factory=dict)
    # The gateway's Server-Timing stages of every message (ms), for the breakdown.
    stages: dict = field(default_factory=dict)

    async def send(self, http: aiohttp.ClientSession, conversation: str, text: str,
                   n: int) -> list[dict]:
        if self.kind == "rasa":
            async with http.post(f"{self.url}/webhooks/rest/webhook",
                                 json={"sender": conversation, "message": text}) as resp:
                resp.raise_for_status()
                return await resp.json()
        headers = {TOKEN_HEADER: self.tokens[conversation]} if conversation in self.tokens else {}
        body = {"conversation_id": conversation, "text": text,
                "client_message_id": f"m-{conversation[-12:]}-{n:05d}"}
        async with http.post(f"{self.url}/api/messages", json=body, headers=headers) as resp:
            resp.raise_for_status()
            for part in resp.headers.get("Server-Timing", "").split(","):
                name, _, duration = part.strip().partition(";dur=")
                if duration:
                    self.stages.setdefault(name, []).append(float(duration))
            if resp.headers.get(TOKEN_HEADER):
                self.tokens[conversation] = resp.headers[TOKEN_HEADER]
            return await resp.json()

    async def history(self, http: aiohttp.ClientSession, conversation: str) -> list[dict]:
        async with http.get(f"{self.url}/api/conversations/{conversation}/messages",
                            headers={TOKEN_HEADER: self.tokens.get(conversation, "")}) as resp:
            resp.raise_for_status()
            return (await resp.json())["messages"]


@dataclass
class Run:
    """What one workload saw."""

    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    holding: int = 0
    failed: int = 0
    messages: int = 0

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _holding(replies: list[dict]) -> bool:
    return any((r.get("custom") or {}).get("holding") for r in replies if isinstance(r, dict))


async def users(target: Target, *, count: int, messages: int, prefix: str = "bench",
                timeout: float = 120) -> tuple[Run, list[str]]:
    """`count` users at once, each sending `messages` one after another (waiting for replies)."""
    run = Run()
    conversations = [f"{prefix}-{uuid.uuid4().hex[:12]}" for _ in range(count)]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as http:
        async def user(conversation: str) -> None:
            for n in range(messages):
                text = QUESTIONS[(n + hash(conversation)) % len(QUESTIONS)]
                started = time.perf_counter()
                try:
                    replies = await target.send(http, conversation, text, n)
                except Exception:  # noqa: BLE001 - counted, not raised: a benchmark
                    run.failed += 1
                    continue
                run.latencies_ms.append((time.perf_counter() - started) * 1000)
                run.messages += 1
                run.holding += _holding(replies)

        started = time.perf_counter()
        await asyncio.gather(*(user(c) for c in conversations))
        run.seconds = time.perf_counter() - started
    return run, conversations


async def integrity(target: Target, conversations: list[str], *, messages: int) -> dict:
    """After a run on our gateway: messages lost (not stored, or unanswered) and answered twice."""
    lost = duplicated = 0
    async with aiohttp.ClientSession() as http:
        for conversation in conversations:
            try:
                stored = await target.history(http, conversation)
            except aiohttp.ClientResponseError:  # its first message never got through
                lost += messages
                continue
            inbound = [m for m in stored if m["direction"] == "in"]
            ids = [m["client_message_id"] for m in inbound]
            lost += messages - len(set(ids))
            duplicated += len(ids) - len(set(ids))
            directions = "".join(m["direction"][0] for m in stored)
            lost += directions.count("ii") + (not directions.endswith("o"))
    return {"lost": lost, "duplicated": duplicated}


async def nlu_only(url: str, *, rounds: int = 10) -> list[float]:
    """Rasa's NLU alone (POST /model/parse, needs --enable-api) for the same questions (ms)."""
    latencies = []
    async with aiohttp.ClientSession() as http:
        for _ in range(rounds):
            for text in QUESTIONS:
                started = time.perf_counter()
                async with http.post(f"{url}/model/parse", json={"text": text}) as resp:
                    resp.raise_for_status()
                    await resp.read()
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def growth(run: Run, *, window: int = 50) -> tuple[float, float]:
    """Mean latency of the first and the last `window` messages of one long conversation."""
    lat = run.latencies_ms
    return statistics.mean(lat[:window]), statistics.mean(lat[-window:])


async def capacity(target: Target, *, steps=(10, 25, 50, 75, 100, 150), messages: int = 5,
                   p95_ms: float = 2000) -> int:
    """The most users at once (from `steps`) served with p95 <= 2 s."""
    best = 0
    for count in steps:
        run, _ = await users(target, count=count, messages=messages, prefix="cap")
        if run.failed or run.holding or run.p(95) > p95_ms:
            break
        best = count
    return best


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


class MemorySampler:
    """Samples every process of each target twice a second; keeps each one's peak RSS."""

    def __init__(self, targets: list[Target]):
        self._targets = targets
        self.peaks: dict[str, dict[int, float]] = {t.name: {} for t in targets}
        self.names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            for target in self._targets:
                peaks = self.peaks[target.name]
                total = 0.0
                for root in target.pids:
                    for pid in tree(root):
                        rss = rss_mb(pid)
                        peaks[pid] = max(peaks.get(pid, 0.0), rss)
                        total += rss
                        if pid not in self.names:
                            self.names[pid] = _command(pid)
                peaks[0] = max(peaks.get(0, 0.0), total)  # 0: all processes at once
            self._stop.wait(0.5)


def _command(pid: int) -> str:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in args if a]
    for key in ("rasa_sdk", "serve", "run", "nginx"):
        if any(key in w for w in words):
            return {"rasa_sdk": "action server", "serve": "gateway", "run": "rasa",
                    "nginx": "nginx"}[key]
    return Path(words[0]).name if words else "?"
