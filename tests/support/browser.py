"""Shared Playwright fixtures and helpers for the browser tests (headless Debian Chromium).

Fixtures live here, not in conftest.py: test modules import the ones they use
(`from tests.support.browser import chromium  # noqa: F401`). Each module gets its own browser.
Playwright's own browser download cannot work on these machines, so we drive /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "test" / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The neutral page the quick exit goes to; there is no internet here, so it is stubbed.
NEUTRAL_URL = "https://www.bbc.co.uk/weather"
NEUTRAL_HTML = "<!doctype html><title>BBC Weather</title><h1>Weather forecast</h1>"
# A page "before" the chat in the tab's history (where the young person came from).
START_URL = "https://search.example/results"
START_HTML = "<!doctype html><title>Search results</title><h1>Search results</h1>"
# A same-origin path nothing serves: axe is routed there, so the page's CSP (script-src 'self')
# stays on while the checker runs.
AXE_PATH = "/__browser_tests__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rasa on a shared 2-core machine can take a few seconds per answer.
TIMEOUT_MS = 30_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Chromium per test module."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium (make system-deps) "
                    "or set CHROMIUM to a Chromium binary")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def phone_context(browser: Browser, *, width: int, height: int) -> BrowserContext:
    """A phone-sized profile: touch, mobile viewport, reduced motion (no smooth-scroll tears)."""
    return new_context(browser, viewport={"width": width, "height": height}, is_mobile=True,
                       has_touch=True, reduced_motion="reduce")


def new_context(browser: Browser, **options) -> BrowserContext:
    """A fresh, isolated browser profile (its own storage, cookies and history)."""
    context = browser.new_context(locale="en-GB", **options)
    context.set_default_timeout(TIMEOUT_MS)
    # Nothing may leave for the internet; fail fast instead of hanging on DNS.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/]).*"),
                  lambda route: route.abort("blockedbyclient"))
    # Routes added later win: these two stubs stand in for the web.
    context.route(re.compile(r"^https://www\.bbc\.co\.uk/.*"), _stub(NEUTRAL_HTML))
    context.route(START_URL, _stub(START_HTML))
    return context


@pytest.fixture
def context(chromium: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test, closed afterwards."""
    ctx = new_context(chromium)
    yield ctx
    ctx.close()


def _stub(html: str):
    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=html)

    return fulfil


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot to build/test/screenshots/<name>.png (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Not in the middle of a smooth scroll (the picture would be torn).
    last = None
    for _ in range(20):
        now = page.evaluate("() => scrollY")
        if now == last:
            break
        last = now
        page.wait_for_timeout(150)
    page.screenshot(path=str(path), full_page=full_page)
    return path


def run_axe(page: Page, *, tags: list[str] = WCAG_TAGS, exclude: list[str] = ()) -> list[dict]:
    """Run axe-core on the page once it stops scrolling; return the violations (empty = passes).

    axe is served from a routed same-origin URL, so the page's CSP is not bypassed.
    """
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run `npm ci` at the repository root")
    still_scrolling(page)
    origin = re.match(r"^https?://[^/]+", page.url).group(0)
    page.route(origin + AXE_PATH, lambda route: route.fulfill(
        status=200, content_type="application/javascript", body=AXE_JS.read_text()))
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=origin + AXE_PATH)
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    context = {"include": [["html"]], "exclude": [[s] for s in exclude]} if exclude else None
    result = page.evaluate("([context, options]) => axe.run(context || document, options)",
                           [context, options])
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")}
                   for n in v["nodes"]]}
        for v in result["violations"]
    ]


def still_scrolling(page: Page, *, quiet_polls: int = 5) -> None:
    """Wait until the page's scroll position has not moved for a few polls.

    why: a new reply scrolls into view smoothly; axe run mid-scroll found quick replies half
    under the sticky top bar, a state no one sees for longer than the scroll lasts.
    """
    page.wait_for_function(
        """(quiet) => {
             const y = window.scrollY, same = window.__scrollY === y;
             window.__scrollY = y;
             window.__quietPolls = same ? (window.__quietPolls || 0) + 1 : 0;
             return window.__quietPolls >= quiet;
           }""", arg=quiet_polls, polling=50)


def describe_violations(violations: list[dict]) -> str:
    return json.dumps(violations, indent=2)


def no_horizontal_scroll(page: Page) -> tuple[int, int]:
    """(scrollWidth of the document, innerWidth of the window)."""
    return tuple(page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"))


# ---- the web chat ---------------------------------------------------------------------------

BUBBLES = "#messages > li.message"


def open_chat(context: BrowserContext, url: str, *, dismiss_privacy: bool = True) -> Page:
    """A new tab on the web chat, privacy note dismissed unless asked not to."""
    page = context.new_page()
    page.goto(url + "/")
    if dismiss_privacy:
        page.get_by_role("button", name="OK, start chatting").click()
        expect(page.locator("#privacy-note")).to_be_hidden()
    return page


def settled(page: Page, *, bot_replies_before: int | None = None) -> None:
    """Wait until nothing is pending (and, if given, more bot replies than before are shown)."""
    page.wait_for_function(
        """(before) => !document.querySelector('#messages .pending')
             && document.getElementById('typing').hidden
             && (before === null
                 || document.querySelectorAll('#messages > li.from-bot').length > before)""",
        arg=bot_replies_before)


def say(page: Page, text: str, *, expect_reply: bool = True) -> None:
    """Type a message and press Enter; wait for the reply (or, if none is due, the delivery)."""
    before = page.locator("#messages > li.from-bot").count()
    page.locator("#message-input").fill(text)
    page.locator("#message-input").press("Enter")
    expect(page.locator(BUBBLES).filter(has_text=text).last).to_be_visible()
    settled(page, bot_replies_before=before if expect_reply else None)


def conversation_id(page: Page) -> str | None:
    return page.evaluate("() => sessionStorage.getItem('cra.conversation')")


def conversation_token(page: Page) -> str | None:
    """The conversation's secret, which the web chat keeps beside its id."""
    return page.evaluate("() => sessionStorage.getItem('cra.token')")


# The focused element's centre is not covered by anything else (the sticky bars): WCAG 2.4.11.
FOCUSED = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
    name: el.getAttribute('aria-label') || (el.textContent || '').trim().slice(0, 40),
    inViewport: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    unobscured: !!hit && (hit === el || el.contains(hit)),
  };
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)
