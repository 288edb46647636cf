"""The error middleware over real HTTP: every failure is a clear, honest error."""

from __future__ import annotations

from aiohttp import web

from bot.gateway.coordination import LockTimeout
from bot.gateway.middleware import error_middleware, security_headers_middleware


async def _busy(request: web.Request) -> web.Response:
    raise LockTimeout("a conversation stayed busy too long")


async def test_a_conversation_busy_too_long_is_a_503_that_says_nothing_was_saved(aiohttp_client):
    app = web.Application(middlewares=[security_headers_middleware, error_middleware])
    app.router.add_post("/api/messages", _busy)
    client = await aiohttp_client(app)
    resp = await client.post("/api/messages", json={})
    assert resp.status == 503
    assert "not saved" in (await resp.json())["error"]
    assert resp.headers["Cache-Control"] == "no-store"
