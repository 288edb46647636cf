"""Hand-written attacks on every public endpoint: each gets a clear 4xx, never a 5xx.

The first group are the requests that gave a 500 or slipped through before (issue 16).
"""

from __future__ import annotations

import json

import pytest

from tests.bot.adversarial.conftest import still_answers

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NESTED = b'{"a":' * 5000 + b"1" + b"}" * 5000
OK = {"conversation_id": "conv-attack-01", "text": "hello"}


def body(**fields) -> bytes:
    return json.dumps({**OK, **fields}).encode()


CASES = [
    # --- found by the attack in issue 16 ---
    ("lone surrogate in text", "POST", "/api/messages", b'{"conversation_id": "conv-attack-01", '
     b'"text": "\\ud800"}', JSON, 400),
    ("deeply nested message", "POST", "/api/messages", NESTED, JSON, 400),
    ("deeply nested feedback", "POST", "/api/feedback", NESTED, JSON, 400),
    ("5000-digit conversation id", "POST", "/api/messages",
     b'{"conversation_id": ' + b"9" * 5000 + b', "text": "x"}', JSON, 400),
    ("after beyond 64 bits", "GET", "/api/conversations/conv-attack-01/messages"
     "?after=9223372036854775808", None, None, 400),
    ("30-digit after", "GET", "/api/conversations/conv-attack-01/messages?after=" + "9" * 30,
     None, None, 400),
    ("feedback seq 2**63", "POST", "/api/feedback",
     json.dumps({"conversation_id": "conv-attack-01", "seq": 2**63, "helpful": True}).encode(),
     JSON, 400),
    ("feedback seq 10**30", "POST", "/api/feedback",
     json.dumps({"conversation_id": "conv-attack-01", "seq": 10**30, "helpful": True}).encode(),
     JSON, 400),
    ("sign-in form with byte 0xFF", "POST", "/console/login", b"username=\xff&password=x", FORM,
     (400, 403)),
    ("id with a trailing newline", "POST", "/api/messages", body(conversation_id="abcdefgh12\n"),
     JSON, 400),
    ("client id with a trailing newline", "POST", "/api/messages",
     body(client_message_id="abcdefgh12\n"), JSON, 400),
    # --- malformed bodies ---
    ("empty body", "POST", "/api/messages", b"", JSON, 400),
    ("not JSON", "POST", "/api/messages", b"{oops", JSON, 400),
    ("JSON array", "POST", "/api/messages", b"[1, 2]", JSON, 400),
    ("JSON string", "POST", "/api/messages", b'"hello"', JSON, 400),
    ("JSON null", "POST", "/api/messages", b"null", JSON, 400),
    ("invalid UTF-8", "POST", "/api/messages", b'{"text": "\xc3\x28"}', JSON, 400),
    ("binary", "POST", "/api/messages", bytes(range(256)), JSON, 400),
    ("NaN text", "POST", "/api/messages", b'{"conversation_id": "conv-attack-01", "text": NaN}',
     JSON, 400),
    ("huge number text", "POST", "/api/messages", body(text=10**20), JSON, 400),
    ("empty text", "POST", "/api/messages", body(text=""), JSON, 400),
    ("whitespace text", "POST", "/api/messages", body(text=" \n\t "), JSON, 400),
    ("NUL-only text", "POST", "/api/messages", body(text="\x00\x00"), JSON, 400),
    ("text as list", "POST", "/api/messages", body(text=["hi"]), JSON, 400),
    ("too long text", "POST", "/api/messages", body(text="a" * 2001), JSON, 400),
    ("short id", "POST", "/api/messages", body(conversation_id="abc"), JSON, 400),
    ("id with a slash", "POST", "/api/messages", body(conversation_id="../../etc/passwd"), JSON,
     400),
    ("id with unicode", "POST", "/api/messages", body(conversation_id="ünïcödé-id-1"), JSON, 400),
    ("channel telegram", "POST", "/api/messages", body(channel="telegram"), JSON, 400),
    ("channel number", "POST", "/api/messages", body(channel=7), JSON, 400),
    ("body over 64 KB", "POST", "/api/messages", b"x" * (70 * 1024), JSON, 413),
    ("nesting inside a field", "POST", "/api/messages",
     body(extra=[[[[[[[[[[1]]]]]]]]]]), JSON, 400),
    # --- reading ---
    ("after negative", "GET", "/api/conversations/conv-attack-01/messages?after=-1", None, None,
     400),
    ("after words", "GET", "/api/conversations/conv-attack-01/messages?after=abc", None, None,
     400),
    ("wait infinite", "GET", "/api/conversations/conv-attack-01/messages?wait=inf", None, None,
     400),
    ("wait NaN", "GET", "/api/conversations/conv-attack-01/messages?wait=nan", None, None, 400),
    ("bad id in path", "GET", "/api/conversations/a%0Ab/messages", None, None, 400),
    ("someone else's conversation", "GET", "/api/conversations/conv-attack-01/messages",
     None, {"X-Conversation-Token": "guess"}, 403),
    # --- feedback ---
    ("feedback seq as bool", "POST", "/api/feedback",
     b'{"conversation_id": "conv-attack-01", "seq": true, "helpful": true}', JSON, 400),
    ("feedback helpful as string", "POST", "/api/feedback",
     b'{"conversation_id": "conv-attack-01", "seq": 1, "helpful": "yes"}', JSON, 400),
    ("feedback unknown conversation", "POST", "/api/feedback",
     b'{"conversation_id": "nobody-here-1", "seq": 1, "helpful": true}', JSON, 404),
    ("feedback without the secret", "POST", "/api/feedback",
     b'{"conversation_id": "conv-attack-01", "seq": 2, "helpful": true}', JSON, 403),
    # --- Telegram webhook (off here: no route) and the console ---
    ("telegram webhook when off", "POST", "/telegram/webhook", b"{}", JSON, 404),
    ("console API signed out", "GET", "/console/api/queue", None, None, 401),
    ("console claim signed out", "POST", "/console/api/conversations/conv-attack-01/claim",
     b"{}", JSON, 401),
    ("console socket signed out", "GET", "/console/ws", None, None, 401),
    ("sign-in without its form token", "POST", "/console/login",
     b"username=ava&password=correct+horse+battery", FORM, 403),
    ("dashboard CSV signed out", "GET", "/console/dashboard.csv", None, None, (401, 404)),
    ("unknown API path", "GET", "/api/nothing-here", None, None, 404),
    ("wrong method", "PUT", "/api/messages", b"{}", JSON, 405),
]


@pytest.mark.parametrize("name, method, path, data, headers, expected", CASES,
                         ids=[c[0] for c in CASES])
async def test_bad_request_gets_a_clear_error(gateway, name, method, path, data, headers,
                                              expected):
    if name in ("someone else's conversation", "feedback without the secret"):
        assert (await gateway.post("/api/messages", json=OK)).status == 200
    resp = await gateway.request(method, path, data=data, headers=headers, allow_redirects=False)
    assert resp.status in (expected if isinstance(expected, tuple) else (expected,)), \
        (resp.status, await resp.text())
    assert resp.headers["Content-Security-Policy"] and resp.headers["X-Content-Type-Options"]
    if path.startswith(("/api/", "/telegram/")):
        assert resp.content_type == "application/json"
        assert (await resp.json())["error"]
    await still_answers(gateway)


def test_there_are_at_least_40_hand_written_cases():
    assert len(CASES) >= 40
