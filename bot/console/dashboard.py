"""The commissioners' dashboard: anonymous trends with small numbers suppressed, and CSV export."""

from __future__ import annotations

import csv
import io

from aiohttp import web

from bot.console.auth import requires
from bot.console.rendering import render
from bot.gateway.keys import DB_SESSIONMAKER, KNOWLEDGE_BASE, SETTINGS
from bot.trends.charts import bar_chart_svg, stacked_chart_svg, trend_chart_svg
from bot.trends.queries import Period, councils, unanswered_themes
from bot.trends.report import (
    Section,
    Shown,
    count_section,
    promises_asked_about,
    sections,
    show,
)
from bot.trends.suppression import OTHER_THEMES, legend, themes_visible

PERIODS = (4, 12, 26, 52)
THEMES_TITLE = "Questions the assistant could not answer, by likeliest topic"
VIEWERS = ("commissioner", "admin")


def _period(request: web.Request) -> Period:
    try:
        weeks = int(request.query.get("weeks", "12"))
    except ValueError:
        weeks = 12
    council = request.query.get("council") or None
    return Period.last_weeks(weeks if weeks in PERIODS else 12,
                             council=council if council in councils() else None)


async def build(request: web.Request, period: Period,
                chosen: tuple[Section, ...] | None = None) -> list[Shown]:
    """The suppressed tables of each section (all by default) for the period."""
    threshold = request.app[SETTINGS].suppression_threshold
    shown = []
    async with request.app[DB_SESSIONMAKER]() as session:
        for section in chosen or sections():
            counts = await count_section(session, section=section, period=period)
            shown.append(show(section, period, counts, threshold=threshold))
    return shown


async def build_promises(request: web.Request, period: Period):
    """Per council: answered questions by the pledge heading they concern (suppressed)."""
    async with request.app[DB_SESSIONMAKER]() as session:
        return await promises_asked_about(
            session, period=period, kb=request.app[KNOWLEDGE_BASE],
            threshold=request.app[SETTINGS].suppression_threshold)


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


def key_figures(shown: list[Shown]) -> list[tuple[str, str]]:
    by_id = {s.section.id: s.table for s in shown}
    outcomes = by_id["outcomes"]
    questions = outcomes.grand_total()
    return [
        ("Questions asked", questions),
        ("Share answered", _rate(outcomes.col_total("answered"), questions)),
        ("Share not understood", _rate(outcomes.col_total("fallback"), questions)),
        ("Escalation rate (handed to an advocate)",
         _rate(by_id["escalations"].grand_total(), questions)),
        ("Urgent-help cards shown", by_id["safeguarding"].grand_total()),
        ("Letters drafted", by_id["letters"].grand_total()),
    ]


@requires(*VIEWERS)
async def dashboard(request: web.Request) -> web.Response:
    period = _period(request)
    tables = await build(request, period)
    return render(request, "dashboard.html", tables=tables, figures=key_figures(tables),
                  themes=await build_themes(request, period),
                  promises=await build_promises(request, period),
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
    for shown in tables:
        writer.writerow([])
        writer.writerow([shown.section.title])
        writer.writerows(shown.table.as_rows())
        if shown.coarser:
            writer.writerow([shown.coarser_title])
            writer.writerows(shown.coarser.as_rows())
    for council, table, headings in await build_promises(request, period):
        writer.writerow([])
        writer.writerow([f"Promises most asked about: {council}"])
        writer.writerows([[headings.get(r[0], r[0]), *r[1:]] for r in table.as_rows()])
    writer.writerow([])
    writer.writerow([THEMES_TITLE])
    writer.writerow(["theme", "questions", "examples (personal details removed)"])
    for theme, value, examples in await build_themes(request, period):
        writer.writerow([theme, value, " | ".join(examples)])
    return web.Response(text=buffer.getvalue(), content_type="text/csv", headers={
        "Content-Disposition": 'attachment; filename="care-rights-trends.csv"'})


@requires(*VIEWERS)
async def chart(request: web.Request) -> web.Response:
    """A section's chart, drawn from what its table shows: lines over the weeks for a trend,
    the split per place for outcomes, else bars of the row totals."""
    section = next((s for s in sections() if s.id == request.match_info["section"]), None)
    if section is None:
        raise web.HTTPNotFound()
    period = _period(request)
    [shown] = await build(request, period, chosen=(section,))  # only this chart's table
    table = shown.table
    rows = list(table.rows)
    if section.is_trend:
        source = table if shown.coarser is None or shown.coarser.cols != table.cols \
            else shown.coarser
        busy = [r for r in source.rows if any(source.cell(r, w).isdigit()
                                               and source.cell(r, w) != "0" for w in source.cols)]
        series = {r.replace("_", " "): [source.cell(r, w) for w in source.cols]
                  for r in busy[:6]}
        if not series:  # no row has a number to draw: the weekly totals, all rows together
            series = {"all together": [source.col_total(w) for w in source.cols]}
        svg = trend_chart_svg(title=section.title, weeks=list(period.weeks), series=series)
    elif section.id == "outcomes":
        svg = stacked_chart_svg(title=section.title, labels=[r.replace("_", " ") for r in rows],
                                parts=[c.replace("fallback", "not understood") for c in table.cols],
                                shown=[[table.cell(r, c) for c in table.cols] for r in rows])
    else:
        svg = bar_chart_svg(title=section.title, labels=[r.replace("_", " ") for r in rows],
                            shown=[table.row_total(r) for r in rows])
    return web.Response(text=svg, content_type="image/svg+xml", headers={
        # The SVG's own inline styles, nothing else.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


@requires(*VIEWERS)
async def promise(request: web.Request) -> web.Response:
    """The pledge a count on the dashboard concerns: its heading, words and source."""
    entry = request.app[KNOWLEDGE_BASE].by_id.get(request.match_info["entry"])
    if entry is None or not entry.is_promise:
        raise web.HTTPNotFound()
    return render(request, "promise.html", entry=entry)


def setup_dashboard(app: web.Application) -> None:
    app.router.add_get("/console/dashboard", dashboard)
    app.router.add_get("/console/dashboard.csv", dashboard_csv)
    app.router.add_get("/console/dashboard/chart/{section}.svg", chart)
    app.router.add_get("/console/dashboard/promise/{entry}", promise)
