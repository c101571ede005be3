"""How a fact's contributions from several documents become what a reader sees.

Shared by every backend so that they agree: the name comes from the earliest
readable contribution, aliases are the union, later documents' attributes win,
and people's recorded changes (events) are applied last.
"""
from __future__ import annotations

from typing import Any

from graph.model import Edge, Node, Provenance


def merge_node(node_id: str, type_: str, tenant: str, contributions: list[dict[str, Any]],
               provenance: list[Provenance], events: list[dict[str, Any]] | None = None) -> Node:
    """contributions: dicts with name, aliases, attrs, in the order their documents were written."""
    name = contributions[0]["name"] if contributions else node_id
    aliases: list[str] = []
    attrs: dict[str, Any] = {}
    for c in contributions:
        for a in [c["name"], *c.get("aliases", [])]:
            if a and a != name and a not in aliases:
                aliases.append(a)
        attrs.update({k: v for k, v in (c.get("attrs") or {}).items() if v is not None})
    for ev in events or []:
        attrs.update(ev)
    return Node(id=node_id, type=type_, name=name, tenant=tenant, aliases=aliases, attrs=attrs,
                provenance=provenance)


def merge_edge(src: str, type_: str, dst: str, tenant: str, contributions: list[dict[str, Any]],
               provenance: list[Provenance]) -> Edge:
    attrs: dict[str, Any] = {}
    for c in contributions:
        attrs.update({k: v for k, v in (c.get("attrs") or {}).items() if v is not None})
    return Edge(src=src, type=type_, dst=dst, tenant=tenant, attrs=attrs, provenance=provenance)


def node_facts_by_id(nodes: list[Node]) -> dict[str, Node]:
    """Fold duplicate node records of one document (same id) into one."""
    out: dict[str, Node] = {}
    for n in nodes:
        if n.id in out:
            old = out[n.id]
            for a in [n.name, *n.aliases]:
                if a != old.name and a not in old.aliases:
                    old.aliases.append(a)
            for k, v in n.attrs.items():
                old.attrs.setdefault(k, v)
            old.provenance.extend(n.provenance)
        else:
            out[n.id] = Node(n.id, n.type, n.name, n.tenant, list(n.aliases), dict(n.attrs), list(n.provenance))
    return out


def edge_facts_by_id(edges: list[Edge]) -> dict[str, Edge]:
    out: dict[str, Edge] = {}
    for e in edges:
        eid = e.id  # a property that formats the id: once per edge, not once per use
        old = out.get(eid)
        if old is not None:
            old.provenance.extend(e.provenance)
            for k, v in e.attrs.items():
                old.attrs.setdefault(k, v)
        else:
            out[eid] = Edge(e.src, e.type, e.dst, e.tenant, dict(e.attrs), list(e.provenance))
    return out
