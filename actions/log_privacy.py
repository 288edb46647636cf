"""Keep what young people write, and who they are, out of Rasa's logs; keep the logs private.

Rasa 3.6 logs structured events as JSON lines; some carry the message text (for example
"rest.message.received.timeout" when the gateway gives up waiting) or the sender id. The
filter here, named in ops/rasa-logging.yml, replaces those fields before a line is written,
and the file handler rotates the log and makes it readable by the service's user only.
Standard library only: Rasa's environment imports it.
"""

from __future__ import annotations

import json
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

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


def private_log_file(max_bytes: int = 1_000_000, backup_count: int = 5) -> RotatingFileHandler:
    """A rotating log file at $RASA_LOG_FILE (default var/log/rasa.log), mode 0600."""
    path = Path(os.environ.get("RASA_LOG_FILE") or "var/log/rasa.log")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    os.chmod(path, 0o600)
    return RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backup_count,
                               encoding="utf-8")
