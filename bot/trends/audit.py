"""The audit behind table suppression: which hidden entries a reader could still work out.

Counting hidden entries per row and column is not enough ("<5", "*", total 6 gives 1 and
5 exactly, and several lines taken together can pin a cell down too), so
`bot.trends.suppression` checks every table exactly with `recoverable`, reading it the
way a reader who knows the rules would (`classify_display`).
"""

from __future__ import annotations

_INF = float("inf")


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
    for (i, j), may_rise in up.items():
        can_rise = may_rise and reachable(("c", j), ("r", i), (i, j))
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
