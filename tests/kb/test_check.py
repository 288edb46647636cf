"""`python -m bot kb check` and the generated coverage table."""

import datetime as dt
import shutil
from pathlib import Path

from kb.check import check_knowledge_base, coverage_table

ROOT = Path(__file__).resolve().parents[2]


def test_current_knowledge_base_has_no_problems():
    assert check_knowledge_base(ROOT / "data" / "knowledge", today=dt.date(2026, 11, 23)) == []


def test_stale_entries_and_invented_numbers_are_listed(tmp_path):
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "data" / "knowledge", directory)
    path = directory / "advocacy.yml"
    path.write_text(path.read_text().replace("last_reviewed: 2026-11-23",
                                             "last_reviewed: 2020-01-01", 1)
                    + "\n  - id: invented-entry\n    topic: advocacy\n    jurisdiction: england\n"
                      "    title: Invented\n    answer: Call 0800 000 1234 within 7 working days.\n"
                      "    source: {title: Facts, file: facts.md}\n    last_reviewed: 2026-11-23\n")
    problems = check_knowledge_base(directory, today=dt.date(2026, 11, 23))
    assert any("last reviewed" in p for p in problems)
    assert any("'0800 000 1234'" in p for p in problems)
    assert any("'7 working days'" in p for p in problems)


def test_coverage_doc_is_current():
    doc = (ROOT / "docs" / "knowledge-coverage.md").read_text()
    assert coverage_table(ROOT / "data" / "knowledge") in doc
