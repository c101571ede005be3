"""The GraphStore interface: a small set of primitives every backend implements.

Domain queries (graph/queries.py) are written once on top of these. Every read
takes a Scope (graph/access.py): a fact is returned only if at least one of its
supporting documents is readable, and then only with what readable documents say
(name, attributes and provenance from hidden documents never show).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from graph.access import Scope
from graph.model import Document, DocumentFacts, Edge, Node, Passage


@dataclass
class WriteSummary:
    doc_id: str
    nodes: int = 0
    edges: int = 0
    passages: int = 0
    skipped: bool = False  # same content hash as stored: nothing written


@dataclass
class RetractSummary:
    doc_id: str
    facts_removed: int = 0
    facts_kept: int = 0  # still supported by another document
    removed_ids: list[str] = field(default_factory=list)


@dataclass
class Event:
    """One change made by a person to a fact (status, owner, due date, evidence): never overwritten."""
    id: int
    fact_id: str
    ts: str
    actor: str
    changes: dict[str, Any]
    before: dict[str, Any]
    after: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fact_id": self.fact_id, "ts": self.ts, "actor": self.actor,
                "changes": self.changes, "before": self.before, "after": self.after}


class StoreError(Exception):
    """A store operation that could not be done (the message says what and why)."""


@runtime_checkable
class GraphStore(Protocol):
    # -- writes ------------------------------------------------------------------
    def write_document(self, facts: DocumentFacts) -> WriteSummary: ...
    def retract_document(self, doc_id: str) -> RetractSummary: ...
    def append_event(self, fact_id: str, actor: str, changes: dict[str, Any]) -> Event: ...

    # -- documents and passages --------------------------------------------------
    def get_document(self, doc_id: str, scope: Scope | None = None, with_text: bool = False) -> Document | None: ...
    def list_documents(self, scope: Scope | None = None, tenant: str | None = None) -> list[Document]: ...
    def passages(self, doc_id: str, scope: Scope | None = None) -> list[Passage]: ...
    def get_passage(self, passage_id: str, scope: Scope | None = None) -> Passage | None: ...
    def passage_entities(self, doc_id: str) -> dict[str, list[dict[str, str]]]: ...
    def pending_index(self) -> list[str]: ...
    def mark_indexed(self, doc_id: str) -> None: ...

    # -- facts -------------------------------------------------------------------
    def get_node(self, node_id: str, scope: Scope | None = None) -> Node | None: ...
    def find_nodes(self, type_: str | None = None, tenant: str | None = None, scope: Scope | None = None,
                   name: str | None = None, **props: Any) -> list[Node]: ...
    def neighbours(self, node_id: str, edge_type: str | None = None, direction: str = "out",
                   scope: Scope | None = None) -> list[tuple[Edge, Node]]: ...
    def edges(self, type_: str | None = None, tenant: str | None = None,
              scope: Scope | None = None) -> list[Edge]: ...
    def events(self, fact_id: str) -> list[Event]: ...
    def all_events(self) -> list[Event]: ...
    def import_events(self, events: list[Event]) -> int: ...
    def document_facts(self, doc_id: str) -> DocumentFacts | None: ...
    def counts(self, scope: Scope | None = None) -> dict[tuple[str, str], int]: ...

    # -- views -------------------------------------------------------------------
    def graph_view(self, scope: Scope | None = None) -> nx.MultiDiGraph: ...
    def close(self) -> None: ...


def open_store(config) -> GraphStore:
    """The configured backend: embedded SQLite (default) or Neo4j (LEARNLOOP_GRAPH=neo4j)."""
    if config.graph_backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_env()
    if config.graph_backend not in ("embedded", "sqlite"):
        raise StoreError(f"LEARNLOOP_GRAPH={config.graph_backend!r}: use 'embedded' or 'neo4j'")
    from graph.sqlite_store import SQLiteStore

    return SQLiteStore(config.db_path)
