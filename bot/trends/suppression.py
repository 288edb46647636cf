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

Nothing here keeps the true values of hidden cells: a `SuppressedTable` holds
only the strings to display, so it is safe to hand to templates and CSV writers.

Single figures and the themes list live in `bot.trends.figures`, the exact check in
`bot.trends.audit`; their names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.trends.audit import classify_display, recoverable
from bot.trends.figures import (
    DEFAULT_THRESHOLD,
    OTHER_THEMES,
    check_count,
    check_threshold,
    suppress_value,
    themes_visible,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "OTHER_THEMES",
    "SECONDARY",
    "SuppressedTable",
    "classify_display",
    "legend",
    "recoverable",
    "suppress_table",
    "suppress_value",
    "themes_visible",
]

#: How a secondarily suppressed cell (or total) is shown.
SECONDARY = "*"
TOTAL_LABEL = "Total"

_SHOWN, _PRIMARY, _SECONDARY, _HIDDEN_ZERO = 0, 1, 2, 3


def legend(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The footnote to print under a suppressed table."""
    check_threshold(threshold)
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
    check_threshold(threshold)
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
        values[row_index[r]][col_index[c]] = check_count(value, f"cell {key!r}")
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
