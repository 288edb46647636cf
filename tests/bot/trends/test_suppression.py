"""Small-number suppression of tables: nothing hidden can be worked out from what is shown."""

from __future__ import annotations

import csv
import io
import itertools
import random

import pytest

from bot.trends import SECONDARY, legend, suppress_table
from tests.bot.trends.attacks import (
    check_suppression,
    grids,
    hidden_entries,
    propagate,
    random_table,
    reader_priors,
    solutions_differ,
)

SEED = 20240611


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
    _, shown = grids(["a", "b"], ["x", "y"], {("a", "x"): 1, ("a", "y"): 5,
                                                  ("b", "x"): 50, ("b", "y"): 60}, table)
    lo, hi = propagate(reader_priors(shown, 5, 10 ** 6))
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
    _, true, shown, problems = check_suppression(rows, cols, counts, 4)
    assert not problems
    assert solutions_differ(shown, true, 4, (2, 0), cap=true[-1][-1] + 4)


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
@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_random_tables_never_give_a_hidden_cell_away(threshold):
    rnd = random.Random(SEED + threshold)
    failures = []
    hidden_total = cells_total = 0
    for _ in range(1500):
        rows, cols, counts = random_table(rnd)
        table, true, shown, problems = check_suppression(rows, cols, counts, threshold)
        hidden_total += len(hidden_entries(shown, threshold))
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
        rows, cols, counts = random_table(rnd)
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
        true, shown = grids(rows, cols, counts, table)
        hidden = hidden_entries(shown, threshold)
        if len(hidden) > 9:
            continue
        cap = true[-1][-1] + threshold  # enough room for another solution to exist
        for pos in hidden:
            if true[pos[0]][pos[1]] > 0:
                assert solutions_differ(shown, true, threshold, pos, cap), (
                    f"{pos} recoverable in {table.as_rows()} from {counts}")
        checked += 1
    assert checked > 200
