"""Group name shapes (ingest/extract/rules/entities.py) on invented text."""
from __future__ import annotations

from tests.factories import extract_blocks

TEXT = [
    ("paragraph", "The Kestrel Vale Safeguarding Children Partnership (KVSCP) brings partners together."),
    ("paragraph", "Beneath the Executive Board sit four sub-groups, and the Kestrel Vale Joint Safeguarding "
                  "Executive meets quarterly."),
    ("paragraph", "The review was commissioned by the Lessons from Reviews Sub-group in May."),
    ("paragraph", "During 2023-2024 the Multi-Agency Safeguarding Hub (MASH) took 4,000 contacts."),
]


def _groups() -> set[str]:
    nodes, _ = extract_blocks(TEXT)
    return {n.name for n in nodes if n.type == "Group"}


def test_learning_body_keeps_from_and_a_joint_executive_is_a_body():
    groups = _groups()
    assert "Lessons from Reviews Sub-group" in groups
    assert "Kestrel Vale Joint Safeguarding Executive" in groups


def test_leading_prepositions_and_year_spans_are_not_names():
    groups = _groups()
    assert "Executive Board" in groups
    assert not any(g.startswith(("Beneath", "2023")) for g in groups)
