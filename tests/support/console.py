"""Signing in to the console through its real form, for console tests."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request

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


class Console:
    """An advocate's browser session with the console, over plain HTTP with cookies."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def sign_in(self, username: str, password: str) -> None:
        page = self.opener.open(self.base_url + "/console/login").read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": token, "username": username,
                                       "password": password}).encode()
        home = self.opener.open(self.base_url + "/console/login", data=form).read().decode()
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', home).group(1)

    def get(self, path: str) -> dict:
        return json.loads(self.opener.open(self.base_url + "/console/api" + path).read())

    def post(self, path: str, body: dict) -> dict:
        req = urllib.request.Request(self.base_url + "/console/api" + path,
                                     data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "X-CSRF-Token": self.csrf})
        return json.loads(self.opener.open(req).read())
