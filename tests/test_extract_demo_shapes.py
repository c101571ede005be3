"""The rules on our own demo documents (demo/corpus, fictional): the shapes that used to be missed.

Each document is extracted on its own (no store), as the quick benchmark does.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.model import Document
from ingest.extract import extract
from ingest.extract.action_plan import extract_action_plan
from ingest.loaders import load
from ingest.passages import build_passages

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"
META = {e["file"]: e for e in json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))["documents"]}


def _extract(file: str):
    meta = META[file]
    loaded = load(DEMO / file)
    doc = Document(id=file, tenant=meta["tenant"], title=meta["title"], kind=meta["kind"], date=meta.get("date"))
    if loaded.rows:
        nodes, edges, _ = extract_action_plan(doc, loaded.rows, meta.get("review"), [])
    else:
        _text, passages = build_passages(file, meta["tenant"], loaded)
        nodes, edges = extract(doc, passages)
    node = {n.id: n for n in nodes}
    return node, [(node[e.src], e.type, node[e.dst]) for e in edges]


@pytest.fixture(scope="module")
def annual():
    return _extract("bbscp-annual-report-2023-24.md")


def test_groups_of_the_annual_report(annual):
    node, _ = annual
    groups = {n.name for n in node.values() if n.type == "Group"}
    assert "Pan Bedfordshire Joint Safeguarding Executive" in groups
    assert not [g for g in groups if g.split()[0] in ("Beneath", "2023-2024")]


def test_chairs_named_by_post_and_reviewers_by_name(annual):
    _, rels = annual
    chairs = {(s.name, d.name) for s, t, d in rels if t == "CHAIRED_BY"}
    assert ("Quality Assurance and Performance Sub-group", "Head of Safeguarding for BLMK ICB") in chairs
    led = {(s.name, d.name, d.type) for s, t, d in rels if t == "LED_BY" and s.type == "Review"}
    assert ("Child M Local Child Safeguarding Practice Review", "Owen Pryce", "Person") in led


def test_review_kinds_in_the_annual_report(annual):
    node, _ = annual
    kinds = {n.name: n.attrs.get("kind") for n in node.values() if n.type == "Review"}
    assert kinds.get("Baby R rapid review") == "rapid review"
    assert kinds.get("Family J learning review") == "learning review"
    assert kinds.get("Adult D Safeguarding Adults Review") == "SAR"


def test_learning_from_practice_sub_group_keeps_its_name():
    node, rels = _extract("lscp-baby-k-cspr.docx")
    assert "Learning from Practice Sub-group" in {n.name for n in node.values() if n.type == "Group"}
    assert any(t == "LED_BY" and d.type == "Person" and d.name == "Marion Achebe" for _, t, d in rels)


def test_briefing_recommendations_under_what_the_review_recommended():
    node, _ = _extract("bbscp-child-m-7-minute-briefing.md")
    recs = [n.attrs.get("text", "") for n in node.values() if n.type == "Recommendation"]
    assert any(r.startswith("The partnership should publish multi-agency guidance") for r in recs)


@pytest.mark.parametrize("plan", ["lscp-baby-k-action-plan.xlsx", "bbscp-child-m-action-plan.csv"])
def test_action_plan_owners_are_not_cut_at_and(plan):
    node, _ = _extract(plan)
    names = {n.name for n in node.values() if n.type in ("Agency", "Group")}
    assert not {"Finish Group", "Development Sub-group", "Performance Sub-group", "Quality Assurance"} & names
