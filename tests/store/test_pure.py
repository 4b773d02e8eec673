"""The store's pure functions: masking, settings validation, own phrases, UK dates."""
from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from store.feedback import Span, mask_personal
from store.team_settings import OwnPhrase, PlaceSettings, own_rules

DRAFT = "Ring me on 07700 900123 or email sam@example.com about SW1A 1AA, you idiot."
FINDINGS = [Span(rule="dm.phone_number", category="dm", severity="block", start=11, end=23),
            Span(rule="dm.email_address", category="dm", severity="block", start=33, end=48),
            Span(rule="dm.postcode", category="dm", severity="warn", start=55, end=63),
            Span(rule="tone.insult", category="tone", severity="block", start=69, end=74)]


def test_masking_replaces_each_personal_detail_the_engine_found():
    assert DRAFT[11:23] == "07700 900123" and DRAFT[33:48] == "sam@example.com" and DRAFT[55:63] == "SW1A 1AA"
    masked = mask_personal(DRAFT, FINDINGS)
    assert masked == "Ring me on [phone number] or email [email address] about [postcode], you idiot."


def test_masking_with_the_real_engines_findings(coach):
    report = coach.check({"text": DRAFT})
    masked = mask_personal(DRAFT, report.findings)
    assert "07700" not in masked and "sam@example.com" not in masked
    assert "[phone number]" in masked


def test_own_phrases_become_rule_pack_entries():
    from rules.packs import Rule

    entries = own_rules([OwnPhrase(phrase="Service users", message="m", suggestion="s"),
                         OwnPhrase(phrase="service  users!", message="m2", suggestion="s2")])
    assert len(entries) == 1 and entries[0]["phrases"] == ["Service users", "service users!"]
    Rule(**entries[0])  # a valid rule as the packs define them


def test_uk_today_is_london_time():
    from datetime import datetime, timezone

    from store.team_settings import uk_today

    # 23:30 UTC on 31 March 2027 is already 1 April in London (British Summer Time), and
    # 23:30 UTC on 31 January is still 31 January there (Greenwich Mean Time).
    assert uk_today(datetime(2027, 3, 31, 23, 30, tzinfo=timezone.utc)) == date(2027, 4, 1)
    assert uk_today(datetime(2027, 1, 31, 23, 30, tzinfo=timezone.utc)) == date(2027, 1, 31)


def test_bad_settings_are_refused_with_a_reason():
    with pytest.raises(ValidationError, match="not a rule id"):
        PlaceSettings(disabled_rules=["Sarcasm!"])
    with pytest.raises(ValidationError, match="ends before it starts"):
        PlaceSettings(pre_election_start=date(2027, 5, 6), pre_election_end=date(2027, 3, 25))
    with pytest.raises(ValidationError, match="both the first and the last day"):
        PlaceSettings(pre_election_start=date(2027, 5, 6))
    with pytest.raises(ValidationError):
        PlaceSettings(platform="tiktok")


def test_a_teams_own_phrase_and_its_allowed_phrase_reach_the_engine(coach):
    from store.team_settings import TeamSnapshot

    snap = TeamSnapshot("slack", "T1", 1, PlaceSettings(
        own_phrases=[OwnPhrase(phrase="service users", message="Say residents.", suggestion="Use 'residents'.")],
        allowed_phrases=["Scunthorpe Road"]))
    policy = snap.policy(None)
    report = coach.check({"text": "We will write to all service users this week."}, policy)
    [own] = [f for f in report.findings if f.rule == "team.service_users"]
    assert (own.message, own.suggestion, own.excerpt) == ("Say residents.", "Use 'residents'.", "service users")
    assert not [f for f in coach.check({"text": "We will write to all service users this week."}).findings
                if f.rule.startswith("team.")]
    sarcastic = "Thanks for your expert opinion, Gary"
    allowed = TeamSnapshot("slack", "T1", 1, PlaceSettings(allowed_phrases=["thanks for your expert opinion"]))
    assert "tone.sarcasm" in {f.rule for f in coach.check({"text": sarcastic}).findings}
    assert "tone.sarcasm" not in {f.rule for f in coach.check({"text": sarcastic}, allowed.policy(None)).findings}
