"""learnloop token create|list|revoke: bearer tokens for the API and the web UI."""
from __future__ import annotations

import argparse

from api.accounts import AccountError, AccountStore
from graph.access import ROLES
from learnloop.cli import UserError
from learnloop.config import load_config


def accounts_for(args: argparse.Namespace) -> AccountStore:
    return AccountStore(load_config(args.data).data_dir / "accounts.sqlite")


def register(sub) -> None:
    p = sub.add_parser("token", help="create, list or revoke API tokens")
    tsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = tsub.add_parser("create", help="create a token (printed once, alone on the last line)")
    c.add_argument("--tenant", required=True, help="the tenant the token belongs to")
    c.add_argument("--role", required=True, choices=ROLES)
    c.add_argument("--name", help="who or what the token is for")
    c.add_argument("--expires", type=float, metavar="DAYS", help="expire after DAYS days (default: never)")
    c.set_defaults(handler=run_create)
    ls = tsub.add_parser("list", help="list tokens (never their secrets)")
    ls.set_defaults(handler=run_list)
    rv = tsub.add_parser("revoke", help="revoke a token at once")
    rv.add_argument("token_id")
    rv.set_defaults(handler=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    accounts = accounts_for(args)
    try:
        info, secret = accounts.create_token(args.tenant, args.role, args.name, args.expires)
    except AccountError as exc:
        raise UserError(str(exc)) from None
    accounts.audit("cli", "token.create", info.id, None, info.to_dict())
    print(f"created {info.id} for {info.name}: role {info.role}, tenant {info.tenant}, "
          f"expires {info.expires or 'never'}")
    print("the token is shown only now; keep it secret:")
    print(secret)
    return 0


def run_list(args: argparse.Namespace) -> int:
    accounts = accounts_for(args)
    for t in accounts.list_tokens():
        state = "active" if t.active else ("revoked" if t.revoked else "expired")
        print(f"{t.id}\t{t.tenant}\t{t.role}\t{state}\t{t.expires or '-'}\t{t.name}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    accounts = accounts_for(args)
    before = accounts.get_token(args.token_id)
    try:
        after = accounts.revoke(args.token_id)
    except AccountError as exc:
        raise UserError(str(exc)) from None
    accounts.audit("cli", "token.revoke", after.id, before.to_dict() if before else None, after.to_dict())
    print(f"revoked {after.id} ({after.name})")
    return 0
