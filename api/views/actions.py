"""Follow-through: actions with filters and keyset pages; updates recorded as events, never overwritten."""
from __future__ import annotations

import re
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
from graph.queries import STATUSES, ActionFilter, action_state, follow_through, parse_due

bp = Blueprint("actions", __name__)
_URL = re.compile(r"^https?://[^\s<>\"']{1,2000}$")
UPDATABLE = ("status", "owner", "due", "evidence_note", "evidence_link")


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
    """The fields of a PATCH body, checked; unknown or empty bodies are refused."""
    if not isinstance(body, dict) or not body:
        raise bad_request(f"send a JSON object with one or more of {', '.join(UPDATABLE)}")
    unknown = sorted(set(body) - set(UPDATABLE))
    if unknown:
        raise bad_request(f"unknown field(s) {', '.join(unknown)}; use {', '.join(UPDATABLE)}")
    changes: dict[str, Any] = {}
    for key, value in body.items():
        if not isinstance(value, str) or not value.strip():
            raise bad_request(f"{key} must be a non-empty string", field=key)
        value = value.strip()
        if len(value) > 2000:
            raise bad_request(f"{key} is longer than 2000 characters", field=key)
        if key == "status" and value not in STATUSES:
            raise bad_request(f"status must be one of {', '.join(STATUSES)}", field=key)
        if key == "due" and parse_due(value) is None:
            raise bad_request("due must be a date: YYYY-MM-DD, YYYY-MM, YYYY or 'March 2025'", field=key)
        if key == "evidence_link" and not _URL.match(value):
            raise bad_request("evidence_link must be an http(s) URL", field=key)
        if key == "owner" and len(value) > 200:
            raise bad_request("owner is longer than 200 characters", field=key)
        changes[key] = value
    # the evidence attribute is what follow-through reads; the note wins over the link as its text
    if "evidence_note" in changes or "evidence_link" in changes:
        changes["evidence"] = changes.get("evidence_note") or changes["evidence_link"]
    return changes


@bp.patch("/actions/<id:action_id>")
def update_action(action_id: str):
    node = _visible_action(action_id)
    p = current_principal()
    if not (p.role == "admin" or (p.role == "scrutineer" and p.tenant == node.tenant)):
        raise ApiError(403, "Forbidden", f"actions of {node.tenant} are updated by its scrutineer or an admin")
    changes = parse_update(request.get_json(silent=True))
    changed = {k: v for k, v in changes.items() if node.attrs.get(k) != v}
    rt = runtime()
    event = None
    if changed:
        event = rt.store.append_event(action_id, p.actor, changed)
        rt.accounts.audit(p, "action.update", action_id, event.before, event.after)
    node = rt.store.get_node(action_id, caller_scope())
    body = action_state(rt.store, node, caller_scope())
    return jsonify({"action": body, "event": event.to_dict() if event else None, "changed": bool(changed)})
