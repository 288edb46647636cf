"""Channel bridges that feed the gateway (Telegram; the web chat and API are the gateway's own)."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.gateway.keys import SETTINGS

log = logging.getLogger(__name__)


def setup_channels(app: web.Application) -> None:
    """Add every channel whose settings are present."""
    if app[SETTINGS].telegram_bot_token:
        from bot.channels.telegram import setup_telegram  # python-telegram-bot only when used

        setup_telegram(app)
    else:
        log.info("Telegram: off (no TELEGRAM_BOT_TOKEN)")
