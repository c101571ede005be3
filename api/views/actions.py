"""Follow-through: actions with filters and keyset pages; updates recorded as events, never overwritten."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from api.auth import current_principal
from api.errors import ApiError, bad_request, not_found
from api.runtime import runtime
from api.views._common import (
    arg_bool,
    arg_int,
    arg_str,
    arg_tenants,
    audit_restricted_read,
    caller_scope,
    doc_ids_in,
    keyset_page,
)
from graph.queries import STATUSES, ActionFilter, action_state, follow_through
from graph.updates import UPDATABLE, UpdateError, check_update
from graph.updates import update_action as apply_update

bp = Blueprint("actions", __name__)
__all__ = ["UPDATABLE", "bp", "parse_update"]


@bp.get("/actions")
def list_actions():
    status = arg_str("status", 40)
    if status is not None and status not in STATUSES:
        raise bad_request(f"status must be one of {', '.join(STATUSES)}", parameter="status")
    tenants = arg_tenants()
    filters = ActionFilter(status=status, owner=arg_str("owner", 200), review=arg_str("review", 500),
                           theme=arg_str("theme", 200), overdue=arg_bool("overdue"),
                           without_evidence=arg_bool("without_evidence"))
    limit = arg_int("limit", 50, 1, 200)
    rows = follow_through(runtime().store, caller_scope(tenants), filters=filters)
    page, nxt = keyset_page(rows, lambda r: (r["id"],), limit)
    audit_restricted_read("actions", doc_ids_in(page))
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES}
    return jsonify({"items": page, "total": len(rows), "next_cursor": nxt, "counts": counts,
                    "overdue": sum(1 for r in rows if r["overdue"]),
                    "without_evidence": sum(1 for r in rows if not r["has_evidence"])})


def _visible_action(action_id: str):
    node = runtime().store.get_node(action_id, caller_scope())
    if node is None or node.type != "Action":
        raise not_found(f"action {action_id!r}")
    return node


@bp.get("/actions/<id:action_id>")
def get_action(action_id: str):
    node = _visible_action(action_id)
    body = action_state(runtime().store, node, caller_scope())
    audit_restricted_read(f"action:{action_id}", doc_ids_in(body))
    return jsonify(body)


@bp.get("/actions/<id:action_id>/history")
def action_history(action_id: str):
    node = _visible_action(action_id)
    audit_restricted_read(f"history:{action_id}", {p.doc_id for p in node.provenance})
    return jsonify({"action_id": action_id,
                    "items": [e.to_dict() for e in runtime().store.events(action_id)]})


def parse_update(body: Any) -> dict[str, Any]:
    """The fields of a PATCH body, checked (graph/updates.py holds the rule)."""
    try:
        return check_update(body)
    except UpdateError as exc:
        raise bad_request(str(exc), **({"field": exc.field} if exc.field else {})) from None


@bp.patch("/actions/<id:action_id>")
def update_action(action_id: str):
    _visible_action(action_id)
    p = current_principal()
    rt = runtime()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        body = {}
    try:
        event = apply_update(rt.store, p, action_id, body,
                             audit=lambda ev: rt.accounts.audit(p, "action.update", action_id, ev.before, ev.after))
    except PermissionError as exc:
        raise ApiError(403, "Forbidden", str(exc)) from None
    except UpdateError as exc:
        raise bad_request(str(exc), **({"field": exc.field} if exc.field else {})) from None
    changed = event is not None
    node = rt.store.get_node(action_id, caller_scope())
    body = action_state(rt.store, node, caller_scope())
    return jsonify({"action": body, "event": event.to_dict() if event else None, "changed": bool(changed)})
