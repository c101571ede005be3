"""The structure rules on a whole annual report of an invented partnership (tests/fixtures/extract)."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Document
from ingest.extract import extract
from ingest.loaders import load
from ingest.passages import build_passages

FIXTURE = Path(__file__).parent / "fixtures" / "extract" / "eastmoor-annual-report.txt"
SCP = "Eastmoor Safeguarding Children Partnership"


@pytest.fixture(scope="module")
def graph():
    _text, passages = build_passages("eastmoor-ar", "eastmoor", load(FIXTURE))
    nodes, edges = extract(Document(id="eastmoor-ar", tenant="eastmoor", title="Annual report", date="2024"),
                           passages)
    name = {n.id: n.name for n in nodes}
    rels = {(name[e.src], e.type, name[e.dst]) for e in edges}
    return {(n.type, n.name): n for n in nodes}, rels, edges, name


def test_bodies_of_an_unseen_partnership(graph):
    nodes, _, _, _ = graph
    groups = {n for t, n in nodes if t == "Group"}
    assert {"Executive Board", "Learning and Improvement Sub-group", "Quality Assurance and Performance Sub Group",
            "Child Exploitation Strategic Group", "Neglect Task and Finish Group"} <= groups
    assert not {"Learning Hub", "NHS Eastmoor and Dale Integrated Care Board"} & groups  # a link, an agency
    assert nodes[("Partnership", SCP)].aliases == ["ESCP"]
    assert nodes[("Group", "Executive Board")].attrs["frequency"] == "quarterly"
    # the scrutineer is named for the partnership, by the abbreviation the report defines
    assert ("Agency", "ESCP Independent Scrutineer") in nodes
    assert nodes[("Group", "Learning and Improvement Sub-group")].attrs["frequency"] == "bi-monthly"


def test_statutory_partners_named_in_a_sentence(graph):
    _, rels, _, _ = graph
    partners = {s for s, t, d in rels if t == "PARTNER_OF" and d == SCP}
    assert partners == {"Eastmoor City Council", "NHS Eastmoor and Dale Integrated Care Board",
                        "Eastmoor Constabulary"}


def test_sub_groups_listed_under_a_reporting_intro(graph):
    _, rels, _, _ = graph
    reports = {s for s, t, d in rels if t == "REPORTS_TO" and d == "Executive Board"}
    assert reports == {"Learning and Improvement Sub-group", "Quality Assurance and Performance Sub Group",
                       "Child Exploitation Strategic Group", "Neglect Task and Finish Group"}


def test_relevant_agencies_and_contributions(graph):
    _, rels, edges, name = graph
    members = {s for s, t, d in rels if t == "MEMBER_OF" and d == SCP}
    assert {"Eastmoor Teaching Hospitals NHS Foundation Trust", "Dale Community Health NHS Trust",
            "Eastmoor Youth Justice Service", "Cafcass"} <= members
    funds = {name[e.src]: e.attrs for e in edges if e.type == "FUNDS"}
    assert funds == {"Eastmoor City Council": {"amount": "£210,000", "year": "2023/2024"},
                     "NHS Eastmoor and Dale Integrated Care Board": {"amount": "£95,000", "year": "2023/2024"},
                     "Eastmoor Constabulary": {"amount": "£40,000", "year": "2023/2024"}}


def test_themes_of_a_sub_group(graph):
    _, rels, _, _ = graph
    themes = {d for s, t, d in rels if t == "ADDRESSES_THEME" and s == "Learning and Improvement Sub-group"}
    assert {"Neglect", "Domestic abuse"} <= themes
