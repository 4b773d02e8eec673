"""Block Kit stays within Slack's limits and keeps the scannable order whatever the report holds."""
from __future__ import annotations

from bot import wording as w
from bot.slack.blocks import MAX_BLOCKS, report_blocks, summary_text
from rules.models import Finding, LengthInfo, Report


def finding(severity: str, n: int = 0, excerpt: str = "Gary") -> Finding:
    return Finding(rule=f"tone.r{n}", category="tone", severity=severity, start=0, end=len(excerpt),
                   excerpt=excerpt, message=f"message {n} & <more>", suggestion="suggestion", source="policy")


def report(findings, suggested="Fixed text", thread=None, verdict="revise", route_to_dm=False) -> Report:
    return Report(verdict=verdict, route_to_dm=route_to_dm, findings=findings, suggested_text=suggested,
                  thread=thread, length=LengthInfo(count=10, limit=280, unit="weighted", over_by=0))


def texts(blocks) -> list[str]:
    out = []
    for b in blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        out += [e["text"] for e in b.get("elements", []) if "text" in e]
    return out


def within_limits(blocks) -> None:
    assert len(blocks) <= MAX_BLOCKS
    assert len(blocks[0]["text"]["text"]) <= 150
    for b in blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= 3000


def test_most_severe_first_and_info_folded():
    blocks = report_blocks(report([finding("info", 1), finding("warn", 2), finding("block", 3),
                                   finding("info", 4)], verdict="do_not_post"))
    sections = [t for t in texts(blocks) if "message" in t]
    assert sections[0].startswith("⛔") and "message 3" in sections[0]
    assert "message 2" in sections[1]
    info = [t for t in texts(blocks) if t.startswith(f"*{w.INFO_HEADING}:*")]
    assert len(info) == 1 and "message 1" in info[0] and "message 4" in info[0]
    assert all("&amp; &lt;more&gt;" in t for t in sections)


def test_ok_report_shows_nothing_to_change_and_no_suggestion():
    blocks = report_blocks(report([], verdict="ok"))
    assert w.NOTHING_FOUND in texts(blocks)
    assert not any("```" in t for t in texts(blocks))


def test_dm_advice_names_the_public_reply():
    blocks = report_blocks(report([finding("block")], verdict="do_not_post", route_to_dm=True))
    joined = "\n".join(texts(blocks))
    assert w.DM_HEADING in joined and w.DM_PUBLIC_REPLY_HEADING in joined


def test_a_thread_replaces_the_over_long_suggestion():
    thread = ["Thanks for getting in touch (1/2)", "We will fix it tomorrow (2/2)"]
    blocks = report_blocks(report([finding("block")], suggested="x" * 600, thread=thread, verdict="do_not_post"))
    joined = "\n".join(texts(blocks))
    assert w.THREAD_HEADING in joined and w.SUGGESTED_HEADING not in joined and "x" * 600 not in joined
    assert "Part 1 of 2" in joined and "We will fix it tomorrow (2/2)" in joined


def test_huge_thread_fits_slack():
    thread = [f"part {n} " + "x" * 270 for n in range(150)]
    blocks = report_blocks(report([finding("warn", n) for n in range(40)], thread=thread))
    within_limits(blocks)
    shown = sum(1 for t in texts(blocks) if t.startswith("_Part "))
    assert 0 < shown < 150
    assert texts(blocks)[-1] == w.THREAD_SHORTENED.format(count=150 - shown)


def test_huge_report_fits_slack():
    long_text = ("Thanks & <see> the notes ``` here. " * 1200)[:40_000]
    blocks = report_blocks(report([finding("warn", n) for n in range(40)], suggested=long_text))
    within_limits(blocks)
    code = [t for t in texts(blocks) if t.startswith("```\n")]
    assert code and all("``` here" not in t[4:-4] for t in code)  # fences inside the draft are broken
    assert w.MORE_FINDINGS.format(count=40 - 12) in texts(blocks)


def test_suggested_version_is_complete_when_it_fits():
    text = "Line one & two\n" * 400  # 6,000 characters: several code blocks
    blocks = report_blocks(report([finding("warn")], suggested=text))
    within_limits(blocks)
    code = [t[4:-4] for t in texts(blocks) if t.startswith("```\n")]
    assert len(code) > 1
    assert "\n".join(code).replace("&amp;", "&").split() == text.split()


def test_summary_never_quotes_the_draft():
    r = report([finding("warn", excerpt="secret")], suggested="secret draft")
    assert "secret" not in summary_text(r)
