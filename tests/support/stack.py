"""Start the real action server, Rasa server and gateway on free ports, for tests and benchmarks."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.gateway.access import TOKEN_HEADER
from tests.support.api import conversation_in
from tests.support.net import free_port

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"


def wait_http(url: str, *, timeout: float, procs: list[subprocess.Popen] = ()) -> None:
    """Wait until `url` answers 200, failing early if a process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                log = Path(getattr(proc, "log_path", "")) if getattr(proc, "log_path", "") else None
                tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
                raise RuntimeError(
                    f"{proc.args[:3]} exited with {proc.returncode} during start-up:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not healthy after {timeout}s")


@dataclass
class Stack:
    """A running set of processes; `url` is the gateway's base URL."""

    workdir: Path
    env_overrides: dict = field(default_factory=dict)
    with_bot_engine: bool = True
    procs: dict = field(default_factory=dict)
    gateway_port: int = 0
    rasa_port: int = 0
    action_port: int = 0
    # Each conversation's secret, kept as the web chat keeps it (X-Conversation-Token).
    tokens: dict = field(default_factory=dict)

    @property
    def rasa_log(self) -> Path:
        """Rasa's own log (through ops/rasa-logging.yml); its stdout goes to rasa.log."""
        return self.workdir / "rasa-events.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def _env(self) -> dict:
        env = dict(os.environ)
        env.update(RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT), SANIC_HOST="127.0.0.1",
                   TF_CPP_MIN_LOG_LEVEL="3")
        return env

    def _start(self, name: str, cmd: list[str], env: dict) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "wb")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        proc.log_path = str(self.workdir / f"{name}.log")
        self.procs[name] = proc
        return proc

    def start_bot_engine(self) -> None:
        if not MODEL.exists():
            raise RuntimeError("no trained model: run scripts/train_if_needed.sh first")
        self.rasa_port, self.action_port = free_port(), free_port()
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            f'tracker_store:\n  type: rasa_runner.tracker_store.LeanSQLTrackerStore\n'
            f'  dialect: sqlite\n'
            f'  db: "{self.workdir / "tracker.db"}"\n'
        )
        env = self._env()
        actions = self._start_actions()
        env["RASA_LOG_FILE"] = str(self.rasa_log)
        # rasa_runner: Rasa's own `rasa run`, with the action-result schema checked once.
        rasa = self._start("rasa", [str(ROOT / ".venv-rasa/bin/python"), "-m", "rasa_runner",
                                    "run", "--model", str(MODEL),
                                    "--interface", "127.0.0.1", "--port", str(self.rasa_port),
                                    "--credentials", str(ROOT / "credentials.yml"),
                                    "--endpoints", str(endpoints),
                                    "--logging-config-file", str(ROOT / "ops/rasa-logging.yml")],
                           env)
        wait_http(f"http://127.0.0.1:{self.action_port}/health", timeout=120, procs=[actions])
        wait_http(f"http://127.0.0.1:{self.rasa_port}/", timeout=240, procs=[rasa])

    def _start_actions(self, **extra_env: str) -> subprocess.Popen:
        env = {**self._env(), **extra_env}
        return self._start("actions", [str(ROOT / ".venv-rasa/bin/python"), "-m", "rasa_sdk",
                                       "--actions", "actions",
                                       "--port", str(self.action_port)], env)

    def restart_actions(self, **extra_env: str) -> None:
        """Start the action server again on its port, with these extra environment variables."""
        old = self.procs["actions"]
        old.terminate()
        old.wait(timeout=10)
        actions = self._start_actions(**extra_env)
        wait_http(f"http://127.0.0.1:{self.action_port}/health", timeout=120, procs=[actions])

    def start_gateway(self) -> None:
        self.gateway_port = self.gateway_port or free_port()
        env = self._env()
        env.update(
            GATEWAY_PORT=str(self.gateway_port),
            DATABASE_URL=f"sqlite+aiosqlite:///{self.workdir / 'app.db'}",
            # Without a bot engine, point at ports where nothing listens: Rasa is truly down.
            RASA_URL=f"http://127.0.0.1:{self.rasa_port or free_port()}",
            ACTION_SERVER_URL=f"http://127.0.0.1:{self.action_port or free_port()}",
            RASA_TIMEOUT_SECONDS="30",
            RASA_TRACKER_URL=f"sqlite+aiosqlite:///{self.workdir / 'tracker.db'}",
        )
        env.update(self.env_overrides)
        gateway = self._start("gateway",
                              [str(ROOT / ".venv/bin/python"), "-m", "bot", "serve"], env)
        health = "/healthz" if self.with_bot_engine else "/static/chat.css"
        wait_http(self.url + health, timeout=60, procs=[gateway])

    def start(self) -> Stack:
        if self.with_bot_engine:
            self.start_bot_engine()
        self.start_gateway()
        return self

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()

    def post(self, path: str, body: object, *, raw: bytes | None = None) -> tuple[int, object]:
        """POST JSON (or raw bytes) to the gateway; return status and decoded JSON (or None)."""
        data = raw if raw is not None else json.dumps(body).encode()
        conversation_id = body.get("conversation_id") if isinstance(body, dict) else None
        headers = {"Content-Type": "application/json", **self._token_header(conversation_id)}
        req = urllib.request.Request(self.url + path, data=data, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                if resp.headers.get(TOKEN_HEADER) and isinstance(conversation_id, str):
                    self.tokens[conversation_id] = resp.headers[TOKEN_HEADER]
                payload = resp.read()
                return resp.status, json.loads(payload) if payload else None
        except urllib.error.HTTPError as err:
            payload = err.read()
            return err.code, json.loads(payload) if payload else None

    def get(self, path: str, *, token: str | None = None) -> tuple[int, object]:
        """GET from the gateway, with the conversation's secret when the path names one."""
        headers = {TOKEN_HEADER: token} if token else self._token_header(conversation_in(path))
        req = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def _token_header(self, conversation_id: str | None) -> dict:
        token = self.tokens.get(conversation_id) if conversation_id else None
        return {TOKEN_HEADER: token} if token else {}

    def say(self, conversation_id: str, text: str, **extra) -> list[dict]:
        """Send one message through POST /api/messages and return the replies."""
        status, replies = self.post("/api/messages",
                                    {"conversation_id": conversation_id, "text": text, **extra})
        assert status == 200, (status, replies)
        return replies
