"""`python app.py check` as REPORT.md describes it: output forms, batches, stdin, exit codes, rule packs.

These tests pin the command's contract, not which rules fire: the rule packs change often, so
every expectation about findings either comes from the same engine in-process or from a tiny
pack written here. A few cases run the real command as a subprocess (to prove exit codes and that
no traceback ever reaches stderr); the rest call `app.main` in-process, which is much faster.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import app
import rules
from bot import wording
from rules.models import MAX_TEXT
from rules.packs import load_rules

ROOT = Path(__file__).resolve().parents[1]
REPORT_KEYS = {"id", "verdict", "route_to_dm", "length", "findings", "suggested_text"}
FINDING_KEYS = {"rule", "category", "severity", "start", "end", "excerpt", "message", "suggestion", "source"}
DRAFT = "Thanks for getting in touch about the bins on Mill Lane. The crew will be back tomorrow morning."

# A team's own pack: one rule whose phrase no built-in pack is likely to use.
TEAM_PACK = """\
rules:
  - id: team.bin_colour
    category: clarity
    severity: warn
    message: Say which bin, so people put out the right one.
    suggestion: Name the bin by its colour, for example the green bin.
    source: Our team's style guide
    phrases: ["wheelie bin"]
"""
TEAM_DRAFT = "Your wheelie bin will be emptied on Thursday."


# --- helpers -------------------------------------------------------------------------------------

def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[bytes]:
    """The real command in a fresh interpreter, as a person or a script would run it."""
    full_env = {k: v for k, v in os.environ.items() if k != "CHECKPOST_RULES"}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, input=stdin if stdin is not None else b"",
                          capture_output=True, env=full_env, timeout=120)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


@pytest.fixture
def cli(coach, monkeypatch, capsys):
    """cli(argv, stdin=bytes) -> (exit code, stdout, stderr), in-process.

    The session's Coach stands in whenever no extra rule folders are asked for, so a test pays
    for building the pipeline only when it loads a pack of its own.
    """
    real_coach = rules.Coach
    monkeypatch.delenv("CHECKPOST_RULES", raising=False)
    monkeypatch.setenv("CHECKPOST_WORKERS", "0")  # the batch in this process too (the pool: test_cli_pool.py)
    monkeypatch.setattr(rules, "Coach", lambda dirs=(): coach if not tuple(dirs) else real_coach(dirs))

    def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        try:
            code = app.main(argv)
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err
    return run


def jsonl(*records: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def assert_report_shape(report: dict) -> None:
    assert REPORT_KEYS <= set(report) <= REPORT_KEYS | {"thread"}
    assert report["verdict"] in {"ok", "revise", "do_not_post"}
    assert set(report["length"]) == {"count", "limit", "unit", "over_by"}
    for finding in report["findings"]:
        assert set(finding) == FINDING_KEYS


# --- the three output forms ----------------------------------------------------------------------

def test_readable_output_by_default(coach):
    proc = run_cli("check", DRAFT)
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    report = coach.check({"text": DRAFT})
    assert wording.VERDICT_TITLE[report.verdict] in out
    assert wording.length_line(report) in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_json_output_is_the_engines_report(coach):
    proc = run_cli("check", "--json", "--platform", "bluesky", "--account", "councillor", DRAFT)
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert_report_shape(report)
    assert report == coach.check({"text": DRAFT, "platform": "bluesky", "account": "councillor"}).to_json_dict()
    assert report["length"]["limit"] == 300 and report["length"]["unit"] == "graphemes"


@pytest.mark.parametrize("platform", ["x", "bluesky", "threads", "mastodon", "facebook", "instagram", "linkedin"])
def test_every_platform_flag_is_accepted(cli, coach, platform):
    code, out, _ = cli(["check", "--json", "--platform", platform, DRAFT])
    assert code == 0
    assert json.loads(out) == coach.check({"text": DRAFT, "platform": platform}).to_json_dict()


def test_context_flags_reach_the_engine(cli, coach):
    post = "Typical council, useless as ever"
    code, out, _ = cli(["check", "--json", "--account", "councillor", "--pre-election", "--in-reply-to", post, DRAFT])
    assert code == 0
    expected = coach.check({"text": DRAFT, "account": "councillor", "pre_election": True, "in_reply_to": post})
    assert json.loads(out) == expected.to_json_dict()


def test_readable_output_shows_each_finding_in_full(cli, tmp_path):
    (tmp_path / "team.yml").write_text(TEAM_PACK, encoding="utf-8")
    code, out, _ = cli(["check", "--rules", str(tmp_path), TEAM_DRAFT])
    assert code == 0
    assert wording.VERDICT_TITLE["revise"] in out or wording.VERDICT_TITLE["do_not_post"] in out
    for text in ("“wheelie bin”", "Say which bin, so people put out the right one.",
                 "Name the bin by its colour", "Our team's style guide"):
        assert text in out


# --- stdin ---------------------------------------------------------------------------------------

def test_dash_reads_the_draft_from_stdin(coach):
    draft = "Thanks Priya 😊 the café on Mill Lane reopens at 9am. 中文 too."
    proc = run_cli("check", "--json", "-", stdin=draft.encode("utf-8"))
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == coach.check({"text": draft}).to_json_dict()


def test_dash_keeps_newlines_from_stdin(cli, coach):
    draft = "First line.\nSecond line.\n"
    code, out, _ = cli(["check", "--json", "-"], stdin=draft.encode())
    assert code == 0
    assert json.loads(out)["length"] == coach.check({"text": draft}).to_json_dict()["length"]


def test_invalid_utf8_on_stdin_is_a_clear_error():
    proc = run_cli("check", "-", stdin=b"caf\xe9 on Mill Lane\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert "UTF-8" in proc.stderr.decode()


@pytest.mark.parametrize("stdin", [b"", b"   \n\t\n"])
def test_empty_stdin_is_a_clear_error(cli, stdin):
    code, out, err = cli(["check", "-"], stdin=stdin)
    assert code == 2 and out == ""
    assert "empty" in err


# --- bad arguments: exit 2, a message, no traceback ----------------------------------------------

def test_bad_arguments_exit_2_without_a_traceback():
    for args, says in ((["check", "--platform", "myspace", DRAFT], "myspace"),
                       (["check"], "draft"),
                       (["check", "--jsonl", DRAFT], "--jsonl")):
        proc = run_cli(*args, stdin=jsonl({"text": "hi"}))
        assert proc.returncode == 2, args
        assert proc.stdout == b"", args
        assert says in proc.stderr.decode(), (args, proc.stderr)


@pytest.mark.parametrize("argv, says", [
    (["check", "--platform", "myspace", DRAFT], "myspace"),
    (["check", "--account", "mayor", DRAFT], "mayor"),
    (["check"], "draft"),
    (["check", "--json"], "draft"),
    (["check", "--jsonl", DRAFT], "--jsonl"),
    (["check", "--jsonl", "-"], "--jsonl"),
    (["check", ""], "empty"),
    (["check", "  \n "], "empty"),
    (["check", "x" * (MAX_TEXT + 1)], "too long"),
    ([], ""),
])
def test_bad_arguments_exit_2(cli, argv, says):
    code, out, err = cli(argv, stdin=jsonl({"text": "hi"}))
    assert code == 2
    assert out == ""
    assert says in err


def test_longest_allowed_draft_is_checked(cli):
    text = ("word " * (MAX_TEXT // 5))[:MAX_TEXT]
    code, out, _ = cli(["check", "--json", "--platform", "facebook", text])
    assert code == 0
    assert json.loads(out)["length"]["count"] == MAX_TEXT


def test_exit_0_whatever_the_check_finds(cli, tmp_path):
    """A draft full of problems is still a check that ran."""
    (tmp_path / "team.yml").write_text(TEAM_PACK.replace("severity: warn", "severity: block"), encoding="utf-8")
    code, out, _ = cli(["check", "--json", "--rules", str(tmp_path), TEAM_DRAFT + " 07700 900123 " + "x" * 400])
    assert code == 0
    report = json.loads(out)
    assert report["verdict"] == "do_not_post"
    assert report["length"]["over_by"] > 0


# --- JSON lines ----------------------------------------------------------------------------------

BAD_LINES = [
    (b"[1, 2]", None, "JSON object"),
    (b'"x"', None, "JSON object"),
    (b"null", None, "JSON object"),
    (b'{"id": "broken", "text": ', None, "not valid JSON"),
    (b"[" * 100_000, None, "not valid JSON"),
    ('{"id": "latin1", "text": "café"}'.encode("latin-1"), None, "UTF-8"),
    (json.dumps({"id": "empty", "text": ""}).encode(), "empty", "empty"),
    (json.dumps({"id": "blank", "text": " \n\t "}).encode(), "blank", "empty"),
    (json.dumps({"id": "long", "text": "a" * (MAX_TEXT + 1)}).encode(), "long", "too long"),
    (json.dumps({"id": "plat", "text": "hi", "platform": "myspace"}).encode(), "plat", "myspace"),
    (json.dumps({"id": "acct", "text": "hi", "account": "mayor"}).encode(), "acct", "mayor"),
    (json.dumps({"id": "num", "text": 42}).encode(), "num", "text"),
    (json.dumps({"id": "list", "text": ["hi"]}).encode(), "list", "text"),
    (json.dumps({"id": "none", "text": None}).encode(), "none", "text"),
    (json.dumps({"id": "missing"}).encode(), "missing", "text"),
    (json.dumps({"id": "purdah", "text": "hi", "pre_election": "yes"}).encode(), "purdah", "pre_election"),
    # An id is a string or a whole number; anything else is refused, and never echoed as invalid JSON.
    (b'{"id": NaN, "text": "hi"}', None, "id must be a string or a whole number"),
    (b'{"id": true, "text": "hi"}', None, "id must be a string or a whole number"),
    (b'{"id": 1.0, "text": "hi"}', None, "id must be a string or a whole number"),
    (b'{"id": ' + b"9" * 5000 + b', "text": "hi"}', None, "a number in it is too long"),
    (b'{"text": "hi", "x": [' + b"1" * 4301 + b"]}", None, "a number in it is too long"),
]


def test_jsonl_answers_every_line_in_order(cli, coach):
    good = [{"id": f"good-{i}", "text": f"Draft number {i}: the library opens at {i + 8}am."} for i in range(3)]
    lines: list[bytes] = []
    expected: list[tuple[str, object, str]] = []
    for i, (raw, ident, says) in enumerate(BAD_LINES):
        lines.append(raw)
        expected.append(("error", ident, says))
        lines.append(json.dumps(good[i % 3] | {"id": f"after-{i}"}).encode())
        expected.append(("report", f"after-{i}", ""))
    code, out, err = cli(["check", "--jsonl"], stdin=b"\n".join(lines) + b"\n")
    assert code == 0, err
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == len(expected)
    for answer, (kind, ident, says), raw in zip(answers, expected, lines):
        if kind == "error":
            assert set(answer) == {"id", "error"}, raw
            assert answer["id"] == ident, raw
            assert says in answer["error"], (raw, answer)
        else:
            assert_report_shape(answer)
            assert answer["id"] == ident


def test_jsonl_reports_match_single_checks(cli, coach):
    records = [
        {"id": "a", "text": DRAFT},
        {"id": 7, "text": "Sorry to hear about the flooding on Mill Lane.", "platform": "mastodon"},
        {"text": "No id on this one", "account": "councillor", "pre_election": True},
        {"id": "d", "text": "We hear you.", "in_reply_to": "You lot are a joke", "platform": "threads"},
    ]
    code, out, _ = cli(["check", "--jsonl"], stdin=jsonl(*records))
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert answers == [coach.check(r).to_json_dict() for r in records]
    assert [a["id"] for a in answers] == ["a", 7, None, "d"]


def test_jsonl_echoes_the_id_of_a_bad_line_unchanged(cli):
    code, out, _ = cli(["check", "--jsonl"], stdin=jsonl({"id": 12, "text": ""}, {"id": "ü-1", "text": 3}))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [12, "ü-1"]


def test_jsonl_accepts_crlf_and_a_byte_order_mark(cli):
    stdin = "\ufeff".encode() + b'{"id": "bom", "text": "hi"}\r\n{"id": "crlf", "text": "hello"}\r\n'
    code, out, _ = cli(["check", "--jsonl"], stdin=stdin)
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["id"] for a in answers] == ["bom", "crlf"]
    assert all("error" not in a for a in answers)


def test_jsonl_skips_blank_lines_and_empty_input(cli):
    code, out, _ = cli(["check", "--jsonl"], stdin=b"")
    assert (code, out) == (0, "")
    code, out, _ = cli(["check", "--jsonl"], stdin=b'\n  \n{"id": "x", "text": "hi"}\n\n')
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["x"]


def test_jsonl_in_a_subprocess_survives_every_bad_line():
    lines = [raw for raw, _, _ in BAD_LINES] + [json.dumps({"id": "last", "text": "Thanks, all sorted."}).encode()]
    proc = run_cli("check", "--jsonl", stdin=b"\n".join(lines) + b"\n")
    assert proc.returncode == 0
    answers = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(answers) == len(lines)
    assert all("error" in a for a in answers[:-1])
    assert answers[-1]["id"] == "last" and "verdict" in answers[-1]


# --- a team's own rule packs ---------------------------------------------------------------------

def _fires(coach, text: str, rule_id: str) -> bool:
    return any(f.rule == rule_id for f in coach.check({"text": text}).findings)


def _builtin_rule_that_fires_on_its_own_phrase(coach):
    """A built-in rule with no conditions whose first phrase, checked alone, is flagged by it."""
    for rule in load_rules():
        conditional = any(getattr(rule, name, None) for name in ("unless_in_sentence", "only_if_in_sentence", "only_if_in_draft_or_post"))
        if rule.phrases and not conditional and rule.when.model_dump(exclude_none=True) == {}:
            text = f"{rule.phrases[0]}."
            if _fires(coach, text, rule.id):
                return rule, text
    pytest.fail("no built-in rule fires on its own first phrase")


def test_rules_dir_adds_a_teams_rule(cli, tmp_path):
    (tmp_path / "team.yml").write_text(TEAM_PACK, encoding="utf-8")
    code, out, _ = cli(["check", "--json", "--rules", str(tmp_path), TEAM_DRAFT])
    assert code == 0
    found = [f for f in json.loads(out)["findings"] if f["rule"] == "team.bin_colour"]
    assert len(found) == 1
    assert found[0]["excerpt"] == "wheelie bin" == TEAM_DRAFT[found[0]["start"]:found[0]["end"]]
    assert found[0]["source"] == "Our team's style guide"
    # Without the pack the rule does not exist.
    code, out, _ = cli(["check", "--json", TEAM_DRAFT])
    assert all(f["rule"] != "team.bin_colour" for f in json.loads(out)["findings"])


def test_checkpost_rules_env_adds_a_teams_rule(tmp_path):
    (tmp_path / "team.yaml").write_text(TEAM_PACK, encoding="utf-8")
    proc = run_cli("check", "--json", TEAM_DRAFT, env={"CHECKPOST_RULES": str(tmp_path)})
    assert proc.returncode == 0
    assert "team.bin_colour" in {f["rule"] for f in json.loads(proc.stdout)["findings"]}


def test_a_teams_rule_replaces_the_builtin_with_its_id(cli, coach, tmp_path):
    builtin, text = _builtin_rule_that_fires_on_its_own_phrase(coach)
    (tmp_path / "override.yml").write_text(textwrap.dedent(f"""\
        rules:
          - id: {builtin.id}
            category: clarity
            severity: info
            message: Our own wording for this.
            suggestion: Our own suggestion.
            source: Our team's style guide
            phrases: ["wheelie bin"]
        """), encoding="utf-8")
    code, out, _ = cli(["check", "--json", "--rules", str(tmp_path), text])
    assert code == 0
    assert builtin.id not in {f["rule"] for f in json.loads(out)["findings"]}
    code, out, _ = cli(["check", "--json", "--rules", str(tmp_path), TEAM_DRAFT])
    [finding] = [f for f in json.loads(out)["findings"] if f["rule"] == builtin.id]
    assert (finding["message"], finding["severity"], finding["excerpt"]) == ("Our own wording for this.", "info",
                                                                            "wheelie bin")


def test_enabled_false_switches_a_builtin_off(cli, coach, tmp_path):
    builtin, text = _builtin_rule_that_fires_on_its_own_phrase(coach)
    (tmp_path / "off.yml").write_text(f"rules:\n  - id: {builtin.id}\n    category: {builtin.category}\n"
                                      "    message: 'off'\n    suggestion: 'off'\n    source: 'off'\n    enabled: false\n",
                                      encoding="utf-8")
    code, out, _ = cli(["check", "--json", "--rules", str(tmp_path), text])
    assert code == 0
    assert builtin.id not in {f["rule"] for f in json.loads(out)["findings"]}


BROKEN_PACKS = {
    "bad_yaml": ("rules:\n  - id: team.x\n    message: [unclosed\n", None, "YAML"),
    "missing_field": ("rules:\n  - id: team.no_message\n    category: tone\n    suggestion: s\n    source: s\n"
                      "    phrases: [\"bin day\"]\n", "team.no_message", "message"),
    "bad_regex": ("rules:\n  - id: team.bad_regex\n    category: tone\n    message: m\n    suggestion: s\n"
                  "    source: s\n    regex: [\"(unclosed\"]\n", "team.bad_regex", "does not compile"),
    "unknown_category": ("rules:\n  - id: team.bad_category\n    category: vibes\n    message: m\n"
                         "    suggestion: s\n    source: s\n    phrases: [\"bin\"]\n", "team.bad_category", "category"),
    "not_a_pack": ("- just\n- a list\n", None, "rules"),
    "duplicate_id": ("rules:\n  - {id: team.twice, category: tone, message: m, suggestion: s, source: s, phrases: [a b]}\n"
                     "  - {id: team.twice, category: tone, message: m, suggestion: s, source: s, phrases: [c d]}\n",
                     "team.twice", "already used"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_PACKS))
def test_a_broken_pack_names_the_file_the_rule_and_the_problem(cli, tmp_path, name):
    body, rule_id, problem = BROKEN_PACKS[name]
    pack = tmp_path / f"{name}.yml"
    pack.write_text(body, encoding="utf-8")
    code, out, err = cli(["check", "--rules", str(tmp_path), DRAFT])
    assert code == 2 and out == ""
    assert str(pack) in err
    if rule_id:
        assert rule_id in err
    assert problem in err


def test_a_bad_token_pattern_names_the_file_the_rule_and_the_problem(cli, tmp_path):
    pack = tmp_path / "tokens.yml"
    pack.write_text("rules:\n  - id: team.bad_tokens\n    category: tone\n    message: m\n    suggestion: s\n"
                    "    source: s\n    patterns: [[{\"LOWERX\": \"bin\"}]]\n", encoding="utf-8")
    code, out, err = cli(["check", "--rules", str(tmp_path), DRAFT])
    assert code == 2 and out == ""
    assert "team.bad_tokens" in err and "LOWERX" in err
    assert str(pack) in err


def test_a_bad_token_pattern_is_refused_with_exit_2(tmp_path):
    pack = tmp_path / "tokens.yml"
    pack.write_text("rules:\n  - id: team.bad_tokens\n    category: tone\n    message: m\n    suggestion: s\n"
                    "    source: s\n    patterns: [[{\"LOWER\": {\"REGEX\": \"(bin\"}}]]\n", encoding="utf-8")
    proc = run_cli("check", "--rules", str(tmp_path), DRAFT)
    assert proc.returncode == 2 and proc.stdout == b""
    assert "team.bad_tokens" in proc.stderr.decode()


def test_a_broken_pack_from_the_environment_is_refused(tmp_path):
    (tmp_path / "broken.yml").write_text("rules: [", encoding="utf-8")
    proc = run_cli("check", DRAFT, env={"CHECKPOST_RULES": str(tmp_path)})
    assert proc.returncode == 2
    assert "broken.yml" in proc.stderr.decode()


def test_a_missing_rules_folder_is_refused(cli, tmp_path):
    code, out, err = cli(["check", "--rules", str(tmp_path / "nowhere"), DRAFT])
    assert code == 2 and out == ""
    assert "nowhere" in err


# --- a fault in the engine -----------------------------------------------------------------------

class _FaultyCoach:
    """Fails on one draft, as a buggy rule would, and checks the rest with the real engine."""

    def __init__(self, coach) -> None:
        self.coach = coach

    def check(self, request, policy=None):
        if "boom" in getattr(request, "text", ""):
            raise IndexError("a secret draft about boom")
        return self.coach.check(request)


def test_an_engine_fault_costs_one_line_not_the_batch(cli, coach, monkeypatch):
    monkeypatch.setattr(rules, "Coach", lambda dirs=(): _FaultyCoach(coach))
    code, out, err = cli(["check", "--jsonl"], stdin=jsonl({"id": 1, "text": "boom"}, {"id": 2, "text": "fine"}))
    assert code == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["id"] == 1 and "internal error" in first["error"]
    assert second["id"] == 2 and "verdict" in second
    assert "IndexError" in err and "line 1" in err
    assert "secret" not in err and "boom" not in err  # logs never hold a draft's text


def test_an_engine_fault_on_one_draft_is_exit_1_without_a_traceback(cli, coach, monkeypatch):
    monkeypatch.setattr(rules, "Coach", lambda dirs=(): _FaultyCoach(coach))
    code, out, err = cli(["check", "boom"])
    assert code == 1 and out == ""
    assert "internal error" in err and "boom" not in err


def test_a_bad_id_and_unpaired_surrogates_are_explained_plainly():
    from rules.models import CheckError, parse_request

    with pytest.raises(CheckError, match="^id must be a string or a whole number$"):
        parse_request({"text": "hi", "id": [1]})
    with pytest.raises(CheckError, match="^text is not valid Unicode$"):
        parse_request({"text": "a\ud800b"})


def test_options_in_any_order_around_the_draft(cli, coach):
    expected = coach.check({"text": "Hello", "platform": "bluesky", "pre_election": True}).to_json_dict()
    for argv in (["check", "--json", "--pre-election", "--platform", "bluesky", "Hello"],
                 ["check", "Hello", "--platform", "bluesky", "--pre-election", "--json"]):
        code, out, _ = cli(argv)
        assert code == 0 and json.loads(out) == expected
