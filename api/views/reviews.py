"""A review's trace and measures, and its action plan (upload CSV/XLSX; re-upload updates it)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from api.auth import current_principal
from api.errors import ApiError, bad_request, not_found
from api.plans import import_action_plan, plan_doc_id
from api.runtime import runtime
from api.uploads import PLAN_TYPES
from api.views._common import audit_restricted_read, caller_scope, doc_ids_in
from api.views.documents import ingest_upload
from graph.access import VISIBILITIES
from graph.measures import review_measures
from graph.queries import NotFound, trace

bp = Blueprint("reviews", __name__)


@bp.get("/reviews/<id:review_id>/trace")
def get_trace(review_id: str):
    try:
        body = trace(runtime().store, review_id, caller_scope())
    except NotFound:
        raise not_found(f"review {review_id!r}") from None
    audit_restricted_read(f"trace:{review_id}", doc_ids_in(body))
    return jsonify(body)


@bp.get("/reviews/<id:review_id>/measures")
def get_measures(review_id: str):
    store = runtime().store
    try:
        body = review_measures(store, review_id, caller_scope())
    except NotFound:
        raise not_found(f"review {review_id!r}") from None
    review = store.get_node(review_id, caller_scope())
    audit_restricted_read(f"measures:{review_id}", {p.doc_id for p in review.provenance} if review else set())
    return jsonify(body)


@bp.route("/reviews/<id:review_id>/action-plan", methods=["POST", "PUT"])
def upload_action_plan(review_id: str):
    p = current_principal()
    store = runtime().store
    review = store.get_node(review_id, caller_scope())
    if review is None or review.type != "Review":
        raise not_found(f"review {review_id!r}")
    if not (p.role == "admin" or (p.role == "scrutineer" and p.tenant == review.tenant)):
        raise ApiError(403, "Forbidden", "an action plan is imported by the scrutineer of the review's "
                                         "partnership or an admin")
    visibility = (request.form.get("visibility") or "").strip() or _plan_visibility(review)
    if visibility not in VISIBILITIES:
        raise bad_request(f"visibility must be one of {', '.join(VISIBILITIES)}", field="visibility")
    if not p.scope.can_read(review.tenant, visibility):
        raise ApiError(403, "Forbidden", f"you could not read a {visibility} plan of {review.tenant}")
    meta = {"visibility": visibility, "title": f"Action plan: {review.name}",
            "doc_id": plan_doc_id(review.id, review.tenant)}
    rt = runtime()
    return ingest_upload(request.files.get("file"), meta, PLAN_TYPES, "action_plan.import",
                   run=lambda path: import_action_plan(rt.store, rt.search, path, review, meta))


def _plan_visibility(review) -> str:
    """As private as the review's own sources: a restricted review's plan stays restricted."""
    store = runtime().store
    levels = {d.visibility for d in (store.get_document(q.doc_id) for q in review.provenance) if d}
    for level in ("restricted", "internal"):
        if level in levels:
            return level
    return "internal"
