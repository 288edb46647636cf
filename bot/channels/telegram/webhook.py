"""POST /telegram/webhook: the aiohttp view Telegram posts updates to (webhook mode)."""

from __future__ import annotations

import hmac
import json

from aiohttp import web
from telegram import Update

from bot.channels.telegram.bridge import TELEGRAM
from bot.gateway.keys import SETTINGS

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def telegram_webhook(request: web.Request) -> web.Response:
    """POST /telegram/webhook: check Telegram's secret header, queue the update, answer 200."""
    secret = request.app[SETTINGS].telegram_webhook_secret.encode()
    given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
    if not hmac.compare_digest(given, secret):
        return _json_error(403, "wrong or missing secret token")
    raw = await request.read()
    try:
        data = json.loads(raw)
    except ValueError:  # bad JSON or bad UTF-8
        return _json_error(400, "the body must be valid UTF-8 JSON")
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return _json_error(400, "the body must be a Telegram update")
    application = request.app[TELEGRAM].application
    try:
        update = Update.de_json(data, application.bot)
    except Exception:  # noqa: BLE001 - PTB raises KeyError/TypeError/AttributeError on bad shapes
        return _json_error(400, "the body must be a Telegram update")
    # Processed by PTB's update fetcher (concurrently across chats, in order within one),
    # so Telegram gets its 200 at once instead of waiting for the bot engine.
    await application.update_queue.put(update)
    return web.Response(status=200)
