"""A small local stand-in for Telegram's Bot API, for tests (real HTTP, real PTB client).

It answers the methods the bridge uses (getMe, setWebhook, deleteWebhook, getUpdates,
sendMessage, sendDocument, sendChatAction, answerCallbackQuery), records every call with its decoded
parameters, and hands out queued updates to getUpdates (long polling, briefly).
Also here: builders for updates shaped the way Telegram sends them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass

from aiohttp import web

# The secret the gateway under test expects on its webhook (X-Telegram-Bot-Api-Secret-Token).
WEBHOOK_SECRET = "e2e-webhook-secret"

TOKEN = "123456789:TEST-token_for-the-fake-api"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Care Rights Assistant",
            "username": "care_rights_test_bot", "can_join_groups": False,
            "can_read_all_group_messages": False, "supports_inline_queries": False}
# Parameters PTB sends JSON-encoded (everything else arrives as a plain string).
_JSON_PARAMS = {"chat_id", "offset", "limit", "timeout", "reply_markup", "allowed_updates",
                "link_preview_options", "drop_pending_updates", "show_alert", "max_connections",
                "message_id"}


@dataclass(frozen=True)
class Call:
    """One request the fake received: the Bot API method and its decoded parameters."""

    method: str
    params: dict


class FakeBotAPI:
    """Records Bot API calls; serves queued updates to getUpdates."""

    def __init__(self, token: str = TOKEN, *, max_poll_wait: float = 0.2):
        self.token = token
        self.max_poll_wait = max_poll_wait
        self.calls: list[Call] = []
        # sendMessage to these chats fails, as when the young person has blocked the bot
        self.blocked_chats: set[int] = set()
        self.base_url = ""  # set by the test once the server has a port
        self._updates: list[dict] = []
        self._new_update = asyncio.Event()
        self._message_ids = itertools.count(1000)

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        return app

    # what tests use

    def queue_update(self, update: dict) -> None:
        """Make `update` available to the next getUpdates."""
        self._updates.append(update)
        self._new_update.set()

    def calls_to(self, method: str, **where) -> list[Call]:
        """Recorded calls to `method` whose params include every `where` item."""
        return [c for c in self.calls if c.method == method
                and all(c.params.get(k) == v for k, v in where.items())]

    async def wait_for(self, method: str, *, count: int = 1, timeout: float = 5.0,
                       **where) -> list[Call]:
        """Poll the record until `count` matching calls arrived; fail clearly after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method, **where)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = [(c.method, c.params.get("chat_id")) for c in self.calls]
                raise AssertionError(f"expected {count} {method} call(s) matching {where} "
                                     f"within {timeout}s; got {len(found)}; all calls: {seen}")
            await asyncio.sleep(0.01)

    # the server side

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(Call(method, params))
        if method == "sendMessage" and params.get("chat_id") in self.blocked_chats:
            return web.json_response({"ok": False, "error_code": 403,
                                      "description": "Forbidden: bot was blocked by the user"},
                                     status=403)
        answer = getattr(self, f"_api_{method}", None)
        if answer is None:
            return web.json_response({"ok": False, "error_code": 404,
                                      "description": "Not Found: method not found"}, status=404)
        return web.json_response({"ok": True, "result": await answer(params)})

    @staticmethod
    async def _params(request: web.Request) -> dict:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        return {k: _form_value(k, v) for k, v in form.items()}

    async def _api_getMe(self, params: dict):  # noqa: N802 - Bot API method names
        return BOT_USER

    async def _api_setWebhook(self, params: dict):  # noqa: N802
        return True

    async def _api_deleteWebhook(self, params: dict):  # noqa: N802
        return True

    async def _api_sendChatAction(self, params: dict):  # noqa: N802
        return True

    async def _api_answerCallbackQuery(self, params: dict):  # noqa: N802
        return True

    async def _api_sendMessage(self, params: dict):  # noqa: N802
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": params["chat_id"], "type": "private"},
                   "from": BOT_USER, "text": params["text"]}
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_sendDocument(self, params: dict):  # noqa: N802
        document = params["document"]
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": params["chat_id"], "type": "private"}, "from": BOT_USER,
                "document": {"file_id": f"doc-{document['filename']}",
                             "file_unique_id": f"u-{document['filename']}",
                             "file_name": document["filename"]}}

    async def _api_getUpdates(self, params: dict):  # noqa: N802
        offset = params.get("offset") or 0
        self._updates = [u for u in self._updates if u["update_id"] >= offset]  # confirmed: gone
        if not self._updates and params.get("timeout"):
            self._new_update.clear()
            wait = min(float(params["timeout"]), self.max_poll_wait)
            try:
                await asyncio.wait_for(self._new_update.wait(), wait)
            except TimeoutError:
                pass
        return list(self._updates)


def _form_value(key: str, value):
    # An uploaded file (sendDocument) is kept as its name and text.
    if isinstance(value, web.FileField):
        return {"filename": value.filename, "text": value.file.read().decode("utf-8")}
    return json.loads(value) if key in _JSON_PARAMS else value


# --- updates as Telegram sends them ----------------------------------------------------------

_PERSON = {"id": 5551234567, "is_bot": False, "first_name": "Sam"}


def _message(chat_id: int, message_id: int, **fields) -> dict:
    return {"message_id": message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Sam"},
            "from": {**_PERSON, "id": chat_id}, **fields}


def text_update(update_id: int, chat_id: int, text: str) -> dict:
    """A typed message; a leading "/word" is marked as a bot command, as Telegram does."""
    fields: dict = {"text": text}
    if text.startswith("/"):
        command = text.split()[0]
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": _message(chat_id, update_id, **fields)}


def sticker_update(update_id: int, chat_id: int) -> dict:
    """A sticker (a message with no text)."""
    sticker = {"file_id": "CAACAgIAAxkB", "file_unique_id": "AgADsticker", "type": "regular",
               "width": 512, "height": 512, "is_animated": False, "is_video": False}
    return {"update_id": update_id, "message": _message(chat_id, update_id, sticker=sticker)}


def callback_update(update_id: int, chat_id: int, data: str, *,
                    query_id: str = "4382764239847239847") -> dict:
    """A press on an inline button under one of the bot's messages."""
    bot_message = {**_message(chat_id, update_id + 100000, text="Pick one"), "from": BOT_USER}
    return {"update_id": update_id,
            "callback_query": {"id": query_id, "from": {**_PERSON, "id": chat_id},
                               "chat_instance": "-7263498723", "data": data,
                               "message": bot_message}}
