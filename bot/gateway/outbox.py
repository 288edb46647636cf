"""Messages nobody asked for (an advocate's, a system line): store, wake readers, deliver.

The outbox also owns the per-conversation locks, so a reply being written by the
gateway and an advocate's message never interleave in one conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.gateway.coordination import LocalLocks, RedisLocks
from bot.gateway.events import ConversationEvents
from bot.gateway.incoming import BadMessage
from bot.store import conversations
from bot.store.models import Conversation

log = logging.getLogger(__name__)

Deliverer = Callable[[str, list[dict]], Awaitable[None]]


class Outbox:
    """Stores outgoing messages and pushes them to channels that can be pushed to."""

    def __init__(self, *, sessionmaker: async_sessionmaker, events: ConversationEvents,
                 locks: LocalLocks | RedisLocks | None = None):
        self._sessionmaker = sessionmaker
        self.events = events
        self._locks = locks or LocalLocks()
        self._deliverers: dict[str, Deliverer] = {}

    def lock(self, conversation_id: str) -> AbstractAsyncContextManager:
        """The lock that keeps one conversation's messages in order (across processes too)."""
        return self._locks.lock(conversation_id)

    def add_deliverer(self, channel: str, deliverer: Deliverer) -> None:
        """Push messages the young person did not ask for (an advocate's) on `channel`.

        Channels without one (web, API) collect them by polling.
        """
        self._deliverers[channel] = deliverer

    async def post(self, conversation_id: str, author: str, replies: list[dict]) -> list[dict]:
        """Store messages, wake readers, then deliver them where a channel can be pushed to."""
        async with self.lock(conversation_id):
            async with self._sessionmaker() as session, session.begin():
                conversation = await conversations.get_conversation(
                    session, conversation_id=conversation_id)
                if conversation is None:
                    raise BadMessage("no such conversation")
                channel = conversation.channel
                for reply in replies:
                    await add_reply(session, conversation, reply, author=author, reply_to=None)
        await self.events.notify(conversation_id)
        await self.deliver(conversation_id, channel, replies)
        return replies

    async def deliver(self, conversation_id: str, channel: str, replies: list[dict]) -> None:
        """Push stored messages where the channel can be pushed to (Telegram); others poll."""
        deliverer = self._deliverers.get(channel)
        if deliverer:
            try:
                await deliverer(conversation_id, replies)
            except Exception:  # noqa: BLE001 - stored already; the young person gets it on return
                log.exception("could not deliver to a %s conversation now", channel)


async def add_reply(session: AsyncSession, conversation: Conversation, reply: dict, *,
                    author: str, reply_to: int | None) -> None:
    """Store one outgoing message; give the reply its sequence number and author."""
    payload = {k: reply[k] for k in ("buttons", "custom", "language") if reply.get(k)}
    message = await conversations.add_message(
        session, conversation=conversation, direction="out", author=author,
        text=reply.get("text", ""), payload=payload, reply_to=reply_to, status="processed")
    reply["seq"] = message.seq
    reply["author"] = author
