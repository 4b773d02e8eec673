"""Slash command listeners."""
from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .checkpost import register as register_checkpost


def register(app: AsyncApp) -> None:
    register_checkpost(app)
