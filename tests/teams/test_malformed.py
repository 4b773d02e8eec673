"""Malformed Activities from a local sender: each gets a 4xx or a polite answer, never a 500."""
from __future__ import annotations

import pytest

from .conftest import activity, invoke

pytestmark = pytest.mark.asyncio


def variants(url: str) -> list[dict]:
    good = activity(url, text="Thanks for waiting")
    return [
        {**good, "type": 5},
        {**good, "type": ""},
        {**good, "conversation": "a:1"},
        {**good, "conversation": {}},
        {**good, "conversation": None},
        {**good, "text": {"nested": True}},
        {**good, "text": 12345},
        {**good, "entities": "mention"},
        {**good, "entities": [{"type": "mention", "mentioned": None, "text": None}]},
        {**good, "attachments": [{"contentType": None}]},
        {**good, "attachments": "file"},
        {**good, "from": None, "recipient": None},
        {**good, "value": ["not", "a", "form"], "text": ""},
        {**good, "type": "conversationUpdate", "membersAdded": "everyone"},
        {**good, "type": "conversationUpdate", "membersAdded": [{}], "recipient": None},
        {**good, "type": "messageReaction", "reactionsAdded": [{"type": "like"}]},
        {**good, "type": "typing"},
        {**good, "type": "installationUpdate", "action": "add"},
        invoke(url, "composeExtension/fetchTask", "not a dict"),
        invoke(url, "composeExtension/submitAction", {"commandId": 7, "data": [1, 2]}),
        invoke(url, "composeExtension/submitAction", {"commandId": "checkDraft", "messagePayload": "x",
                                                      "commandContext": "message"}),
        invoke(url, "composeExtension/submitAction", {"commandId": "checkDraft", "commandContext": "message",
                                                      "messagePayload": {"body": {"content": None}}}),
        invoke(url, "composeExtension/submitAction", {"commandId": "checkDraft",
                                                      "data": {"draft": "hello", "platform": ["x"]}}),
        invoke(url, "task/fetch", {}),
        invoke(url, "adaptiveCard/action", {"action": {"type": "Action.Execute"}}),
        {**invoke(url, "", None), "name": None},
    ]


async def test_no_malformed_activity_gets_a_server_error(server, connector):
    for number, body in enumerate(variants(connector.url)):
        status, answer = await server.post(body)
        assert status < 500, (number, status, answer)
