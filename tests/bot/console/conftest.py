"""A gateway with four staff accounts (two advocates, a commissioner, an admin)."""

from __future__ import annotations

import pytest

from bot.app import create_app
from bot.gateway.keys import DB_SESSIONMAKER
from bot.store import staff
from tests.support.api import TokenClient
from tests.support.console import PASSWORD


@pytest.fixture
async def app_client(aiohttp_client, settings):
    app = create_app(settings)
    client = TokenClient(await aiohttp_client(app))
    async with app[DB_SESSIONMAKER]() as session, session.begin():
        for name, role in (("ava", "advocate"), ("ben", "advocate"), ("cat", "commissioner"),
                           ("root", "admin")):
            await staff.create_user(session, username=name, password=PASSWORD, role=role)
    return client
