"""learnloop trace REVIEW: from a review to its findings, recommendations, actions and evidence."""
from __future__ import annotations

import argparse
import json

from graph.queries import NotFound, trace
from learnloop.cli import UserError
from learnloop.services import open_services


def register(sub) -> None:
    p = sub.add_parser("trace", help="trace a review to its actions, owners, evidence and themes")
    p.add_argument("review", help="review id, or part of its name")
    p.add_argument("--tenant", help="look for the review in this tenant")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    services = open_services(args.data, repair=False)
    store = services.store
    try:
        review_id = args.review
        if store.get_node(review_id) is None:
            matches = store.find_nodes("Review", tenant=args.tenant, name=args.review)
            if not matches:
                raise UserError(f"no review matches {args.review!r}")
            if len(matches) > 1:
                raise UserError(f"{len(matches)} reviews match {args.review!r}: "
                                + "; ".join(f"{m.id} ({m.name})" for m in matches[:10]))
            review_id = matches[0].id
        try:
            result = trace(store, review_id)
        except NotFound as exc:
            raise UserError(str(exc)) from None
    finally:
        services.close()
    if args.json:
        print(json.dumps(result, indent=1, default=str))
        return 0
    print(f"{result['name']}  [{result['id']}]  {result['attrs'].get('kind', '')} {result['attrs'].get('status', '')}")
    for f in result["findings"]:
        print(f"  finding: {f['name']}")
    for r in result["recommendations"]:
        print(f"  recommendation: {r['name']}")
    for a in result["actions"]:
        flags = " OVERDUE" if a["overdue"] else ""
        flags += "" if a["has_evidence"] else " (no evidence)"
        print(f"  action [{a['status']}] {a['name']}  owner: {a['owner'] or '-'}  due: {a['due'] or '-'}{flags}")
    if result["themes"]:
        print("  themes: " + ", ".join(t["name"] for t in result["themes"]))
    return 0
