"""Rule-based extraction: passages of one document -> nodes and edges with provenance.

Each module in ingest/extract/rules/ defines ORDER (int) and extract(ctx); they run
in ORDER over one shared ExtractionContext, so later rules can use what earlier
ones found (entities first, then relations between them).
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from graph.model import Document, Edge, Node, Passage
from ingest.extract import rules
from ingest.extract.context import ExtractionContext, KnownEntity


@lru_cache(maxsize=1)
def rule_modules() -> tuple:
    mods = [importlib.import_module(f"{rules.__name__}.{m.name}")
            for m in pkgutil.iter_modules(rules.__path__)]
    return tuple(sorted((m for m in mods if hasattr(m, "extract")),
                        key=lambda m: (getattr(m, "ORDER", 50), m.__name__)))


def extract(document: Document, passages: list[Passage],
            known: list[KnownEntity] | None = None) -> tuple[list[Node], list[Edge]]:
    """Run every rule module over the document's passages."""
    ctx = ExtractionContext(document, passages, known or [])
    for module in rule_modules():
        module.extract(ctx)
    return ctx.result()
