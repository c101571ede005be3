"""Learning-loop measures (per review, per partnership) and recurring learning across reviews.

Written over the store primitives and graph.queries.follow_through, so every number
counts only what the caller's Scope may read: a hidden action or review never
moves a count, a median or a theme's list of reviews.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from statistics import median
from typing import Any

from rapidfuzz import fuzz

from graph.access import Scope
from graph.model import Node
from graph.queries import DONE, NotFound, follow_through
from graph.store import GraphStore

COMPLETION_ATTRS = ("completed", "completed_on", "completion_date", "done_date", "date_completed")
SIGN_OFF_ATTRS = ("signed_off", "sign_off", "published", "date")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
FINDING_SIMILARITY = 85  # rapidfuzz token_set_ratio at which two findings count as the same learning


def parse_date(value: Any) -> date | None:
    """The first day a date as written could mean: '2023-03-14', '2023-03', '2023', ISO timestamps."""
    if not value:
        return None
    s = str(value).strip()
    try:
        if len(s) >= 10 and s[:4].isdigit() and s[4] == "-":
            return date.fromisoformat(s[:10])
        if len(s) == 7 and s[:4].isdigit() and s[4] == "-":
            return date(int(s[:4]), int(s[5:7]), 1)
        if len(s) == 4 and s.isdigit():
            return date(int(s), 1, 1)
    except ValueError:
        return None
    return None


def year_of(value: Any) -> int | None:
    m = _YEAR.search(str(value or ""))
    return int(m.group(0)) if m else None


def review_sign_off(review: Node, store: GraphStore | None = None, scope: Scope | None = None) -> date | None:
    """When the review was signed off: its own date attributes, else its earliest readable source's date."""
    for key in SIGN_OFF_ATTRS:
        d = parse_date(review.attrs.get(key))
        if d:
            return d
    if store is not None:
        dates = []
        for doc_id in {p.doc_id for p in review.provenance}:
            doc = store.get_document(doc_id, scope)
            if doc is not None and parse_date(doc.date):
                dates.append(parse_date(doc.date))
        if dates:
            return min(dates)  # type: ignore[type-var]
    return None


def completion_date(store: GraphStore, action: dict[str, Any]) -> date | None:
    """When an action was done: the recorded event that set it done, else a completion date in the plan."""
    if action.get("status") != DONE:
        return None
    done_at = None
    for ev in store.events(action["id"]):
        if ev.after.get("status") == DONE:
            done_at = done_at or _ts_date(ev.ts)
        elif "status" in ev.after:
            done_at = None  # re-opened later: only a completion after the last re-opening counts
    if done_at:
        return done_at
    attrs = action.get("attrs") or {}
    for key in COMPLETION_ATTRS:
        d = parse_date(attrs.get(key))
        if d:
            return d
    return None


def _ts_date(ts: str) -> date | None:
    try:
        return datetime.fromisoformat(ts).date()
    except ValueError:
        return parse_date(ts)


def _summary(actions: list[dict[str, Any]], rec_ids: set[str], recs_with_action: set[str],
             days: list[int]) -> dict[str, Any]:
    done = [a for a in actions if a["status"] == DONE]
    return {
        "recommendations": len(rec_ids),
        "recommendations_with_action": len(recs_with_action & rec_ids),
        "actions": len(actions),
        "actions_done": len(done),
        "actions_done_with_evidence": sum(1 for a in done if a["has_evidence"]),
        "actions_done_without_evidence": sum(1 for a in done if not a["has_evidence"]),
        "actions_overdue": sum(1 for a in actions if a["overdue"]),
        "median_days_to_completion": float(median(days)) if days else None,
        "completions_timed": len(days),
    }


def learning_loop(store: GraphStore, scope: Scope | None = None, tenants: list[str] | None = None,
                  today: date | None = None) -> dict[str, Any]:
    """{"reviews": [per-review measures], "partnerships": [per-tenant measures]} for readable facts."""
    wanted = set(tenants or [])
    actions = follow_through(store, scope, today=today)
    reviews = [r for r in store.find_nodes("Review", scope=scope) if not wanted or r.tenant in wanted]
    recs_of: dict[str, set[str]] = defaultdict(set)
    for e in store.edges("HAS_RECOMMENDATION", scope=scope):
        recs_of[e.src].add(e.dst)
    recs_with_action = {r["id"] for a in actions for r in a["recommendations"]}
    actions_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in actions:
        for r in a["reviews"]:
            actions_of[r["id"]].append(a)
    completed = {a["id"]: completion_date(store, a) for a in actions if a["status"] == DONE}

    per_review = []
    by_tenant: dict[str, dict[str, Any]] = defaultdict(lambda: {"reviews": 0, "rec_ids": set(), "days": []})
    for review in reviews:
        sign_off = review_sign_off(review, store, scope)
        days = [(completed[a["id"]] - sign_off).days for a in actions_of[review.id]
                if sign_off and completed.get(a["id"])]
        per_review.append({"review": {"id": review.id, "name": review.name, "tenant": review.tenant},
                           "sign_off": sign_off.isoformat() if sign_off else None,
                           **_summary(actions_of[review.id], recs_of[review.id], recs_with_action, days)})
        t = by_tenant[review.tenant]
        t["reviews"] += 1
        t["rec_ids"] |= recs_of[review.id]
        t["days"] += days

    # a partnership's loop is the actions answering its reviews; other actions (annual-report
    # activity, plans without a review) are counted apart so they do not blur the measures
    partnerships = []
    tenant_names = sorted(set(by_tenant) | {a["tenant"] for a in actions if not wanted or a["tenant"] in wanted})
    review_tenant = {r.id: r.tenant for r in reviews}
    for tenant in tenant_names:
        t = by_tenant[tenant]
        loop = [a for a in actions if any(review_tenant.get(r["id"]) == tenant for r in a["reviews"])]
        outside = sum(1 for a in actions if a["tenant"] == tenant and not a["reviews"])
        partnerships.append({"tenant": tenant, "reviews": t["reviews"],
                             **_summary(loop, t["rec_ids"], recs_with_action, t["days"]),
                             "actions_outside_reviews": outside})
    per_review.sort(key=lambda r: (r["review"]["tenant"], r["review"]["name"].lower(), r["review"]["id"]))
    return {"reviews": per_review, "partnerships": partnerships}


def review_measures(store: GraphStore, review_id: str, scope: Scope | None = None,
                    today: date | None = None) -> dict[str, Any]:
    review = store.get_node(review_id, scope)
    if review is None or review.type != "Review":
        raise NotFound(f"no review {review_id!r}")
    for row in learning_loop(store, scope, [review.tenant], today)["reviews"]:
        if row["review"]["id"] == review_id:
            return row
    raise NotFound(f"no review {review_id!r}")  # pragma: no cover - found above


def _review_years(store: GraphStore, reviews: dict[str, Node], scope: Scope | None) -> dict[str, int | None]:
    out = {}
    for rid, review in reviews.items():
        d = review_sign_off(review, store, scope)
        out[rid] = d.year if d else year_of(review.attrs.get("date"))
    return out


def recurring_learning(store: GraphStore, scope: Scope | None = None, tenants: list[str] | None = None,
                       min_reviews: int = 2) -> dict[str, Any]:
    """Themes and findings that come back in several reviews, with the years they appeared."""
    wanted = set(tenants or [])
    reviews = {r.id: r for r in store.find_nodes("Review", scope=scope) if not wanted or r.tenant in wanted}
    years = _review_years(store, reviews, scope)
    # what belongs to which review: its findings, recommendations and the actions answering them
    owner: dict[str, set[str]] = defaultdict(set)
    for etype in ("HAS_FINDING", "HAS_RECOMMENDATION", "LED_TO"):
        for e in store.edges(etype, scope=scope):
            if e.src in reviews:
                owner[e.dst].add(e.src)
    for e in store.edges("RESPONDS_TO", scope=scope):
        owner[e.src] |= {e.dst} & set(reviews) | owner.get(e.dst, set())

    themes: dict[str, dict[str, Any]] = {}
    for e in store.edges("ADDRESSES_THEME", scope=scope):
        review_ids = {e.src} & set(reviews) | owner.get(e.src, set())
        if not review_ids:
            continue
        theme = store.get_node(e.dst, scope)
        if theme is None:
            continue
        key = theme.name.strip().lower()
        entry = themes.setdefault(key, {"theme": theme.name, "ids": set(), "reviews": set()})
        entry["ids"].add(theme.id)
        entry["reviews"] |= review_ids

    def describe(review_ids: set[str]) -> dict[str, Any]:
        rows = sorted(({"id": r, "name": reviews[r].name, "tenant": reviews[r].tenant, "year": years.get(r)}
                       for r in review_ids), key=lambda x: (x["year"] or 0, x["name"].lower(), x["id"]))
        ys = sorted({r["year"] for r in rows if r["year"]})
        return {"review_count": len(rows), "reviews": rows, "years": ys,
                "tenants": sorted({r["tenant"] for r in rows})}

    theme_rows = [{"theme": v["theme"], "theme_ids": sorted(v["ids"]), **describe(v["reviews"])}
                  for v in themes.values() if len(v["reviews"]) >= min_reviews]
    theme_rows.sort(key=lambda r: (-r["review_count"], r["theme"].lower()))

    # findings: the same learning written differently in different reviews, grouped by similar wording
    clusters: list[dict[str, Any]] = []
    for e in sorted(store.edges("HAS_FINDING", scope=scope), key=lambda e: (e.src, e.dst)):
        if e.src not in reviews:
            continue
        finding = store.get_node(e.dst, scope)
        if finding is None:
            continue
        text = finding.name.strip()
        for c in clusters:
            if fuzz.token_set_ratio(text.lower(), c["key"]) >= FINDING_SIMILARITY:
                c["findings"].append({"id": finding.id, "name": text, "review": e.src})
                c["reviews"].add(e.src)
                break
        else:
            clusters.append({"key": text.lower(), "finding": text,
                             "findings": [{"id": finding.id, "name": text, "review": e.src}], "reviews": {e.src}})
    finding_rows = [{"finding": c["finding"], "findings": c["findings"], **describe(c["reviews"])}
                    for c in clusters if len(c["reviews"]) >= min_reviews]
    finding_rows.sort(key=lambda r: (-r["review_count"], r["finding"].lower()))
    return {"min_reviews": min_reviews, "themes": theme_rows, "findings": finding_rows}
