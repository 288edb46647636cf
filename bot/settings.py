"""All configuration in one object, read from the environment (and an optional `.env` file).

Every variable is listed, with its default, in `.env.example` and the README. Field names map
to upper-case environment variables; pydantic-settings reads and type-checks them.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime settings. Secrets (tokens) come from the environment and never appear in repr."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", env_ignore_empty=True,
                                      env_file_encoding="utf-8")

    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    public_url: str = "http://localhost:8000"
    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'app.db'}"
    # Several gateway processes behind a load balancer share Redis for per-conversation order and
    # wake-ups (`make run-scaled`); empty: one process, all in memory (`make run`).
    redis_url: str = ""
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_timeout_seconds: float = 20.0
    # After this many messages, the bot engine starts a new session (slots carried over) at the
    # next resting point, so a long conversation costs no more per message than a short one.
    engine_session_messages: int = 40
    # How often messages that got the holding message are offered to the engine again.
    pending_retry_seconds: float = 15.0
    # Rasa's tracker store (a copy of each conversation): purged and "forgotten" with ours.
    rasa_tracker_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'rasa_tracker.db'}"
    knowledge_dir: str = str(ROOT / "data" / "knowledge")
    domain_file: str = str(ROOT / "domain.yml")
    lexicon_file: str = str(ROOT / "data" / "safeguarding" / "lexicon.yml")
    welsh_lexicon_file: str = str(ROOT / "data" / "safeguarding" / "lexicon.cy.yml")
    resolved_file: str = str(ROOT / "data" / "safeguarding" / "resolved.yml")
    # The semantic readers (pretrained sentence embeddings + models trained by `make train`);
    # off: the lexicon alone checks for risk and Rasa's DIET alone reads intents.
    semantic_readers: bool = True
    semantic_models_dir: str = str(ROOT / "models" / "semantic")
    max_message_chars: int = 2000
    max_body_bytes: int = 64 * 1024
    long_poll_seconds: float = 25.0
    telegram_bot_token: str = Field(default="", repr=False)
    telegram_webhook_secret: str = Field(default="", repr=False)
    telegram_mode: str = "webhook"
    telegram_base_url: str = "https://api.telegram.org/bot"
    advocate_days: str = "mon-fri"
    advocate_hours: str = "09:00-17:00"
    advocate_timezone: str = "Europe/London"
    advocate_reply_within: str = "within one working day"
    # The same promise in advocates' working hours, for "due in 3 h" in the queue.
    advocate_reply_hours: float = 8.0
    retention_days: int = 30
    suppression_threshold: int = 5
    log_level: str = "INFO"
    # A rotating log file (mode 0600); empty: standard error. Never holds message text.
    log_file: str = ""

    @classmethod
    def from_env(cls, env_file: Path | None = None) -> Settings:
        """Build settings from `.env` (if any) overlaid by the process environment."""
        try:
            return cls(_env_file=env_file or ROOT / ".env")
        except ValidationError as exc:
            error = exc.errors()[0]
            name = str(error["loc"][0])
            kind = cls.model_fields[name].annotation
            kind = getattr(kind, "__name__", kind)
            got = error.get("input")
            raise ValueError(f"{name.upper()} must be a {kind}, got {got!r}") from None
