"""The bridge between one PTB Application and the gateway's ConversationService.

Like every channel it only calls `ConversationService.receive` (and `forget`), so the
safeguarding check, routing by conversation mode and storage all happen in the gateway.
The bridge passes a chat's messages in and sends the replies back, one chat at a time.

Privacy: nothing about the Telegram user (name, username) is stored. Logs never contain
message text, chat ids or the bot token.
"""

from __future__ import annotations

import asyncio
import logging
import weakref

from aiohttp import web
from telegram import InputFile, LinkPreviewOptions
from telegram.error import TelegramError
from telegram.ext import Application

from bot.channels.telegram.formatting import PayloadStore, render_reply, split_text
from bot.channels.telegram.ids import chat_id_for, conversation_id_for
from bot.gateway.conversations import BadMessage, ConversationService, Incoming
from bot.responses import DomainResponses
from payload import CustomPayload

log = logging.getLogger(__name__)


class TelegramBridge:
    """Passes one chat's messages to the gateway and sends the replies, in order per chat."""

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

    async def converse(self, chat_id: int, text: str, cmid: str, *,
                       then: str | None = None) -> None:
        """Give the gateway one message from this chat and send every reply back, in order.

        `then` names a domain.yml response sent after the gateway's replies.
        """
        async with self.chat_lock(chat_id):
            await self.exchange(chat_id, text, cmid, then=then)

    async def exchange(self, chat_id: int, text: str, cmid: str, *,
                       then: str | None = None) -> None:
        """`converse` without the lock (the caller holds it)."""
        await self._typing(chat_id)
        try:
            replies = await self._conversations.receive(Incoming(
                conversation_id=conversation_id_for(chat_id), channel="telegram",
                text=text, client_message_id=cmid))
        except BadMessage as exc:  # e.g. too long: the reason is written for the sender
            replies = [{"text": str(exc)}]
        if then:
            language = replies[-1].get("language") if replies else None
            replies = [*replies, *self.domain_replies(then, language=language)]
        await self.send(chat_id, replies)

    async def forget(self, chat_id: int) -> None:
        """Delete this chat's conversation from the gateway, then confirm (`utter_forgotten`)."""
        async with self.chat_lock(chat_id):
            conversation_id = conversation_id_for(chat_id)
            language = await self._conversations.language_of(conversation_id)
            await self._conversations.forget(conversation_id=conversation_id)
            await self.send(chat_id, self.domain_replies("utter_forgotten", language=language))

    async def say(self, chat_id: int, name: str) -> None:
        """Send domain.yml response `name` to this chat, in turn with its other replies."""
        async with self.chat_lock(chat_id):
            language = await self._conversations.language_of(conversation_id_for(chat_id))
            await self.send(chat_id, self.domain_replies(name, language=language))

    async def deliver(self, conversation_id: str, replies: list[dict]) -> None:
        """Send replies the young person did not ask for (e.g. an advocate's message)."""
        chat_id = chat_id_for(conversation_id)
        async with self.chat_lock(chat_id):
            await self.send(chat_id, replies)

    async def send(self, chat_id: int, replies: list[dict]) -> None:
        """Send replies as Telegram messages (the caller holds the chat's lock)."""
        bot = self.application.bot
        for reply in replies:
            for message in render_reply(reply, self.payloads):
                await bot.send_message(
                    chat_id=chat_id, text=message.text, reply_markup=message.reply_markup,
                    link_preview_options=LinkPreviewOptions(is_disabled=True))
            letter = CustomPayload.of_reply(reply).letter
            if letter:
                await self._send_letter(chat_id, letter)

    async def _send_letter(self, chat_id: int, letter: dict) -> None:
        """A drafted letter: as a message to copy, and as a .txt document to keep or forward."""
        bot = self.application.bot
        for piece in split_text(letter["text"]):
            await bot.send_message(chat_id=chat_id, text=piece,
                                   link_preview_options=LinkPreviewOptions(is_disabled=True))
        name = "records-request.txt" if letter.get("kind") == "subject_access" else "complaint.txt"
        await bot.send_document(chat_id=chat_id, filename=name,
                                document=InputFile((letter["text"] + "\n").encode("utf-8"),
                                                   filename=name))

    def domain_replies(self, name: str, *, language: str | None = None) -> list[dict]:
        """Response `name` from domain.yml (in `language`), or nothing (logged) if it lacks it."""
        try:
            return [self._responses.reply(name, language=language)]
        except KeyError:
            log.warning("telegram: domain.yml has no response %r; not sent", name)
            return []

    def chat_lock(self, chat_id: int) -> asyncio.Lock:
        """The lock that keeps this chat's replies in order."""
        lock = self._chat_locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._chat_locks[chat_id] = lock
        return lock

    async def _typing(self, chat_id: int) -> None:
        try:
            await self.application.bot.send_chat_action(chat_id=chat_id, action="typing")
        except TelegramError as exc:  # only a nicety: never stop a reply for it
            log.info("telegram: typing indicator failed: %s", type(exc).__name__)


TELEGRAM = web.AppKey("telegram", TelegramBridge)


async def deliver(app: web.Application, conversation_id: str, replies: list[dict]) -> None:
    """Send replies to a Telegram conversation ("tg-<chat id>") the young person didn't ask for.

    Raises ValueError for a conversation id that is not a Telegram one, and TelegramError if
    Telegram refuses (e.g. the young person blocked the bot).
    """
    await app[TELEGRAM].deliver(conversation_id, replies)
