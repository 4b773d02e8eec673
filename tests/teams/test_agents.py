"""The Agents SDK module on its own, and the choice between the two SDKs at start-up."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings

from .conftest import SDKS, activity, installed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def agents():
    pytest.importorskip("microsoft_agents.hosting.core")
    from bot.teams import agents
    return agents


@pytest.mark.parametrize("chosen", list(SDKS))
def test_only_the_chosen_sdk_is_imported(chosen):
    if not installed(chosen):
        pytest.skip(f"the {chosen} SDK is not installed")
    program = ("import sys; from bot.server import build_app; from bot.settings import Settings; "
               "build_app(Settings(_env_file=None), coach=object()); "
               "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in "
               "('botbuilder', 'botframework', 'microsoft_agents')}))")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MICROSOFT_APP", "SLACK_", "TEAMS_"))}
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env={**env, "TEAMS_SDK": chosen},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.strip().splitlines()[-1]
    assert loaded == ("['microsoft_agents']" if chosen == "agents" else "['botbuilder', 'botframework']")


def test_an_sdk_that_is_not_installed_stops_start_up_with_a_clear_reason(monkeypatch, coach):
    from bot.teams import gateway_for
    from bot.teams.conversation import TeamsCoach

    for name in [m for m in sys.modules if m == "bot.teams.agents" or m.startswith("microsoft_agents")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "microsoft_agents", None)  # as if it were not installed
    with pytest.raises(RuntimeError, match="TEAMS_SDK=agents but microsoft_agents[.a-z_]* is not installed"):
        gateway_for(Settings(_env_file=None, teams_sdk="agents"), TeamsCoach(coach))


def test_nulls_go_before_validation_but_free_form_values_are_kept_as_sent(agents):
    body = {"type": "message", "from": None, "locale": "", "entities": [None, {"type": "mention", "text": None}],
            "value": {"draft": None}, "channelData": {"tenant": None},
            "attachments": [{"contentType": "application/json", "content": {"x": None}}]}
    assert agents.without_nulls(body) == {"type": "message", "entities": [{"type": "mention"}],
                                          "value": {"draft": None}, "channelData": {"tenant": None},
                                          "attachments": [{"contentType": "application/json",
                                                           "content": {"x": None}}]}


def test_fields_the_sdk_does_not_model_are_kept(agents):
    parsed = agents.AgentsGateway.activity_from(activity("http://127.0.0.1:1", text="hi",
                                                         someFutureTeamsField={"a": 1}))
    assert parsed.model_extra["someFutureTeamsField"] == {"a": 1}
    assert parsed.conversation.id == "a:1personal-chat-with-sam" and parsed.from_property.name == "Sam Jones"


def test_the_conversion_tolerates_junk_entities_and_values(agents):
    parsed = agents.AgentsGateway.activity_from(activity(
        "http://127.0.0.1:1", text=None, value="x",
        entities=[{"type": "mention", "text": None, "mentioned": {"id": None}}, {"type": "clientInfo"}]))
    message = agents.incoming_message(parsed)
    assert message.text == "" and message.mentions[0].id is None and message.mentions[0].text is None
    action = agents.action_request(agents.AgentsGateway.activity_from(
        activity("http://127.0.0.1:1", type="invoke", value=["not", "a", "dict"])))
    assert action.command_id is None and action.data is None and action.message is None


@pytest.mark.parametrize("app_type, tenant, expected", [
    ("MultiTenant", None, ("ClientSecret", "botframework.com", "secret")),
    ("SingleTenant", "00000000-0000-0000-0000-0000000000c1", ("ClientSecret", "00000000-0000-0000-0000-0000000000c1",
                                                             "secret")),
    ("UserAssignedMSI", "00000000-0000-0000-0000-0000000000c1", ("UserManagedIdentity",
                                                                "00000000-0000-0000-0000-0000000000c1", None)),
])
def test_app_types_map_to_the_sdks_connection_settings(agents, app_type, tenant, expected):
    config = agents.auth_configuration(Settings(
        _env_file=None, microsoft_app_id="00000000-0000-0000-0000-0000000000b0", microsoft_app_type=app_type,
        microsoft_app_tenant_id=tenant, microsoft_app_password=None if app_type == "UserAssignedMSI" else "secret"))
    assert (config.AUTH_TYPE, config.TENANT_ID, config.CLIENT_SECRET) == expected
    assert config.CLIENT_ID == "00000000-0000-0000-0000-0000000000b0"


def test_no_app_id_means_no_credentials_and_an_unknown_app_type_is_refused(agents):
    assert agents.auth_configuration(Settings(_env_file=None, microsoft_app_id=None)) is None
    with pytest.raises(RuntimeError, match="not one of MultiTenant"):
        agents.auth_configuration(Settings(_env_file=None, microsoft_app_id="x", microsoft_app_password="y",
                                           microsoft_app_type="Federated"))


def test_the_sdks_turn_error_handler_is_replaced(agents, coach):
    from bot.teams.conversation import TeamsCoach

    gateway = agents.AgentsGateway(Settings(_env_file=None, microsoft_app_id=None), TeamsCoach(coach))
    assert gateway.adapter.on_turn_error == gateway.agent.on_turn_error
