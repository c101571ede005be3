"""Who am I, which tenants exist; for admins: tokens and the audit log."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from api.accounts import AccountError
from api.auth import current_principal, require_role
from api.errors import ApiError, bad_request
from api.runtime import runtime
from api.views._common import arg_int
from graph.access import ROLES

bp = Blueprint("account", __name__)


@bp.get("/me")
def me():
    p = current_principal()
    rt = runtime()
    readable = p.scope.tenants(rt.tenant_names())
    return jsonify({**p.to_dict(), "readable_tenants": readable,
                    "may_update_actions": p.role in ("scrutineer", "admin"),
                    "is_admin": p.is_admin})


@bp.get("/tenants")
def tenants():
    return jsonify({"items": [t.to_dict() for t in runtime().accounts.tenants()]})


@bp.get("/tokens")
@require_role("admin")
def list_tokens():
    return jsonify({"items": [t.to_dict() for t in runtime().accounts.list_tokens()]})


@bp.post("/tokens")
@require_role("admin")
def create_token():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise bad_request("send a JSON object with tenant, role and optionally name and expires_days")
    tenant, role = body.get("tenant"), body.get("role")
    name, days = body.get("name"), body.get("expires_days")
    if not isinstance(tenant, str) or not isinstance(role, str):
        raise bad_request(f"tenant and role are required strings; role is one of {', '.join(ROLES)}")
    if name is not None and (not isinstance(name, str) or len(name) > 200):
        raise bad_request("name must be a string of at most 200 characters")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int | float)):
        raise bad_request("expires_days must be a number of days")
    rt = runtime()
    try:
        info, secret = rt.accounts.create_token(tenant, role, name, days)
    except AccountError as exc:
        raise bad_request(str(exc)) from None
    rt.accounts.audit(current_principal(), "token.create", info.id, None, info.to_dict())
    resp = jsonify({**info.to_dict(), "secret": secret})
    resp.status_code = 201
    return resp


@bp.delete("/tokens/<token_id>")
@require_role("admin")
def revoke_token(token_id: str):
    rt = runtime()
    before = rt.accounts.get_token(token_id)
    if before is None:
        raise ApiError(404, "Not Found", f"no token {token_id!r}")
    after = rt.accounts.revoke(token_id)
    rt.accounts.audit(current_principal(), "token.revoke", token_id, before.to_dict(), after.to_dict())
    return jsonify(after.to_dict())


@bp.get("/audit")
@require_role("admin")
def audit_log():
    limit = arg_int("limit", 100, 1, 1000)
    offset = arg_int("offset", 0, 0, 10_000_000)
    rt = runtime()
    return jsonify({"items": [r.to_dict() for r in rt.accounts.audit_log(limit, offset)],
                    "total": rt.accounts.audit_count(), "limit": limit, "offset": offset})
