"""Start-up: settings that cannot work, a wrong token, long polling, missing wording."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.app import create_app
from bot.channels.telegram import TelegramConfigError
from tests.bot.channels.telegram.telegram_client import history, post_update
from tests.support.fake_bot_api import sticker_update, text_update

# The responses only the Telegram channel sends.
TELEGRAM_RESPONSES = ("utter_privacy_note", "utter_forgotten", "utter_text_only")


@pytest.mark.parametrize("overrides, fragment", [
    ({"telegram_webhook_secret": ""}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"telegram_webhook_secret": "has spaces!"}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"telegram_mode": "carrier-pigeon"}, "TELEGRAM_MODE"),
])
def test_settings_that_cannot_work_are_refused_at_once(make_settings, telegram_fields,
                                                       overrides, fragment):
    with pytest.raises(TelegramConfigError, match=fragment):
        create_app(make_settings(**(telegram_fields | overrides)))


async def test_a_wrong_token_stops_start_up_with_a_clear_error(make_settings, telegram_fields):
    wrong = telegram_fields | {"telegram_bot_token": "999:not-the-token"}
    app = create_app(make_settings(**wrong))
    app.freeze()
    with pytest.raises(TelegramConfigError, match="TELEGRAM_BOT_TOKEN") as raised:
        await app.startup()
    assert "not-the-token" not in str(raised.value) and raised.value.__cause__ is None
    await app.cleanup()  # what web.run_app does after a failed start-up


async def test_long_polling_mode_processes_queued_updates(aiohttp_client, make_settings,
                                                          telegram_fields, fake_api, domain):
    settings = make_settings(**(telegram_fields | {"telegram_mode": "polling",
                                                   "telegram_webhook_secret": ""}))
    client = await aiohttp_client(create_app(settings))
    assert fake_api.calls_to("deleteWebhook")  # polling needs no webhook set
    assert not fake_api.calls_to("setWebhook")

    fake_api.queue_update(text_update(7018, 64646464, "how do i complain"))
    [sent] = await fake_api.wait_for("sendMessage", chat_id=64646464)
    assert sent.params["text"] == domain.reply("utter_holding_message")["text"]
    assert (await history(client, 64646464))["messages"][0]["text"] == "how do i complain"
    resp = await post_update(client, text_update(7050, 64646464, "hello"))
    assert resp.status in (404, 405)  # no webhook route in polling mode

    await client.close()  # stops cleanly and confirms the update to Telegram
    assert fake_api.calls_to("getUpdates")[-1].params["offset"] == 7018 + 1


@pytest.fixture
def bare_domain_file(settings, tmp_path) -> str:
    """The real domain.yml without the Telegram-only responses."""
    doc = yaml.safe_load(Path(settings.domain_file).read_text(encoding="utf-8"))
    for name in TELEGRAM_RESPONSES:
        del doc["responses"][name]
    path = tmp_path / "bare-domain.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return str(path)


async def test_missing_domain_wording_is_skipped(aiohttp_client, make_settings, telegram_fields,
                                                 bare_domain_file, fake_api, domain):
    client = await aiohttp_client(create_app(make_settings(
        **(telegram_fields | {"domain_file": bare_domain_file}))))
    await post_update(client, sticker_update(7020, 65656565))
    await post_update(client, text_update(7021, 65656565, "/start"))
    await post_update(client, text_update(7022, 65656565, "/forget"))
    await post_update(client, text_update(7023, 65656565, "hello"))  # handled last (same chat)
    sent = await fake_api.wait_for("sendMessage", chat_id=65656565, count=2)
    # In order: any wrongly sent extra message would come before hello's reply.
    holding = domain.reply("utter_holding_message")["text"]
    assert len(sent) == 2 and all(c.params["text"] == holding for c in sent)  # /start, hello
