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


def test_an_unreachable_database_is_a_clear_error_without_the_password():
    import asyncio
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = Database(f"postgresql+asyncpg://checkpost:s3cret@127.0.0.1:{port}/checkpost")

    async def run():
        try:
            await db.migrate()
        finally:
            await db.close()

    with pytest.raises(StoreError, match="could not be reached") as caught:
        asyncio.run(run())
    assert "s3cret" not in str(caught.value) and "***" in str(caught.value)
