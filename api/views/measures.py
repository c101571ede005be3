"""Learning-loop measures per review and partnership, and recurring learning across reviews."""
from __future__ import annotations

from flask import Blueprint, jsonify

from api.runtime import runtime
from api.views._common import arg_int, arg_tenants, audit_aggregate_read, caller_scope
from graph.measures import learning_loop, recurring_learning

bp = Blueprint("measures", __name__)


@bp.get("/measures")
def measures():
    tenants = arg_tenants()
    body = learning_loop(runtime().store, caller_scope(tenants), tenants)
    audit_aggregate_read("measures", tenants)
    return jsonify(body)


@bp.get("/recurring")
def recurring():
    tenants = arg_tenants()
    min_reviews = arg_int("min_reviews", 2, 1, 100)
    body = recurring_learning(runtime().store, caller_scope(tenants), tenants, min_reviews)
    audit_aggregate_read("recurring", tenants)
    return jsonify(body)
