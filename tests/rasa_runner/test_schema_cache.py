"""The cached validator accepts and rejects action server responses exactly as jsonschema does,
against Rasa's own response spec, and checks that spec only once."""

from __future__ import annotations

import jsonschema
import pytest
from jsonschema import validators
from rasa.core.actions.action import RemoteAction

from rasa_runner import schema_cache

SPEC = RemoteAction.action_response_format_spec()
GOOD = {"events": [{"event": "slot", "name": "council", "value": "wales"}],
        "responses": [{"text": "hi", "buttons": [], "custom": {"topic": "complaints"}}]}
BAD = [{"events": "not a list"}, {"responses": ["not an object"]},
       {"events": [{"name": "no event type"}]}]


def test_a_valid_response_passes():
    schema_cache.validate(GOOD, SPEC)


@pytest.mark.parametrize("response", BAD)
def test_an_invalid_response_fails_with_jsonschema_s_own_error(response):
    with pytest.raises(jsonschema.ValidationError) as ours:
        schema_cache.validate(response, SPEC)
    with pytest.raises(jsonschema.ValidationError) as theirs:
        jsonschema.validate(response, SPEC)
    assert ours.value.message == theirs.value.message


def test_the_spec_is_checked_once(monkeypatch):
    schema_cache._validators.clear()
    kind = validators.validator_for(SPEC)
    checks = []
    original = kind.check_schema
    monkeypatch.setattr(kind, "check_schema",
                        classmethod(lambda cls, s, **kw: (checks.append(1), original(s, **kw))))
    for _ in range(5):
        schema_cache.validate(GOOD, RemoteAction.action_response_format_spec())  # a new dict each
    assert len(checks) == 1


def test_an_invalid_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        schema_cache.validate({}, {"type": "not a type"})


def test_install_replaces_what_rasa_looks_up(monkeypatch):
    monkeypatch.setattr(jsonschema, "validate", jsonschema.validate)
    schema_cache.install()
    assert jsonschema.validate is schema_cache.validate
