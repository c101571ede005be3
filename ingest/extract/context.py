"""The shared state of one document's extraction: passages, parsed sentences, facts found."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.model import Document, Edge, Node, Passage, Provenance
from ingest.extract.resolve import Resolver, tenant_of


@dataclass(frozen=True)
class KnownEntity:
    """An entity already in the store for this tenant (for cross-document resolution)."""
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class _Draft:
    node: Node
    seen: set = field(default_factory=set)


class ExtractionContext:
    def __init__(self, document: Document, passages: list[Passage], known: list[KnownEntity]):
        self.document = document
        self.passages = passages
        self.tenant = document.tenant
        self.resolver = Resolver(document.tenant, known)
        self._nodes: dict[str, Node] = {}
        self._by_type: dict[str, dict[str, Node]] = {}  # the same nodes by type, in the same order (nodes_of)
        self._edges: dict[str, Edge] = {}
        self._prov_keys: set[tuple] = set()
        self._docs: dict[str, Any] = {}  # passage id -> spaCy Doc, filled lazily
        self._sents: dict[str, list[tuple[int, int]]] = {}  # passage id -> its sentences' character spans
        self.scratch: dict[str, Any] = {}  # rules may leave notes for later rules here

    # -- parsed text ---------------------------------------------------------------
    def spacy_doc(self, passage: Passage):
        from ingest.extract.nlp import get_nlp

        doc = self._docs.get(passage.id)
        if doc is None:
            doc = get_nlp()(passage.text)
            self._docs[passage.id] = doc
        return doc

    def sentence_spans(self, passage: Passage) -> list[tuple[int, int]]:
        """(start_char, end_char) of each of the passage's sentences as spaCy splits them: read off the Doc
        once, not by every rule that walks the sentences (each walk makes a Span per sentence). Read-only."""
        spans = self._sents.get(passage.id)
        if spans is None:
            spans = self._sents[passage.id] = [(s.start_char, s.end_char) for s in self.spacy_doc(passage).sents]
        return spans

    def parse_all(self) -> None:
        """Parse every passage in one nlp.pipe batch (much faster than one by one)."""
        from ingest.extract.nlp import get_nlp

        todo = [p for p in self.passages if p.id not in self._docs]
        for p, doc in zip(todo, get_nlp().pipe(p.text for p in todo), strict=True):
            self._docs[p.id] = doc

    # -- facts -------------------------------------------------------------------
    def provenance(self, passage: Passage | None, start: int | None = None, end: int | None = None,
                   quote: str | None = None, extractor: str = "rules", confidence: float = 0.8) -> Provenance:
        if passage is None:
            return Provenance(doc_id=self.document.id, quote=quote or "", extractor=extractor,
                              confidence=confidence)
        if quote is None:
            quote = passage.text[start:end] if start is not None else passage.text
        return Provenance(doc_id=self.document.id, passage_id=passage.id, start=start, end=end,
                          quote=quote[:500], extractor=extractor, confidence=confidence, page=passage.page)

    def add_node(self, type_: str, name: str, passage: Passage | None = None, start: int | None = None,
                 end: int | None = None, *, attrs: dict[str, Any] | None = None,
                 aliases: list[str] | None = None, quote: str | None = None,
                 extractor: str = "rules", confidence: float = 0.8, node_id: str | None = None) -> str:
        """Add (or merge into) the entity of this type and name; returns its canonical id."""
        name = " ".join(name.split())
        nid = node_id or self.resolver.resolve(type_, name, aliases or [])
        node = self._nodes.get(nid)
        if node is None:
            # a shared body resolves into its home tenant ('partnership:pan-beds:...'), and belongs there
            node = Node(id=nid, type=type_, name=self.resolver.display_name(nid, name),
                        tenant=tenant_of(nid) or self.tenant)
            self._nodes[nid] = node
            self._by_type.setdefault(type_, {})[nid] = node
        for alias in [name, *(aliases or [])]:
            if alias and alias != node.name and alias not in node.aliases:
                node.aliases.append(alias)
        for k, v in (attrs or {}).items():
            if v is not None and v != "" and k not in node.attrs:
                node.attrs[k] = v
        self._add_prov(nid, node.provenance, self.provenance(passage, start, end, quote, extractor, confidence))
        return nid

    def set_attr(self, node_id: str, key: str, value: Any, overwrite: bool = True) -> None:
        node = self._nodes[node_id]
        if overwrite or key not in node.attrs:
            node.attrs[key] = value

    def add_edge(self, src: str, type_: str, dst: str, passage: Passage | None = None,
                 start: int | None = None, end: int | None = None, *, attrs: dict[str, Any] | None = None,
                 quote: str | None = None, extractor: str = "rules", confidence: float = 0.7) -> str | None:
        """Add a relation between two entities found in this document; self-loops are ignored."""
        if src == dst or src not in self._nodes or dst not in self._nodes:
            return None
        edge = Edge(src=src, type=type_, dst=dst, tenant=self.tenant)
        edge = self._edges.setdefault(edge.id, edge)
        for k, v in (attrs or {}).items():
            if v is not None and k not in edge.attrs:
                edge.attrs[k] = v
        self._add_prov(edge.id, edge.provenance, self.provenance(passage, start, end, quote, extractor, confidence))
        return edge.id

    def _add_prov(self, fact_id: str, provs: list[Provenance], prov: Provenance) -> None:
        key = (fact_id, prov.passage_id, prov.start, prov.end)
        if key not in self._prov_keys:
            self._prov_keys.add(key)
            provs.append(prov)

    def node(self, node_id: str) -> Node | None:
        return self._nodes.get(node_id)

    def nodes_of(self, type_: str) -> list[Node]:
        return list(self._by_type.get(type_, {}).values())

    def edges_of(self, type_: str) -> list[Edge]:
        return [e for e in self._edges.values() if e.type == type_]

    def remove_node(self, node_id: str) -> None:
        """Drop an entity a later rule found to be noise, with its edges."""
        node = self._nodes.pop(node_id, None)
        if node is not None:
            self._by_type.get(node.type, {}).pop(node_id, None)
        for eid in [eid for eid, e in self._edges.items() if node_id in (e.src, e.dst)]:
            del self._edges[eid]

    def result(self) -> tuple[list[Node], list[Edge]]:
        edges = [e for e in self._edges.values() if e.src in self._nodes and e.dst in self._nodes]
        return list(self._nodes.values()), edges
