"""Follow-ups after an answer: the next step for that topic, not the same answer again."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from kb import Entry
from payload import CustomPayload

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "follow_ups.yml"
_WORD = re.compile(r"[a-z]+")


@functools.cache
def _refusal_vocabulary(path: Path = WORDS_FILE) -> tuple[frozenset[str], tuple[str, ...]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if set(data) != {"refusal_words", "refusal_phrases"}:
        raise ValueError(f"{path}: expected exactly refusal_words and refusal_phrases")
    return frozenset(data["refusal_words"]), tuple(data["refusal_phrases"])


def is_about_refusal(text: str) -> bool:
    """'what if they say no', 'they refused', 'wot if they wont': being told no."""
    words_set, phrases = _refusal_vocabulary()
    plain = " ".join(_WORD.findall(text.lower().replace("'", "").replace("’", "")))
    return bool(words_set & set(plain.split())) or any(p in plain for p in phrases)


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
