"""The advocate handoff over Telegram: real Rasa, real gateway, real PTB, a local Bot API server.

ask for a person → consent → queued → claimed → messages both ways → closed → bot answers again.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request

import pytest

from tests.support.console import Console
from tests.support.fake_bot_api import WEBHOOK_SECRET as SECRET
from tests.support.fake_bot_api import FakeBotAPI, callback_update, text_update
from tests.support.stack import ROOT, Stack

pytestmark = pytest.mark.e2e

CHAT = 424242
PASSWORD = "advocate password 1"


def send_update(gateway: Stack, update: dict) -> None:
    req = urllib.request.Request(gateway.url + "/telegram/webhook",
                                 data=json.dumps(update).encode(),
                                 method="POST", headers={"Content-Type": "application/json",
                                                         "X-Telegram-Bot-Api-Secret-Token": SECRET})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200


def wait_for_message(fake: FakeBotAPI, pattern: str, *, timeout: float = 60,
                     chat: int = CHAT) -> dict:
    """The first sendMessage to the chat whose text matches `pattern`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in fake.calls_to("sendMessage"):
            text = call.params.get("text", "")
            if call.params.get("chat_id") == chat and re.search(pattern, text):
                return call.params
        time.sleep(0.1)
    sent = [c.params.get("text", "")[:60] for c in fake.calls_to("sendMessage")]
    raise AssertionError(f"no message matching {pattern!r}; sent: {sent}")


def test_handoff_over_telegram(telegram_gateway, fake_telegram):
    gateway, fake = telegram_gateway, fake_telegram
    conversation_id = f"tg-{CHAT}"

    send_update(gateway, text_update(1, CHAT, "can i talk to a real person"))
    consent = wait_for_message(fake, "read our chat so far")
    keyboard = consent["reply_markup"]["inline_keyboard"]
    buttons = [b["callback_data"] for row in keyboard for b in row]
    assert "/affirm" in buttons

    send_update(gateway, callback_update(2, CHAT, "/affirm", query_id="9001"))
    wait_for_message(fake, r"number 1 in the queue|aren't online right now")

    env = dict(os.environ, DATABASE_URL=f"sqlite+aiosqlite:///{gateway.workdir / 'app.db'}")
    subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot", "users", "add", "ava", "--role",
                    "advocate", "--password-stdin"], input=PASSWORD + "\n", text=True, env=env,
                   cwd=ROOT, check=True, capture_output=True)
    console = Console(gateway.url)
    console.sign_in("ava", PASSWORD)
    queue = console.get("/queue")["items"]
    assert [i["conversation_id"] for i in queue] == [conversation_id]
    assert queue[0]["channel"] == "telegram"

    console.post(f"/conversations/{conversation_id}/claim", {})
    wait_for_message(fake, "An advocate has joined")
    transcript = console.get(f"/conversations/{conversation_id}")
    assert "can i talk to a real person" in [m["text"] for m in transcript["messages"]]

    console.post(f"/conversations/{conversation_id}/reply",
                 {"text": "Hi, I'm Ava. How can I help?"})
    wait_for_message(fake, "Hi, I'm Ava")

    send_update(gateway, text_update(3, CHAT, "my sw keeps cancelling"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        texts = [m["text"] for m in console.get(f"/conversations/{conversation_id}")["messages"]]
        if "my sw keeps cancelling" in texts:
            break
        time.sleep(0.2)
    assert "my sw keeps cancelling" in texts

    console.post(f"/conversations/{conversation_id}/close",
                 {"outcome": "resolved", "close_unanswered": True})
    wait_for_message(fake, "finished this chat")

    send_update(gateway, text_update(4, CHAT, "how do i complain"))
    wait_for_message(fake, "Source:")


def wait_for_document(fake: FakeBotAPI, chat: int, *, timeout: float = 60) -> dict:
    """The first sendDocument to this chat."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = fake.calls_to("sendDocument", chat_id=chat)
        if found:
            return found[0].params
        time.sleep(0.1)
    raise AssertionError("no document was sent")


def test_a_letter_over_telegram_comes_as_a_message_and_a_document(telegram_gateway,
                                                                 fake_telegram):
    gateway, fake, chat = telegram_gateway, fake_telegram, 434343
    for update_id, text in enumerate(["help me write a complaint", "Wales", "My social worker",
                                      "An apology", "No"], start=100):
        before = len(fake.calls_to("sendMessage", chat_id=chat))
        send_update(gateway, text_update(update_id, chat, text))
        deadline = time.monotonic() + 60
        while len(fake.calls_to("sendMessage", chat_id=chat)) == before:
            assert time.monotonic() < deadline, f"no reply to {text!r}"
            time.sleep(0.1)
    document = wait_for_document(fake, chat)["document"]
    assert document["filename"] == "complaint.txt"
    assert "Social Services Complaints Procedure (Wales) Regulations 2014" in document["text"]
    assert document["text"].startswith("[your name]")
    texts = [c.params["text"] for c in fake.calls_to("sendMessage", chat_id=chat)]
    assert document["text"].strip() in texts  # the letter as a message too, to copy
    assert any("Here is your letter" in t for t in texts)
