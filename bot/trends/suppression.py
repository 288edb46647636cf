"""Small-number suppression for the commissioners' trend tables and CSV exports.

A count of fewer than `threshold` (default 5) could point at someone in a small
care population, so such figures are never shown. The rules:

Primary suppression
    Every cell, and every total, counting 1 .. threshold-1 shows as "<5"
    (`f"<{threshold}"`). `suppress_value()` does this for a single figure.
    Totals are computed from the true values, then suppressed like cells.

Zeros
    A zero says "nobody": it discloses nothing about a person, and hiding every
    zero would make sparse tables useless, so zeros show as "0". But then "<5"
    would mean "1 to 4", and a small total next to known zeros can be split
    into its parts (a row "<5", "<5", "<5", "<5" with total "<5": each cell
    must be 1). So in a row or column whose total is itself below the
    threshold, zeros show as "<5" too, unless another total through them is a
    shown 0 (which says they are 0 anyway). A reader therefore knows a "<5" is
    1..4, or 0..4 when its row or column total is also "<5" -- that is exactly
    what the audit below assumes a reader knows.

Secondary suppression ("*")
    Each row and each column, including the row of column totals and the
    column of row totals, is an equation "cells = total". Where such a line has
    exactly one hidden entry (or exactly one hidden non-zero entry), the smallest
    non-zero shown cell of that line is hidden as well (its total only if no
    cell is left), repeated until nothing changes. Secondary cells show as "*":
    they are not small, so "<5" would be false; "*" tells a reader the value is
    at least the threshold, and the audit assumes they know that.

Audit
    Counting is not enough: "<5", "*", total 6 gives 1 and 5 exactly, and
    several rows and columns taken together can pin a cell down too. So the
    table is then checked exactly: with the signs of the margin entries
    flipped, every row and column sums to zero, so all tables a reader can't
    tell apart differ by circulations on the graph rows x columns of hidden
    entries; a hidden entry is recoverable if and only if no cycle through it
    can move one step with every entry staying within what a reader knows of it
    (see `recoverable`). Any recoverable non-zero entry gets another secondary
    suppression in one of its lines, and the loop starts again.
    If everything non-zero is already hidden and a value can still be worked
    out (tiny tables: grand total a little above the threshold), the table is
    withheld: every entry, zeros included, shows "*" and `withheld` is True.

Themes (`themes_visible`)
    An unanswered-question theme is only named when it occurred at least
    `threshold` times; the rest are merged into "other themes", shown as "<5"
    when that sum is small too. Don't publish an exact overall total next to it.

Nothing here keeps the true values of hidden cells: a `SuppressedTable` holds
only the strings to display, so it is safe to hand to templates and CSV writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

__all__ = [
    "DEFAULT_THRESHOLD",
    "classify_display",
    "recoverable",
    "OTHER_THEMES",
    "SECONDARY",
    "SuppressedTable",
    "legend",
    "suppress_table",
    "suppress_value",
    "themes_visible",
]

DEFAULT_THRESHOLD = 5
#: How a secondarily suppressed cell (or total) is shown.
SECONDARY = "*"
#: The merged bucket in `themes_visible`.
OTHER_THEMES = "other themes"
TOTAL_LABEL = "Total"

_SHOWN, _PRIMARY, _SECONDARY, _HIDDEN_ZERO = 0, 1, 2, 3
_INF = float("inf")


def _check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, not {threshold!r}")
    return threshold


def _check_count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where}: a count must be a whole number of at least 0, not {value!r}")
    return value


def suppress_value(n: int, threshold: int = DEFAULT_THRESHOLD) -> str:
    """One figure for display: "0", f"<{threshold}" for 1..threshold-1, else the number."""
    _check_threshold(threshold)
    _check_count(n, "suppress_value")
    if 0 < n < threshold:
        return f"<{threshold}"
    return str(n)


def legend(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The footnote to print under a suppressed table."""
    _check_threshold(threshold)
    return (f"<{threshold}: fewer than {threshold} (hidden to protect privacy; a 0 only where "
            f"its row or column total is also <{threshold}). {SECONDARY}: hidden so that a "
            f"small number elsewhere in the table can't be worked out. 0: none.")


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts ready for display: every value is already a string."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    threshold: int
    #: True when no cell-by-cell suppression protects the table: every entry is "*".
    withheld: bool
    _cells: Mapping[tuple[str, str], str]
    _row_totals: Mapping[str, str]
    _col_totals: Mapping[str, str]
    _grand_total: str

    def cell(self, row: str, col: str) -> str:
        return self._cells[(row, col)]

    def row_total(self, row: str) -> str:
        return self._row_totals[row]

    def col_total(self, col: str) -> str:
        return self._col_totals[col]

    def grand_total(self) -> str:
        return self._grand_total

    def is_hidden(self, value: str) -> bool:
        """Does this display string stand for a hidden figure?"""
        return value in (f"<{self.threshold}", SECONDARY)

    def as_rows(self, *, corner: str = "", total_label: str = TOTAL_LABEL) -> list[list[str]]:
        """Header row, one row per row label (with its total), then the totals row."""
        out = [[corner, *self.cols, total_label]]
        for r in self.rows:
            out.append([r, *(self.cell(r, c) for c in self.cols), self.row_total(r)])
        out.append([total_label, *(self.col_total(c) for c in self.cols), self.grand_total()])
        return out


def suppress_table(rows: Sequence[str], cols: Sequence[str], counts: Mapping[tuple[str, str], int],
                   *, threshold: int = DEFAULT_THRESHOLD) -> SuppressedTable:
    """Suppress a rows x cols table of counts (missing cells count 0); see the module doc."""
    _check_threshold(threshold)
    rows, cols = tuple(rows), tuple(cols)
    for name, labels in (("rows", rows), ("cols", cols)):
        if len(set(labels)) != len(labels):
            raise ValueError(f"{name} has duplicate labels")
    row_index = {r: i for i, r in enumerate(rows)}
    col_index = {c: j for j, c in enumerate(cols)}
    n_rows, n_cols = len(rows), len(cols)
    values = [[0] * (n_cols + 1) for _ in range(n_rows + 1)]
    for key, value in counts.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"counts keys must be (row, col) pairs, not {key!r}")
        r, c = key
        if r not in row_index or c not in col_index:
            raise ValueError(f"counts has a cell outside the table: {key!r}")
        values[row_index[r]][col_index[c]] = _check_count(value, f"cell {key!r}")
    for i in range(n_rows):
        values[i][n_cols] = sum(values[i][:n_cols])
    for j in range(n_cols + 1):
        values[n_rows][j] = sum(values[i][j] for i in range(n_rows))

    suppressor = _Suppressor(values, threshold)
    withheld = not suppressor.run()
    state = suppressor.state

    def show(i: int, j: int) -> str:
        s = state[i][j]
        if withheld:
            return SECONDARY
        if s == _SHOWN:
            return str(values[i][j])
        if s == _SECONDARY:
            return SECONDARY
        return f"<{threshold}"  # primary, or a zero hidden by the audit

    return SuppressedTable(
        rows=rows,
        cols=cols,
        threshold=threshold,
        withheld=withheld,
        _cells={(r, c): show(i, j) for r, i in row_index.items() for c, j in col_index.items()},
        _row_totals={r: show(i, n_cols) for r, i in row_index.items()},
        _col_totals={c: show(n_rows, j) for c, j in col_index.items()},
        _grand_total=show(n_rows, n_cols),
    )


class _Suppressor:
    """Decide which entries of a table with margins to hide.

    `values` is (R+1) x (C+1): the last column holds row totals, the last row
    column totals, the corner the grand total. A "line" is a row or a column of
    that grid: its last entry is the total of the others.
    """

    def __init__(self, values: list[list[int]], threshold: int) -> None:
        self.v = values
        self.t = threshold
        self.n_i = len(values)
        self.n_j = len(values[0])
        self.state = [[_PRIMARY if 0 < x < threshold else _SHOWN for x in row] for row in values]
        self.lines: list[list[tuple[int, int]]] = (
            [[(i, j) for j in range(self.n_j)] for i in range(self.n_i)]
            + [[(i, j) for i in range(self.n_i)] for j in range(self.n_j)]
        )
        self.lines_of: dict[tuple[int, int], list[int]] = {}
        for k, line in enumerate(self.lines):
            for pos in line:
                self.lines_of.setdefault(pos, []).append(k)
        # Zeros in a line whose total shows "<t" show "<t" too (until nothing changes:
        # a zero row total hidden this way hides the zeros of its row) -- except
        # where another line through the zero has a shown total of 0, which says
        # it is 0 anyway.
        changed = True
        while changed:
            changed = False
            for line in self.lines:
                ti, tj = line[-1]
                if self.state[ti][tj] not in (_PRIMARY, _HIDDEN_ZERO):
                    continue
                for pos in line[:-1]:
                    i, j = pos
                    if self.state[i][j] != _SHOWN or values[i][j] != 0:
                        continue
                    if any(self.state[a][b] == _SHOWN and values[a][b] == 0
                           for a, b in (self.lines[k][-1] for k in self.lines_of[pos])
                           if (a, b) != pos):
                        continue
                    self.state[i][j] = _HIDDEN_ZERO
                    changed = True

    def hidden(self, pos: tuple[int, int]) -> bool:
        return self.state[pos[0]][pos[1]] != _SHOWN

    def run(self) -> bool:
        """Hide what must be hidden; False if the table can't be protected at all."""
        budget = self.n_i * self.n_j + 1  # every step hides one more entry
        while budget > 0:
            budget -= 1
            self._count_rule()
            exposed = self._exposed()
            if not exposed:
                return True
            if not self._protect(exposed[0]):
                return False  # everything non-zero is hidden and a value still shows
        return not self._exposed()

    # ------------------------------------------------------------------ rules
    def _count_rule(self) -> None:
        changed = True
        while changed:
            changed = False
            for line in self.lines:
                # Neither one hidden entry, nor one hidden non-zero entry next to
                # zeros shown as "<t" (those could be read as zeros).
                hidden = [p for p in line if self.hidden(p)]
                if len(hidden) == 1 or sum(self.v[i][j] > 0 for i, j in hidden) == 1:
                    pick = self._candidate([line])
                    if pick is not None:
                        self.state[pick[0]][pick[1]] = _SECONDARY
                        changed = True

    def _candidate(self, lines: list[list[tuple[int, int]]]) -> tuple[int, int] | None:
        """The smallest shown non-zero entry of these lines; cells before totals."""
        best = None
        for line in lines:
            total = line[-1]
            for pos in line:
                if self.hidden(pos) or self.v[pos[0]][pos[1]] == 0:
                    continue
                key = (pos == total or pos[0] == self.n_i - 1 and pos[1] == self.n_j - 1,
                       self.v[pos[0]][pos[1]], pos)
                if best is None or key < best[0]:
                    best = (key, pos)
        return best[1] if best else None

    def _protect(self, pos: tuple[int, int]) -> bool:
        own = [self.lines[k] for k in self.lines_of[pos]]
        pick = self._candidate(own)
        if pick is not None:
            self.state[pick[0]][pick[1]] = _SECONDARY
            return True
        touched = [line for line in self.lines if any(self.hidden(p) for p in line)]
        pick = self._candidate(touched)
        if pick is not None:
            self.state[pick[0]][pick[1]] = _SECONDARY
            return True
        return False

    # ------------------------------------------------------------------ audit
    def _exposed(self) -> list[tuple[int, int]]:
        """Hidden non-zero entries a reader could pin to one value."""
        strings = [["<" if s in (_PRIMARY, _HIDDEN_ZERO) else "*" if s == _SECONDARY
                    else str(self.v[i][j]) for j, s in enumerate(row)]
                   for i, row in enumerate(self.state)]
        fixed = recoverable(self.v, classify_display(strings, "<", "*"), self.t)
        return [pos for pos in fixed if self.v[pos[0]][pos[1]] > 0]


def recoverable(values: list[list[int]], classes: list[list[tuple[str, int]]], threshold: int
                ) -> list[tuple[int, int]]:
    """The hidden entries whose true value is the only one consistent with the display.

    `values` are the true values and `classes` what a reader sees (see
    `classify_display`), both (R+1) x (C+1) with margins. Exact, not a heuristic:
    flip the sign of the margin entries (the grand total keeps its sign) and
    every row and column of the table sums to zero, so the tables a reader can't
    tell apart differ by a circulation on the bipartite graph rows x columns made
    of hidden entries. An entry can take another value if and only if some cycle
    through it can move by one step with every entry on it staying within what
    the reader knows of it (shown values fixed; "<t" in 1..t-1, or 0..t-1 where
    zeros may hide; "*" at least t). One breadth-first search per entry.
    """
    n_i, n_j = len(values), len(values[0])

    def prior(kind: str) -> tuple[float, float]:
        if kind == "small":
            return 1, threshold - 1
        if kind == "small0":
            return 0, threshold - 1
        return threshold, _INF  # secondary

    # Residual graph: node ("r", i) / ("c", j). Moving y (= x with margin signs
    # flipped) up is an edge row -> col; moving it down an edge col -> row.
    up: dict[tuple[int, int], bool] = {}
    down: dict[tuple[int, int], bool] = {}
    out_edges: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
    for i in range(n_i):
        for j in range(n_j):
            kind = classes[i][j][0]
            if kind == "shown":
                continue
            lo, hi = prior(kind)
            v = values[i][j]
            x_up, x_down = v < hi, v > lo
            flip = (i == n_i - 1) != (j == n_j - 1)
            up[(i, j)], down[(i, j)] = (x_down, x_up) if flip else (x_up, x_down)
            if up[(i, j)]:
                out_edges.setdefault(("r", i), []).append((("c", j), (i, j)))
            if down[(i, j)]:
                out_edges.setdefault(("c", j), []).append((("r", i), (i, j)))

    def reachable(start: tuple[str, int], goal: tuple[str, int], banned: tuple[int, int]) -> bool:
        seen = {start}
        todo = [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            for nxt, entry in out_edges.get(node, ()):
                if entry != banned and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    fixed = []
    for (i, j) in up:
        can_rise = up[(i, j)] and reachable(("c", j), ("r", i), (i, j))
        can_fall = down[(i, j)] and reachable(("r", i), ("c", j), (i, j))
        if not (can_rise or can_fall):
            fixed.append((i, j))
    return fixed


def classify_display(grid: list[list[str]], small: str, secondary: str
                     ) -> list[list[tuple[str, int]]]:
    """Read a displayed table with margins ((R+1) x (C+1), totals last) the way a
    reader who knows these rules would: shown numbers are exact; `secondary` is
    at least the threshold; `small` is 1..t-1, or 0..t-1 when the entry sits in a
    line whose total also shows `small` (zeros there are hidden too)."""
    n_i, n_j = len(grid), len(grid[0])
    out = []
    for i in range(n_i):
        row = []
        for j in range(n_j):
            text = grid[i][j]
            if text == secondary:
                row.append(("secondary", 0))
            elif text == small:
                maybe_zero = (j < n_j - 1 and grid[i][n_j - 1] == small) or (
                    i < n_i - 1 and grid[n_i - 1][j] == small)
                row.append(("small0" if maybe_zero else "small", 0))
            else:
                row.append(("shown", int(text)))
        out.append(row)
    return out


def themes_visible(counts: Mapping[str, int], threshold: int = DEFAULT_THRESHOLD) -> dict[str, str]:
    """Themes with at least `threshold` occurrences, biggest first; the rest merged.

    Themes below the threshold are added up under `OTHER_THEMES`, shown as
    f"<{threshold}" if that sum is small too. Themes with no occurrences are
    left out, and so is "other themes" when nothing was merged.
    """
    _check_threshold(threshold)
    shown: list[tuple[str, int]] = []
    other = 0
    merged = 0
    for theme, n in counts.items():
        _check_count(n, f"theme {theme!r}")
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
