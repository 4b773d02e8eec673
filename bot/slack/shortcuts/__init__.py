"""Shortcut listeners."""
from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .check_post import register as register_check_post


def register(app: AsyncApp) -> None:
    register_check_post(app)
