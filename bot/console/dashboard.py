"""The commissioners' dashboard: anonymous trends with small numbers suppressed, and CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from aiohttp import web

from bot.console.auth import requires
from bot.console.rendering import render
from bot.gateway.keys import DB_SESSIONMAKER, SETTINGS
from bot.safeguarding import CATEGORIES
from bot.store.analytics import OUTCOMES
from bot.trends.charts import bar_chart_svg
from bot.trends.queries import Period, councils, count_events, unanswered_themes
from bot.trends.suppression import OTHER_THEMES, legend, suppress_table, themes_visible
from kb import TOPICS

PERIODS = (4, 12, 26, 52)
THEMES_TITLE = "Questions the assistant could not answer, by likeliest topic"
VIEWERS = ("commissioner", "admin")


@dataclass(frozen=True)
class Section:
    """One table (and its chart) on the dashboard."""

    id: str
    title: str
    kind: str
    row: str
    col: str
    rows: tuple[str, ...] | None  # None: the period's weeks
    cols: tuple[str, ...] | None
    outcome: str | None = None


def sections() -> tuple[Section, ...]:
    """The dashboard's tables, in order (places come from data/places.yml)."""
    return (
        Section("topics", "Questions answered, by topic and week", "question", "topic", "iso_week",
                TOPICS, None, outcome="answered"),
        Section("outcomes", "Answered, clarified or not understood, by place", "question",
                "council", "outcome", councils(), OUTCOMES),
        Section("escalations", "Conversations handed to an advocate, by place and week",
                "escalation", "council", "iso_week", councils(), None),
        Section("safeguarding", "Urgent-help cards shown, by kind of risk and week", "safeguarding",
                "safeguarding_category", "iso_week", (*CATEGORIES, "unclassified"), None),
        Section("helpful", "Was this helpful? Answers by topic", "feedback", "topic", "helpful",
                TOPICS, ("yes", "no")),
    )


def _period(request: web.Request) -> Period:
    try:
        weeks = int(request.query.get("weeks", "12"))
    except ValueError:
        weeks = 12
    council = request.query.get("council") or None
    return Period.last_weeks(weeks if weeks in PERIODS else 12,
                             council=council if council in councils() else None)


async def build(request: web.Request, period: Period, chosen: tuple[Section, ...] | None = None):
    """The suppressed table of each section (all by default) for the period."""
    threshold = request.app[SETTINGS].suppression_threshold
    tables = []
    async with request.app[DB_SESSIONMAKER]() as session:
        for section in chosen or sections():
            counts = await count_events(session, period=period, kind=section.kind,
                                        row=section.row, col=section.col, outcome=section.outcome)
            rows = list(section.rows or period.weeks)
            cols = list(section.cols or period.weeks)
            tables.append((section, suppress_table(rows, cols, counts, threshold=threshold)))
    return tables


async def build_themes(request: web.Request, period: Period) -> list[tuple[str, str, list[str]]]:
    """Unanswered-question themes: (theme, shown count, scrubbed examples if the theme is big)."""
    threshold = request.app[SETTINGS].suppression_threshold
    async with request.app[DB_SESSIONMAKER]() as session:
        counts, examples = await unanswered_themes(session, period=period)
    shown = themes_visible(counts, threshold)
    return [(theme, value, [] if theme == OTHER_THEMES else examples.get(theme, []))
            for theme, value in shown.items()]


def _rate(numerator: str, denominator: str) -> str:
    if numerator.isdigit() and denominator.isdigit() and int(denominator):
        return f"{100 * int(numerator) / int(denominator):.0f}%"
    return "not shown (small numbers)"


def key_figures(tables) -> list[tuple[str, str]]:
    by_id = dict((s.id, t) for s, t in tables)
    outcomes = by_id["outcomes"]
    questions = outcomes.grand_total()
    return [
        ("Questions asked", questions),
        ("Share answered", _rate(outcomes.col_total("answered"), questions)),
        ("Share not understood", _rate(outcomes.col_total("fallback"), questions)),
        ("Escalation rate (handed to an advocate)",
         _rate(by_id["escalations"].grand_total(), questions)),
        ("Urgent-help cards shown", by_id["safeguarding"].grand_total()),
    ]


@requires(*VIEWERS)
async def dashboard(request: web.Request) -> web.Response:
    period = _period(request)
    tables = await build(request, period)
    return render(request, "dashboard.html", tables=tables, figures=key_figures(tables),
                  themes=await build_themes(request, period),
                  period=period, periods=PERIODS, councils=councils(),
                  themes_title=THEMES_TITLE,
                  legend=legend(request.app[SETTINGS].suppression_threshold),
                  weeks=len(period.weeks), threshold=request.app[SETTINGS].suppression_threshold,
                  query=request.query_string)


@requires(*VIEWERS)
async def dashboard_csv(request: web.Request) -> web.Response:
    """Exactly what the dashboard shows, table by table."""
    period = _period(request)
    tables = await build(request, period)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["period", f"{period.weeks[0]} to {period.weeks[-1]}",
                     "place", period.council or "all"])
    writer.writerow(["note", legend(request.app[SETTINGS].suppression_threshold)])
    for label, value in key_figures(tables):
        writer.writerow([label, value])
    for section, table in tables:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerows(table.as_rows())
    writer.writerow([])
    writer.writerow([THEMES_TITLE])
    writer.writerow(["theme", "questions", "examples (personal details removed)"])
    for theme, value, examples in await build_themes(request, period):
        writer.writerow([theme, value, " | ".join(examples)])
    return web.Response(text=buffer.getvalue(), content_type="text/csv", headers={
        "Content-Disposition": 'attachment; filename="care-rights-trends.csv"'})


@requires(*VIEWERS)
async def chart(request: web.Request) -> web.Response:
    """A bar chart of one section's row totals, as shown in its table."""
    section = next((s for s in sections() if s.id == request.match_info["section"]), None)
    if section is None:
        raise web.HTTPNotFound()
    period = _period(request)
    [(_, table)] = await build(request, period, chosen=(section,))  # only this chart's table
    rows = list(section.rows or period.weeks)
    svg = bar_chart_svg(title=section.title, labels=[r.replace("_", " ") for r in rows],
                        shown=[table.row_total(r) for r in rows])
    return web.Response(text=svg, content_type="image/svg+xml", headers={
        # The SVG's own inline styles, nothing else.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


def setup_dashboard(app: web.Application) -> None:
    app.router.add_get("/console/dashboard", dashboard)
    app.router.add_get("/console/dashboard.csv", dashboard_csv)
    app.router.add_get("/console/dashboard/chart/{section}.svg", chart)
