"""Sending the coaching back: in a thread, as a reaction, or privately through a response_url.

Every call retries rate limits (after `Retry-After`) and server errors with slack_sdk's own
handlers. Bolt's `respond()` builds a webhook client without those handlers, so private answers
go to the same `response_url` through an `AsyncWebhookClient` that has them.
"""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

log = logging.getLogger("checkpost.slack")


def retry_handlers() -> list[AsyncRetryHandler]:
    return [AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2)]


async def post_in_thread(client: AsyncWebClient, channel: str, thread_ts: str, text: str,
                         blocks: list[dict]) -> None:
    await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
                                  unfurl_links=False, unfurl_media=False)


async def add_reaction(client: AsyncWebClient, channel: str, ts: str, name: str) -> None:
    try:
        await client.reactions_add(channel=channel, timestamp=ts, name=name)
    except SlackApiError as exc:
        if exc.response.get("error") != "already_reacted":
            raise


async def respond_privately(response_url: str, text: str, blocks: list[dict]) -> None:
    """An ephemeral answer to the person who asked, as bolt's `respond(response_type="ephemeral")`."""
    webhook = AsyncWebhookClient(url=response_url, retry_handlers=retry_handlers())
    response = await webhook.send_dict({"response_type": "ephemeral", "text": text, "blocks": blocks,
                                        "replace_original": False})
    if response.status_code != 200:
        raise RuntimeError(f"response_url answered {response.status_code}")
