"""The console's routes and sign-in middleware, added to the application in one place."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.console import views
from bot.console.auth import staff_auth_middleware
from bot.console.dashboard import setup_dashboard
from bot.console.rendering import setup_templates

STATIC_DIR = Path(__file__).resolve().parent / "static"


def setup_console(app: web.Application) -> None:
    """Add the console's routes, templates and sign-in middleware."""
    setup_templates(app)
    app.middlewares.extend([staff_auth_middleware, views.permission_middleware])
    r = app.router
    r.add_get("/console/login", views.login_page)
    r.add_post("/console/login", views.login)
    r.add_post("/console/logout", views.logout)
    r.add_get("/console", views.home)
    r.add_static("/console/static/", STATIC_DIR)
    r.add_get("/console/api/queue", views.api_queue)
    r.add_get("/console/api/advocates", views.api_advocates)
    r.add_get("/console/api/conversations/{conversation_id}", views.api_conversation)
    for method, fields in (("claim", ()), ("reply", ("text",)), ("add_note", ("text",)),
                           ("transfer", ("to_username",)),
                           ("close", ("outcome", "close_unanswered"))):
        path = "notes" if method == "add_note" else method
        r.add_post(f"/console/api/conversations/{{conversation_id}}/{path}",
                   views.handoff_action(method, *fields))
    r.add_get("/console/ws", views.websocket)
    setup_dashboard(app)
