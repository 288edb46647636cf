"""Thin HTTP views: parse, call the conversation service, answer JSON."""

from __future__ import annotations

import html
import json
import time
from pathlib import Path

from aiohttp import web

from bot.gateway import timing
from bot.gateway.access import TOKEN_HEADER, check_access
from bot.gateway.incoming import BadMessage, Incoming, is_id, is_unicode
from bot.gateway.keys import CONVERSATIONS, DB_SESSIONMAKER, RASA, SETTINGS
from bot.gateway.language import ENGLISH, WELSH
from bot.store import analytics, conversations
from kb.sources import source_document
from payload import CustomPayload

MAX_JSON_DEPTH = 8
MAX_SEQ = 10**9
MAX_WAIT_SECONDS = 60


async def read_json_object(request: web.Request) -> dict:
    """The request body as a shallow JSON object, or BadMessage."""
    raw = await request.read()
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadMessage("the body must be valid UTF-8 JSON") from None
    except (RecursionError, ValueError):  # deep nesting; integers of thousands of digits
        raise BadMessage("the body is not a JSON object this service accepts") from None
    if not isinstance(body, dict):
        raise BadMessage("the body must be a JSON object")
    if _depth(body) > MAX_JSON_DEPTH:
        raise BadMessage("the body is nested too deeply")
    return body


def _depth(value: object, level: int = 1) -> int:
    if level > MAX_JSON_DEPTH or not isinstance(value, (dict, list)):
        return level
    children = value.values() if isinstance(value, dict) else value
    return max((_depth(child, level + 1) for child in children), default=level)


def _str_field(body: dict, name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadMessage(f"'{name}' must be a string")
    if not is_unicode(value):
        raise BadMessage(f"'{name}' must be valid Unicode")
    return value


def _bounded_int(raw: str, name: str, *, maximum: int) -> int:
    """A whole number from 0 to `maximum` written in decimal digits, or BadMessage."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(maximum)) \
            or int(raw) > maximum:
        raise BadMessage(f"'{name}' must be a whole number from 0 to {maximum}")
    return int(raw)


def _token(request: web.Request) -> str | None:
    return request.headers.get(TOKEN_HEADER) or None


async def post_message(request: web.Request) -> web.Response:
    """POST /api/messages {conversation_id, text[, client_message_id, channel]} -> replies.

    The reply that starts a conversation carries its secret in the X-Conversation-Token
    header; every later request about that conversation must send it back.
    """
    body = await read_json_object(request)
    channel = _str_field(body, "channel", required=False) or "api"
    if channel not in ("api", "web"):
        raise BadMessage("channel must be 'api' or 'web' on this endpoint")
    incoming = Incoming(
        conversation_id=_str_field(body, "conversation_id"),
        channel=channel,
        text=_str_field(body, "text"),
        client_message_id=_str_field(body, "client_message_id", required=False),
        token=_token(request),
    )
    timings = timing.collect()
    started = time.perf_counter()
    replies, token = await request.app[CONVERSATIONS].receive_with_access(incoming)
    timing.record("total", since=started)
    headers = {"Server-Timing": timing.server_timing(timings)}
    if token:
        headers[TOKEN_HEADER] = token
    return web.json_response(replies, headers=headers)


async def get_messages(request: web.Request) -> web.Response:
    """GET /api/conversations/{id}/messages?after=N&wait=S -> messages after N (long poll)."""
    conversation_id = request.match_info["conversation_id"]
    if not is_id(conversation_id):
        raise BadMessage("conversation_id must be 8-64 letters, digits, '-' or '_'")
    after = _bounded_int(request.query.get("after", "0"), "after", maximum=MAX_SEQ)
    wait = min(_bounded_int(request.query.get("wait", "0"), "wait", maximum=MAX_WAIT_SECONDS),
               request.app[SETTINGS].long_poll_seconds)
    service, token = request.app[CONVERSATIONS], _token(request)
    seen = service.version(conversation_id)
    history = await service.history(conversation_id=conversation_id, after=after, token=token)
    if history.mode is not None and not history.messages and wait > 0:
        await service.wait(conversation_id=conversation_id, timeout=wait, since=seen)
        history = await service.history(conversation_id=conversation_id, after=after,
                                        token=token)
    return web.json_response({
        "conversation_id": conversation_id,
        "mode": history.mode,
        "language": history.language,
        "messages": [
            {**m.as_reply(), "direction": m.direction, "client_message_id": m.client_message_id}
            for m in history.messages
        ],
    })


async def post_feedback(request: web.Request) -> web.Response:
    """POST /api/feedback {conversation_id, seq, helpful} -> 204; one anonymous vote per answer."""
    body = await read_json_object(request)
    helpful, seq = body.get("helpful"), body.get("seq")
    if not isinstance(helpful, bool) or not isinstance(seq, int) or isinstance(seq, bool) \
            or not 0 < seq <= MAX_SEQ:
        raise BadMessage(f"'helpful' must be true or false and 'seq' a whole number "
                         f"from 1 to {MAX_SEQ}")
    conversation_id = _str_field(body, "conversation_id")
    if not is_id(conversation_id):
        raise BadMessage("conversation_id must be 8-64 letters, digits, '-' or '_'")
    async with request.app[DB_SESSIONMAKER]() as session, session.begin():
        conversation = await conversations.get_conversation(session,
                                                            conversation_id=conversation_id)
        if conversation is None:
            raise web.HTTPNotFound(reason="no such conversation")
        check_access(conversation, token=_token(request))
        message = await conversations.get_message(session, conversation_id=conversation_id,
                                                  seq=seq)
        topic = CustomPayload.from_dict((message.payload or {}).get("custom")).topic \
            if message else None
        if not topic:
            raise BadMessage("feedback can only be given on an answer")
        await analytics.record_feedback(session, message=message, helpful=helpful,
                                        channel=conversation.channel, topic=topic,
                                        council=conversation.council)
    return web.Response(status=204)


async def welcome(request: web.Request) -> web.Response:
    """The greeting and first buttons an empty web chat shows; nothing is stored."""
    language = WELSH if request.query.get("language") == WELSH else ENGLISH
    return web.json_response(request.app[CONVERSATIONS].welcome(language=language),
                             headers={"Content-Language": language})


async def healthz(request: web.Request) -> web.Response:
    """200 only when Rasa and the action server answer too."""
    checks = await request.app[RASA].health()
    checks["gateway"] = True
    return web.json_response(checks, status=200 if all(checks.values()) else 503)


async def source_page(request: web.Request) -> web.Response:
    """GET /sources/{name}: the document an answer's source line links to, as plain text."""
    path = source_document(request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound(text="there is no such source document")
    text = path.read_text(encoding="utf-8")
    body = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>Source document</title><link rel="stylesheet" href="/static/chat.css">'
            '</head><body class="source-document"><main><h1>Source document</h1>'
            '<p>The words our answers come from, as we hold them. '
            '<a href="/">Back to the chat</a></p>'
            f'<pre>{html.escape(text)}</pre></main></body></html>')
    return web.Response(text=body, content_type="text/html")


def setup_routes(app: web.Application, *, static_dir: Path) -> None:
    async def index(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(static_dir / "index.html")

    app.router.add_get("/", index)
    app.router.add_static("/static/", static_dir, name="static")
    app.router.add_post("/api/messages", post_message)
    app.router.add_get(r"/api/conversations/{conversation_id}/messages", get_messages)
    app.router.add_post("/api/feedback", post_feedback)
    app.router.add_get("/api/welcome", welcome)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/sources/{name}", source_page)
