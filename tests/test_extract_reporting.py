"""Actions and reviews reported to a board or a national body (ingest/extract/rules/reporting.py), invented text."""
from __future__ import annotations

import pytest

from tests.factories import extract_blocks

SCP = "Kestrel Vale Safeguarding Children Partnership"
TEXT = [
    ("heading", "Kestrel Vale Safeguarding Children Partnership annual report"),
    ("paragraph", f"The {SCP} (KVSCP) brings partners together."),
    ("paragraph", "Three notifications were made this year. Two rapid reviews were completed and submitted to the "
                  "National Panel."),
    ("paragraph", "A thematic review of bruising in non-mobile infants had been completed and shared with the "
                  "Partnership in May 2024."),
    ("paragraph", "At the Kestrel Vale Executive Board in June 2024 the theme was neglect. Each partner presented "
                  "an assurance report on their neglect training."),
]


@pytest.fixture(scope="module")
def reports():
    nodes, edges = extract_blocks(TEXT)
    node = {n.id: n for n in nodes}
    return {(node[e.src].type, node[e.src].name, node[e.dst].name) for e in edges if e.type == "REPORTS_TO"}


def test_review_submitted_to_the_national_panel(reports):
    assert any(t == "Review" and "apid" in s and d == "Child Safeguarding Practice Review Panel"
               for t, s, d in reports)


def test_review_shared_with_the_partnership(reports):
    assert any(t == "Review" and "bruising" in s.lower() and d == SCP for t, s, d in reports)


def test_presented_at_a_meeting_goes_to_that_board(reports):
    assert any(t == "Action" and "assurance report" in s.lower() and d == "Kestrel Vale Executive Board"
               for t, s, d in reports)
