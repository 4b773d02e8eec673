"""What every HTTP path shares: the one error body and reading JSON that may be hostile.

Every refusal, on every path, is `{"id", "error"}` with a 4xx (REPORT.md), so a caller needs one
error path whatever went wrong.
"""
from __future__ import annotations

import json

from aiohttp import web


def refuse(error: str, status: int, ident: object = None) -> web.Response:
    return web.json_response({"id": ident, "error": error}, status=status)


def read_json(raw: bytes) -> object:
    """JSON from a body, or ValueError with a message fit for the caller.

    `json.loads` raises more than JSONDecodeError: ValueError for an integer of more than 4,300
    digits (CPython's limit on int conversion) and RecursionError for deeply nested arrays.
    """
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("the body is not valid UTF-8") from None
    except RecursionError:
        raise ValueError("the body is not valid JSON: nested too deeply") from None
    except json.JSONDecodeError:
        raise ValueError("the body is not valid JSON") from None
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise ValueError("the body is not valid JSON: a number in it is too long") from None
