"""Follow-ups after an answer: the next step for that topic, not the same answer again."""

from __future__ import annotations

from pathlib import Path

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.vocabulary import load_vocabulary
from kb import Entry
from payload import CustomPayload

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "follow_ups.yml"


def is_about_refusal(text: str) -> bool:
    """'what if they say no', 'they refused', 'wot if they wont': being told no."""
    return load_vocabulary(WORDS_FILE, "refusal_words", "refusal_phrases").found_in(text)


def answer_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, *, topic: str,
                     entry: Entry | None, steps: str) -> None:
    """Refused: what to do when the answer is no. Otherwise: the topic's next steps."""
    custom = CustomPayload(topic=topic).to_dict()
    text = tracker.latest_message.get("text") or ""
    if is_about_refusal(text):
        response = "utter_if_refused_complaint" if topic == "complaints" else "utter_if_refused"
        dispatcher.utter_message(response=response, json_message=custom)
    elif entry is not None and steps:
        dispatcher.utter_message(response="utter_next_steps", steps=steps, json_message=custom)
    else:
        dispatcher.utter_message(response="utter_follow_up_more", json_message=custom)
