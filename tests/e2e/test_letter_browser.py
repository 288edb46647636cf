"""Writing a letter in the web chat, in a real browser: the panel, Copy, Download, Print."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.browser import (  # noqa: F401 - chromium is a fixture
    chromium,
    describe_violations,
    new_context,
    no_horizontal_scroll,
    open_chat,
    run_axe,
    say,
    screenshot,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture
def phone(chromium) -> Iterator[BrowserContext]:  # noqa: F811
    """A phone-sized profile that may use the clipboard and download files."""
    ctx = new_context(chromium, viewport={"width": 390, "height": 844}, accept_downloads=True,
                      permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


def press(page: Page, name: str) -> None:
    """Press a button on the newest reply and wait for the answer."""
    replies = page.locator("#messages > li.from-bot")
    before = replies.count()
    replies.last.get_by_role("button", name=name, exact=True).click()
    settled(page, bot_replies_before=before)


def test_a_complaint_letter_to_copy_download_and_print(stack, phone):
    page = open_chat(phone, stack.url)
    say(page, "can you help me write a complaint")
    press(page, "Wales")
    press(page, "My social worker")
    press(page, "An apology")
    press(page, "No thanks")

    panel = page.locator(".letter")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Your letter")).to_be_visible()
    expect(panel.locator(".letter-due")).to_have_text(re.compile(r"^They should reply by \w+day"))
    body = panel.locator(".letter-text")
    expect(body).to_contain_text("Social Services Complaints Procedure (Wales) Regulations 2014")
    expect(body).to_contain_text("[your name]")
    letter = body.inner_text()
    # Nothing was written to the device.
    assert page.evaluate("() => localStorage.length") == 0

    panel.get_by_role("button", name="Copy").click()
    expect(panel.locator(".letter-done")).to_have_text(re.compile("^Copied"))
    assert page.evaluate("() => navigator.clipboard.readText()").strip() == letter.strip()

    with page.expect_download() as download:
        panel.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "complaint.txt"
    saved = download.value.path().read_text(encoding="utf-8")
    assert saved.strip() == letter.strip()
    assert "Social Services and Well-being (Wales) Act 2014" not in saved  # no advocate asked

    # Print shows the letter alone: every other part of the page is hidden on paper.
    page.emulate_media(media="print")
    page.evaluate("""() => { document.body.classList.add('printing-letter');
                             document.querySelector('.letter').classList.add('printing'); }""")
    assert page.evaluate("""() => getComputedStyle(document.querySelector('.top-bar'))
                               .visibility""") == "hidden"
    assert page.evaluate("""() => getComputedStyle(document.querySelector('.letter-text'))
                               .visibility""") == "visible"
    page.evaluate("""() => { document.body.classList.remove('printing-letter');
                             document.querySelector('.letter').classList.remove('printing'); }""")
    page.emulate_media(media="screen")

    assert no_horizontal_scroll(page)[0] <= 390
    panel.scroll_into_view_if_needed()
    screenshot(page, "webchat_letter", full_page=False)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
