"""Signing in to the console through its real form, for console tests."""

from __future__ import annotations

import re

PASSWORD = "correct horse battery"


async def sign_in(client, username: str, password: str = PASSWORD) -> str | None:
    """Sign in through the real form; return the console CSRF token (None if refused)."""
    page = await (await client.get("/console/login")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    resp = await client.post("/console/login", data={"csrf": token, "username": username,
                                                      "password": password},
                             allow_redirects=False)
    if resp.status != 303:
        return None
    home = await (await client.get("/console/api/queue")).json()
    assert "items" in home or "error" in home
    page = await (await client.get("/console", allow_redirects=False)).text()
    match = re.search(r'name="csrf-token" content="([^"]+)"', page)
    return match.group(1) if match else ""
