from __future__ import annotations

import pytest
from sqlalchemy import inspect

from store.db import Database, head_revision

pytestmark = pytest.mark.asyncio
ALL_TABLES = {"team_settings", "settings_versions", "settings_audit", "handled_events", "feedback", "rule_checks",
              "alembic_version"}


async def tables(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


async def test_migrates_from_empty_to_head(empty_db):
    assert await tables(empty_db) == set()
    await empty_db.migrate()
    assert await empty_db.revision() == head_revision()
    assert await tables(empty_db) == ALL_TABLES
    await empty_db.migrate()  # a second start changes nothing
    assert await empty_db.revision() == head_revision()


async def test_one_step_down_and_back_up_keeps_settings(db):
    from store.team_settings import PlaceSettings, load_team, save_place

    await save_place(db, "slack", "T1", None, PlaceSettings(disabled_rules=["tone.sarcasm"]), "U1")
    await db.downgrade("-1")
    assert await db.revision() == "0001"
    assert "feedback" not in await tables(db) and "rule_checks" not in await tables(db)
    assert "team_settings" in await tables(db)
    await db.migrate()
    assert await tables(db) == ALL_TABLES
    assert (await load_team(db, "slack", "T1")).team_wide.disabled_rules == ["tone.sarcasm"]


async def test_all_the_way_down_leaves_nothing_but_alembic(db):
    await db.downgrade("base")
    assert await tables(db) <= {"alembic_version"}


async def test_first_start_creates_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = Database()
    try:
        await db.migrate()
        assert (tmp_path / "checkpost.db").exists()
        assert await db.revision() == head_revision()
    finally:
        await db.close()
