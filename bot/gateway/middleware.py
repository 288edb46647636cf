"""Error handling and security headers for every response."""

from __future__ import annotations

import html
import json
import logging

from aiohttp import web

from bot.gateway.access import NotAllowed
from bot.gateway.coordination import LockTimeout
from bot.gateway.incoming import BadMessage

log = logging.getLogger(__name__)

# why: a shared phone must keep no copy of the chat; pages load nothing from elsewhere.
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "Cache-Control": "no-store",
}


def json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _wants_json(request: web.Request) -> bool:
    return request.path.startswith(("/api/", "/telegram/", "/console/api/")) \
        or request.path.endswith(".csv")


def _error_page(status: int, message: str) -> web.Response:
    body = (f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{status}</title>"
            f"<h1>{html.escape(message)}</h1><p><a href=\"/\">Back to the chat</a></p></html>")
    return web.Response(status=status, text=body, content_type="text/html")


def _error(request: web.Request, status: int, message: str) -> web.Response:
    return json_error(status, message) if _wants_json(request) else _error_page(status, message)


@web.middleware
async def error_middleware(request: web.Request, handler):
    """Turn every failure into a clear error (JSON under /api and /telegram); keep running."""
    try:
        return await handler(request)
    except BadMessage as exc:
        return _error(request, 400, str(exc))
    except NotAllowed as exc:
        return _error(request, 403, str(exc))
    except LockTimeout:
        # why honest wording: the lock is taken before the message is stored, so it was not.
        return _error(request, 503, "this conversation is busy; your message was not saved, "
                                    "please send it again in a minute")
    except json.JSONDecodeError:
        return _error(request, 400, "the body must be valid JSON")
    except UnicodeDecodeError:
        return _error(request, 400, "the request must be valid UTF-8")
    except web.HTTPRequestEntityTooLarge:
        return _error(request, 413, "the request is too large")
    except web.HTTPException as exc:
        if exc.status < 400:  # redirects: returned, so they get the security headers too
            return web.Response(status=exc.status, headers=exc.headers)
        return _error(request, exc.status, exc.text if exc.text and not exc.text.startswith(
            f"{exc.status}:") else exc.reason)
    except Exception:  # noqa: BLE001 - the last line of defence
        log.exception("unhandled error on %s %s", request.method, request.path)
        # why no promise here: the failure may have come before the message was stored.
        return _error(request, 500, "something went wrong on our side; please send that again")


@web.middleware
async def security_headers_middleware(request: web.Request, handler):
    """The same security headers on every response, errors and redirects included."""
    response = await handler(request)
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
