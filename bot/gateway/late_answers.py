"""Keeping the holding message's promise: saved messages answered once the engine answers again.

A message that got "your message is saved" stays `pending`; the gateway offers the oldest ones
to the engine again every PENDING_RETRY_SECONDS (bot/app.py) and stores the answers in order.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.gateway.language import ENGLISH
from bot.gateway.outbox import Outbox, add_reply
from bot.gateway.rasa_client import BotEngineError, RasaClient
from bot.gateway.understanding import Understander
from bot.responses import DomainResponses
from bot.store import conversations
from bot.store.models import Conversation, Message
from bot.trends.recording import record_turn

log = logging.getLogger(__name__)


class LateAnswers:
    """Answers pending messages, oldest first, each under its conversation's lock."""

    def __init__(self, *, sessionmaker: async_sessionmaker, rasa: RasaClient, outbox: Outbox,
                 understander: Understander, responses: DomainResponses):
        self._sessionmaker = sessionmaker
        self._rasa = rasa
        self._outbox = outbox
        self._understander = understander
        self._responses = responses

    async def answer_pending(self, *, limit: int = 20) -> int:
        """Answer messages that got the holding message, oldest first; stop at the first
        the engine still cannot answer. Returns how many were answered."""
        async with self._sessionmaker() as session:
            pending = await conversations.pending_inbound(session, limit=limit)
        answered = 0
        for message in pending:
            async with self._outbox.lock(message.conversation_id):
                late = await self._late_answer(message)
            if late is None:
                return answered
            channel, replies = late
            if replies:
                answered += 1
                await self._outbox.events.notify(message.conversation_id)
                await self._outbox.deliver(message.conversation_id, channel, replies)
        return answered

    async def _late_answer(self, message: Message) -> tuple[str, list[dict]] | None:
        """Ask the engine again and store its answer; None while it still cannot answer."""
        async with self._sessionmaker() as session, session.begin():
            conversation, inbound = await self._still_pending(session, message)
            if inbound is None:
                return "", []  # deleted, or answered meanwhile
            channel, language = conversation.channel, conversation.language or ENGLISH
            if conversation.mode != "bot":  # an advocate has the conversation now
                inbound.status = "processed"
                return channel, []
        # why outside any transaction: the engine may take its whole timeout to answer.
        reading = await self._understander.read(message.text)
        metadata = reading.rasa_metadata() if language == ENGLISH else {}
        try:
            replies = await self._rasa.send(sender_id=message.conversation_id, text=message.text,
                                            input_channel=channel,
                                            metadata={**metadata, "language": language})
        except BotEngineError:
            return None
        if not replies:
            return None
        replies = [self._responses.reply("utter_answer_after_wait", language=language,
                                         values={"question": message.text[:200]}), *replies]
        async with self._sessionmaker() as session, session.begin():
            conversation, inbound = await self._still_pending(session, message)
            if inbound is None:
                return "", []
            for reply in replies:
                reply.setdefault("language", language)
                await add_reply(session, conversation, reply, author="bot", reply_to=inbound.seq)
            inbound.status = "processed"
            await record_turn(session, conversation=conversation, replies=replies, channel=channel)
        return channel, replies

    @staticmethod
    async def _still_pending(session: AsyncSession,
                             message: Message) -> tuple[Conversation | None, Message | None]:
        """The conversation and its inbound message, if that message still waits for an answer."""
        conversation = await conversations.get_conversation(
            session, conversation_id=message.conversation_id)
        inbound = await conversations.get_message(
            session, conversation_id=message.conversation_id, seq=message.seq)
        if conversation is None or inbound is None or inbound.status != "pending":
            return conversation, None
        return conversation, inbound

