"""Documents: list and read (scoped, any role); upload = ingest and delete = retract (admin)."""
from __future__ import annotations

import logging
import re

from flask import Blueprint, jsonify, request

from api.auth import current_principal, require_role
from api.errors import ApiError, bad_request, not_found
from api.runtime import runtime
from api.uploads import DOCUMENT_TYPES, saved_upload
from api.views._common import arg_bool, arg_int, arg_tenants, audit_restricted_read, caller_scope, keyset_page
from graph.access import VISIBILITIES
from graph.store import StoreError

log = logging.getLogger("learnloop.api")
bp = Blueprint("documents", __name__)
_KIND = re.compile(r"^[a-z0-9_ -]{1,40}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@bp.get("/documents")
def list_documents():
    tenants = arg_tenants()
    limit = arg_int("limit", 50, 1, 200)
    docs = runtime().store.list_documents(caller_scope(tenants))
    rows = sorted((d.to_dict() for d in docs), key=lambda d: d["id"])
    page, nxt = keyset_page(rows, lambda r: (r["id"],), limit)
    audit_restricted_read("documents", {r["id"] for r in page})
    return jsonify({"items": page, "total": len(rows), "next_cursor": nxt})


@bp.get("/documents/<id:doc_id>")
def get_document(doc_id: str):
    store = runtime().store
    scope = caller_scope()
    doc = store.get_document(doc_id, scope, with_text=False)
    if doc is None:
        raise not_found(f"document {doc_id!r}")
    body = doc.to_dict()
    if arg_bool("passages") is not False:
        body["passages"] = [p.to_dict() for p in store.passages(doc_id, scope)]
    audit_restricted_read(f"document:{doc_id}", {doc_id})
    return jsonify(body)


@bp.post("/documents")
@require_role("admin")
def upload_document():
    form = request.form
    tenant = (form.get("tenant") or "").strip()
    rt = runtime()
    if tenant not in rt.accounts.tenant_names():
        raise bad_request(f"tenant is required, one of {', '.join(rt.accounts.tenant_names())}", field="tenant")
    visibility = (form.get("visibility") or "public").strip()
    if visibility not in VISIBILITIES:
        raise bad_request(f"visibility must be one of {', '.join(VISIBILITIES)}", field="visibility")
    kind = (form.get("kind") or "document").strip()
    if not _KIND.match(kind):
        raise bad_request("kind: up to 40 lower-case letters, digits, spaces, '-' or '_'", field="kind")
    date = (form.get("date") or "").strip() or None
    if date and not _DATE.match(date):
        raise bad_request("date: YYYY, YYYY-MM or YYYY-MM-DD", field="date")
    title = (form.get("title") or "").strip()[:300] or None
    meta = {"tenant": tenant, "visibility": visibility, "kind": kind, "date": date, "title": title}
    return ingest_upload(request.files.get("file"), {k: v for k, v in meta.items() if v}, DOCUMENT_TYPES,
                   "document.upload", force=arg_bool("force") is True)


def ingest_upload(file, meta: dict, allowed: tuple[str, ...], action: str, force: bool = False, run=None):
    """Shared by document upload and action-plan import: one file through the ingest pipeline.

    run(path) -> FileResult does the ingest (default: ingest.pipeline.ingest_file with meta)."""
    from ingest.pipeline import document_id, ingest_file

    rt = runtime()
    with saved_upload(file, allowed) as path:
        before = rt.store.get_document(meta.get("doc_id") or document_id(meta["tenant"], path))
        try:
            if run is not None:
                result = run(path)
            else:
                result = ingest_file(rt.store, rt.search, path, meta, force=force)
        except ImportError as exc:  # a loader or extractor of this build is missing
            log.warning("ingest unavailable: %s", exc)
            raise ApiError(503, "Service Unavailable", "this kind of file cannot be ingested by this build") from None
        except StoreError as exc:
            raise ApiError(409, "Conflict", str(exc)) from None
    if result.status == "failed":
        raise ApiError(422, "Unprocessable Content", f"{file.filename}: {result.reason}", field="file")
    doc = rt.store.get_document(result.doc_id)
    after = {"doc_id": result.doc_id, "status": result.status, "passages": result.passages,
             "entities": result.nodes, "relations": result.edges, **({"document": doc.to_dict()} if doc else {})}
    if result.status == "ok":  # an unchanged re-upload writes nothing, so there is nothing to audit
        rt.accounts.audit(current_principal(), action, result.doc_id, before.to_dict() if before else None, after)
    body = {**after, "warnings": list(result.warnings), "replaced": before is not None and result.status == "ok"}
    resp = jsonify(body)
    resp.status_code = 201 if result.status == "ok" and before is None else 200
    return resp


@bp.delete("/documents/<id:doc_id>")
@require_role("admin")
def delete_document(doc_id: str):
    rt = runtime()
    doc = rt.store.get_document(doc_id)
    if doc is None:
        raise not_found(f"document {doc_id!r}")
    try:
        summary = rt.store.retract_document(doc_id)
    except StoreError as exc:
        raise not_found(f"document {doc_id!r}") from exc
    if rt.search is not None:
        try:
            rt.search.remove_document(doc_id, doc.tenant)
        except Exception as exc:  # the store is the record; repair() on next start removes stale passages
            log.warning("retracted %s but the search index kept it for now: %s", doc_id, exc)
    after = {"facts_removed": summary.facts_removed, "facts_kept": summary.facts_kept}
    rt.accounts.audit(current_principal(), "document.delete", doc_id, doc.to_dict(), after)
    return jsonify({"doc_id": doc_id, **after})
