"""Prepare the scaled-out set-up: its PostgreSQL databases and the load balancer's config.

Used by scripts/run_scaled.sh (`make run-scaled`) and by the tests of the scaled set-up.
Standard library only; PostgreSQL is reached with Debian's `psql` (trust auth on 127.0.0.1).
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "ops" / "nginx.scaled.conf"


def render_nginx(*, prefix: Path, port: int, gateways: list[int], rasa_port: int,
                 rasa: list[int], actions_port: int, actions: list[int]) -> Path:
    """Write nginx.conf under `prefix` (with its temp folders) and return its path."""
    prefix.mkdir(parents=True, exist_ok=True)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir(exist_ok=True)

    def servers(ports: list[int]) -> str:
        # why max_fails/fail_timeout: a killed process is skipped at once, then tried again.
        return "\n        ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"
                                 for p in ports)

    text = TEMPLATE.read_text()
    for name, value in {"PREFIX": str(prefix.resolve()), "PORT": str(port),
                        "GATEWAYS": servers(gateways), "RASA_PORT": str(rasa_port),
                        "RASA": servers(rasa), "ACTIONS_PORT": str(actions_port),
                        "ACTIONS": servers(actions)}.items():
        text = text.replace(f"@{name}@", value)
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


def psql(sql: str, *, host: str = "127.0.0.1", user: str = "postgres") -> str:
    """Run one statement on the `postgres` database; return what it printed."""
    done = subprocess.run(["psql", "-h", host, "-U", user, "-d", "postgres", "-tAc", sql],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def ensure_database(name: str, *, fresh: bool = False) -> None:
    """Create database `name` if missing (dropped first when `fresh`)."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain database name: {name!r}")
    if fresh:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
        psql(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prefix", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--gateways", required=True, help="comma-separated ports")
    parser.add_argument("--rasa-port", type=int, required=True)
    parser.add_argument("--rasa", required=True, help="comma-separated ports")
    parser.add_argument("--actions-port", type=int, required=True)
    parser.add_argument("--actions", required=True, help="comma-separated ports")
    parser.add_argument("--databases", nargs="*", default=[])
    args = parser.parse_args()
    for name in args.databases:
        ensure_database(name)

    def ports(text: str) -> list[int]:
        return [int(p) for p in text.split(",")]

    print(render_nginx(prefix=args.prefix, port=args.port, gateways=ports(args.gateways),
                       rasa_port=args.rasa_port, rasa=ports(args.rasa),
                       actions_port=args.actions_port, actions=ports(args.actions)))


if __name__ == "__main__":
    main()
