"""Console pages: the Jinja environment on the app, and small response helpers."""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml
from aiohttp import web

from bot.console.auth import CSRF, STAFF

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
CANNED_FILE = Path(__file__).resolve().parents[2] / "data" / "console" / "canned_replies.yml"
TEMPLATES = web.AppKey("console_templates", jinja2.Environment)
CANNED_REPLIES = web.AppKey("canned_replies", tuple)


def setup_templates(app: web.Application, *, canned_file: Path = CANNED_FILE) -> None:
    """Autoescaping templates from bot/console/templates/, and the advocates' canned replies."""
    app[TEMPLATES] = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                                        autoescape=jinja2.select_autoescape(default=True))
    app[CANNED_REPLIES] = load_canned_replies(canned_file)


CANNED_KEYS = {"canned_replies": "en", "canned_replies_cy": "cy"}


def load_canned_replies(path: Path) -> tuple[tuple[str, str], ...]:
    """The canned replies as (language, text): English ones, then Welsh ones (else ValueError).

    Each list is non-empty, of distinct, non-empty strings."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != set(CANNED_KEYS):
        raise ValueError(f"{path}: expected only {', '.join(CANNED_KEYS)}")
    replies: list[tuple[str, str]] = []
    for key, language in CANNED_KEYS.items():
        texts = data[key]
        if (not isinstance(texts, list) or not texts
                or not all(isinstance(r, str) and r.strip() for r in texts)
                or len(set(texts)) != len(texts)):
            raise ValueError(f"{path}: {key} must be a list of distinct texts")
        replies += [(language, text) for text in texts]
    return tuple(replies)


def render(request: web.Request, name: str, **context) -> web.Response:
    """An HTML page with the signed-in user and the CSRF token in its context."""
    template = request.app[TEMPLATES].get_template(name)
    context.setdefault("user", request.get(STAFF))
    context.setdefault("csrf", request.get(CSRF, ""))
    return web.Response(text=template.render(**context), content_type="text/html")


def redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})
