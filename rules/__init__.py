"""Checkpost's coaching engine: a spaCy rule pipeline that knows no chat platform.

    from rules import get_coach
    report = get_coach().check({"text": "...", "platform": "x"})
"""
from .engine import Coach, get_coach
from .models import CheckError, CheckRequest, Finding, LengthInfo, Report, parse_request

__all__ = ["Coach", "get_coach", "CheckError", "CheckRequest", "Finding", "LengthInfo", "Report",
           "parse_request"]
