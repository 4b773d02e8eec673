"""Alembic's environment: run the migrations on the connection the store hands over.

The store (store/db.py) migrates on start-up, inside its own async engine, by passing a sync
connection in `config.attributes["connection"]`. Run from the command line
(`alembic -c store/alembic.ini upgrade head`), it connects to DATABASE_URL itself.
"""
from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


async def _online_from_url() -> None:
    from store.db import database_url

    engine = create_async_engine(database_url())
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = config.attributes.get("connection")
if context.is_offline_mode():
    from store.db import database_url

    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif connection is not None:
    _run(connection)
else:
    asyncio.run(_online_from_url())
