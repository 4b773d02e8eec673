"""Ids in log lines: a client's id, a platform's reference, an Activity's id or type.

They come from outside, so one line each, escaped (no newline in one can forge another line) and
cut short (a 900 KB id must not write a 900 KB line).
"""
from __future__ import annotations

LOGGED_ID_LENGTH = 64


def log_id(value: object) -> str:
    """An id fit for one log line: escaped (no newline can forge another line) and cut short."""
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"<{type(value).__name__}>"
    text = ascii(value)[1:-1] if isinstance(value, str) else str(value)
    return text if len(text) <= LOGGED_ID_LENGTH else text[:LOGGED_ID_LENGTH] + "…"
