"""Checkpost's Teams behaviour without the Bot Framework: card submits, options, bad input."""
from __future__ import annotations

import pytest

from bot import wording as w
from bot.checking import InlineChecker
from bot.intake import Intake
from bot.teams.conversation import TeamsCoach
from bot.teams.turns import ActionRequest, HtmlBody, IncomingMessage, Mention


@pytest.fixture
def teams(coach) -> TeamsCoach:
    return TeamsCoach(Intake(InlineChecker(coach)))


def message(text: str = "", **fields) -> IncomingMessage:
    return IncomingMessage(activity_id="m1", conversation_id="a:1", conversation_type="personal", text=text,
                           bot_id="28:bot", **fields)


@pytest.mark.asyncio
async def test_a_draft_with_options_is_checked_for_that_platform(teams, coach):
    (reply,) = await teams.on_message(message("--platform bluesky --account councillor Thanks, fixed now."))
    expected = coach.check({"text": "Thanks, fixed now.", "platform": "bluesky", "account": "councillor"})
    assert reply.card is not None
    assert w.length_line(expected) in reply.text  # bluesky counts graphemes against 300
    assert "of 300" in reply.text


@pytest.mark.asyncio
async def test_a_mistyped_option_is_explained_not_coached(teams):
    (reply,) = await teams.on_message(message("--platform myspace Thanks"))
    assert reply.card is None and "myspace" in reply.text


@pytest.mark.asyncio
async def test_options_without_a_draft_say_there_is_nothing_to_check(teams):
    (reply,) = await teams.on_message(message("--platform bluesky"))
    assert reply.text == w.EMPTY_DRAFT


@pytest.mark.asyncio
async def test_a_draft_over_the_engines_limit_is_refused_politely(teams):
    (reply,) = await teams.on_message(message("a" * 40_001))
    assert reply.text == w.TOO_LONG and reply.card is None


@pytest.mark.asyncio
async def test_the_guide_cards_check_button_coaches_the_form(teams, coach):
    value = {"checkpost": "check", "draft": "Thanks for your expert opinion, Gary 🙄", "platform": "threads",
             "account": "council", "pre_election": "true"}
    (reply,) = await teams.on_message(message(value=value))
    expected = coach.check({"text": value["draft"], "platform": "threads", "pre_election": True})
    assert reply.card is not None and w.VERDICT_TITLE[expected.verdict] in reply.text


@pytest.mark.parametrize("value, answer", [
    ({"checkpost": "check"}, w.EMPTY_DRAFT),
    ({"checkpost": "check", "draft": "   "}, w.EMPTY_DRAFT),
    ({"checkpost": "check", "draft": 42}, w.EMPTY_DRAFT),
    ({"somebody": "else"}, w.UNKNOWN_CARD_SUBMIT),
])
@pytest.mark.asyncio
async def test_card_submits_with_missing_fields_get_a_polite_answer(teams, value, answer):
    (reply,) = await teams.on_message(message(value=value))
    assert reply.text == answer and reply.card is None


@pytest.mark.asyncio
async def test_card_submit_with_an_unknown_platform_names_it(teams):
    (reply,) = await teams.on_message(message(value={"checkpost": "check", "draft": "hi there all", "platform": "myspace"}))
    assert "myspace" in reply.text and reply.card is None


@pytest.mark.asyncio
async def test_an_html_copy_is_used_when_text_is_empty(teams, coach):
    (reply,) = await teams.on_message(message("", html_attachments=["<p><at>Checkpost</at> Sorted, thanks!</p>"],
                                        mentions=[Mention(id="28:bot", text="<at>Checkpost</at>")]))
    assert reply.card is not None
    assert w.length_line(coach.check({"text": "Sorted, thanks!"})) in reply.text


@pytest.mark.asyncio
async def test_fetch_task_from_a_message_without_text_is_polite(teams):
    answer = await teams.on_fetch_task(ActionRequest(command_id="checkDraft", command_context="message",
                                               message=HtmlBody(content="<img src='x'>", content_type="html")))
    assert answer.status == 200 and answer.body["composeExtension"]["text"] == w.NO_TEXT


@pytest.mark.asyncio
async def test_submit_action_with_an_unknown_platform_returns_the_form_with_the_reason(teams):
    answer = await teams.on_submit_action(ActionRequest(command_id="checkDraft", command_context="compose",
                                                  data={"draft": "Hello all", "platform": "myspace"}))
    card = answer.body["task"]["value"]["card"]["content"]
    assert "myspace" in card["body"][1]["text"]
    assert next(i for i in card["body"] if i.get("id") == "draft")["value"] == "Hello all"


@pytest.mark.parametrize("data", [None, "a string", [], {"checkpost": "insert"}, {"checkpost": "insert", "text": ""}])
@pytest.mark.asyncio
async def test_submit_action_with_junk_data_is_polite(teams, data):
    answer = await teams.on_submit_action(ActionRequest(command_id="checkDraft", command_context="compose", data=data))
    assert answer.status == 200
    assert "task" in answer.body or answer.body["composeExtension"]["type"] == "message"


@pytest.mark.asyncio
async def test_an_unknown_command_is_refused_politely(teams):
    answer = await teams.on_submit_action(ActionRequest(command_id="somethingElse", data={"draft": "x"}))
    assert answer.status == 200 and answer.body["composeExtension"]["text"] == w.UNKNOWN_ACTION


@pytest.mark.asyncio
async def test_check_again_reopens_the_form(teams):
    answer = await teams.on_submit_action(ActionRequest(command_id="checkDraft", data={"checkpost": "again"}))
    card = answer.body["task"]["value"]["card"]["content"]
    assert any(item.get("id") == "draft" for item in card["body"])
