"""Review kinds said in lower case after a case name, and adults' reviews named by case (invented text)."""
from __future__ import annotations

from graph.model import Document, Passage
from ingest.extract import extract
from tests.factories import extract_blocks

TEXT = [
    ("paragraph", "The Kestrel Vale Safeguarding Children Partnership (KVSCP) brings partners together."),
    ("paragraph", "Following the Infant W rapid review, midwives now ask about every adult in the home."),
    ("paragraph", "The Family Q learning review found that the family moved between areas."),
    ("paragraph", "The Adult N Safeguarding Adults Review was published by the adults board in 2023."),
]


def test_kinds_from_the_words_after_the_case_name():
    nodes, _ = extract_blocks(TEXT)
    kinds = {n.name: n.attrs.get("kind") for n in nodes if n.type == "Review"}
    assert kinds == {"Infant W rapid review": "rapid review", "Family Q learning review": "learning review",
                     "Adult N Safeguarding Adults Review": "SAR"}


def test_briefing_heading_what_the_review_recommended_gives_recommendations():
    doc = [("heading", "7 Minute Briefing: Infant W Child Safeguarding Practice Review"),
           ("heading", "What the review recommended"),
           ("list_item", "Health visitors should ask who else lives in the home at every visit."),
           ("list_item", "The partnership should audit how fathers are recorded in assessments.")]
    passages = [Passage(id=f"b#{i}", doc_id="b", tenant="kvscp", seq=i, text=t, kind=k, start=0, end=len(t),
                        section="What the review recommended" if k == "list_item" else None)
                for i, (k, t) in enumerate(doc)]
    nodes, _ = extract(Document(id="b", tenant="kvscp", title="7 Minute Briefing: Infant W", kind="briefing"),
                       passages)
    recs = {n.attrs.get("text") for n in nodes if n.type == "Recommendation"}
    assert recs == {"Health visitors should ask who else lives in the home at every visit.",
                    "The partnership should audit how fathers are recorded in assessments."}
