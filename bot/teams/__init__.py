"""Checkpost in Microsoft Teams: personal chat, channel @mentions and the `checkDraft` compose action.

    framework.py     the only module that imports botbuilder (auth, adapter, TeamsActivityHandler)
    turns.py         the plain models between it and the rest
    conversation.py  what Checkpost does with each message and action
    cards.py         the Adaptive Cards (schema 1.5) and the draft form, as plain dicts
    drafts.py        getting the draft out of mentions and HTML (options are the intake's)
    endpoint.py      POST /api/messages
"""
from __future__ import annotations

import logging

from aiohttp import web

from ..intake import Intake
from ..settings import Settings
from ..team_store import TeamStore
from .conversation import TeamsCoach
from .team_features import TeamsFeatures
from .endpoint import GATEWAY, messages
from .framework import BotFrameworkGateway

log = logging.getLogger("checkpost.teams")


def mount(app: web.Application, settings: Settings, intake: Intake, team_store: TeamStore | None = None) -> None:
    """Add `POST /api/messages` to the one aiohttp application."""
    features = TeamsFeatures(team_store) if team_store is not None else None
    gateway = BotFrameworkGateway(settings, TeamsCoach(intake, features))
    app[GATEWAY] = gateway
    app.router.add_post("/api/messages", messages)
    if gateway.authenticated:
        log.info("Teams enabled at /api/messages for app id %s (%s)", settings.microsoft_app_id,
                 settings.microsoft_app_type)
    else:
        log.warning("Teams runs UNAUTHENTICATED: MICROSOFT_APP_ID is not set, so /api/messages accepts only "
                    "activities sent from this machine with a serviceUrl on this machine (the Bot Framework Emulator). "
                    "Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to connect to Teams.")


__all__ = ["mount"]
