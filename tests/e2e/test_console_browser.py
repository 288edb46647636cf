"""Human advocates, end to end in two real browser pages: a young person in the web chat and an
advocate in the console, against the real stack (gateway, Rasa, action server).

Issue: human advocates — consent, queue (live over WebSocket), claim, consented transcript,
replies both ways (the web chat long-polls), close with an outcome, back to the bot.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import (  # noqa: F401 - chromium is a fixture
    ROOT,
    chromium,
    conversation_id,
    describe_violations,
    new_context,
    open_chat,
    run_axe,
    say,
    screenshot,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

USERNAME = "ava"
PASSWORD = "a long test passphrase for ava"  # 12+ characters
QUEUED = re.compile(r"You're number 1 in the queue|Advocates aren't online right now")


def make_account(stack, username: str) -> str:
    """An advocate account in the stack's database, made with the command line as staff would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "DATABASE_URL": f"sqlite+aiosqlite:///{stack.workdir / 'app.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "users", "add", username, "--role", "advocate",
         "--password-stdin"],
        input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0 or "already exists" in result.stderr, result.stderr
    return username


@pytest.fixture(scope="module")
def advocate(stack) -> str:
    return make_account(stack, USERNAME)


def sign_in(browser: Browser, url: str, username: str) -> tuple[Page, dict]:
    """An advocate's console page, signed in and live; also the axe results of the sign-in page."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "/console")
    expect(page).to_have_url(re.compile(r"/console/login$"))  # signed out: sent to sign in
    violations = {"sign-in page": run_axe(page)}
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/console$"))
    expect(page.locator("#live")).to_have_text("Live")  # the WebSocket is connected
    return page, violations


def test_young_person_and_advocate_talk_then_back_to_the_bot(stack, chromium, advocate):
    console, a11y = sign_in(chromium, stack.url, advocate)
    a11y["queue"] = run_axe(console)
    console.evaluate("() => { window.__notReloaded = true; }")

    # The young person asks for a person and agrees to share the chat so far.
    chat_context = new_context(chromium, viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True)
    chat = open_chat(chat_context, stack.url)
    say(chat, "how do i complain")  # a long answer first: the transcript will need scrolling
    say(chat, "can i talk to a real person")
    consent = chat.locator("#messages > li.from-bot").last
    for title in ("Yes, they can read it", "No, only new messages", "Not now"):
        expect(consent.get_by_role("button", name=title)).to_be_visible()
    before = chat.locator("#messages > li.from-bot").count()
    consent.get_by_role("button", name="Yes, they can read it").click()
    settled(chat, bot_replies_before=before)
    expect(chat.locator("#messages > li.from-bot").last).to_have_text(QUEUED)
    conversation = conversation_id(chat)

    # It shows up in the advocate's queue live, without a reload.
    item = console.locator(f"button.open-conversation[data-id='{conversation}']")
    expect(item).to_be_visible()
    expect(item).to_contain_text("waiting")
    # Why it is there, its topic and when a reply is due; consented, so its first words.
    expect(item).to_contain_text("asked for a person")
    expect(item).to_contain_text("topic: complaints")
    expect(item).to_contain_text(re.compile(r"due in \d+|overdue by \d+"))
    expect(item.locator(".first-words")).to_contain_text("can i talk to a real person")
    # Filters: it is waiting, not urgent and not yet anyone's.
    filters = console.get_by_role("group", name="Show")
    filters.get_by_role("button", name=re.compile("^Urgent")).click()
    expect(item).to_be_hidden()
    filters.get_by_role("button", name=re.compile("^Waiting")).click()
    expect(item).to_be_visible()
    expect(filters.get_by_role("button", name=re.compile("^Waiting"))).to_contain_text(
        re.compile(r"[1-9]"))
    filters.get_by_role("button", name=re.compile("^All")).click()
    assert console.evaluate("() => window.__notReloaded") is True
    item.click()
    claim = console.get_by_role("button", name="Take this conversation")
    expect(claim).to_be_visible()
    claim.click()
    expect(claim).to_be_hidden()

    # The young person is told, through the web chat's long poll.
    expect(chat.locator("#messages")).to_contain_text("An advocate has joined the chat.")

    # The advocate sees the consented transcript, from the start.
    transcript = console.locator("#transcript")
    expect(transcript).to_contain_text("Young person: can i talk to a real person")
    expect(transcript).to_contain_text("Yes, they can read it")  # the button, not "/affirm"
    expect(console.locator("#conv-meta")).to_contain_text("shared the chat so far")
    expect(transcript.locator("li").first.locator("time")).to_have_text(re.compile(r"^\d\d:\d\d"))
    expect(item.locator("xpath=..")).to_have_class(re.compile("current"))  # the open one
    first_line = transcript.locator("li").first
    first_line.evaluate("(el) => { el.__seen = true; }")
    a11y["conversation being handled"] = run_axe(console)

    # Advocate -> young person.
    console.get_by_label("Reply to the young person").fill("Hi, I'm Ava, an advocate. What's up?")
    console.locator("#reply-form").get_by_role("button", name="Send").click()
    from_advocate = chat.locator("#messages > li.from-advocate")
    expect(from_advocate).to_have_count(1)
    expect(from_advocate).to_contain_text("Hi, I'm Ava, an advocate. What's up?")
    expect(from_advocate).to_contain_text("Advocate")  # visibly a person, not the bot
    expect(console.get_by_label("Reply to the young person")).to_have_value("")

    # Young person -> advocate (the bot stays quiet while an advocate has the chat).
    bot_replies = chat.locator("#messages > li.from-bot:not(.from-advocate):not(.from-system)")
    quiet = bot_replies.count()
    say(chat, "my social worker never rings me back", expect_reply=False)
    expect(transcript).to_contain_text("Young person: my social worker never rings me back")
    expect(transcript.locator("li").last).to_contain_text("never rings me back")
    # The transcript scrolls (keyboard too) and keeps its newest message in sight.
    assert transcript.evaluate("(el) => el.scrollHeight > el.clientHeight"), "transcript too short"
    expect(transcript.locator("li").last).to_be_in_viewport()
    transcript.focus()
    expect(transcript).to_be_focused()
    # New lines are added, old ones kept: its live region reads out only what is new.
    assert first_line.evaluate("(el) => el.__seen === true"), "the transcript was rebuilt"
    chat.wait_for_timeout(1000)
    assert bot_replies.count() == quiet
    a11y["web chat with an advocate"] = run_axe(chat)
    screenshot(chat, "console_flow_young_person", full_page=False)
    screenshot(console, "console_flow_advocate", full_page=True)

    # The advocate closes with an outcome; the young person is back with the bot.
    # The last message has no reply yet: closing warns, and needs a second press.
    console.get_by_label("Outcome").select_option("resolved")
    console.get_by_role("button", name="Close and hand back to the bot").click()
    expect(console.locator("#conv-error")).to_contain_text("no reply yet")
    expect(console.locator("#conversation")).to_be_visible()
    a11y["warned before closing"] = run_axe(console)
    console.get_by_role("button", name="Close anyway").click()
    expect(chat.locator("#messages")).to_contain_text("The advocate has finished this chat")
    expect(console.locator("#conversation")).to_be_hidden()
    expect(console.locator("#queue-note")).to_have_text(re.compile("back with the bot"))
    expect(console.locator("#conv-error")).to_have_text("")
    expect(item).to_be_hidden()  # gone from the queue
    say(chat, "how do i complain")
    expect(chat.locator("#messages > li.from-bot .source").last).to_contain_text("Source:")
    assert console.evaluate("() => window.__notReloaded") is True
    screenshot(chat, "console_flow_back_to_bot", full_page=False)

    a11y["closed"] = run_axe(console)
    failing = {state: v for state, v in a11y.items() if v}
    assert not failing, describe_violations(failing)
    chat_context.close()
    console.context.close()


def test_transfer_to_a_signed_in_advocate(stack, chromium, advocate):
    """Ava takes a conversation and hands it to Ben, who is signed in; Ben sees it as his."""
    make_account(stack, "ben")
    ava, _ = sign_in(chromium, stack.url, advocate)
    ben, _ = sign_in(chromium, stack.url, "ben")
    conversation = "api-transfer-" + str(os.getpid())
    stack.say(conversation, "can i talk to a real person")
    stack.say(conversation, "/affirm")

    item = ava.locator(f"button.open-conversation[data-id='{conversation}']")
    expect(item).to_be_visible()
    item.click()
    ava.get_by_role("button", name="Take this conversation").click()
    transfer = ava.get_by_label("Transfer to")
    expect(transfer.locator("option", has_text="ben")).to_have_count(1)
    transfer.select_option("ben")
    ava.get_by_role("button", name="Transfer", exact=True).click()
    expect(ava.locator("#queue-note")).to_have_text(re.compile("^Transferred to ben"))
    expect(ava.locator("#conversation")).to_be_hidden()  # no longer Ava's
    expect(item).to_contain_text("taken")

    mine = ben.get_by_role("group", name="Show").get_by_role("button", name=re.compile("^Mine"))
    mine.click()
    theirs = ben.locator(f"button.open-conversation[data-id='{conversation}']")
    expect(theirs).to_contain_text("yours")
    theirs.click()
    expect(ben.locator("#reply-form")).to_be_visible()
    violations = run_axe(ben)
    assert not violations, describe_violations(violations)
    screenshot(ben, "console_queue_filtered", full_page=True)
    ava.context.close()
    ben.context.close()
