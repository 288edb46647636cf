"""The application, assembled once: every service built here and passed in through constructors.

Layers point one way (checked by import-linter, see pyproject.toml):
channels / console → gateway → handoff / trends → store → kb / settings.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.channels import setup_channels
from bot.console.routes import setup_console
from bot.gateway import views
from bot.gateway.conversations import ConversationService
from bot.gateway.coordination import LocalLocks, RedisLocks, RedisRelay
from bot.gateway.events import ConversationEvents
from bot.gateway.keys import (
    CONVERSATIONS,
    DB_SESSIONMAKER,
    EVENTS,
    HANDOFF,
    KNOWLEDGE_BASE,
    LOCKS,
    RASA,
    SETTINGS,
)
from bot.gateway.language import LanguageReader
from bot.gateway.middleware import error_middleware, security_headers_middleware
from bot.gateway.outbox import Outbox
from bot.gateway.rasa_client import RasaClient
from bot.gateway.understanding import Understander
from bot.handoff.hours import AdvocateHours
from bot.handoff.service import HandoffService
from bot.privacy import scrub
from bot.responses import DomainResponses
from bot.safeguarding import CombinedDetector, RiskDetector
from bot.safeguarding.lexicon import load_lexicon
from bot.safeguarding.resolved import ResolvedPast
from bot.semantic.encoder import shared_encoder
from bot.semantic.reader import SemanticReader, Thresholds
from bot.settings import Settings
from bot.store.engine import create_schema, make_engine, make_sessionmaker
from bot.store.retention import retention_loop
from kb import load_knowledge_base

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"


async def database_ctx(app: web.Application):
    """Engine and schema for the app's lifetime."""
    engine = make_engine(app[SETTINGS].database_url)
    await create_schema(engine)
    app[DB_SESSIONMAKER] = make_sessionmaker(engine)
    yield
    await engine.dispose()


async def services_ctx(app: web.Application):
    """The Rasa client, handoff and conversation services, built once their dependencies exist."""
    settings = app[SETTINGS]
    # why: a broken knowledge base should stop start-up, not the first answer.
    knowledge_base = load_knowledge_base(settings.knowledge_dir)
    log.info("knowledge base: %d entries", len(knowledge_base.entries))
    app[KNOWLEDGE_BASE] = knowledge_base  # the dashboard links counts to the pledges
    sessionmaker = app[DB_SESSIONMAKER]
    responses = DomainResponses.from_file(settings.domain_file)
    outbox = Outbox(sessionmaker=sessionmaker, events=app[EVENTS], locks=app[LOCKS])
    handoff = HandoffService(
        sessionmaker=sessionmaker, responses=responses, post=outbox.post,
        hours=AdvocateHours.parse(days=settings.advocate_days, hours=settings.advocate_hours,
                                  timezone=settings.advocate_timezone,
                                  reply_within=settings.advocate_reply_within,
                                  reply_open_hours=settings.advocate_reply_hours))
    async with aiohttp.ClientSession() as http:
        rasa = RasaClient(session=http, rasa_url=settings.rasa_url,
                          action_server_url=settings.action_server_url,
                          timeout_seconds=settings.rasa_timeout_seconds)
        app[RASA] = rasa
        app[HANDOFF] = handoff
        languages = LanguageReader.from_file()
        app[CONVERSATIONS] = ConversationService(
            sessionmaker=sessionmaker, rasa=rasa, responses=responses, outbox=outbox,
            handoff=handoff, understander=build_understander(settings, languages), scrub=scrub,
            max_message_chars=settings.max_message_chars,
            rasa_tracker_url=settings.rasa_tracker_url,
            engine_session_messages=settings.engine_session_messages, languages=languages)
        yield


async def coordination_ctx(app: web.Application):
    """Per-conversation order and wake-ups: in memory, or shared through Redis by every process."""
    app[EVENTS] = ConversationEvents()
    if not app[SETTINGS].redis_url:
        app[LOCKS] = LocalLocks()
        yield
        return
    from redis.asyncio import Redis  # why here: only the scaled set-up needs it

    redis = Redis.from_url(app[SETTINGS].redis_url)
    relay = RedisRelay(redis=redis, events=app[EVENTS])
    app[EVENTS].publish = relay.publish
    app[LOCKS] = RedisLocks(redis=redis)
    ready = asyncio.Event()
    listener = asyncio.create_task(relay.listen(ready))
    # why wait: a change published before we listen would be missed by this process's readers.
    await asyncio.wait_for(ready.wait(), timeout=10)
    log.info("sharing conversation order and wake-ups through Redis")
    yield
    listener.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await listener
    await redis.aclose()


def build_understander(settings: Settings, languages: LanguageReader) -> Understander:
    """The lexicon, plus the semantic reader when its trained models are there."""
    english = load_lexicon(settings.lexicon_file)  # read once: the detector and `resolved`
    detector = CombinedDetector([RiskDetector.from_lexicon(english),
                                 RiskDetector.from_file(settings.welsh_lexicon_file)])
    resolved = ResolvedPast.from_file(settings.resolved_file, english)
    models = Path(settings.semantic_models_dir)
    if not settings.semantic_readers:
        return Understander(detector=detector, resolved=resolved)
    if not (models / "risk.npz").is_file():
        log.warning("semantic readers off (no models in %r): the lexicon alone checks risk",
                    settings.semantic_models_dir)
        return Understander(detector=detector, resolved=resolved)
    return Understander(detector=detector,
                        reader=SemanticReader(encoder=shared_encoder(), models_dir=models),
                        thresholds=Thresholds.load(), is_english=languages.is_english,
                        resolved=resolved)


async def pending_answers_ctx(app: web.Application):
    """Keep the holding message's promise: answer saved questions once the engine answers."""
    async def loop() -> None:
        while True:
            await asyncio.sleep(app[SETTINGS].pending_retry_seconds)
            try:
                answered = await app[CONVERSATIONS].answer_pending()
                if answered:
                    log.info("answered %d saved message(s) after a wait", answered)
            except Exception:  # noqa: BLE001 - try again next time; never stop the gateway
                log.exception("answering saved messages failed")

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def warmup_ctx(app: web.Application):
    """Load the scrubber's and the semantic reader's models in the background: quick first use."""
    async def warm_up() -> None:
        await asyncio.to_thread(scrub, "warm up")
        if app[SETTINGS].semantic_readers:
            await app[CONVERSATIONS].warm_up()

    task = asyncio.create_task(warm_up())
    yield
    with contextlib.suppress(Exception):
        await task


async def retention_ctx(app: web.Application):
    """The scheduled purge of old transcripts, for as long as the gateway runs."""
    settings = app[SETTINGS]
    log_dir = Path(settings.log_file).parent if settings.log_file else None
    task = asyncio.create_task(retention_loop(app[DB_SESSIONMAKER],
                                              retention_days=settings.retention_days,
                                              rasa_tracker_url=settings.rasa_tracker_url,
                                              log_dir=log_dir))
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
    app.cleanup_ctx.extend([database_ctx, coordination_ctx, services_ctx, retention_ctx,
                            pending_answers_ctx, warmup_ctx])
    views.setup_routes(app, static_dir=STATIC_DIR)
    setup_console(app)
    setup_channels(app)
    return app
