"""Error handling and security headers for every response."""

from __future__ import annotations

import json
import logging

from aiohttp import web

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


@web.middleware
async def error_middleware(request: web.Request, handler):
    """Turn every failure into a clear JSON error; the service keeps running."""
    try:
        return await handler(request)
    except BadMessage as exc:
        return json_error(400, str(exc))
    except json.JSONDecodeError:
        return json_error(400, "the body must be valid JSON")
    except web.HTTPRequestEntityTooLarge:
        return json_error(413, "the request is too large")
    except web.HTTPException as exc:
        if exc.status >= 400 and request.path.startswith("/api/"):
            return json_error(exc.status, exc.reason)
        raise
    except Exception:  # noqa: BLE001 - the last line of defence
        log.exception("unhandled error on %s %s", request.method, request.path)
        return json_error(500, "something went wrong on our side; nothing you sent was lost")


@web.middleware
async def security_headers_middleware(request: web.Request, handler):
    response = await handler(request)
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
