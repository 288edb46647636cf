"""Data functions for conversations and their messages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import Conversation, Message


async def get_conversation(session: AsyncSession, *, conversation_id: str) -> Conversation | None:
    return await session.get(Conversation, conversation_id)


async def get_or_create_conversation(
    session: AsyncSession, *, conversation_id: str, channel: str
) -> Conversation:
    """The conversation with this id, created on first contact."""
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        conversation = Conversation(id=conversation_id, channel=channel, mode="bot", last_seq=0)
        session.add(conversation)
        await session.flush()
    return conversation


async def add_message(
    session: AsyncSession,
    *,
    conversation: Conversation,
    direction: str,
    author: str,
    text: str = "",
    payload: dict | None = None,
    client_message_id: str | None = None,
    reply_to: int | None = None,
    status: str = "stored",
) -> Message:
    """Append a message with the conversation's next sequence number."""
    conversation.last_seq += 1
    message = Message(
        conversation_id=conversation.id,
        seq=conversation.last_seq,
        direction=direction,
        author=author,
        text=text,
        payload=payload or {},
        client_message_id=client_message_id,
        reply_to=reply_to,
        status=status,
    )
    session.add(message)
    await session.flush()
    return message


async def find_inbound(
    session: AsyncSession, *, conversation_id: str, client_message_id: str
) -> Message | None:
    """An inbound message already received under this client id (for safe retries)."""
    result = await session.execute(
        select(Message).where(
            Message.conversation_id == conversation_id,
            Message.client_message_id == client_message_id,
        )
    )
    return result.scalar_one_or_none()


async def get_message(session: AsyncSession, *, conversation_id: str, seq: int) -> Message | None:
    result = await session.execute(
        select(Message).where(Message.conversation_id == conversation_id, Message.seq == seq)
    )
    return result.scalar_one_or_none()


async def replies_to(session: AsyncSession, *, conversation_id: str, seq: int) -> list[Message]:
    result = await session.execute(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.reply_to == seq)
        .order_by(Message.seq)
    )
    return list(result.scalars())


async def messages_after(
    session: AsyncSession, *, conversation_id: str, after: int, limit: int = 500
) -> list[Message]:
    """Messages with a sequence number above `after`, oldest first."""
    result = await session.execute(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.seq > after)
        .order_by(Message.seq)
        .limit(limit)
    )
    return list(result.scalars())


async def delete_conversation(session: AsyncSession, *, conversation_id: str) -> bool:
    """Delete a conversation and all its messages; True if there was one."""
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        return False
    await session.delete(conversation)
    return True


async def has_pending_inbound(session: AsyncSession, *, conversation_id: str) -> bool:
    """Whether an earlier message of this conversation still waits for the engine's answer."""
    result = await session.execute(
        select(Message.seq).where(Message.conversation_id == conversation_id,
                                  Message.direction == "in", Message.status == "pending").limit(1))
    return result.first() is not None


async def pending_inbound(session: AsyncSession, *, limit: int) -> list[Message]:
    """Messages that got the holding message and still wait for an answer, oldest first."""
    result = await session.execute(
        select(Message).where(Message.direction == "in", Message.status == "pending")
        .order_by(Message.id).limit(limit))
    return list(result.scalars())
