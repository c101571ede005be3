"""The learning rules (reviews, findings, recommendations, actions) on fixture texts written for these tests."""
from __future__ import annotations

from graph.model import Document, Passage
from ingest.extract.context import ExtractionContext
from ingest.extract.rules import actions, reviews


def _passages(doc_id: str, tenant: str, blocks: list[tuple[str, str, str]]) -> list[Passage]:
    """blocks: (kind, section, text)."""
    return [Passage(id=f"{doc_id}#p{i}", doc_id=doc_id, tenant=tenant, seq=i, text=t, section=s, kind=k)
            for i, (k, s, t) in enumerate(blocks)]


def _run(blocks, kind="annual_report", title="Riverside Safeguarding Children Partnership Annual Report 2023-24",
         seed=None):
    doc = Document(id="doc1", tenant="rscp", title=title, kind=kind)
    ctx = ExtractionContext(doc, _passages("doc1", "rscp", blocks), [])
    for type_, name, aliases in seed or []:
        ctx.add_node(type_, name, ctx.passages[0], aliases=aliases)
    reviews.extract(ctx)
    actions.extract(ctx)
    return ctx


def _by_name(ctx, type_, fragment):
    hits = [n for n in ctx.nodes_of(type_) if fragment.lower() in (n.name + " " + " ".join(n.aliases)).lower()]
    assert hits, f"no {type_} like {fragment!r}: {[n.name for n in ctx.nodes_of(type_)]}"
    return hits[0]


def _edge(ctx, type_, src, dst) -> bool:
    return any(e.src == src.id and e.dst == dst.id for e in ctx.edges_of(type_))


ANNUAL = [
    ("heading", "Learning from reviews", "Learning from reviews"),
    ("paragraph", "Learning from reviews",
     "In March 2023 the Partnership signed off the Oliver LCSPR; it has not been published because of ongoing "
     "criminal proceedings. The Board commissioned a Learning Review in 2022 on a family of five children living "
     "with parental substance misuse."),
    ("paragraph", "Learning from reviews",
     "In response to the learning from the above reviews a practitioner guide on cumulative harm has been developed "
     "and a new Home Conditions Tool was relaunched in May 2023. An audit of case recording is under way. "
     "The Partnership will deliver a training programme on parental substance misuse by March 2024."),
    ("heading", "Other work", "Other work"),
    ("paragraph", "Other work",
     "The annual conference was well attended and partners enjoyed the day. Referrals rose by 8% in the year."),
]


def test_named_case_reviews_with_kind_status_and_date():
    ctx = _run(ANNUAL)
    oliver = _by_name(ctx, "Review", "Oliver")
    assert oliver.attrs["kind"] == "local CSPR"
    assert oliver.attrs["status"] == "unpublished"
    assert "criminal proceedings" in oliver.attrs.get("status_reason", "")
    assert oliver.attrs["date"] == "2023-03"
    learning = _by_name(ctx, "Review", "Learning Review on a family of five children")
    assert learning.attrs["kind"] == "learning review"


def test_action_status_from_tense_and_modality():
    ctx = _run(ANNUAL)
    assert _by_name(ctx, "Action", "guide on cumulative harm").attrs["status"] == "done"
    assert _by_name(ctx, "Action", "Home Conditions Tool").attrs["status"] == "done"
    assert _by_name(ctx, "Action", "audit of case recording").attrs["status"] == "in progress"
    planned = _by_name(ctx, "Action", "training programme")
    assert planned.attrs["status"] == "planned"
    assert planned.attrs["due"] == "March 2024"


def test_responds_to_from_in_response_to_the_above_reviews():
    ctx = _run(ANNUAL)
    oliver = _by_name(ctx, "Review", "Oliver")
    family = _by_name(ctx, "Review", "family of five")
    guide = _by_name(ctx, "Action", "guide on cumulative harm")
    assert _edge(ctx, "RESPONDS_TO", guide, oliver)
    assert _edge(ctx, "RESPONDS_TO", guide, family)


def test_no_actions_or_reviews_from_plain_narrative():
    ctx = _run(ANNUAL)
    names = " ".join(n.name.lower() for n in ctx.nodes_of("Action"))
    assert "conference" not in names and "referrals" not in names
    assert not any("Other" in n.name for n in ctx.nodes_of("Review"))


def test_generic_mentions_of_review_types_are_not_reviews():
    ctx = _run([("paragraph", "", "A Local Child Safeguarding Practice Review may be commissioned by the Case Review "
                                  "Group. The National Child Safeguarding Practice Review Panel publishes guidance. "
                                  "Serious Case Reviews were replaced in 2018.")])
    assert ctx.nodes_of("Review") == []


PAGE = [
    ("heading", "Hillside Thematic Review", "Weapon Carrying Thematic Review"),
    ("paragraph", "Weapon Carrying Thematic Review",
     "A Thematic Review of Weapon Carrying was commissioned by the RSCP following three stabbings in 2022. "
     "Dr Ann Example from Northfield University was commissioned to lead the Review."),
    ("paragraph", "Weapon Carrying Thematic Review",
     "Following the RSCP signing off this Review the learning is being addressed and monitored by the Case "
     "Review Group. Examples of how partners are working together to address the learning:"),
    ("list_item", "Weapon Carrying Thematic Review", "A Street Safety Panel meeting monthly."),
    ("list_item", "Weapon Carrying Thematic Review", "Use of a shared referral form for young people at risk."),
    ("heading", "Published reviews", "Published reviews"),
    ("paragraph", "Published reviews", "Baby Mae Child Safeguarding Practice Review (June 2024)"),
    ("paragraph", "Published reviews", "Baby Mae 7 Minute Briefing (June 2024)"),
]
SEED = [("Partnership", "Riverside Safeguarding Children Partnership", ["RSCP"]),
        ("Group", "Case Review Group", []), ("Agency", "Northfield University", [])]


def test_thematic_review_relations_and_section_actions():
    ctx = _run(PAGE, kind="partnership_page", title="Riverside SCP", seed=SEED)
    review = _by_name(ctx, "Review", "Weapon Carrying Thematic Review")
    assert review.attrs["kind"] == "thematic review"
    assert review.attrs.get("status") == "signed off"
    part = _by_name(ctx, "Partnership", "Riverside")
    assert _edge(ctx, "COMMISSIONED_BY", review, part)
    assert _edge(ctx, "LED_BY", review, _by_name(ctx, "Agency", "Northfield University"))
    assert _edge(ctx, "MONITORED_BY", review, _by_name(ctx, "Group", "Case Review Group"))
    # list items announced as the response, under a heading named after the review
    panel = _by_name(ctx, "Action", "Street Safety Panel")
    form = _by_name(ctx, "Action", "shared referral form")
    assert _edge(ctx, "RESPONDS_TO", panel, review) and _edge(ctx, "RESPONDS_TO", form, review)


def test_seven_minute_briefing_responds_to_its_review():
    ctx = _run(PAGE, kind="partnership_page", title="Riverside SCP", seed=SEED)
    mae = _by_name(ctx, "Review", "Baby Mae")
    assert mae.attrs["date"] == "2024-06"
    briefing = _by_name(ctx, "Action", "7 Minute Briefing")
    assert briefing.attrs["kind"] == "briefing"
    assert _edge(ctx, "RESPONDS_TO", briefing, mae)


def test_partnership_pages_keep_only_responses_to_learning():
    ctx = _run([("paragraph", "", "Reports will be published on this website. A new leaflet has been developed "
                                  "for parents.")], kind="partnership_page", title="Riverside SCP")
    assert ctx.nodes_of("Action") == []


CSPR = [
    ("heading", "Child K Local Child Safeguarding Practice Review", "Child K Local Child Safeguarding Practice Review"),
    ("heading", "Child K Local Child Safeguarding Practice Review > Key findings", "Key findings"),
    ("list_item", "Child K Local Child Safeguarding Practice Review > Key findings",
     "Professionals did not share information about the father's history of violence."),
    ("list_item", "Child K Local Child Safeguarding Practice Review > Key findings",
     "The voice of the child was not heard in the core group meetings."),
    ("heading", "Child K Local Child Safeguarding Practice Review > Recommendations", "Recommendations"),
    ("list_item", "Child K Local Child Safeguarding Practice Review > Recommendations",
     "1. The Partnership should seek assurance that agencies check the history of all adults in the household."),
    ("list_item", "Child K Local Child Safeguarding Practice Review > Recommendations",
     "2. Agencies should review how the child's voice is recorded in core group minutes."),
    ("paragraph", "Child K Local Child Safeguarding Practice Review > Conclusion",
     "The review found that earlier escalation would have helped."),
]


def test_review_document_findings_and_recommendations():
    ctx = _run(CSPR, kind="case_review", title="Child K Local Child Safeguarding Practice Review")
    review = _by_name(ctx, "Review", "Child K")
    findings = [e.dst for e in ctx.edges_of("HAS_FINDING") if e.src == review.id]
    recs = [e.dst for e in ctx.edges_of("HAS_RECOMMENDATION") if e.src == review.id]
    assert len(findings) == 3  # two listed under 'Key findings', one 'the review found' sentence
    assert len(recs) == 2
    texts = sorted(ctx.node(r).attrs["text"] for r in recs)
    assert texts[0].startswith("Agencies should review") and texts[1].startswith("The Partnership should seek")


def test_review_ids_are_stable_and_shared_between_mentions():
    a = _run(ANNUAL)
    b = _run(ANNUAL)
    assert sorted(n.id for n in a.nodes_of("Review")) == sorted(n.id for n in b.nodes_of("Review"))
    ctx = _run([("paragraph", "", "The National Panel published its first national review: The Quiet Harm - babies "
                                  "at risk from neglect (May 2022)."),
                ("paragraph", "", "Partners discussed The Quiet Harm at the Case Review Group.")])
    quiet = [n for n in ctx.nodes_of("Review") if "Quiet Harm" in n.name]
    assert len(quiet) == 1
    assert quiet[0].attrs["kind"] == "national review"
    assert len(quiet[0].provenance) == 2


def test_provenance_points_into_the_passage():
    ctx = _run(ANNUAL)
    oliver = _by_name(ctx, "Review", "Oliver")
    prov = oliver.provenance[0]
    passage = next(p for p in ctx.passages if p.id == prov.passage_id)
    assert passage.text[prov.start:prov.end].startswith("Oliver")


PLAN_SECTION = [
    ("paragraph", "Chair's foreword", "Looking ahead and our priorities for 2024 – 2025"),
    ("list_item", "Chair's foreword", "Continue to develop robust multi-agency audits that test how partners share "
                                      "information."),
    ("list_item", "Chair's foreword", "The ongoing monitoring of the neglect toolkit in early help assessments."),
    ("list_item", "Chair's foreword", "Demand on services remains high across the county."),
]


def test_forward_plan_items_are_planned_actions():
    ctx = _run(PLAN_SECTION)
    audits = _by_name(ctx, "Action", "multi-agency audits")
    assert audits.attrs["status"] == "planned"
    assert _by_name(ctx, "Action", "monitoring of the neglect toolkit").attrs["status"] == "planned"
    assert not any("Demand" in n.name for n in ctx.nodes_of("Action"))


CARRY = [
    ("heading", "Learning from reviews", "Learning from reviews"),
    ("paragraph", "Learning from reviews", "Three Rapid Reviews were completed and sent to the National Panel."),
    ("paragraph", "Learning from reviews", "The Partnership signed off the Leo LCSPR in June 2023."),
    ("paragraph", "Learning from reviews",
     "In response to the learning from the above reviews the following has been developed to support "
     "practitioners; Safe Sleep Conversations, Fathers Matter, and Hidden Adults checklist."),
    ("paragraph", "Learning from reviews", "Further embedding of the pre-birth assessment toolkit in midwifery."),
    ("paragraph", "Learning from reviews",
     "Northfield Health Trust has recruited a new named nurse and developed a new safeguarding supervision model."),
]
CARRY_SEED = [("Agency", "Northfield Health Trust", [])]


def test_the_above_reviews_reach_back_and_the_response_runs_one_paragraph_on():
    ctx = _run(CARRY, seed=CARRY_SEED)
    rapid = _by_name(ctx, "Review", "Rapid Reviews")
    leo = _by_name(ctx, "Review", "Leo")
    for item in ("Safe Sleep Conversations", "Fathers Matter", "Hidden Adults checklist"):
        action = _by_name(ctx, "Action", item)
        assert _edge(ctx, "RESPONDS_TO", action, rapid) and _edge(ctx, "RESPONDS_TO", action, leo), item
    toolkit = _by_name(ctx, "Action", "pre-birth assessment toolkit")
    assert _edge(ctx, "RESPONDS_TO", toolkit, leo)
    # a paragraph opened by another actor tells its own story
    model = _by_name(ctx, "Action", "supervision model")
    assert not any(e.src == model.id for e in ctx.edges_of("RESPONDS_TO"))
    owner = _by_name(ctx, "Agency", "Northfield Health Trust")
    assert _edge(ctx, "OWNED_BY", model, owner)


MONITOR = [
    ("paragraph", "Exploitation",
     "The Exploitation Strategic Group monitors the Riverside Exploitation Strategy and the Missing Children "
     "Protocol."),
]


def test_groups_that_monitor_actions():
    ctx = _run(MONITOR, seed=[("Group", "Exploitation Strategic Group", [])])
    group = _by_name(ctx, "Group", "Exploitation Strategic Group")
    strategy = _by_name(ctx, "Action", "Riverside Exploitation Strategy")
    assert _edge(ctx, "MONITORED_BY", strategy, group)


RESPONDED = [
    ("paragraph", "Learning",
     "The Baby Rose Child Safeguarding Practice Review was responded to by the Partnership with the creation of "
     "a Safer Sleep Task Group, assurances from the ambulance service on handover practice and a briefing note "
     "on the case of Baby Rose to support practitioners."),
]


def test_responded_to_with_a_list_of_actions():
    ctx = _run(RESPONDED)
    rose = _by_name(ctx, "Review", "Baby Rose")
    names = [n.name for n in ctx.nodes_of("Action")]
    assert any(n.startswith("Creation of the Safer Sleep Task Group") for n in names), names
    assurance = _by_name(ctx, "Action", "assurances from the ambulance service")
    assert assurance.attrs["kind"] == "assurance request"
    briefing = _by_name(ctx, "Action", "briefing note on the case of Baby Rose")
    assert _edge(ctx, "RESPONDS_TO", briefing, rose) and _edge(ctx, "RESPONDS_TO", assurance, rose)


def test_document_kind_decides_whether_all_work_counts():
    text = [("paragraph", "", "A new leaflet for parents on safer sleep has been developed.")]
    assert _run(text, kind="document", title="Riverside SCP Annual Report 2023").nodes_of("Action")
    assert _run(text, kind="annual_report", title="x").nodes_of("Action")
    assert not _run(text, kind="terms_of_reference", title="Riverside Annual Report").nodes_of("Action")
    assert not _run(text, kind="document", title="Riverside SCP home").nodes_of("Action")


def test_every_fact_fits_the_graph_schema():
    from graph.schema import load_schema

    schema = load_schema()
    for blocks, kind, title, seed in ((ANNUAL, "annual_report", "Riverside Annual Report 2023-24", None),
                                      (PAGE, "partnership_page", "Riverside SCP", SEED),
                                      (CSPR, "case_review", "Child K Local Child Safeguarding Practice Review", None),
                                      (CARRY, "annual_report", "Riverside Annual Report", CARRY_SEED
                                       + [("Partnership", "Riverside Safeguarding Children Partnership", ["RSCP"])])):
        ctx = _run(blocks, kind=kind, title=title, seed=seed)
        nodes, edges = ctx.result()
        types = {n.id: n.type for n in nodes}
        for n in nodes:
            schema.check_node(n)
        for e in edges:
            schema.check_edge(e, types[e.src], types[e.dst])


BRIEFING = [
    ("heading", "", "Family W: 7 Minute Briefing"),
    ("heading", "Family W: 7 Minute Briefing > 1. Background", "1. Background"),
    ("paragraph", "Family W: 7 Minute Briefing > 1. Background",
     "Family W had four children under five and were known to several agencies over many years."),
    ("heading", "Family W: 7 Minute Briefing > 3. What we found", "3. What we found"),
    ("list_item", "Family W: 7 Minute Briefing > 3. What we found",
     "Agencies saw each incident of neglect separately and did not see the cumulative harm."),
    ("heading", "Family W: 7 Minute Briefing > 6. What practitioners should do", "6. What practitioners should do"),
    ("list_item", "Family W: 7 Minute Briefing > 6. What practitioners should do",
     "Use a shared timeline to bring together concerns from every agency."),
    ("heading", "Family W: 7 Minute Briefing > 7. What has happened since", "7. What has happened since"),
    ("paragraph", "Family W: 7 Minute Briefing > 7. What has happened since",
     "A home conditions toolkit has been launched and a training course on cumulative harm will be delivered "
     "in the spring."),
]


def test_a_seven_minute_briefing_is_about_its_review():
    ctx = _run(BRIEFING, kind="learning_briefing", title="Family W: 7 Minute Briefing")
    review = _by_name(ctx, "Review", "Family W")
    assert [e for e in ctx.edges_of("HAS_FINDING") if e.src == review.id]
    recs = [e for e in ctx.edges_of("HAS_RECOMMENDATION") if e.src == review.id]
    assert len(recs) == 1
    toolkit = _by_name(ctx, "Action", "home conditions toolkit")
    course = _by_name(ctx, "Action", "training course on cumulative harm")
    assert toolkit.attrs["status"] == "done" and course.attrs["status"] == "planned"
    assert _edge(ctx, "RESPONDS_TO", toolkit, review) and _edge(ctx, "RESPONDS_TO", course, review)


def test_a_review_that_led_to_a_new_group():
    text = [("paragraph", "Learning", "The Ava Safeguarding Adults Review has led to a new Pan Riverside Transitions "
                                      "Group whose focus is on young people moving to adult services.")]
    ctx = _run(text, seed=[("Group", "Pan Riverside Transitions Group", [])])
    review = _by_name(ctx, "Review", "Ava")
    assert review.attrs["kind"] == "SAR"
    creation = _by_name(ctx, "Action", "Creation of the Pan Riverside Transitions Group")
    assert _edge(ctx, "RESPONDS_TO", creation, review)
    assert _edge(ctx, "LED_TO", review, _by_name(ctx, "Group", "Pan Riverside Transitions Group"))


NORTHSHIRE = [
    ("heading", "Learning from reviews", "Learning from Local and National Reviews"),
    ("paragraph", "Learning from reviews",
     "During the year the Partnership received six serious incident notifications. Three Rapid Reviews were held "
     "and one Local Child Safeguarding Practice Review was commissioned."),
    ("paragraph", "Learning from reviews",
     "The Child T LCSPR was published in November 2022. The review found that the father was not known to "
     "health visitors."),
    ("paragraph", "Learning from reviews",
     "As a result of the learning from Child T, the Partnership has launched a Think Dad campaign and a new "
     "multi-agency pre-birth protocol was agreed in February 2023."),
    ("paragraph", "Learning from reviews",
     "The Aria and Noah Safeguarding Practice Review remains unpublished while criminal proceedings continue. "
     "An action plan has been agreed and progress is monitored by the Learning and Improvement Sub-group."),
    ("paragraph", "Learning from reviews",
     "Following the Panel's national review \"Safeguarding disabled children in residential settings\", the "
     "Partnership sought assurance from all three local residential providers. A deep dive audit of children "
     "placed out of area is planned for summer 2023."),
]


def test_an_annual_report_in_other_words():
    ctx = _run(NORTHSHIRE, seed=[("Group", "Learning and Improvement Sub-group", [])])
    child_t = _by_name(ctx, "Review", "Child T")
    aria = _by_name(ctx, "Review", "Aria and Noah")
    assert aria.attrs["status"] == "unpublished"
    national = _by_name(ctx, "Review", "Safeguarding disabled children in residential settings")
    assert national.name == "Safeguarding disabled children in residential settings"
    assert national.attrs["kind"] == "national review"
    for name in ("Think Dad campaign", "pre-birth protocol"):
        assert _edge(ctx, "RESPONDS_TO", _by_name(ctx, "Action", name), child_t)
    plan = _by_name(ctx, "Action", "Action plan")
    assert _edge(ctx, "RESPONDS_TO", plan, aria) and not _edge(ctx, "RESPONDS_TO", plan, child_t)
    group = _by_name(ctx, "Group", "Learning and Improvement Sub-group")
    assert _edge(ctx, "MONITORED_BY", plan, group) and not _edge(ctx, "OWNED_BY", plan, group)
    audit = _by_name(ctx, "Action", "deep dive audit")
    assert audit.attrs["status"] == "planned" and audit.attrs["due"] == "summer 2023"
    assert _edge(ctx, "RESPONDS_TO", _by_name(ctx, "Action", "Assurances"), national)


REPORT = [
    ("heading", "Westvale Safeguarding Children Partnership", "Westvale Safeguarding Children Partnership"),
    ("paragraph", "Westvale Safeguarding Children Partnership", "Local Child Safeguarding Practice Review: Child M"),
    ("heading", "Westvale > Published September 2023", "Published September 2023"),
    ("paragraph", "Westvale > 1. Introduction",
     "This review was commissioned by the Westvale Safeguarding Children Partnership following the death of "
     "Child M in March 2022."),
    ("paragraph", "Westvale > 2. Summary of findings",
     "Finding 1: Practitioners did not consider the risks posed by a new partner joining the household."),
    ("paragraph", "Westvale > 3. Recommendations",
     "Recommendation 1: The Partnership should seek assurance that agencies ask about all adults in the household."),
    ("paragraph", "Westvale > 4. What has happened since",
     "The Partnership has published a 7 minute briefing on new partners in the household. A multi-agency audit "
     "of escalation was completed in June 2023."),
]


def test_a_review_report_with_numbered_findings_and_recommendations():
    ctx = _run(REPORT, kind="case_review", title="Local Child Safeguarding Practice Review: Child M",
               seed=[("Partnership", "Westvale Safeguarding Children Partnership", [])])
    review = _by_name(ctx, "Review", "Child M")
    assert review.name == "Child M Local Child Safeguarding Practice Review"
    assert review.attrs["status"] == "published" and review.attrs["date"] == "2023-09"
    assert _edge(ctx, "COMMISSIONED_BY", review, _by_name(ctx, "Partnership", "Westvale"))
    assert len([e for e in ctx.edges_of("HAS_FINDING") if e.src == review.id]) == 1
    assert len([e for e in ctx.edges_of("HAS_RECOMMENDATION") if e.src == review.id]) == 1
    names = [n.name for n in ctx.nodes_of("Action")]
    assert not any("assurance" in n.lower() for n in names), names  # a recommendation is not yet an action
    briefing = _by_name(ctx, "Action", "7 minute briefing on new partners")
    audit = _by_name(ctx, "Action", "audit of escalation")
    assert _edge(ctx, "RESPONDS_TO", briefing, review) and _edge(ctx, "RESPONDS_TO", audit, review)


def test_evidence_that_an_action_worked():
    text = [("paragraph", "", "A new safer sleep leaflet has been developed and an audit in May showed that 90% of "
                              "families had received it.")]
    ctx = _run(text)
    leaflet = _by_name(ctx, "Action", "safer sleep leaflet")
    evidence = [e.dst for e in ctx.edges_of("EVIDENCED_BY") if e.src == leaflet.id]
    assert len(evidence) == 1
    assert "90% of families had received it" in ctx.node(evidence[0]).attrs["note"]
