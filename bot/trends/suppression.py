"""Small-number suppression for the commissioners' trend tables and CSV exports.

A count of fewer than `threshold` people (default 5) could point at someone in a
small care population, so such figures are never shown. The rules:

Primary suppression
    Every cell, and every total, counting 1 .. threshold-1 shows as "<5"
    (`f"<{threshold}"`). `suppress_value()` does this for a single figure.

Zeros are shown as "0"
    A zero says "nobody", which discloses nothing about a person, and hiding
    every zero would make sparse tables useless. The consequence is that "<5"
    means 1 to 4 (not 0 to 4), and the audit below assumes a reader knows that.

Secondary suppression ("*")
    A hidden cell must not be recoverable by subtraction. Each row and each
    column of the table, including the row of column totals and the column of
    row totals, is an equation "cells = total". If such a line has exactly one
    hidden entry, the smallest non-zero shown cell of that line is hidden too
    (a total only if no cell is left); this repeats until nothing changes.
    Secondary cells show as "*" ("hidden so that a small number elsewhere
    can't be worked out"), not as "<5": they are not small, and "<5" would be
    false. Totals are computed from the true values, then suppressed like cells.

Audit
    Counting hidden cells per line is not enough: with "<5" = 1..4 and "*" = 5
    or more, a row "<5", "*", total 6 gives 1 and 5 exactly. So after the
    counting rule the table is attacked the way a reader could: interval
    bounds are propagated through every row and column equation (shown values
    exact, "<5" in [1, 4], "*" in [5, inf)), and any hidden non-zero entry whose
    bounds close to a single value gets another secondary suppression in one of
    its lines. In the rare case where nothing non-zero is left to hide (say four
    cells of 1 with a total "<5": each must be 1), zeros in that line are
    hidden as "<5" too, and from then on the audit assumes "<5" may be 0.

Themes (`themes_visible`)
    An unanswered-question theme is only named when it occurred at least
    `threshold` times; the rest are merged into "other themes", itself shown as
    "<5" when small. Don't publish an exact overall total next to it.

Nothing here keeps the true values of hidden cells: a `SuppressedTable` holds
only the strings to display, so it is safe to hand to templates and CSV writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

__all__ = [
    "DEFAULT_THRESHOLD",
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
    return (f"<{threshold}: between 1 and {threshold - 1} (small numbers are hidden to protect "
            f"privacy; occasionally a 0). {SECONDARY}: hidden so that a small number "
            f"elsewhere in the table can't be worked out. 0: none.")


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts ready for display: every value is already a string."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    threshold: int
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

    state = _Suppressor(values, threshold).run()

    def show(i: int, j: int) -> str:
        s = state[i][j]
        if s == _SHOWN:
            return str(values[i][j])
        if s == _SECONDARY:
            return SECONDARY
        return f"<{threshold}"  # primary, or a zero hidden by the audit

    return SuppressedTable(
        rows=rows,
        cols=cols,
        threshold=threshold,
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

    def run(self) -> list[list[int]]:
        budget = self.n_i * self.n_j + 1  # every step hides one more entry
        while budget > 0:
            budget -= 1
            self._count_rule()
            exposed = self._exposed()
            if not exposed:
                break
            if not self._protect(exposed[0]):
                break  # nothing left to hide (cannot happen with consistent data)
        return self.state

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
        lo, hi = self._bounds()
        out = []
        for i in range(self.n_i):
            for j in range(self.n_j):
                if self.state[i][j] != _SHOWN and self.v[i][j] > 0 and lo[i][j] == hi[i][j]:
                    out.append((i, j))
        return out

    def _bounds(self) -> tuple[list[list[float]], list[list[float]]]:
        return interval_bounds(self.display_classes(), self.t)

    def display_classes(self) -> list[list[tuple[str, int]]]:
        """What a reader sees, as `interval_bounds` wants it."""
        strings = [["<" if s in (_PRIMARY, _HIDDEN_ZERO) else "*" if s == _SECONDARY
                    else str(self.v[i][j]) for j, s in enumerate(row)]
                   for i, row in enumerate(self.state)]
        return classify_display(strings, "<", "*")


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


def interval_bounds(grid: list[list[tuple[str, int]]], threshold: int
                    ) -> tuple[list[list[float]], list[list[float]]]:
    """Lower and upper bounds a reader can derive for every entry of a displayed table.

    `grid` is (R+1) x (C+1) with margins, each entry ("shown", v), ("small", _)
    meaning 1..t-1, ("small0", _) meaning 0..t-1, or ("secondary", _) meaning
    t or more. The equations are every row and column ("cells = total") plus
    every combination of them that Gaussian elimination brings out (so a cell
    pinned down by adding one row to another is found too); bounds are pushed
    through all of them, rounded to whole numbers, until nothing changes.
    """
    from fractions import Fraction
    from math import ceil, floor

    n_i, n_j = len(grid), len(grid[0])
    index: dict[tuple[int, int], int] = {}
    lo: list[float] = []
    hi: list[float] = []
    for i in range(n_i):
        for j in range(n_j):
            kind, _value = grid[i][j]
            if kind == "shown":
                continue
            index[(i, j)] = len(lo)
            if kind == "small":
                lo.append(1), hi.append(threshold - 1)
            elif kind == "small0":
                lo.append(0), hi.append(threshold - 1)
            else:
                lo.append(threshold), hi.append(_INF)

    equations: list[tuple[dict[int, Fraction], Fraction]] = []
    lines = ([[(i, j) for j in range(n_j)] for i in range(n_i)]
             + [[(i, j) for i in range(n_i)] for j in range(n_j)])
    for line in lines:
        coef: dict[int, Fraction] = {}
        const = Fraction(0)
        for k, (i, j) in enumerate(line):
            sign = -1 if k == len(line) - 1 else 1
            if (i, j) in index:
                coef[index[(i, j)]] = Fraction(sign)
            else:
                const -= sign * grid[i][j][1]
        if coef:
            equations.append((coef, const))
    equations += _reduced(equations, len(lo))

    for _round in range(100):
        changed = False
        for coef, const in equations:
            lo_terms, hi_terms = {}, {}
            for m, c in coef.items():
                if c > 0:
                    lo_terms[m], hi_terms[m] = c * lo[m], (c * hi[m] if hi[m] != _INF else _INF)
                else:
                    lo_terms[m], hi_terms[m] = (c * hi[m] if hi[m] != _INF else -_INF), c * lo[m]
            lo_fin = sum(v for v in lo_terms.values() if v != -_INF)
            lo_inf = sum(1 for v in lo_terms.values() if v == -_INF)
            hi_fin = sum(v for v in hi_terms.values() if v != _INF)
            hi_inf = sum(1 for v in hi_terms.values() if v == _INF)
            for m, c in coef.items():
                rest_lo = -_INF if lo_inf - (lo_terms[m] == -_INF) else lo_fin - (
                    lo_terms[m] if lo_terms[m] != -_INF else 0)
                rest_hi = _INF if hi_inf - (hi_terms[m] == _INF) else hi_fin - (
                    hi_terms[m] if hi_terms[m] != _INF else 0)
                a = const - rest_hi if rest_hi != _INF else -_INF  # c * x >= a
                b = const - rest_lo if rest_lo != -_INF else _INF  # c * x <= b
                if c < 0:
                    a, b = (b / c if b != _INF else -_INF), (a / c if a != -_INF else _INF)
                else:
                    a, b = (a / c if a != -_INF else -_INF), (b / c if b != _INF else _INF)
                new_lo = max(lo[m], ceil(a)) if a != -_INF else lo[m]
                new_hi = min(hi[m], floor(b)) if b != _INF else hi[m]
                if new_lo > lo[m] or new_hi < hi[m]:
                    lo[m], hi[m] = new_lo, new_hi
                    changed = True
        if not changed:
            break

    out_lo = [[0.0] * n_j for _ in range(n_i)]
    out_hi = [[0.0] * n_j for _ in range(n_i)]
    for i in range(n_i):
        for j in range(n_j):
            if (i, j) in index:
                m = index[(i, j)]
                out_lo[i][j], out_hi[i][j] = float(lo[m]), float(hi[m])
            else:
                out_lo[i][j] = out_hi[i][j] = float(grid[i][j][1])
    return out_lo, out_hi


def _reduced(equations, n_vars):
    """The rows of the reduced row echelon form of a set of linear equations."""
    from fractions import Fraction

    rows = [dict(coef) | {-1: const} for coef, const in equations]  # -1 holds the constant
    pivots: list[tuple[int, dict]] = []
    for var in range(n_vars):
        pick = next((r for r in rows if r.get(var, 0) != 0), None)
        if pick is None:
            continue
        rows.remove(pick)
        scale = pick[var]
        pick = {k: v / scale for k, v in pick.items() if v != 0 or k == -1}
        for other in rows + [p for _v, p in pivots]:
            factor = other.get(var, 0)
            if factor:
                for k, v in pick.items():
                    other[k] = other.get(k, Fraction(0)) - factor * v
                    if other[k] == 0 and k != -1:
                        del other[k]
        pivots.append((var, pick))
    out = []
    for _var, row in pivots:
        const = row.pop(-1, Fraction(0))
        out.append(({k: v for k, v in row.items() if v != 0}, const))
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
