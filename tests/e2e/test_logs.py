"""No log line of the running product holds a message's text or its conversation id.

Real traffic through the real stack: an answered question, a risk message, and a request a
second, impatient gateway gives up on while Rasa is still working. (The exact Rasa event that
once logged message text on a timeout is provoked directly in tests/actions/test_log_privacy.py:
it depends on Sanic cancelling the request, which a short client timeout does not force.)
"""

from __future__ import annotations

import time

from tests.support.stack import Stack

SECRET_WORDS = "zebra umbrella lighthouse"


def test_no_log_line_holds_message_text_or_conversation_ids(stack, tmp_path):
    stack.say("web-log-check-01", f"how do i complain {SECRET_WORDS}")
    stack.say("web-log-check-02", f"{SECRET_WORDS} i want to kill myself")
    impatient = Stack(workdir=tmp_path, with_bot_engine=False, rasa_port=stack.rasa_port,
                      action_port=stack.action_port,
                      env_overrides={"RASA_TIMEOUT_SECONDS": "0.01"}).start()
    try:
        status, replies = impatient.post("/api/messages", {
            "conversation_id": "web-log-check-03", "text": f"can i see my file {SECRET_WORDS}"})
        assert status == 200 and replies  # the holding message: nothing is lost
        time.sleep(3)  # let Rasa finish the answer nobody waits for, and log what it logs
    finally:
        impatient.stop()
    logs = [*stack.workdir.glob("*.log*"), *tmp_path.glob("*.log*")]
    assert stack.rasa_log in logs and len(logs) >= 5
    for log in logs:
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "zebra" not in text and "web-log-check-0" not in text, log.name
