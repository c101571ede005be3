"""Working partners (ingest/extract/rules/partners.py) on invented text."""
from __future__ import annotations

from graph.model import Document, Passage
from ingest.extract import extract
from tests.factories import extract_blocks

SCP = "Kestrel Vale Safeguarding Children Partnership"
TEXT = [
    ("heading", "Working with others"),
    ("paragraph", f"The {SCP} (KVSCP) brings partners together."),
    ("paragraph", "KVSCP works with other partnerships including the Kestrel Vale Health and Wellbeing Board and "
                  "the Kestrel Vale Youth Justice Board."),
    ("paragraph", "Kestrel Vale Police works with families to reduce harm."),
]


def _partners() -> set[tuple[str, str]]:
    nodes, edges = extract_blocks(TEXT)
    name = {n.id: n.name for n in nodes}
    return {(name[e.src], name[e.dst]) for e in edges if e.type == "PARTNER_OF"}


def test_partnership_works_with_named_bodies():
    partners = _partners()
    assert (SCP, "Kestrel Vale Health and Wellbeing Board") in partners
    assert (SCP, "Kestrel Vale Youth Justice Board") in partners


def test_working_with_people_is_no_partnership():
    assert not any(src == "Kestrel Vale Police" for src, _ in _partners())


def test_a_body_named_after_its_agency_is_part_of_it():
    text = ("Reports from Kestrel Vale Borough Council's Children's Services Practice Board go to the "
            "partnership, and the council's Family Hub Network meets monthly.")
    passages = [Passage(id="kv#0", doc_id="kv", tenant="kvscp", seq=0, text=text, kind="paragraph", start=0,
                        end=len(text))]
    nodes, edges = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    name = {n.id: n.name for n in nodes}
    part_of = {(name[e.src], name[e.dst]) for e in edges if e.type == "PART_OF"}
    assert part_of == {("Children's Services Practice Board", "Kestrel Vale Borough Council")}


def test_a_provider_commissioned_to_provide_a_service():
    text = ("NHS Kestrel Vale Integrated Care Board commissions Kestrel Vale Community Health NHS Trust to provide "
            "school nursing. Kestrel Vale Police commissioned a review of stop and search.")
    passages = [Passage(id="kv#0", doc_id="kv", tenant="kvscp", seq=0, text=text, kind="paragraph", start=0,
                        end=len(text))]
    nodes, edges = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    name = {n.id: n.name for n in nodes}
    rels = {(name[e.src], name[e.dst]) for e in edges if e.type == "COMMISSIONED_BY"}
    assert rels == {("Kestrel Vale Community Health NHS Trust", "NHS Kestrel Vale Integrated Care Board")}
