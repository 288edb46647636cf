"""The heart of the gateway: store every message, check it for risk, route it, store replies.

Channels call `ConversationService.receive`; they never talk to Rasa. Where a message
goes depends only on the conversation's `mode` ("bot" today; the advocate handoff adds
"queued" and "advocate"), so switching a conversation never touches channel code.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.gateway.rasa_client import BotEngineError, RasaClient
from bot.responses import DomainResponses
from bot.safeguarding import RiskDetector, RiskFinding
from bot.store import analytics, conversations
from bot.store.models import Message

log = logging.getLogger(__name__)

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
CHANNELS = ("web", "api", "telegram")


class BadMessage(ValueError):
    """A message the gateway refuses, with a reason the sender can read."""


@dataclass(frozen=True)
class Incoming:
    """One message from a young person, as a channel hands it over."""

    conversation_id: str
    channel: str
    text: str
    client_message_id: str | None = None


class ConversationEvents:
    """Wakes long-polling readers when a conversation gets new messages."""

    def __init__(self) -> None:
        self._conditions: dict[str, asyncio.Condition] = defaultdict(asyncio.Condition)

    async def notify(self, conversation_id: str) -> None:
        condition = self._conditions[conversation_id]
        async with condition:
            condition.notify_all()

    async def wait(self, conversation_id: str, timeout: float) -> None:
        """Return when the conversation changes or after `timeout` seconds."""
        condition = self._conditions[conversation_id]
        async with condition:
            try:
                await asyncio.wait_for(condition.wait(), timeout)
            except TimeoutError:
                pass


class ConversationService:
    """Receives messages from every channel and produces the replies."""

    def __init__(self, *, sessionmaker: async_sessionmaker, rasa: RasaClient,
                 detector: RiskDetector, responses: DomainResponses, events: ConversationEvents,
                 max_message_chars: int):
        self._sessionmaker = sessionmaker
        self._rasa = rasa
        self._detector = detector
        self._responses = responses
        self._events = events
        self._max_chars = max_message_chars
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def validate(self, incoming: Incoming) -> Incoming:
        """Check an incoming message; raise BadMessage with a readable reason."""
        if not CONVERSATION_ID.match(incoming.conversation_id or ""):
            raise BadMessage("conversation_id must be 8-64 letters, digits, '-' or '_'")
        if incoming.channel not in CHANNELS:
            raise BadMessage(f"channel must be one of {', '.join(CHANNELS)}")
        text = (incoming.text or "").replace("\x00", "").strip()
        if not text:
            raise BadMessage("text must not be empty")
        if len(text) > self._max_chars:
            raise BadMessage(f"text is too long: at most {self._max_chars} characters")
        cmid = incoming.client_message_id
        if cmid is not None and not CONVERSATION_ID.match(cmid):
            raise BadMessage("client_message_id must be 8-64 letters, digits, '-' or '_'")
        return Incoming(incoming.conversation_id, incoming.channel, text, cmid)

    async def receive(self, incoming: Incoming) -> list[dict]:
        """Store, check, route and answer one message; return the replies in order.

        A retried message (same client_message_id) gets its stored replies again
        instead of being processed twice.
        """
        incoming = self.validate(incoming)
        async with self._locks[incoming.conversation_id]:
            stored = await self._store_inbound(incoming)
            if stored is None:  # a retry we have already answered
                return await self._stored_replies(incoming)
            inbound_seq, mode, council = stored
            await self._events.notify(incoming.conversation_id)

            finding = self._detector.assess(incoming.text)
            replies = await self._route(incoming, mode=mode, council=council, finding=finding)
            await self._store_outbound(incoming, inbound_seq=inbound_seq, replies=replies,
                                       finding=finding)
        await self._events.notify(incoming.conversation_id)
        return replies

    async def history(self, *, conversation_id: str, after: int) -> tuple[str | None, list[Message]]:
        """The conversation's mode and its messages after sequence number `after`."""
        async with self._sessionmaker() as session:
            conversation = await conversations.get_conversation(
                session, conversation_id=conversation_id)
            if conversation is None:
                return None, []
            messages = await conversations.messages_after(
                session, conversation_id=conversation_id, after=after)
            return conversation.mode, messages

    async def forget(self, *, conversation_id: str) -> bool:
        """Delete a conversation and every message in it (the young person's "forget me")."""
        async with self._locks[conversation_id]:
            async with self._sessionmaker() as session, session.begin():
                deleted = await conversations.delete_conversation(
                    session, conversation_id=conversation_id)
        await self._events.notify(conversation_id)
        return deleted

    async def wait(self, *, conversation_id: str, timeout: float) -> None:
        """Wait (up to `timeout` seconds) for the conversation to change."""
        await self._events.wait(conversation_id, timeout)

    async def _store_inbound(self, incoming: Incoming) -> tuple[int, str, str | None] | None:
        async with self._sessionmaker() as session, session.begin():
            if incoming.client_message_id:
                previous = await conversations.find_inbound(
                    session, conversation_id=incoming.conversation_id,
                    client_message_id=incoming.client_message_id)
                if previous is not None and previous.status == "processed":
                    return None
            conversation = await conversations.get_or_create_conversation(
                session, conversation_id=incoming.conversation_id, channel=incoming.channel)
            message = await conversations.add_message(
                session, conversation=conversation, direction="in", author="young_person",
                text=incoming.text, client_message_id=incoming.client_message_id)
            return message.seq, conversation.mode, conversation.council

    async def _stored_replies(self, incoming: Incoming) -> list[dict]:
        async with self._sessionmaker() as session:
            previous = await conversations.find_inbound(
                session, conversation_id=incoming.conversation_id,
                client_message_id=incoming.client_message_id)
            messages = await conversations.replies_to(
                session, conversation_id=incoming.conversation_id, seq=previous.seq)
            return [m.as_reply() for m in messages]

    async def _route(self, incoming: Incoming, *, mode: str, council: str | None,
                     finding: RiskFinding | None) -> list[dict]:
        if mode != "bot":
            # An advocate has (or is about to have) this conversation: the bot stays silent,
            # but risk is still answered at once.
            return [*self._urgent_card(finding)] if finding else []
        text = incoming.text
        metadata: dict = {}
        if finding:
            # The lexicon decided: Rasa runs its safeguarding response whatever the NLU thinks.
            metadata["safeguarding"] = {"category": finding.category, "level": finding.level}
            text = '/disclose_risk{"risk_category": "%s"}' % finding.category
        try:
            replies = await self._rasa.send(sender_id=incoming.conversation_id, text=text,
                                            input_channel=incoming.channel, metadata=metadata)
        except BotEngineError as exc:
            log.error("bot engine failed for a %s message: %s", incoming.channel, exc)
            replies = []
        if finding and not any(_safeguarding(r) for r in replies):
            replies = [*self._urgent_card(finding), *replies]
        if not replies:
            log.error("bot engine gave no reply for a %s message; sending holding message",
                      incoming.channel)
            replies = [self._responses.reply("utter_holding_message")]
        return replies

    def _urgent_card(self, finding: RiskFinding) -> list[dict]:
        """The urgent-help card, built by the gateway itself (works with Rasa down)."""
        return [
            self._responses.reply(
                "utter_urgent_help",
                safeguarding={"category": finding.category, "level": finding.level}),
            self._responses.reply("utter_ask_safe_now"),
        ]

    async def _store_outbound(self, incoming: Incoming, *, inbound_seq: int, replies: list[dict],
                              finding: RiskFinding | None) -> None:
        async with self._sessionmaker() as session, session.begin():
            conversation = await conversations.get_or_create_conversation(
                session, conversation_id=incoming.conversation_id, channel=incoming.channel)
            for reply in replies:
                payload = {k: reply[k] for k in ("buttons", "custom") if reply.get(k)}
                message = await conversations.add_message(
                    session, conversation=conversation, direction="out", author="bot",
                    text=reply.get("text", ""), payload=payload, reply_to=inbound_seq,
                    status="processed")
                reply["seq"] = message.seq
                reply["author"] = "bot"
            inbound = await conversations.get_message(
                session, conversation_id=conversation.id, seq=inbound_seq)
            inbound.status = "processed"
            await self._record_analytics(session, conversation=conversation, replies=replies,
                                         finding=finding, channel=incoming.channel)

    async def _record_analytics(self, session, *, conversation, replies: list[dict],
                                finding: RiskFinding | None, channel: str) -> None:
        customs = [r.get("custom") or {} for r in replies]
        for custom in customs:
            if custom.get("council"):
                conversation.council = custom["council"]
        safeguarding = next((c["safeguarding"] for c in customs if c.get("safeguarding")), None)
        if safeguarding:
            conversation.urgent = True
            await analytics.record_event(
                session, kind="safeguarding", channel=channel, council=conversation.council,
                safeguarding_category=safeguarding.get("category"))
            return
        answered = next((c for c in customs if c.get("topic")), None)
        outcome = next((c["outcome"] for c in customs if c.get("outcome")), None)
        if answered:
            await analytics.record_event(
                session, kind="question", channel=channel, topic=answered["topic"],
                council=conversation.council, outcome="answered")
        elif outcome in ("clarified", "fallback"):
            await analytics.record_event(
                session, kind="question", channel=channel, council=conversation.council,
                outcome=outcome)


def _safeguarding(reply: dict) -> bool:
    return bool((reply.get("custom") or {}).get("safeguarding"))
