from __future__ import annotations

import pytest

from bot.options import OptionsError, parse_options


@pytest.mark.parametrize("text, draft, context", [
    ("--platform bluesky --account councillor Thanks\nfor this", "Thanks\nfor this",
     {"platform": "bluesky", "account": "councillor"}),
    ("--platform=threads hi", "hi", {"platform": "threads"}),
    ("—platform linkedin hi", "hi", {"platform": "linkedin"}),  # a phone's em dash
    ("— Thanks, Gary", "— Thanks, Gary", {}),  # prose that opens with a dash
    ("--pre-election hi --platform x", "hi --platform x", {"pre_election": True}),
    ("-- --platform is how you choose", "--platform is how you choose", {}),
    ("Plain draft", "Plain draft", {}),
    ("--PLATFORM X hi", "hi", {"platform": "x"}),
])
def test_leading_options(text, draft, context):
    parsed = parse_options(text)
    assert parsed.text == draft and parsed.context == context


@pytest.mark.parametrize("text, words", [
    ("--colour red hi", "I don't know the option --colour"),
    ("--platform", "needs a value"),
    ("--platform --account council hi", "needs a value"),
    ("--platform tiktok hi", "isn't something --platform knows"),
    ("--account mayor hi", "Use one of council, councillor"),
])
def test_bad_options_explain_themselves(text, words):
    with pytest.raises(OptionsError, match=words):
        parse_options(text)


@pytest.mark.parametrize("text", [
    "--pre-election --platform bluesky Hello",
    "--platform bluesky --pre-election Hello",
    "--purdah --platform=bluesky Hello",
    "—pre-election —platform bluesky Hello",
    "--pre-election\n--platform bluesky\nHello",
])
def test_options_in_any_order(text):
    parsed = parse_options(text)
    assert parsed.text == "Hello"
    assert parsed.context == {"pre_election": True, "platform": "bluesky"}
