"""The commissioners' dashboard: roles, suppression in what is shown and exported."""

from __future__ import annotations

import csv
import io

import pytest

from bot.gateway.keys import DB_SESSIONMAKER
from bot.store import analytics
from tests.support.console import sign_in


@pytest.fixture
async def seeded(app_client):
    async with app_client.app[DB_SESSIONMAKER]() as session, session.begin():
        for topic, n in (("advocacy", 12), ("complaints", 7), ("health", 3), ("records", 1)):
            for _ in range(n):
                await analytics.record_event(session, kind="question", channel="web", topic=topic,
                                             council="cambridgeshire", outcome="answered")
        for _ in range(6):
            await analytics.record_event(session, kind="question", channel="web",
                                         council="dorset", outcome="fallback")
        for _ in range(2):
            await analytics.record_event(session, kind="safeguarding", channel="web",
                                         safeguarding_category="abuse_violence")
    return app_client


async def test_advocates_cannot_open_the_dashboard(seeded):
    await sign_in(seeded, "ava")
    for path in ("/console/dashboard", "/console/dashboard.csv",
                 "/console/dashboard/chart/topics.svg"):
        resp = await seeded.get(path, allow_redirects=False)
        assert resp.status == 403, path


async def test_commissioner_sees_suppressed_trends_and_csv(seeded):
    await sign_in(seeded, "cat")
    page = await (await seeded.get("/console/dashboard")).text()
    assert "Questions answered, by topic and week" in page and "&lt;5" in page
    resp = await seeded.get("/console/dashboard.csv?weeks=4")
    assert resp.status == 200
    rows = list(csv.reader(io.StringIO(await resp.text())))
    numbers = [cell for row in rows for cell in row[1:] if cell.isdigit()]
    assert numbers and all(int(n) == 0 or int(n) >= 5 for n in numbers), numbers
    assert any("<5" in row for row in rows)
    svg = await seeded.get("/console/dashboard/chart/topics.svg")
    assert svg.status == 200 and svg.content_type == "image/svg+xml"
