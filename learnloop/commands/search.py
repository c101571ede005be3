"""learnloop search QUERY: full-text search of the stored passages, from the command line.

With no token the CLI is a local administrator: it reads every tenant and level
unless --tenant narrows it.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys

from graph.access import Scope
from learnloop.cli import UserError
from learnloop.services import open_services

_MARK = re.compile(r"<mark>(.*?)</mark>")


def register(sub) -> None:
    p = sub.add_parser("search", help="full-text search of passages (query language: see README)")
    p.add_argument("query", help='e.g. neglect, "was not brought", county lines AND theme:exploitation')
    p.add_argument("--tenant", action="append", metavar="T",
                   help="only this tenant (repeat, or comma-separate, for several)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="hits per page (1-100, default 10)")
    p.add_argument("--cursor", help="the next_cursor printed by the previous page")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from search.errors import SearchError

    tenants = [t.strip() for v in args.tenant or [] for t in v.split(",") if t.strip()] or None
    try:
        services = open_services(args.data)  # repairs the index from the store first
    except SearchError as exc:
        raise UserError(str(exc)) from None
    if services.search is None:
        raise UserError("search is not available in this installation")
    try:
        res = services.search.search(args.query, Scope.everything(), tenants=tenants, limit=args.limit,
                                     cursor=args.cursor)
    except SearchError as exc:
        raise UserError(str(exc)) from None
    finally:
        services.close()
    try:
        _print(res, args.json)
    except BrokenPipeError:  # `learnloop search x | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print(res, as_json: bool) -> None:
    if as_json:
        json.dump(res.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    bold = sys.stdout.isatty()
    print(f"{res.total} passage{'s' if res.total != 1 else ''} match")
    for i, h in enumerate(res.hits, start=res.offset + 1):
        where = " > ".join(x for x in (h.title, h.section) if x)
        page = f", p. {h.page}" if h.page else ""
        print(f"\n{i}. [{h.tenant}] {where}{page}  ({h.doc_id}, score {h.score:.2f})")
        print("   " + _plain(h.snippet_html, bold))
    for name, values in res.facets.items():
        if values:
            print(f"\n{name}: " + ", ".join(f"{v} ({n})" for v, n in values[:10]), end="")
    print()
    if res.suggestions:
        print(f"Did you mean: {res.suggestions[0]}")
    if res.next_cursor:
        print(f"More: --cursor {res.next_cursor}")


def _plain(snippet_html: str, bold: bool) -> str:
    """The snippet for a terminal: marks as bold (or [brackets] when piped), entities decoded."""
    marked = _MARK.sub(lambda m: f"\x1b[1m{m.group(1)}\x1b[0m" if bold else f"[{m.group(1)}]", snippet_html)
    return html.unescape(marked)
