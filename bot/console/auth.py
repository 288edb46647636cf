"""Console sign-in: server-side sessions, CSRF protection, roles."""

from __future__ import annotations

import functools
import hmac

from aiohttp import web

from bot.gateway.keys import DB_SESSIONMAKER, SETTINGS
from bot.store import staff
from bot.store.models import StaffUser

SESSION_COOKIE = "cra_staff"
STAFF = web.RequestKey("staff", StaffUser)
CSRF = web.RequestKey("csrf", str)
PUBLIC_PATHS = ("/console/login", "/console/static/")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def wants_json(request: web.Request) -> bool:
    return (request.path.startswith(("/console/api/", "/console/ws"))
            or request.path.endswith(".csv"))


@web.middleware
async def staff_auth_middleware(request: web.Request, handler):
    """Every /console page and API needs a signed-in user (and a CSRF token to change things)."""
    if not request.path.startswith("/console") or request.path.startswith(PUBLIC_PATHS):
        return await handler(request)
    token = request.cookies.get(SESSION_COOKIE)
    staff_session = None
    if token:
        async with request.app[DB_SESSIONMAKER]() as session, session.begin():
            staff_session = await staff.find_session(session, token=token)
    if staff_session is None:
        if wants_json(request):
            return web.json_response({"error": "sign in first"}, status=401)
        raise web.HTTPFound("/console/login")
    if request.method in UNSAFE_METHODS:
        sent = request.headers.get("X-CSRF-Token", "")
        if not sent and request.content_type == "application/x-www-form-urlencoded":
            sent = (await request.post()).get("csrf", "")
        if not same_secret(str(sent), staff_session.csrf_token):
            return web.json_response({"error": "missing or wrong CSRF token"}, status=403)
    request[STAFF] = staff_session.user
    request[CSRF] = staff_session.csrf_token
    return await handler(request)


def same_secret(sent: str, expected: str) -> bool:
    """Constant-time comparison that also copes with non-ASCII input (compared as UTF-8)."""
    return hmac.compare_digest(sent.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8", "surrogatepass"))


def requires(*roles: str):
    """Allow a view only to these roles (403 otherwise)."""

    def decorate(view):
        @functools.wraps(view)
        async def wrapped(request: web.Request):
            user = request.get(STAFF)
            if user is None or user.role not in roles:
                if wants_json(request):
                    return web.json_response({"error": "not allowed for your role"}, status=403)
                raise web.HTTPForbidden(text="This page is not available to your role.")
            return await view(request)

        return wrapped

    return decorate


def set_session_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    secure = request.app[SETTINGS].public_url.startswith("https://")
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Strict", secure=secure,
                        path="/console", max_age=int(staff.SESSION_LIFETIME.total_seconds()))
