"""A conversation can never get stuck: hundreds of random conversations through the real stack.

Gibberish, emoji, zero-width and empty-looking text, "ok", Welsh and other languages, button
payloads, topic questions and risk messages, in any order. Every message gets 1 to 4 replies,
never the holding message (Rasa is up), Rasa's circuit breaker never trips, and afterwards the
conversation still answers a topic question on that topic.
"""

from __future__ import annotations

import itertools
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.stack import ROOT

HOLDING = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))[
    "responses"]["utter_holding_message"][0]["text"]
MESSAGES = st.one_of(
    st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=10),  # "fjfjfj", "qqqq"
    st.sampled_from(["😂", "👍", "🙃🙃🙃", "❤️", "💀💀", "🤷"]),
    st.sampled_from(["\u200b", "\u200b\u200c\u200d", "...", "?", "??!", "-", "x"]),
    st.sampled_from(["ok", "k", "yes", "no", "what", "hmm", "lol", "idk", "why", "how"]),
    st.sampled_from(["Sut ydw i'n cwyno?", "Dwi eisiau siarad ag eiriolwr", "diolch", "helo",
                     "hola que tal", "bonjour ça va", "cześć"]),
    st.sampled_from(["/affirm", "/deny", "/what_can_you_do", "/ask_health", "/ask_records",
                     '/inform_location{"council": "wales"}', "/council_promises",
                     "/follow_up", "/handoff_decline", "/greet", "/write_letter",
                     '/write_letter{"letter_kind": "complaint"}', "/cancel"]),
    st.sampled_from(["how do i complain", "can i see my records", "how do i get an advocate",
                     "what happens when i turn 18", "can i see my brother"]),
    st.sampled_from(["i want to kill myself", "my carer hits me", "i have nowhere to sleep"]),
)
_ids = itertools.count()


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(conversation=st.lists(MESSAGES, min_size=2, max_size=5))
def test_random_conversations_never_get_stuck(stack, conversation):
    conversation_id = f"web-never-stuck-{next(_ids):04d}"
    replies: list[dict] = []
    for text in conversation:
        replies = stack.say(conversation_id, text)
        if _mode(stack, conversation_id) != "bot":
            return  # handed to an advocate: the bot is silent by design
        assert 1 <= len(replies) <= 4, (conversation, text, replies)
        assert all(r.get("text") != HOLDING for r in replies), (conversation, text)
    if _in_a_letter(replies):
        # The letter form takes typed text as the letter's words; its Cancel button leaves it.
        assert "stopped the letter" in stack.say(conversation_id, "/cancel")[0]["text"]
    replies = stack.say(conversation_id, "how do i make a complaint")
    if _mode(stack, conversation_id) == "bot":
        topics = [(r.get("custom") or {}).get("topic") for r in replies]
        assert "complaints" in topics, (conversation, replies)


def test_rasa_never_tripped_its_circuit_breaker(stack):
    assert "Circuit breaker tripped" not in stack.rasa_log.read_text(encoding="utf-8")


def _in_a_letter(replies: list[dict]) -> bool:
    return any(b.get("payload") == "/cancel" for r in replies for b in r.get("buttons") or ())


def _mode(stack, conversation_id: str) -> str | None:
    status, history = stack.get(f"/api/conversations/{conversation_id}/messages?after=0")
    assert status == 200
    return history["mode"]
