"""The gateway's aiohttp application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.console.views import setup_console
from bot.gateway import views
from bot.gateway.conversations import ConversationEvents, ConversationService
from bot.gateway.keys import (
    CONVERSATIONS,
    DB_SESSIONMAKER,
    EVENTS,
    HTTP_SESSION,
    KNOWLEDGE_BASE,
    RASA,
    SETTINGS,
)
from bot.gateway.middleware import error_middleware, security_headers_middleware
from bot.gateway.rasa_client import RasaClient
from bot.handoff.hours import AdvocateHours
from bot.handoff.service import HandoffService
from bot.responses import DomainResponses
from bot.safeguarding import RiskDetector
from bot.settings import Settings
from bot.store.engine import create_schema, make_engine, make_sessionmaker
from bot.store.knowledge import load_knowledge
from bot.store.retention import retention_loop
from kb import load_knowledge_base

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


async def database_ctx(app: web.Application):
    """Engine and schema for the app's lifetime; the knowledge base is copied in at start-up."""
    settings = app[SETTINGS]
    engine = make_engine(settings.database_url)
    await create_schema(engine)
    app[DB_SESSIONMAKER] = make_sessionmaker(engine)
    knowledge_base = load_knowledge_base(settings.knowledge_dir)
    app[KNOWLEDGE_BASE] = knowledge_base
    async with app[DB_SESSIONMAKER]() as session, session.begin():
        count = await load_knowledge(session, knowledge_base=knowledge_base)
    log.info("knowledge base: %d entries loaded", count)
    yield
    await engine.dispose()


async def http_client_ctx(app: web.Application):
    """One outgoing HTTP session (to Rasa) shared by every request."""
    settings = app[SETTINGS]
    session = aiohttp.ClientSession()
    app[HTTP_SESSION] = session
    app[RASA] = RasaClient(session=session, rasa_url=settings.rasa_url,
                           action_server_url=settings.action_server_url,
                           timeout_seconds=settings.rasa_timeout_seconds)
    yield
    await session.close()


async def conversations_ctx(app: web.Application):
    """The conversation service, built once its dependencies exist."""
    settings = app[SETTINGS]
    responses = DomainResponses.from_file(settings.domain_file)
    events = ConversationEvents()
    service = ConversationService(
        sessionmaker=app[DB_SESSIONMAKER],
        rasa=app[RASA],
        detector=RiskDetector.from_file(settings.lexicon_file),
        responses=responses,
        events=events,
        max_message_chars=settings.max_message_chars,
        rasa_tracker_url=settings.rasa_tracker_url,
    )
    service.handoff = HandoffService(
        sessionmaker=app[DB_SESSIONMAKER],
        responses=responses,
        hours=AdvocateHours.parse(days=settings.advocate_days, hours=settings.advocate_hours,
                                  timezone=settings.advocate_timezone,
                                  reply_within=settings.advocate_reply_within),
        post=service.post,
    )
    app[CONVERSATIONS] = service
    app[EVENTS] = events
    yield


async def scrubber_warmup_ctx(app: web.Application):
    """Load the PII scrubber's language model in the background, so the first use is quick."""
    from bot.privacy.scrubber import scrub

    task = asyncio.create_task(asyncio.to_thread(scrub, "warm up"))
    yield
    with contextlib.suppress(Exception):
        await task


async def retention_ctx(app: web.Application):
    """The scheduled purge of old transcripts, for as long as the gateway runs."""
    settings = app[SETTINGS]
    task = asyncio.create_task(retention_loop(app[DB_SESSIONMAKER],
                                              retention_days=settings.retention_days,
                                              rasa_tracker_url=settings.rasa_tracker_url))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def create_app(settings: Settings | None = None) -> web.Application:
    """Build the gateway application (nothing starts until it runs)."""
    settings = settings or Settings.from_env()
    app = web.Application(
        middlewares=[security_headers_middleware, error_middleware],
        client_max_size=settings.max_body_bytes,
    )
    app[SETTINGS] = settings
    app.cleanup_ctx.extend([database_ctx, http_client_ctx, conversations_ctx, retention_ctx,
                           scrubber_warmup_ctx])
    views.setup_routes(app, static_dir=STATIC_DIR)
    setup_console(app)
    if settings.telegram_bot_token:
        from bot.channels.telegram import setup_telegram

        setup_telegram(app)
    else:
        log.info("Telegram: off (no TELEGRAM_BOT_TOKEN)")
    return app
