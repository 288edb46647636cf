"""Handing a conversation to a human advocate, and back to the bot.

State lives on the conversation row: `mode` is "bot", "queued" or "advocate";
`queued_at` marks a conversation in the queue; `assigned_to` the advocate who has it.
A safeguarding flag queues a conversation as urgent even before consent: it is
claimable, but the advocate then sees only the flagged message and what follows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.handoff.hours import AdvocateHours
from bot.handoff.triage import Triage, triage
from bot.responses import DomainResponses
from bot.store import analytics, conversations, staff
from bot.store.models import AdvocateNote, Conversation, Message, StaffUser, utcnow
from payload import CustomPayload

CANCEL_COMMANDS = ("/handoff_cancel", "cancel", "stop waiting", "back to the bot",
                   "canslo", "stopio aros", "yn ôl at y bot")
OUTCOMES = ("resolved", "referred", "no_reply", "safeguarding_referral", "other")
UNANSWERED = "The young person's last message has no reply yet. Close anyway?"


class HandoffError(Exception):
    """An advocate action that cannot be done; the message is safe to show."""


@dataclass(frozen=True)
class QueueItem:
    conversation_id: str
    channel: str
    urgent: bool
    queued_at: dt.datetime
    council: str | None
    share_history: bool
    mode: str
    assigned_to: int | None
    due_at: dt.datetime | None = None
    triage: Triage | None = None
    language: str = "en"


class HandoffService:
    """Queue, claim, reply, note, transfer and close — for the console and the gateway."""

    def __init__(self, *, sessionmaker: async_sessionmaker, responses: DomainResponses,
                 hours: AdvocateHours, post):
        self._sessionmaker = sessionmaker
        self._responses = responses
        self._hours = hours
        # post(conversation_id, author, replies) stores, notifies and delivers messages.
        self._post = post

    # ---- the young person's side (called by the gateway inside its per-conversation lock) --

    async def enqueue(self, session: AsyncSession, *, conversation: Conversation,
                      share_history: bool, urgent_from_seq: int | None = None) -> list[dict]:
        """Put a conversation in the queue; return what to tell the young person."""
        first_time = conversation.queued_at is None
        if first_time:
            conversation.queued_at = utcnow()
        if urgent_from_seq is not None:
            conversation.urgent = True
            if conversation.mode == "bot" and not conversation.share_history:
                conversation.visible_from_seq = urgent_from_seq
            return []
        conversation.share_history = share_history
        conversation.visible_from_seq = 0 if share_history else conversation.last_seq + 1
        if conversation.mode == "bot":
            conversation.mode = "queued"
        if first_time:
            await analytics.record_event(session, kind="escalation", channel=conversation.channel,
                                         council=conversation.council)
        return [self.queue_status(position=await self._position(session, conversation),
                                  language=conversation.language)]

    def queue_status(self, *, position: int, language: str | None = None) -> dict:
        """'You're number N' when advocates are on; when they'll hear back otherwise."""
        if self._hours.is_open():
            reply = self._responses.reply("utter_queue_open", values={"position": position},
                                          language=language)
        else:
            reply = self._responses.reply("utter_queue_closed", language=language,
                                          values={"reply_within": self._hours.reply_within})
        return reply

    async def cancel(self, session: AsyncSession, *, conversation: Conversation) -> list[dict]:
        """Back to the bot, at the young person's request."""
        _back_to_bot(conversation)
        return [self._responses.reply("utter_handoff_cancelled", language=conversation.language)]

    async def _position(self, session: AsyncSession, conversation: Conversation) -> int:
        return next((i for i, item in enumerate(await self._queue(session), 1)
                     if item.conversation_id == conversation.id), 1)

    # ---- the advocate's side ------------------------------------------------------------

    async def queue(self, *, user: StaffUser | None = None) -> list[QueueItem]:
        """Waiting conversations, urgent first, then oldest; then those being handled.

        Showing the first words of anyone's message is a view of what they wrote: audited.
        """
        async with self._sessionmaker() as session, session.begin():
            items = await self._queue(session, include_claimed=True)
            quoted = [i.conversation_id for i in items if i.triage and i.triage.first_words]
            if user is not None and quoted:
                await staff.audit(session, user=user, action="view_queue",
                                  detail=f"first words of {len(quoted)} conversation(s)")
            return items

    async def _queue(self, session: AsyncSession, *,
                     include_claimed: bool = False) -> list[QueueItem]:
        query = select(Conversation).where(Conversation.queued_at.is_not(None))
        if not include_claimed:
            query = query.where(Conversation.assigned_to.is_(None))
        rows = list((await session.execute(query)).scalars())
        items = []
        for c in rows:
            queued_at = _aware(c.queued_at)
            triaged = None
            if include_claimed:  # the advocates' view: why each one is there
                messages = await conversations.messages_after(session, conversation_id=c.id,
                                                              after=0)
                triaged = triage(c, messages)
            items.append(QueueItem(c.id, c.channel, c.urgent, queued_at, c.council,
                                   c.share_history, c.mode, c.assigned_to,
                                   self._hours.reply_due(queued_at), triaged,
                                   c.language or "en"))
        return sorted(items, key=lambda i: (i.assigned_to is not None, not i.urgent, i.queued_at))

    async def claim(self, *, conversation_id: str, user: StaffUser) -> None:
        """Take a waiting conversation; exactly one of two racing advocates succeeds."""
        async with self._sessionmaker() as session, session.begin():
            result = await session.execute(
                update(Conversation)
                .where(and_(Conversation.id == conversation_id,
                            Conversation.queued_at.is_not(None),
                            Conversation.assigned_to.is_(None)))
                .values(assigned_to=user.id, mode="advocate")
            )
            if result.rowcount != 1:
                raise HandoffError("Someone else has already taken this conversation, "
                                   "or it has left the queue.")
            conversation = await session.get(Conversation, conversation_id)
            if not conversation.share_history and conversation.visible_from_seq == 0:
                conversation.visible_from_seq = conversation.last_seq + 1
            await staff.audit(session, user=user, action="claim", conversation_id=conversation_id)
        await self._post(conversation_id, "system",
                         [self._responses.reply("utter_advocate_joined",
                                                language=conversation.language)])

    async def transcript(
        self, *, conversation_id: str, user: StaffUser,
    ) -> tuple[Conversation, list[Message], list[AdvocateNote], list[str]]:
        """What the advocate may see (consented history or from now on), notes, topics; audited."""
        async with self._sessionmaker() as session, session.begin():
            conversation = await self._assigned(session, conversation_id, user, allow_queued=True)
            all_messages = await conversations.messages_after(
                session, conversation_id=conversation_id, after=0)
            # Topics the bot answered come from the whole chat; the text only from what was shared.
            messages = [m for m in all_messages if m.seq >= conversation.visible_from_seq]
            topics = sorted({CustomPayload.from_dict((m.payload or {}).get("custom")).topic
                             for m in all_messages if m.direction == "out"} - {None})
            notes = list((await session.execute(
                select(AdvocateNote).where(AdvocateNote.conversation_id == conversation_id)
                .order_by(AdvocateNote.id))).scalars())
            await staff.audit(session, user=user, action="view_transcript",
                              conversation_id=conversation_id)
            return conversation, messages, notes, topics

    async def reply(self, *, conversation_id: str, user: StaffUser, text: str) -> None:
        """Send the advocate's message to the young person (stored before delivery)."""
        text = _clean(text, limit=4000)
        async with self._sessionmaker() as session, session.begin():
            await self._assigned(session, conversation_id, user)
            await staff.audit(session, user=user, action="reply", conversation_id=conversation_id)
        await self._post(conversation_id, "advocate", [{"text": text}])

    async def add_note(self, *, conversation_id: str, user: StaffUser, text: str) -> None:
        """A private note, never shown to the young person."""
        text = _clean(text, limit=4000)
        async with self._sessionmaker() as session, session.begin():
            await self._assigned(session, conversation_id, user, allow_queued=True)
            session.add(AdvocateNote(conversation_id=conversation_id, author_id=user.id, text=text))
            await staff.audit(session, user=user, action="note", conversation_id=conversation_id)

    async def transfer(self, *, conversation_id: str, user: StaffUser, to_username: str) -> None:
        """Hand the conversation to another advocate."""
        async with self._sessionmaker() as session, session.begin():
            conversation = await self._assigned(session, conversation_id, user)
            advocates = select(StaffUser).where(StaffUser.username == to_username,
                                                StaffUser.role.in_(("advocate", "admin")))
            target = (await session.execute(advocates)).scalar_one_or_none()
            if target is None:
                raise HandoffError("There is no advocate with that username.")
            conversation.assigned_to = target.id
            await staff.audit(session, user=user, action="transfer",
                              conversation_id=conversation_id, detail=f"to {target.username}")

    async def close(self, *, conversation_id: str, user: StaffUser, outcome: str,
                    close_unanswered: object = False) -> None:
        """End the advocate's part: tell the young person and hand back to the bot.

        Refused while the young person's last message has no reply, unless the advocate
        confirms (`close_unanswered`).
        """
        if outcome not in OUTCOMES:
            raise HandoffError(f"Choose an outcome: {', '.join(OUTCOMES)}.")
        async with self._sessionmaker() as session, session.begin():
            conversation = await self._assigned(session, conversation_id, user)
            last = await conversations.messages_after(
                session, conversation_id=conversation_id, after=max(conversation.last_seq - 1, 0))
            if last and last[-1].direction == "in" and close_unanswered is not True:
                raise HandoffError(UNANSWERED)
            _back_to_bot(conversation)
            conversation.urgent = False
            await staff.audit(session, user=user, action="close", conversation_id=conversation_id,
                              detail=outcome)
        await self._post(conversation_id, "system",
                         [self._responses.reply("utter_advocate_closed",
                                                language=conversation.language)])

    async def _assigned(self, session: AsyncSession, conversation_id: str, user: StaffUser, *,
                        allow_queued: bool = False) -> Conversation:
        if user.role not in ("advocate", "admin"):
            raise PermissionError("only advocates can open conversations")
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None or conversation.queued_at is None:
            raise HandoffError("This conversation is not with an advocate.")
        if conversation.assigned_to == user.id or user.role == "admin":
            return conversation
        if allow_queued and conversation.assigned_to is None:
            return conversation
        raise HandoffError("Another advocate has this conversation.")


def _back_to_bot(conversation: Conversation) -> None:
    conversation.mode = "bot"
    conversation.queued_at = None
    conversation.assigned_to = None
    conversation.share_history = False
    conversation.visible_from_seq = 0


def _clean(text: object, *, limit: int) -> str:
    if not isinstance(text, str) or not text.strip():
        raise HandoffError("The message is empty.")
    text = text.replace("\x00", "").strip()
    if len(text) > limit:
        raise HandoffError(f"The message is too long (at most {limit} characters).")
    return text


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value
