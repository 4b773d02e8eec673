"""Slack's settings, App Home and feedback listeners, registered when the store is on."""
from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from ..team_store import TeamStore
from . import feedback, team_settings
from .admins import SlackAdmins


def register(app: AsyncApp, store: TeamStore) -> None:
    """Call before the draft listeners, so `/checkpost settings` opens the form rather than
    being coached as a one-word draft."""
    admins = SlackAdmins(store.settings.admins)
    team_settings.register(app, team_settings.SlackSettings(store, admins))
    feedback.register(app, feedback.SlackFeedback(store, admins))
