"""The Teams app package agrees with the bot: scopes, the checkDraft command, icons Teams accepts."""
from __future__ import annotations

import importlib.util
import json
import struct
import zipfile
from pathlib import Path

import pytest

from bot.teams.conversation import COMMAND_ID

APP = Path(__file__).resolve().parents[2] / "teams_app"
_spec = importlib.util.spec_from_file_location("checkpost_teams_package", APP / "package.py")
package = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(package)


def manifest() -> dict:
    return json.loads((APP / "manifest.json").read_text(encoding="utf-8"))


def png_size(path: Path) -> tuple[int, int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height, _depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def test_bot_has_personal_team_and_group_chat_scopes():
    (bot,) = manifest()["bots"]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}


def test_compose_extension_is_the_check_draft_action_the_bot_answers():
    (extension,) = manifest()["composeExtensions"]
    (command,) = extension["commands"]
    assert command["id"] == COMMAND_ID
    assert command["type"] == "action" and command["fetchTask"] is True
    assert set(command["context"]) == {"compose", "message"}
    assert len(command["title"]) <= 32 and len(command["description"]) <= 128


def test_text_fits_teams_limits():
    data = manifest()
    assert len(data["name"]["short"]) <= 30 and len(data["name"]["full"]) <= 100
    assert len(data["description"]["short"]) <= 80 and len(data["description"]["full"]) <= 4000


def test_icons_are_the_sizes_teams_requires():
    assert png_size(APP / "color.png") == (192, 192, 6)
    assert png_size(APP / "outline.png") == (32, 32, 6)


def test_package_writes_the_app_id_everywhere_and_icons_at_the_root(tmp_path):
    app_id = "11111111-2222-3333-4444-555555555555"
    out = package.build(app_id, tmp_path / "app.zip", version="1.0.1")
    with zipfile.ZipFile(out) as bundle:
        assert sorted(bundle.namelist()) == ["color.png", "manifest.json", "outline.png"]
        data = json.loads(bundle.read("manifest.json"))
    assert data["id"] == app_id and data["version"] == "1.0.1"
    assert data["bots"][0]["botId"] == app_id and data["composeExtensions"][0]["botId"] == app_id


def test_package_refuses_an_app_id_that_is_not_a_guid(tmp_path):
    with pytest.raises(ValueError):
        package.build("my-bot", tmp_path / "app.zip")
