"""Event listeners."""
from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .messages import register as register_messages


def register(app: AsyncApp) -> None:
    register_messages(app)
