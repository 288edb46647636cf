"""The heart of the gateway: store every message, check it for risk, route it, store replies.

Channels call `ConversationService.receive`; they never talk to Rasa. Where a message
goes depends only on the conversation's `mode` ("bot", or "queued" / "advocate" during
an advocate handoff), so switching a conversation never touches channel code.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.gateway.access import TOKEN_CHANNELS, check_access, issue_token
from bot.gateway.incoming import CONVERSATION_ID, BadMessage, Incoming, validated
from bot.gateway.language import ENGLISH, WELSH, LanguageReader, with_language_entity
from bot.gateway.late_answers import LateAnswers
from bot.gateway.outbox import Outbox, add_reply
from bot.gateway.rasa_client import BotEngineError, RasaClient
from bot.gateway.timing import record, stage
from bot.gateway.understanding import Understander, Understanding
from bot.handoff.service import CANCEL_COMMANDS, HandoffService
from bot.responses import DomainResponses
from bot.safeguarding import RiskFinding
from bot.store import conversations
from bot.store.models import Conversation, Message
from bot.store.rasa_tracker import delete_rasa_events
from bot.trends.recording import needs_scrubbing, record_turn
from payload import CustomPayload, HandoffRequest, Safeguarding

__all__ = ["CONVERSATION_ID", "WELSH", "BadMessage", "ConversationService", "History", "Incoming"]

log = logging.getLogger(__name__)


class ConversationService:
    """Receives messages from every channel and produces the replies."""

    def __init__(self, *, sessionmaker: async_sessionmaker, rasa: RasaClient,
                 understander: Understander, responses: DomainResponses, outbox: Outbox,
                 handoff: HandoffService, scrub: Callable[[str], str],
                 max_message_chars: int, rasa_tracker_url: str,
                 engine_session_messages: int = 40, languages: LanguageReader | None = None):
        self._sessionmaker = sessionmaker
        self._rasa = rasa
        self._understander = understander
        self._responses = responses
        self._outbox = outbox
        self._handoff = handoff
        self._scrub = scrub
        self._max_chars = max_message_chars
        self._rasa_tracker_url = rasa_tracker_url
        self._engine_session_messages = engine_session_messages
        self._languages = languages or LanguageReader.from_file()
        self._late_answers = LateAnswers(sessionmaker=sessionmaker, rasa=rasa, outbox=outbox,
                                         understander=understander, responses=responses)

    def add_deliverer(self, channel: str, deliverer) -> None:
        """Let a channel push messages the young person did not ask for (see Outbox)."""
        self._outbox.add_deliverer(channel, deliverer)

    def welcome(self, *, language: str = ENGLISH) -> dict:
        """What an empty chat shows: the greeting and first questions (`utter_greet`), then
        the skippable "about you" buttons (`utter_about_you`); never stored."""
        return {**self._responses.reply("utter_greet", language=language),
                "about_you": self._responses.reply("utter_about_you", language=language)}

    async def language_of(self, conversation_id: str) -> str:
        """The conversation's language ("en" when it is English or does not exist)."""
        async with self._sessionmaker() as session:
            conversation = await conversations.get_conversation(
                session, conversation_id=conversation_id)
            return (conversation.language if conversation else None) or ENGLISH

    def validate(self, incoming: Incoming) -> Incoming:
        """Check an incoming message; raise BadMessage with a readable reason."""
        return validated(incoming, max_chars=self._max_chars)

    async def warm_up(self) -> None:
        """Load the readers' models now rather than on the first message."""
        await self._understander.read("warm up")
        await asyncio.to_thread(self._languages.warm_up)

    async def receive(self, incoming: Incoming) -> list[dict]:
        """Store, check, route and answer one message; return the replies in order."""
        replies, _token = await self.receive_with_access(incoming)
        return replies

    async def receive_with_access(self, incoming: Incoming) -> tuple[list[dict], str | None]:
        """Like `receive`; also the secret issued when a web or API conversation starts.

        Raises NotAllowed when the conversation is another channel's, or the client did not
        present its secret. A retried message (same client_message_id) gets its stored
        replies again instead of being processed twice.
        """
        incoming = self.validate(incoming)
        arrived = time.perf_counter()
        async with self._outbox.lock(incoming.conversation_id):
            record("wait", since=arrived)  # behind this conversation's earlier messages
            with stage("store"):
                stored = await self._store_inbound(incoming)
            if stored.answered:  # a retry: the replies we gave the first time
                return await self._stored_replies(incoming), stored.token
            inbound_seq, mode, token = stored.seq, stored.mode, stored.token
            language = stored.language
            await self._outbox.events.notify(incoming.conversation_id)

            with stage("read"):
                understanding = await self._understander.read(incoming.text)
            finding = understanding.finding
            with stage("engine"):
                if stored.language_command:
                    replies = [self._responses.reply("utter_language_set", language=language)]
                elif mode == "bot" and stored.behind_pending:
                    # An earlier message waits for the engine: this one is saved behind it and
                    # answered in order (answer_pending), not after a timeout of its own.
                    replies = self._holding(finding, language)
                elif mode == "bot":
                    if stored.new_engine_session:
                        await self._start_engine_session(incoming)
                    replies = await self._ask_bot(incoming, understanding, language)
                else:
                    # An advocate has (or is about to have) this conversation: the bot stays
                    # silent, but risk is still answered at once.
                    replies = self._urgent_card(finding, language) if finding else []
            with stage("scrub"):
                scrubbed = await self._scrub_if_unanswered(incoming.text, replies, finding)
            with stage("reply"):
                replies = await self._store_outbound(incoming, inbound_seq=inbound_seq,
                                                     replies=replies, scrubbed=scrubbed)
        await self._outbox.events.notify(incoming.conversation_id)
        return replies, token

    async def post(self, conversation_id: str, author: str, replies: list[dict]) -> list[dict]:
        """Add messages nobody asked for (advocate, system): store, wake readers, then deliver."""
        return await self._outbox.post(conversation_id, author, replies)

    async def history(self, *, conversation_id: str, after: int,
                      token: str | None) -> History:
        """The conversation's mode, language and its messages after sequence number `after`.

        For a web or API client presenting `token`; raises NotAllowed otherwise.
        """
        async with self._sessionmaker() as session:
            conversation = await conversations.get_conversation(
                session, conversation_id=conversation_id)
            if conversation is None:
                return History(None, ENGLISH, [])
            check_access(conversation, token=token)
            messages = await conversations.messages_after(
                session, conversation_id=conversation_id, after=after)
            return History(conversation.mode, conversation.language or ENGLISH, messages)

    async def forget(self, *, conversation_id: str) -> bool:
        """Delete a conversation and every message in it, here and in Rasa ("forget me")."""
        async with self._outbox.lock(conversation_id):
            async with self._sessionmaker() as session, session.begin():
                deleted = await conversations.delete_conversation(
                    session, conversation_id=conversation_id)
            await delete_rasa_events(self._rasa_tracker_url, sender_id=conversation_id)
        await self._outbox.events.notify(conversation_id)
        return deleted

    def version(self, conversation_id: str) -> int:
        """The conversation's change counter; pass it to `wait` to miss nothing."""
        return self._outbox.events.version(conversation_id)

    async def wait(self, *, conversation_id: str, timeout: float, since: int | None = None) -> None:
        """Wait (up to `timeout` seconds) for the conversation to change after `since`."""
        await self._outbox.events.wait(conversation_id, timeout, since=since)

    async def answer_pending(self, *, limit: int = 20) -> int:
        """Answer saved messages once the engine answers again (see LateAnswers)."""
        return await self._late_answers.answer_pending(limit=limit)

    async def _store_inbound(self, incoming: Incoming) -> _Stored:
        """Store the message after checking access, or find it again when it is a retry."""
        async with self._sessionmaker() as session, session.begin():
            conversation = await conversations.get_conversation(
                session, conversation_id=incoming.conversation_id)
            token = None
            previous = None
            if conversation is None:
                conversation = await conversations.get_or_create_conversation(
                    session, conversation_id=incoming.conversation_id, channel=incoming.channel)
                if incoming.channel in TOKEN_CHANNELS:
                    token = issue_token(conversation)
            else:
                if incoming.client_message_id:
                    previous = await conversations.find_inbound(
                        session, conversation_id=incoming.conversation_id,
                        client_message_id=incoming.client_message_id)
                if _lost_first_reply(conversation, incoming, previous):
                    # The reply that carried the secret never arrived: the client is resending
                    # the conversation's first message, so it gets a new secret.
                    token = issue_token(conversation)
                else:
                    check_access(conversation, token=incoming.token, channel=incoming.channel)
            if previous is not None:  # a retry: answered (or saved for later), or not yet
                return _Stored(previous.seq, conversation.mode, token,
                               answered=previous.status in ("processed", "pending"))
            message = await conversations.add_message(
                session, conversation=conversation, direction="in", author="young_person",
                text=incoming.text, client_message_id=incoming.client_message_id)
            command = self._languages.command(incoming.text)
            language = command or self._languages.language_after(
                incoming.text, conversation.language or ENGLISH)
            conversation.language = None if language == ENGLISH else language
            if command:
                return _Stored(message.seq, conversation.mode, token, language=language,
                               language_command=True)
            new_session = await self._time_for_engine_session(session, conversation, message.seq)
            behind = await conversations.has_pending_inbound(session,
                                                             conversation_id=conversation.id)
            return _Stored(message.seq, conversation.mode, token, new_engine_session=new_session,
                           behind_pending=behind, language=language)

    async def _time_for_engine_session(self, session: AsyncSession, conversation: Conversation,
                                       seq: int) -> bool:
        """Whether the engine should start a new session before this message (and note it).

        Only at a resting point: the last reply was an answer (it has a topic) and no form is
        under way (no Cancel button), so nothing the dialogue is waiting for is lost.
        """
        if conversation.mode != "bot" or \
                seq - (conversation.engine_session_from or 0) < self._engine_session_messages:
            return False
        recent = await conversations.messages_after(session, conversation_id=conversation.id,
                                                    after=seq - 8)
        last_turn = []
        for message in reversed([m for m in recent if m.seq < seq]):
            if message.direction != "out":
                break
            last_turn.insert(0, message.payload or {})
        if not last_turn or not any(CustomPayload.from_dict(p.get("custom")).topic
                                    for p in last_turn) \
                or any(b.get("payload") == "/cancel" for b in last_turn[-1].get("buttons") or []):
            return False
        conversation.engine_session_from = seq
        return True

    async def _start_engine_session(self, incoming: Incoming) -> None:
        """A new engine session (Rasa's own `/session_start`; slots are carried over)."""
        try:
            await self._rasa.send(sender_id=incoming.conversation_id, text="/session_start",
                                  input_channel=incoming.channel)
        except BotEngineError as exc:
            log.warning("could not start a new engine session: %s", exc)

    async def _stored_replies(self, incoming: Incoming) -> list[dict]:
        async with self._sessionmaker() as session:
            previous = await conversations.find_inbound(
                session, conversation_id=incoming.conversation_id,
                client_message_id=incoming.client_message_id)
            messages = await conversations.replies_to(
                session, conversation_id=incoming.conversation_id, seq=previous.seq)
            return [m.as_reply() for m in messages]

    async def _ask_bot(self, incoming: Incoming, understanding: Understanding,
                       language: str) -> list[dict]:
        text, finding = incoming.text, understanding.finding
        # The semantic reading is English-only (its model knows no Welsh): a Welsh message is
        # read by the NLU's own Welsh training alone. The language fills Rasa's slot.
        metadata: dict = understanding.rasa_metadata() if language == ENGLISH else {}
        metadata["language"] = language
        if finding:
            # The gateway decided: Rasa runs its safeguarding response whatever the NLU thinks.
            metadata["safeguarding"] = _flag(finding).to_dict()
            text = '/disclose_risk{"risk_category": "%s"}' % finding.category
        elif understanding.check:
            # Maybe risk: Rasa asks "are you safe right now?" (its rules handle the answer).
            text = "/disclose_risk"
        try:
            replies = await self._rasa.send(sender_id=incoming.conversation_id,
                                            text=with_language_entity(text, language),
                                            input_channel=incoming.channel, metadata=metadata)
        except BotEngineError as exc:
            log.error("bot engine failed for a %s message: %s", incoming.channel, exc)
            replies = []
        if finding and not any(_flagged(r) for r in replies):
            replies = [*self._urgent_card(finding, language), *replies]
        elif understanding.check and not any(_checks(r) for r in replies):
            replies = [self._responses.reply(
                "utter_check_in_safe", custom=CustomPayload(safeguarding_check=True).to_dict(),
                language=language), *replies]
        if not replies:
            log.error("bot engine gave no reply for a %s message; sending holding message",
                      incoming.channel)
            replies = self._holding(None, language)
        return replies

    def _holding(self, finding: RiskFinding | None, language: str) -> list[dict]:
        """"Your message is saved": the card first when the message was about danger."""
        holding = self._responses.reply("utter_holding_message", language=language,
                                        custom=CustomPayload(holding=True).to_dict())
        return [*self._urgent_card(finding, language), holding] if finding else [holding]

    def _urgent_card(self, finding: RiskFinding, language: str) -> list[dict]:
        """The urgent-help card, built by the gateway itself (works with Rasa down)."""
        return [
            self._responses.reply("utter_urgent_help", language=language,
                                  custom={"safeguarding": _flag(finding).to_dict()}),
            self._responses.reply("utter_ask_safe_now", language=language),
        ]

    async def _scrub_if_unanswered(self, text: str, replies: list[dict],
                                   finding: RiskFinding | None) -> str | None:
        """The scrubbed text of a question the bot could not answer (never a risk message)."""
        if finding or not needs_scrubbing(replies) or text.startswith("/"):
            return None
        try:
            return await asyncio.to_thread(self._scrub, text)  # spaCy: off the event loop
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
                reply.setdefault("language", conversation.language or ENGLISH)
                await add_reply(session, conversation, reply, author="bot", reply_to=inbound_seq)
            inbound = await conversations.get_message(
                session, conversation_id=conversation.id, seq=inbound_seq)
            # "Your message is saved": a message that got only the holding message is answered
            # later, when the engine answers again (answer_pending).
            waiting = conversation.mode == "bot" and any(CustomPayload.of_reply(r).holding
                                                         for r in replies)
            inbound.status = "pending" if waiting else "processed"
            await record_turn(session, conversation=conversation, replies=replies,
                              channel=incoming.channel, scrubbed=scrubbed, was_urgent=was_urgent)
        return replies

    async def _apply_handoff(self, session: AsyncSession, conversation: Conversation,
                             incoming: Incoming, inbound_seq: int,
                             replies: list[dict]) -> list[dict]:
        extra: list[dict] = []
        if any(_flagged(r) for r in replies):
            await self._handoff.enqueue(session, conversation=conversation, share_history=False,
                                        urgent_from_seq=inbound_seq)
        if conversation.mode != "bot" and incoming.text.strip().lower() in CANCEL_COMMANDS:
            extra += await self._handoff.cancel(session, conversation=conversation)
        for reply in replies:
            request = CustomPayload.of_reply(reply).handoff
            if isinstance(request, HandoffRequest):
                extra += await self._handoff.enqueue(session, conversation=conversation,
                                                     share_history=request.share_history)
        return extra


@dataclass(frozen=True)
class _Stored:
    """An inbound message stored (or found again), the conversation's mode, any new secret."""

    seq: int
    mode: str
    token: str | None
    answered: bool = False
    new_engine_session: bool = False
    behind_pending: bool = False  # an earlier message still waits for the engine
    language: str = ENGLISH  # the conversation's, after this message
    language_command: bool = False  # the message was /cymraeg or /english


class History(NamedTuple):
    """What a client polling a conversation sees."""

    mode: str | None
    language: str
    messages: list[Message]


def _lost_first_reply(conversation: Conversation, incoming: Incoming,
                      previous: Message | None) -> bool:
    return (incoming.token is None and previous is not None and previous.seq == 1
            and conversation.channel == incoming.channel and incoming.channel in TOKEN_CHANNELS)


def _flag(finding: RiskFinding) -> Safeguarding:
    return Safeguarding(category=finding.category, level=finding.level)


def _flagged(reply: dict) -> bool:
    return CustomPayload.of_reply(reply).safeguarding is not None


def _checks(reply: dict) -> bool:
    return CustomPayload.of_reply(reply).safeguarding_check
