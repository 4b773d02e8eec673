"""Who may change a Slack workspace's settings: its admins and owners, and CHECKPOST_ADMINS.

Slack says who is an admin or owner in `users.info` (scope `users:read`); the answer is kept for
a minute, so opening and then submitting the settings form asks Slack once.
"""
from __future__ import annotations

import logging
import time

from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("checkpost.slack")
CACHE_SECONDS = 60.0


class SlackAdmins:
    def __init__(self, listed: frozenset[str]) -> None:
        self.listed = listed
        self._cache: dict[tuple[str | None, str], tuple[bool, float]] = {}

    async def allowed(self, client: AsyncWebClient, team: str | None, user: str | None) -> bool:
        if not user:
            return False
        if user in self.listed:
            return True
        key = (team, user)
        cached = self._cache.get(key)
        if cached and time.monotonic() - cached[1] < CACHE_SECONDS:
            return cached[0]
        try:
            response = await client.users_info(user=user)
            info = response.get("user") or {}
            allowed = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
        except Exception as exc:  # no answer from Slack is no permission, never a guess
            log.warning("slack users.info failed user=%s error=%s", user, type(exc).__name__)
            return False
        self._cache[key] = (allowed, time.monotonic())
        return allowed
