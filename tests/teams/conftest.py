"""The real server on loopback, a fake Bot Connector beside it, and a guard against the internet.

The fake connector is an aiohttp app that records what the bot POSTs to
`/v3/conversations/{id}/activities[/{replyToId}]`, as Teams' connector service would receive it.

Every test that uses `server` or `secured_server` runs once per Teams SDK (`TEAMS_SDK=botbuilder`
and `TEAMS_SDK=agents`); an SDK that is not installed is skipped, so the suite also runs with
botbuilder uninstalled. `secured_server` takes its signing keys from `fake_openid.py`.
"""
from __future__ import annotations

import importlib.util
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from bot.server import build_app
from bot.settings import Settings

from .fake_openid import FakeChannelAuthority

BOT_ID = "28:checkpost-bot"
APP_ID = "00000000-0000-0000-0000-0000000000b0"
OUTGOING_TOKEN = "the-bots-own-token-from-entra"
SDKS = {"botbuilder": "botbuilder.integration.aiohttp", "agents": "microsoft_agents.hosting.aiohttp"}
USER = {"id": "29:user-sam", "name": "Sam Jones", "aadObjectId": "00000000-0000-0000-0000-0000000000a1"}
TENANT = "00000000-0000-0000-0000-00000000000t"


def _is_local(host: object) -> bool:
    if host in ("localhost", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Any attempt to resolve or reach a host off this machine fails the test loudly."""
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def guard(address):
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise AssertionError(f"a test tried to reach {address[0]}")

    def connect(self, address):
        guard(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host.decode() if isinstance(host, bytes) else host):
            raise AssertionError(f"a test tried to resolve {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@dataclass
class Posted:
    conversation_id: str
    reply_to_id: str | None
    body: dict
    authorization: str | None


@dataclass
class FakeConnector:
    url: str = ""
    posted: list[Posted] = field(default_factory=list)
    status: int = 200  # what the fake answers; set 4xx to play a connector that refuses

    def cards(self) -> list[dict]:
        return [a["content"] for p in self.posted for a in p.body.get("attachments") or []
                if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]


async def _start(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest_asyncio.fixture
async def connector():
    fake = FakeConnector()

    async def record(request: web.Request) -> web.Response:
        fake.posted.append(Posted(conversation_id=request.match_info["conversation_id"],
                                  reply_to_id=request.match_info.get("reply_to_id"),
                                  body=await request.json(),
                                  authorization=request.headers.get("Authorization")))
        if fake.status >= 400:
            return web.json_response({"error": {"code": "Forbidden", "message": "refused"}}, status=fake.status)
        return web.json_response({"id": f"sent-{len(fake.posted)}"})

    app = web.Application()
    app.router.add_post("/v3/conversations/{conversation_id}/activities", record)
    app.router.add_post("/v3/conversations/{conversation_id}/activities/{reply_to_id}", record)
    runner, fake.url = await _start(app)
    yield fake
    await runner.cleanup()


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"microsoft_app_id": None, "microsoft_app_password": None,
                              "microsoft_app_tenant_id": None, "microsoft_app_type": "MultiTenant",
                              "teams_openid_metadata_url": None,
                              "slack_bot_token": None, "slack_signing_secret": None, "slack_app_token": None}
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class Server:
    url: str
    session: aiohttp.ClientSession

    async def post(self, activity: Any = None, *, data: bytes | None = None,
                   headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """POST to /api/messages; returns the status and the JSON body (None when empty)."""
        kwargs: dict[str, Any] = {"headers": headers or {}}
        if data is not None:
            kwargs["data"] = data
        else:
            kwargs["json"] = activity
        async with self.session.post(self.url + "/api/messages", **kwargs) as response:
            text = await response.text()
            return response.status, (None if not text else await response.json(content_type=None))


def installed(sdk: str) -> bool:
    try:
        return importlib.util.find_spec(SDKS[sdk]) is not None
    except ModuleNotFoundError:
        return False


@pytest.fixture(params=list(SDKS))
def teams_sdk(request) -> str:
    """Each Teams SDK in turn; one that is not installed is skipped."""
    if not installed(request.param):
        pytest.skip(f"the {request.param} SDK is not installed")
    return request.param


@pytest.fixture(scope="session")
def channel_authority():
    """The Bot Framework's OpenID configuration and signing keys, served on loopback."""
    authority = FakeChannelAuthority().start()
    yield authority
    authority.stop()


@dataclass
class OutgoingToken:
    """The bot's own token, as Entra would issue it, and how often each SDK asked for it."""

    value: str = OUTGOING_TOKEN
    requests: int = 0


@pytest.fixture
def outgoing_token(teams_sdk, monkeypatch) -> OutgoingToken:
    """Each SDK's call to Entra for the bot's own token, answered here: tests never leave the machine."""
    issued = OutgoingToken()

    def issue(*args, **kwargs) -> str:
        issued.requests += 1
        return issued.value

    async def agents_token(self, *args, **kwargs) -> str:
        return issue()

    if teams_sdk == "agents":
        from microsoft_agents.authentication.msal import MsalAuth
        monkeypatch.setattr(MsalAuth, "get_access_token", agents_token)
    else:
        from botframework.connector.auth import MicrosoftAppCredentials
        monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", lambda self, *a, **k: issue())
    return issued


async def _server(coach, checker=None, **overrides: Any):
    runner, url = await _start(build_app(settings(**overrides), coach, checker=checker))
    session = aiohttp.ClientSession()
    return runner, Server(url, session)


@pytest_asyncio.fixture
async def server(coach, teams_sdk):
    runner, srv = await _server(coach, teams_sdk=teams_sdk)
    yield srv
    await srv.session.close()
    await runner.cleanup()


@pytest_asyncio.fixture
async def secured_server(coach, teams_sdk, channel_authority, outgoing_token):
    """The server as deployed: an app id and password set, so every request needs the channel's token."""
    runner, srv = await _server(coach, teams_sdk=teams_sdk, microsoft_app_id=APP_ID,
                                microsoft_app_password="not-a-real-secret",
                                teams_openid_metadata_url=channel_authority.metadata_url)
    yield srv
    await srv.session.close()
    await runner.cleanup()


def activity(connector_url: str, **fields: Any) -> dict:
    """A Teams Activity as the Bot Connector sends it; personal chat unless `conversation` is given."""
    base: dict[str, Any] = {
        "type": "message", "id": "1732500000001", "timestamp": "2026-11-25T06:00:00.000Z",
        "localTimestamp": "2026-11-25T06:00:00.000+00:00", "serviceUrl": connector_url, "channelId": "msteams",
        "from": USER, "recipient": {"id": BOT_ID, "name": "Checkpost"},
        "conversation": {"conversationType": "personal", "tenantId": TENANT, "id": "a:1personal-chat-with-sam"},
        "textFormat": "plain", "locale": "en-GB", "channelData": {"tenant": {"id": TENANT}},
    }
    base.update(fields)
    return base


def channel_mention(connector_url: str, text_after: str, **fields: Any) -> dict:
    """An @mention of the bot in a channel thread; the conversation id names the thread's root."""
    return activity(
        connector_url, id="1732500000777",
        conversation={"isGroup": True, "conversationType": "channel", "tenantId": TENANT,
                      "id": "19:general-abc@thread.tacv2;messageid=1732500000555"},
        text=f"<at>Checkpost</at> {text_after}",
        entities=[{"type": "mention", "text": "<at>Checkpost</at>", "mentioned": {"id": BOT_ID, "name": "Checkpost"}},
                  {"type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web"}],
        channelData={"teamsChannelId": "19:general-abc@thread.tacv2", "teamsTeamId": "19:team-xyz@thread.tacv2",
                     "channel": {"id": "19:general-abc@thread.tacv2"}, "team": {"id": "19:team-xyz@thread.tacv2"},
                     "tenant": {"id": TENANT}},
        **fields)


def invoke(connector_url: str, name: str, value: Any) -> dict:
    return activity(connector_url, type="invoke", name=name, value=value, id="f:invoke-1",
                    conversation={"conversationType": "personal", "tenantId": TENANT, "id": "a:1personal-chat-with-sam"})
