"""The scrutineer dashboard: follow-through across reviews, measures and recurring learning."""
from __future__ import annotations

from collections import Counter

from flask import Blueprint, render_template, request, url_for

from api.views._common import audit_restricted_read, doc_ids_in
from graph.measures import learning_loop, recurring_learning
from graph.queries import STATUSES, ActionFilter, follow_through
from web.actions import can_update
from web.context import known_tenants, principal, scope, service
from web.links import api

PAGE_SIZE = 50
# The "show" filter: named slices of follow-through, as the API's overdue= and without_evidence= give them.
SHOW = {"overdue": {"overdue": True}, "unevidenced": {"status": "done", "without_evidence": True}}
SHOW_LABELS = {"": "All actions", "overdue": "Overdue", "unevidenced": "Done without evidence"}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard", "dashboard", dashboard)


def dashboard():
    store = service("store")
    args = {k: request.args.get(k, "").strip() for k in ("tenant", "agency", "theme", "review", "status", "show")}
    tenants = known_tenants()
    chosen = [args["tenant"]] if args["tenant"] in tenants else None
    everything = follow_through(store, scope(), chosen)
    filters = ActionFilter(**{
        "status": args["status"] or None, "owner": args["agency"] or None, "review": args["review"] or None,
        "theme": args["theme"] or None, **SHOW.get(args["show"], {})})
    # unfiltered, the rows are the ones already fetched for the filter choices
    rows = follow_through(store, scope(), chosen, filters) if filters != ActionFilter() else everything
    audit_restricted_read("dashboard", doc_ids_in(rows))
    measures = learning_loop(store, scope(), chosen)
    review_rows = [r for r in measures["reviews"] if not args["review"] or r["review"]["id"] == args["review"]]
    page = max(1, request.args.get("page", "1").isdigit() and int(request.args.get("page", "1")) or 1)
    options = {
        "agency": sorted({a["owner"] for a in everything if a["owner"]}, key=str.lower),
        "theme": sorted({t["name"] for a in everything for t in a["themes"]}, key=str.lower),
        "review": sorted({(r["id"], r["name"]) for a in everything for r in a["reviews"]},
                         key=lambda x: x[1].lower()),
    }
    me = principal()
    return render_template(
        "dashboard.html", args=args, tenants=tenants, show_labels=SHOW_LABELS, options=options, statuses=STATUSES,
        counts=Counter(a["status"] for a in rows), total=len(rows),
        overdue=[a for a in rows if a["overdue"]],
        done_no_evidence=[a for a in rows if a["status"] == "done" and not a["has_evidence"]],
        rows=rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], page=page, pages=max(1, -(-len(rows) // PAGE_SIZE)),
        review_rows=review_rows, partnerships=measures["partnerships"],
        recurring=recurring_learning(store, scope(), chosen),
        may_update={a["id"] for a in rows if can_update(me, a)},
        slice_url={k: url_for("web.dashboard", **{**{a: v for a, v in args.items() if v}, "show": k or None})
                   for k in SHOW_LABELS}, page_url=request.full_path.rstrip("?"),
        json_twin=api("/actions", tenant=args["tenant"],
                      status="done" if args["show"] == "unevidenced" else args["status"], owner=args["agency"],
                      review=args["review"], theme=args["theme"], overdue=args["show"] == "overdue",
                      without_evidence=args["show"] == "unevidenced"))
