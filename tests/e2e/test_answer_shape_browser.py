"""Answers a young person would trust, in a real browser at 390 px (a common phone width).

Issue 13: one answer with one "Was this helpful?", the council's promise offered by a button
(its plain-words summary beside the quote when pressed), and an urgent card whose contacts
appear once, with buttons after "No, I'm not safe" (talk to a person now, call 999).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (  # noqa: F401 - chromium is a fixture
    chromium,
    describe_violations,
    no_horizontal_scroll,
    open_chat,
    phone_context,
    run_axe,
    say,
    screenshot,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture
def phone_390(chromium):
    ctx = phone_context(chromium, width=390, height=844)
    yield ctx
    ctx.close()


def test_an_answer_offers_the_promise_and_asks_once_if_it_helped(stack, phone_390):
    page = open_chat(phone_390, stack.url)
    say(page, '/inform_location{"council": "cambridgeshire"}')
    say(page, "can i see my health history")
    bot = page.locator("#messages > li.from-bot")
    expect(page.get_by_role("button", name="Yes, helpful")).to_have_count(1)
    answer = bot.last
    # One bubble: the answer, then what you can do, then the source (a link to the document).
    expect(answer).to_contain_text("What you can do next")
    expect(answer.locator(".source a")).to_have_attribute("href", re.compile(r"^/sources/\S+"))
    offer = page.get_by_role("button", name="What has Cambridgeshire promised?")
    expect(offer).to_be_visible()
    # Scrolled so the buttons are not under the sticky composer, as a reader's thumb would.
    page.get_by_role("button", name="No, not helpful").focus()
    violations = run_axe(page)
    assert not violations, describe_violations({"answer": violations})
    screenshot(page, "answer_390px_full_answer", full_page=False)

    before = bot.count()
    offer.click()
    settled(page, bot_replies_before=before)
    promise = bot.nth(before)  # the promise; its own next steps follow
    expect(promise).to_contain_text("In short:")
    expect(promise).to_contain_text("Cambridgeshire's Pledge")
    expect(promise).to_contain_text("health history that we hold for you")
    expect(page.get_by_role("button", name="Yes, helpful")).to_have_count(2)  # one per answer
    width, window = no_horizontal_scroll(page)
    assert width <= window, (width, window)
    screenshot(page, "answer_390px_promise", full_page=False)


def test_not_safe_brings_a_call_button_and_a_person(stack, phone_390):
    page = open_chat(phone_390, stack.url)
    say(page, "my carer hits me")
    card = page.locator("#messages > li.urgent").first
    expect(card.get_by_role("link", name="online chat")).to_have_attribute(
        "href", "https://www.childline.org.uk")
    expect(card).to_contain_text("ask your carer or social worker for its number")
    shown = card.inner_text()
    for number in ("0800 1111", "116 123", "85258", "999"):
        assert shown.count(number) == 1, (number, shown)
    screenshot(page, "urgent_390px_card", full_page=False)

    before = page.locator("#messages > li.from-bot").count()
    page.get_by_role("button", name="No, I'm not safe").click()
    settled(page, bot_replies_before=before)
    last = page.locator("#messages > li.from-bot").last
    expect(last.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    expect(last.get_by_role("button", name="Talk to a person now")).to_be_visible()
    screenshot(page, "urgent_390px_not_safe", full_page=False)
    violations = run_axe(page)
    assert not violations, describe_violations({"not safe": violations})
