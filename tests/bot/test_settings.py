from pathlib import Path

import pytest

from bot.settings import Settings


def test_environment_overrides_env_file(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("GATEWAY_PORT=9000\n# comment\nLOG_LEVEL='DEBUG'\n")
    settings = Settings.from_env({"GATEWAY_PORT": "9100"}, env_file=env_file)
    assert settings.gateway_port == 9100
    assert settings.log_level == "DEBUG"


def test_bad_number_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ValueError, match="GATEWAY_PORT must be a int"):
        Settings.from_env({"GATEWAY_PORT": "eighty"}, env_file=tmp_path / "none")


def test_secrets_are_not_in_repr():
    assert "s3cret" not in repr(Settings(telegram_bot_token="s3cret"))
