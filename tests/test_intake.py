"""The one intake: options, limits, refusal wording, the team's context and the log line, for every surface."""
from __future__ import annotations

import logging

import pytest

from bot import wording as w
from bot.checking import CheckTimeout, InlineChecker
from bot.intake import Intake, Refused, Submission, chat_request, echoed_id
from bot.logs import log_id
from bot.team_context import SettingsContextSource, TeamContext, Where
from rules.policy import Policy


SLACK = Where("slack", team="T1", channel="C1", user="U1")
TEAMS = Where("teams", team="tenant", channel="a:1")


def request(text: str, where: Where = TEAMS, defaults: dict | None = None, **kwargs):
    return chat_request(Submission(text, where, "ref", **kwargs), defaults or {})


def test_leading_options_choose_the_platform_account_and_purdah():
    got = request("--platform bluesky --account councillor --pre-election Thanks for raising this")
    assert (got.platform, got.account, got.pre_election, got.text) == ("bluesky", "councillor", True,
                                                                      "Thanks for raising this")
    assert request("--platform=LinkedIn hello").platform == "linkedin"
    assert request("--platform x\nLine one\nLine two").text == "Line one\nLine two"


def test_options_in_any_order_on_every_surface():
    for where in (SLACK, TEAMS):
        got = request("--pre-election --platform bluesky Hello", where)
        assert (got.text, got.platform, got.pre_election) == ("Hello", "bluesky", True)


def test_no_options_means_the_defaults_and_the_whole_text():
    got = request("Thanks -- we'll --platform nothing")
    assert (got.platform, got.account, got.pre_election) == ("x", "council", False)
    assert got.text == "Thanks -- we'll --platform nothing"
    assert request("— signed, the comms team").text == "— signed, the comms team"


def test_typed_options_beat_chosen_ones_which_beat_the_teams_defaults():
    defaults = {"platform": "threads", "account": "councillor"}
    assert request("hi", defaults=defaults).platform == "threads"
    assert request("hi", defaults=defaults, chosen={"platform": "bluesky"}).platform == "bluesky"
    assert request("--platform x hi", defaults=defaults, chosen={"platform": "bluesky"}).platform == "x"
    assert request("hi", chosen={"pre_election": "true", "platform": ""}).pre_election is True
    assert request("--platform x hi", options=False).text == "--platform x hi"


@pytest.mark.parametrize("text, words", [("--platform myspace hi", "myspace.* isn't something --platform knows"),
                                         ("--account mayor hi", "Use one of council, councillor"),
                                         ("--platfrom x hi", "--platfrom"),
                                         ("--platform bluesky", w.EMPTY_DRAFT),
                                         ("a" * 40_001, w.TOO_LONG)])
def test_refusals_are_worded_for_people(text, words):
    with pytest.raises(Refused, match=words):
        request(text)


def test_a_bad_chosen_value_is_refused_in_the_same_words():
    with pytest.raises(Refused, match="^Sorry, I couldn't check that: unknown platform 'myspace'"):
        request("hi", chosen={"platform": "myspace"})


@pytest.mark.asyncio
async def test_the_default_source_gives_slack_channels_their_defaults():
    source = SettingsContextSource("C1=bluesky/councillor,*=threads")
    assert (await source.context_for(SLACK)).defaults == {"platform": "bluesky", "account": "councillor"}
    assert (await source.context_for(Where("slack", channel="C9"))).defaults == {"platform": "threads"}
    assert (await source.context_for(TEAMS)).defaults == {}


class OneTeam:
    """A context source as the store will be: a policy for one team."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    async def context_for(self, where: Where) -> TeamContext:
        return TeamContext(defaults={"platform": "bluesky"}, policy=self.policy)


class Recording:
    """A checker that records what it was asked, and can fail or run out of time."""

    deadline = 1.0

    def __init__(self, coach, fail: BaseException | None = None) -> None:
        self.inline = InlineChecker(coach)
        self.fail = fail
        self.calls: list = []

    async def check(self, request, policy):
        self.calls.append((request, policy))
        if self.fail is not None:
            raise self.fail
        return await self.inline.check(request)

    async def start(self):
        return None

    async def close(self):
        return None


@pytest.mark.asyncio
async def test_the_teams_policy_and_defaults_reach_the_checker(coach):
    policy = Policy(disabled_rules=frozenset({"tone.sarcasm"}))
    checker = Recording(coach)
    outcome = await Intake(checker, OneTeam(policy)).coach(Submission("Thanks for getting in touch", TEAMS, "r"))
    assert outcome.kind == "coached"
    (sent, given), = checker.calls
    assert given is policy and sent.platform == "bluesky"


@pytest.mark.asyncio
async def test_the_log_line_holds_ids_lengths_verdict_and_rules_never_the_draft(coach, caplog):
    draft = "Thanks for your expert opinion, Gary 🙄 secret-words-here"
    with caplog.at_level(logging.INFO, logger="checkpost"):
        outcome = await Intake(InlineChecker(coach)).coach(Submission(draft, SLACK, "T1/C1/1.2"))
    (line,) = [r.getMessage() for r in caplog.records if " check " in r.getMessage()]
    assert line.startswith("slack check ref=T1/C1/1.2 length=") and f"verdict={outcome.report.verdict}" in line
    assert "tone.sarcasm" in line and "secret-words" not in caplog.text and "Gary" not in caplog.text


@pytest.mark.parametrize("started, words", [(True, w.TOO_UNUSUAL), (False, w.BUSY)])
@pytest.mark.asyncio
async def test_a_check_past_its_deadline_gets_a_plain_answer_and_a_log_line(coach, caplog, started, words):
    intake = Intake(Recording(coach, CheckTimeout(started=started, deadline=1.0)))
    with caplog.at_level(logging.INFO, logger="checkpost"):
        outcome = await intake.coach(Submission("The draft\nwith a private word", SLACK, "id\nforged"))
    assert (outcome.kind, outcome.message) == ("timeout", words)
    assert "ref=id\\nforged length=29" in caplog.text and "private" not in caplog.text
    answer = await intake.check_json({"id": 7, "text": "hi"}, Where("api"))
    assert answer.status == 503 and set(answer.body) == {"id", "error"} and answer.body["id"] == 7


@pytest.mark.asyncio
async def test_a_failed_check_is_answered_once_in_the_one_wording(coach, caplog):
    intake = Intake(Recording(coach, RuntimeError("boom: the draft's words")))
    outcome = await intake.coach(Submission("hi there", SLACK, "r"))
    assert (outcome.kind, outcome.message) == ("failed", w.CHECK_FAILED)
    assert "RuntimeError" in caplog.text and "the draft's words" not in caplog.text
    answer = await intake.check_json({"id": "a", "text": "hi"}, Where("api"))
    assert answer.status == 500 and answer.body["id"] == "a"


def test_ids_are_logged_escaped_and_short():
    assert log_id("a\nb") == "a\\nb"
    assert len(log_id("x" * 900_000)) <= 65
    assert log_id(10 ** 4000).endswith("…") and len(log_id(10 ** 4000)) <= 65
    assert log_id(True) == "<bool>" and log_id(None) == "-"


@pytest.mark.parametrize("data, echoed", [({"id": "a"}, "a"), ({"id": 5}, 5), ({"id": True}, None),
                                          ({"id": float("nan")}, None), ({"id": 1.0}, None), ([], None)])
def test_only_a_string_or_a_whole_number_is_echoed(data, echoed):
    assert echoed_id(data) == echoed
