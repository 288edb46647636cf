"""The heart of the gateway: store every message, check it for risk, route it, store replies.

Channels call `ConversationService.receive`; they never talk to Rasa. Where a message
goes depends only on the conversation's `mode` ("bot" today; the advocate handoff adds
"queued" and "advocate"), so switching a conversation never touches channel code.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.gateway.rasa_client import BotEngineError, RasaClient
from bot.handoff.service import CANCEL_COMMANDS, HandoffService
from bot.responses import DomainResponses
from bot.safeguarding import RiskDetector, RiskFinding
from bot.store import analytics, conversations
from bot.store.rasa_tracker import delete_rasa_events
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
    """Wakes long-polling readers of one conversation, and console subscribers of all of them.

    Each conversation has a change counter, so a reader that looked at the counter
    before reading can never miss a change that lands before it starts waiting.
    """

    def __init__(self) -> None:
        self._conditions: dict[str, asyncio.Condition] = defaultdict(asyncio.Condition)
        self._versions: dict[str, int] = defaultdict(int)
        self._subscribers: set[asyncio.Queue] = set()

    def version(self, conversation_id: str) -> int:
        """The conversation's change counter (read it before reading the messages)."""
        return self._versions[conversation_id]

    async def notify(self, conversation_id: str) -> None:
        self._versions[conversation_id] += 1
        condition = self._conditions[conversation_id]
        async with condition:
            condition.notify_all()
        for queue in self._subscribers:
            with contextlib.suppress(asyncio.QueueFull):  # a stalled console reloads anyway
                queue.put_nowait(conversation_id)

    async def wait(self, conversation_id: str, timeout: float, *, since: int | None = None) -> None:
        """Return when the conversation's version differs from `since` (default: now),
        or after `timeout` seconds."""
        since = self._versions[conversation_id] if since is None else since
        condition = self._conditions[conversation_id]
        async with condition:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    condition.wait_for(lambda: self._versions[conversation_id] != since), timeout)

    def subscribe(self) -> asyncio.Queue:
        """A queue that receives the id of every conversation that changes."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=1000)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._subscribers.discard(queue)


Deliverer = Callable[[str, list[dict]], Awaitable[None]]


class ConversationService:
    """Receives messages from every channel and produces the replies."""

    def __init__(self, *, sessionmaker: async_sessionmaker, rasa: RasaClient,
                 detector: RiskDetector, responses: DomainResponses, events: ConversationEvents,
                 max_message_chars: int, rasa_tracker_url: str = ""):
        self._sessionmaker = sessionmaker
        self._rasa = rasa
        self._detector = detector
        self._responses = responses
        self._events = events
        self._max_chars = max_message_chars
        self._rasa_tracker_url = rasa_tracker_url
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._deliverers: dict[str, Deliverer] = {}
        self.handoff: HandoffService | None = None

    def add_deliverer(self, channel: str, deliverer: Deliverer) -> None:
        """Push messages the young person did not ask for (an advocate's) on `channel`.

        Channels without one (web, API) collect them by polling.
        """
        self._deliverers[channel] = deliverer

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
            inbound_seq, mode = stored
            await self._events.notify(incoming.conversation_id)

            finding = self._detector.assess(incoming.text)
            if mode == "bot":
                replies = await self._ask_bot(incoming, finding)
            else:
                # An advocate has (or is about to have) this conversation: the bot stays
                # silent, but risk is still answered at once.
                replies = self._urgent_card(finding) if finding else []
            scrubbed = await self._scrub_if_unanswered(incoming.text, replies, finding)
            replies = await self._store_outbound(incoming, inbound_seq=inbound_seq, replies=replies,
                                                 scrubbed=scrubbed)
        await self._events.notify(incoming.conversation_id)
        return replies

    async def post(self, conversation_id: str, author: str, replies: list[dict]) -> list[dict]:
        """Add messages nobody asked for (advocate, system): store, wake readers, then deliver."""
        async with self._locks[conversation_id]:
            async with self._sessionmaker() as session, session.begin():
                conversation = await conversations.get_conversation(
                    session, conversation_id=conversation_id)
                if conversation is None:
                    raise BadMessage("no such conversation")
                channel = conversation.channel
                for reply in replies:
                    await self._add_reply(session, conversation, reply, author=author, reply_to=None)
        await self._events.notify(conversation_id)
        deliverer = self._deliverers.get(channel)
        if deliverer:
            try:
                await deliverer(conversation_id, replies)
            except Exception:  # noqa: BLE001 - stored already; the young person gets it on return
                log.exception("could not deliver to a %s conversation now", channel)
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
        """Delete a conversation and every message in it, here and in Rasa ("forget me")."""
        async with self._locks[conversation_id]:
            async with self._sessionmaker() as session, session.begin():
                deleted = await conversations.delete_conversation(
                    session, conversation_id=conversation_id)
            await delete_rasa_events(self._rasa_tracker_url, sender_id=conversation_id)
        await self._events.notify(conversation_id)
        return deleted

    def version(self, conversation_id: str) -> int:
        """The conversation's change counter; pass it to `wait` to miss nothing."""
        return self._events.version(conversation_id)

    async def wait(self, *, conversation_id: str, timeout: float, since: int | None = None) -> None:
        """Wait (up to `timeout` seconds) for the conversation to change after `since`."""
        await self._events.wait(conversation_id, timeout, since=since)

    async def _store_inbound(self, incoming: Incoming) -> tuple[int, str] | None:
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
            return message.seq, conversation.mode

    async def _stored_replies(self, incoming: Incoming) -> list[dict]:
        async with self._sessionmaker() as session:
            previous = await conversations.find_inbound(
                session, conversation_id=incoming.conversation_id,
                client_message_id=incoming.client_message_id)
            messages = await conversations.replies_to(
                session, conversation_id=incoming.conversation_id, seq=previous.seq)
            return [m.as_reply() for m in messages]

    async def _ask_bot(self, incoming: Incoming, finding: RiskFinding | None) -> list[dict]:
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
                custom={"safeguarding": {"category": finding.category, "level": finding.level}}),
            self._responses.reply("utter_ask_safe_now"),
        ]

    async def _scrub_if_unanswered(self, text: str, replies: list[dict],
                                   finding: RiskFinding | None) -> str | None:
        """The scrubbed text of a question the bot could not answer (never a risk message)."""
        if finding or not any((r.get("custom") or {}).get("outcome") in ("clarified", "fallback")
                              for r in replies) or text.startswith("/"):
            return None
        from bot.privacy.scrubber import scrub

        try:
            return await asyncio.to_thread(scrub, text)  # spaCy: off the event loop
        except Exception:  # noqa: BLE001 - if in doubt, keep nothing
            log.exception("scrubber failed; the unanswered question is not kept")
            return None

    async def _store_outbound(self, incoming: Incoming, *, inbound_seq: int,
                              replies: list[dict], scrubbed: str | None = None) -> list[dict]:
        """Apply what the replies ask for (handoff, urgency), store them, mark the inbound done."""
        async with self._sessionmaker() as session, session.begin():
            conversation = await conversations.get_or_create_conversation(
                session, conversation_id=incoming.conversation_id, channel=incoming.channel)
            was_urgent = conversation.urgent
            replies = replies + await self._apply_handoff(session, conversation, incoming,
                                                          inbound_seq, replies)
            for reply in replies:
                await self._add_reply(session, conversation, reply, author="bot",
                                      reply_to=inbound_seq)
            inbound = await conversations.get_message(
                session, conversation_id=conversation.id, seq=inbound_seq)
            inbound.status = "processed"
            await self._record_analytics(session, conversation=conversation, replies=replies,
                                         channel=incoming.channel, scrubbed=scrubbed,
                                         was_urgent=was_urgent)
        return replies

    async def _apply_handoff(self, session, conversation, incoming: Incoming, inbound_seq: int,
                             replies: list[dict]) -> list[dict]:
        if self.handoff is None:
            return []
        extra: list[dict] = []
        if any(_safeguarding(r) for r in replies):
            await self.handoff.enqueue(session, conversation=conversation, share_history=False,
                                       urgent_from_seq=inbound_seq)
        if conversation.mode != "bot" and incoming.text.strip().lower() in CANCEL_COMMANDS:
            extra += await self.handoff.cancel(session, conversation=conversation)
        for reply in replies:
            request = (reply.get("custom") or {}).get("handoff")
            if isinstance(request, dict) and "share_history" in request:
                extra += await self.handoff.enqueue(session, conversation=conversation,
                                                    share_history=bool(request["share_history"]))
        return extra

    async def _add_reply(self, session, conversation, reply: dict, *, author: str,
                         reply_to: int | None) -> None:
        payload = {k: reply[k] for k in ("buttons", "custom") if reply.get(k)}
        message = await conversations.add_message(
            session, conversation=conversation, direction="out", author=author,
            text=reply.get("text", ""), payload=payload, reply_to=reply_to, status="processed")
        reply["seq"] = message.seq
        reply["author"] = author

    async def _record_analytics(self, session, *, conversation, replies: list[dict],
                                channel: str, scrubbed: str | None = None,
                                was_urgent: bool = False) -> None:
        customs = [r.get("custom") or {} for r in replies]
        for custom in customs:
            if custom.get("council"):
                conversation.council = custom["council"]
        safeguarding = next((c["safeguarding"] for c in customs if c.get("safeguarding")), None)
        if safeguarding:
            conversation.urgent = True
            if not was_urgent:  # one count per flagged conversation, not per follow-up card
                await analytics.record_event(
                    session, kind="safeguarding", channel=channel, council=conversation.council,
                    safeguarding_category=safeguarding.get("category"))
            return
        answered = next((c for c in customs if c.get("topic")), None)
        outcome = next((c["outcome"] for c in customs if c.get("outcome")), None)
        age_band = next((c["age_band"] for c in customs if c.get("age_band")), None)
        if answered:
            await analytics.record_event(
                session, kind="question", channel=channel, topic=answered["topic"],
                council=conversation.council, outcome="answered", age_band=age_band)
        elif outcome in ("clarified", "fallback"):
            await analytics.record_event(
                session, kind="question", channel=channel, council=conversation.council,
                outcome=outcome, age_band=age_band)
            if scrubbed:
                suggestions = next((c.get("suggestions") for c in customs if c.get("suggestions")),
                                   None) or []
                theme = suggestions[0].removeprefix("ask_") if suggestions else None
                await analytics.record_unanswered(session, scrubbed_text=scrubbed, theme=theme,
                                                  council=conversation.council)


def _safeguarding(reply: dict) -> bool:
    return bool((reply.get("custom") or {}).get("safeguarding"))
