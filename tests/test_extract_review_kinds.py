"""Review kinds said in lower case after a case name, and adults' reviews named by case (invented text)."""
from __future__ import annotations

from graph.model import Document, Passage
from ingest.extract import extract

TEXT = [
    ("paragraph", "The Kestrel Vale Safeguarding Children Partnership (KVSCP) brings partners together."),
    ("paragraph", "Following the Infant W rapid review, midwives now ask about every adult in the home."),
    ("paragraph", "The Family Q learning review found that the family moved between areas."),
    ("paragraph", "The Adult N Safeguarding Adults Review was published by the adults board in 2023."),
]


def test_kinds_from_the_words_after_the_case_name():
    passages = [Passage(id=f"kv#{i}", doc_id="kv", tenant="kvscp", seq=i, text=t, kind=k, start=0, end=len(t))
                for i, (k, t) in enumerate(TEXT)]
    nodes, _ = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    kinds = {n.name: n.attrs.get("kind") for n in nodes if n.type == "Review"}
    assert kinds == {"Infant W rapid review": "rapid review", "Family Q learning review": "learning review",
                     "Adult N Safeguarding Adults Review": "SAR"}
