"""Keep drafts out of the logs, including the lines Bolt itself writes.

Bolt logs the whole request body, draft and all, at INFO when a signature check fails. The
filter keeps the fact and drops the body. (slack_sdk logs bodies only at DEBUG: never run
production at DEBUG.)
"""
from __future__ import annotations

import logging

BOLT_LOGGERS_WITH_BODIES = ("slack_bolt.RequestVerification", "slack_bolt.AsyncRequestVerification")


class WithholdBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "body:" in message:
            record.msg = message.split("(", 1)[0].strip() + " (request body withheld)"
            record.args = ()
        return True


_FILTER = WithholdBodies()


def install() -> None:
    for name in BOLT_LOGGERS_WITH_BODIES:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
