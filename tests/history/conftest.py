"""A fresh SQLite ledger per test (the PostgreSQL runs are in tests/integration)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noc_wallboard.adapters.ledger import open_ledger_engine
from noc_wallboard.adapters.ledger.database import sqlite_url
from noc_wallboard.adapters.ledger.history import SqlHistory


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def ledger(ledger_path: Path) -> Iterator[SqlHistory]:
    history = SqlHistory(open_ledger_engine(sqlite_url(ledger_path)), "board-a:1")
    yield history
    history.close()
