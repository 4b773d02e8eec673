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
import json
import logging
import os
import sys
from typing import TextIO

from rules.models import ACCOUNTS, PLATFORMS, CheckError, parse_request
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


def _internal_error(exc: Exception, where: str) -> None:
    """One line on stderr naming the fault, never the draft's text and never a traceback."""
    print(f"app.py check: internal error on {where}: {type(exc).__name__}", file=sys.stderr)


def run_jsonl(coach, stdin: TextIO | None = None, stdout: TextIO | None = None) -> bool:
    """One report per input line, in order; a bad line answers {"id", "error"} and the batch goes on.

    Returns False when the engine itself failed on some line: that line still gets an answer, so
    one faulty rule cannot cost a whole batch, but the exit status must not claim all went well.
    """
    source = (stdin or sys.stdin).buffer if stdin is None or hasattr(stdin, "buffer") else None
    out = stdout or sys.stdout
    lines = source if source is not None else (line.encode("utf-8") for line in stdin)  # type: ignore[union-attr]
    all_ran = True
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        ident = None
        try:
            # A byte order mark (Windows editors add one) starts the first line, not the JSON.
            data = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            ident = data.get("id") if isinstance(data, dict) else None
            report = coach.check(parse_request(data)).to_json_dict()
        except UnicodeDecodeError:
            report = {"id": None, "error": f"line {number} is not valid UTF-8"}
        except json.JSONDecodeError as exc:
            report = {"id": None, "error": f"line {number} is not valid JSON: {exc.msg}"}
        except RecursionError:
            report = {"id": None, "error": f"line {number} is not valid JSON: nested too deeply"}
        except CheckError as exc:
            report = {"id": ident, "error": str(exc)}
        except Exception as exc:  # a fault in the engine, not in the input
            all_ran = False
            _internal_error(exc, f"line {number}")
            report = {"id": ident, "error": "the check failed on this draft (an internal error)"}
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
        out.flush()
    return all_ran


def cmd_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from rules import Coach

    if args.jsonl and args.text is not None:
        return _fail(parser, "--jsonl reads JSON lines from standard input; give no draft text")
    if not args.jsonl and args.text is None:
        return _fail(parser, "give the draft text, or - to read it from standard input")
    try:
        coach = Coach(_rule_dirs(args))
    except PackError as exc:
        return _fail(parser, f"a rule pack could not be loaded: {exc}")
    if args.jsonl:
        return 0 if run_jsonl(coach) else 1
    text = args.text
    if text == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            return _fail(parser, "the draft on standard input is not valid UTF-8")
    try:
        request = parse_request({"text": text, "platform": args.platform, "account": args.account,
                                 "pre_election": args.pre_election, "in_reply_to": args.in_reply_to})
    except CheckError as exc:
        return _fail(parser, str(exc))
    try:
        report = coach.check(request)
    except Exception as exc:  # a fault in the engine, not in the input
        _internal_error(exc, "the draft")
        return 1
    if args.json:
        print(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        from bot.render_text import render_text
        print(render_text(report))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.server import build_app
    from bot.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    overrides = {k: v for k, v in (("port", args.port), ("host", args.host)) if v is not None}
    settings = Settings(**overrides)
    app = build_app(settings)
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
