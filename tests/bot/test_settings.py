from pathlib import Path

import pytest

from bot.settings import Settings


def test_environment_overrides_env_file(tmp_path: Path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("GATEWAY_PORT=9000\n# comment\nLOG_LEVEL='DEBUG'\n")
    monkeypatch.setenv("GATEWAY_PORT", "9100")
    settings = Settings.from_env(env_file=env_file)
    assert settings.gateway_port == 9100
    assert settings.log_level == "DEBUG"


def test_bad_number_is_a_clear_error(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GATEWAY_PORT", "eighty")
    with pytest.raises(ValueError, match="GATEWAY_PORT must be a int"):
        Settings.from_env(env_file=tmp_path / "none")


def test_empty_values_mean_the_default(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "")
    assert Settings.from_env(env_file=tmp_path / "none").retention_days == 30


def test_unknown_variables_are_ignored(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("RASA_PORT", "5005")  # used by scripts/run.sh, not by the gateway
    assert Settings.from_env(env_file=tmp_path / "none").rasa_url == "http://127.0.0.1:5005"


def test_secrets_are_not_in_repr():
    assert "s3cret" not in repr(Settings(telegram_bot_token="s3cret"))
