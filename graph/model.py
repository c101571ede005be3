"""The facts learnloop stores: documents, passages, nodes, edges, provenance.

Data flows loaders -> passages -> extraction -> these records -> store.
Every node and edge carries its tenant and at least one Provenance.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Provenance:
    doc_id: str
    passage_id: str | None = None
    start: int | None = None  # character span inside the passage text
    end: int | None = None
    quote: str = ""
    extractor: str = "manual"
    confidence: float = 1.0
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        keys = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in keys})


@dataclass
class Node:
    id: str
    type: str
    name: str
    tenant: str
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "name": self.name, "aliases": list(self.aliases),
                "tenant": self.tenant, "attrs": dict(self.attrs),
                "provenance": [p.to_dict() for p in self.provenance]}


@dataclass
class Edge:
    src: str
    type: str
    dst: str
    tenant: str
    attrs: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)

    @property
    def id(self) -> str:
        return edge_id(self.src, self.type, self.dst)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "src": self.src, "type": self.type, "dst": self.dst,
                "tenant": self.tenant, "attrs": dict(self.attrs),
                "provenance": [p.to_dict() for p in self.provenance]}


def edge_id(src: str, type_: str, dst: str) -> str:
    return f"{src}|{type_}|{dst}"


@dataclass
class Document:
    id: str
    tenant: str
    title: str
    kind: str = "document"
    visibility: str = "public"
    date: str | None = None  # ISO date or year, as precise as the source says
    source: str = ""  # file name or URL it came from
    content_hash: str = ""
    text: str = ""  # the full cleaned text, passages point into it
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not with_text:
            d.pop("text")
        return d


@dataclass
class Passage:
    id: str  # f"{doc_id}#p{seq}"
    doc_id: str
    tenant: str
    seq: int
    text: str
    section: str = ""  # heading path, ' > ' joined
    kind: str = "paragraph"  # heading | paragraph | list_item | table_row
    page: int | None = None
    start: int = 0  # offsets into Document.text
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentFacts:
    """Everything one document contributes: written and retracted as a unit."""
    document: Document
    passages: list[Passage] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
