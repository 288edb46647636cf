"""Switch the Telegram channel on: check the settings, add the webhook route, and run the
PTB Application (start-up and shutdown) in the aiohttp app's cleanup_ctx.

Updates come in through the webhook served by our aiohttp app, or by long polling for
development (TELEGRAM_MODE=polling).
"""

from __future__ import annotations

import logging
import re

from aiohttp import web
from telegram.error import TelegramError
from telegram.ext import Application

from bot.channels.telegram.bridge import TELEGRAM, TelegramBridge
from bot.channels.telegram.handlers import add_handlers
from bot.channels.telegram.webhook import WEBHOOK_PATH, telegram_webhook
from bot.gateway.keys import CONVERSATIONS, SETTINGS
from bot.responses import DomainResponses

log = logging.getLogger(__name__)

# Only what the bridge handles: Telegram then keeps edits, reactions, etc. to itself.
ALLOWED_UPDATES = ["message", "callback_query"]
MODES = ("webhook", "polling")
# Telegram's rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ -
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class TelegramConfigError(RuntimeError):
    """The Telegram settings cannot work; the message says which variable to fix."""


def setup_telegram(app: web.Application) -> None:
    """Add the Telegram channel to the gateway: start-up/shutdown and (webhook mode) the route.

    Raises TelegramConfigError at once for settings that cannot work.
    """
    settings = app[SETTINGS]
    if settings.telegram_mode not in MODES:
        raise TelegramConfigError(
            f"TELEGRAM_MODE must be 'webhook' or 'polling', got {settings.telegram_mode!r}")
    if settings.telegram_mode == "webhook":
        if not settings.telegram_webhook_secret:
            raise TelegramConfigError(
                "Telegram webhook mode needs TELEGRAM_WEBHOOK_SECRET (so only Telegram can post "
                "updates); set it, or use TELEGRAM_MODE=polling for development")
        if not _SECRET_TOKEN.match(settings.telegram_webhook_secret):
            raise TelegramConfigError(
                "TELEGRAM_WEBHOOK_SECRET must be 1-256 letters, digits, '_' or '-' "
                "(Telegram's rule for secret_token)")
        app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    _keep_secrets_out_of_logs()
    app.cleanup_ctx.append(telegram_ctx)


async def telegram_ctx(app: web.Application):
    """Build, start and (on shutdown) stop the PTB application for this gateway."""
    settings = app[SETTINGS]
    webhook = settings.telegram_mode == "webhook"
    builder = (Application.builder()
               .token(settings.telegram_bot_token)
               .base_url(settings.telegram_base_url)
               .concurrent_updates(True))
    if webhook:
        builder = builder.updater(None)  # the webhook is served by our own aiohttp app
    application = builder.build()
    bridge = TelegramBridge(application, conversations=app[CONVERSATIONS],
                            responses=DomainResponses.from_file(settings.domain_file))
    add_handlers(application, bridge)
    app[TELEGRAM] = bridge
    # Advocates' replies reach a Telegram user without them asking.
    app[CONVERSATIONS].add_deliverer("telegram", bridge.deliver)

    try:
        await application.initialize()  # getMe: fails here on a wrong token
    except TelegramError as exc:
        await application.bot.shutdown()  # close its HTTP clients
        # `from None` and no raw token: PTB's InvalidToken message quotes the token.
        detail = str(exc).replace(settings.telegram_bot_token, "<TELEGRAM_BOT_TOKEN>")
        raise TelegramConfigError(
            f"Telegram: could not start ({type(exc).__name__}: {detail}); "
            "check TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL") from None
    try:
        if webhook:
            await application.bot.set_webhook(
                url=f"{settings.public_url.rstrip('/')}{WEBHOOK_PATH}",
                secret_token=settings.telegram_webhook_secret,
                allowed_updates=ALLOWED_UPDATES)
        else:
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        await application.start()
    except BaseException:
        if application.updater and application.updater.running:
            await application.updater.stop()
        await application.shutdown()
        raise
    log.info("Telegram: on (%s mode)", settings.telegram_mode)

    yield

    # Pending updates already queued are processed before stop() returns.
    if application.updater and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    log.info("Telegram: stopped")


def _keep_secrets_out_of_logs() -> None:
    # why: httpx logs every request URL at INFO, and Bot API URLs contain the bot token;
    # PTB logs whole updates (with what the young person wrote) at DEBUG. Levels are set
    # explicitly so that turning the root logger to DEBUG later cannot undo this.
    root_level = logging.getLogger().getEffectiveLevel()
    for name, floor in (("httpx", logging.WARNING), ("httpcore", logging.WARNING),
                        ("telegram", logging.INFO)):
        logging.getLogger(name).setLevel(max(floor, root_level))
