"""Feedback on findings, and per-rule check counts to read it against.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(256), nullable=False),
        sa.Column("check_id", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(128), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("choice", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("draft", sa.Text(), nullable=True),
        sa.Column("context", sa.JSON(), nullable=True),
    )
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    op.create_index("ix_feedback_team_rule", "feedback", ["surface", "team", "rule"])
    op.create_table(
        "rule_checks",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("surface", sa.String(16), primary_key=True),
        sa.Column("team", sa.String(128), primary_key=True),
        sa.Column("rule", sa.String(128), primary_key=True),
        sa.Column("checks", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rule_checks")
    op.drop_index("ix_feedback_team_rule", table_name="feedback")
    op.drop_index("ix_feedback_created_at", table_name="feedback")
    op.drop_table("feedback")
