"""Sign-in and live updates under attack: parallel guesses, missing tokens, foreign pages."""

from __future__ import annotations

import asyncio
import re

from bot.store import staff
from tests.support.console import sign_in


async def _login_form(client) -> str:
    page = await (await client.get("/console/login")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


async def test_parallel_wrong_passwords_lock_the_account(aiohttp_client, app_client):
    # Ten guesses at once, each from its own client with its own sign-in form.
    clients = [await aiohttp_client(app_client.server) for _ in range(10)]
    tokens = [await _login_form(c) for c in clients]
    responses = await asyncio.gather(*(
        c.post("/console/login", allow_redirects=False,
               data={"csrf": t, "username": "ava", "password": f"wrong guess {n:02d}!"})
        for n, (c, t) in enumerate(zip(clients, tokens))))
    assert all(r.status == 401 for r in responses)
    # Every failure counted: the account is locked, so even the right password is refused.
    assert await sign_in(app_client, "ava") is None
    page = await (await app_client.post("/console/login", allow_redirects=False, data={
        "csrf": await _login_form(app_client), "username": "ava",
        "password": "correct horse battery"})).text()
    assert "Too many failed attempts" in page


async def test_failures_below_the_limit_do_not_lock(app_client):
    for _ in range(staff.MAX_FAILED_ATTEMPTS - 1):
        assert await sign_in(app_client, "ben", "wrong password!!") is None
    assert await sign_in(app_client, "ben") is not None


async def test_sign_in_without_its_form_token_is_403(app_client):
    await app_client.get("/console/login")
    resp = await app_client.post("/console/login", allow_redirects=False,
                                 data={"username": "ava", "password": "correct horse battery"})
    assert resp.status == 403
    assert resp.headers["X-Frame-Options"] == "DENY"


async def test_a_sign_in_form_with_invalid_bytes_is_a_clear_400(app_client):
    await app_client.get("/console/login")
    resp = await app_client.post("/console/login", data=b"username=\xff\xfe&password=x",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status in (400, 403)
    assert resp.headers["Content-Security-Policy"]


async def test_live_updates_refuse_a_page_from_another_site(app_client):
    await sign_in(app_client, "ava")
    resp = await app_client.get("/console/ws", headers={
        "Origin": "https://evil.example", "Connection": "Upgrade", "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert resp.status == 403
    own = f"http://{app_client.server.host}:{app_client.server.port}"
    ws = await app_client.ws_connect("/console/ws", origin=own)
    await ws.close()


async def test_redirects_and_errors_carry_the_security_headers(app_client):
    for resp in (await app_client.get("/console", allow_redirects=False),
                 await app_client.get("/no-such-page"),
                 await app_client.get("/api/no-such-endpoint")):
        assert resp.headers["Content-Security-Policy"] and resp.headers["Cache-Control"] == \
            "no-store", resp.status
    resp = await app_client.get("/api/no-such-endpoint")
    assert resp.status == 404 and "error" in await resp.json()
    resp = await app_client.get("/no-such-page")
    assert resp.status == 404 and resp.content_type == "text/html"
