"""Server-side charts (matplotlib to SVG) of what the dashboard tables show."""

from __future__ import annotations

import io


def bar_chart_svg(*, title: str, labels: list[str], shown: list[str]) -> str:
    """Horizontal bars for the shown (already suppressed) totals; suppressed ones are labelled."""
    import matplotlib

    matplotlib.use("Agg")  # why: no display on servers; chosen at first use, not at import
    from matplotlib.figure import Figure

    values = [int(v) if v.isdigit() else 0 for v in shown]
    height = max(2.0, 0.4 * len(labels) + 1)
    fig = Figure(figsize=(7, height))
    ax = fig.add_subplot()
    bars = ax.barh(labels, values, color="#1d4f91")
    for bar, text in zip(bars, shown):
        ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, max(values + [5]) * 1.15)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def trend_chart_svg(*, title: str, weeks: list[str], series: dict[str, list[str]]) -> str:
    """One line per row over the weeks, from the shown (already suppressed) cells.

    A hidden week ("<5", "*") is a gap in its line, marked by a hollow point on the axis.
    """
    import math

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 3.2))
    ax = fig.add_subplot()
    x = list(range(len(weeks)))
    hidden_shown = False
    for label, shown in series.items():
        values = [int(v) if v.isdigit() else math.nan for v in shown]
        ax.plot(x, values, marker="o", markersize=3, label=label)
        hidden = [i for i, v in enumerate(shown) if not v.isdigit()]
        if hidden:
            ax.plot(hidden, [0] * len(hidden), linestyle="none", marker="o", markersize=5,
                    markerfacecolor="none", color="#767676",
                    label=None if hidden_shown else "hidden (small numbers)")
            hidden_shown = True
    ax.set_xticks(x, [w[-3:] for w in weeks], fontsize=7)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylim(bottom=0, top=max([5.0, *(float(v) for s in series.values() for v in s
                                          if v.isdigit())]) * 1.1)
    ax.spines[["top", "right"]].set_visible(False)
    if series:
        ax.legend(fontsize=7, loc="upper left", frameon=False)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def stacked_chart_svg(*, title: str, labels: list[str], parts: list[str],
                      shown: list[list[str]]) -> str:
    """Horizontal bars split into parts (answered / clarified / not understood) per row."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, max(2.0, 0.45 * len(labels) + 1.2)))
    ax = fig.add_subplot()
    left = [0] * len(labels)
    for j, part in enumerate(parts):
        values = [int(row[j]) if row[j].isdigit() else 0 for row in shown]
        ax.barh(labels, values, left=left, label=part)
        left = [a + b for a, b in zip(left, values)]
    ax.invert_yaxis()
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()
