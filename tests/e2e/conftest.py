"""Fixtures that start the real processes once per test session."""

from __future__ import annotations

import asyncio
import threading

import pytest
from aiohttp import web

from tests.support.fake_bot_api import WEBHOOK_SECRET, FakeBotAPI
from tests.support.stack import Stack, free_port


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The full product: action server, Rasa server and gateway."""
    running = Stack(workdir=tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def engine_down_stack(tmp_path_factory):
    """A gateway whose bot engine (Rasa and the action server) is not running."""
    running = Stack(workdir=tmp_path_factory.mktemp("down"), with_bot_engine=False).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def fake_telegram():
    """The fake Bot API, served from its own thread and event loop."""
    fake = FakeBotAPI()
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()

    async def serve():
        runner = web.AppRunner(fake.make_app())
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        started.set()
        return runner

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    runner = asyncio.run_coroutine_threadsafe(serve(), loop).result(10)
    started.wait(10)
    fake.base_url = f"http://127.0.0.1:{port}/bot"
    yield fake
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)


@pytest.fixture(scope="module")
def telegram_gateway(stack, fake_telegram, tmp_path_factory):
    """A second gateway on the same Rasa, with Telegram switched on in webhook mode."""
    gateway_port = free_port()
    gateway = Stack(workdir=tmp_path_factory.mktemp("tg"), gateway_port=gateway_port,
                    rasa_port=stack.rasa_port, action_port=stack.action_port,
                    env_overrides={
                        "TELEGRAM_BOT_TOKEN": fake_telegram.token,
                        "TELEGRAM_BASE_URL": fake_telegram.base_url,
                        "TELEGRAM_MODE": "webhook",
                        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                        "PUBLIC_URL": f"http://127.0.0.1:{gateway_port}",
                    })
    gateway.start_gateway()
    yield gateway
    gateway.stop()
