from __future__ import annotations

import pytest

from store.db import Database, StoreError, database_url


def test_database_url_defaults_to_sqlite_in_the_working_directory(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == "sqlite+aiosqlite:///checkpost.db"
    assert database_url("postgres://u:p@h/db") == "postgresql+asyncpg://u:p@h/db"
    assert database_url("postgresql://h/db") == "postgresql+asyncpg://h/db"


def test_unsupported_database_is_a_clear_error():
    with pytest.raises(StoreError, match="SQLite and PostgreSQL"):
        Database("mysql+aiomysql://u:p@h/db")
