"""Checkpost's store: team settings, their audit log, feedback and handled Slack events.

SQLAlchemy 2 (async) with Alembic migrations; SQLite in the working directory by default,
PostgreSQL when DATABASE_URL names it. The engine (`rules/`) never reads it: the bot turns a
team's settings into a `Policy` and hands that to each check.

Import the modules themselves (`store.db`, `store.settings`, ...): this package imports nothing,
so `python app.py check` (which only names the feedback commands) never loads SQLAlchemy or
Alembic and keeps its cold start.
"""
