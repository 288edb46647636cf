"""An HTTP client for the gateway's JSON API that keeps each conversation's secret.

It does what the web chat does: remember the X-Conversation-Token that the first reply of
a conversation carries, and send it back with every later request about that conversation.
"""

from __future__ import annotations

import re

from bot.gateway.access import TOKEN_HEADER

_PATH_ID = re.compile(r"^/api/conversations/([^/]+)/")


def conversation_in(path: str) -> str | None:
    """The conversation id an API path names (/api/conversations/{id}/messages), if any."""
    match = _PATH_ID.match(path)
    return match.group(1) if match else None


class TokenClient:
    """Wraps an aiohttp test client; anything not overridden here is the client's own."""

    def __init__(self, client):
        self._client = client
        self.tokens: dict[str, str] = {}

    def __getattr__(self, name):
        return getattr(self._client, name)

    async def post(self, path: str, *, json=None, headers=None, **kwargs):
        conversation_id = json.get("conversation_id") if isinstance(json, dict) else None
        response = await self._client.post(path, json=json, **kwargs,
                                           headers=self._with_token(conversation_id, headers))
        if response.headers.get(TOKEN_HEADER) and isinstance(conversation_id, str):
            self.tokens[conversation_id] = response.headers[TOKEN_HEADER]
        return response

    async def get(self, path: str, *, headers=None, **kwargs):
        return await self._client.get(
            path, **kwargs, headers=self._with_token(conversation_in(path), headers))

    def _with_token(self, conversation_id: str | None, headers: dict | None) -> dict:
        headers = dict(headers or {})
        if conversation_id in self.tokens and TOKEN_HEADER not in headers:
            headers[TOKEN_HEADER] = self.tokens[conversation_id]
        return headers
