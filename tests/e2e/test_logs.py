"""After the gateway gives up waiting for Rasa, no log line anywhere holds the message text."""

from __future__ import annotations

import time

from tests.support.stack import Stack

SECRET_WORDS = "zebra umbrella lighthouse 4242"


def test_no_log_line_holds_the_message_text_after_a_rasa_timeout(stack, tmp_path):
    # A second gateway on the same Rasa, so impatient that Rasa is cut off mid-answer:
    # Rasa then logs its "rest.message.received.timeout" event for that message.
    impatient = Stack(workdir=tmp_path, with_bot_engine=False, rasa_port=stack.rasa_port,
                      action_port=stack.action_port,
                      env_overrides={"RASA_TIMEOUT_SECONDS": "0.01"}).start()
    try:
        status, replies = impatient.post("/api/messages", {
            "conversation_id": "web-log-check-01", "text": f"how do i complain {SECRET_WORDS}"})
        assert status == 200 and replies  # the holding message: nothing is lost
        deadline = time.monotonic() + 30
        while "rest.message.received" not in stack.rasa_log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "Rasa never logged the cut-off message"
            time.sleep(0.5)
    finally:
        impatient.stop()
    logs = [*stack.workdir.glob("*.log*"), *tmp_path.glob("*.log*")]
    assert stack.rasa_log in logs and len(logs) >= 4
    for log in logs:
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "zebra" not in text and "web-log-check-01" not in text, log.name
