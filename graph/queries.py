"""Domain queries, written once over the GraphStore primitives (any backend)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph.access import Scope
from graph.model import Node
from graph.store import GraphStore

DONE = "done"
STATUSES = ("planned", "in progress", "done")


class NotFound(LookupError):
    """The entity does not exist or the caller may not see it (the two look the same on purpose)."""


def _brief(n: Node) -> dict[str, Any]:
    return {"id": n.id, "type": n.type, "name": n.name, "tenant": n.tenant}


def _quotes(n) -> list[dict[str, Any]]:
    return [{"doc_id": p.doc_id, "passage_id": p.passage_id, "quote": p.quote, "page": p.page,
             "start": p.start, "end": p.end} for p in n.provenance]


def parse_due(value: Any) -> date | None:
    """Due dates as written in plans: '2024-03-31', '2024-03', '2024', 'March 2024'."""
    if not value:
        return None
    s = str(value).strip()
    try:
        if len(s) >= 10 and s[:4].isdigit():
            return date.fromisoformat(s[:10])
        if len(s) == 7 and s[4] == "-":
            return _month_end(int(s[:4]), int(s[5:7]))
        if len(s) == 4 and s.isdigit():
            return date(int(s), 12, 31)
    except ValueError:
        return None
    months = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                          "august", "september", "october", "november", "december"], 1)}
    parts = s.lower().replace(",", " ").split()
    if len(parts) == 2 and parts[0][:3] in {k[:3] for k in months} and parts[1].isdigit():
        m = next(i for k, i in months.items() if k[:3] == parts[0][:3])
        return _month_end(int(parts[1]), m)
    return None


def _month_end(y: int, m: int) -> date:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def action_state(store: GraphStore, action: Node, scope: Scope | None, today: date | None = None) -> dict[str, Any]:
    """An action with its owners, evidence, themes, reviews and computed overdue flag."""
    today = today or date.today()
    out = {**_brief(action), "status": action.attrs.get("status", "planned"),
           "owner": action.attrs.get("owner"), "due": action.attrs.get("due"), "attrs": action.attrs,
           "owners": [], "evidence": [], "themes": [], "reviews": [], "recommendations": [],
           "quotes": _quotes(action)}
    for edge, other in store.neighbours(action.id, direction="out", scope=scope):
        if edge.type == "OWNED_BY":
            out["owners"].append(_brief(other))
        elif edge.type == "EVIDENCED_BY":
            out["evidence"].append({**_brief(other), "attrs": other.attrs})
        elif edge.type == "ADDRESSES_THEME":
            out["themes"].append(_brief(other))
        elif edge.type == "RESPONDS_TO" and other.type == "Review":
            out["reviews"].append(_brief(other))
        elif edge.type == "RESPONDS_TO":
            out["recommendations"].append(_brief(other))
            for _e2, review in store.neighbours(other.id, "HAS_RECOMMENDATION", "in", scope):
                if review.id not in {r["id"] for r in out["reviews"]}:
                    out["reviews"].append(_brief(review))
    for _edge, other in store.neighbours(action.id, "LED_TO", "in", scope):
        if other.id not in {r["id"] for r in out["reviews"]}:
            out["reviews"].append(_brief(other))
    if not out["owner"] and out["owners"]:
        out["owner"] = out["owners"][0]["name"]
    if action.attrs.get("evidence"):
        out["evidence"].append({"id": None, "type": "Evidence", "name": str(action.attrs["evidence"]),
                                "tenant": action.tenant, "attrs": {}})
    due = parse_due(out["due"])
    out["overdue"] = bool(due and due < today and out["status"] != DONE)
    out["has_evidence"] = bool(out["evidence"])
    return out


def trace(store: GraphStore, review_id: str, scope: Scope | None = None,
          today: date | None = None) -> dict[str, Any]:
    """Review -> findings and recommendations -> actions -> owners, evidence, status, themes."""
    review = store.get_node(review_id, scope)
    if review is None or review.type != "Review":
        raise NotFound(f"no review {review_id!r}")
    out: dict[str, Any] = {**_brief(review), "attrs": review.attrs, "aliases": review.aliases,
                           "quotes": _quotes(review), "findings": [], "recommendations": [], "actions": [],
                           "themes": [], "commissioned_by": [], "led_by": [], "monitored_by": []}
    action_ids: dict[str, list[str]] = {}  # action -> recommendation ids it answers
    rel_keys = {"COMMISSIONED_BY": "commissioned_by", "LED_BY": "led_by", "MONITORED_BY": "monitored_by",
                "ADDRESSES_THEME": "themes"}
    for edge, other in store.neighbours(review.id, direction="out", scope=scope):
        if edge.type == "HAS_FINDING":
            out["findings"].append({**_brief(other), "quotes": _quotes(other)})
        elif edge.type == "HAS_RECOMMENDATION":
            rec = {**_brief(other), "quotes": _quotes(other), "actions": []}
            for _e2, act in store.neighbours(other.id, "RESPONDS_TO", "in", scope):
                if act.type == "Action":
                    rec["actions"].append(act.id)
                    action_ids.setdefault(act.id, []).append(other.id)
            out["recommendations"].append(rec)
        elif edge.type == "LED_TO" and other.type == "Action":
            action_ids.setdefault(other.id, [])
        elif edge.type in rel_keys:
            out[rel_keys[edge.type]].append(_brief(other))
    for _edge, other in store.neighbours(review.id, "RESPONDS_TO", "in", scope):
        if other.type == "Action":
            action_ids.setdefault(other.id, [])
    for aid in sorted(action_ids):
        node = store.get_node(aid, scope)
        if node is not None:
            out["actions"].append({**action_state(store, node, scope, today), "answers": action_ids[aid]})
    return out


@dataclass
class ActionFilter:
    status: str | None = None
    owner: str | None = None
    review: str | None = None  # review id
    theme: str | None = None  # theme id or name
    overdue: bool | None = None
    without_evidence: bool | None = None
    tenant: str | None = None


def follow_through(store: GraphStore, scope: Scope | None = None, tenants: list[str] | None = None,
                   filters: ActionFilter | None = None, today: date | None = None) -> list[dict[str, Any]]:
    """Every readable action with its status, overdue flag and whether evidence is recorded."""
    f = filters or ActionFilter()
    rows = []
    for tenant in tenants or [None]:
        for action in store.find_nodes("Action", tenant=tenant, scope=scope):
            state = action_state(store, action, scope, today)
            if f.status and state["status"] != f.status:
                continue
            if f.owner and f.owner.lower() not in " ".join(
                    [state["owner"] or ""] + [o["name"] for o in state["owners"]]).lower():
                continue
            if f.review and f.review not in {r["id"] for r in state["reviews"]}:
                continue
            if f.theme and f.theme not in {t["id"] for t in state["themes"]} | {t["name"] for t in state["themes"]}:
                continue
            if f.overdue is not None and state["overdue"] != f.overdue:
                continue
            if f.without_evidence is not None and (not state["has_evidence"]) != f.without_evidence:
                continue
            if f.tenant and state["tenant"] != f.tenant:
                continue
            rows.append(state)
    return sorted(rows, key=lambda r: r["id"])


STRUCTURE_EDGES = ("REPORTS_TO", "PART_OF", "CHAIRED_BY", "PARTNER_OF", "MEMBER_OF", "FUNDS")


def structure(store: GraphStore, scope: Scope | None = None, tenants: list[str] | None = None) -> nx.DiGraph:
    """Groups, partnerships and agencies with reporting lines, chairs, frequencies and partners."""
    g = nx.DiGraph()
    wanted = set(tenants or [])

    def add(n: Node) -> None:
        if n.id not in g:
            g.add_node(n.id, type=n.type, name=n.name, tenant=n.tenant,
                       frequency=n.attrs.get("frequency"), kind=n.attrs.get("kind"), chair=None)

    for type_ in ("Partnership", "Group"):
        for n in store.find_nodes(type_, scope=scope):
            if not wanted or n.tenant in wanted:
                add(n)
    for etype in STRUCTURE_EDGES:
        for e in store.edges(etype, scope=scope):
            if wanted and e.tenant not in wanted:
                continue
            for end in (e.src, e.dst):
                if end not in g:
                    node = store.get_node(end, scope)
                    if node is None:
                        break
                    add(node)
            else:
                g.add_edge(e.src, e.dst, type=etype, **{k: v for k, v in e.attrs.items() if k != "type"})
                if etype == "CHAIRED_BY":
                    g.nodes[e.src]["chair"] = g.nodes[e.dst]["name"]
    return g


def structure_json(g: nx.DiGraph) -> dict[str, Any]:
    return {"nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
            "edges": [{"src": u, "dst": v, **d} for u, v, d in g.edges(data=True)]}
