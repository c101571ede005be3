"""LED_BY for actions (ingest/extract/rules/leads.py) on invented text of an unseen partnership."""
from __future__ import annotations

import pytest

from graph.model import Document, Passage
from ingest.extract import extract
from tests.factories import extract_blocks

TEXT = [
    ("heading", "Kestrel Vale Safeguarding Children Partnership annual report"),
    ("paragraph", "The Kestrel Vale Safeguarding Children Partnership (KVSCP) brings partners together."),
    ("paragraph", "The Partnership has developed a practice guide on working with fathers."),
    ("paragraph", "In March 2024, Kestrel Vale Police ran a series of webinars on online grooming."),
    ("paragraph", "A toolkit on neglect was delivered by the Kestrel Vale Neglect Sub-group."),
    ("paragraph", "Kestrel Vale Police reported that a new dashboard has been developed for the control room."),
    ("paragraph", "An extraordinary meeting of the Partnership was held in June 2024 on school attendance."),
    ("paragraph", "Kestrel Vale Police-led briefings on county lines have been delivered to all secondary schools."),
]


@pytest.fixture(scope="module")
def rels():
    nodes, edges = extract_blocks(TEXT)
    name = {n.id: n.name for n in nodes}
    return {(name[e.src], name[e.dst]) for e in edges if e.type == "LED_BY"}, {n.name for n in nodes if n.type == "Action"}


def test_subject_of_the_verb_leads_the_action(rels):
    led, actions = rels
    guide = next(a for a in actions if "practice guide" in a.lower())
    assert (guide, "Kestrel Vale Safeguarding Children Partnership") in led
    webinars = next(a for a in actions if "webinars" in a.lower())
    assert (webinars, "Kestrel Vale Police") in led


def test_agent_after_by(rels):
    led, actions = rels
    toolkit = next(a for a in actions if "toolkit" in a.lower())
    assert (toolkit, "Kestrel Vale Neglect Sub-group") in led


def test_reporting_body_is_not_the_leader(rels):
    led, _ = rels
    assert not any("dashboard" in a.lower() for a, _ in led)


def test_meeting_of_the_partnership_is_led_by_it(rels):
    led, actions = rels
    meeting = next(a for a in actions if "meeting" in a.lower())
    assert (meeting, "Kestrel Vale Safeguarding Children Partnership") in led


def test_action_names_do_not_run_into_the_next_bullet_or_repeat_themselves():
    text = ("The Kestrel Vale Home Safety Checklist (HSC) Home Safety Checklist (HSC) tool has been launched. "
            "Partners developed a single front door rather than a one size fits all service. • Families who "
            "need help now get it sooner.")
    passages = [Passage(id="kv#0", doc_id="kv", tenant="kvscp", seq=0, text=text, kind="paragraph", start=0,
                        end=len(text))]
    nodes, _ = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    actions = {n.name for n in nodes if n.type == "Action"}
    assert "Kestrel Vale Home Safety Checklist (HSC) tool" in actions
    assert not any("•" in a or "Home Safety Checklist (HSC) Home" in a for a in actions)


def test_x_led_names_its_leader(rels):
    led, actions = rels
    briefing = next(a for a in actions if "county lines" in a.lower())
    assert (briefing, "Kestrel Vale Police") in led


def test_lead_after_a_response_adverbial_and_a_body_asked_to_act():
    text = [("paragraph", "Following the Baby Z rapid review, partners met in May."),
            ("paragraph", "As a result of the Baby Z rapid review, the Kestrel Vale Infant Safety Sub-group is "
                          "refreshing the guidance on safe sleep."),
            ("paragraph", "In response to this review the Kestrel Vale Executive Board has asked the Kestrel Vale "
                          "Missing Children Sub-group to draft a return home protocol.")]
    passages = [Passage(id=f"kv#{i}", doc_id="kv", tenant="kvscp", seq=i, text=t, kind=k, start=0, end=len(t))
                for i, (k, t) in enumerate(text)]
    nodes, edges = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    name = {n.id: n.name for n in nodes}
    led = {(name[e.src].lower(), name[e.dst]) for e in edges if e.type == "LED_BY"}
    assert any("safe sleep" in a and b == "Kestrel Vale Infant Safety Sub-group" for a, b in led)
    assert any("return home protocol" in a and b == "Kestrel Vale Missing Children Sub-group" for a, b in led)


def test_the_partnerships_of_a_shared_arrangement_lead_together():
    text = ("In May 2024 the three Safeguarding Children Partnerships came together to run a multi-agency audit "
            "of neglect cases.")
    passages = [Passage(id="l#0", doc_id="l", tenant="lscp", seq=0, text=text, kind="paragraph", start=0,
                        end=len(text))]
    nodes, edges = extract(Document(id="l", tenant="lscp", title="Annual report", date="2024"), passages)
    node = {n.id: n for n in nodes}
    leaders = {node[e.dst].tenant for e in edges if e.type == "LED_BY" and "audit" in node[e.src].name.lower()}
    assert leaders == {"bbscp", "cbscp", "lscp"}  # the gazetteer's partnerships of the Pan Bedfordshire arrangement
