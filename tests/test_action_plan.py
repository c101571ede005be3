"""Action plan import: loose headers, facts linked to the review, stable ids on re-import."""
from __future__ import annotations

import csv
import io

from graph.model import Document
from ingest.extract.action_plan import classify_headers, extract_action_plan

PLAN_CSV = """Rec No,Recommendation,Action,Lead agency / Owner,Due date,Status (RAG),Evidence / Progress,Colour
1,Agencies should check the history of every adult in the household,Develop a household history checklist,Police / Health,March 2024,Complete,Checklist published on the partnership website https://example.org/checklist,x
1,,Deliver briefings on the checklist to front-line staff,Partnership,June 2024,In progress,Two of four sessions held,
2,The voice of the child should be recorded in core group minutes,Revise the core group minutes template,Children's Social Care,September 2024,Not started,,
"""


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _doc() -> Document:
    return Document(id="plan-child-k", tenant="rscp", title="Child K action plan", kind="action_plan",
                    source="child-k-action-plan.csv")


def _import(text: str = PLAN_CSV):
    return extract_action_plan(_doc(), _rows(text), "Child K Local Child Safeguarding Practice Review")


def test_headers_are_matched_loosely_and_unknown_ones_reported():
    meaning, warnings = classify_headers(["Rec No", "Recommendation", "Action", "Lead agency / Owner", "Due date",
                                          "Status (RAG)", "Evidence / Progress", "Colour"])
    assert meaning["Lead agency / Owner"] == "owner"
    assert meaning["Due date"] == "due"
    assert meaning["Status (RAG)"] == "status"
    assert meaning["Evidence / Progress"] == "evidence"
    assert meaning["Rec No"] == "rec_number"
    assert warnings == ["unknown column 'Colour' ignored"]


def test_plan_rows_become_recommendations_actions_evidence_and_owners():
    nodes, edges, warnings = _import()
    by_type: dict[str, list] = {}
    for n in nodes:
        by_type.setdefault(n.type, []).append(n)
    assert len(by_type["Review"]) == 1 and "Child K" in by_type["Review"][0].name
    assert len(by_type["Recommendation"]) == 2  # the empty cell continues recommendation 1
    assert len(by_type["Action"]) == 3
    status = {n.attrs["text"]: n.attrs["status"] for n in by_type["Action"]}
    assert status == {"Develop a household history checklist": "done",
                      "Deliver briefings on the checklist to front-line staff": "in progress",
                      "Revise the core group minutes template": "planned"}
    checklist = next(n for n in by_type["Action"] if n.attrs["text"].startswith("Develop"))
    assert checklist.attrs["due"] == "2024-03"
    assert checklist.attrs["owner"] == "Police / Health"
    ev = [e for e in edges if e.type == "EVIDENCED_BY" and e.src == checklist.id]
    assert len(ev) == 1
    evidence = next(n for n in nodes if n.id == ev[0].dst)
    assert evidence.attrs["link"] == "https://example.org/checklist"
    owners = {e.dst for e in edges if e.type == "OWNED_BY" and e.src == checklist.id}
    assert {n.name for n in nodes if n.id in owners} == {"Police", "Health"}
    rec1 = next(n for n in by_type["Recommendation"] if n.attrs["number"] == "1")
    answering = {e.src for e in edges if e.type == "RESPONDS_TO" and e.dst == rec1.id}
    assert len(answering) == 2
    assert any(e.type == "HAS_RECOMMENDATION" and e.src == by_type["Review"][0].id and e.dst == rec1.id
               for e in edges)
    assert any("Colour" in w for w in warnings)
    # every fact carries its document
    assert all(p.doc_id == "plan-child-k" for n in nodes for p in n.provenance)


def test_reimport_of_an_updated_plan_updates_the_same_facts():
    nodes1, edges1, _ = _import()
    updated = PLAN_CSV.replace("In progress,Two of four sessions held", "Complete,All four sessions held")
    nodes2, edges2, _ = _import(updated)
    assert sorted(n.id for n in nodes1) == sorted(n.id for n in nodes2)
    assert sorted(e.id for e in edges1) == sorted(e.id for e in edges2)
    briefings = next(n for n in nodes2 if n.type == "Action" and n.attrs["text"].startswith("Deliver"))
    assert briefings.attrs["status"] == "done"
    ev = next(n for n in nodes2 if n.type == "Evidence" and "sessions" in n.attrs["note"])
    assert ev.attrs["note"] == "All four sessions held"


def test_review_id_matches_the_one_prose_rules_give():
    from graph.model import Passage
    from ingest.extract.context import ExtractionContext
    from ingest.extract.rules import reviews

    doc = Document(id="page", tenant="rscp", title="Riverside SCP", kind="partnership_page")
    p = Passage(id="page#p0", doc_id="page", tenant="rscp", seq=0,
                text="The Child K Local Child Safeguarding Practice Review was published in May 2024.")
    ctx = ExtractionContext(doc, [p], [])
    reviews.extract(ctx)
    nodes, _, _ = _import()
    plan_review = next(n for n in nodes if n.type == "Review")
    assert plan_review.id == ctx.nodes_of("Review")[0].id


def test_plans_without_action_or_recommendation_columns_import_nothing_and_say_why():
    nodes, edges, warnings = extract_action_plan(_doc(), _rows("Name,Colour\nA,red\n"), None)
    assert nodes == [] and edges == []
    assert any("no Action or Recommendation column" in w for w in warnings)
    assert any("child-k-action-plan.csv" in w for w in warnings)


def test_empty_plan_is_a_warning():
    nodes, edges, warnings = extract_action_plan(_doc(), [], None)
    assert nodes == [] and edges == [] and warnings


def test_plan_facts_fit_the_graph_schema():
    from graph.schema import load_schema

    schema = load_schema()
    nodes, edges, _ = _import()
    types = {n.id: n.type for n in nodes}
    for n in nodes:
        schema.check_node(n)
    for e in edges:
        schema.check_edge(e, types[e.src], types[e.dst])


def test_plan_recommendations_are_the_ones_the_review_report_numbers():
    from graph.model import Passage
    from ingest.extract.context import ExtractionContext
    from ingest.extract.rules import reviews

    doc = Document(id="cspr", tenant="rscp", title="Child K Local Child Safeguarding Practice Review",
                   kind="case_review")
    p = Passage(id="cspr#p0", doc_id="cspr", tenant="rscp", seq=0, section="Recommendations",
                text="Recommendation 1: Agencies should check the history of every adult in the household.")
    ctx = ExtractionContext(doc, [p], [])
    reviews.extract(ctx)
    prose = {n.id for n in ctx.nodes_of("Recommendation")}
    nodes, _, _ = _import()
    plan = {n.id for n in nodes if n.type == "Recommendation"}
    assert prose and prose <= plan


def test_prose_rules_leave_an_action_plans_rows_to_the_plan_reader():
    from graph.model import Passage
    from ingest.extract.context import ExtractionContext
    from ingest.extract.rules import actions, reviews

    row = ("Recommendation: The review recommended that agencies check every adult | Action: A household "
           "checklist has been developed | Status: Complete")
    p = Passage(id="plan#p0", doc_id="plan", tenant="rscp", seq=0, text=row, kind="table_row")
    ctx = ExtractionContext(_doc(), [p], [])
    reviews.extract(ctx)
    actions.extract(ctx)
    assert ctx.nodes_of("Action") == [] and ctx.nodes_of("Recommendation") == []


def test_and_inside_a_group_name_does_not_split_the_owner():
    plan = ("Recommendation,Action,Owner,Due date,Status\n"
            "Share learning,Run learning events,Learning and Development Sub-group,May 2024,Complete\n"
            "Share learning,Write a briefing,Northtown Borough Council and Northtown Police,May 2024,Complete\n"
            "Share learning,Audit practice,Neglect Task and Finish Group,May 2024,Overdue\n")
    nodes, edges, _ = _import(plan)
    name = {n.id: (n.type, n.name) for n in nodes}
    owners = {name[e.dst] for e in edges if e.type == "OWNED_BY"}
    assert owners == {("Group", "Learning and Development Sub-group"), ("Agency", "Northtown Borough Council"),
                      ("Agency", "Northtown Police"), ("Group", "Neglect Task and Finish Group")}
