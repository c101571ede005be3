"""Checks a document's facts against the graph model before anything is written."""
from __future__ import annotations

import re
from collections.abc import Callable

from graph.model import DocumentFacts
from graph.schema import SCHEMA, SchemaError

TENANT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def check_tenant(tenant: str, what: str) -> None:
    if not tenant or not TENANT_RE.match(tenant):
        raise SchemaError(f"{what}: tenant {tenant!r} is not a tenant name (lower-case letters, digits, '-')")


def validate_facts(facts: DocumentFacts, stored_type: Callable[[str], str | None]) -> None:
    """Raise SchemaError naming the first offending fact; stored_type looks up nodes already stored."""
    doc = facts.document
    if not doc.id:
        raise SchemaError("document without an id")
    check_tenant(doc.tenant, f"document {doc.id!r}")
    SCHEMA.check_visibility(doc.visibility)
    types: dict[str, str] = {}
    for node in facts.nodes:
        SCHEMA.check_node(node)
        check_tenant(node.tenant, f"node {node.id!r}")
        if types.get(node.id, node.type) != node.type:
            raise SchemaError(f"node {node.id!r} is given two types: {types[node.id]} and {node.type}")
        types[node.id] = node.type
        _check_provenance(node.provenance, f"node {node.id!r}", doc.id)
    for edge in facts.edges:
        src_type = types.get(edge.src) or stored_type(edge.src)
        dst_type = types.get(edge.dst) or stored_type(edge.dst)
        SCHEMA.check_edge(edge, src_type, dst_type)
        check_tenant(edge.tenant, f"edge {edge.id!r}")
        _check_provenance(edge.provenance, f"edge {edge.id!r}", doc.id)
    passage_ids = set()
    for p in facts.passages:
        if p.doc_id != doc.id:
            raise SchemaError(f"passage {p.id!r} belongs to document {p.doc_id!r}, not {doc.id!r}")
        passage_ids.add(p.id)


def _check_provenance(provs, what: str, doc_id: str) -> None:
    if not provs:
        raise SchemaError(f"{what}: no provenance (every fact must say where it came from)")
    for p in provs:
        if p.doc_id != doc_id:
            raise SchemaError(f"{what}: provenance names document {p.doc_id!r}, but it is being written "
                              f"as part of {doc_id!r}")
        if not 0.0 <= float(p.confidence) <= 1.0:
            raise SchemaError(f"{what}: confidence {p.confidence!r} is not between 0 and 1")
