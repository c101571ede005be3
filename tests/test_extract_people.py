"""Named people introduced by a role (ingest/extract/rules/entities.py) and reviews led by them, invented text."""
from __future__ import annotations

import pytest

from graph.model import Document, Passage
from ingest.extract import extract
from tests.factories import extract_blocks

TEXT = [
    ("paragraph", "The Kestrel Vale Safeguarding Children Partnership (KVSCP) brings partners together."),
    ("paragraph", "The Baby Z Child Safeguarding Practice Review was commissioned by the Kestrel Vale Safeguarding "
                  "Children Partnership in May 2024. The review was led by an independent reviewer, Dr Ann Example, "
                  "a former social worker."),
    ("paragraph", "The Kestrel Vale Executive Board is chaired by the Independent Scrutineer, Sam Placeholder."),
    ("paragraph", "Learning from the Baby Z review is being addressed through a protocol which is being written by "
                  "Kestrel Vale Police."),
    ("paragraph", "The author Kestrel Vale Police and Dr Kestrel Vale Council are not people."),
]


@pytest.fixture(scope="module")
def graph():
    nodes, edges = extract_blocks(TEXT)
    node = {n.id: n for n in nodes}
    return node, [(node[e.src].name, e.type, node[e.dst].name) for e in edges]


def test_people_named_after_a_role(graph):
    node, _ = graph
    people = {n.name: n.attrs for n in node.values() if n.type == "Person"}
    assert people == {"Ann Example": {"role": "independent reviewer"}, "Sam Placeholder": {"role": "independent scrutineer"}}


def test_review_led_by_the_named_reviewer_not_by_the_author_of_a_later_protocol(graph):
    _, rels = graph
    led = {(s, d) for s, t, d in rels if t == "LED_BY"}
    review = next(s for s, d in led if d == "Ann Example")
    assert "Baby Z" in review
    assert (review, "Kestrel Vale Police") not in led


def test_chair_named_by_post_in_the_next_sentence():
    text = ("The Kestrel Vale Online Safety Sub-group looks at harm online. It is chaired by the Head of Digital "
            "Safeguarding at Kestrel Vale Borough Council, meets quarterly and reports to the Executive Board.")
    passages = [Passage(id="kv#0", doc_id="kv", tenant="kvscp", seq=0, text=text, kind="paragraph", start=0,
                        end=len(text))]
    nodes, edges = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    node = {n.id: n for n in nodes}
    chairs = {(node[e.src].name, node[e.dst].name, node[e.dst].attrs.get("kind")) for e in edges
              if e.type == "CHAIRED_BY"}
    assert chairs == {("Kestrel Vale Online Safety Sub-group",
                       "Head of Digital Safeguarding at Kestrel Vale Borough Council", "role")}
