"""learnloop demo-tokens: one sign-in token per role, so a newcomer can look around at once."""
from __future__ import annotations

import argparse
import os

from learnloop.commands.token import accounts_for

DEMO_PREFIX = "demo "
# (role, tenant): the coordinating group reads across Pan Bedfordshire; the others work for one partnership
DEMO_ROLES = (("admin", "pan-beds"), ("coordinator", "pan-beds"), ("scrutineer", "bbscp"), ("practitioner", "bbscp"),
              ("scrutineer", "cbscp"), ("practitioner", "lscp"))


def register(sub) -> None:
    p = sub.add_parser("demo-tokens", help="create a demo token per role and print them with the sign-in URL")
    p.add_argument("--url", help="where the server runs (default http://$HOST:$PORT or http://127.0.0.1:5000)")
    p.add_argument("--expires", type=float, default=7, metavar="DAYS", help="token lifetime (default 7 days)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    accounts = accounts_for(args)
    # earlier demo tokens are revoked so `make demo` run twice leaves one working set
    for t in accounts.list_tokens():
        if t.name.startswith(DEMO_PREFIX) and t.active:
            accounts.revoke(t.id)
            accounts.audit("demo-tokens", "token.revoke", t.id, t.to_dict(), None)
    url = (args.url or f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}").rstrip("/")
    print(f"Demo tokens (valid {args.expires:g} days). Sign in at {url}/sign-in with one of:")
    for role, tenant in DEMO_ROLES:
        info, secret = accounts.create_token(tenant, role, f"{DEMO_PREFIX}{role} ({tenant})", args.expires)
        accounts.audit("demo-tokens", "token.create", info.id, None, info.to_dict())
        print(f"  {role:<13} {tenant:<9} {secret}")
    print(f"API: curl -H 'Authorization: Bearer <token>' {url}/api/v1/me   (docs: docs/api.md)")
    return 0
