"""Small-number suppression of single figures and of the themes list."""

from __future__ import annotations

import pytest

from bot.trends import OTHER_THEMES, suppress_value, themes_visible


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
