"""Telegram channel: a bridge between the Bot API and the gateway's ConversationService.

The app factory calls `setup_telegram(app)`; everything else is Telegram plumbing:

    setup       settings check, webhook route, PTB Application start-up and shutdown
    webhook     the aiohttp view Telegram posts updates to (checks the secret header)
    handlers    one handler per job (/start, /help, /topics, /forget, text, buttons…)
    bridge      passes a chat's messages to the gateway and sends the replies, in order
    formatting  replies as Telegram text, inline keyboards and short callback keys
    ids         conversation ids from chat ids, retry keys
"""

from bot.channels.telegram.bridge import TELEGRAM, TelegramBridge, deliver
from bot.channels.telegram.formatting import (
    OutgoingMessage,
    PayloadStore,
    inline_keyboard,
    render_reply,
    render_urgent_help,
    split_text,
)
from bot.channels.telegram.ids import chat_id_for, client_message_id, conversation_id_for
from bot.channels.telegram.lifecycle import (
    ALLOWED_UPDATES,
    TelegramConfigError,
    setup_telegram,
    telegram_ctx,
)
from bot.channels.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, telegram_webhook

__all__ = [
    "ALLOWED_UPDATES",
    "SECRET_HEADER",
    "TELEGRAM",
    "WEBHOOK_PATH",
    "OutgoingMessage",
    "PayloadStore",
    "TelegramBridge",
    "TelegramConfigError",
    "chat_id_for",
    "client_message_id",
    "conversation_id_for",
    "deliver",
    "inline_keyboard",
    "render_reply",
    "render_urgent_help",
    "setup_telegram",
    "split_text",
    "telegram_ctx",
    "telegram_webhook",
]
