"""The search page: the API's query language, facets, highlighted snippets, pages of hits."""
from __future__ import annotations

import re

from flask import Blueprint, render_template, request

from api.views._common import audit_restricted_read
from search.errors import QuerySyntaxError, SearchError
from web.context import known_tenants, scope, service
from web.links import api

PAGE_SIZE = 10
FACET_LABELS = {"theme": "Theme", "kind": "Document kind", "year": "Year", "tenant": "Partnership"}
MENTION_TYPES = ("Review", "Action")


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/search", "search", search)


def facet_term(name: str, value: str) -> str:
    """The query filter a facet value stands for (quoted when it holds spaces)."""
    return f'{name}:"{value}"' if re.search(r"[\s:()\"]", value) else f"{name}:{value}"


def toggle(query: str, term: str) -> str:
    """The query with `term` added, or taken out when it is there already."""
    if term in query:
        return " ".join(query.replace(term, " ").split())
    return f"{query} {term}".strip()


def search():
    q = request.args.get("q", "").strip()
    tenant = request.args.get("tenant", "").strip()
    cursor = request.args.get("cursor") or None
    tenants = known_tenants()
    ctx = {"q": q, "tenant": tenant, "tenants": tenants, "results": None, "error": None,
           "facet_labels": FACET_LABELS, "facet_term": facet_term, "toggle": toggle,
           "json_twin": api("/search", q=q, tenant=tenant, cursor=cursor), "page_size": PAGE_SIZE}
    if tenant and tenant not in tenants:
        ctx["error"] = f"There is no partnership {tenant!r} among those you can read."
        return render_template("search.html", **ctx), 400
    if not q:
        return render_template("search.html", **ctx)
    engine = service("search")
    if engine is None:
        ctx["error"] = "Search is not available on this server (no search index)."
        return render_template("search.html", **ctx), 503
    try:
        res = engine.search(q, scope(), tenants=[tenant] if tenant else None, limit=PAGE_SIZE, cursor=cursor)
    except QuerySyntaxError as e:
        ctx["error"] = f"The query could not be read: {e.message} (at character {e.position + 1})."
        return render_template("search.html", **ctx), 400
    except SearchError as e:
        ctx["error"] = str(e)
        return render_template("search.html", **ctx), 400
    from search.base import encode_cursor

    audit_restricted_read(f"search:{q}", {h.doc_id for h in res.hits})
    ctx["results"] = res
    ctx["mentions"] = [[e for e in h.entities if e.get("type") in MENTION_TYPES] for h in res.hits]
    ctx["themes"] = [[e for e in h.entities if e.get("type") == "Theme"] for h in res.hits]
    ctx["prev_cursor"] = (encode_cursor(max(0, res.offset - PAGE_SIZE)) if res.offset > PAGE_SIZE
                          else "" if res.offset > 0 else None)
    ctx["page"] = res.offset // PAGE_SIZE + 1
    ctx["pages"] = max(1, -(-res.total // PAGE_SIZE))
    return render_template("search.html", **ctx)
