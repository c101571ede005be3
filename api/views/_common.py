"""Small helpers the resource views share: query parameters, cursors, scoped tenant filters."""
from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from flask import request

from api.auth import current_principal
from api.errors import bad_request
from api.runtime import runtime
from graph.access import Scope

MAX_LIMIT = 200
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def arg_int(name: str, default: int, lo: int = 0, hi: int = MAX_LIMIT) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"{name} must be a whole number, not {raw!r}", parameter=name) from None
    if not lo <= value <= hi:
        raise bad_request(f"{name} must be between {lo} and {hi}", parameter=name)
    return value


def arg_bool(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise bad_request(f"{name} must be true or false, not {raw!r}", parameter=name)


def arg_str(name: str, max_len: int = 500) -> str | None:
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return None
    if len(raw) > max_len:
        raise bad_request(f"{name} is longer than {max_len} characters", parameter=name)
    return raw.strip()


def arg_tenants() -> list[str] | None:
    """tenant=a&tenant=b or tenant=a,b: validated names, or None for all the caller can read."""
    raw = [t for v in request.args.getlist("tenant") for t in v.split(",") if t.strip()]
    if not raw:
        return None
    known = set(runtime().tenant_names())
    out = []
    for t in raw:
        t = t.strip()
        if t not in known:
            raise bad_request(f"unknown tenant {t!r}: known are {', '.join(sorted(known))}", parameter="tenant")
        out.append(t)
    return out


def caller_scope(tenants: list[str] | None = None) -> Scope:
    """The caller's Scope, narrowed (never widened) to the tenants they asked for."""
    return current_principal().scope.narrow(tenants)


def encode_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(name: str = "cursor") -> Any:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        padded = raw + "=" * (-len(raw) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise bad_request(f"{name} is not a cursor this API handed out", parameter=name) from None


def keyset_page(rows: list[dict[str, Any]], key, limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """Rows after the cursor's key (rows must be sorted by key), and the cursor for the next page."""
    after = decode_cursor()
    if after is not None:
        if not isinstance(after, list):
            raise bad_request("cursor is not a cursor this API handed out", parameter="cursor")
        try:
            rows = [r for r in rows if list(key(r)) > after]
        except TypeError:
            raise bad_request("cursor is not a cursor this API handed out", parameter="cursor") from None
    page = rows[:limit]
    nxt = encode_cursor(list(key(page[-1]))) if len(rows) > limit and page else None
    return page, nxt


def readable_visibility() -> dict[str, str]:
    """doc id -> visibility for every document the caller may read (cached for the request)."""
    from flask import g

    cached = g.get("_readable_docs")
    if cached is None:
        cached = {d.id: d.visibility for d in runtime().store.list_documents(current_principal().scope)}
        g._readable_docs = cached
    return cached


def audit_restricted_read(target: str, doc_ids: set[str] | list[str]) -> None:
    """Reads that drew on restricted documents are audited (who read which restricted sources)."""
    vis = readable_visibility()
    restricted = sorted({d for d in doc_ids if vis.get(d) == "restricted"})
    if restricted:
        runtime().accounts.audit(current_principal(), "read.restricted", target, None,
                                 {"documents": restricted, "path": request.full_path.rstrip("?")})


def doc_ids_in(obj: Any) -> set[str]:
    """Every document id a result cites (provenance 'doc_id' or export 'doc' keys, hits' 'doc_id')."""
    out: set[str] = set()
    stack = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            for k, v in cur.items():
                if k in ("doc_id", "doc") and isinstance(v, str):
                    out.add(v)
                elif isinstance(v, dict | list):
                    stack.append(v)
        elif isinstance(cur, list):
            stack.extend(cur)
    return out


def audit_aggregate_read(target: str, tenants: list[str] | None = None) -> None:
    """Aggregates (structure, measures, recurring) may draw on every restricted document the caller
    can read: audit them all rather than trace each number to its sources."""
    docs = runtime().store.list_documents(caller_scope(tenants))
    audit_restricted_read(target, [d.id for d in docs if d.visibility == "restricted"])
