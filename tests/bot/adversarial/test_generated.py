"""Generated attacks (Hypothesis) on every public endpoint: never a 5xx, and the service keeps
answering. Each property runs 100 examples (500 in all), the same ones every run."""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot.adversarial.conftest import still_answers

EXAMPLES = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# Any JSON value, including deep nesting, huge numbers, surrogates and control characters.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(alphabet=st.characters(codec=None), max_size=40),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=25)
ids = st.one_of(st.text(max_size=80), st.from_regex(r"[A-Za-z0-9_-]{8,64}\n?", fullmatch=True),
                st.integers(), st.none(), st.lists(st.integers(), max_size=2))
texts = st.one_of(st.text(max_size=300), st.text(alphabet=st.characters(codec=None), max_size=50),
                  st.integers(), st.none(), st.just("\ud800"), st.just("<script>alert(1)</script>"))
messages = st.fixed_dictionaries(
    {"conversation_id": ids, "text": texts},
    optional={"client_message_id": ids, "channel": st.one_of(
        st.sampled_from(["web", "api", "telegram", "", "WEB"]), json_values)})
feedback = st.fixed_dictionaries(
    {"conversation_id": ids, "seq": st.one_of(st.integers(), st.floats(), st.booleans(), texts),
     "helpful": st.one_of(st.booleans(), json_values)})
raw_bodies = st.one_of(st.binary(max_size=300),
                       st.builds(lambda v: json.dumps(v).encode(), json_values))
query_values = st.one_of(st.text(alphabet=string.printable, max_size=30),
                         st.integers().map(str), st.floats().map(str))
tokens = st.one_of(st.none(), st.text(alphabet=string.ascii_letters + string.digits + "-_",
                                      max_size=60))


def _headers(token):
    secret = {"X-Conversation-Token": token} if token else {}
    return {"Content-Type": "application/json", **secret}


async def _not_5xx(resp) -> None:
    assert resp.status < 500, (resp.status, await resp.text())


@EXAMPLES
@given(body=messages, token=tokens)
async def test_messages_endpoint(gateway, body, token):
    await _not_5xx(await gateway.post("/api/messages", data=json.dumps(body), headers=_headers(
        token)))


@EXAMPLES
@given(body=feedback, token=tokens)
async def test_feedback_endpoint(gateway, body, token):
    await _not_5xx(await gateway.post("/api/feedback", data=json.dumps(body),
                                      headers=_headers(token)))


@EXAMPLES
@given(path=st.sampled_from(["/api/messages", "/api/feedback", "/console/login",
                             "/telegram/webhook"]), data=raw_bodies)
async def test_raw_bodies(gateway, path, data):
    await _not_5xx(await gateway.post(path, data=data,
                                      headers={"Content-Type": "application/json"}))


@EXAMPLES
@given(conversation=st.text(alphabet=string.ascii_letters + string.digits + "-_.%~", min_size=1,
                            max_size=70),
       after=query_values, wait=query_values, token=tokens)
async def test_history_endpoint(gateway, conversation, after, wait, token):
    resp = await gateway.get(f"/api/conversations/{conversation}/messages",
                             params={"after": after, "wait": wait}, headers=_headers(token))
    await _not_5xx(resp)


@EXAMPLES
@given(form=st.dictionaries(st.sampled_from(["csrf", "username", "password", "x"]),
                            st.text(max_size=40), max_size=4))
async def test_sign_in_form(gateway, form):
    await gateway.get("/console/login")
    await _not_5xx(await gateway.post("/console/login", data=form, allow_redirects=False))


async def test_still_answering_after_everything(gateway):
    await still_answers(gateway)
