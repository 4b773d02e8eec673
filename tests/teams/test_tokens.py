"""Signed channel tokens on both SDKs: the channel's own is served; each kind of forgery is a 401.

The keys and the OpenID configuration come from `fake_openid.py` on loopback. Each refused token
differs from the accepted one in one thing only, and the log names that thing: so a refusal cannot
pass for the wrong reason (a key fetch that failed, say), and nothing reaches the connector.
"""
from __future__ import annotations

import logging
import time

import pytest

from bot import wording as w
from bot.settings import Settings
from bot.teams import gateway_for
from bot.teams.conversation import TeamsCoach

from .conftest import APP_ID, OUTGOING_TOKEN, activity, invoke

pytestmark = pytest.mark.asyncio
DRAFT = "Thanks for your expert opinion, Gary 🙄"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_channels_token_is_served_and_the_reply_carries_the_bots_own(secured_server, connector,
                                                                                 channel_authority, outgoing_token):
    token = channel_authority.token(APP_ID, connector.url)
    status, _ = await secured_server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
    assert status == 200
    (sent,) = connector.posted
    assert sent.body["attachments"] and sent.authorization == f"Bearer {OUTGOING_TOKEN}"
    assert outgoing_token.requests >= 1
    status, body = await secured_server.post(invoke(connector.url, "composeExtension/fetchTask",
                                                    {"commandId": "checkDraft", "commandContext": "compose"}),
                                             headers=bearer(token))
    assert status == 200 and body["task"]["type"] == "continue"


async def test_a_token_within_five_minutes_of_its_times_is_still_served(secured_server, connector,
                                                                        channel_authority):
    """Clock skew as botbuilder allows it: just expired, or valid from a moment from now."""
    now = int(time.time())
    for token in (channel_authority.token(APP_ID, connector.url, exp=now - 120, nbf=now - 3600),
                  channel_authority.token(APP_ID, connector.url, nbf=now + 120)):
        status, _ = await secured_server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
        assert status == 200
    assert len(connector.posted) == 2


FORGERIES = {
    # name: (how the token differs from the channel's, the reason logged)
    "serviceurl for another host": (dict(serviceurl="https://smba.evil.example/uk/"), "serviceurl does not match"),
    "serviceurl claim missing": (dict(omit=("serviceurl",)), "serviceurl missing"),
    "audience another bot": (dict(aud="11111111-1111-1111-1111-111111111111"), "wrong audience"),
    "issuer not the channel": (dict(iss="https://login.evil.example/"), "wrong issuer"),
    "expired an hour ago": (dict(exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200), "expired"),
    "valid only from tomorrow": (dict(nbf=int(time.time()) + 86400), "not yet valid"),
    "signed by an unknown key": (dict(kid="stranger-key"), "unknown signing key"),
    "signed by another key under a known id": (dict(signed_by="stranger-key"), "bad signature"),
    "key endorsed for Web Chat only": (dict(kid="webchat-key"), "key not endorsed for the channel"),
    "shared-secret algorithm": (dict(algorithm="HS256"), "unexpected signing algorithm"),
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
async def test_each_forged_token_is_refused_for_its_own_reason(secured_server, connector, channel_authority,
                                                               outgoing_token, caplog, forgery):
    change, reason = FORGERIES[forgery]
    change = dict(change)
    token = channel_authority.token(APP_ID, connector.url, **change)
    with caplog.at_level(logging.WARNING, logger="checkpost.teams"):
        status, body = await secured_server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
        invoke_status, _ = await secured_server.post(
            invoke(connector.url, "composeExtension/submitAction", {"commandId": "checkDraft",
                                                                    "data": {"checkpost": "check", "draft": DRAFT}}),
            headers=bearer(token))
    assert (status, invoke_status) == (401, 401)
    assert body["error"] == "a valid Bot Framework token is required"
    assert connector.posted == [] and outgoing_token.requests == 0  # nothing sent, not even a call to Entra
    refusals = [r.getMessage() for r in caplog.records if "teams unauthorised" in r.getMessage()]
    assert len(refusals) == 2 and all(m.endswith(f"reason={reason}") for m in refusals), refusals
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in logged and "expert opinion" not in logged


async def test_a_token_for_one_serviceurl_cannot_redirect_replies_to_another(secured_server, connector,
                                                                            channel_authority):
    """The token names the channel's connector; an Activity naming any other is refused, however signed."""
    token = channel_authority.token(APP_ID, "https://smba.trafficmanager.net/uk/")
    status, _ = await secured_server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
    assert status == 401 and connector.posted == []


@pytest.mark.parametrize("header", ["", "Bearer", "Basic dXNlcjpwYXNz", "Bearer not-a-jwt", "Bearer a.b.c"])
async def test_no_token_or_no_jwt_is_401(secured_server, connector, header):
    status, _ = await secured_server.post(activity(connector.url, text=DRAFT),
                                          headers={"Authorization": header} if header else {})
    assert status == 401 and connector.posted == []


async def test_without_an_app_id_a_token_is_ignored_and_only_loopback_is_served(server, connector,
                                                                               channel_authority):
    token = channel_authority.token(APP_ID, "https://smba.trafficmanager.net/uk/")
    status, _ = await server.post(activity("https://smba.trafficmanager.net/uk/", text=DRAFT), headers=bearer(token))
    assert status == 403 and connector.posted == []
    status, _ = await server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
    assert status == 200 and connector.posted[0].authorization is None


@pytest.mark.parametrize("app_type, extra, missing", [
    ("SingleTenant", {"microsoft_app_password": "x"}, "TENANT"),
    ("UserAssignedMSI", {}, "TENANT"),
])
async def test_incomplete_settings_stop_start_up_on_either_sdk(coach, teams_sdk, app_type, extra, missing):
    settings = Settings(_env_file=None, teams_sdk=teams_sdk, microsoft_app_id=APP_ID, microsoft_app_type=app_type,
                        microsoft_app_tenant_id=None, **extra)
    with pytest.raises(RuntimeError, match=missing):
        gateway_for(settings, TeamsCoach(coach))


async def test_the_polite_failure_reaches_the_person_when_the_turn_fails_after_a_good_token(
        secured_server, connector, channel_authority, monkeypatch, caplog):
    def explode(self, *args):
        raise RuntimeError(f"the draft would be in here: {DRAFT}")

    monkeypatch.setattr(TeamsCoach, "on_message", explode)
    with caplog.at_level(logging.DEBUG):
        status, _ = await secured_server.post(activity(connector.url, text=DRAFT),
                                              headers=bearer(channel_authority.token(APP_ID, connector.url)))
    assert status == 200 and [p.body.get("text") for p in connector.posted] == [w.CHECK_FAILED]
    assert not any("expert opinion" in r.getMessage() for r in caplog.records)


async def test_when_entra_will_not_give_the_bot_its_token_the_person_still_hears_back(
        secured_server, connector, channel_authority, teams_sdk, monkeypatch, caplog):
    """The Agents SDK asks for the bot's own token before the turn starts; a failure there is no 500."""
    if teams_sdk != "agents":
        pytest.skip("botbuilder asks for the token only when it sends, inside the turn (tested above)")
    from microsoft_agents.authentication.msal import MsalAuth

    async def refuse(self, *args, **kwargs):
        raise ValueError(f"AADSTS7000215: invalid client secret for {DRAFT}")

    monkeypatch.setattr(MsalAuth, "get_access_token", refuse)
    token = channel_authority.token(APP_ID, connector.url)
    with caplog.at_level(logging.DEBUG):
        status, body = await secured_server.post(invoke(connector.url, "composeExtension/submitAction", {
            "commandId": "checkDraft", "data": {"checkpost": "check", "draft": DRAFT}}), headers=bearer(token))
        assert status == 200 and body["composeExtension"]["text"] == w.CHECK_FAILED
        status, body = await secured_server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
        assert status == 502 and "error" in body
    assert connector.posted == []
    assert any("teams turn could not run" in r.getMessage() and "error=ValueError" in r.getMessage()
               for r in caplog.records)
    assert not any("expert opinion" in r.getMessage() or "AADSTS" in r.getMessage() for r in caplog.records)


async def test_made_up_key_ids_do_not_make_the_bot_hammer_the_key_endpoint(secured_server, connector,
                                                                          channel_authority):
    before = channel_authority.requests
    for n in range(5):
        token = channel_authority.token(APP_ID, connector.url, kid=f"made-up-{n}", signed_by="stranger-key")
        status, _ = await secured_server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
        assert status == 401
    status, _ = await secured_server.post(activity(connector.url, text=DRAFT),
                                          headers=bearer(channel_authority.token(APP_ID, connector.url)))
    assert status == 200
    # At most one read of the configuration and the keys (none when botbuilder's cache already has them).
    assert channel_authority.requests - before <= 2


async def test_the_agents_path_also_requires_an_expiry(secured_server, connector, channel_authority, teams_sdk,
                                                       caplog):
    """Stricter than botbuilder, which took a token with no `exp` as valid for ever."""
    if teams_sdk != "agents":
        pytest.skip("botbuilder 4.17 accepts a token without exp")
    token = channel_authority.token(APP_ID, connector.url, omit=("exp",))
    with caplog.at_level(logging.WARNING, logger="checkpost.teams"):
        status, _ = await secured_server.post(activity(connector.url, text=DRAFT), headers=bearer(token))
    assert status == 401 and connector.posted == []
    assert any(r.getMessage().endswith("reason=exp missing") for r in caplog.records)


async def test_when_the_signing_keys_cannot_be_read_every_token_is_refused(coach, connector, channel_authority,
                                                                          teams_sdk, outgoing_token, caplog):
    from .conftest import _server

    runner, srv = await _server(coach, teams_sdk=teams_sdk, microsoft_app_id=APP_ID,
                                microsoft_app_password="not-a-real-secret",
                                teams_openid_metadata_url="http://127.0.0.1:9/v1/.well-known/openidconfiguration")
    try:
        with caplog.at_level(logging.WARNING, logger="checkpost.teams"):
            status, _ = await srv.post(activity(connector.url, text=DRAFT),
                                       headers=bearer(channel_authority.token(APP_ID, connector.url)))
    finally:
        await srv.session.close()
        await runner.cleanup()
    assert status == 401 and connector.posted == []
    refusals = [r.getMessage() for r in caplog.records if "teams unauthorised" in r.getMessage()]
    assert refusals
    if teams_sdk == "agents":
        assert refusals[0].endswith("reason=signing keys unavailable")
