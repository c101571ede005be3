"""Action-plan import for one review: the ingest pipeline's steps, with the plan pinned to that review.

The plan extractor names the review from its text; when the caller has already said
which review the plan answers (the URL), every Review the plan's facts mention is
that review, so the plan's actions hang on it and not on a look-alike. One document
id per review means a re-upload replaces the plan's facts instead of adding to them.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from graph.model import DocumentFacts, Edge, Node
from ingest.errors import IngestError
from ingest.pipeline import FileResult, build_facts, content_hash

log = logging.getLogger("learnloop.api")


def plan_doc_id(review_id: str, tenant: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", review_id.lower()).strip("-")
    return f"{tenant}/action-plan--{slug}"


def pin_to_review(facts: DocumentFacts, review: Node) -> DocumentFacts:
    """Every Review node of the plan becomes `review` (its name kept as an alias)."""
    renamed = {n.id: review.id for n in facts.nodes if n.type == "Review" and n.id != review.id}
    if not renamed:
        return facts
    nodes = []
    for n in facts.nodes:
        if n.id in renamed:
            aliases = [a for a in [n.name, *n.aliases] if a != review.name]
            n = Node(review.id, "Review", review.name, review.tenant, aliases, dict(n.attrs), n.provenance)
        nodes.append(n)
    edges = [Edge(renamed.get(e.src, e.src), e.type, renamed.get(e.dst, e.dst), e.tenant, e.attrs, e.provenance)
             for e in facts.edges]
    return DocumentFacts(facts.document, facts.passages, nodes, edges)


def import_action_plan(store, search, path: Path, review: Node, meta: dict[str, Any]) -> FileResult:
    """Store the plan (replacing an earlier upload for this review) and index it; failures name the file."""
    doc_id = plan_doc_id(review.id, review.tenant)
    meta = {**meta, "tenant": review.tenant, "kind": "action_plan", "review": review.name, "doc_id": doc_id}
    result = FileResult(path.name, doc_id=doc_id)
    try:
        meta["content_hash"] = content_hash(path, {k: v for k, v in meta.items() if k != "content_hash"})
        if store.document_hash(doc_id) == meta["content_hash"]:
            result.status = "skipped"
            return result
        facts, result.warnings = build_facts(path, meta, store)
        if not any(n.type == "Action" for n in facts.nodes):
            raise IngestError(path.name, "no actions found: " + ("; ".join(result.warnings) or
                                                                 "the plan needs an Action column"))
        summary = store.write_document(pin_to_review(facts, review))
    except IngestError as exc:
        result.status, result.reason = "failed", exc.reason
        return result
    except ValueError as exc:  # SchemaError and loader value errors: the plan breaks the graph model
        result.status, result.reason = "failed", str(exc)
        return result
    result.passages, result.nodes, result.edges = summary.passages, summary.nodes, summary.edges
    if search is not None:
        try:
            search.index_document(store, doc_id)
        except Exception as exc:  # the store is the record; repair() indexes it on the next start
            log.warning("%s: stored, but indexing failed (%s)", doc_id, exc)
    return result
