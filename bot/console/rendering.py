"""Console pages: the Jinja environment on the app, and small response helpers."""

from __future__ import annotations

from pathlib import Path

import jinja2
from aiohttp import web

from bot.console.auth import CSRF, STAFF

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATES = web.AppKey("console_templates", jinja2.Environment)


def setup_templates(app: web.Application) -> None:
    """Autoescaping templates from bot/console/templates/."""
    app[TEMPLATES] = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                                        autoescape=jinja2.select_autoescape(default=True))


def render(request: web.Request, name: str, **context) -> web.Response:
    """An HTML page with the signed-in user and the CSRF token in its context."""
    template = request.app[TEMPLATES].get_template(name)
    context.setdefault("user", request.get(STAFF))
    context.setdefault("csrf", request.get(CSRF, ""))
    return web.Response(text=template.render(**context), content_type="text/html")


def redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})
