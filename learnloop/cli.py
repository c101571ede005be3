"""The `learnloop` command: subcommands live in learnloop/commands/, one module each."""
from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

from learnloop import commands


class UserError(Exception):
    """An error the user can act on: printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnloop",
        description="Safeguarding partnership documents as a knowledge graph of reviews, learning and actions.")
    parser.add_argument("--data", metavar="DIR",
                        help="data directory (default: $LEARNLOOP_DATA or ./learnloop-data)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"learnloop.commands.{info.name}")
        module.register(sub)
    for child in sub.choices.values():
        _accept_data_anywhere(child)
    return parser


def _accept_data_anywhere(parser: argparse.ArgumentParser) -> None:
    """Let --data come after the subcommand too (`learnloop export --data DIR`)."""
    if not any("--data" in a.option_strings for a in parser._actions):
        parser.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS, help="data directory")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _accept_data_anywhere(child)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"learnloop {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
