"""Copying a whole store to another backend (embedded SQLite <-> Neo4j), verified.

Each document is re-written with exactly what it contributed (its own names, attributes and
provenance, not the merged view), in the source's write order so that merged names come out the
same; then people's events are copied with their original time, actor and before/after. The copy
is verified by node counts per (type, tenant), documents per (tenant, visibility), passages and
events, and by comparing the two stores' export_json output.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.export import export_json
from graph.model import DocumentFacts
from graph.schema import SchemaError
from graph.store import Event, GraphStore, StoreError


class MigrationError(StoreError):
    """The copy could not be made or does not match its source (the message says where)."""


@dataclass
class CheckRow:
    what: str  # nodes | documents | passages | events
    key: str  # e.g. "Review/bbscp"
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass
class MigrationReport:
    documents: int = 0
    events: int = 0
    dropped_edges: list[str] = field(default_factory=list)  # ends no longer in the source: invisible there
    rows: list[CheckRow] = field(default_factory=list)
    exports_identical: bool = False
    export_difference: str = ""

    @property
    def ok(self) -> bool:
        return self.exports_identical and all(r.ok for r in self.rows)

    def table(self) -> str:
        """The verification table, one line per checked count."""
        lines = [f"{'what':<10} {'key':<40} {'source':>8} {'target':>8}  ok"]
        for r in self.rows:
            lines.append(f"{r.what:<10} {r.key:<40} {r.source:>8} {r.target:>8}  {'yes' if r.ok else 'NO'}")
        lines.append(f"export_json identical: {'yes' if self.exports_identical else 'NO'}"
                     + (f" ({self.export_difference})" if self.export_difference else ""))
        if self.dropped_edges:
            lines.append(f"not copied: {len(self.dropped_edges)} edge(s) whose ends no longer exist in the source "
                         "(invisible there too)")
        return "\n".join(lines)


# -- reading one document's own facts ------------------------------------------------------------
def document_facts(store: GraphStore, doc_id: str) -> DocumentFacts:
    """What `doc_id` itself contributed (its own names, attributes and provenance)."""
    facts = store.document_facts(doc_id)
    if facts is None:
        raise MigrationError(f"document {doc_id!r} vanished from the source during the copy")
    return facts


def all_events(store: GraphStore) -> list[Event]:
    return store.all_events()


def import_events(store: GraphStore, events: list[Event]) -> int:
    return store.import_events(events)


# -- copying ---------------------------------------------------------------------------------------
def is_empty(store: GraphStore) -> bool:
    return not store.list_documents() and not store.find_nodes()


def copy_store(source: GraphStore, target: GraphStore,
               progress: Callable[[str], None] | None = None) -> MigrationReport:
    """Copy every document and event of `source` into the empty `target`, then verify."""
    if not is_empty(target):
        raise MigrationError("the target store is not empty: migrate into an empty store")
    report = MigrationReport()
    live: dict[str, bool] = {}

    def exists(node_id: str) -> bool:
        if node_id not in live:
            live[node_id] = source.get_node(node_id) is not None
        return live[node_id]

    documents, stripped_at = [], None
    for doc in source.list_documents():  # write order, so merged names and attributes agree
        facts = document_facts(source, doc.id)
        own = {n.id for n in facts.nodes}
        kept = []
        for e in facts.edges:
            if (e.src in own or exists(e.src)) and (e.dst in own or exists(e.dst)):
                kept.append(e)
            else:
                report.dropped_edges.append(e.id)
        facts.edges = kept
        documents.append(facts)
    # A document re-written after another one that points at its entities now comes later in write
    # order than its dependant, whose edges cannot be written first. So: write every document in
    # order, holding back the edges whose ends do not exist yet; then write again, in order, from the
    # first document that held any back, which keeps the source's write order exactly.
    written: set[str] = set()
    for i, facts in enumerate(documents):
        own = {n.id for n in facts.nodes}
        ready = [e for e in facts.edges if all(end in own or end in written for end in (e.src, e.dst))]
        if len(ready) < len(facts.edges) and stripped_at is None:
            stripped_at = i
        _write(target, DocumentFacts(facts.document, facts.passages, facts.nodes, ready))
        written |= own
        report.documents += 1
        if progress:
            progress(f"copied {facts.document.id}")
    if stripped_at is not None:
        for facts in documents[stripped_at:]:
            _write(target, facts)
    report.events = import_events(target, all_events(source))
    verify(source, target, report)
    return report


def _write(target: GraphStore, facts: DocumentFacts) -> None:
    try:
        target.write_document(facts)
    except SchemaError as exc:
        raise MigrationError(f"document {facts.document.id!r} cannot be written to the target: {exc}") from exc


def _doc_counts(store: GraphStore) -> tuple[Counter, int]:
    docs = store.list_documents()
    return Counter(f"{d.tenant}/{d.visibility}" for d in docs), sum(len(store.passages(d.id)) for d in docs)


def verify(source: GraphStore, target: GraphStore, report: MigrationReport | None = None) -> MigrationReport:
    """Fill `report` with count comparisons and the export comparison."""
    report = report or MigrationReport()
    report.rows = []
    src_counts, dst_counts = source.counts(), target.counts()
    for key in sorted(set(src_counts) | set(dst_counts)):
        report.rows.append(CheckRow("nodes", f"{key[0]}/{key[1]}", src_counts.get(key, 0), dst_counts.get(key, 0)))
    src_docs, src_passages = _doc_counts(source)
    dst_docs, dst_passages = _doc_counts(target)
    for key in sorted(set(src_docs) | set(dst_docs)):
        report.rows.append(CheckRow("documents", key, src_docs.get(key, 0), dst_docs.get(key, 0)))
    report.rows.append(CheckRow("passages", "all", src_passages, dst_passages))
    src_edges, dst_edges = Counter(e.type for e in source.edges()), Counter(e.type for e in target.edges())
    for key in sorted(set(src_edges) | set(dst_edges)):
        report.rows.append(CheckRow("edges", key, src_edges.get(key, 0), dst_edges.get(key, 0)))
    report.rows.append(CheckRow("events", "all", len(all_events(source)), len(all_events(target))))
    a, b = export_json(source), export_json(target)
    report.exports_identical = _canonical(a) == _canonical(b)
    report.export_difference = "" if report.exports_identical else _first_difference(a, b)
    return report


def _canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, default=str)


def _first_difference(a: dict[str, Any], b: dict[str, Any]) -> str:
    for part in ("entities", "relations"):
        for x, y in zip(a[part], b[part], strict=False):
            if _canonical(x) != _canonical(y):
                return f"first difference in {part}: {x.get('id') or (x.get('src'), x.get('type'), x.get('dst'))}"
        if len(a[part]) != len(b[part]):
            return f"{part}: {len(a[part])} in the source, {len(b[part])} in the target"
    return "order differs"
