"""GET /search: passages the caller may read, with snippets, facets, suggestions and a cursor."""
from __future__ import annotations

from flask import Blueprint, jsonify

from api.auth import current_principal
from api.errors import ApiError, bad_request
from api.runtime import runtime
from api.views._common import arg_bool, arg_int, arg_str, arg_tenants, audit_restricted_read

bp = Blueprint("search", __name__)


@bp.get("/search")
def search():
    q = arg_str("q", 1000)
    if q is None:
        raise bad_request("q is required: the query, e.g. q=neglect theme:neglect year:2023", parameter="q")
    tenants = arg_tenants()
    limit = arg_int("limit", 10, 1, 100)
    facets = arg_bool("facets")
    rt = runtime()
    if rt.search is None:
        raise ApiError(503, "Service Unavailable", f"search is unavailable: {rt.search_error or 'not configured'}",
                       headers={"Retry-After": "60"})
    from search.errors import QuerySyntaxError, SearchError

    try:
        res = rt.search.search(q, current_principal().scope, tenants=tenants, limit=limit,
                               cursor=arg_str("cursor", 2000), facets=facets is not False)
    except QuerySyntaxError as exc:
        raise bad_request(f"the query does not parse: {exc.message}", parameter="q",
                          position=exc.position) from None
    except SearchError as exc:
        raise bad_request(str(exc)) from None
    body = res.to_dict()
    body["query"] = q
    audit_restricted_read(f"search:{q}", {h["doc_id"] for h in body["hits"]})
    return jsonify(body)
