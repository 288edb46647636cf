"""The scaled-out set-up for tests: real gateways on PostgreSQL and Redis behind Debian's nginx,
and a Rasa on `endpoints.scaled.yml` (PostgreSQL tracker store, Redis lock store) behind it too.

Rasa uses the session's action server; the gateways reach Rasa through a TCP proxy that can make
it slow. The load balancer's config is rendered as `make run-scaled` renders it (scripts/scaled.py).
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
from tests.support.stack import MODEL, ROOT, Stack, wait_http

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
    rasa: Stack | None = None
    rasa_port: int = 0
    nginx_rasa_port: int = 0

    @property
    def database_url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1/{self.database}"

    def start(self) -> ScaledGateways:
        scaled = _scaled_module()
        self.database = f"care_rights_test_{uuid.uuid4().hex[:8]}"
        for name in (self.database, self.database + "_tracker"):
            scaled.ensure_database(name, fresh=True)
        Redis(db=REDIS_DB).flushdb()
        self.rasa_port, self.nginx_rasa_port = free_port(), free_port()
        self._start_rasa()
        self.engine = TcpProxy(target_port=self.nginx_rasa_port)
        self.engine.open()
        env = {"DATABASE_URL": self.database_url,
               "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
               "RASA_URL": f"http://127.0.0.1:{self.engine.port}",
               "RASA_TRACKER_URL": self.database_url + "_tracker"}
        for n in range(self.count):
            # with_bot_engine=False: started while Rasa still loads (it is waited for below).
            gateway = Stack(workdir=self.workdir / f"gateway-{n}", env_overrides=env,
                            with_bot_engine=False, rasa_port=self.rasa_port,
                            action_port=self.stack.action_port, tokens=self.tokens)
            gateway.workdir.mkdir(parents=True, exist_ok=True)
            gateway.start_gateway()  # one after another: the first creates the tables alone
            self.gateways.append(gateway)
        wait_http(f"http://127.0.0.1:{self.rasa_port}/", timeout=300,
                  procs=[self.rasa.procs["rasa"]])
        self._start_nginx()
        return self

    def _start_rasa(self) -> None:
        """Rasa as `make run-scaled` starts it: endpoints.scaled.yml, values from the env."""
        self.rasa = Stack(workdir=self.workdir / "rasa", rasa_port=self.rasa_port)
        self.rasa.workdir.mkdir(parents=True, exist_ok=True)
        env = {**self.rasa._env(),
               "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.stack.action_port}/webhook",
               "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432",
               "TRACKER_DB_NAME": self.database + "_tracker", "TRACKER_DB_USER": "postgres",
               "TRACKER_DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
               "RASA_LOG_FILE": str(self.rasa.workdir / "rasa-events.log")}
        self.rasa._start("rasa", [str(ROOT / ".venv-rasa/bin/python"), "-m", "rasa_runner",
                                  "run", "--model", str(MODEL),
                                  "--interface", "127.0.0.1", "--port", str(self.rasa_port),
                                  "--credentials", str(ROOT / "credentials.yml"),
                                  "--endpoints", str(ROOT / "endpoints.scaled.yml"),
                                  "--logging-config-file", str(ROOT / "ops/rasa-logging.yml")],
                         env)

    def _start_nginx(self) -> None:
        port = free_port()
        conf = _scaled_module().render_nginx(
            prefix=self.workdir / "nginx", port=port,
            gateways=[g.gateway_port for g in self.gateways],
            rasa_port=self.nginx_rasa_port, rasa=[self.rasa_port],
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
        for gateway in [*self.gateways, self.rasa]:
            gateway.stop()
        if self.engine is not None:
            self.engine.close()
        if self.database:
            for name in (self.database, self.database + "_tracker"):
                _scaled_module().psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
