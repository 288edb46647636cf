"""The webhook: registered with Telegram with its secret; refuses wrong secrets and bad bodies."""

from __future__ import annotations

from tests.bot.channels.telegram.telegram_client import SECRET, history, post_update
from tests.support.fake_bot_api import text_update


async def test_webhook_mode_registers_the_webhook_with_the_secret(client, fake_api):
    assert fake_api.calls_to("getMe")
    [call] = fake_api.calls_to("setWebhook")
    assert call.params["url"] == "https://care-rights.example.org/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]
    assert not fake_api.calls_to("getUpdates")  # no updater in webhook mode


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
