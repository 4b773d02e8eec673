"""The Adaptive Card layout: same words as the text rendering, bounded in size, drafts shown verbatim."""
from __future__ import annotations

import json

from bot import wording as w
from bot.teams import cards
from rules.models import Finding, LengthInfo, Report

from .test_end_to_end import texts_of


def finding(rule: str, category: str, severity: str, excerpt: str, **extra) -> Finding:
    return Finding(rule=rule, category=category, severity=severity, start=0, end=len(excerpt), excerpt=excerpt,
                   message=extra.get("message", f"message for {rule}"),
                   suggestion=extra.get("suggestion", f"suggestion for {rule}"),
                   source=extra.get("source", f"source for {rule}"))


def report(findings: list[Finding], verdict: str = "revise", **fields) -> Report:
    return Report(verdict=verdict, route_to_dm=fields.pop("route_to_dm", False),
                  length=fields.pop("length", LengthInfo(count=120, limit=280, unit="weighted", over_by=0)),
                  findings=findings, suggested_text=fields.pop("suggested_text", "The suggested reply."), **fields)


def test_card_is_schema_1_5_with_verdict_findings_and_suggestion():
    rep = report([finding("tone.sarcasm", "tone", "warn", "expert opinion"),
                  finding("clarity.long_sentence", "clarity", "info", "a very long sentence")])
    card = cards.report_card(rep)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    shown = texts_of(card)
    for words in (w.VERDICT_TITLE["revise"], w.length_line(rep), "“expert opinion”", "message for tone.sarcasm",
                  "Try: suggestion for tone.sarcasm", "Why: source for tone.sarcasm", w.SUGGESTED_HEADING,
                  "The suggested reply.", w.INFO_HEADING + ": message for clarity.long_sentence"):
        assert words in shown, words
    assert "suggestion for clarity.long_sentence" not in shown  # info findings fold into one line


def test_ok_report_says_nothing_to_change_and_offers_no_rewrite():
    shown = texts_of(cards.report_card(report([], verdict="ok", suggested_text="Fine as it is.")))
    assert w.NOTHING_FOUND in shown and w.SUGGESTED_HEADING not in shown


def test_dm_advice_comes_with_the_ready_public_reply():
    rep = report([finding("dm.personal_data", "dm", "block", "07700 900123")], verdict="do_not_post",
                 route_to_dm=True, suggested_text="Sorry to hear this. Please send us a direct message.")
    shown = texts_of(cards.report_card(rep))
    assert w.DM_HEADING in shown and w.DM_ADVICE in shown
    assert shown.index(w.DM_PUBLIC_REPLY) < shown.index("Please send us a direct message.")
    assert shown.count("Please send us a direct message.") == 1


def test_thread_split_is_shown_part_by_part():
    rep = report([finding("length.over_limit", "length", "block", "x" * 300)], verdict="do_not_post",
                 length=LengthInfo(count=300, limit=280, unit="weighted", over_by=20),
                 thread=["part one (1/2)", "part two (2/2)"])
    shown = texts_of(cards.report_card(rep))
    assert w.THREAD_HEADING in shown and "part one (1/2)" in shown and "part two (2/2)" in shown
    assert "20 over" in shown


def test_draft_text_is_never_read_as_markdown():
    rep = report([finding("tone.shouting", "tone", "warn", "**NOW**")], suggested_text="1. *Now* please")
    body = json.dumps(cards.report_card(rep))
    assert '"type": "TextRun", "text": "1. *Now* please"' in body


def test_repeats_of_one_rule_fold_and_the_card_stays_inside_teams_size_limit():
    many = [finding("tone.shouting", "tone", "warn", f"WORD{i}") for i in range(3000)]
    many += [finding(f"conduct.rule{i}", "conduct", "warn", "x" * 500) for i in range(30)]
    rep = report(many, suggested_text="y" * 40_000, thread=["z" * 5000] * 40)
    card = cards.report_card(rep)
    shown = texts_of(card)
    assert w.MORE_LIKE_THIS.format(count=2999) in shown
    assert w.MORE_FINDINGS.format(count=30 + 1 - cards.MAX_GROUPS) in shown
    assert w.SHORTENED.format(count=40_000) in shown
    size = len(json.dumps(card, ensure_ascii=False).encode("utf-8"))
    assert size + len(cards.fallback_text(rep).encode("utf-8")) < 28_000


def test_form_has_the_draft_platform_and_account_inputs():
    card = cards.form_card()
    inputs = {item["id"]: item for item in card["body"] if "id" in item}
    assert inputs["draft"]["isMultiline"] and inputs["draft"]["type"] == "Input.Text"
    assert inputs["platform"]["value"] == "x" and inputs["account"]["value"] == "council"
    assert card["actions"][0]["data"] == {"checkpost": "check"}
    again = cards.form_card(error="Bad", draft="kept", platform="mastodon", account="councillor", pre_election=True)
    inputs = {item["id"]: item for item in again["body"] if "id" in item}
    assert (inputs["draft"]["value"], inputs["platform"]["value"], inputs["account"]["value"],
            inputs["pre_election"]["value"]) == ("kept", "mastodon", "councillor", "true")
    assert "Bad" in texts_of(again)
