"""Several real gateway processes on PostgreSQL and Redis behind Debian's nginx, for tests.

They share the session's real Rasa (through a TCP proxy that can make it slow) and the same
rendering of the load balancer's config as `make run-scaled` (scripts/scaled.py).
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from redis import Redis

from tests.support.net import free_port
from tests.support.proxy import TcpProxy
from tests.support.stack import ROOT, Stack, wait_http

REDIS_DB = 14  # the tests' own; `make run-scaled` uses 0 (and Rasa's lock store 1)


def _scaled_module():
    spec = importlib.util.spec_from_file_location("scaled", ROOT / "scripts" / "scaled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class ScaledGateways:
    """`count` gateways sharing one PostgreSQL store and Redis; `balanced` is nginx in front."""

    stack: Stack
    workdir: Path
    count: int = 2
    gateways: list[Stack] = field(default_factory=list)
    tokens: dict = field(default_factory=dict)
    database: str = ""
    engine: TcpProxy | None = None
    balanced: Stack | None = None
    nginx: subprocess.Popen | None = None

    @property
    def database_url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1/{self.database}"

    def start(self) -> ScaledGateways:
        scaled = _scaled_module()
        self.database = f"care_rights_test_{uuid.uuid4().hex[:8]}"
        scaled.ensure_database(self.database, fresh=True)
        Redis(db=REDIS_DB).flushdb()
        self.engine = TcpProxy(target_port=self.stack.rasa_port)
        self.engine.open()
        env = {"DATABASE_URL": self.database_url,
               "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
               "RASA_URL": f"http://127.0.0.1:{self.engine.port}",
               "RASA_TRACKER_URL": f"sqlite+aiosqlite:///{self.stack.workdir / 'tracker.db'}"}
        for n in range(self.count):
            gateway = Stack(workdir=self.workdir / f"gateway-{n}", env_overrides=env,
                            rasa_port=self.stack.rasa_port, action_port=self.stack.action_port,
                            tokens=self.tokens)
            gateway.workdir.mkdir(parents=True, exist_ok=True)
            gateway.start_gateway()  # one after another: the first creates the tables alone
            self.gateways.append(gateway)
        self._start_nginx()
        return self

    def _start_nginx(self) -> None:
        port = free_port()
        conf = _scaled_module().render_nginx(
            prefix=self.workdir / "nginx", port=port,
            gateways=[g.gateway_port for g in self.gateways],
            rasa_port=free_port(), rasa=[self.stack.rasa_port],
            actions_port=free_port(), actions=[self.stack.action_port])
        log = open(self.workdir / "nginx.log", "wb")
        self.nginx = subprocess.Popen(["nginx", "-p", str(conf.parent), "-c", str(conf)],
                                      stdout=log, stderr=subprocess.STDOUT)
        self.balanced = Stack(workdir=self.workdir, gateway_port=port, tokens=self.tokens)
        wait_http(self.balanced.url + "/healthz", timeout=30, procs=[self.nginx])

    def add_user(self, username: str, password: str, role: str = "advocate") -> None:
        env = dict(os.environ, DATABASE_URL=self.database_url, PYTHONPATH=str(ROOT))
        subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot", "users", "add", username,
                        "--role", role, "--password-stdin"], input=password + "\n", text=True,
                       env=env, cwd=ROOT, check=True, capture_output=True)

    def kill(self, n: int) -> None:
        """Kill gateway `n` at once, as a crash would (no clean shutdown)."""
        proc = self.gateways[n].procs["gateway"]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        for gateway in self.gateways:
            gateway.stop()
        if self.engine is not None:
            self.engine.close()
        if self.database:
            _scaled_module().psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
