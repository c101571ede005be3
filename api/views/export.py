"""GET /export: the readable graph in the exchange JSON format or as GraphML."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify

from api.errors import bad_request
from api.runtime import runtime
from api.views._common import arg_str, arg_tenants, audit_restricted_read, caller_scope, doc_ids_in
from graph.export import export_graphml, export_json

bp = Blueprint("export", __name__)


@bp.get("/export")
def export():
    fmt = arg_str("format", 20) or "json"
    if fmt not in ("json", "graphml"):
        raise bad_request("format must be json or graphml", parameter="format")
    tenants = arg_tenants()
    scope = caller_scope(tenants)
    store = runtime().store
    data = export_json(store, scope)
    audit_restricted_read("export", doc_ids_in(data))
    if fmt == "graphml":
        return Response(export_graphml(store, scope), mimetype="application/graphml+xml",
                        headers={"Content-Disposition": 'attachment; filename="learnloop.graphml"'})
    return jsonify(data)
