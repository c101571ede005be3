"""Exports of the readable graph: the exchange JSON (../shared/eval/README.md) and GraphML."""
from __future__ import annotations

import json
from io import BytesIO
from typing import Any

import networkx as nx

from graph.access import Scope
from graph.store import GraphStore

SKIP_TYPES = ("Passage", "Document")


def export_json(store: GraphStore, scope: Scope | None = None, tenant: str | None = None) -> dict[str, Any]:
    """{"entities": [...], "relations": [...]} with tenant, attrs and provenance on every fact.

    Where an action answers a recommendation, the direct Action -RESPONDS_TO-> Review edge
    is added too, as the exchange format asks.
    """
    if tenant:
        scope = (scope or Scope.everything()).narrow([tenant])
    nodes = [n for n in store.find_nodes(scope=scope) if n.type not in SKIP_TYPES]
    ids = {n.id for n in nodes}
    edges = [e for e in store.edges(scope=scope) if e.src in ids and e.dst in ids]
    relations = {(e.src, e.type, e.dst): _relation(e.to_dict()) for e in edges}
    review_of = {e.dst: e.src for e in edges if e.type == "HAS_RECOMMENDATION"}
    review_of.update({e.dst: e.src for e in edges if e.type == "HAS_FINDING"})
    for e in edges:
        if e.type == "RESPONDS_TO" and e.dst in review_of:
            key = (e.src, "RESPONDS_TO", review_of[e.dst])
            if key not in relations:
                derived = _relation(e.to_dict())
                derived["dst"] = review_of[e.dst]
                derived["attrs"] = {**derived["attrs"], "via": e.dst}
                relations[key] = derived
    entities = []
    for n in nodes:
        d = n.to_dict()
        d["provenance"] = [_prov(p) for p in d["provenance"]]
        entities.append(d)
    return {"entities": entities, "relations": sorted(relations.values(),
                                                      key=lambda r: (r["type"], r["src"], r["dst"]))}


def _relation(d: dict[str, Any]) -> dict[str, Any]:
    return {"src": d["src"], "type": d["type"], "dst": d["dst"], "tenant": d["tenant"], "attrs": d["attrs"],
            "provenance": [_prov(p) for p in d["provenance"]]}


def _prov(p: dict[str, Any]) -> dict[str, Any]:
    return {"doc": p["doc_id"], "passage": p["passage_id"], "start": p["start"], "end": p["end"],
            "quote": p["quote"], "extractor": p["extractor"], "confidence": p["confidence"], "page": p["page"]}


def export_graphml(store: GraphStore, scope: Scope | None = None, tenant: str | None = None) -> str:
    data = export_json(store, scope, tenant)
    g = nx.MultiDiGraph()
    for e in data["entities"]:
        g.add_node(e["id"], type=e["type"], name=e["name"], tenant=e["tenant"],
                   aliases="; ".join(e["aliases"]), attrs=json.dumps(e["attrs"], default=str))
    for r in data["relations"]:
        g.add_edge(r["src"], r["dst"], key=r["type"], type=r["type"], tenant=r["tenant"],
                   attrs=json.dumps(r["attrs"], default=str))
    buf = BytesIO()
    nx.write_graphml(g, buf)
    return buf.getvalue().decode("utf-8")
