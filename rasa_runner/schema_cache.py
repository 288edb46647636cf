"""`jsonschema.validate` with each schema checked once, not on every call.

Rasa validates every action server response with `jsonschema.validate(result, spec)`, and
jsonschema first checks `spec` itself against the JSON Schema meta-schema — on every call. With
py-spy on our Rasa under load, that check was about 40% of Rasa's time per message (README,
"Where the time goes"). This keeps one validator per schema; every response is still validated,
with the same errors (`best_match`), as jsonschema does.
"""

from __future__ import annotations

import json

import jsonschema
from jsonschema import exceptions, validators

_validators: dict[str, object] = {}


def validate(instance, schema, cls=None, *args, **kwargs) -> None:
    """Like jsonschema.validate; the schema's own check runs once per distinct schema."""
    key = json.dumps([schema, getattr(cls, "__name__", None)], sort_keys=True, default=str)
    validator = _validators.get(key)
    if validator is None or args or kwargs:
        kind = cls or validators.validator_for(schema)
        kind.check_schema(schema)
        validator = kind(schema, *args, **kwargs)
        if not args and not kwargs:
            _validators[key] = validator
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Make `jsonschema.validate` (which Rasa looks up at each call) the cached one."""
    jsonschema.validate = validate
