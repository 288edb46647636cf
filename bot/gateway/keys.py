"""Typed keys for what the gateway keeps on its application object."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.gateway.conversations import ConversationEvents, ConversationService
from bot.gateway.rasa_client import RasaClient
from bot.settings import Settings
from kb import KnowledgeBase

SETTINGS = web.AppKey("settings", Settings)
DB_SESSIONMAKER = web.AppKey("db_sessionmaker", async_sessionmaker)
KNOWLEDGE_BASE = web.AppKey("knowledge_base", KnowledgeBase)
HTTP_SESSION = web.AppKey("http_session", aiohttp.ClientSession)
RASA = web.AppKey("rasa", RasaClient)
CONVERSATIONS = web.AppKey("conversations", ConversationService)
EVENTS = web.AppKey("events", ConversationEvents)
