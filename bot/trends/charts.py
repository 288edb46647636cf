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
