"""The document page: every passage of a readable document, with one quote highlighted."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from api.views._common import audit_restricted_read
from web.context import scope, service
from web.highlight import mark_quote
from web.links import anchor, api


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/documents/<path:doc_id>", "document", document)


def _int(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def document(doc_id: str):
    store = service("store")
    doc = store.get_document(doc_id, scope())
    if doc is None:
        abort(404)
    audit_restricted_read(f"document:{doc_id}", [doc_id])
    passages = store.passages(doc_id, scope())
    target = request.args.get("passage", "")
    marked = {}
    for p in passages:
        if p.id == target:
            marked[p.id] = mark_quote(p.text, _int("start"), _int("end"), request.args.get("quote"))
    mentions = store.passage_entities(doc_id)
    return render_template("document.html", doc=doc, passages=passages, marked=marked, target=target,
                           target_anchor=anchor(target), mentions=mentions,
                           json_twin=api(f"/documents/{doc_id}"))
