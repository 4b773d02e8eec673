"""Checkpost's store: team settings, their audit log, feedback and handled Slack events.

SQLAlchemy 2 (async) with Alembic migrations; SQLite in the working directory by default,
PostgreSQL when DATABASE_URL names it. The engine (`rules/`) never reads it: the bot turns a
team's settings into a `Policy` and hands that to each check.
"""
from .db import DEFAULT_URL, Database, StoreError, database_url

__all__ = ["Database", "DEFAULT_URL", "StoreError", "database_url"]
