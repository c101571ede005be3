"""The learning rules on review documents of invented partnerships (tests/fixtures/unseen/reviews).

A local CSPR report, a '7 minute briefing' whose numbered headings reach the passages as list
items, a partnership page listing its reviews, and a learning summary with 'R1.' recommendations
run together in one paragraph: what a careful reader would annotate, and what they would not.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.model import Document
from ingest.extract import extract
from ingest.extract import patterns as P
from ingest.loaders import load
from ingest.passages import build_passages

FIXTURES = Path(__file__).parent / "fixtures" / "unseen" / "reviews"


def _run(file: str, kind: str) -> dict:
    path = FIXTURES / file
    loaded = load(path)
    _text, passages = build_passages(path.stem, "unseen", loaded)
    nodes, edges = extract(Document(id=path.stem, tenant="unseen", title=loaded.title or path.stem, kind=kind),
                           passages)
    name = {n.id: n.name for n in nodes}
    return {
        "nodes": {(n.type, n.name): n for n in nodes},
        "rels": {(name[e.src], e.type, name[e.dst]) for e in edges},
        "of": lambda t: {n.name for n in nodes if n.type == t},
    }


@pytest.fixture(scope="module")
def cspr():
    return _run("kingsvale-cspr-child-j.txt", "case_review")


@pytest.fixture(scope="module")
def briefing():
    return _run("northshire-7mb-baby-t.txt", "briefing")


@pytest.fixture(scope="module")
def page():
    return _run("easton-weald-published-reviews.txt", "partnership_page")


@pytest.fixture(scope="module")
def summary():
    return _run("ashdown-sar-and-learning-summary.md", "learning_summary")


CHILD_J = "Child J Local Child Safeguarding Practice Review"


def _targets(g: dict, src: str, rel: str) -> set[str]:
    return {d for s, t, d in g["rels"] if s == src and t == rel}


def test_cspr_report_review_with_status_date_and_who(cspr):
    assert cspr["of"]("Review") == {CHILD_J}  # the Rapid Review it followed is no review of its own here
    review = cspr["nodes"][("Review", CHILD_J)]
    assert review.attrs["kind"] == "local CSPR"
    assert (review.attrs["status"], review.attrs["date"]) == ("published", "2025-03")  # 'Published: March 2025'
    # 'This Local Child Safeguarding Practice Review was commissioned by ...': the report's own review
    assert _targets(cspr, CHILD_J, "COMMISSIONED_BY") == {"Kingsvale Safeguarding Children Partnership"}
    assert _targets(cspr, CHILD_J, "LED_BY") == {"Helen Marsh"}
    assert _targets(cspr, CHILD_J, "MONITORED_BY") == {"KSCP Case Review Sub-group"}


def test_cspr_numbered_findings_and_recommendations(cspr):
    assert len(_targets(cspr, CHILD_J, "HAS_FINDING")) == 4
    recs = {n.attrs["number"]: n.attrs["text"] for (t, _), n in cspr["nodes"].items() if t == "Recommendation"}
    assert set(recs) == {"1", "2", "3"}
    assert recs["3"].startswith("The KSCP should develop guidance")
    assert len(_targets(cspr, CHILD_J, "HAS_RECOMMENDATION")) == 3


def test_cspr_actions_with_status_and_the_recommendation_they_answer(cspr):
    acts = {n: cspr["nodes"][("Action", n)].attrs for n in cspr["of"]("Action")}
    assert acts["Practice briefing on the bruising protocol"]["status"] == "done"
    assert acts["Guidance on working with fathers"]["status"] == "planned"
    assert acts["Guidance on working with fathers"]["due"] == "autumn 2025"
    revising = [n for n in acts if "information sharing agreement" in n.lower()]
    assert len(revising) == 1 and acts[revising[0]]["status"] == "in progress"  # 'is being revised'
    for action in ("Practice briefing on the bruising protocol", "Guidance on working with fathers", revising[0]):
        assert (action, "RESPONDS_TO", CHILD_J) in cspr["rels"]
    answers = {s: d for s, t, d in cspr["rels"] if t == "RESPONDS_TO" and d != CHILD_J}
    assert answers["Guidance on working with fathers"].startswith("The KSCP should develop guidance")
    assert answers["Practice briefing on the bruising protocol"].startswith("The KSCP should seek assurance")
    assert answers[revising[0]].startswith("Kingsvale Children's Services and Kingsvale Police")
    # the action plan answers all of them, so none in particular
    assert not [s for s in answers if "action plan" in s.lower()]


def test_briefing_lead_in_lines_head_findings_and_practice_points(briefing):
    review = "Baby T Rapid Review"
    assert briefing["of"]("Review") == {review}
    node = briefing["nodes"][("Review", review)]
    assert node.attrs["kind"] == "rapid review"
    assert node.attrs["status"] == "unpublished"
    assert node.attrs["status_reason"].startswith("in order to protect the privacy")
    findings = _targets(briefing, review, "HAS_FINDING")
    assert len(findings) == 3 and any(f.startswith("The ICON programme") for f in findings)
    recs = _targets(briefing, review, "HAS_RECOMMENDATION")
    assert len(recs) == 3 and any(r.startswith("Talk to both parents") for r in recs)
    # what the review found is not something the partnership did
    assert "ICON programme" not in briefing["of"]("Action")
    acts = briefing["of"]("Action")
    assert {"Baby T Rapid Review 7 Minute Briefing", "Whole-family approach module"} <= acts
    assert any(a.startswith("ICON programme") for a in acts)
    perinatal = [a for a in acts if "perinatal" in a.lower()]
    assert perinatal and briefing["nodes"][("Action", perinatal[0])].attrs["status"] == "in progress"
    for a in acts:
        assert (a, "RESPONDS_TO", review) in briefing["rels"]


def test_page_lists_reviews_with_their_learning_and_actions(page):
    reviews = page["of"]("Review")
    assert reviews == {"Family M", "Child K", "Children missing education Thematic Review"}
    k = page["nodes"][("Review", "Child K")].attrs
    assert k["status"] == "unpublished" and k["status_reason"] == "because of ongoing criminal proceedings"
    m = page["nodes"][("Review", "Family M")].attrs
    assert (m["status"], m["date"]) == ("published", "2024-10")
    assert ("Family M", "LED_BY", "Sam Okafor") in page["rels"]
    # 'Learning from the review:' over a list: the findings of the review the section is about
    assert len(_targets(page, "Family M", "HAS_FINDING")) == 2
    assert not _targets(page, "Child K", "HAS_FINDING")
    gcp = "Graded Care Profile 2 training across early help teams"  # 'is rolling out <Title>' with no article
    assert page["nodes"][("Action", gcp)].attrs["status"] == "in progress"
    expected = {"Neglect toolkit for all practitioners": "Family M", gcp: "Family M",
                "School attendance protocol": "Family M", "Contextual safeguarding pathway": "Child K",
                "Transitional safeguarding protocol": "Child K",
                "Children Missing Education panel": "Children missing education Thematic Review"}
    for action, review in expected.items():
        assert (action, "RESPONDS_TO", review) in page["rels"]
        others = _targets(page, action, "RESPONDS_TO") - {review}
        assert not others & reviews, action


def test_learning_summary_r_numbers_kinds_and_answers(summary):
    review = "Adolescent Self-Harm Thematic Review"
    assert summary["nodes"][("Review", review)].attrs["status"] == "unpublished"  # signed off, not yet published
    assert summary["nodes"][("Review", "Baby Q Rapid Review")].attrs["kind"] == "rapid review"
    assert summary["nodes"][("Review", "Child P Safeguarding Adults Review")].attrs["kind"] == "SAR"
    recs = {n.attrs["number"]: n for (t, _), n in summary["nodes"].items() if t == "Recommendation"}
    assert set(recs) == {"1", "2", "3"}  # 'R1. ... R2. ... R3. ...' in one paragraph
    assert recs["3"].attrs["text"].startswith("The AMSCP should commission training")
    # each recommendation is about the themes its own sentence names, not its neighbours'
    themes = {n.name: _targets(summary, n.name, "ADDRESSES_THEME") for n in recs.values()}
    assert "Online safety" in themes[recs["3"].name] and "Online safety" not in themes[recs["1"].name]
    assert "Self-harm and suicide" in themes[recs["1"].name]
    answers = {s: d for s, t, d in summary["rels"] if t == "RESPONDS_TO" and d != review}
    assert answers["Online safety training for practitioners"] == recs["3"].name
    # words of the review's own title tie the learning summary to no recommendation in particular
    assert not [s for s in answers if "Learning Summary" in s]
    assert "Learning briefing for schools" in summary["of"]("Action")  # the season is its due date
    assert summary["nodes"][("Action", "Learning briefing for schools")].attrs["due"] == "spring 2025"


def test_lead_in_lines():
    class V:
        def __init__(self, i: int, text: str, heading: bool = False):
            self.index, self.text, self.is_heading = i, text, heading

    views = [V(0, "Background", True), V(1, "3. What we found"), V(2, "Dad was not seen."),
             V(3, "4. What you should do"), V(4, "Ask who lives in the home."),
             V(5, "6. Questions for your team"), V(6, "How do you involve fathers?"),
             V(7, "What we have done:"), V(8, "A toolkit has been launched."), V(9, "Next", True),
             V(10, "Short line")]
    assert P.lead_in_heads(views) == {2: ("finding", "What we found"), 4: ("rec", "What you should do"),
                                      8: ("action", "What we have done")}


@pytest.mark.parametrize("text,why", [
    ("The report will not be published because of ongoing criminal proceedings.",
     "because of ongoing criminal proceedings"),
    ("It has not been published in order to protect the siblings.", "in order to protect the siblings"),
    ("The review has not yet been published pending the inquest.", "pending the inquest"),
])
def test_unpublished_reasons(text, why):
    assert P.UNPUBLISHED_WHY.search(text).group("why") == why


def test_titled_object_gate_never_refuses_a_match():
    # the gates read folded text, where the capitals the titled object needs are gone
    for sent in ("The Partnership is rolling out Graded Care Profile 2 training across teams.",
                 "Health has introduced Safe Sleep Bundles for new parents.",
                 "we have developed ICON Week resources"):
        if P.ACTIVE.search(sent):
            assert P.ACTIVE_VERB_GATE.search(P.folded(sent)) and P.ACTIVE_GATE.search(P.folded(sent))
    assert P.ACTIVE.search("The Partnership is rolling out Graded Care Profile 2 training.")
    assert not P.ACTIVE.search("The Partnership is rolling out slowly.")


@pytest.mark.parametrize("text,status", [
    ("The Partnership is rolling out new training.", "in progress"),
    ("Health visitors are piloting a new tool.", "in progress"),
    ("A new protocol is going to be launched.", "planned"),
    ("The toolkit has been launched.", "done"),
])
def test_status_of_present_progressive(text, status):
    assert P.status_from(text) == status


def test_no_fixture_names_leak_into_rules():
    # the rules read shapes of English: none of the invented names here is in them
    src = "".join((Path(P.__file__).parent / "rules" / f).read_text(encoding="utf-8")
                  for f in ("reviews.py", "actions.py", "themes.py")) + Path(P.__file__).read_text(encoding="utf-8")
    for word in ("Kingsvale", "Northshire", "Easton", "Ashdown", "Okafor", "Graded Care"):
        assert not re.search(word, src)


@pytest.fixture(scope="module")
def national():
    return _run("wyredale-national-and-local-reviews.txt", "partnership_page")


def test_national_reviews_their_themes_and_a_local_review_not_taken_for_an_action(national):
    disabled = "Safeguarding Children with Disabilities in Residential Settings"
    assert national["nodes"][("Review", disabled)].attrs["kind"] == "national review"
    assert (disabled, "ADDRESSES_THEME", "Disabled children") in national["rels"]
    child_s = "Child S Safeguarding Practice Review"
    attrs = national["nodes"][("Review", child_s)].attrs
    # signed off, then 'Publication has been delayed until ...'
    assert attrs["status"] == "unpublished" and attrs["status_reason"] == "until criminal proceedings conclude"
    # 'The Child S review was ... signed off by the Executive Board' is the review, not something done
    assert not [a for a in national["of"]("Action") if "child s" in a.lower()]


def test_an_action_answers_the_recommendation_it_names_by_number(national):
    recs = {n.attrs["number"]: n.name for (t, _), n in national["nodes"].items() if t == "Recommendation"}
    assert set(recs) == {"1", "2"}
    answered = _targets(national, "Refresh of the Escalation policy", "RESPONDS_TO")
    assert answered == {"Child S Safeguarding Practice Review", recs["2"]}


@pytest.fixture(scope="module")
def fenmoor():
    return _run("fenmoor-learning-briefing-family-r.txt", "briefing")


def test_briefing_learning_points_firm_as_reviewer_and_audits(fenmoor):
    review = "Family R"
    attrs = fenmoor["nodes"][("Review", review)].attrs
    assert attrs["status"] == "in progress"  # 'It was carried out by ... and is being finalised'
    assert attrs["date"] == "2023-03"
    assert _targets(fenmoor, review, "LED_BY") == {"Harbour Safeguarding Consultancy Ltd"}
    assert _targets(fenmoor, review, "COMMISSIONED_BY") == {"Fenmoor Safeguarding Children Partnership"}
    assert _targets(fenmoor, review, "MONITORED_BY") == {"Case Review Group"}
    findings = _targets(fenmoor, review, "HAS_FINDING")  # 'Learning point 1: ...' under 'About the review'
    assert findings == {"Professionals accepted the parents' account of neglect without checking it.",
                        "The voice of the child was missing from assessments."}
    audit = "Audit of neglect assessments across early help and social care"
    assert fenmoor["nodes"][("Action", audit)].attrs["status"] == "done"
    assert (audit, "RESPONDS_TO", review) in fenmoor["rels"]
    assert fenmoor["nodes"][("Action", "Training on the voice of the child")].attrs["status"] == "in progress"


@pytest.mark.parametrize("sent,verb", [
    ("The Partnership has audited neglect assessments across early help.", "audited"),
    ("Partners have jointly mapped services for young carers.", "mapped"),
])
def test_checked_things(sent, verb):
    assert P.CHECKED.search(sent).group("verb") == verb


def test_checked_things_not_by_whom():
    assert not P.CHECKED.search("The files have audited by the team.")
    assert not P.CHECKED.search("We have evaluated whether it works.")


@pytest.fixture(scope="module")
def plan_table():
    return _run("brackley-vale-child-h-plan-update.md", "partnership_page")


def test_action_plan_table_inside_a_page(plan_table):
    review = "Child H Local Child Safeguarding Practice Review"
    recs = {n.attrs["number"]: n for (t, _), n in plan_table["nodes"].items() if t == "Recommendation"}
    assert set(recs) == {"1", "2", "3"}
    assert recs["2"].attrs["text"] == "Strengthen recording of who lives in the household"  # its cell, not the row
    assert _targets(plan_table, review, "HAS_RECOMMENDATION") == {n.name for n in recs.values()}
    acts = {n: plan_table["nodes"][("Action", n)].attrs for n in plan_table["of"]("Action")}
    assert set(acts) == {"Was Not Brought policy", "Household composition prompt",
                         "Multi-agency training on parental substance misuse"}
    assert [acts[a]["status"] for a in sorted(acts)] == ["in progress", "planned", "done"]
    assert acts["Was Not Brought policy"]["owner"] == "BV ICB"
    assert acts["Multi-agency training on parental substance misuse"]["due"] == "2025"
    for action, number in (("Was Not Brought policy", "1"), ("Household composition prompt", "2"),
                           ("Multi-agency training on parental substance misuse", "3")):
        assert _targets(plan_table, action, "RESPONDS_TO") == {review, recs[number].name}
    # a recommendation's themes are those of its own cell, not of the action beside it
    assert "Early help" not in _targets(plan_table, recs["2"].name, "ADDRESSES_THEME")


def test_plan_row_fields():
    row = P.plan_row("Recommendation: 2. Share records; Action: New protocol agreed; Lead: ICB; Status: Complete")
    assert {k: v[0] for k, v in row.items()} == {"recommendation": "2. Share records", "action": "New protocol agreed",
                                                "owner": "ICB", "status": "Complete"}
    assert P.plan_row("Name: Sam Reed; Role: Independent Chair") == {}
    assert P.plan_row("Meetings are held quarterly; the Board chairs them.") == {}


def test_a_review_is_about_what_two_of_its_findings_or_recommendations_are_about(cspr, briefing):
    assert _targets(cspr, CHILD_J, "ADDRESSES_THEME") == {"Domestic abuse"}  # finding 2 and recommendation 2
    assert "Parental mental health" in _targets(briefing, "Baby T Rapid Review", "ADDRESSES_THEME")
    # professional curiosity is named by one finding only: an aside, not what the review is about
    assert "Professional curiosity" not in _targets(cspr, CHILD_J, "ADDRESSES_THEME")


@pytest.fixture(scope="module")
def names():
    return _run("thamesmead-valley-review-names.txt", "partnership_page")


def test_review_names_in_quotes_brackets_and_after_the_kind(names):
    reviews = {n: names["nodes"][("Review", n)].attrs for n in names["of"]("Review")}
    assert set(reviews) == {"Archie LCSPR", "Poppy Child Safeguarding Practice Review", "Jacob CSPR",
                            "Mia Serious Case Review"}
    assert (reviews["Archie LCSPR"]["status"], reviews["Archie LCSPR"]["date"]) == ("published", "2024-01")
    assert reviews["Jacob CSPR"]["date"] == "2023"
    assert reviews["Mia Serious Case Review"]["kind"] == "SCR"
    assert len(_targets(names, "Archie LCSPR", "HAS_FINDING")) == 1
    assert len(_targets(names, "Poppy Child Safeguarding Practice Review", "HAS_RECOMMENDATION")) == 1
    # 'Following the Archie review, ...': the actions answer it; the SCR itself is no action
    acts = names["of"]("Action")
    assert acts == {"Refresh of the Serious Youth Violence Strategy", "School inclusion protocol"}
    for a in acts:
        assert _targets(names, a, "RESPONDS_TO") == {"Archie LCSPR"}


@pytest.mark.parametrize("text,name", [
    ("LCSPR 'Archie' was published.", "Archie"),
    ("Serious Case Review - Family B", "Family B"),
])
def test_kind_then_case(text, name):
    assert P.KIND_THEN_CASE.search(text).group("name") == name


def test_kind_then_a_word_without_quotes_or_separator_is_no_case():
    assert not P.KIND_THEN_CASE.search("The CSPR Subgroup met six times.")


@pytest.fixture(scope="module")
def oakridge():
    return _run("oakridge-sar-and-rapid-review.txt", "partnership_page")


def test_joint_commissioners_changes_as_a_result_and_a_briefing_under_the_review(oakridge):
    sar = "Adult D Safeguarding Adults Review"
    assert oakridge["nodes"][("Review", sar)].attrs["kind"] == "SAR"
    assert _targets(oakridge, sar, "COMMISSIONED_BY") == {"Oakridge Safeguarding Adults Board",
                                                         "Oakridge Safeguarding Children Partnership"}
    assert _targets(oakridge, sar, "MONITORED_BY") == {"Learning and Improvement Group"}
    # the items under 'What has changed as a result' answer the review named before it
    guidance = "Transitions guidance for young people moving to adult services"
    assert oakridge["nodes"][("Action", guidance)].attrs["status"] == "done"
    assert _targets(oakridge, guidance, "RESPONDS_TO") == {sar}
    # 'The rapid review concluded ... Learning was shared through a 7 minute briefing.'
    brief = "Baby E Rapid Review 7 Minute Briefing"
    assert _targets(oakridge, brief, "RESPONDS_TO") == {"Baby E Rapid Review"}
