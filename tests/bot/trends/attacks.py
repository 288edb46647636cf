"""What a reader who knows the suppression rules can work out from a displayed table.

Written independently of the library, so the tests check it rather than repeat it: an
interval attack through every row and column equation, and an exact brute force for
small tables. Also random tables to attack.
"""

from __future__ import annotations

import random

from bot.trends import SECONDARY, suppress_table


def random_table(rnd: random.Random, max_rows: int = 6, max_cols: int = 7, max_value: int = 40):
    n_rows, n_cols = rnd.randint(1, max_rows), rnd.randint(1, max_cols)
    rows = [f"r{i}" for i in range(n_rows)]
    cols = [f"c{j}" for j in range(n_cols)]
    style = rnd.choice(["sparse", "small", "mixed", "big"])
    counts = {}
    for r in rows:
        for c in cols:
            if style == "sparse":
                v = 0 if rnd.random() < 0.6 else rnd.randint(1, max_value)
            elif style == "small":
                v = rnd.randint(0, 7)
            elif style == "mixed":
                v = rnd.choice([0, 1, 2, 3, 4, 5, 6, rnd.randint(0, max_value)])
            else:
                v = rnd.randint(0, max_value)
            if v or rnd.random() < 0.5:  # sometimes leave zero cells out of the dict
                counts[(r, c)] = v
    return rows, cols, counts


def grids(rows, cols, counts, table):
    """True values and displayed strings, both (R+1) x (C+1) with margins."""
    true = [[counts.get((r, c), 0) for c in cols] for r in rows]
    for line in true:
        line.append(sum(line))
    true.append([sum(true[i][j] for i in range(len(rows))) for j in range(len(cols) + 1)])
    shown = [row[1:] for row in table.as_rows()[1:]]
    return true, shown


def grid_lines(n_i, n_j):
    """Every row and column of the grid; the last entry of each is the total."""
    return ([[(i, j) for j in range(n_j)] for i in range(n_i)]
            + [[(i, j) for i in range(n_i)] for j in range(n_j)])


def reader_priors(shown, threshold, cap):
    """What a reader who knows the rules can say about each entry, as (lo, hi)."""
    n_i, n_j = len(shown), len(shown[0])
    small = f"<{threshold}"
    out = []
    for i in range(n_i):
        row = []
        for j in range(n_j):
            text = shown[i][j]
            if text == SECONDARY:
                row.append((threshold, cap))
            elif text == small:
                # zeros only hide in a line whose own total is small
                maybe_zero = (j < n_j - 1 and shown[i][n_j - 1] == small) or (
                    i < n_i - 1 and shown[n_i - 1][j] == small)
                row.append((0 if maybe_zero else 1, threshold - 1))
            else:
                row.append((int(text), int(text)))
        out.append(row)
    return out


def propagate(priors):
    """Interval attack (written independently of the library): tighten every entry's
    bounds through every row and column equation until nothing changes."""
    n_i, n_j = len(priors), len(priors[0])
    lo = [[p[0] for p in row] for row in priors]
    hi = [[p[1] for p in row] for row in priors]
    changed = True
    while changed:
        changed = False
        for line in grid_lines(n_i, n_j):
            *cells, (ti, tj) = line
            for i, j in line:
                if (i, j) == (ti, tj):
                    new_lo = sum(lo[a][b] for a, b in cells)
                    new_hi = sum(hi[a][b] for a, b in cells)
                else:
                    others = [p for p in cells if p != (i, j)]
                    new_lo = lo[ti][tj] - sum(hi[a][b] for a, b in others)
                    new_hi = hi[ti][tj] - sum(lo[a][b] for a, b in others)
                if new_lo > lo[i][j]:
                    lo[i][j], changed = new_lo, True
                if new_hi < hi[i][j]:
                    hi[i][j], changed = new_hi, True
    return lo, hi


def hidden_entries(shown, threshold):
    """The positions of the grid shown as hidden ("<t" or "*")."""
    return {(i, j) for i, row in enumerate(shown) for j, text in enumerate(row)
            if text in (f"<{threshold}", SECONDARY)}


def check_suppression(rows, cols, counts, threshold):
    """Suppress a table, then list every rule it breaks and every value the interval
    attack works out; returns (table, true grid, shown grid, problems)."""
    table = suppress_table(rows, cols, counts, threshold=threshold)
    true, shown = grids(rows, cols, counts, table)
    n_i, n_j = len(true), len(true[0])
    small = f"<{threshold}"
    hidden = hidden_entries(shown, threshold)
    problems = []
    if table.withheld:
        if any(text != SECONDARY for row in shown for text in row):
            problems.append("a withheld table shows something")
        return table, true, shown, problems
    for i in range(n_i):
        for j in range(n_j):
            v, text = true[i][j], shown[i][j]
            if 0 < v < threshold and text != small:
                problems.append(f"small value {v} at {(i, j)} shown as {text!r}")
            if text not in (small, SECONDARY) and text != str(v):
                problems.append(f"{(i, j)} shows {text!r} but is {v}")
            if text == SECONDARY and v < threshold:
                problems.append(f"{(i, j)} is secondary but small ({v})")
            if text == small and v >= threshold:
                problems.append(f"{(i, j)} shows {small} but is {v}")
    # The counting rule: in every row and column (totals included) the hidden
    # non-zero entries number 0 or at least 2 -- a shown total never pins one down.
    for line in grid_lines(n_i, n_j):
        real = [p for p in line if p in hidden and true[p[0]][p[1]] > 0]
        if len(real) == 1:
            problems.append(f"line {line} has one hidden non-zero entry {real}")
    # The interval attack: no hidden non-zero entry can be pinned to one value.
    lo, hi = propagate(reader_priors(shown, threshold, cap=10 ** 9))
    for i, j in hidden:
        assert lo[i][j] <= true[i][j] <= hi[i][j], "the attack model is wrong"
        if true[i][j] > 0 and lo[i][j] == hi[i][j]:
            problems.append(f"{(i, j)} = {true[i][j]} can be worked out")
    return table, true, shown, problems


def solutions_differ(shown, true, threshold, target, cap):
    """Brute force: is there a table consistent with everything shown (and the rules)
    in which entry `target` has a different value? Exact, for small tables."""
    n_i, n_j = len(shown), len(shown[0])
    lo, hi = propagate(reader_priors(shown, threshold, cap))
    hidden = sorted(hidden_entries(shown, threshold))
    every_line = grid_lines(n_i, n_j)
    value = {(i, j): true[i][j] for i in range(n_i) for j in range(n_j)
             if (i, j) not in hidden}

    def consistent() -> bool:
        for line in every_line:
            if all(p in value for p in line):
                *cells, total = line
                if sum(value[p] for p in cells) != value[total]:
                    return False
        return True

    def search(k: int) -> bool:
        if k == len(hidden):
            return value[target] != true[target[0]][target[1]]
        pos = hidden[k]
        for x in range(int(lo[pos[0]][pos[1]]), int(min(hi[pos[0]][pos[1]], cap)) + 1):
            value[pos] = x
            if consistent() and search(k + 1):
                return True
        del value[pos]
        return False

    return search(0)
