from __future__ import annotations

from datetime import date

import pytest


from bot.team_context import Where
from rules.policy import DEFAULT_POLICY
from store.team_settings import (OwnPhrase, PlaceSettings, StoreContextSource, audit_log, load_team,
                                 save_place, settings_version)

pytestmark = pytest.mark.asyncio
HERE = Where("slack", team="T1", channel="C1", user="U1")


async def test_a_change_is_audited_and_bumps_the_version(db):
    assert await settings_version(db, "slack", "T1") == 0
    changes = await save_place(db, "slack", "T1", None, PlaceSettings(disabled_rules=["tone.sarcasm"]), "U1")
    assert changes == {"disabled_rules": {"before": [], "after": ["tone.sarcasm"]}}
    assert await settings_version(db, "slack", "T1") == 1
    # Saving the same again is no change: no audit row, no new version.
    assert await save_place(db, "slack", "T1", None, PlaceSettings(disabled_rules=["tone.sarcasm"]), "U1") == {}
    await save_place(db, "slack", "T1", "C1", PlaceSettings(platform="bluesky"), "U2")
    assert await settings_version(db, "slack", "T1") == 2
    assert await settings_version(db, "slack", "T2") == 0
    log = await audit_log(db, "slack", "T1")
    assert [(a.actor, a.channel, sorted(a.changes)) for a in log] == [("U1", "", ["disabled_rules"]),
                                                                      ("U2", "C1", ["platform"])]
    assert log[0].at.tzinfo is not None


async def test_settings_are_kept_per_team_and_channel(db):
    await save_place(db, "slack", "T1", None, PlaceSettings(
        allowed_phrases=["Bloody Oaks ward", " bloody  oaks ward "], disabled_rules=["tone.sarcasm", "tone.sarcasm"],
        own_phrases=[OwnPhrase(phrase="service users", message="Say residents.", suggestion="Use 'residents'.")],
        pre_election_start=date(2027, 3, 25), pre_election_end=date(2027, 5, 6)), "U1")
    await save_place(db, "slack", "T1", "C1", PlaceSettings(platform="bluesky", account="councillor",
                                                            disabled_rules=["tone.exclamation"]), "U1")
    await save_place(db, "teams", "T1", None, PlaceSettings(disabled_rules=["dm.postcode"]), "U1")
    snap = await load_team(db, "slack", "T1")
    assert snap.team_wide.allowed_phrases == ["Bloody Oaks ward"]
    assert snap.team_wide.disabled_rules == ["tone.sarcasm"]
    assert snap.channels["C1"].platform == "bluesky"
    policy = snap.policy("C1")
    assert policy.disabled_rules == {"tone.sarcasm", "tone.exclamation"}
    assert policy.allowed_phrases == ("Bloody Oaks ward",)
    assert policy.extra_rules[0]["id"] == "team.service_users"
    assert snap.policy("C2").disabled_rules == {"tone.sarcasm"}
    assert (await load_team(db, "teams", "T1")).policy(None).disabled_rules == {"dm.postcode"}


async def test_pre_election_window_switches_on_and_off_by_uk_date(db):
    today = [date(2027, 3, 24)]
    source = StoreContextSource(db, ttl=0, today=lambda: today[0])
    await save_place(db, "slack", "T1", None, PlaceSettings(pre_election_start=date(2027, 3, 25),
                                                            pre_election_end=date(2027, 5, 6)), "U1")
    assert "pre_election" not in (await source.context_for(HERE)).defaults
    for day in (date(2027, 3, 25), date(2027, 4, 10), date(2027, 5, 6)):
        today[0] = day
        assert (await source.context_for(HERE)).defaults["pre_election"] is True
    today[0] = date(2027, 5, 7)
    assert "pre_election" not in (await source.context_for(HERE)).defaults


async def test_channel_defaults_build_on_the_servers(db):
    source = StoreContextSource(db, ttl=0, base_defaults=lambda where: {"platform": "x", "account": "council"})
    assert (await source.context_for(HERE)).defaults == {"platform": "x", "account": "council"}
    await save_place(db, "slack", "T1", "C1", PlaceSettings(platform="threads"), "U1")
    await source.context_for(HERE)  # past the TTL: the copy in hand answers while it is refreshed
    await source.settled()
    context = await source.context_for(HERE)
    assert context.defaults == {"platform": "threads", "account": "council"}
    assert context.policy is DEFAULT_POLICY
    assert (await source.context_for(Where("api"))).defaults == {"platform": "x", "account": "council"}


async def test_a_change_through_one_process_reaches_another_within_the_ttl(db, second_db):
    clock = [0.0]
    other = StoreContextSource(second_db, ttl=2.0, clock=lambda: clock[0])
    assert (await other.context_for(HERE)).policy is DEFAULT_POLICY
    await save_place(db, "slack", "T1", None, PlaceSettings(disabled_rules=["tone.sarcasm"]), "U1")
    clock[0] = 1.0
    assert (await other.context_for(HERE)).policy is DEFAULT_POLICY  # still inside the TTL
    clock[0] = 2.5
    assert (await other.context_for(HERE)).policy is DEFAULT_POLICY  # answered at once; refreshing meanwhile
    await other.settled()
    assert (await other.context_for(HERE)).policy.disabled_rules == {"tone.sarcasm"}
    # A quiet team: past two TTLs the draft waits for the database, so it never sees old settings.
    await save_place(db, "slack", "T1", None, PlaceSettings(disabled_rules=["tone.mockery"]), "U1")
    clock[0] = 10.0
    assert (await other.context_for(HERE)).policy.disabled_rules == {"tone.mockery"}
    assert (await other.context_for(Where("slack", team="T2"))).policy is DEFAULT_POLICY


async def test_checks_go_on_with_the_last_settings_when_the_database_fails(db, monkeypatch):
    clock = [0.0]
    source = StoreContextSource(db, ttl=1.0, clock=lambda: clock[0])
    await save_place(db, "slack", "T1", None, PlaceSettings(disabled_rules=["tone.sarcasm"]), "U1")
    assert (await source.context_for(HERE)).policy.disabled_rules == {"tone.sarcasm"}

    async def broken(*args, **kwargs):
        raise OSError("connection refused")

    import store.team_settings as ts
    monkeypatch.setattr(ts, "settings_version", broken)
    clock[0] = 1.5
    assert (await source.context_for(HERE)).policy.disabled_rules == {"tone.sarcasm"}
    await source.settled()
    clock[0] = 5.0
    assert (await source.context_for(HERE)).policy.disabled_rules == {"tone.sarcasm"}
    assert (await source.context_for(Where("slack", team="T9"))).policy is DEFAULT_POLICY


async def test_only_a_teams_first_draft_waits_for_the_database(db):
    clock = [0.0]
    source = StoreContextSource(db, ttl=1.0, clock=lambda: clock[0])
    calls = []
    import store.team_settings as ts
    original = ts.settings_version

    async def counted(*args):
        calls.append(args)
        return await original(*args)

    ts.settings_version = counted
    try:
        import asyncio
        contexts = await asyncio.gather(*(source.context_for(HERE) for _ in range(20)))
        assert len(calls) == 1 and all(c.policy is DEFAULT_POLICY for c in contexts)
        clock[0] = 1.5
        await asyncio.gather(*(source.context_for(HERE) for _ in range(20)))
        await source.settled()
        assert len(calls) == 2
    finally:
        ts.settings_version = original


async def test_a_change_is_in_use_at_once_even_with_a_query_of_the_old_settings_under_way(db, monkeypatch):
    """A refresh that read the settings before this process changed them must not put them back
    in the cache after `forget`: the next draft gets the change, not the old settings for a TTL."""
    import asyncio

    import store.team_settings as ts

    clock = [0.0]
    source = StoreContextSource(db, ttl=1.0, clock=lambda: clock[0])
    assert (await source.context_for(HERE)).policy is DEFAULT_POLICY
    original = ts.load_team
    release = asyncio.Event()
    read = asyncio.Event()

    async def slow_after_reading(*args):
        snapshot = await original(*args)  # the settings as they are before the change
        read.set()
        await release.wait()
        return snapshot

    # A save elsewhere bumps the version, so the next refresh loads the team again (slowly).
    await save_place(db, "slack", "T1", "C9", PlaceSettings(platform="bluesky"), "U9")
    monkeypatch.setattr(ts, "load_team", slow_after_reading)
    clock[0] = 5.0
    waiting = asyncio.ensure_future(source.context_for(HERE))  # a quiet team's draft waits for it
    await read.wait()
    monkeypatch.setattr(ts, "load_team", original)
    # Now this process changes the settings, and forgets what it held.
    await save_place(db, "slack", "T1", None, PlaceSettings(disabled_rules=["tone.sarcasm"]), "U1")
    source.forget("slack", "T1")
    # (before the fix this waited on the old query: the ceiling fails it rather than hang)
    assert (await asyncio.wait_for(source.context_for(HERE), 30)).policy.disabled_rules == {"tone.sarcasm"}
    release.set()
    assert (await waiting).policy is DEFAULT_POLICY  # it began before the change
    await source.settled()
    # The old query finished after the change: it did not replace the new settings.
    assert (await source.context_for(HERE)).policy.disabled_rules == {"tone.sarcasm"}
