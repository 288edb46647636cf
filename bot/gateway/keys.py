"""Typed keys for what the application keeps on its aiohttp application object."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.gateway.conversations import ConversationService
from bot.gateway.coordination import LocalLocks, RedisLocks
from bot.gateway.events import ConversationEvents
from bot.gateway.rasa_client import RasaClient
from bot.handoff.service import HandoffService
from bot.settings import Settings
from kb import KnowledgeBase

SETTINGS = web.AppKey("settings", Settings)
DB_SESSIONMAKER = web.AppKey("db_sessionmaker", async_sessionmaker)
RASA = web.AppKey("rasa", RasaClient)
CONVERSATIONS = web.AppKey("conversations", ConversationService)
EVENTS = web.AppKey("events", ConversationEvents)
HANDOFF = web.AppKey("handoff", HandoffService)
KNOWLEDGE_BASE = web.AppKey("knowledge_base", KnowledgeBase)
LOCKS = web.AppKey("locks", LocalLocks | RedisLocks)
