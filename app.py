"""Checkpost's command line: `check` a draft (or a batch of JSON lines) and `serve` the bots.

    python app.py check "draft text" [--platform x] [--account council] [--pre-election] [--json]
    python app.py check --jsonl < drafts.jsonl
    python app.py serve [--port 3978]

Exit status: 0 when the check ran, whatever it found; 2 for bad arguments or bad input.
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
    return parser


def _rule_dirs(args: argparse.Namespace) -> tuple[str, ...]:
    from_env = tuple(p for p in os.environ.get("CHECKPOST_RULES", "").split(os.pathsep) if p.strip())
    return from_env + tuple(args.rules)


def _fail(parser: argparse.ArgumentParser, message: str) -> int:
    parser.print_usage(sys.stderr)
    print(f"app.py check: error: {message}", file=sys.stderr)
    return 2


def run_jsonl(coach, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
    """One report per input line, in order; a bad line answers {"id", "error"} and the batch goes on."""
    source = (stdin or sys.stdin).buffer if stdin is None or hasattr(stdin, "buffer") else None
    out = stdout or sys.stdout
    lines = source if source is not None else (line.encode("utf-8") for line in stdin)  # type: ignore[union-attr]
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
        except CheckError as exc:
            report = {"id": ident, "error": str(exc)}
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
        out.flush()


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
        run_jsonl(coach)
        return 0
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
    report = coach.check(request)
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
    return cmd_serve(args)


if __name__ == "__main__":
    sys.exit(main())
