"""The web chat in a real browser (headless Chromium) against the real stack.

Issue: an accessible, no-trace web chat. Each test opens its own browser profile (context),
so storage, cookies and history never leak between tests.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (  # noqa: F401 - chromium and context are fixtures
    BUBBLES,
    NEUTRAL_URL,
    START_URL,
    chromium,
    context,
    conversation_id,
    conversation_token,
    describe_violations,
    focused,
    new_context,
    no_horizontal_scroll,
    open_chat,
    phone_context,
    run_axe,
    say,
    screenshot,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def bubble_texts(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(BUBBLES).all_inner_texts()]


# ---- a conversation ----------------------------------------------------------------------

def test_first_open_shows_the_privacy_note_then_answers_with_a_source(stack, context):
    page = context.new_page()
    page.goto(stack.url + "/")

    note = page.locator("#privacy-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("saved on our system for 30 days")
    expect(note).to_contain_text("only sees this chat if you say yes")
    expect(note).to_be_focused()  # read from its heading, by screen readers too
    screenshot(page, "webchat_privacy_note", full_page=False)

    page.get_by_role("button", name="OK, start chatting").click()
    expect(note).to_be_hidden()
    expect(page.locator("#message-input")).to_be_focused()
    # Not a blank screen: a greeting and the first questions, before anything is stored.
    welcome = page.locator("#welcome")
    expect(welcome).to_contain_text("I'm the Care Rights Assistant")
    expect(welcome.get_by_role("group", name="Suggested questions").get_by_role("button")) \
        .to_have_count(3)
    # Skippable: where they live and their stage of care, so answers fit them.
    about = welcome.get_by_role("group", name="About you")
    expect(about.get_by_role("button", name="Wales")).to_be_visible()
    expect(about.get_by_role("button", name="I've left care")).to_be_visible()
    screenshot(page, "webchat_start_screen", full_page=False)

    say(page, "how do I get an advocate")
    expect(welcome).to_be_hidden()
    mine = page.locator("#messages > li.from-me")
    expect(mine).to_have_count(1)
    expect(mine).to_have_text(re.compile("how do I get an advocate"))
    answer = page.locator("#messages > li.from-bot").first
    expect(answer.locator(".source")).to_have_text(re.compile(r"^Source: \S"))
    expect(answer).to_contain_text("advocate")
    expect(answer.get_by_role("button", name="Yes, helpful")).to_be_visible()
    screenshot(page, "webchat_answer", full_page=False)

    # Same tab, later: the note has been read and is not shown again.
    page.reload()
    expect(page.locator(BUBBLES).first).to_be_visible()
    expect(note).to_be_hidden()


def test_quick_reply_button_gets_the_answer(stack, context):
    page = open_chat(context, stack.url)
    say(page, "hi")
    greeting = page.locator("#messages > li.from-bot").first
    buttons = greeting.get_by_role("group", name="Suggested replies").get_by_role("button")
    expect(buttons).to_have_count(3)

    before = page.locator("#messages > li.from-bot").count()
    greeting.get_by_role("button", name="How do I get an advocate?").click()
    settled(page, bot_replies_before=before)
    # The young person's bubble shows the words on the button, never the payload.
    expect(page.locator("#messages > li.from-me").last).to_have_text(
        re.compile(r"How do I get an advocate\?"))
    expect(page.locator("#messages > li.from-bot .source").first).to_contain_text("Source:")


def test_reload_keeps_the_chat(stack, context):
    page = open_chat(context, stack.url)
    say(page, "hi")
    before = page.locator("#messages > li.from-bot").count()
    page.get_by_role("button", name="How do I complain?").first.click()
    settled(page, bot_replies_before=before)
    shown = bubble_texts(page)
    conversation = conversation_id(page)

    page.reload()
    expect(page.locator(BUBBLES)).to_have_count(len(shown))
    assert bubble_texts(page) == shown
    assert conversation_id(page) == conversation
    # A pressed button reads back as its words (it is stored as the payload "/ask_complaints").
    assert not any(text.split("\n")[-1].startswith("/") for text in bubble_texts(page))
    expect(page.locator("#privacy-note")).to_be_hidden()

    # And the chat carries on in the same conversation.
    say(page, "how do i get an advocate")
    assert bubble_texts(page)[:len(shown)] == shown
    status, history = stack.get(f"/api/conversations/{conversation}/messages?after=0",
                                token=conversation_token(page))
    assert status == 200 and len(history["messages"]) == page.locator(BUBBLES).count()
    # Without the secret the web chat keeps, nobody else can read it.
    assert stack.get(f"/api/conversations/{conversation}/messages?after=0", token="x" * 43)[0] \
        == 403


# ---- no trace --------------------------------------------------------------------------------

def test_no_cookies_no_local_storage_only_session_storage(stack, context):
    page = context.new_page()
    response = page.goto(stack.url + "/")
    assert response.headers["cache-control"] == "no-store"
    page.get_by_role("button", name="OK, start chatting").click()
    say(page, "how do i complain")
    page.get_by_role("button", name="Yes, helpful").first.click()
    expect(page.locator(".feedback").first).to_contain_text("Thanks for telling us.")

    assert context.cookies() == []
    stored = page.evaluate("""async () => ({
        local: Object.keys(localStorage),
        session: Object.keys(sessionStorage),
        idb: (await indexedDB.databases()).map((d) => d.name),
        caches: 'caches' in window ? await caches.keys() : [],
        cookie: document.cookie,
    })""")
    assert stored == {"local": [], "session": sorted(stored["session"]), "idb": [], "caches": [],
                      "cookie": ""}
    assert set(stored["session"]) <= {"cra.conversation", "cra.token", "cra.privacySeen"}


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_clears_the_chat_and_leaves_no_back_button_trail(stack, context, how):
    # What sessionStorage holds when a page starts, before the chat's scripts run.
    context.add_init_script("window.__storageAtStart = JSON.stringify({...sessionStorage});")
    page = context.new_page()
    page.goto(START_URL)  # where the young person came from
    page.goto(stack.url + "/")
    page.get_by_role("button", name="OK, start chatting").click()
    say(page, "hi")
    first_conversation = conversation_id(page)

    if how == "button":
        page.get_by_role("button", name="Leave this site quickly").click()
    else:
        page.locator("#message-input").press("Escape")
    page.wait_for_url(NEUTRAL_URL)
    expect(page).to_have_title("BBC Weather")

    # Back goes to where they came from, then further back, never to the chat.
    trail = []
    for _ in range(page.evaluate("() => history.length")):
        page.go_back()
        if trail and page.url == trail[-1]:
            break
        trail.append(page.url)
    assert trail[0] == START_URL, trail
    assert not any(url.startswith(stack.url) for url in trail), trail

    # The chat's storage was cleared: opening it again starts afresh.
    page.goto(stack.url + "/")
    assert page.evaluate("() => window.__storageAtStart") == "{}"
    expect(page.locator("#privacy-note")).to_be_visible()
    expect(page.locator(BUBBLES)).to_have_count(0)
    assert conversation_id(page) != first_conversation


# ---- safety and accessibility ----------------------------------------------------------------

@pytest.fixture
def phone(chromium):
    """A small phone screen, where the sticky bars and long cards matter most."""
    ctx = phone_context(chromium, width=320, height=568)
    yield ctx
    ctx.close()


def test_risk_shows_the_urgent_help_card(stack, phone):
    page = open_chat(phone, stack.url)
    say(page, "i want to kill myself")
    card = page.locator("#messages > li.urgent")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("0800 1111")
    expect(card.get_by_role("heading", name="Help right now")).to_be_visible()
    expect(card.get_by_role("link", name="0800 1111")).to_have_attribute("href", "tel:08001111")
    expect(card.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
    # Shout is a tap-to-text link with the keyword filled in; the card says an advocate will see it.
    expect(card.get_by_role("link", name="Text SHOUT to 85258")).to_have_attribute(
        "href", "sms:85258?&body=SHOUT")
    expect(card).to_contain_text("advocate")
    # Each number once: in the card's list, not again in its text.
    shown = card.inner_text()
    for number in ("0800 1111", "116 123", "85258", "999"):
        assert shown.count(number) == 1, (number, shown)
    expect(card).to_contain_text("You don't have to deal with this on your own")
    # Distinct from an ordinary bubble, and shown from its top when it arrives.
    styles = card.evaluate("""(el) => {
        const bubble = document.querySelector('#messages > li.from-bot:not(.urgent)');
        const c = getComputedStyle(el), b = bubble ? getComputedStyle(bubble) : null;
        return {bg: c.backgroundColor, border: c.borderTopWidth,
                otherBg: b && b.backgroundColor};
    }""")
    assert styles["bg"] != styles["otherBg"] and styles["border"] != "0px", styles
    heading = card.get_by_role("heading", name="Help right now")
    assert heading.evaluate("""(el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
        return hit === el || el.contains(hit);
    }"""), "the card's heading is scrolled out of sight or under the top bar"
    screenshot(page, "webchat_urgent_card", full_page=False)


@pytest.mark.parametrize("width, scale", [(320, 1), (640, 2)], ids=["320px", "200pct-zoom"])
def test_small_screen_and_zoom_have_no_horizontal_scroll(stack, chromium, width, scale):
    # 320 CSS px is a 1280 px window at 400% zoom (WCAG 1.4.10); 640 is the same at 200%.
    ctx = new_context(chromium, viewport={"width": width, "height": 640},
                      device_scale_factor=scale, is_mobile=width == 320, has_touch=width == 320)
    try:
        page = ctx.new_page()
        page.goto(stack.url + "/")
        expect(page.locator("#privacy-note")).to_be_visible()
        scroll_width, inner_width = no_horizontal_scroll(page)
        assert scroll_width <= inner_width
        page.get_by_role("button", name="OK, start chatting").click()
        say(page, "how do I get an advocate")  # long answer, links, buttons
        say(page, "i want to kill myself")  # the urgent card
        scroll_width, inner_width = no_horizontal_scroll(page)
        assert scroll_width <= inner_width, (scroll_width, inner_width)
        exit_box = page.get_by_role("button", name="Leave this site quickly").bounding_box()
        assert exit_box["x"] >= 0 and exit_box["x"] + exit_box["width"] <= inner_width
        assert exit_box["height"] >= 24 and exit_box["width"] >= 24
        page.wait_for_timeout(700)
        screenshot(page, f"webchat_{width}px_x{scale}", full_page=False)
    finally:
        ctx.close()


def test_keyboard_only(stack, chromium):
    # A small window (or a zoomed one): the sticky top bar and message box take up room.
    context = new_context(chromium, viewport={"width": 360, "height": 640},
                          reduced_motion="reduce")
    page = context.new_page()
    page.goto(stack.url + "/")
    # First open: focus is on the privacy note; Tab reaches its button, Enter dismisses it.
    expect(page.locator("#privacy-note")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="OK, start chatting")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#privacy-note")).to_be_hidden()
    expect(page.locator("#message-input")).to_be_focused()

    # Back later: Tab goes to the skip link, which takes you to the message box.
    page.reload()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the message box")
    expect(skip).to_be_focused()
    assert focused(page)["inViewport"]
    page.keyboard.press("Enter")
    expect(page.locator("#message-input")).to_be_focused()
    page.keyboard.type("hi")
    page.keyboard.press("Enter")
    settled(page, bot_replies_before=0)
    expect(page.locator("#messages > li.from-me")).to_have_text(re.compile("hi"))

    # Shift+Tab back from the message box reaches the quick replies; Enter presses one.
    expect(page.locator("#message-input")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if focused(page)["name"] == "How do I complain?":
            break
    else:
        pytest.fail("Shift+Tab never reached the quick reply 'How do I complain?'")
    before = page.locator("#messages > li.from-bot").count()
    page.keyboard.press("Enter")
    settled(page, bot_replies_before=before)
    expect(page.locator("#messages .source").first).to_contain_text("Source:")

    # Every control can be reached, in order, and is never hidden under the sticky bars.
    page.locator("#message-input").focus()
    visited = []
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        page.wait_for_timeout(50)
        where = focused(page)
        visited.append(where)
        assert where["inViewport"] and where["unobscured"], where
        if where["cls"] == "skip-link":
            break
    names = [v["name"] for v in visited]
    assert "Leave this site quickly" in names and "Yes, helpful" in names, names
    # Tab forward from the end of the page comes back to the message box and Send.
    page.locator("#message-input").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    screenshot(page, "webchat_keyboard_360px", full_page=False)
    context.close()


def test_accessibility_axe(stack, context):
    page = context.new_page()
    page.goto(stack.url + "/")
    states = {"privacy note": run_axe(page)}
    page.get_by_role("button", name="OK, start chatting").click()
    say(page, "hi")
    say(page, "how do I get an advocate")
    say(page, "i want to kill myself")
    page.get_by_role("button", name="No, not helpful").first.focus()
    states["conversation with answers, buttons and the urgent card"] = run_axe(page)
    failing = {state: v for state, v in states.items() if v}
    assert not failing, describe_violations(failing)


def test_reconnects_after_a_network_drop_without_losing_or_duplicating(stack, context):
    page = open_chat(context, stack.url)
    say(page, "hi")
    context.set_offline(True)
    page.locator("#message-input").fill("how do i complain")
    page.locator("#message-input").press("Enter")
    expect(page.locator("#status")).to_contain_text("Connection lost")
    expect(page.locator("#messages > li.pending")).to_have_count(1)
    page.wait_for_timeout(1500)  # at least one failed retry
    context.set_offline(False)
    back_online = time.monotonic()

    settled(page, bot_replies_before=1)
    # The retry does not sit out its back-off: coming back online wakes it.
    assert time.monotonic() - back_online < 15, "the message waited for its back-off"
    expect(page.locator("#messages .source").first).to_contain_text("Source:")
    expect(page.locator("#status")).to_have_text("", timeout=20_000)
    page.wait_for_timeout(1000)  # let the long poll catch up too: nothing may be added twice
    expect(page.locator("#messages > li.from-me")).to_have_count(2)
    mine = page.locator("#messages > li.from-me")
    expect(mine.filter(has_text="how do i complain")).to_have_count(1)

    status, history = stack.get(f"/api/conversations/{conversation_id(page)}/messages?after=0",
                                token=conversation_token(page))
    assert status == 200
    inbound = [m for m in history["messages"] if m["direction"] == "in"]
    assert [m["text"] for m in inbound] == ["hi", "how do i complain"]  # delivered once
    assert page.locator(BUBBLES).count() == len(history["messages"])  # none lost, none twice
