"""Checkpost in Microsoft Teams: personal chat, channel @mentions and the `checkDraft` compose action.

    framework.py     the only module that imports botbuilder (auth, adapter, TeamsActivityHandler)
    agents.py        the same seam on the Microsoft 365 Agents SDK (TEAMS_SDK=agents)
    channel_tokens.py  the Agents path's check of the channel's token (botbuilder's rules, kept)
    turns.py         the plain models between the SDK modules and the rest
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
from .turns import Behaviour, Gateway

log = logging.getLogger("checkpost.teams")
SDK_PACKAGES = {"botbuilder": "botbuilder-core and botbuilder-integration-aiohttp",
                "agents": "microsoft-agents-hosting-aiohttp and microsoft-agents-authentication-msal"}


def gateway_for(settings: Settings, behaviour: Behaviour) -> Gateway:
    """The chosen SDK's gateway; the other SDK is never imported, so it need not be installed."""
    try:
        if settings.teams_sdk == "agents":
            from .agents import AgentsGateway as chosen
        else:
            from .framework import BotFrameworkGateway as chosen
    except ImportError as exc:
        raise RuntimeError(f"TEAMS_SDK={settings.teams_sdk} but {exc.name or 'its SDK'} is not installed: "
                           f"install {SDK_PACKAGES[settings.teams_sdk]} (requirements.txt pins them), "
                           "or choose the other SDK with TEAMS_SDK") from None
    return chosen(settings, behaviour)


def mount(app: web.Application, settings: Settings, intake: Intake, team_store: TeamStore | None = None) -> None:
    """Add `POST /api/messages` to the one aiohttp application."""
    features = TeamsFeatures(team_store) if team_store is not None else None
    gateway = gateway_for(settings, TeamsCoach(intake, features))
    app[GATEWAY] = gateway
    app.router.add_post("/api/messages", messages)
    if gateway.authenticated:
        log.info("Teams enabled at /api/messages for app id %s (%s) on the %s SDK", settings.microsoft_app_id,
                 settings.microsoft_app_type, settings.teams_sdk)
    else:
        log.warning("Teams runs UNAUTHENTICATED: MICROSOFT_APP_ID is not set, so /api/messages accepts only "
                    "activities sent from this machine with a serviceUrl on this machine (the Bot Framework Emulator). "
                    "Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to connect to Teams. (TEAMS_SDK=%s)",
                    settings.teams_sdk)


__all__ = ["gateway_for", "mount"]
