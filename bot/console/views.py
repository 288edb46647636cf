"""Console views: thin handlers over the handoff service and the staff store."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from bot.console.auth import SESSION_COOKIE, STAFF, requires, same_secret, set_session_cookie
from bot.console.rendering import CANNED_REPLIES, redirect, render
from bot.gateway.keys import DB_SESSIONMAKER, EVENTS, HANDOFF, SETTINGS
from bot.handoff.service import OUTCOMES, HandoffError
from bot.store import staff
from kb import load_places

LOGIN_CSRF_COOKIE = "cra_login_csrf"
ADVOCATES = ("advocate", "admin")



# ---- sign-in ----------------------------------------------------------------------------

async def login_page(request: web.Request) -> web.Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", login_csrf=token, error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="Strict", path="/console")
    return response


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    sent, expected = str(form.get("csrf", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not same_secret(sent, expected):
        response = render(request, "login.html", login_csrf=expected, error="Please try again.")
        response.set_status(403)  # a sign-in post without its form's token is refused
        return response
    async with request.app[DB_SESSIONMAKER]() as session, session.begin():
        try:
            user = await staff.authenticate(session, username=str(form.get("username", "")),
                                            password=str(form.get("password", "")))
        except staff.SignInError as exc:
            error = str(exc)
            user = None
        if user is not None:
            token, _csrf = await staff.start_session(session, user=user)
    if user is None:
        response = render(request, "login.html", login_csrf=expected, error=error)
        response.set_status(401)
        return response
    response = redirect("/console")
    set_session_cookie(request, response, token)
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/console")
    return response


async def logout(request: web.Request) -> web.Response:
    async with request.app[DB_SESSIONMAKER]() as session, session.begin():
        await staff.end_session(session, token=request.cookies.get(SESSION_COOKIE, ""))
    response = redirect("/console/login")
    response.del_cookie(SESSION_COOKIE, path="/console")
    return response


async def home(request: web.Request) -> web.Response:
    if request[STAFF].role == "commissioner":
        raise web.HTTPFound("/console/dashboard")
    return render(request, "console.html", canned=request.app[CANNED_REPLIES], outcomes=OUTCOMES)


# ---- the advocates' API -------------------------------------------------------------------

def _queue_item(item) -> dict:
    triaged = item.triage
    return {"conversation_id": item.conversation_id, "channel": item.channel, "urgent": item.urgent,
            "queued_at": item.queued_at.isoformat(), "council": item.council,
            "nation": load_places().nation_of(item.council or ""),
            "share_history": item.share_history, "mode": item.mode, "assigned_to": item.assigned_to,
            "due_at": item.due_at.isoformat() if item.due_at else None,
            "reasons": list(triaged.reasons) if triaged else [],
            "risk_category": triaged.risk_category if triaged else None,
            "topic": triaged.topic if triaged else None,
            "unanswered": triaged.unanswered if triaged else False,
            "first_words": triaged.first_words if triaged else None,
            "language": item.language}


@requires(*ADVOCATES)
async def api_queue(request: web.Request) -> web.Response:
    items = await request.app[HANDOFF].queue(user=request[STAFF])
    return web.json_response({"me": request[STAFF].id, "items": [_queue_item(i) for i in items]})


@requires(*ADVOCATES)
async def api_conversation(request: web.Request) -> web.Response:
    try:
        conversation, messages, notes, topics = await request.app[HANDOFF].transcript(
            conversation_id=request.match_info["conversation_id"], user=request[STAFF])
    except HandoffError as exc:
        return web.json_response({"error": str(exc)}, status=409)
    return web.json_response({
        "conversation_id": conversation.id, "channel": conversation.channel,
        "mode": conversation.mode, "urgent": conversation.urgent,
        "share_history": conversation.share_history, "council": conversation.council,
        "assigned_to": conversation.assigned_to, "topics": topics,
        "language": conversation.language or "en",
        "messages": [{**m.as_reply(), "direction": m.direction,
                      "at": m.created_at.isoformat()} for m in messages],
        "notes": [{"text": n.text, "at": n.created_at.isoformat()} for n in notes],
    })


async def _body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text='{"error": "the body must be valid JSON"}',
                                 content_type="application/json") from None
    return body if isinstance(body, dict) else {}


def handoff_action(method: str, *fields: str):
    @requires(*ADVOCATES)
    async def view(request: web.Request) -> web.Response:
        body = await _body(request) if fields else {}
        kwargs = {f: body.get(f) for f in fields}
        try:
            await getattr(request.app[HANDOFF], method)(
                conversation_id=request.match_info["conversation_id"], user=request[STAFF],
                **kwargs)
        except HandoffError as exc:
            return web.json_response({"error": str(exc)}, status=409)
        # Every console sees the change (a transfer, say) at once, not at the next message.
        await request.app[EVENTS].notify(request.match_info["conversation_id"])
        return web.json_response({"ok": True})

    view.__name__ = f"api_{method}"
    return view


@requires(*ADVOCATES)
async def api_advocates(request: web.Request) -> web.Response:
    async with request.app[DB_SESSIONMAKER]() as session:
        users = await staff.signed_in_users(session, roles=("advocate", "admin"))
    # Transfer goes to someone else who is signed in now (so someone will pick it up).
    return web.json_response([{"username": u.username, "name": u.display_name} for u in users
                              if u.id != request[STAFF].id])


def _own_origins(request: web.Request) -> set[str]:
    public = urlsplit(request.app[SETTINGS].public_url)
    return {f"{public.scheme}://{public.netloc}", f"{request.scheme}://{request.host}"}


@requires(*ADVOCATES)
async def websocket(request: web.Request) -> web.WebSocketResponse:
    """Live updates: the id of each conversation that changes (the page then fetches it)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin not in _own_origins(request):
        # why: a page on another site must not open a socket with an advocate's cookie.
        raise web.HTTPForbidden(text="This page may not open the console's live updates.")
    ws = web.WebSocketResponse(heartbeat=20)
    await ws.prepare(request)
    events = request.app[EVENTS]
    queue = events.subscribe()

    async def pump():
        while True:
            conversation_id = await queue.get()
            await ws.send_json({"type": "changed", "conversation_id": conversation_id})

    pumping = asyncio.create_task(pump())
    try:
        async for msg in ws:
            if msg.type == WSMsgType.ERROR:
                break
    finally:
        pumping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pumping
        events.unsubscribe(queue)
    return ws


@web.middleware
async def permission_middleware(request: web.Request, handler):
    try:
        return await handler(request)
    except PermissionError:
        return web.json_response({"error": "not allowed for your role"}, status=403)
