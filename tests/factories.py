"""Hand-made fixture graphs for store, query, API and web tests (no extraction involved)."""
from __future__ import annotations

from graph.model import Document, DocumentFacts, Edge, Node, Passage, Provenance


def prov(doc_id: str, passage_id: str | None = None, quote: str = "quoted text") -> list[Provenance]:
    return [Provenance(doc_id=doc_id, passage_id=passage_id or f"{doc_id}#p0", start=0, end=len(quote),
                       quote=quote, extractor="fixture", confidence=0.9)]


class FactsBuilder:
    """Builds one document's facts with provenance pointing at its own passages."""

    def __init__(self, doc_id: str, tenant: str, visibility: str = "public", title: str | None = None,
                 kind: str = "review", texts: list[str] | None = None, date: str | None = "2023"):
        texts = texts or [f"Text of {doc_id}."]
        full = "\n\n".join(texts)
        self.doc = Document(id=doc_id, tenant=tenant, title=title or doc_id, kind=kind, visibility=visibility,
                            date=date, source=f"{doc_id}.txt", content_hash=doc_id, text=full)
        self.passages, pos = [], 0
        for i, t in enumerate(texts):
            self.passages.append(Passage(id=f"{doc_id}#p{i}", doc_id=doc_id, tenant=tenant, seq=i, text=t,
                                         section="Section", start=pos, end=pos + len(t)))
            pos += len(t) + 2
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []

    def node(self, type_: str, slug: str, name: str, passage: int = 0, **attrs) -> str:
        nid = f"{type_.lower()}:{self.doc.tenant}:{slug}"
        p = self.passages[passage]
        self.nodes.append(Node(nid, type_, name, self.doc.tenant, attrs=attrs,
                               provenance=prov(self.doc.id, p.id, p.text[:60])))
        return nid

    def edge(self, src: str, type_: str, dst: str, passage: int = 0, **attrs) -> None:
        p = self.passages[passage]
        self.edges.append(Edge(src, type_, dst, self.doc.tenant, attrs=attrs,
                               provenance=prov(self.doc.id, p.id, p.text[:60])))

    def facts(self) -> DocumentFacts:
        return DocumentFacts(self.doc, list(self.passages), list(self.nodes), list(self.edges))


def review_fixture(tenant: str = "bbscp", doc_id: str = "bbscp/child-a-review",
                   visibility: str = "public") -> DocumentFacts:
    """A review with a finding, two recommendations, three actions in different states, and a structure."""
    b = FactsBuilder(doc_id, tenant, visibility, title="Child A review", texts=[
        "The Child A Local Child Safeguarding Practice Review was published in March 2023.",
        "The review found that neglect was not recognised by professionals.",
        "Recommendation 1: agencies should use the neglect toolkit.",
        "A neglect toolkit has been developed and launched by the Quality Assurance Sub-group.",
        "Training on professional curiosity will be delivered by September 2024.",
        "The Quality Assurance Sub-group reports to the Executive Board, chaired by the police.",
    ])
    review = b.node("Review", "child-a", "Child A", 0, kind="local CSPR", status="published", date="2023-03")
    finding = b.node("Finding", "child-a-neglect", "Neglect was not recognised", 1)
    rec = b.node("Recommendation", "child-a-rec-1", "Agencies should use the neglect toolkit", 2)
    rec2 = b.node("Recommendation", "child-a-rec-2", "Improve professional curiosity", 2)
    toolkit = b.node("Action", "neglect-toolkit", "Neglect toolkit", 3, status="done", due="2023-09-30")
    training = b.node("Action", "curiosity-training", "Professional curiosity training", 4,
                      status="planned", due="2024-09")
    audit = b.node("Action", "neglect-audit", "Multi-agency neglect audit", 3, status="in progress",
                   due="2030-01-01")
    neglect = b.node("Theme", "neglect", "Neglect", 1)
    curiosity = b.node("Theme", "professional-curiosity", "Professional curiosity", 4)
    qa = b.node("Group", "quality-assurance-subgroup", "Quality Assurance Sub-group", 5, frequency="quarterly")
    board = b.node("Group", "executive-board", "Executive Board", 5, frequency="6 x year")
    partnership = b.node("Partnership", "partnership", f"{tenant.upper()} Safeguarding Children Partnership", 5)
    police = b.node("Agency", "police", "Bedfordshire Police", 5, kind="police")
    evidence = b.node("Evidence", "toolkit-launch", "Toolkit launch report", 3, note="launched at a briefing")
    b.edge(review, "HAS_FINDING", finding, 1)
    b.edge(review, "HAS_RECOMMENDATION", rec, 2)
    b.edge(review, "HAS_RECOMMENDATION", rec2, 2)
    b.edge(toolkit, "RESPONDS_TO", rec, 3)
    b.edge(training, "RESPONDS_TO", review, 4)
    b.edge(audit, "RESPONDS_TO", review, 3)
    b.edge(review, "ADDRESSES_THEME", neglect, 1)
    b.edge(toolkit, "ADDRESSES_THEME", neglect, 3)
    b.edge(training, "ADDRESSES_THEME", curiosity, 4)
    b.edge(toolkit, "OWNED_BY", qa, 3)
    b.edge(toolkit, "EVIDENCED_BY", evidence, 3)
    b.edge(qa, "REPORTS_TO", board, 5)
    b.edge(board, "PART_OF", partnership, 5)
    b.edge(board, "CHAIRED_BY", police, 5)
    b.edge(police, "PARTNER_OF", partnership, 5)
    b.edge(review, "MONITORED_BY", qa, 0)
    return b.facts()


def extract_blocks(blocks: list[tuple[str, str]], tenant: str = "kvscp", doc_id: str = "kv",
                   title: str = "Annual report", date: str = "2024"):
    """Run the extraction rules over (kind, text) passages of one invented document; (nodes, edges)."""
    from graph.model import Document, Passage
    from ingest.extract import extract

    passages = [Passage(id=f"{doc_id}#{i}", doc_id=doc_id, tenant=tenant, seq=i, text=t, kind=k, start=0,
                        end=len(t)) for i, (k, t) in enumerate(blocks)]
    return extract(Document(id=doc_id, tenant=tenant, title=title, date=date), passages)
