"""Action plans (CSV / XLSX rows) -> Recommendation, Action, Evidence and owner facts of a review.

Partnerships keep their response to a review as a table: one row per action, with columns
such as 'Recommendation', 'Action', 'Lead agency', 'Due date', 'Status (RAG)', 'Evidence of
impact'. Headers are matched loosely (what a column is *about*), unknown ones are reported.
Ids are derived from the review and the recommendation / action numbers (or wording), so
importing an updated plan updates the same facts instead of adding new ones.
"""
from __future__ import annotations

import re
from typing import Any

from graph.model import Document, Edge, Node, Passage
from ingest.extract.context import ExtractionContext, KnownEntity
from ingest.extract.patterns import action_kind, iso_date
from ingest.extract.resolve import slug

# Header meaning -> how headers that mean it are written. Order matters: first match wins.
_HEADERS: list[tuple[str, re.Pattern]] = [
    ("number", re.compile(r"^\s*(?:no\.?|#|ref(?:erence)?\.?|number|item|id|action\s+(?:no|ref|number|id)\.?)\s*$", re.I)),
    ("rec_number", re.compile(r"^\s*(?:rec(?:ommendation)?\.?\s*(?:no|ref|number|#)\.?)\s*$", re.I)),
    ("recommendation", re.compile(r"recommend|\brec\b|learning\s+point|finding|issue|area\s+for\s+improvement", re.I)),
    ("evidence", re.compile(r"evidence|impact|outcome|assurance|how\s+will\s+we\s+know|measure", re.I)),
    ("owner", re.compile(r"lead|owner|responsib|agenc|organisation|organization|who\b|accountable", re.I)),
    ("due", re.compile(r"due|deadline|target|timescale|by\s+when|complet\w*\s+date|date|when\b", re.I)),
    ("status", re.compile(r"status|rag\b|rating|complete\??$|progress\s+rating", re.I)),
    ("progress", re.compile(r"progress|update|comment|notes?|commentary", re.I)),
    ("action", re.compile(r"action|activity|what\s+will|task|response|intervention|steps?", re.I)),
]

_STATUS = [
    ("planned", re.compile(r"\b(?:not\s+(?:yet\s+)?started|to\s+do|not\s+due|not\s+begun)\b", re.I)),
    ("done", re.compile(r"\b(?:complete[d]?|done|closed|achieved|implemented|green|blue|finished|signed\s+off)\b", re.I)),
    ("in progress", re.compile(r"\b(?:in\s+progress|ongoing|on-going|started|on\s+track|amber|underway|under\s+way|"
                               r"partial(?:ly)?|progressing)\b", re.I)),
    ("planned", re.compile(r"\b(?:planned|open|red|overdue|pending|scheduled)\b", re.I)),
]
_SPLIT_OWNERS = re.compile(r"\s*(?:/|,|;|&|\band\b|\+)\s*")
_URL = re.compile(r"https?://\S+")
# 'and' inside a name ('Task and Finish Group', 'Learning and Development Sub-group') joins words, not owners:
# it separates two owners only when the words before it already end like a name of a body.
_SPLIT_HARD = re.compile(r"\s*(?:/|,|;|\+)\s*")
_SPLIT_AND = re.compile(r"\s+(?:and|&)\s+")
_BODY_END = re.compile(r"(?:Council|Police|Constabulary|Trust|Board|Group|Sub-?group|Service|Services|Partnership|Team|"
                       r"Unit|Panel|Forum|Network|Committee|Hub|Office|School|College|Academy|Practice|Practices|"
                       r"Commissioner|Cafcass|CAFCASS|\b[A-Z]{2,8})$")

_GROUP_END = re.compile(r"\b(?:Group|Sub-?group|Panel|Board|Forum|Network|Committee|Executive)$", re.I)


def _owners(ctx: ExtractionContext, text: str) -> list[str]:
    out = []
    for part in _SPLIT_HARD.split(text):
        pieces = _SPLIT_AND.split(part)
        cur = pieces[0]
        for nxt in pieces[1:]:
            if _BODY_END.search(cur) or any(ctx.resolver.lookup(t, cur) for t in ("Group", "Agency")):
                out.append(cur)
                cur = nxt
            else:
                cur = f"{cur} and {nxt}"
        out.append(cur)
    return [o.strip() for o in out if len(o.strip()) >= 2]


def classify_headers(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """Header -> meaning, and warnings for headers nothing here understands."""
    meaning: dict[str, str] = {}
    warnings: list[str] = []
    taken: set[str] = set()
    for h in headers:
        hs = (h or "").strip()
        if not hs:
            continue
        for key, rx in _HEADERS:
            if rx.search(hs) and key not in taken:
                meaning[h] = key
                taken.add(key)
                break
        else:
            warnings.append(f"unknown column {hs!r} ignored")
    return meaning, warnings


def status_of(text: str) -> str | None:
    for status, rx in _STATUS:
        if rx.search(text or ""):
            return status
    return None


def _review_id(ctx: ExtractionContext, review_name: str) -> str:
    """The review's canonical id, the same one the prose rules give it ('Baby Y CSPR' -> review:t:baby-y)."""
    from ingest.extract.rules import reviews

    probe = Passage(id=f"{ctx.document.id}#review", doc_id=ctx.document.id, tenant=ctx.tenant, seq=0,
                    text=review_name, kind="heading")
    sub = ExtractionContext(ctx.document, [probe], [])
    sub.resolver = ctx.resolver
    reviews.extract(sub)
    found = sub.nodes_of("Review")
    if found:
        n = found[0]
        return ctx.add_node("Review", n.name, None, quote=review_name, aliases=n.aliases, attrs=dict(n.attrs),
                            node_id=n.id, extractor="action_plan", confidence=0.9)
    return ctx.add_node("Review", review_name, None, quote=review_name, extractor="action_plan", confidence=0.9,
                        node_id=ctx.resolver.lookup("Review", review_name)
                        or f"review:{ctx.tenant}:{slug(review_name)}")


def _short(text: str, words: int = 16) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def extract_action_plan(document: Document, rows: list[dict[str, str]], review_name: str | None,
                        known: list[KnownEntity] | None = None) -> tuple[list[Node], list[Edge], list[str]]:
    """Rows of an action plan -> (nodes, edges, warnings). The review is review_name or the document's title."""
    warnings: list[str] = []
    if not rows:
        return [], [], [f"{document.source or document.id}: the action plan has no rows"]
    headers: list[str] = []
    for r in rows:
        for h in r:
            if h not in headers:
                headers.append(h)
    meaning, unknown = classify_headers(headers)
    warnings.extend(f"{document.source or document.id}: {w}" for w in unknown)
    col = {v: k for k, v in meaning.items()}
    if "action" not in col and "recommendation" not in col:
        warnings.append(f"{document.source or document.id}: no Action or Recommendation column among "
                        f"{', '.join(repr(h) for h in headers)}; nothing imported")
        return [], [], warnings

    ctx = ExtractionContext(document, [], known or [])
    name = (review_name or document.title or document.id).strip()
    rid = _review_id(ctx, name)
    rkey = rid.split(":", 2)[-1]

    def cell(row: dict[str, str], key: str) -> str:
        h = col.get(key)
        v = row.get(h, "") if h else ""
        return " ".join(str(v).split()) if v is not None else ""

    rec_id: str | None = None
    rec_text_prev = ""
    rec_count = 0
    per_rec: dict[str | None, int] = {}
    for i, row in enumerate(rows, start=1):
        quote = " | ".join(f"{k}: {v}" for k, v in row.items() if v)
        rec_text = cell(row, "recommendation")
        rec_no = cell(row, "rec_number")
        if rec_text and rec_text != rec_text_prev:
            rec_count += 1
            m = re.match(r"^\s*(?:recommendation\s*)?(\d+(?:\.\d+)?)[.):\s-]+", rec_text, re.I)
            key = rec_no or (m.group(1) if m else "") or slug(rec_text, 60)
            rec_id = ctx.add_node("Recommendation", _short(rec_text), None, quote=quote, extractor="action_plan",
                                  attrs={"text": rec_text, "number": rec_no or (m.group(1) if m else rec_count)},
                                  node_id=f"recommendation:{ctx.tenant}:{rkey}:{slug(key, 60)}", confidence=0.95)
            ctx.add_edge(rid, "HAS_RECOMMENDATION", rec_id, None, quote=quote, extractor="action_plan",
                         confidence=0.95)
            rec_text_prev = rec_text
        action_text = cell(row, "action")
        if not action_text:
            if not rec_text and any(v for v in row.values()):
                warnings.append(f"{document.source or document.id}: row {i} has no action; skipped")
            continue
        number = cell(row, "number")
        per_rec[rec_id] = per_rec.get(rec_id, 0) + 1
        akey = number or slug(action_text, 60)
        scope = rec_id.split(":")[-1] if rec_id else "plan"
        status_text = cell(row, "status")
        status = status_of(status_text) or status_of(cell(row, "progress"))
        due_text = cell(row, "due")
        owner_text = cell(row, "owner")
        attrs: dict[str, Any] = {"status": status, "status_text": status_text or None,
                                 "due": iso_date(due_text) or due_text or None, "owner": owner_text or None,
                                 "kind": action_kind(action_text), "row": i}
        aid = ctx.add_node("Action", _short(action_text, 14), None, quote=quote, extractor="action_plan",
                           attrs=attrs, node_id=f"action:{ctx.tenant}:{rkey}:{scope}:{slug(akey, 60)}",
                           confidence=0.95)
        node = ctx.node(aid)
        if node is not None:
            node.attrs.update({k: v for k, v in attrs.items() if v is not None})
            node.attrs["text"] = action_text
        ctx.add_edge(aid, "RESPONDS_TO", rec_id or rid, None, quote=quote, extractor="action_plan", confidence=0.95)
        for owner in _owners(ctx, owner_text) if owner_text else []:
            if ctx.resolver.lookup("Partnership", owner):
                continue  # the partnership itself: kept in attrs.owner; OWNED_BY ends at agencies, groups, people
            oid = None
            for t in ("Group", "Agency", "Person"):
                oid = ctx.resolver.lookup(t, owner)
                if oid:
                    ctx.add_node(t, owner, None, quote=quote, extractor="action_plan", node_id=oid)
                    break
            if oid is None:
                # an owner not met before is a group when it is named like one ('... Task and Finish Group')
                kind = "Group" if _GROUP_END.search(owner) else "Agency"
                oid = ctx.add_node(kind, owner, None, quote=quote, extractor="action_plan", confidence=0.8)
            ctx.add_edge(aid, "OWNED_BY", oid, None, quote=quote, extractor="action_plan", confidence=0.9)
        evidence = " ".join(x for x in (cell(row, "evidence"), cell(row, "progress")) if x)
        if evidence:
            link = _URL.search(evidence)
            eid = ctx.add_node("Evidence", _short(evidence, 12), None, quote=quote, extractor="action_plan",
                               attrs={"note": evidence, "link": link.group(0) if link else None},
                               node_id=f"evidence:{ctx.tenant}:{rkey}:{scope}:{slug(akey, 60)}", confidence=0.9)
            ev = ctx.node(eid)
            if ev is not None:
                ev.attrs["note"] = evidence
            ctx.add_edge(aid, "EVIDENCED_BY", eid, None, quote=quote, extractor="action_plan", confidence=0.9)
    nodes, edges = ctx.result()
    return nodes, edges, warnings
