"""The database behind team settings, feedback and handled Slack events.

`DATABASE_URL` names it. Unset, it is SQLite in a file in the working directory
(`sqlite+aiosqlite:///checkpost.db`), created and migrated on first start, so nothing needs
setting up. Several server processes share one PostgreSQL database instead
(`postgresql+asyncpg://user:password@host/dbname`). The schema is Alembic's to change: the
store upgrades to the newest revision when it starts, under a lock on PostgreSQL so two
processes starting together do not both migrate.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

log = logging.getLogger("checkpost.store")
DEFAULT_URL = "sqlite+aiosqlite:///checkpost.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: PostgreSQL's advisory lock that serialises start-up migrations.
_MIGRATION_LOCK = 0x436B7074


class StoreError(RuntimeError):
    """The database cannot be used as configured; the message says why without any password."""


def database_url(value: str | None = None) -> str:
    """DATABASE_URL, given as SQLAlchemy names drivers; plain postgres:// URLs get asyncpg."""
    url = (value if value is not None else os.environ.get("DATABASE_URL", "")).strip() or DEFAULT_URL
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url[len(plain):]
    if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
        return "sqlite+aiosqlite://" + url[len("sqlite://"):]
    return url


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while a settings change or a feedback row is written; the busy
    # timeout makes a second writer wait its turn instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """One async engine and its sessions, for the life of the process."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = database_url(url)
        try:
            parsed = make_url(self.url)
        except Exception:
            raise StoreError("DATABASE_URL is not a database URL (e.g. postgresql+asyncpg://user@host/db)") from None
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreError(f"DATABASE_URL names {self.dialect}; Checkpost supports SQLite and PostgreSQL")
        self.safe_url = parsed.render_as_string(hide_password=True)
        kwargs: dict = {"echo": echo}
        if self.dialect == "postgresql":
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> AsyncSession:
        return self.sessions()

    async def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (default: the newest), creating it on an empty database."""
        try:
            async with self.engine.begin() as connection:
                if self.dialect == "postgresql":
                    await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
                await connection.run_sync(_upgrade, revision)
        except (OSError, ConnectionError, TimeoutError) as exc:
            raise StoreError(f"the database at {self.safe_url} could not be reached ({type(exc).__name__}); "
                             "check DATABASE_URL and that the server is running") from None
        log.info("store ready at %s (revision %s)", self.safe_url, await self.revision())

    async def downgrade(self, revision: str) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(_downgrade, revision)

    async def revision(self) -> str | None:
        async with self.engine.connect() as connection:
            return await connection.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())

    async def close(self) -> None:
        await self.engine.dispose()


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)
