"""GET /entities (filter by type, tenant, name; keyset pages) and GET /entities/{id}."""
from __future__ import annotations

from flask import Blueprint, jsonify

from api.errors import bad_request, not_found
from api.runtime import runtime
from api.views._common import (
    arg_int,
    arg_str,
    arg_tenants,
    audit_restricted_read,
    caller_scope,
    keyset_page,
)
from graph.model import Node
from graph.schema import NODE_TYPES

bp = Blueprint("entities", __name__)


def entity_brief(n: Node) -> dict:
    return {"id": n.id, "type": n.type, "name": n.name, "tenant": n.tenant, "aliases": list(n.aliases),
            "attrs": dict(n.attrs)}


def quotes(n) -> list[dict]:
    return [{"doc_id": p.doc_id, "passage_id": p.passage_id, "quote": p.quote, "page": p.page,
             "start": p.start, "end": p.end, "extractor": p.extractor, "confidence": p.confidence}
            for p in n.provenance]


@bp.get("/entities")
def list_entities():
    type_ = arg_str("type", 50)
    if type_ is not None and type_ not in NODE_TYPES:
        raise bad_request(f"type {type_!r} is not one of {', '.join(NODE_TYPES)}", parameter="type")
    tenants = arg_tenants()
    name = arg_str("name", 200)
    limit = arg_int("limit", 50, 1, 200)
    nodes = runtime().store.find_nodes(type_, scope=caller_scope(tenants), name=name)
    rows = [entity_brief(n) for n in nodes]
    page, nxt = keyset_page(rows, lambda r: (r["type"], r["name"].lower(), r["id"]), limit)
    shown = {r["id"] for r in page}
    audit_restricted_read("entities", {p.doc_id for n in nodes if n.id in shown for p in n.provenance})
    return jsonify({"items": page, "total": len(rows), "next_cursor": nxt})


@bp.get("/entities/<id:entity_id>")
def get_entity(entity_id: str):
    store = runtime().store
    scope = caller_scope()
    node = store.get_node(entity_id, scope)
    if node is None:
        raise not_found(f"entity {entity_id!r}")
    neighbours = []
    for edge, other in store.neighbours(node.id, direction="both", scope=scope):
        neighbours.append({"direction": "out" if edge.src == node.id else "in", "edge_type": edge.type,
                           "edge_attrs": dict(edge.attrs), "entity": {k: v for k, v in entity_brief(other).items()
                                                                      if k != "aliases"},
                           "quotes": quotes(edge)})
    body = {**entity_brief(node), "quotes": quotes(node), "neighbours": neighbours}
    audit_restricted_read(f"entity:{entity_id}", {q["doc_id"] for q in body["quotes"]}
                          | {q["doc_id"] for n in neighbours for q in n["quotes"]})
    return jsonify(body)
