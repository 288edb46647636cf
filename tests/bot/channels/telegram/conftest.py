"""A gateway with the bot engine down and Telegram on, pointed at a fake Bot API.

With the bot engine unreachable every answer is the holding message from domain.yml, and
risky text gets the gateway's own urgent-help card: enough to prove the bridge carries
messages both ways, keeps the secret, and renders replies for Telegram. The wording is
the repository's real domain.yml (the `domain` fixture reads it for assertions).
"""

from __future__ import annotations

import shutil

import pytest

from bot.app import create_app
from bot.responses import DomainResponses
from bot.settings import Settings
from tests.bot.channels.telegram.telegram_client import SECRET
from tests.support.fake_bot_api import TOKEN, FakeBotAPI


@pytest.fixture
async def fake_api(aiohttp_server) -> FakeBotAPI:
    fake = FakeBotAPI()
    server = await aiohttp_server(fake.make_app())
    fake.base_url = f"http://127.0.0.1:{server.port}/bot"
    return fake


@pytest.fixture(scope="session")
def knowledge_dir(tmp_path_factory, repo_root):
    """One real knowledge-base file instead of all of them: the bridge never reads answers
    (the bot engine is down), and loading the whole base would slow every start-up."""
    directory = tmp_path_factory.mktemp("knowledge")
    smallest = min((repo_root / "data" / "knowledge").glob("*.yml"), key=lambda p: p.stat().st_size)
    shutil.copy(smallest, directory / smallest.name)
    return directory


@pytest.fixture
def telegram_fields(fake_api, knowledge_dir) -> dict:
    """Overrides for `make_settings`: Telegram on in webhook mode, talking to the fake."""
    return {
        "knowledge_dir": str(knowledge_dir),
        "public_url": "https://care-rights.example.org",
        "telegram_bot_token": TOKEN,
        "telegram_webhook_secret": SECRET,
        "telegram_mode": "webhook",
        "telegram_base_url": fake_api.base_url,
    }


@pytest.fixture
def settings(make_settings, telegram_fields) -> Settings:
    return make_settings(**telegram_fields)


@pytest.fixture
def domain(settings) -> DomainResponses:
    """The wording the gateway uses: the repository's domain.yml (the settings' default)."""
    assert settings.domain_file == Settings.model_fields["domain_file"].default
    return DomainResponses.from_file(settings.domain_file)


@pytest.fixture
async def client(aiohttp_client, settings):
    return await aiohttp_client(create_app(settings))
