"""Talk to the Rasa server's REST channel and check Rasa and the action server are up."""

from __future__ import annotations

import logging

import aiohttp

log = logging.getLogger(__name__)


class BotEngineError(RuntimeError):
    """Rasa could not be reached or answered with something unusable."""


class RasaClient:
    """A small client for Rasa's REST webhook; one shared aiohttp session."""

    def __init__(self, *, session: aiohttp.ClientSession, rasa_url: str, action_server_url: str,
                 timeout_seconds: float):
        self._session = session
        self._rasa_url = rasa_url.rstrip("/")
        self._action_url = action_server_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def send(self, *, sender_id: str, text: str, input_channel: str,
                   metadata: dict | None = None) -> list[dict]:
        """Send one message; return Rasa's replies merged so each text carries its `custom`."""
        body = {"sender": sender_id, "message": text, "input_channel": input_channel,
                "metadata": metadata or {}}
        try:
            async with self._session.post(f"{self._rasa_url}/webhooks/rest/webhook", json=body,
                                          timeout=self._timeout) as resp:
                if resp.status != 200:
                    raise BotEngineError(f"Rasa answered HTTP {resp.status}")
                replies = await resp.json()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise BotEngineError(f"Rasa unreachable: {exc!r}") from exc
        if not isinstance(replies, list):
            raise BotEngineError("Rasa answered with something other than a list")
        return merge_replies(replies)

    async def health(self) -> dict[str, bool]:
        """Whether Rasa and the action server each answer their health check."""
        return {
            "rasa": await self._ok(f"{self._rasa_url}/"),
            "action_server": await self._ok(f"{self._action_url}/health"),
        }

    async def _ok(self, url: str) -> bool:
        try:
            async with self._session.get(url, timeout=aiohttp.ClientTimeout(total=3)) as resp:
                return resp.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False


def merge_replies(replies: list[dict]) -> list[dict]:
    """Join Rasa's split messages back together.

    Rasa's REST channel sends an utterance's `custom` payload as a separate message
    right after its text; we attach it to that text so metadata travels with it.
    """
    merged: list[dict] = []
    for raw in replies:
        if not isinstance(raw, dict):
            continue
        reply = {k: raw[k] for k in ("text", "buttons", "custom", "image") if raw.get(k)}
        if not reply:
            continue
        is_bare_custom = set(reply) == {"custom"}
        if is_bare_custom and merged and "custom" not in merged[-1]:
            merged[-1]["custom"] = reply["custom"]
        else:
            merged.append(reply)
    return merged
