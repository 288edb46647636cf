"""All configuration in one object, read from the environment (and an optional `.env` file).

Every variable is listed, with its default, in `.env.example` and the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_env_file(path: Path) -> dict[str, str]:
    """Parse KEY=value lines; comments and blank lines are ignored."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


@dataclass(frozen=True)
class Settings:
    """Runtime settings. Field names map to upper-case environment variables."""

    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    public_url: str = "http://localhost:8000"
    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'app.db'}"
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_timeout_seconds: float = 20.0
    # Rasa's tracker store (a copy of each conversation): purged and "forgotten" with ours.
    rasa_tracker_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'rasa_tracker.db'}"
    knowledge_dir: str = str(ROOT / "data" / "knowledge")
    domain_file: str = str(ROOT / "domain.yml")
    lexicon_file: str = str(ROOT / "data" / "safeguarding" / "lexicon.yml")
    max_message_chars: int = 2000
    max_body_bytes: int = 64 * 1024
    long_poll_seconds: float = 25.0
    telegram_bot_token: str = field(default="", repr=False)
    telegram_webhook_secret: str = field(default="", repr=False)
    telegram_mode: str = "webhook"
    telegram_base_url: str = "https://api.telegram.org/bot"
    session_secret: str = field(default="", repr=False)
    advocate_days: str = "mon-fri"
    advocate_hours: str = "09:00-17:00"
    advocate_timezone: str = "Europe/London"
    advocate_reply_within: str = "within one working day"
    retention_days: int = 30
    suppression_threshold: int = 5
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, env_file: Path | None = None) -> Settings:
        """Build settings from `.env` (if any) overlaid by the process environment."""
        source = read_env_file(env_file or ROOT / ".env")
        source.update(os.environ if environ is None else environ)
        values = {}
        for f in fields(cls):
            raw = source.get(f.name.upper())
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            try:
                values[f.name] = kind(raw)
            except ValueError:
                raise ValueError(f"{f.name.upper()} must be a {kind.__name__}, got {raw!r}") from None
        return cls(**values)
