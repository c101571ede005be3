"""Reviews: the list, a review's trace (findings, recommendations, actions) and an action's page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from api.views._common import audit_restricted_read, doc_ids_in, readable_visibility
from graph.measures import review_measures
from graph.queries import STATUSES, NotFound, action_state, trace
from web.actions import ActionUpdateError, can_update, update_action
from web.context import principal, scope, service
from web.links import api, seg


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/reviews", "reviews", reviews)
    bp.add_url_rule("/reviews/<path:review_id>", "review", review)
    bp.add_url_rule("/actions/<path:action_id>", "action", action, methods=["GET"])
    bp.add_url_rule("/actions/<path:action_id>", "action_update", action_update, methods=["POST"])


def reviews():
    from graph.measures import learning_loop

    rows = learning_loop(service("store"), scope())["reviews"]
    return render_template("reviews.html", rows=rows, json_twin=api("/entities", type="Review"))


def review(review_id: str):
    try:
        t = trace(service("store"), review_id, scope())
    except NotFound:
        abort(404)
    measures = review_measures(service("store"), review_id, scope())
    audit_restricted_read(f"review:{review_id}", doc_ids_in(t))
    actions_by_id = {a["id"]: a for a in t["actions"]}
    anchors = {a["id"]: f"action-{i}" for i, a in enumerate(t["actions"], 1)}
    vis = readable_visibility()
    restricted = sorted(d for d in doc_ids_in(t) if vis.get(d) == "restricted")
    return render_template("review.html", t=t, actions_by_id=actions_by_id, anchors=anchors, m=measures,
                           restricted=restricted,
                           json_twin=api(f"/reviews/{seg(review_id)}/trace"))


def action(action_id: str):
    store = service("store")
    node = store.get_node(action_id, scope())
    if node is None or node.type != "Action":
        abort(404)
    state = action_state(store, node, scope())
    audit_restricted_read(f"action:{action_id}", doc_ids_in(state))
    history = list(reversed(store.events(action_id)))
    return render_template("action.html", a=state, history=history, statuses=STATUSES, shown=shown_changes,
                           may_update=can_update(principal(), state),
                           json_twin=api(f"/actions/{seg(action_id)}"))


def action_update(action_id: str):
    try:
        event = update_action(service("store"), service("accounts"), principal(), action_id, request.form)
    except NotFound:
        abort(404)
    except PermissionError as e:
        abort(403, str(e))
    except ActionUpdateError as e:
        flash(f"Not saved: {e}")
        return redirect(_back(action_id), code=303)
    flash("Saved: " + "; ".join(f"{k.replace('_', ' ')} → {v}" for k, v in shown_changes(event.changes).items())
          if event else "Nothing changed.")
    return redirect(_back(action_id), code=303)


def shown_changes(changes: dict) -> dict:
    """A change as people made it: 'evidence' is derived from the note or link sent with it."""
    if "evidence_note" in changes or "evidence_link" in changes:
        return {k: v for k, v in changes.items() if k != "evidence"}
    return changes


def _back(action_id: str) -> str:
    nxt = request.form.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt:
        return nxt
    return url_for("web.action", action_id=action_id)
