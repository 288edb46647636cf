"""Rasa's REST channel splits an utterance's text and custom payload: we join them again."""

from bot.gateway.rasa_client import merge_replies


def test_custom_joins_the_text_before_it():
    replies = [
        {"recipient_id": "x", "text": "answer"},
        {"recipient_id": "x", "custom": {"topic": "health"}},
        {"recipient_id": "x", "text": "next", "buttons": [{"title": "a", "payload": "/a"}]},
    ]
    assert merge_replies(replies) == [
        {"text": "answer", "custom": {"topic": "health"}},
        {"text": "next", "buttons": [{"title": "a", "payload": "/a"}]},
    ]


def test_custom_alone_stays_alone_and_junk_is_dropped():
    assert merge_replies([{"custom": {"a": 1}}, "junk", {"recipient_id": "x"}]) == [
        {"custom": {"a": 1}}
    ]
