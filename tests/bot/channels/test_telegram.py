"""The Telegram bridge: real PTB over real HTTP against a fake Bot API, the gateway with Rasa down.

With the bot engine unreachable every answer is the holding message from domain.yml, and
risky text gets the gateway's own urgent-help card: enough to prove the bridge carries
messages both ways, keeps the secret, and renders replies for Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time

import pytest
import yaml

from bot.channels.telegram import (
    TELEGRAM,
    PayloadStore,
    TelegramConfigError,
    chat_id_for,
    client_message_id,
    conversation_id_for,
    deliver,
    render_reply,
    split_text,
)
from bot.app import create_app
from bot.responses import DomainResponses
from bot.safeguarding import CATEGORIES
from bot.settings import Settings
from tests.support.fake_bot_api import (
    TOKEN,
    FakeBotAPI,
    callback_update,
    sticker_update,
    text_update,
)
from tests.support.stack import free_port

SECRET = "test-webhook-secret_0123456789"
HOLDING = "something has gone wrong"
# The wording proposed for domain.yml (the tests add it to a copy of the real domain).
PROPOSED_RESPONSES = {
    "utter_privacy_note": [{"text": (
        "About privacy: I don't know who you are. What you write here is kept for up to "
        "30 days so the service works, then deleted. Telegram keeps its own copy of this chat "
        "on your phone. Send /forget at any time and I'll delete this conversation straight "
        "away.")}],
    "utter_forgotten": [{"text": (
        "Done. I've deleted this conversation from our records. The messages are still in "
        "Telegram on your phone: to remove them, delete this chat in Telegram.")}],
    "utter_text_only": [{"text": (
        "Sorry, I can only read text messages. Please type your question. If you are not "
        "safe, call 999 or Childline on 0800 1111.")}],
}


def _write_domain(repo_root, path, *, with_proposed: bool):
    doc = yaml.safe_load((repo_root / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in PROPOSED_RESPONSES.items():
        if with_proposed:
            doc["responses"][name] = variants
        else:
            doc["responses"].pop(name, None)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
async def fake_api(aiohttp_server) -> FakeBotAPI:
    fake = FakeBotAPI()
    server = await aiohttp_server(fake.make_app())
    fake.base_url = f"http://127.0.0.1:{server.port}/bot"
    return fake


@pytest.fixture(scope="session")
def domain_file(tmp_path_factory, repo_root):
    return _write_domain(repo_root, tmp_path_factory.mktemp("domain") / "domain.yml",
                         with_proposed=True)


@pytest.fixture(scope="session")
def knowledge_dir(tmp_path_factory, repo_root):
    """One real knowledge-base file instead of all of them: the bridge never reads answers
    (the bot engine is down), and loading the whole base would slow every start-up."""
    directory = tmp_path_factory.mktemp("knowledge")
    smallest = min((repo_root / "data" / "knowledge").glob("*.yml"), key=lambda p: p.stat().st_size)
    shutil.copy(smallest, directory / smallest.name)
    return directory


def _write_lexicon(path):
    """A one-pattern lexicon: these tests are about the bridge, not the lexicon's coverage."""
    path.write_text(yaml.safe_dump({
        "version": 1,
        "categories": {c: c for c in CATEGORIES},
        "patterns": [{"id": "test.kill_myself", "category": "suicide_self_harm",
                      "regex": r"\bkill myself\b"}],
    }), encoding="utf-8")
    return path


@pytest.fixture
def make_settings(tmp_path, fake_api, domain_file, knowledge_dir):
    """Settings for a gateway with the bot engine down and Telegram pointed at the fake."""
    def make(**overrides) -> Settings:
        values = dict(
            lexicon_file=str(_write_lexicon(tmp_path / "lexicon.yml")),
            knowledge_dir=str(knowledge_dir),
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
            rasa_url=f"http://127.0.0.1:{free_port()}",
            action_server_url=f"http://127.0.0.1:{free_port()}",
            rasa_timeout_seconds=2,
            long_poll_seconds=1,
            domain_file=str(domain_file),
            public_url="https://care-rights.example.org",
            telegram_bot_token=TOKEN,
            telegram_webhook_secret=SECRET,
            telegram_mode="webhook",
            telegram_base_url=fake_api.base_url,
        )
        values.update(overrides)
        return Settings(**values)
    return make


@pytest.fixture
def settings(make_settings) -> Settings:
    return make_settings()


@pytest.fixture
async def client(aiohttp_client, settings):
    return await aiohttp_client(create_app(settings))


async def post_update(client, update: dict, *, secret: str | None = SECRET):
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return await client.post("/telegram/webhook", json=update, headers=headers)


async def eventually(condition, timeout: float = 5.0) -> None:
    """Wait until condition() is true (polling), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def history(client, chat_id: int) -> dict:
    resp = await client.get(f"/api/conversations/{conversation_id_for(chat_id)}/messages?after=0")
    assert resp.status == 200
    return await resp.json()


# --- webhook mode ----------------------------------------------------------------------------


async def test_webhook_mode_registers_the_webhook_with_the_secret(client, fake_api):
    assert fake_api.calls_to("getMe")
    [call] = fake_api.calls_to("setWebhook")
    assert call.params["url"] == "https://care-rights.example.org/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]
    assert not fake_api.calls_to("getUpdates")  # no updater in webhook mode


async def test_a_text_message_is_answered_in_the_same_chat(client, fake_api):
    resp = await post_update(client, text_update(7001, 48151623, "how do i complain"))
    assert resp.status == 200

    [sent] = await fake_api.wait_for("sendMessage", chat_id=48151623)
    assert HOLDING in sent.params["text"]
    assert fake_api.calls_to("sendChatAction", chat_id=48151623)
    body = await history(client, 48151623)
    assert body["mode"] == "bot"
    assert [(m["direction"], m["text"][:17]) for m in body["messages"]] == [
        ("in", "how do i complain"), ("out", sent.params["text"][:17])]
    assert body["messages"][0]["client_message_id"] == "tg-update-7001"


async def test_a_redelivered_update_is_answered_again_but_processed_once(client, fake_api):
    update = text_update(7002, 48151624, "hello")
    await post_update(client, update)
    await fake_api.wait_for("sendMessage", chat_id=48151624)
    await post_update(client, update)
    await fake_api.wait_for("sendMessage", count=2, chat_id=48151624)
    assert len((await history(client, 48151624))["messages"]) == 2


async def test_a_bad_or_missing_secret_is_refused_and_nothing_is_processed(client, fake_api):
    for n, secret in enumerate([None, "", "wrong-secret", SECRET + "x", SECRET[:-1], "sécret"]):
        resp = await post_update(client, text_update(7100 + n, 11112222, "hello"), secret=secret)
        assert resp.status == 403, secret
        assert "secret" in (await resp.json())["error"]

    # A genuine update afterwards goes through; the refused ones never did.
    await post_update(client, text_update(7004, 33334444, "hello"))
    await fake_api.wait_for("sendMessage", chat_id=33334444)
    assert not fake_api.calls_to("sendMessage", chat_id=11112222)
    assert (await history(client, 11112222))["mode"] is None


async def test_a_malformed_body_is_a_400(client, fake_api):
    for data in [
        b"{not json", b"\xff\xfe\x00binary", b"[1, 2]", b'{"message": {"text": "hi"}}',
        b'{"update_id": "7"}', b'{"update_id": 7, "message": {"text": "no chat, no date"}}',
        b'{"update_id": 7, "message": 5}',
    ]:
        resp = await client.post("/telegram/webhook", data=data, headers={
            "X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"})
        assert resp.status == 400, data
        assert (await resp.json())["error"]
    assert not fake_api.calls_to("sendChatAction")


async def test_the_risk_card_arrives_with_the_numbers_and_a_safety_question(client, fake_api,
                                                                             domain_file):
    await post_update(client, text_update(7005, 55556666, "i want to kill myself"))

    card, question = await fake_api.wait_for("sendMessage", count=2, chat_id=55556666)
    assert "0800 1111" in card.params["text"] and "999" in card.params["text"]
    contacts = DomainResponses.from_file(domain_file).reply("utter_urgent_help")["custom"]
    for contact in contacts["urgent_help"]:  # one line each, with its number
        lines = card.params["text"].splitlines()
        assert any(line.startswith(f"\N{BULLET} {contact['name']}")
                   and contact.get("phone", "") in line for line in lines)
    assert question.params["text"] == "Are you safe right now?"
    keyboard = question.params["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == ["/affirm", "/deny"]
    assert (await history(client, 55556666))["messages"][1]["custom"]["safeguarding"]


async def test_a_button_press_is_acknowledged_and_its_payload_is_the_message(client, fake_api):
    await post_update(client, callback_update(7006, 77778888, "/ask_health",
                                              query_id="99887766554433"))

    [answered] = await fake_api.wait_for("answerCallbackQuery")
    assert answered.params["callback_query_id"] == "99887766554433"
    [sent] = await fake_api.wait_for("sendMessage", chat_id=77778888)
    assert HOLDING in sent.params["text"]
    inbound = (await history(client, 77778888))["messages"][0]
    assert inbound["text"] == "/ask_health"
    assert inbound["client_message_id"] == "tg-cb-99887766554433"


async def test_a_long_payload_travels_through_a_short_key(client, fake_api):
    payload = '/open_kb_entry{"kb_entry": "leaving_care_personal_adviser_until_25_wales"}'
    assert len(payload.encode()) > 64
    key = client.app[TELEGRAM].payloads.callback_data(payload)
    assert key.startswith("p:") and len(key.encode()) <= 64

    await post_update(client, callback_update(7007, 12121212, key))
    await fake_api.wait_for("sendMessage", chat_id=12121212)
    assert (await history(client, 12121212))["messages"][0]["text"] == payload


async def test_an_expired_long_payload_key_asks_again_without_storing(client, fake_api,
                                                                      domain_file):
    await post_update(client, callback_update(7008, 13131313, "p:0123456789abcdef"))
    await fake_api.wait_for("answerCallbackQuery")
    [sent] = await fake_api.wait_for("sendMessage", chat_id=13131313)
    rephrase = DomainResponses.from_file(domain_file).reply("utter_rephrase")
    assert sent.params["text"] == rephrase["text"]
    assert sent.params["reply_markup"]["inline_keyboard"]
    assert (await history(client, 13131313))["mode"] is None


async def test_forget_deletes_the_conversation_and_confirms(client, fake_api):
    await post_update(client, text_update(7009, 24242424, "hello"))
    await fake_api.wait_for("sendMessage", chat_id=24242424)
    assert len((await history(client, 24242424))["messages"]) == 2

    await post_update(client, text_update(7010, 24242424, "/forget"))
    _, confirmation = await fake_api.wait_for("sendMessage", count=2, chat_id=24242424)
    assert confirmation.params["text"] == PROPOSED_RESPONSES["utter_forgotten"][0]["text"]
    assert (await history(client, 24242424)) == {
        "conversation_id": "tg-24242424", "mode": None, "messages": []}


async def test_commands_go_through_the_gateway_as_intents(client, fake_api):
    note = PROPOSED_RESPONSES["utter_privacy_note"][0]["text"]
    cases = [("/start", "/greet", True), ("/help", "/what_can_you_do", True),
             ("/topics", "/what_can_you_do", False),
             ("/start@care_rights_test_bot", "/greet", True)]
    for n, (command, _, with_note) in enumerate(cases):
        chat_id = 36363600 + n
        await post_update(client, text_update(7200 + n, chat_id, command))
        # A later message in the same chat: handled after the command, so when its reply
        # arrives every reply to the command has been sent.
        await post_update(client, text_update(7210 + n, chat_id, "hello"))
    for n, (command, sent_as, with_note) in enumerate(cases):
        chat_id = 36363600 + n
        sent = await fake_api.wait_for("sendMessage", chat_id=chat_id, count=2 + with_note)
        texts = [c.params["text"] for c in sent]
        assert HOLDING in texts[0] and HOLDING in texts[-1], command
        assert texts[1:-1] == ([note] if with_note else []), command
        inbound = [m["text"] for m in (await history(client, chat_id))["messages"]
                   if m["direction"] == "in"]
        assert inbound == [sent_as, "hello"], command


async def test_a_sticker_gets_the_text_only_reply_and_is_not_stored(client, fake_api):
    await post_update(client, sticker_update(7013, 48484848))
    [sent] = await fake_api.wait_for("sendMessage", chat_id=48484848)
    assert sent.params["text"] == PROPOSED_RESPONSES["utter_text_only"][0]["text"]
    assert (await history(client, 48484848))["mode"] is None


async def test_group_chats_are_ignored(client, fake_api):
    update = text_update(7014, -1001234567890, "hello")
    update["message"]["chat"] = {"id": -1001234567890, "type": "supergroup", "title": "Friends"}
    await post_update(client, update)
    await post_update(client, text_update(7015, 60606060, "hello"))
    await fake_api.wait_for("sendMessage", chat_id=60606060)
    assert not fake_api.calls_to("sendMessage", chat_id=-1001234567890)


async def test_too_long_text_gets_the_readable_reason(client, fake_api, settings):
    await post_update(client, text_update(7016, 61616161, "a" * (settings.max_message_chars + 1)))
    [sent] = await fake_api.wait_for("sendMessage", chat_id=61616161)
    assert "too long" in sent.params["text"]


async def test_deliver_pushes_replies_to_a_telegram_conversation(client, fake_api):
    await deliver(client.app, "tg-62626262", [
        {"text": "Hi, I'm Jo, an advocate.", "buttons": [{"title": "Reply", "payload": "/affirm"}]},
    ])
    [sent] = fake_api.calls_to("sendMessage", chat_id=62626262)
    assert sent.params["text"] == "Hi, I'm Jo, an advocate."
    assert sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/affirm"
    with pytest.raises(ValueError):
        await deliver(client.app, "web-conversation-1", [{"text": "hi"}])


async def test_failures_are_logged_without_the_message_text_or_token(aiohttp_client, settings,
                                                                     fake_api, caplog):
    caplog.set_level(logging.DEBUG)  # as with LOG_LEVEL=DEBUG
    client = await aiohttp_client(create_app(settings))
    fake_api.blocked_chats.add(63636363)
    await post_update(client, text_update(7017, 63636363, "my private words about home"))
    await fake_api.wait_for("sendMessage", chat_id=63636363)
    await eventually(lambda: "telegram: update 7017 failed: Forbidden" in caplog.text)
    logging.getLogger("httpx").warning("still reaches the log")  # the capture itself works
    # The bridge's own loggers and the libraries it brings (not aiosqlite's SQL echo, nor the
    # fake Telegram server's access log, which are not the bridge's).
    ours = "\n".join(r.getMessage() + str(r.exc_info) for r in caplog.records
                     if r.name.split(".")[0] in ("bot", "telegram", "httpx", "httpcore"))
    assert "still reaches the log" in ours
    assert "my private words" not in ours
    assert TOKEN not in ours and "63636363" not in ours


# --- start-up settings and modes -------------------------------------------------------------


@pytest.mark.parametrize("overrides, fragment", [
    ({"telegram_webhook_secret": ""}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"telegram_webhook_secret": "has spaces!"}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"telegram_mode": "carrier-pigeon"}, "TELEGRAM_MODE"),
])
def test_settings_that_cannot_work_are_refused_at_once(make_settings, overrides, fragment):
    with pytest.raises(TelegramConfigError, match=fragment):
        create_app(make_settings(**overrides))


async def test_a_wrong_token_stops_start_up_with_a_clear_error(make_settings):
    app = create_app(make_settings(telegram_bot_token="999:not-the-token"))
    app.freeze()
    with pytest.raises(TelegramConfigError, match="TELEGRAM_BOT_TOKEN") as raised:
        await app.startup()
    assert "not-the-token" not in str(raised.value) and raised.value.__cause__ is None
    await app.cleanup()  # what web.run_app does after a failed start-up


async def test_long_polling_mode_processes_queued_updates(aiohttp_client, make_settings, fake_api):
    settings = make_settings(telegram_mode="polling", telegram_webhook_secret="")
    client = await aiohttp_client(create_app(settings))
    assert fake_api.calls_to("deleteWebhook")  # polling needs no webhook set
    assert not fake_api.calls_to("setWebhook")

    fake_api.queue_update(text_update(7018, 64646464, "how do i complain"))
    [sent] = await fake_api.wait_for("sendMessage", chat_id=64646464)
    assert HOLDING in sent.params["text"]
    assert (await history(client, 64646464))["messages"][0]["text"] == "how do i complain"
    resp = await post_update(client, text_update(7050, 64646464, "hello"))
    assert resp.status in (404, 405)  # no webhook route in polling mode

    await client.close()  # stops cleanly and confirms the update to Telegram
    assert fake_api.calls_to("getUpdates")[-1].params["offset"] == 7018 + 1


async def test_missing_domain_wording_is_skipped(aiohttp_client, make_settings, fake_api,
                                                 tmp_path, repo_root):
    domain = _write_domain(repo_root, tmp_path / "bare-domain.yml", with_proposed=False)
    client = await aiohttp_client(create_app(make_settings(domain_file=str(domain))))
    await post_update(client, sticker_update(7020, 65656565))
    await post_update(client, text_update(7021, 65656565, "/start"))
    await post_update(client, text_update(7022, 65656565, "/forget"))
    await post_update(client, text_update(7023, 65656565, "hello"))  # handled last (same chat)
    sent = await fake_api.wait_for("sendMessage", chat_id=65656565, count=2)
    # In order: any wrongly sent extra message would come before hello's reply.
    assert len(sent) == 2 and all(HOLDING in c.params["text"] for c in sent)  # /start, hello


# --- rendering and ids -----------------------------------------------------------------------


def test_a_reply_with_buttons_becomes_an_inline_keyboard():
    payloads = PayloadStore()
    long_payload = "/council_promises" + '{"council": "%s"}' % ("x" * 60)
    [message] = render_reply({"text": "Pick a topic", "buttons": [
        {"title": "Health", "payload": "/ask_health"},
        {"title": "Promises", "payload": long_payload},
    ]}, payloads)
    assert message.text == "Pick a topic"
    rows = message.reply_markup.inline_keyboard
    assert [(r[0].text, r[0].callback_data) for r in rows][0] == ("Health", "/ask_health")
    key = rows[1][0].callback_data
    assert key.startswith("p:") and len(key.encode()) <= 64
    assert payloads.payload(key) == long_payload
    assert payloads.payload("/ask_health") == "/ask_health"


def test_an_answer_shows_its_sources_and_the_card_lists_every_number():
    [answer] = render_reply({"text": "You can ask.", "custom": {
        "topic": "health", "sources": ["Children Act 1989", "Kent pledge"]}}, PayloadStore())
    assert answer.text == "You can ask.\n\nSource: Children Act 1989; Kent pledge"
    assert answer.reply_markup is None

    [card] = render_reply({"text": "Thank you for telling me.", "custom": {"urgent_help": [
        {"name": "Childline", "phone": "0800 1111", "hours": "free, any time"},
        {"name": "Shout", "text": "Text SHOUT to 85258"},
        {"name": "Duty team", "hours": "when your social worker is not there"},
    ]}}, PayloadStore())
    lines = card.text.splitlines()
    assert lines[0].endswith("Childline: 0800 1111 (free, any time)")
    assert lines[1].endswith("Shout: Text SHOUT to 85258")
    assert lines[2].endswith("Duty team (when your social worker is not there)")
    assert lines[-1] == "Thank you for telling me."


def test_empty_replies_are_skipped_and_long_text_is_split():
    assert render_reply({"text": "  "}, PayloadStore()) == []
    [only_buttons] = render_reply({"text": "", "buttons": [{"title": "A", "payload": "/a"}]},
                                  PayloadStore())
    assert only_buttons.text.strip() and only_buttons.reply_markup
    text = "\n".join(["a line of an answer"] * 400) + "\n" + "😀" * 3000
    pieces = split_text(text)
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in pieces)
    assert "".join(p.replace("\n", "") for p in pieces) == text.replace("\n", "")
    messages = render_reply({"text": text, "buttons": [{"title": "A", "payload": "/a"}]},
                            PayloadStore())
    assert len(messages) > 1 and messages[-1].reply_markup and not messages[0].reply_markup


@pytest.mark.parametrize("chat_id, expected", [
    (48151623, "tg-48151623"), (-1001234567890, "tg--1001234567890"), (42, "tg-chat-42"),
    (-7, "tg-chat--7"),
])
def test_conversation_ids_fit_the_gateway_rule_and_map_back(chat_id, expected):
    assert conversation_id_for(chat_id) == expected
    assert chat_id_for(expected) == chat_id


def test_client_message_ids_always_fit():
    assert client_message_id("tg-update", 7) == "tg-update-7"
    assert client_message_id("tg-cb", "4382764239847239847") == "tg-cb-4382764239847239847"
    odd = client_message_id("tg-cb", "weird id/with:chars" * 5)
    assert odd.startswith("tg-cb-") and len(odd) <= 64
    with pytest.raises(ValueError):
        chat_id_for("tg-abc")
