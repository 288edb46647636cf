"""The guard that fails the suite when a test writes to var/ can tell a change."""

from __future__ import annotations

from tests.support.var_guard import changes, snapshot


def test_guard_sees_added_changed_and_removed_files(tmp_path):
    (tmp_path / "app.db").write_bytes(b"one")
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "old.log").write_text("x")
    before = snapshot(tmp_path)
    assert changes(before, snapshot(tmp_path)) == []
    (tmp_path / "app.db").write_bytes(b"three")
    (tmp_path / "log" / "old.log").unlink()
    (tmp_path / "rasa_tracker.db").write_bytes(b"")
    assert sorted(changes(before, snapshot(tmp_path))) == [
        "added rasa_tracker.db", "changed app.db", "removed log/old.log"]


def test_missing_folder_is_an_empty_snapshot(tmp_path):
    assert snapshot(tmp_path / "var") == {}
