"""Fixtures that start the real processes once per test session."""

from __future__ import annotations

import pytest

from tests.support.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The full product: action server, Rasa server and gateway."""
    running = Stack(workdir=tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def engine_down_stack(tmp_path_factory):
    """A gateway whose bot engine (Rasa and the action server) is not running."""
    running = Stack(workdir=tmp_path_factory.mktemp("down"), with_bot_engine=False).start()
    yield running
    running.stop()
