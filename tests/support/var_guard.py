"""Proof that the test suite leaves `var/` (the product's own databases and logs) untouched.

Loaded by tests/conftest.py: a snapshot of var/ is taken when the session starts and
compared when it ends; any file added, removed or changed fails the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

VAR = Path(__file__).resolve().parent.parent.parent / "var"
_KEY = pytest.StashKey[dict]()


def snapshot(folder: Path = VAR) -> dict[str, tuple[int, int]]:
    """Every file under `folder`: relative path -> (size, modification time in ns)."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changes(before: dict, after: dict) -> list[str]:
    """What differs between two snapshots, one line each."""
    return ([f"added {p}" for p in after.keys() - before.keys()]
            + [f"removed {p}" for p in before.keys() - after.keys()]
            + [f"changed {p}" for p in before.keys() & after.keys() if before[p] != after[p]])


def pytest_sessionstart(session: pytest.Session) -> None:
    session.stash[_KEY] = snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    found = changes(session.stash.get(_KEY, {}), snapshot())
    if found:
        print("\nThe test suite touched var/ (tests must use temporary folders):")
        print("\n".join(f"  {line}" for line in sorted(found)))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
