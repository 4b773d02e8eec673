"""The store's tests run on SQLite always, and on PostgreSQL when TEST_DATABASE_URL names a server.

`.ci/run` starts one (Debian's postgresql) and sets CHECKPOST_REQUIRE_POSTGRES=1, which turns the
PostgreSQL tests' skip into a failure, so CI cannot pass without them having run.
"""
from __future__ import annotations

import os

import pytest
import pytest_asyncio
from sqlalchemy import text

from store.db import Database

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
REQUIRE_PG = os.environ.get("CHECKPOST_REQUIRE_POSTGRES", "").strip() not in ("", "0")


def require_postgres() -> str:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("CHECKPOST_REQUIRE_POSTGRES is set but TEST_DATABASE_URL names no server")
        pytest.skip("no PostgreSQL server given (set TEST_DATABASE_URL, or run .ci/postgres.sh)")
    return PG_URL


async def empty_database(kind: str, tmp_path) -> Database:
    """A database with no tables at all: a fresh SQLite file, or a wiped PostgreSQL schema."""
    if kind == "sqlite":
        return Database(f"sqlite+aiosqlite:///{tmp_path / 'checkpost.db'}")
    db = Database(require_postgres())
    async with db.engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    return db


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request) -> str:
    return request.param


@pytest_asyncio.fixture
async def empty_db(kind, tmp_path):
    db = await empty_database(kind, tmp_path)
    yield db
    await db.close()


@pytest_asyncio.fixture
async def db(empty_db):
    await empty_db.migrate()
    return empty_db


@pytest_asyncio.fixture
async def second_db(db):
    """Another engine on the same database: what a second server process would hold."""
    other = Database(db.url)
    yield other
    await other.close()
