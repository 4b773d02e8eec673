"""The manifests create the app as the code stands: same command, shortcut, events, and only the
scopes the code uses."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.slack.commands.checkpost import COMMAND
from bot.slack.shortcuts.check_post import CALLBACK_ID

ROOT = Path(__file__).resolve().parents[2]
SCOPES = {"app_mentions:read", "channels:history", "groups:history", "im:history", "chat:write", "commands",
          "reactions:write", "users:read"}
EVENTS = {"app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"}


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["manifest.yml", "manifest.socket.yml"])
def test_manifest_matches_the_code(name):
    manifest = load(name)
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    [shortcut] = manifest["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", CALLBACK_ID)
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == EVENTS
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False
    assert len(manifest["display_information"]["long_description"]) >= 175


def test_http_manifest_points_every_url_at_slack_events():
    manifest = load("manifest.yml")
    urls = [manifest["features"]["slash_commands"][0]["url"], manifest["settings"]["interactivity"]["request_url"],
            manifest["settings"]["event_subscriptions"]["request_url"]]
    assert all(url.startswith("https://") and url.endswith("/slack/events") for url in urls)
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_socket_manifest_has_no_urls():
    manifest = load("manifest.socket.yml")
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "url" not in manifest["features"]["slash_commands"][0]
    assert "request_url" not in manifest["settings"]["interactivity"]
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
