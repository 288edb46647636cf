"""The PII scrubber: recall on a set of realistic messages, and no damage to ordinary ones."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.privacy import TAGS, Scrubber, get_scrubber, main_anonymise, scrub, scrub_with_report

HERE = Path(__file__).resolve().parent
MESSAGES = yaml.safe_load((HERE / "pii_messages.yml").read_text(encoding="utf-8"))["messages"]
TAG_RE = re.compile(r"\[(?:%s)\]" % "|".join(TAGS))

ORDINARY = [
    "how do i get an advocate",
    "can i see my health history",
    "what is a pep",
    "Who is my IRO?",
    "what happens when i turn 18",
    "can i stay put till im 21",
    "what is staying put",
    "how do i complain about my social worker",
    "Can Childline help me?",
    "what does the pledge say",
    "i want to change school",
    "i hate school",
    "what is a pathway plan",
    "can i get a bursary for college",
    "my sw never listens to me",
    "my foster carer is really nice",
    "I'm scared",
    "im new here",
    "someone on insta is messaging me",
    "my snap is private",
    "my review is every 6 months",
    "can i see my brother and sister",
    "what is the virtual school",
    "can my social worker read my messages",
    "how do i get my care records",
    "what does corporate parent mean",
    "when will i get my leaving care grant",
    "I need help with my PEP",
    "Can I see my file?",
    "What is a LAC review",
    "who can i talk to at night",
    "what is camhs",
    "how do i stay in touch with my mum",
    "what are my rights in a children's home",
    "i got called names at school",
    "what does my council promise",
    "cambridgeshire pledge",
    "is there a children in care council in dorset",
    "can a 16 year old leave care",
    "at 16 can i live alone",
    "what happens at 18 if im at college",
    "What is the Children's Commissioner for Wales?",
    "How do I contact NSPCC",
    "can i get help from Coram Voice",
    "my mum is in prison can i visit her",
    "i want to live with my nan",
    "can i stay in my placement after 18",
    "my iro never comes to my reviews",
    "my pa is rubbish",
    "what is section 20",
    "what is the setting up home allowance",
    "can i get a junior isa",
    "can i have a say in my care plan",
    "whats an ehcp",
    "i want to go to sixth form",
    "can i get my hair cut without asking my sw",
    "i feel lonely",
    "how do i make a subject access request",
    "ring childline on 0800 1111",
    "hi",
    "thanks bye",
    "where did my name come from",
    "is someone actually typing this",
]


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return get_scrubber()


def _gone(pii: str, out: str) -> bool:
    return pii.lower() not in out.lower()


# ---------------------------------------------------------------------------- recall
def test_the_message_set_is_big_enough_and_well_formed():
    assert len(MESSAGES) >= 50
    for message in MESSAGES:
        assert message["pii"], message
        for pii in message["pii"]:
            assert pii.lower() in message["text"].lower(), (pii, message["text"])


def test_every_personal_detail_in_the_set_is_removed(scrubber):
    total = found = 0
    misses: list[tuple[str, str, str]] = []
    scrubber.scrub("warm up")  # load the model outside the timing
    started = time.perf_counter()
    for message in MESSAGES:
        out = scrubber.scrub(message["text"])
        for pii in message["pii"]:
            total += 1
            if _gone(pii, out):
                found += 1
            else:
                misses.append((pii, message["text"], out))
    per_message = (time.perf_counter() - started) / len(MESSAGES) * 1000
    print(f"\nscrubber recall: {found}/{total} = {found / total:.1%} "
          f"over {len(MESSAGES)} messages, {per_message:.1f} ms per message")
    for pii, text, out in misses:
        print(f"  missed {pii!r} in {text!r} -> {out!r}")
    assert not misses


def test_service_words_in_the_set_survive(scrubber):
    lost = []
    for message in MESSAGES:
        out = scrubber.scrub(message["text"])
        lost += [(k, out) for k in message.get("keep", []) if k.lower() not in out.lower()]
        assert TAG_RE.search(out), out
    assert not lost


# ---------------------------------------------------------------------------- precision
@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_come_out_unchanged(scrubber, text):
    assert scrubber.scrub(text) == text


def test_ordinary_questions_capitalised_by_the_keyboard_are_unchanged(scrubber):
    changed = [(t, scrubber.scrub(t[:1].upper() + t[1:])) for t in ORDINARY]
    changed = [(t, out) for t, out in changed if out != t[:1].upper() + t[1:]]
    assert not changed


@pytest.mark.parametrize("text", [
    "i live in cambridgeshire", "Dorset Council looks after me", "im in care in wales",
    "Cambridgeshire County Council said no", "i moved from england to scotland",
])
def test_council_and_nation_names_stay(scrubber, text):
    assert scrubber.scrub(text) == text


@pytest.mark.parametrize("text, expected", [
    ("im 16 and in care", "im [AGE] and in care"),
    ("i am 15 years old", "i am [AGE]"),
    ("my brother is 12", "my brother is [AGE]"),
    ("i turned 17 last week", "i turned [AGE] last week"),
    ("what happens when im 18", "what happens when im 18"),
    ("can i stay till im 21", "can i stay till im 21"),
    ("do i have to leave when i turn 18", "do i have to leave when i turn 18"),
    ("im 5 minutes away", "im 5 minutes away"),
    ("im 100% sure", "im 100% sure"),
])
def test_exact_ages_of_people_are_tagged_but_rules_are_not(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize("text", [
    "call 07700 900123", "call 07700900123", "call +44 7700 900123", "call +44 (0)7700 900123",
    "call 0044 7700 900123", "call 07700-900-123", "call 01632 960123", "call (01632) 960123",
    "call 020 7946 0123", "call 07700 900 123",
])
def test_phone_number_formats(scrubber, text):
    assert scrubber.scrub(text) == "call [PHONE]"


@pytest.mark.parametrize("text, expected", [
    ("i live in march", "i live in [PLACE]"),
    ("we got moved to Ely", "we got moved to [PLACE]"),
    ("placed in poole", "placed in [PLACE]"),
])
def test_towns_go(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


def test_march_the_month_may_be_left_or_tagged_either_way(scrubber):
    out = scrubber.scrub("my review is in march")
    assert out in ("my review is in march", "my review is in [DATE]", "my review is in [PLACE]")


@pytest.mark.parametrize("text, expected", [
    ("my postcode is CB1 2AB", "my postcode is [POSTCODE]"),
    ("im in cb12ab", "im in [POSTCODE]"),
    ("near BH15", "near [POSTCODE]"),
    ("live in cambs m8", "live in cambs m8"),
    ("c u l8r", "c u l8r"),
])
def test_postcodes_full_and_partial_but_not_text_speak(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


# ---------------------------------------------------------------------------- report
def test_report_names_tag_types_never_values(scrubber):
    out, found = scrubber.scrub_with_report(
        "my sw is called sarah jones, 07700 900123, sarah@example.com")
    assert found == ["EMAIL", "NAME", "PHONE"]
    assert all(t in TAGS for t in found)
    assert not any("sarah" in t.lower() or "07700" in t for t in found)
    assert scrubber.scrub_with_report("what is a pep") == ("what is a pep", [])


# ---------------------------------------------------------------------------- robustness
@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text(scrubber, text):
    assert scrubber.scrub(text) == text
    assert scrubber.scrub_with_report(text) == (text, [])


def test_none_and_bytes_do_not_raise(scrubber):
    assert scrubber.scrub(None) == ""  # type: ignore[arg-type]
    assert scrubber.scrub("call 07700 900123".encode()) == "call [PHONE]"  # type: ignore[arg-type]


def test_html_and_script_text(scrubber):
    text = ("<script>alert('my number is 07700 900123')</script>"
            "<p>my name is <b>Sarah Jones</b>, email <a href=\"mailto:sj@example.com\">me</a></p>")
    out = scrubber.scrub(text)
    for pii in ("07700 900123", "Sarah", "Jones", "sj@example.com"):
        assert pii not in out
    assert out.startswith("<script>alert(") and "</script>" in out and "</p>" in out


def test_huge_text_is_scrubbed_without_runaway_backtracking(scrubber):
    text = " ".join(m["text"] for m in MESSAGES)
    text = ((text + "\n") * (50_000 // len(text) + 1))[:50_000]
    started = time.perf_counter()
    out = scrubber.scrub(text)
    elapsed = time.perf_counter() - started
    print(f"\n50,000 characters scrubbed in {elapsed:.2f}s")
    # A guard against catastrophic regex backtracking (minutes or hours), not a speed target:
    # about 3 s on an idle 2-core machine, and shared CI machines can be several times slower.
    assert elapsed < 60
    for pii in ("07700 900123", "sarah jones", "jaydenw2009@example.com", "943 476 5919"):
        assert pii not in out.lower()


@pytest.mark.parametrize("text", [
    "0" * 50_000, "a.b" * 15_000, "@" * 50_000, "x@" * 25_000, "1 " * 25_000,
    "my name is " * 4_000, "born on " * 5_000, "12 " * 16_000, "<a href='" * 5_000,
])
def test_regular_expressions_do_not_blow_up(text):
    rules_only = Scrubber(use_ner=False)
    started = time.perf_counter()
    rules_only.scrub(text)
    assert time.perf_counter() - started < 3


def test_scrubbing_twice_changes_nothing_more(scrubber):
    for message in MESSAGES[:40]:
        once = scrubber.scrub(message["text"])
        assert scrubber.scrub(once) == once


def test_existing_tags_are_left_alone(scrubber):
    text = "[NAME] said i could go to [PLACE] on [DATE]"
    assert scrubber.scrub(text) == text


def test_rules_only_mode_needs_no_model():
    rules_only = Scrubber(use_ner=False)
    assert rules_only.scrub("my sw is called sarah jones 07700 900123") == \
        "my sw is called [NAME] [PHONE]"
    assert rules_only._nlp is None


# ---------------------------------------------------------------------------- laziness, CLI
def test_importing_does_not_load_spacy(repo_root):
    code = ("import sys, bot.privacy, bot.privacy.scrubber as s; "
            "assert 'spacy' not in sys.modules, 'spacy imported'; "
            "x = s.Scrubber(); assert x._nlp is None and s._shared is None; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_shared_pipeline_is_built_once(scrubber):
    assert get_scrubber() is scrubber
    scrub("hello")
    first = scrubber._pipeline()
    scrub_with_report("hello again")
    assert scrubber._pipeline() is first


def test_main_anonymise_scrubs_each_line():
    stdin = io.StringIO("my sw is called sarah jones\nwhat is a pep\n\nring 07700 900123")
    stdout = io.StringIO()
    assert main_anonymise(stdin, stdout) == 0
    assert stdout.getvalue() == "my sw is called [NAME]\nwhat is a pep\n\nring [PHONE]"


def test_main_anonymise_with_no_input():
    stdout = io.StringIO()
    assert main_anonymise(io.StringIO(""), stdout) == 0
    assert stdout.getvalue() == ""
