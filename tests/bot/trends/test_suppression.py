"""Small-number suppression: nothing hidden can be worked out from what is shown."""

from __future__ import annotations

import csv
import io
import itertools
import random

import pytest

from bot.trends import (
    OTHER_THEMES,
    SECONDARY,
    legend,
    suppress_table,
    suppress_value,
    themes_visible,
)

SEED = 20240611


# ---------------------------------------------------------------------------- helpers
def _random_table(rnd: random.Random, max_rows: int = 6, max_cols: int = 7, max_value: int = 40):
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


def _grids(rows, cols, counts, table):
    """True values and displayed strings, both (R+1) x (C+1) with margins."""
    true = [[counts.get((r, c), 0) for c in cols] for r in rows]
    for line in true:
        line.append(sum(line))
    true.append([sum(true[i][j] for i in range(len(rows))) for j in range(len(cols) + 1)])
    shown = [row[1:] for row in table.as_rows()[1:]]
    return true, shown


def _lines(n_i, n_j):
    """Every row and column of the grid; the last entry of each is the total."""
    return ([[(i, j) for j in range(n_j)] for i in range(n_i)]
            + [[(i, j) for i in range(n_i)] for j in range(n_j)])


def _priors(shown, threshold, cap):
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


def _propagate(priors):
    """Interval attack (written independently of the library): tighten every entry's
    bounds through every row and column equation until nothing changes."""
    n_i, n_j = len(priors), len(priors[0])
    lo = [[p[0] for p in row] for row in priors]
    hi = [[p[1] for p in row] for row in priors]
    changed = True
    while changed:
        changed = False
        for line in _lines(n_i, n_j):
            *cells, (ti, tj) = line
            for k, (i, j) in enumerate(line):
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


def _hidden(shown, threshold):
    return {(i, j) for i, row in enumerate(shown) for j, text in enumerate(row)
            if text in (f"<{threshold}", SECONDARY)}


# ---------------------------------------------------------------------------- single values
@pytest.mark.parametrize("n, threshold, expected", [
    (0, 5, "0"), (1, 5, "<5"), (4, 5, "<5"), (5, 5, "5"), (123, 5, "123"),
    (9, 10, "<10"), (10, 10, "10"), (1, 1, "1"), (2, 3, "<3"),
])
def test_suppress_value(n, threshold, expected):
    assert suppress_value(n, threshold) == expected


def test_suppress_value_default_threshold_is_five():
    assert suppress_value(4) == "<5"


@pytest.mark.parametrize("n, threshold", [(-1, 5), (2.5, 5), (True, 5), (3, 0), (3, -2), (3, 2.0)])
def test_bad_values_are_refused(n, threshold):
    with pytest.raises(ValueError):
        suppress_value(n, threshold)


# ---------------------------------------------------------------------------- tables
def test_small_cells_show_as_less_than_threshold_and_secondary_as_star():
    table = suppress_table(["north", "south"], ["contact", "money"], {
        ("north", "contact"): 3, ("north", "money"): 12,
        ("south", "contact"): 20, ("south", "money"): 30,
    })
    assert table.cell("north", "contact") == "<5"
    # the only other cell in row "north" and in column "contact" must go too
    assert table.cell("north", "money") == SECONDARY
    assert table.cell("south", "contact") == SECONDARY
    assert table.cell("south", "money") == SECONDARY
    assert table.row_total("north") == "15" and table.col_total("money") == "42"
    assert table.grand_total() == "65"


def test_big_tables_are_left_alone():
    rows, cols = ["a", "b"], ["x", "y", "z"]
    counts = {(r, c): 10 + i * 3 + j for i, r in enumerate(rows) for j, c in enumerate(cols)}
    table = suppress_table(rows, cols, counts)
    assert table.as_rows() == [
        ["", "x", "y", "z", "Total"],
        ["a", "10", "11", "12", "33"],
        ["b", "13", "14", "15", "42"],
        ["Total", "23", "25", "27", "75"],
    ]


def test_zeros_are_shown_as_zero_where_the_total_is_not_small():
    table = suppress_table(["a", "b"], ["x", "y", "z"], {
        ("a", "x"): 10, ("a", "y"): 0, ("a", "z"): 20,
        ("b", "x"): 11, ("b", "y"): 0, ("b", "z"): 21,
    })
    assert table.cell("a", "y") == "0" and table.col_total("y") == "0"


def test_zeros_hide_inside_a_small_total():
    # four cells of 1 and a total of 4: if the zeros showed, "<5" would mean "at
    # least 1" and every cell would have to be 1.
    table = suppress_table(["a"], ["w", "x", "y", "z"], {
        ("a", "w"): 1, ("a", "x"): 1, ("a", "y"): 1, ("a", "z"): 1})
    assert table.as_rows()[1] == ["a", "<5", "<5", "<5", "<5", "<5"]
    table = suppress_table(["a", "b"], ["x", "y"], {("a", "x"): 2, ("b", "y"): 40})
    assert table.cell("a", "y") == "<5"  # row a totals 2


def test_totals_come_from_true_values_and_are_suppressed_when_small():
    table = suppress_table(["a", "b"], ["x", "y"], {
        ("a", "x"): 1, ("a", "y"): 2, ("b", "x"): 30, ("b", "y"): 40})
    assert table.row_total("a") == "<5"
    assert table.row_total("b") in ("70", SECONDARY)
    assert table.grand_total() in ("73", SECONDARY)


def test_threshold_is_configurable():
    table = suppress_table(["a"], ["x", "y"], {("a", "x"): 7, ("a", "y"): 25}, threshold=10)
    assert table.cell("a", "x") == "<10"
    assert table.cell("a", "y") == SECONDARY or table.row_total("a") == SECONDARY


def test_a_row_with_one_small_cell_and_one_big_cell_is_not_given_away():
    # "<5", "*", total 6 would give 1 and 5 exactly: the total must go too
    table = suppress_table(["a", "b"], ["x", "y"], {
        ("a", "x"): 1, ("a", "y"): 5, ("b", "x"): 50, ("b", "y"): 60})
    true, shown = _grids(["a", "b"], ["x", "y"], {("a", "x"): 1, ("a", "y"): 5,
                                                  ("b", "x"): 50, ("b", "y"): 60}, table)
    lo, hi = _propagate(_priors(shown, 5, 10 ** 6))
    assert lo[0][0] < hi[0][0]


def test_a_table_that_cannot_be_protected_cell_by_cell_is_withheld():
    # Shown as "<3" and "*", a reader could work these out: the row totals must be
    # 3 and 1 (one "*" is at least 3, the grand total at most 2 + 2).
    counts = {("a", "x"): 2, ("a", "y"): 1, ("b", "x"): 0, ("b", "y"): 1}
    table = suppress_table(["a", "b"], ["x", "y"], counts, threshold=3)
    assert table.withheld
    assert {v for row in table.as_rows()[1:] for v in row[1:]} == {SECONDARY}
    assert not suppress_table(["a", "b"], ["x", "y"], counts, threshold=5).withheld


def test_a_cell_pinned_by_two_lines_together_is_protected():
    # Row r1 and the totals row together fix r2's first cell to 1 unless more is hidden.
    counts = {("r0", "c0"): 0, ("r0", "c1"): 9, ("r0", "c2"): 0, ("r0", "c3"): 6,
              ("r1", "c0"): 4, ("r1", "c1"): 0, ("r1", "c2"): 6, ("r1", "c3"): 0,
              ("r2", "c0"): 1, ("r2", "c1"): 1, ("r2", "c2"): 0, ("r2", "c3"): 12}
    rows, cols = ["r0", "r1", "r2"], ["c0", "c1", "c2", "c3"]
    table, true, shown, problems = _check(rows, cols, counts, 4)
    assert not problems
    assert _solutions_differ(shown, true, 4, (2, 0), cap=true[-1][-1] + 4)


def test_empty_and_degenerate_tables():
    assert suppress_table([], [], {}).as_rows() == [["", "Total"], ["Total", "0"]]
    table = suppress_table(["a"], ["x"], {})
    assert table.as_rows() == [["", "x", "Total"], ["a", "0", "0"], ["Total", "0", "0"]]
    table = suppress_table(["a"], ["x"], {("a", "x"): 3})
    assert table.as_rows() == [["", "x", "Total"], ["a", "<5", "<5"], ["Total", "<5", "<5"]]


@pytest.mark.parametrize("rows, cols, counts", [
    (["a"], ["x"], {("a", "z"): 1}),
    (["a"], ["x"], {("b", "x"): 1}),
    (["a"], ["x"], {("a", "x"): -1}),
    (["a"], ["x"], {("a", "x"): 1.5}),
    (["a", "a"], ["x"], {}),
    (["a"], ["x"], {"a": 1}),
])
def test_bad_tables_are_refused(rows, cols, counts):
    with pytest.raises(ValueError):
        suppress_table(rows, cols, counts)


def test_as_rows_writes_a_csv_and_holds_no_true_values():
    counts = {("a", "x"): 3, ("a", "y"): 17, ("b", "x"): 8, ("b", "y"): 9}
    table = suppress_table(["a", "b"], ["x", "y"], counts)
    out = io.StringIO()
    csv.writer(out).writerows(table.as_rows(corner="council", total_label="All"))
    lines = out.getvalue().splitlines()
    assert lines[0] == "council,x,y,All"
    assert lines[-1].startswith("All,")
    assert "3" not in table.cell("a", "x")
    # the object handed to templates keeps display strings only
    assert all(isinstance(v, str) for v in vars(table)["_cells"].values())


def test_legend_explains_the_markers():
    text = legend(5)
    assert "<5" in text and SECONDARY in text


# ---------------------------------------------------------------------------- the guarantee
def _check(rows, cols, counts, threshold):
    table = suppress_table(rows, cols, counts, threshold=threshold)
    true, shown = _grids(rows, cols, counts, table)
    n_i, n_j = len(true), len(true[0])
    small = f"<{threshold}"
    hidden = _hidden(shown, threshold)
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
    for line in _lines(n_i, n_j):
        real = [p for p in line if p in hidden and true[p[0]][p[1]] > 0]
        if len(real) == 1:
            problems.append(f"line {line} has one hidden non-zero entry {real}")
    # The interval attack: no hidden non-zero entry can be pinned to one value.
    lo, hi = _propagate(_priors(shown, threshold, cap=10 ** 9))
    for i, j in hidden:
        assert lo[i][j] <= true[i][j] <= hi[i][j], "the attack model is wrong"
        if true[i][j] > 0 and lo[i][j] == hi[i][j]:
            problems.append(f"{(i, j)} = {true[i][j]} can be worked out")
    return table, true, shown, problems


@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_random_tables_never_give_a_hidden_cell_away(threshold):
    rnd = random.Random(SEED + threshold)
    failures = []
    hidden_total = cells_total = 0
    for _ in range(1500):
        rows, cols, counts = _random_table(rnd)
        table, true, shown, problems = _check(rows, cols, counts, threshold)
        hidden_total += len(_hidden(shown, threshold))
        cells_total += len(true) * len(true[0])
        if problems:
            failures.append((rows, cols, counts, table.as_rows(), problems[:3]))
    print(f"\nthreshold {threshold}: {hidden_total}/{cells_total} entries hidden over 1500 tables")
    assert not failures, failures[:3]


def test_row_or_column_with_one_hidden_cell_has_its_total_hidden_or_a_second_cell():
    """The brief's check, literally: for every row/column whose total is shown,
    the hidden cells in it (zeros shown as '<5' count as hidden) are 0 or >= 2."""
    rnd = random.Random(SEED)
    for _ in range(2000):
        rows, cols, counts = _random_table(rnd)
        table = suppress_table(rows, cols, counts)
        for r in rows:
            hidden = [c for c in cols if table.is_hidden(table.cell(r, c))]
            assert table.is_hidden(table.row_total(r)) or len(hidden) != 1, table.as_rows()
        for c in cols:
            hidden = [r for r in rows if table.is_hidden(table.cell(r, c))]
            assert table.is_hidden(table.col_total(c)) or len(hidden) != 1, table.as_rows()
        hidden = [c for c in cols if table.is_hidden(table.col_total(c))]
        assert table.is_hidden(table.grand_total()) or len(hidden) != 1, table.as_rows()
        hidden = [r for r in rows if table.is_hidden(table.row_total(r))]
        assert table.is_hidden(table.grand_total()) or len(hidden) != 1, table.as_rows()


def _solutions_differ(shown, true, threshold, target, cap):
    """Brute force: is there a table consistent with everything shown (and the rules)
    in which entry `target` has a different value? Exact, for small tables."""
    n_i, n_j = len(shown), len(shown[0])
    priors = _priors(shown, threshold, cap)
    lo, hi = _propagate(priors)
    hidden = sorted(_hidden(shown, threshold))
    lines = _lines(n_i, n_j)
    value = {(i, j): true[i][j] for i in range(n_i) for j in range(n_j)
             if (i, j) not in hidden}

    def consistent() -> bool:
        for line in lines:
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


def test_small_random_tables_survive_a_brute_force_attack():
    rnd = random.Random(SEED + 1)
    checked = 0
    for _ in range(400):
        n_rows, n_cols = rnd.randint(1, 3), rnd.randint(1, 3)
        rows = [f"r{i}" for i in range(n_rows)]
        cols = [f"c{j}" for j in range(n_cols)]
        counts = {(r, c): rnd.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12])
                  for r, c in itertools.product(rows, cols)}
        threshold = rnd.choice([3, 5])
        table = suppress_table(rows, cols, counts, threshold=threshold)
        if table.withheld:
            continue  # nothing shown, nothing to attack
        true, shown = _grids(rows, cols, counts, table)
        hidden = _hidden(shown, threshold)
        if len(hidden) > 9:
            continue
        cap = true[-1][-1] + threshold  # enough room for another solution to exist
        for pos in hidden:
            if true[pos[0]][pos[1]] > 0:
                assert _solutions_differ(shown, true, threshold, pos, cap), (
                    f"{pos} recoverable in {table.as_rows()} from {counts}")
        checked += 1
    assert checked > 200


# ---------------------------------------------------------------------------- themes
def test_themes_below_threshold_are_merged():
    out = themes_visible({"contact": 12, "pep": 3, "money": 0, "housing": 5, "iro": 1})
    assert out == {"contact": "12", "housing": "5", OTHER_THEMES: "<5"}
    assert list(out) == ["contact", "housing", OTHER_THEMES]


def test_merged_themes_show_their_sum_when_it_is_big_enough():
    out = themes_visible({"a": 20, "b": 4, "c": 3}, threshold=5)
    assert out == {"a": "20", OTHER_THEMES: "7"}


def test_no_other_themes_bucket_when_nothing_is_merged():
    assert themes_visible({"a": 6, "b": 5, "c": 0}) == {"a": "6", "b": "5"}
    assert themes_visible({}) == {}


def test_themes_threshold_is_configurable():
    assert themes_visible({"a": 9, "b": 10}, threshold=10) == {"b": "10", OTHER_THEMES: "<10"}


def test_themes_refuse_bad_counts():
    with pytest.raises(ValueError):
        themes_visible({"a": -1})
    with pytest.raises(ValueError):
        themes_visible({"a": 3}, threshold=0)
