"""Telegram update handlers, one per job, as in python-telegram-bot's examples.

Each handler finds the chat's `TelegramBridge` in `context.bot_data` and lets it talk to the
gateway. Wording: the assistant's words come from Rasa or from `domain.yml`
(`utter_privacy_note`, `utter_forgotten`, `utter_text_only`, `utter_rephrase`).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.telegram.bridge import TelegramBridge
from bot.channels.telegram.ids import client_message_id

log = logging.getLogger(__name__)

# Where the handlers find the bridge: the PTB application's bot_data.
BRIDGE = "bridge"


def add_handlers(application: Application, bridge: TelegramBridge) -> None:
    """Register every handler on the PTB application, with the bridge they use."""
    application.bot_data[BRIDGE] = bridge
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("start", start, filters=private))
    application.add_handler(CommandHandler("help", help_command, filters=private))
    application.add_handler(CommandHandler("topics", topics, filters=private))
    application.add_handler(CommandHandler("forget", forget, filters=private))
    application.add_handler(CommandHandler(["cymraeg", "english", "saesneg"], switch_language,
                                           filters=private))
    application.add_handler(MessageHandler(private & filters.TEXT, text_message))
    application.add_handler(MessageHandler(private & ~filters.TEXT, not_text))
    application.add_handler(CallbackQueryHandler(button))
    application.add_error_handler(error_handler)


def _bridge(context: ContextTypes.DEFAULT_TYPE) -> TelegramBridge:
    return context.bot_data[BRIDGE]


def _update_key(update: Update) -> str:
    return client_message_id("tg-update", update.update_id)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: the assistant's greeting (from Rasa), then the privacy note."""
    await _bridge(context).converse(update.effective_chat.id, "/greet", _update_key(update),
                                    then="utter_privacy_note")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the assistant can help with, then the privacy note."""
    await _bridge(context).converse(update.effective_chat.id, "/what_can_you_do",
                                    _update_key(update), then="utter_privacy_note")


async def topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/topics: the list of topics (the same menu as "what can you do")."""
    await _bridge(context).converse(update.effective_chat.id, "/what_can_you_do",
                                    _update_key(update))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: delete this chat's conversation from the gateway, then confirm."""
    await _bridge(context).forget(update.effective_chat.id)


async def switch_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cymraeg, /english: answer in Welsh (or English) from now on, for this chat."""
    command = update.message.text.split()[0].split("@")[0]
    await _bridge(context).converse(update.effective_chat.id, command, _update_key(update))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message: pass it to the gateway and send back its replies."""
    await _bridge(context).converse(update.effective_chat.id, update.message.text,
                                    _update_key(update))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice note…: say that only text messages can be read."""
    await _bridge(context).say(update.effective_chat.id, "utter_text_only")


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: acknowledge it, then treat its payload as the young person's text."""
    query = update.callback_query
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        await query.answer()
        return
    bridge = _bridge(context)
    # Taken before any await: presses and messages keep their order.
    async with bridge.chat_lock(chat.id):
        try:
            await query.answer()  # stops the button's spinner
        except TelegramError as exc:  # e.g. an old press: still answer the payload
            log.info("telegram: answerCallbackQuery failed: %s", type(exc).__name__)
        payload = bridge.payloads.payload(query.data or "")
        if payload is None:  # a long payload from before a restart (or evicted): ask again
            log.info("telegram: a button press had an expired payload key")
            await bridge.send(chat.id, bridge.domain_replies("utter_rephrase"))
            return
        await bridge.exchange(chat.id, payload, client_message_id("tg-cb", query.id))


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed update: its id and the error, never the message text."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    log.error("telegram: update %s failed: %s", update_id, type(error).__name__,
              exc_info=(type(error), error, error.__traceback__) if error else None)
