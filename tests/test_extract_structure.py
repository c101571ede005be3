"""Structure rules on fixture text of an invented partnership (names never seen by the gazetteer)."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Document
from ingest.extract import extract
from ingest.loaders import load
from ingest.passages import build_passages

ARRANGEMENTS = """Northshire Safeguarding Children Partnership

Multi-agency safeguarding arrangements 2024

Statutory partners: the three statutory safeguarding partners are listed below:
· Northshire County Council
· Northshire Police
· Northshire and Westvale Integrated Care Board

Structure: The Northshire Executive Board leads the arrangements. The Neglect Sub-group reports to the \
Northshire Executive Board. The Learning and Review Panel is chaired by the Independent Chair/Scrutineer.

The Neglect Sub-group meets quarterly and reviews the neglect strategy.

Northshire Exploitation Task and Finish Group (6 x year)

Relevant agencies: The relevant agencies of the Northshire Safeguarding Children Partnership are listed below:
· Westvale NHS Foundation Trust
· Northshire Youth Justice Service
· Cafcass

Funding: partner contributions for 2023/24 were as follows.

Northshire County Council\t£60,000

Northshire Police\t£20,500

Our Groups

The Partnership has worked hard this year. See [the Neglect Sub-group page](#) for more.
"""


def _run(tmp_path: Path, text: str, tenant: str = "northshire", name: str = "arrangements.txt",
         date: str | None = "2024-05"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = Document(id=path.stem, tenant=tenant, title="fixture", kind="arrangements", date=date,
                   source=path.name)
    _text, passages = build_passages(doc.id, tenant, load(path))
    return extract(doc, passages)


def _names(nodes, type_):
    return {n.name for n in nodes if n.type == type_}


def _rel(nodes, edges, type_):
    name = {n.id: n.name for n in nodes}
    return {(name[e.src], name[e.dst]) for e in edges if e.type == type_}


@pytest.fixture
def facts(tmp_path):
    return _run(tmp_path, ARRANGEMENTS)


def test_generic_shapes_find_unknown_bodies(facts):
    nodes, _ = facts
    assert "Northshire Safeguarding Children Partnership" in _names(nodes, "Partnership")
    groups = _names(nodes, "Group")
    assert {"Northshire Executive Board", "Neglect Sub-group", "Learning and Review Panel",
            "Northshire Exploitation Task and Finish Group"} <= groups
    agencies = _names(nodes, "Agency")
    assert {"Northshire County Council", "Northshire Police", "Westvale NHS Foundation Trust",
            "Northshire Youth Justice Service", "Northshire and Westvale Integrated Care Board"} <= agencies
    assert "Cafcass" in agencies  # the gazetteer's national body, under its canonical name


def test_headings_and_generic_references_are_not_groups(facts):
    nodes, _ = facts
    groups = _names(nodes, "Group")
    assert not {"Our Groups", "The Partnership", "Partnership"} & groups
    assert not any("(#)" in n.name or "[" in n.name for n in nodes)


def test_reports_to_and_chaired_by(facts):
    nodes, edges = facts
    assert ("Neglect Sub-group", "Northshire Executive Board") in _rel(nodes, edges, "REPORTS_TO")
    chaired = _rel(nodes, edges, "CHAIRED_BY")
    assert any(g == "Learning and Review Panel" and "Independent Chair" in c for g, c in chaired)


def test_partners_members_and_funding(facts):
    nodes, edges = facts
    scp = "Northshire Safeguarding Children Partnership"
    partners = _rel(nodes, edges, "PARTNER_OF")
    assert {("Northshire County Council", scp), ("Northshire Police", scp)} <= partners
    members = _rel(nodes, edges, "MEMBER_OF")
    assert {("Westvale NHS Foundation Trust", scp), ("Northshire Youth Justice Service", scp),
            ("Cafcass", scp)} <= members
    assert ("Westvale NHS Foundation Trust", scp) not in partners
    funds = {(_rel_key(nodes, e)): e.attrs for e in edges if e.type == "FUNDS"}
    assert funds[("Northshire County Council", scp)] == {"amount": "£60,000", "year": "2023/2024"}
    assert funds[("Northshire Police", scp)]["amount"] == "£20,500"


def _rel_key(nodes, e):
    name = {n.id: n.name for n in nodes}
    return name[e.src], name[e.dst]


def test_group_frequency(facts):
    nodes, _ = facts
    by_name = {n.name: n for n in nodes if n.type == "Group"}
    assert by_name["Neglect Sub-group"].attrs.get("frequency") == "quarterly"
    assert by_name["Northshire Exploitation Task and Finish Group"].attrs.get("frequency") == "6 x year"
    assert "frequency" not in by_name["Northshire Executive Board"].attrs


def test_area_prefixed_core_body_is_part_of_that_partnership(tmp_path):
    text = ("Pan Bedfordshire arrangements\n\nThe Pan Beds Neglect Group reports to the Pan Bedfordshire "
            "Coordinating Group.\n")
    nodes, edges = _run(tmp_path, text, tenant="cbscp")
    part_of = _rel(nodes, edges, "PART_OF")
    pan = "Pan Bedfordshire Safeguarding Children Partnerships"
    assert ("Pan Bedfordshire Coordinating Group", pan) in part_of
    # a themed group is not assumed to belong to the arrangements its area's name leads
    assert ("Pan Beds Neglect Group", pan) not in part_of
    group = next(n for n in nodes if n.name == "Pan Beds Neglect Group")
    assert group.id.startswith("group:pan-beds:") and group.tenant == "pan-beds"
    assert ("Pan Beds Neglect Group", "Pan Bedfordshire Coordinating Group") in _rel(nodes, edges, "REPORTS_TO")


def test_ids_are_the_same_on_every_run(tmp_path):
    first = _run(tmp_path, ARRANGEMENTS)
    second = _run(tmp_path, ARRANGEMENTS)
    assert sorted(n.id for n in first[0]) == sorted(n.id for n in second[0])
    assert sorted(e.id for e in first[1]) == sorted(e.id for e in second[1])


FUNDING_PARTNERS = """Westvale Safeguarding Children Partnership

The work of the Westvale Safeguarding Children Partnership is funded through the following partner agencies \
in 2022/23:

Westvale Borough Council\t£80,000

Westvale Probation Service\t£1,500

To fulfil the partnership's functions, the following will be presented to it.

Annual Reports;

Westvale Child Death Overview Panel and Westvale Learning Panel.
"""


def test_funding_partner_agencies_and_partners_as_members(tmp_path):
    nodes, edges = _run(tmp_path, FUNDING_PARTNERS, tenant="westvale", name="westvale.txt")
    scp = "Westvale Safeguarding Children Partnership"
    funds = {k: e.attrs for e in edges if e.type == "FUNDS" for k in [_rel_key(nodes, e)]}
    assert funds[("Westvale Probation Service", scp)] == {"amount": "£1,500", "year": "2022/2023"}
    assert ("Westvale Probation Service", scp) in _rel(nodes, edges, "PARTNER_OF")
    reports = _rel(nodes, edges, "REPORTS_TO")
    assert {("Westvale Child Death Overview Panel", scp), ("Westvale Learning Panel", scp)} <= reports


def test_statutory_partners_are_members_of_a_group_they_all_sit_on(tmp_path):
    text = ("Bedford Borough Safeguarding Children Partnership\n\nBedford Borough Council, Bedfordshire Police "
            "and the BLMK ICB work together.\n\nThe Bedford Borough Leaders Group has membership from each of "
            "the Safeguarding Partners.\n")
    nodes, edges = _run(tmp_path, text, tenant="bbscp", name="bb.txt")
    members = _rel(nodes, edges, "MEMBER_OF")
    assert {("Bedford Borough Council", "Bedford Borough Leaders Group"),
            ("Bedfordshire Police", "Bedford Borough Leaders Group")} <= members
    partners = _rel(nodes, edges, "PARTNER_OF")
    assert ("Bedfordshire Police", "Bedford Borough Safeguarding Children Partnership") in partners


def test_partnership_and_top_body_shapes_of_other_areas(tmp_path):
    text = ("Southshire Children's Safeguarding Partnership\n\nThe Executive Group reports to the Southshire "
            "Children's Safeguarding Partnership. Brighton & Hove Local Safeguarding Children Board was "
            "replaced in 2019. The Southshire Safeguarding Adults Board meets bi-monthly.\n")
    nodes, edges = _run(tmp_path, text, tenant="southshire", name="south.txt")
    parts = _names(nodes, "Partnership")
    assert {"Southshire Children's Safeguarding Partnership",
            "Brighton & Hove Local Safeguarding Children Board"} <= parts
    assert not any("Adults" in p for p in parts)
    assert ("Executive Group", "Southshire Children's Safeguarding Partnership") in _rel(nodes, edges, "REPORTS_TO")
    sab = next(n for n in nodes if n.name == "Southshire Safeguarding Adults Board")
    assert sab.type == "Group" and sab.attrs["frequency"] == "bi-monthly"


def test_an_action_presented_to_a_board_reports_to_it():
    from graph.model import Passage
    from ingest.extract.context import ExtractionContext
    from ingest.extract.rules import entities, reporting

    text = ("A practice guide on safer sleep was written. This was presented to the Northshire Executive Board "
            "in May.")
    doc = Document(id="rep", tenant="northshire", title="fixture")
    p = Passage(id="rep#p0", doc_id="rep", tenant="northshire", seq=0, text=text)
    ctx = ExtractionContext(doc, [p], [])
    entities.extract(ctx)
    action = ctx.add_node("Action", "Practice guide on safer sleep", p, 2, 40)
    reporting.extract(ctx)
    board = next(n.id for n in ctx.nodes_of("Group") if n.name == "Northshire Executive Board")
    assert [(e.src, e.dst) for e in ctx.edges_of("REPORTS_TO")] == [(action, board)]


def test_chaired_by_the_local_authorities_of_a_shared_arrangement(tmp_path):
    text = ("Education\n\nThe Pan Bedfordshire Schools Sub-group is chaired by the three Local Authority "
            "Heads of Education on a rotating basis.\n")
    nodes, edges = _run(tmp_path, text, tenant="cbscp", name="edu.txt")
    chairs = {c for g, c in _rel(nodes, edges, "CHAIRED_BY") if g == "Pan Bedfordshire Schools Sub-group"}
    assert chairs == {"Bedford Borough Council", "Central Bedfordshire Council", "Luton Borough Council"}


def test_teams_count_as_groups_only_when_given_an_abbreviation(tmp_path):
    text = ("The Northshire Family Front Door (NFFD) and the Adolescent Support Team (AST) work together. "
            "The Access Team and the Northshire Hospital School team were busy.\n")
    nodes, _ = _run(tmp_path, text, name="teams.txt")
    groups = _names(nodes, "Group")
    assert {"Northshire Family Front Door", "Adolescent Support Team"} <= groups
    assert not {"Access Team", "Northshire Hospital School"} & (groups | _names(nodes, "Agency"))


def test_a_heading_naming_a_board_introduces_its_sub_groups(tmp_path):
    text = ("Annual report\n\n## Sub-groups of the Northshire Executive Board\n\n- Neglect Sub-group\n"
            "- Northshire Learning Panel\n\n## Our year\n\n- Northshire Police Panel\n")
    nodes, edges = _run(tmp_path, text, name="subgroups.md")
    reports = _rel(nodes, edges, "REPORTS_TO")
    assert {("Neglect Sub-group", "Northshire Executive Board"),
            ("Northshire Learning Panel", "Northshire Executive Board")} <= reports
    assert not any(s == "Northshire Police Panel" for s, _ in reports)


def test_lower_case_sub_group_heads_still_name_groups(tmp_path):
    text = ("The Neglect sub-group met in May. A group of parents and the panel of experts were consulted. "
            "The Exploitation task and finish group reported.\n")
    nodes, _ = _run(tmp_path, text, name="lower.txt")
    groups = _names(nodes, "Group")
    assert {"Neglect sub-group", "Exploitation task and finish group"} <= groups
    assert not any(g.lower().endswith(("group of parents", "panel")) for g in groups)
