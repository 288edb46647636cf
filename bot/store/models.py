"""SQLAlchemy models: conversations, their messages, analytics events, staff and audit.

Analytics events have no column that could hold a sender id, message text or an
exact time: anonymity is in the schema, not in a filter applied later.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    """One young person's conversation on one channel."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    # Who answers: "bot" (Rasa), "queued" (waiting for an advocate; the bot is silent),
    # "advocate" (claimed). Channels never look at this: the gateway routes by it.
    mode: Mapped[str] = mapped_column(String(20), default="bot")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Advocate handoff: whether the young person agreed to share the chat so far, and the
    # first message an advocate may see when they did not.
    share_history: Mapped[bool] = mapped_column(Boolean, default=False)
    visible_from_seq: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    assigned_to: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True)
    council: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # SHA-256 of the secret that web and API clients present to read or write this
    # conversation (issued with the first reply; the secret itself is never stored).
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # The message that began the bot engine's current session (see ConversationService): Rasa
    # loads and reads only its current session, so each turn costs the same however long the chat.
    engine_session_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # "cy" when the conversation is in Welsh (None: English); for this conversation only.
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Message.seq"
    )


class Message(Base):
    """A message in or out, stored before it is processed or delivered."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        UniqueConstraint("conversation_id", "client_message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(3))  # "in" | "out"
    author: Mapped[str] = mapped_column(String(20))  # young_person | bot | advocate | system
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict] = mapped_column(JSON, default=dict)  # buttons, custom
    client_message_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The seq of the inbound message this answers.
    reply_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="stored")  # stored | processed | failed
    # The young person's "Was this helpful?" on an answer, and the ISO week it was counted in:
    # one vote per answer (a second vote changes the count instead of adding to it).
    helpful: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    helpful_week: Mapped[str | None] = mapped_column(String(8), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    def as_reply(self) -> dict:
        """The message in Rasa's reply shape, plus its sequence number."""
        reply: dict = {"seq": self.seq, "author": self.author, "text": self.text}
        reply.update(self.payload or {})
        return reply


class AnalyticsEvent(Base):
    """An anonymous count: what was asked and how it went — never who or what exactly."""

    __tablename__ = "analytics_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # question | safeguarding | feedback | escalation
    iso_week: Mapped[str] = mapped_column(String(8), index=True)  # e.g. 2026-W48
    channel: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(40), nullable=True)
    council: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # answered | clarified | fallback
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    safeguarding_category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    helpful: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    age_band: Mapped[str | None] = mapped_column(String(10), nullable=True)


class UnansweredQuestion(Base):
    """A question the assistant could not answer, kept to improve the knowledge base.

    Only the scrubbed text is ever written (names, places, numbers… replaced by tags),
    with no link to the conversation and no time finer than the ISO week.
    """

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    iso_week: Mapped[str] = mapped_column(String(8), index=True)
    theme: Mapped[str] = mapped_column(String(40))  # the likeliest topic, or "unknown"
    council: Mapped[str | None] = mapped_column(String(40), nullable=True)
    scrubbed_text: Mapped[str] = mapped_column(Text)


class StaffUser(Base):
    """An advocate, commissioner or admin who signs in to the console."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # advocate | commissioner | admin
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StaffSession(Base):
    """A server-side console session; the cookie holds a token whose hash is stored here."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[StaffUser] = relationship()


class AdvocateNote(Base):
    """A private note an advocate keeps on a conversation (never shown to the young person)."""

    __tablename__ = "advocate_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """Who did what to which conversation, and when (every transcript view is one)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    conversation_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
