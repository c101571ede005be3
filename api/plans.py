"""Action-plan import for one review: the ingest pipeline, with the plan pinned to that review.

One document id per review means a re-upload replaces the plan's facts instead of adding to them.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from graph.model import Node
from ingest.pipeline import FileResult, ingest_file


def plan_doc_id(review_id: str, tenant: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", review_id.lower()).strip("-")
    return f"{tenant}/action-plan--{slug}"


def import_action_plan(store, search, path: Path, review: Node, meta: dict[str, Any]) -> FileResult:
    """Store the plan (replacing an earlier upload for this review) and index it; failures name the file."""
    meta = {**meta, "tenant": review.tenant, "kind": "action_plan", "review": review.name,
            "review_id": review.id, "doc_id": plan_doc_id(review.id, review.tenant)}
    result = ingest_file(store, search, path, meta)
    result.path = path.name
    return result
