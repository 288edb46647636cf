"""Small-number suppression outside tables: one figure, and the list of themes.

A count of fewer than `threshold` (default 5) could point at someone in a small care
population, so such a figure shows as f"<{threshold}" (`suppress_value`). A zero says
"nobody" and discloses nothing about a person, so it shows as "0".

Themes (`themes_visible`)
    An unanswered-question theme is only named when it occurred at least
    `threshold` times; the rest are merged into "other themes", shown as "<5"
    when that sum is small too. Don't publish an exact overall total next to it.

Tables need more than this (a hidden cell can be worked out from its totals): see
`bot.trends.suppression`.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_THRESHOLD = 5
#: The merged bucket in `themes_visible`.
OTHER_THEMES = "other themes"


def check_threshold(threshold: int) -> int:
    """`threshold` if it is a whole number of at least 1; ValueError otherwise."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, not {threshold!r}")
    return threshold


def check_count(value: object, where: str) -> int:
    """`value` if it is a whole number of at least 0; ValueError naming `where` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where}: a count must be a whole number of at least 0, not {value!r}")
    return value


def suppress_value(n: int, threshold: int = DEFAULT_THRESHOLD) -> str:
    """One figure for display: "0", f"<{threshold}" for 1..threshold-1, else the number."""
    check_threshold(threshold)
    check_count(n, "suppress_value")
    if 0 < n < threshold:
        return f"<{threshold}"
    return str(n)


def themes_visible(counts: Mapping[str, int], threshold: int = DEFAULT_THRESHOLD) -> dict[str, str]:
    """Themes with at least `threshold` occurrences, biggest first; the rest merged.

    Themes below the threshold are added up under `OTHER_THEMES`, shown as
    f"<{threshold}" if that sum is small too. Themes with no occurrences are
    left out, and so is "other themes" when nothing was merged.
    """
    check_threshold(threshold)
    shown: list[tuple[str, int]] = []
    other = 0
    merged = 0
    for theme, n in counts.items():
        check_count(n, f"theme {theme!r}")
        if n >= threshold and theme != OTHER_THEMES:
            shown.append((theme, n))
        elif n > 0:
            other += n
            merged += 1
    shown.sort(key=lambda item: (-item[1], item[0]))
    out = {theme: str(n) for theme, n in shown}
    if merged:
        out[OTHER_THEMES] = suppress_value(other, threshold)
    return out
