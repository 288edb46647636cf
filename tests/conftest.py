"""Shared fixtures: the repository root and one isolated settings object.

Every test that builds the gateway takes `settings` (or `make_settings` to override a
field): its databases live in the test's own temporary folder, so no test touches `var/`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.net import free_port

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.support.var_guard"]  # the run fails if any test touched var/


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def make_settings(tmp_path):
    """Settings with temporary databases and an unreachable bot engine; overrides by keyword."""
    from bot.settings import Settings  # the gateway's environment only (not .venv-rasa)

    def make(**overrides) -> Settings:
        values = dict(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
            rasa_tracker_url=f"sqlite+aiosqlite:///{tmp_path / 'rasa_tracker.db'}",
            rasa_url=f"http://127.0.0.1:{free_port()}",
            action_server_url=f"http://127.0.0.1:{free_port()}",
            rasa_timeout_seconds=2,
            long_poll_seconds=1,
        )
        values.update(overrides)
        return Settings(**values)
    return make


@pytest.fixture
def settings(make_settings):
    return make_settings()
