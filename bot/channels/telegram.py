"""Telegram channel: a bridge between the Bot API and the gateway's ConversationService.

Like every channel it only calls `ConversationService.receive` (and `forget`), so the
safeguarding check, routing by conversation mode and storage all happen in the gateway.
The bridge's own job is Telegram plumbing: take updates in (webhook served by our aiohttp
app, or long polling for development), turn replies into Telegram messages (text, inline
keyboards, the urgent-help card) and send them back.

Wording: the assistant's words come from Rasa or from `domain.yml` (`utter_privacy_note`,
`utter_forgotten`, `utter_text_only`); nothing a young person reads is written here, apart
from the "Source:" label that the web chat uses too.

Privacy: nothing about the Telegram user (name, username) is stored; the conversation id is
derived from the chat id only. Logs never contain message text, chat ids or the bot token.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from aiohttp import web
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.gateway.conversations import CONVERSATION_ID, BadMessage, ConversationService, Incoming
from bot.gateway.keys import CONVERSATIONS, SETTINGS
from bot.responses import DomainResponses

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Only what the bridge handles: Telegram then keeps edits, reactions, etc. to itself.
ALLOWED_UPDATES = ["message", "callback_query"]
MODES = ("webhook", "polling")
# Telegram's rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ -
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
CALLBACK_DATA_MAX_BYTES = 64
MESSAGE_MAX_UTF16 = 4096
# A reply that is only buttons still needs some text on Telegram.
_BUTTONS_ONLY_TEXT = "\N{WHITE DOWN POINTING BACKHAND INDEX}"


class TelegramConfigError(RuntimeError):
    """The Telegram settings cannot work; the message says which variable to fix."""


# --- ids -----------------------------------------------------------------------------------

_TG_CONVERSATION = re.compile(r"^tg-(?:chat-)?(-?\d+)$")


def conversation_id_for(chat_id: int) -> str:
    """The gateway conversation id for a Telegram chat (always 8-64 chars [A-Za-z0-9_-])."""
    conversation_id = f"tg-{chat_id}"
    return conversation_id if len(conversation_id) >= 8 else f"tg-chat-{chat_id}"


def chat_id_for(conversation_id: str) -> int:
    """The Telegram chat id behind a conversation id made by `conversation_id_for`."""
    match = _TG_CONVERSATION.match(conversation_id or "")
    if not match:
        raise ValueError("not a Telegram conversation id")
    return int(match.group(1))


def client_message_id(prefix: str, raw: object) -> str:
    """A retry key the gateway accepts: f"{prefix}-{raw}", hashed if that would not fit."""
    candidate = f"{prefix}-{raw}"
    if CONVERSATION_ID.match(candidate):
        return candidate
    return f"{prefix}-{hashlib.sha256(str(raw).encode()).hexdigest()[:32]}"


# --- rendering replies -------------------------------------------------------------------


class PayloadStore:
    """Button payloads too long for Telegram's 64-byte callback_data, kept in memory by hash.

    Bounded (oldest dropped first). The key is a hash of the payload, so the same payload
    always gets the same callback_data; after a restart an old long button is unknown.
    """

    PREFIX = "p:"

    def __init__(self, max_entries: int = 4096):
        self._max_entries = max_entries
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def callback_data(self, payload: str) -> str:
        """The callback_data for a button payload: the payload itself, or "p:<hash>"."""
        if len(payload.encode()) <= CALLBACK_DATA_MAX_BYTES and not payload.startswith(self.PREFIX):
            return payload
        key = self.PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:16]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self._max_entries:
            self._payloads.popitem(last=False)
        return key

    def payload(self, callback_data: str) -> str | None:
        """The payload behind callback_data, or None for an unknown (expired) "p:" key."""
        if not callback_data.startswith(self.PREFIX):
            return callback_data
        return self._payloads.get(callback_data)


@dataclass(frozen=True)
class OutgoingMessage:
    """One Telegram message to send: plain text and an optional inline keyboard."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None


def render_urgent_help(contacts: list[dict]) -> str:
    """The urgent-help card: one line per contact, with its number (as the web chat lists them)."""
    lines = []
    for contact in contacts:
        line = f"\N{BULLET} {contact.get('name', '')}".rstrip()
        details = [str(contact[k]) for k in ("phone", "text") if contact.get(k)]
        if details:
            line += ": " + " \N{EM DASH} ".join(details)
        if contact.get("hours"):
            line += f" ({contact['hours']})"
        lines.append(line)
    return "\n".join(lines)


def inline_keyboard(buttons: list[dict] | None,
                    payloads: PayloadStore) -> InlineKeyboardMarkup | None:
    """Buttons as an inline keyboard, one per row; callback_data carries the payload."""
    rows = [
        [InlineKeyboardButton(text=str(b["title"]),
                              callback_data=payloads.callback_data(str(b["payload"])))]
        for b in buttons or []
        if b.get("title") and b.get("payload")
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_MAX_UTF16) -> list[str]:
    """Split text into pieces Telegram accepts (at most `limit` UTF-16 units), at line breaks."""
    if _utf16_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while _utf16_len(line) > limit:  # one very long line: cut it
            cut = limit
            while _utf16_len(line[:cut]) > limit:
                cut -= 1
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if _utf16_len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def render_reply(reply: dict, payloads: PayloadStore) -> list[OutgoingMessage]:
    """One gateway reply as Telegram messages (usually one; long text is split)."""
    custom = reply.get("custom") or {}
    parts = []
    if custom.get("urgent_help"):
        parts.append(render_urgent_help(custom["urgent_help"]))
    text = (reply.get("text") or "").strip()
    if text:
        parts.append(text)
    if custom.get("sources"):
        parts.append("Source: " + "; ".join(str(s) for s in custom["sources"]))
    keyboard = inline_keyboard(reply.get("buttons"), payloads)
    body = "\n\n".join(parts)
    if not body and keyboard is None:
        return []
    pieces = split_text(body or _BUTTONS_ONLY_TEXT)
    return [OutgoingMessage(p) for p in pieces[:-1]] + [OutgoingMessage(pieces[-1], keyboard)]


# --- the bridge ----------------------------------------------------------------------------


class TelegramBridge:
    """Handlers for Telegram updates and sending replies, around one PTB Application."""

    def __init__(self, application: Application, *, conversations: ConversationService,
                 responses: DomainResponses):
        self.application = application
        self._conversations = conversations
        self._responses = responses
        self.payloads = PayloadStore()
        # One lock per chat, so replies to consecutive messages (and pushed messages) never
        # interleave. Weak values: a lock lives only while someone holds or waits for it.
        self._chat_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary())

    def add_handlers(self) -> None:
        """Register every handler on the PTB application."""
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        app = self.application
        app.add_handler(CommandHandler("start", self.on_start, filters=private))
        app.add_handler(CommandHandler("help", self.on_help, filters=private))
        app.add_handler(CommandHandler("topics", self.on_topics, filters=private))
        app.add_handler(CommandHandler("forget", self.on_forget, filters=private))
        app.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        app.add_handler(MessageHandler(private & ~filters.TEXT, self.on_not_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_error_handler(self.on_error)

    # handlers (one job each)

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start: the assistant's greeting (from Rasa), then the privacy note."""
        await self._converse(update.effective_chat.id, "/greet",
                             client_message_id("tg-update", update.update_id),
                             then="utter_privacy_note")

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/help: what the assistant can help with, then the privacy note."""
        await self._converse(update.effective_chat.id, "/what_can_you_do",
                             client_message_id("tg-update", update.update_id),
                             then="utter_privacy_note")

    async def on_topics(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/topics: the list of topics (the same menu as "what can you do")."""
        await self._converse(update.effective_chat.id, "/what_can_you_do",
                             client_message_id("tg-update", update.update_id))

    async def on_forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/forget: delete this chat's conversation from the gateway, then confirm."""
        chat_id = update.effective_chat.id
        lock = self._chat_lock(chat_id)
        async with lock:
            await self._conversations.forget(conversation_id=conversation_id_for(chat_id))
            await self._send(chat_id, self._domain_replies("utter_forgotten"))

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message: pass it to the gateway and send back its replies."""
        await self._converse(update.effective_chat.id, update.message.text,
                             client_message_id("tg-update", update.update_id))

    async def on_not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A sticker, photo, voice note…: say that only text messages can be read."""
        chat_id = update.effective_chat.id
        lock = self._chat_lock(chat_id)
        async with lock:
            await self._send(chat_id, self._domain_replies("utter_text_only"))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: acknowledge it, then treat its payload as the young person's text."""
        query = update.callback_query
        chat = update.effective_chat
        if chat is None or chat.type != "private":
            await query.answer()
            return
        lock = self._chat_lock(chat.id)  # before any await: presses and messages keep their order
        async with lock:
            try:
                await query.answer()  # stops the button's spinner
            except TelegramError as exc:  # e.g. an old press: still answer the payload
                log.info("telegram: answerCallbackQuery failed: %s", type(exc).__name__)
            payload = self.payloads.payload(query.data or "")
            if payload is None:  # a long payload from before a restart (or evicted): ask again
                log.info("telegram: a button press had an expired payload key")
                await self._send(chat.id, self._domain_replies("utter_rephrase"))
                return
            await self._exchange(chat.id, payload, client_message_id("tg-cb", query.id))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log a failed update: its id and the error, never the message text."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        log.error("telegram: update %s failed: %s", update_id, type(error).__name__,
                  exc_info=(type(error), error, error.__traceback__) if error else None)

    # sending

    async def deliver(self, conversation_id: str, replies: list[dict]) -> None:
        """Send replies the young person did not ask for (e.g. an advocate's message)."""
        chat_id = chat_id_for(conversation_id)
        lock = self._chat_lock(chat_id)
        async with lock:
            await self._send(chat_id, replies)

    async def _converse(self, chat_id: int, text: str, cmid: str, *,
                        then: str | None = None) -> None:
        """Give the gateway one message from this chat and send every reply back, in order."""
        lock = self._chat_lock(chat_id)
        async with lock:
            await self._exchange(chat_id, text, cmid, then=then)

    async def _exchange(self, chat_id: int, text: str, cmid: str, *,
                        then: str | None = None) -> None:
        """`_converse` without the lock (the caller holds it)."""
        await self._typing(chat_id)
        try:
            replies = await self._conversations.receive(Incoming(
                conversation_id=conversation_id_for(chat_id), channel="telegram",
                text=text, client_message_id=cmid))
        except BadMessage as exc:  # e.g. too long: the reason is written for the sender
            replies = [{"text": str(exc)}]
        if then:
            replies = [*replies, *self._domain_replies(then)]
        await self._send(chat_id, replies)

    async def _send(self, chat_id: int, replies: list[dict]) -> None:
        bot = self.application.bot
        for reply in replies:
            for message in render_reply(reply, self.payloads):
                await bot.send_message(
                    chat_id=chat_id, text=message.text, reply_markup=message.reply_markup,
                    link_preview_options=LinkPreviewOptions(is_disabled=True))

    async def _typing(self, chat_id: int) -> None:
        try:
            await self.application.bot.send_chat_action(chat_id=chat_id, action="typing")
        except TelegramError as exc:  # only a nicety: never stop a reply for it
            log.info("telegram: typing indicator failed: %s", type(exc).__name__)

    def _domain_replies(self, name: str) -> list[dict]:
        """Response `name` from domain.yml, or nothing (logged) if the domain lacks it."""
        try:
            return [self._responses.reply(name)]
        except KeyError:
            log.warning("telegram: domain.yml has no response %r; not sent", name)
            return []

    def _chat_lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._chat_locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._chat_locks[chat_id] = lock
        return lock


TELEGRAM = web.AppKey("telegram", TelegramBridge)


async def deliver(app: web.Application, conversation_id: str, replies: list[dict]) -> None:
    """Send replies to a Telegram conversation ("tg-<chat id>") the young person didn't ask for.

    Raises ValueError for a conversation id that is not a Telegram one, and TelegramError if
    Telegram refuses (e.g. the young person blocked the bot).
    """
    await app[TELEGRAM].deliver(conversation_id, replies)


# --- webhook, start-up and shutdown --------------------------------------------------------


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
    bridge.add_handlers()
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
