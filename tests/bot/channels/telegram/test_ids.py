"""Conversation ids from chat ids, and retry keys the gateway accepts."""

from __future__ import annotations

import pytest

from bot.channels.telegram import chat_id_for, client_message_id, conversation_id_for


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
