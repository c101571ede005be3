"""learnloop tenant add|list: the partnerships (and shared areas) tokens and documents belong to."""
from __future__ import annotations

import argparse

from api.accounts import AccountError
from learnloop.cli import UserError
from learnloop.commands.token import accounts_for


def register(sub) -> None:
    p = sub.add_parser("tenant", help="add or list tenants")
    tsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = tsub.add_parser("add", help="add a tenant")
    a.add_argument("name", help="short lower-case name, e.g. mkscp")
    a.add_argument("--title", help="full name, e.g. 'Milton Keynes Safeguarding Children Partnership'")
    a.set_defaults(handler=run_add)
    ls = tsub.add_parser("list", help="list tenants")
    ls.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace) -> int:
    accounts = accounts_for(args)
    try:
        t = accounts.add_tenant(args.name, args.title)
    except AccountError as exc:
        raise UserError(str(exc)) from None
    accounts.audit("cli", "tenant.add", t.name, None, t.to_dict())
    print(f"added tenant {t.name} ({t.title})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    for t in accounts_for(args).tenants():
        print(f"{t.name}\t{t.title}")
    return 0
