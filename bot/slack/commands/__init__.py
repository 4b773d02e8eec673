"""Slash command listeners."""
from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from ..coaching import SlackBot
from .checkpost import register as register_checkpost


def register(app: AsyncApp, bot: SlackBot) -> None:
    register_checkpost(app, bot)
