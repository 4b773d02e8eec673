"""Checkpost's command line: `check` a draft (or a batch of JSON lines) and `serve` the bots.

    python app.py check "draft text" [--platform x] [--account council] [--pre-election] [--json]
    python app.py check --jsonl < drafts.jsonl
    python app.py serve [--port 3978]
    python app.py feedback report|export   (store/cli.py)

Exit status: 0 when the check ran, whatever it found; 2 for bad arguments or bad input;
1 when the engine itself failed (a bug: the message names the fault, never the draft).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from typing import TextIO

from rules.models import ACCOUNTS, PLATFORMS
from rules.packs import PackError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="app.py", description="Checkpost: coach a reply before it is posted.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a draft and print the coaching")
    check.add_argument("text", nargs="?", help="the draft, or - to read it from standard input")
    check.add_argument("--platform", choices=PLATFORMS, default="x")
    check.add_argument("--account", choices=ACCOUNTS, default="council")
    check.add_argument("--pre-election", action="store_true", help="inside a pre-election (purdah) period")
    check.add_argument("--in-reply-to", metavar="POST", help="the public post being answered")
    check.add_argument("--json", action="store_true", help="print the JSON report")
    check.add_argument("--jsonl", action="store_true", help="JSON lines in on stdin, one report per line out")
    check.add_argument("--rules", action="append", default=[], metavar="DIR",
                       help="a folder of extra rule packs (may be repeated)")
    serve = sub.add_parser("serve", help="run the server for Slack, Teams and the HTTP API")
    serve.add_argument("--port", type=int, default=None, help="port to listen on (default: $PORT or 3978)")
    serve.add_argument("--host", default=None)
    from store.cli import add_parser as add_feedback_parser
    add_feedback_parser(sub)
    return parser


def _rule_dirs(args: argparse.Namespace) -> tuple[str, ...]:
    from_env = tuple(p for p in os.environ.get("CHECKPOST_RULES", "").split(os.pathsep) if p.strip())
    return from_env + tuple(args.rules)


def _fail(parser: argparse.ArgumentParser, message: str) -> int:
    parser.print_usage(sys.stderr)
    print(f"app.py check: error: {message}", file=sys.stderr)
    return 2


def _internal_error(where: str, fault: str | None) -> None:
    """One line on stderr naming the fault, never the draft's text and never a traceback."""
    print(f"app.py check: internal error on {where}: {fault or 'the check failed'}", file=sys.stderr)


def _decode_line(number: int, raw: bytes) -> object:
    """One JSON line, or ValueError with the message to answer it with."""
    try:
        # A byte order mark (Windows editors add one) starts the first line, not the JSON.
        return json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"line {number} is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number} is not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise ValueError(f"line {number} is not valid JSON: nested too deeply") from None
    except ValueError:  # an integer of more than 4,300 digits: CPython's limit on int conversion
        raise ValueError(f"line {number} is not valid JSON: a number in it is too long") from None


async def _answer_line(intake, number: int, raw: bytes) -> tuple[dict, bool]:
    from bot.intake import echoed_id
    from bot.team_context import Where

    try:
        data = _decode_line(number, raw)
    except ValueError as exc:
        return {"id": None, "error": str(exc)}, True
    answer = await intake.check_json(data, Where("cli"))
    if answer.status >= 500 and answer.status != 503:  # a fault in the engine, not in the input
        _internal_error(f"line {number}", answer.fault)
        return {"id": echoed_id(data), "error": answer.body["error"]}, False
    return answer.body, True


async def _run_jsonl(intake, lines, out: TextIO, window: int) -> bool:
    """Answers in input order while up to `window` checks run at once (one per worker and some queued)."""
    from collections import deque

    pending: deque[asyncio.Future] = deque()
    all_ran = True

    def write(result: tuple[dict, bool]) -> None:
        nonlocal all_ran
        report, ran = result
        all_ran = all_ran and ran
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
        out.flush()

    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        pending.append(asyncio.ensure_future(_answer_line(intake, number, raw)))
        while len(pending) >= window:
            write(await pending.popleft())
    while pending:
        write(await pending.popleft())
    return all_ran


def run_jsonl(intake, stdin: TextIO | None = None, stdout: TextIO | None = None, window: int = 1) -> bool:
    """One report per input line, in order; a bad line answers {"id", "error"} and the batch goes on.

    Returns False when the engine itself failed on some line: that line still gets an answer, so
    one faulty rule cannot cost a whole batch, but the exit status must not claim all went well.
    A line the coach cannot finish within its deadline answers an error saying so.
    """
    source = (stdin or sys.stdin).buffer if stdin is None or hasattr(stdin, "buffer") else None
    out = stdout or sys.stdout
    lines = source if source is not None else (line.encode("utf-8") for line in stdin)  # type: ignore[union-attr]
    return asyncio.run(_run_jsonl(intake, lines, out, window))


def _checker(args: argparse.Namespace, settings):
    """The batch uses a worker pool (every core, a deadline per line) unless CHECKPOST_WORKERS=0;
    a single check always runs in this process, so its cold start does not grow."""
    from bot.checking import InlineChecker, PoolChecker
    from rules import Coach

    if args.jsonl and settings.checkpost_workers != 0:
        return PoolChecker(_rule_dirs(args), deadline=settings.checkpost_check_deadline,
                           max_checks=settings.checkpost_worker_checks)
    return InlineChecker(Coach(_rule_dirs(args)))


def cmd_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from bot.intake import Intake
    from bot.settings import Settings
    from bot.team_context import Where

    if args.jsonl and args.text is not None:
        return _fail(parser, "--jsonl reads JSON lines from standard input; give no draft text")
    if not args.jsonl and args.text is None:
        return _fail(parser, "give the draft text, or - to read it from standard input")
    settings = Settings()
    try:
        checker = _checker(args, settings)
        if args.jsonl:
            asyncio.run(checker.start())  # loads every pack: a broken one is refused before any line
    except PackError as exc:
        return _fail(parser, f"a rule pack could not be loaded: {exc}")
    except Exception as exc:  # a worker could not build its Coach: name the fault, not a traceback
        cause = exc.__cause__ if isinstance(exc.__cause__, PackError) else exc
        return _fail(parser, f"a rule pack could not be loaded: {cause}")
    intake = Intake(checker)
    if args.jsonl:
        try:
            window = 4 * getattr(checker, "workers", 1)
            return 0 if run_jsonl(intake, window=window) else 1
        finally:
            asyncio.run(checker.close())
    text = args.text
    if text == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            return _fail(parser, "the draft on standard input is not valid UTF-8")
    fields = {"text": text, "platform": args.platform, "account": args.account,
              "pre_election": args.pre_election, "in_reply_to": args.in_reply_to}
    answer = asyncio.run(intake.check_json(fields, Where("cli")))
    if answer.report is None:
        if answer.status < 500:
            return _fail(parser, answer.body["error"])
        _internal_error("the draft", answer.fault)
        return 1
    if args.json:
        print(json.dumps(answer.body, ensure_ascii=False, indent=2))
    else:
        from bot.render_text import render_text
        print(render_text(answer.report))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.server import build_app, freeze_startup_heap
    from bot.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    overrides = {k: v for k, v in (("port", args.port), ("host", args.host)) if v is not None}
    settings = Settings(**overrides)
    app = build_app(settings)
    app.on_startup.append(freeze_startup_heap)  # last, once the pool and the store are up
    web.run_app(app, host=settings.host, port=settings.port)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args, parser)
    if args.command == "feedback":
        from store.cli import run as run_feedback
        return run_feedback(args)
    return cmd_serve(args)


if __name__ == "__main__":
    sys.exit(main())
