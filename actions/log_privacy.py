"""Keep what young people write, and who they are, out of Rasa's and the action server's logs.

Rasa 3.6 logs structured events as JSON lines; some carry the message text (for example
"rest.message.received.timeout" when the gateway gives up waiting) or the sender id. This
logging filter, named in ops/rasa-logging.yml, replaces those fields before a line is written.
Standard library only: Rasa's environment imports it.
"""

from __future__ import annotations

import json
import logging

WITHHELD = "[withheld]"
# Rasa's own list of "anonymizable" event keys (rasa/utils/log_utils.py), plus who sent it.
PERSONAL_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text",
    "parse_data_entities", "prediction_events", "tracker_latest_message", "prefilled_slots",
    "message", "response", "slot_candidates", "rasa_event", "rasa_events", "tracker_states",
    "current_states", "old_states", "successes", "current_entity", "next_entity", "states",
    "entity", "token_text", "user_message", "json_message", "sender_id", "conversation_id",
    "metadata",
})


class WithholdPersonalData(logging.Filter):
    """Rewrites a structured (JSON) log line without the personal fields; passes others as is."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            event = json.loads(record.getMessage())
        except (TypeError, ValueError):
            return True
        if isinstance(event, dict) and PERSONAL_KEYS & event.keys():
            record.msg = json.dumps({k: WITHHELD if k in PERSONAL_KEYS else v
                                     for k, v in event.items()})
            record.args = ()
        return True
