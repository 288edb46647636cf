"""The codebase stays readable: small modules, and data (not code) for word lists and wording."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

MAX_LINES = 400
PACKAGES = ("bot", "actions", "kb", "payload")


def _modules():
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by job"


def test_nothing_reads_a_shared_folder_beside_the_repository():
    for path in _modules() + sorted((ROOT / "tests").rglob("*.py")) + sorted(
            (ROOT / "scripts").glob("*")):
        if path.name == "test_codebase.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "SHARED_DIR" not in text and '"shared"' not in text, path
