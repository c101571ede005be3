"""GET /structure: groups, partnerships and reporting lines as nodes and edges for diagrams."""
from __future__ import annotations

from flask import Blueprint, jsonify

from api.runtime import runtime
from api.views._common import arg_tenants, audit_aggregate_read, caller_scope
from graph.queries import structure, structure_json

bp = Blueprint("structure", __name__)


@bp.get("/structure")
def get_structure():
    tenants = arg_tenants()
    g = structure(runtime().store, caller_scope(tenants), tenants)
    audit_aggregate_read("structure", tenants)
    return jsonify({"tenants": tenants, **structure_json(g)})
