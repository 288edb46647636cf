"""The commissioners' dashboard in a real browser, with seeded anonymous events."""

from __future__ import annotations

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
