"""The commissioners' dashboard in a real browser, with seeded anonymous events."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from bot.store.analytics import iso_week
from tests.support.browser import (  # noqa: F401
    ROOT,
    chromium,
    describe_violations,
    new_context,
    run_axe,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PASSWORD = "a long passphrase for the commissioner"


def seed(db_path) -> None:
    """Events as the gateway writes them: topic, place, channel, week, outcome — nothing else."""
    week = iso_week()
    rows = []
    for topic, n in (("advocacy", 23), ("complaints", 14), ("health", 9), ("records", 6),
                     ("education", 3), ("leaving_care", 11)):
        rows += [("question", week, "web", topic, "cambridgeshire", "answered", None, None)] * n
    rows += [("question", week, "telegram", None, "wales", "fallback", None, None)] * 7
    rows += [("question", week, "web", None, "dorset", "clarified", None, None)] * 5
    rows += [("escalation", week, "web", None, "cambridgeshire", None, None, None)] * 6
    rows += [("safeguarding", week, "web", None, None, None, "abuse_violence", None)] * 5
    rows += [("safeguarding", week, "web", None, None, None, "suicide_self_harm", None)] * 2
    rows += [("feedback", week, "web", "advocacy", "cambridgeshire", None, None, True)] * 8
    with sqlite3.connect(db_path) as db:
        db.executemany(
            "insert into analytics_events (kind, iso_week, channel, topic, council, outcome,"
            " safeguarding_category, helpful) values (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def test_dashboard_renders_seeded_trends(stack, chromium):  # noqa: F811
    db_path = stack.workdir / "app.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite+aiosqlite:///{db_path}"}
    result = subprocess.run([sys.executable, "-m", "bot", "users", "add", "cara", "--role",
                             "commissioner", "--password-stdin"], input=PASSWORD + "\n", text=True,
                            capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0 or "already exists" in result.stderr, result.stderr
    seed(db_path)

    page = new_context(chromium, viewport={"width": 1280, "height": 900}).new_page()
    page.goto(stack.url + "/console/login")
    page.get_by_label("Username").fill("cara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/console/dashboard$"))  # commissioners land on trends
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()
    topics = page.locator("table", has=page.locator("caption", has_text="by topic and week"))
    expect(topics.locator("th[scope=row]", has_text="advocacy")).to_be_visible()
    cells = page.locator("td").all_inner_texts()
    assert all(not c.isdigit() or int(c) == 0 or int(c) >= 5 for c in cells), cells
    assert any(c == "<5" for c in cells)
    charts = page.locator("figure img")
    assert charts.count() >= 5
    for i in range(charts.count()):
        assert page.request.get(stack.url + charts.nth(i).get_attribute("src")).ok
    # Charts are drawn on the server (matplotlib); wait until every one has loaded.
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=60_000)
    screenshot(page, "dashboard")
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    # The transcript API is closed to commissioners.
    assert page.request.get(stack.url + "/console/api/queue").status == 403


def make_account(stack, username: str, role: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "DATABASE_URL": f"sqlite+aiosqlite:///{stack.workdir / 'app.db'}"}
    result = subprocess.run([sys.executable, "-m", "bot", "users", "add", username, "--role", role,
                             "--password-stdin"], input=PASSWORD + "\n", text=True,
                            capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0 or "already exists" in result.stderr, result.stderr


def signed_in(chromium, stack, username: str):  # noqa: F811
    page = new_context(chromium, viewport={"width": 1280, "height": 900}).new_page()
    page.goto(stack.url + "/console/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/login$"))
    return page


def nations_cell(page, nation: str, column: int) -> str:
    table = page.locator("table", has=page.locator("caption", has_text="by nation and week"))
    row = table.locator("tr", has=page.locator("th[scope=row]", has_text=nation))
    return row.locator("td").nth(column).inner_text()


def test_weekly_trends_change_and_a_place_filter_shows_that_place(stack, chromium):  # noqa: F811
    make_account(stack, "cara", "commissioner")
    make_account(stack, "dee", "advocate")
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "DATABASE_URL": f"sqlite+aiosqlite:///{stack.workdir / 'app.db'}"}
    made = subprocess.run([sys.executable, "-m", "bot", "demo-data", "--weeks", "12"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert made.returncode == 0 and "demonstration data" in made.stdout, made.stderr

    page = signed_in(chromium, stack, "cara")
    expect(page.get_by_role("heading", name="Questions asked, by nation and week")).to_be_visible()
    # Two weeks ago, as shown; then that week's events are added and the line moves.
    weeks = page.locator("table", has=page.locator("caption", has_text="by nation and week")) \
        .locator("thead th").all_inner_texts()
    two_weeks_ago = iso_week(dt.date.today() - dt.timedelta(weeks=2))
    column = weeks.index(two_weeks_ago) - 1
    before = nations_cell(page, "wales", column)
    with sqlite3.connect(stack.workdir / "app.db") as db:
        db.executemany(
            "insert into analytics_events (kind, iso_week, channel, topic, council, outcome)"
            " values ('question', ?, 'web', 'advocacy', 'wales', 'answered')",
            [(two_weeks_ago,)] * 40)
    page.reload()
    after = nations_cell(page, "wales", column)
    assert after.isdigit() and int(after) >= 40, (before, after)
    assert after != before
    page.wait_for_function("() => [...document.querySelectorAll('figure img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)", timeout=60_000)
    screenshot(page, "dashboard_demo")
    violations = run_axe(page)
    assert not violations, describe_violations(violations)

    # Wales only: every place breakdown lists Wales and nothing else.
    page.get_by_label("Place", exact=True).select_option("wales")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"council=wales"))
    for caption in ("by place", "by nation and week"):
        table = page.locator("table", has=page.locator("caption", has_text=caption)).first
        labels = [t.strip() for t in table.locator("tbody th[scope=row]").all_inner_texts()]
        assert labels == ["wales", "Total"], (caption, labels)
    promises = page.locator("section[aria-labelledby=h-promises] caption").all_inner_texts()
    assert promises == ["Wales"], promises
    violations = run_axe(page)
    assert not violations, describe_violations(violations)

    # The advocates' queue with the made-up conversations: why each is there.
    queue = signed_in(chromium, stack, "dee")
    expect(queue.locator("#live")).to_have_text("Live")
    urgent = queue.locator("button.open-conversation", has_text="URGENT: unsafe at home")
    expect(urgent.first).to_be_visible()
    expect(urgent.first).to_contain_text("i dont feel safe where i live")
    screenshot(queue, "console_queue_demo")
    violations = run_axe(queue)
    assert not violations, describe_violations(violations)
