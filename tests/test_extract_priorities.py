"""A partnership's priorities as its themes (ingest/extract/rules/priorities.py), invented text."""
from __future__ import annotations

from tests.factories import extract_blocks

SCP = "Kestrel Vale Safeguarding Children Partnership"
TEXT = [
    ("paragraph", f"The {SCP} (KVSCP) brings partners together."),
    ("paragraph", "Neglect has been a priority for the KVSCP for the past three years."),
    ("paragraph", "Online safety will be a golden thread throughout all our work streams."),
    ("paragraph", "Attendance has remained the top priority for schools since the pandemic."),
    ("paragraph", "Kestrel Vale Police has made domestic abuse a force priority."),
]


def test_priorities_of_the_partnership_and_not_of_others():
    nodes, edges = extract_blocks(TEXT)
    name = {n.id: n.name for n in nodes}
    themes = {name[e.dst] for e in edges if e.type == "ADDRESSES_THEME" and name[e.src] == SCP}
    assert "Neglect" in themes
    assert any("online" in t.lower() for t in themes)
    assert not any("domestic" in t.lower() or "education" in t.lower() for t in themes)
