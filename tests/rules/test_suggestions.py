"""The suggested version: safe edits applied, personal details gone, and a fit for the platform."""
from __future__ import annotations

import re

import pytest

from rules.length import LIMITS, measure


def test_dm_reply_keeps_the_greeting_and_drops_every_detail(check):
    report = check("Hi Mrs Patel, we tried calling you on 07700 900412 about account 40012345 at 3 Mill Road.",
                   in_reply_to="missed bin again")
    assert report.route_to_dm
    text = report.suggested_text
    assert text.startswith("Hi Mrs Patel, ")
    assert "direct message" in text
    assert not re.search(r"\d", text)


def test_councillor_dm_reply_speaks_as_i(check):
    report = check("Hi Dave, what's your phone number? I'll ring you.", account="councillor", in_reply_to="help")
    assert "send me a direct message" in report.suggested_text


def test_a_proactive_post_loses_only_the_address(check):
    report = check("Thanks to Mr and Mrs Okafor of 14 Elm Grove for reporting the broken railings – now fixed!",
                   account="councillor", platform="facebook")
    assert report.suggested_text == "Thanks to Mr and Mrs Okafor for reporting the broken railings – now fixed!"


def test_shouting_is_put_in_sentence_case_and_acronyms_kept(check):
    report = check("PLEASE DO NOT PUT NAPPIES IN THE RECYCLING. Ask the NHS team.")
    assert report.suggested_text == "Please do not put nappies in the recycling. Ask the NHS team."


def test_condescending_opening_is_dropped_and_the_information_kept(check):
    report = check("As we have already explained, we only grit priority routes.")
    assert report.suggested_text == "We only grit priority routes."


def test_brush_off_gets_a_polite_opening(check):
    report = check("Not our job, you'll need to contact the landowner.", in_reply_to="dead fox on the path")
    assert report.suggested_text.startswith("Sorry, this isn't something we can deal with directly –")


def test_predetermination_sentence_is_replaced_with_an_open_mind(check):
    report = check("I will be voting against this application at committee. Traffic is already bad.",
                   account="councillor")
    assert report.suggested_text.startswith("As a member of the committee I must keep an open mind")
    assert "Traffic is already bad." in report.suggested_text


def test_reply_to_a_troll_suggests_moving_on(check):
    report = check("Actually, you're wrong, and you clearly haven't read anything.",
                   in_reply_to="you lot are clowns, total waste of space")
    assert "if there's something specific we can help with" in report.suggested_text
    assert "clearly" not in report.suggested_text


def test_the_reply_templates_are_warm_not_dismissive():
    """No non-apology ("sorry you feel that way"): each template thanks, says what happens next
    and how to reach us, in the account's own voice."""
    import yaml

    from rules.signal import DATA

    templates = yaml.safe_load((DATA.parent / "templates.yml").read_text(encoding="utf-8"))
    for name, voices in templates.items():
        for account, text in voices.items():
            lowered = text.lower()
            assert "sorry you feel" not in lowered and "see this differently" not in lowered, (name, account)
            assert "thanks" in lowered, (name, account)
            voice = r"\b(?:we|we'll|we're|us)\b" if account == "council" else r"\b(?:i|i'd|i'll|i'm|me)\b"
            assert re.search(voice, lowered), (name, account)


def test_party_credit_is_removed_from_a_council_post(check):
    report = check("Thanks to the Conservative administration, we've frozen parking charges.")
    assert report.suggested_text == "We've frozen parking charges."


def test_pre_election_reply_declines_to_comment(check):
    report = check("The Green candidate's plan is nonsense.", pre_election=True, in_reply_to="is she right?")
    assert "pre-election period" in report.suggested_text


@pytest.mark.parametrize("platform", ["x", "bluesky", "threads", "mastodon"])
def test_an_over_long_draft_gets_a_thread_whose_parts_each_fit(check, platform):
    sentence = "Our recycling centres are open every day from 8am to 6pm, with extra staff at weekends. "
    report = check(sentence * 12, platform=platform)
    assert report.length.over_by > 0
    assert report.thread and len(report.thread) >= 2
    assert all(measure(part, platform) <= LIMITS[platform] for part in report.thread)
    assert report.thread[0].endswith(f"(1/{len(report.thread)})")


def test_filler_cuts_alone_can_make_it_fit(check):
    text = ("At this moment in time we would like to say thank you to everyone who came along to the drop-in "
            "sessions in order to tell us what they think about the new bus station. We are really very "
            "grateful for all of the feedback and we will publish a summary of what you told us next month, "
            "along with the next steps.")
    assert 280 < measure(text, "x") < 320
    report = check(text, platform="x")
    assert report.length.over_by > 0
    assert report.thread is None
    assert measure(report.suggested_text, "x") <= 280
    assert report.suggested_text.startswith("Now we would like to say thank you")  # stops once it fits


def test_a_clean_draft_comes_back_unchanged(check):
    text = "Garden waste collections restart on Monday 3 March. Check your day: https://www.example.gov.uk/bins"
    report = check(text)
    assert report.verdict == "ok" and report.findings == [] and report.suggested_text == text
