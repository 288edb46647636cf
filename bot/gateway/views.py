"""Thin HTTP views: parse, call the conversation service, answer JSON."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp import web

from bot.gateway.incoming import BadMessage, Incoming
from bot.gateway.keys import CONVERSATIONS, DB_SESSIONMAKER, RASA, SETTINGS
from bot.store import analytics, conversations
from payload import CustomPayload


async def read_json_object(request: web.Request) -> dict:
    """The request body as a JSON object, or BadMessage."""
    raw = await request.read()
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadMessage("the body must be valid UTF-8 JSON") from None
    if not isinstance(body, dict):
        raise BadMessage("the body must be a JSON object")
    return body


def _str_field(body: dict, name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadMessage(f"'{name}' must be a string")
    return value


async def post_message(request: web.Request) -> web.Response:
    """POST /api/messages {conversation_id, text[, client_message_id, channel]} -> replies."""
    body = await read_json_object(request)
    channel = _str_field(body, "channel", required=False) or "api"
    if channel not in ("api", "web"):
        raise BadMessage("channel must be 'api' or 'web' on this endpoint")
    incoming = Incoming(
        conversation_id=_str_field(body, "conversation_id"),
        channel=channel,
        text=_str_field(body, "text"),
        client_message_id=_str_field(body, "client_message_id", required=False),
    )
    replies = await request.app[CONVERSATIONS].receive(incoming)
    return web.json_response(replies)


async def get_messages(request: web.Request) -> web.Response:
    """GET /api/conversations/{id}/messages?after=N&wait=S -> messages after N (long poll)."""
    conversation_id = request.match_info["conversation_id"]
    try:
        after = int(request.query.get("after", "0"))
        wait = min(float(request.query.get("wait", "0")), request.app[SETTINGS].long_poll_seconds)
    except ValueError:
        raise BadMessage("'after' must be an integer and 'wait' a number of seconds") from None
    service = request.app[CONVERSATIONS]
    seen = service.version(conversation_id)
    mode, messages = await service.history(conversation_id=conversation_id, after=after)
    if not messages and wait > 0:
        await service.wait(conversation_id=conversation_id, timeout=wait, since=seen)
        mode, messages = await service.history(conversation_id=conversation_id, after=after)
    return web.json_response({
        "conversation_id": conversation_id,
        "mode": mode,
        "messages": [
            {**m.as_reply(), "direction": m.direction, "client_message_id": m.client_message_id}
            for m in messages
        ],
    })


async def post_feedback(request: web.Request) -> web.Response:
    """POST /api/feedback {conversation_id, seq, helpful} -> 204; stored as an anonymous event."""
    body = await read_json_object(request)
    helpful = body.get("helpful")
    seq = body.get("seq")
    if not isinstance(helpful, bool) or not isinstance(seq, int):
        raise BadMessage("'helpful' must be true or false and 'seq' an integer")
    conversation_id = _str_field(body, "conversation_id")
    async with request.app[DB_SESSIONMAKER]() as session, session.begin():
        conversation = await conversations.get_conversation(session,
                                                            conversation_id=conversation_id)
        if conversation is None:
            raise web.HTTPNotFound(reason="no such conversation")
        message = await conversations.get_message(session, conversation_id=conversation_id, seq=seq)
        topic = CustomPayload.from_dict((message.payload or {}).get("custom")).topic \
            if message else None
        if not topic:
            raise BadMessage("feedback can only be given on an answer")
        await analytics.record_event(session, kind="feedback", channel=conversation.channel,
                                     topic=topic, council=conversation.council,
                                     helpful=helpful)
    return web.Response(status=204)


async def healthz(request: web.Request) -> web.Response:
    """200 only when Rasa and the action server answer too."""
    checks = await request.app[RASA].health()
    checks["gateway"] = True
    return web.json_response(checks, status=200 if all(checks.values()) else 503)


def setup_routes(app: web.Application, *, static_dir: Path) -> None:
    async def index(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(static_dir / "index.html")

    app.router.add_get("/", index)
    app.router.add_static("/static/", static_dir, name="static")
    app.router.add_post("/api/messages", post_message)
    app.router.add_get(r"/api/conversations/{conversation_id}/messages", get_messages)
    app.router.add_post("/api/feedback", post_feedback)
    app.router.add_get("/healthz", healthz)
