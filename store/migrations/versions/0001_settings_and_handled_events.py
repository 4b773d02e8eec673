"""Team settings, their version and audit log, and the handled Slack events.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_settings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(256), nullable=False),
        sa.Column("platform", sa.String(16), nullable=True),
        sa.Column("account", sa.String(16), nullable=True),
        sa.Column("pre_election_start", sa.Date(), nullable=True),
        sa.Column("pre_election_end", sa.Date(), nullable=True),
        sa.Column("disabled_rules", sa.JSON(), nullable=False),
        sa.Column("allowed_phrases", sa.JSON(), nullable=False),
        sa.Column("own_phrases", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.UniqueConstraint("surface", "team", "channel", name="uq_team_settings_place"),
    )
    op.create_table(
        "settings_versions",
        sa.Column("surface", sa.String(16), primary_key=True),
        sa.Column("team", sa.String(128), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "settings_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(256), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
    )
    op.create_index("ix_settings_audit_team_at", "settings_audit", ["surface", "team", "at"])
    op.create_table(
        "handled_events",
        sa.Column("key", sa.String(256), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_handled_events_expires_at", "handled_events", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_handled_events_expires_at", table_name="handled_events")
    op.drop_table("handled_events")
    op.drop_index("ix_settings_audit_team_at", table_name="settings_audit")
    op.drop_table("settings_audit")
    op.drop_table("settings_versions")
    op.drop_table("team_settings")
