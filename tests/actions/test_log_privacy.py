"""Rasa's own logging, configured as `make run` configures it, never writes message text."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

from actions.log_privacy import WITHHELD

ROOT = Path(__file__).resolve().parents[2]

# The calls `rasa run --logging-config-file ops/rasa-logging.yml` makes, in its order
# (rasa/__main__.py), then the event Rasa's REST channel logs when the gateway gives up
# waiting (rasa/core/channels/rest.py), and one with a sender id.
RASA_LOGGING = """
import structlog
import rasa.utils.io
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog
configure_logging_and_warnings(None, "ops/rasa-logging.yml", warn_only_once=True,
                               filter_repeated_logs=True)
rasa.utils.io.configure_colored_logging(None)
configure_structlog(None)
log = structlog.get_logger()
log.error("rest.message.received.timeout", text="zebra umbrella 4242")
log.info("processor.start", sender_id="web-d1c2b3a4e5f60718", model="current")
"""


def test_message_text_and_sender_ids_never_reach_rasas_log(tmp_path):
    log_file = tmp_path / "log" / "rasa.log"
    run = subprocess.run([sys.executable, "-c", RASA_LOGGING], cwd=ROOT, check=True,
                         timeout=120, capture_output=True, text=True,
                         env={"RASA_LOG_FILE": str(log_file), "PYTHONPATH": str(ROOT),
                              "RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"})
    # Rasa also prints its log to the terminal (which `make run` sends to var/log/rasa.out).
    assert "rest.message.received.timeout" in run.stdout + run.stderr
    assert "zebra" not in run.stdout + run.stderr
    written = log_file.read_text(encoding="utf-8")
    assert "rest.message.received.timeout" in written and "processor.start" in written
    assert "zebra" not in written and "web-d1c2b3a4e5f60718" not in written
    events = [json.loads(line.split(" - ", 1)[1]) for line in written.splitlines()
              if " - {" in line]
    assert {"text": WITHHELD}.items() <= next(
        e for e in events if e["event"] == "rest.message.received.timeout").items()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
