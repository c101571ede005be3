"""Structure, partners, funding and leads on documents of invented partnerships (tests/fixtures/unseen/structure).

Three layouts a partnership publishes: an annual report as text (tables laid out with spaces), its
multi-agency safeguarding arrangements as Markdown (a pipe table, a dash list), and a web page about its
structure as HTML (lists and tables). Each test asserts what a careful reader would annotate, and that
facts made from fragments (a group ending on an agency's name, a post read as an agency) are absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Document
from ingest.extract import extract
from ingest.loaders import load
from ingest.passages import build_passages

HERE = Path(__file__).parent / "fixtures" / "unseen" / "structure"
KSCP = "Kingsvale Safeguarding Children Partnership"
EWCSP = "Easton and Weald Children's Safeguarding Partnership"
NSCP = "Northshire Safeguarding Children Partnership"


class Graph:
    def __init__(self, file: str, tenant: str) -> None:
        _text, passages = build_passages(Path(file).stem, tenant, load(HERE / file))
        self.nodes, self.edges = extract(Document(id=Path(file).stem, tenant=tenant, title=file, date="2025"),
                                         passages)
        self.name = {n.id: n.name for n in self.nodes}
        self.by_name = {(n.type, n.name): n for n in self.nodes}

    def names(self, type_: str) -> set[str]:
        return {n.name for n in self.nodes if n.type == type_}

    def rel(self, type_: str) -> set[tuple[str, str]]:
        return {(self.name[e.src], self.name[e.dst]) for e in self.edges if e.type == type_}

    def attrs(self, type_: str) -> dict[tuple[str, str], dict]:
        return {(self.name[e.src], self.name[e.dst]): e.attrs for e in self.edges if e.type == type_}

    def freq(self, group: str) -> str | None:
        return self.by_name[("Group", group)].attrs.get("frequency")


@pytest.fixture(scope="module")
def kings() -> Graph:
    return Graph("kingsvale-annual-report-2024-25.txt", "kscp")


@pytest.fixture(scope="module")
def easton() -> Graph:
    return Graph("easton-weald-arrangements.md", "ewcsp")


@pytest.fixture(scope="module")
def north() -> Graph:
    return Graph("northshire-structure.html", "nscp")


# -- the partnership and its names ------------------------------------------------------------------

def test_a_childrens_partnership_named_for_two_places_is_one_partnership(easton):
    assert easton.names("Partnership") == {EWCSP}
    node = easton.by_name[("Partnership", EWCSP)]
    # the abbreviation defined in brackets, and the contact line's 'Easton & Weald Children ...' spelling
    assert "EWCSP" in node.aliases
    assert "Easton & Weald Children Safeguarding Partnership" in node.aliases


def test_childrens_and_children_spellings_resolve_to_one_partnership(kings):
    assert kings.names("Partnership") == {KSCP}
    assert "Kingsvale Safeguarding Children's Partnership" in kings.by_name[("Partnership", KSCP)].aliases


# -- groups -----------------------------------------------------------------------------------------

def test_groups_of_an_annual_report(kings):
    assert kings.names("Group") == {
        "Partnership Executive Group", "Case Review Group", "Quality and Performance Sub-Group",
        "Workforce Development Sub-group", "Exploitation and Missing Sub-group", "Neglect Task & Finish Group",
        "Education Safeguarding Forum", "Child Death Overview Panel"}


def test_a_short_name_after_the_full_one_is_the_same_group(easton):
    groups = easton.names("Group")
    assert "Safeguarding Partners Leadership Group" in groups
    assert "Leadership Group" not in groups  # 'The Leadership Group is co-chaired by ...'


def test_no_group_from_agencies_or_headings(north, easton):
    # 'Northshire Police and NHS Northshire Integrated Care Board' ends in 'Board' but names two agencies
    assert not {g for g in north.names("Group") if "Police" in g or "Integrated Care" in g}
    assert north.names("Group") == {"Strategic Leadership Board", "Practice Review Sub-group",
                                    "Performance and Quality Assurance Sub-group", "Training and Development Sub-group",
                                    "Online Safety Task and Finish Group"}
    # headings such as 'Sub groups of the PDB:' or 'Task and finish groups are set up ...' make no group
    assert not {g for g in easton.names("Group") if g.lower().startswith(("sub groups", "task and finish"))}


def test_posts_are_not_agencies(easton, kings):
    agencies = easton.names("Agency") | kings.names("Agency")
    assert not [a for a in agencies if a.startswith(("Director of", "Head of", "Chief Executive"))
                and easton.by_name.get(("Agency", a), kings.by_name.get(("Agency", a))).attrs.get("kind") != "role"]
    assert "Easton County Council" in easton.names("Agency")


def test_another_areas_police_and_crime_commissioner_is_not_the_deployments(north):
    pcc = [n for n in north.nodes if n.type == "Agency" and "Crime Commissioner" in n.name]
    assert {n.name for n in pcc} == {"Office of the Police and Crime Commissioner for Northshire",
                                    "Northshire Police and Crime Commissioner"}
    assert {n.tenant for n in pcc} == {"nscp"}


# -- who reports to whom ----------------------------------------------------------------------------

def test_reporting_lines(kings, easton, north):
    assert kings.rel("REPORTS_TO") == {
        ("Case Review Group", "Partnership Executive Group"),
        ("Quality and Performance Sub-Group", "Partnership Executive Group"),
        ("Workforce Development Sub-group", "Partnership Executive Group"),
        ("Exploitation and Missing Sub-group", "Partnership Executive Group"),
        ("Neglect Task & Finish Group", "Partnership Executive Group"),
        ("Education Safeguarding Forum", "Quality and Performance Sub-Group"),
        ("Child Death Overview Panel", "Partnership Executive Group"),  # 'reports annually to the PEG'
    }
    assert easton.rel("REPORTS_TO") == {
        ("Partnership Delivery Board", "Safeguarding Partners Leadership Group"),
        ("Learning from Practice Sub Group", "Partnership Delivery Board"),
        ("Multi-Agency Audit Sub Group", "Partnership Delivery Board"),
        ("Safeguarding in Education Sub Group", "Partnership Delivery Board"),
        ("Child Exploitation Sub Group", "Partnership Delivery Board"),
        ("Rapid Review Panel", "Learning from Practice Sub Group"),
        ("Harmful Sexual Behaviour Task and Finish Group", "Partnership Delivery Board"),
    }
    # 'The following groups are accountable to the Board:' - the board the page named before
    assert north.rel("REPORTS_TO") == {(g, "Strategic Leadership Board") for g in (
        "Practice Review Sub-group", "Performance and Quality Assurance Sub-group", "Training and Development Sub-group",
        "Online Safety Task and Finish Group")}


def test_parts_of_the_arrangements(easton):
    parts = {g for g, p in easton.rel("PART_OF") if p == EWCSP}
    # 'The arrangements consist of the Partnership Delivery Board, the Scrutiny and Assurance Panel and ...'
    assert {"Partnership Delivery Board", "Scrutiny and Assurance Panel"} <= parts


# -- chairs and frequencies -------------------------------------------------------------------------

def test_chairs_named_by_post(kings, easton):
    assert ("Case Review Group", "Head of Safeguarding for Kingsvale Police") in kings.rel("CHAIRED_BY")
    chairs = easton.rel("CHAIRED_BY")
    assert {("Safeguarding Partners Leadership Group", "Director of Children's Services for Easton County Council"),
            ("Safeguarding Partners Leadership Group", "Assistant Chief Constable"),  # co-chair
            ("Learning from Practice Sub Group", "Designated Doctor"),
            ("Multi-Agency Audit Sub Group", "Head of Quality Assurance, Easton County Council"),
            ("Safeguarding in Education Sub Group", "Head of Education Safeguarding, Easton County Council"),
            ("Child Exploitation Sub Group", "Detective Chief Inspector, Easton and Weald Constabulary")} <= chairs
    assert not {c for _g, c in chairs if c in ("Easton County Council", "Easton and Weald Constabulary")}


def test_meeting_frequencies(kings, easton, north):
    assert kings.freq("Partnership Executive Group") == "6 x year"
    assert kings.freq("Case Review Group") == "bi-monthly"
    assert easton.freq("Safeguarding Partners Leadership Group") == "quarterly"
    assert easton.freq("Partnership Delivery Board") == "every six weeks"
    assert easton.freq("Learning from Practice Sub Group") == "bi-monthly"
    assert easton.freq("Safeguarding in Education Sub Group") == "termly"  # a table's 'Meets' column
    assert easton.freq("Child Exploitation Sub Group") == "monthly"
    assert north.freq("Strategic Leadership Board") == "4 x year"  # 'It meets four times a year'
    assert north.freq("Practice Review Sub-group") == "monthly"  # 'Group: ...; Frequency: Monthly'
    assert north.freq("Performance and Quality Assurance Sub-group") == "quarterly"
    assert north.freq("Online Safety Task and Finish Group") is None


# -- partners, members, funders ---------------------------------------------------------------------

def test_statutory_partners(kings, easton, north):
    assert {a for a, p in kings.rel("PARTNER_OF") if p == KSCP} == {
        "Kingsvale Borough Council", "NHS Kingsvale and Marsh Integrated Care Board", "Kingsvale Police"}
    # '<council>, <ICB> and <police> are the safeguarding partners for the area'
    assert {a for a, p in easton.rel("PARTNER_OF") if p == EWCSP} == {
        "Easton County Council", "NHS Easton and Weald Integrated Care Board", "Easton and Weald Constabulary"}
    # '<partnership> is led by <council>, <police> and <ICB>'
    assert {a for a, p in north.rel("PARTNER_OF") if p == NSCP} == {
        "Northshire County Council", "Northshire Police", "NHS Northshire Integrated Care Board"}


def test_relevant_agencies_and_members(kings, easton, north):
    assert {a for a, b in kings.rel("MEMBER_OF") if b == KSCP} == {
        "Kingsvale Hospital NHS Foundation Trust", "Marsh Partnership NHS Foundation Trust",
        "Kingsvale Youth Justice Service", "Kingsvale Fire and Rescue Service", "Cafcass"}
    # 'MPFT sits on the Quality and Performance Sub-Group and the Case Review Group'
    assert {("Marsh Partnership NHS Foundation Trust", "Quality and Performance Sub-Group"),
            ("Marsh Partnership NHS Foundation Trust", "Case Review Group")} <= kings.rel("MEMBER_OF")
    assert {a for a, b in easton.rel("MEMBER_OF") if b == EWCSP} == {
        "Easton University Hospitals NHS Foundation Trust", "Weald Community Health NHS Trust",
        "Easton Youth Offending Team", "Easton and Weald Probation Service", "Easton and Weald Fire & Rescue Service",
        "East Coast Ambulance Service"}
    assert ("Northshire Youth Justice Service", "Practice Review Sub-group") in north.rel("MEMBER_OF")
    assert ("Northshire Healthcare NHS Foundation Trust", "Strategic Leadership Board") in north.rel("MEMBER_OF")


def test_funding_table_by_year_columns(kings):
    funds = kings.attrs("FUNDS")
    assert set(funds) == {(a, KSCP) for a in ("Kingsvale Borough Council", "NHS Kingsvale and Marsh Integrated Care Board",
                                              "Kingsvale Police")}  # not the 'Total' row
    kbc = funds[("Kingsvale Borough Council", KSCP)]
    assert (kbc["amount"], kbc["year"]) == ("£152,000", "2024/2025")
    assert kbc["by_year"] == {"2023/2024": "£148,000", "2024/2025": "£152,000"}


def test_funding_said_in_one_sentence(easton):
    # 'Easton County Council contributed £156,000 to the partnership budget, the ICB £97,500 and the
    # Constabulary £59,000.' - the year from the sentence before ('The partnership budget for 2024/25 ...')
    assert easton.attrs("FUNDS") == {
        ("Easton County Council", EWCSP): {"amount": "£156,000", "year": "2024/2025"},
        ("NHS Easton and Weald Integrated Care Board", EWCSP): {"amount": "£97,500", "year": "2024/2025"},
        ("Easton and Weald Constabulary", EWCSP): {"amount": "£59,000", "year": "2024/2025"},
    }


def test_funding_table_of_a_web_page(north):
    funds = north.attrs("FUNDS")
    assert funds[("Northshire County Council", NSCP)] == {"amount": "£201,000", "year": "2024/2025"}
    assert funds[("Office of the Police and Crime Commissioner for Northshire", NSCP)]["amount"] == "£10,000"
    assert len(funds) == 4


# -- the year's work --------------------------------------------------------------------------------

def test_actions_led_by_their_subjects(kings):
    led = kings.rel("LED_BY")
    assert ("Missing children protocol", "Kingsvale Police") in led
    assert ("Contextual safeguarding toolkit for schools", "Exploitation and Missing Sub-group") in led
    assert ("Neglect screening tool", "Neglect Task & Finish Group") in led  # 'will be rolled out by ...'


# -- group profiles: labelled lines under each group's heading (Markdown lines run together) --------

MSCP = "Marshfield Safeguarding Children Partnership"


@pytest.fixture(scope="module")
def marsh() -> Graph:
    return Graph("marshfield-subgroups.md", "mscp")


def test_profile_lines_give_chair_frequency_reporting_and_members(marsh):
    assert marsh.freq("Safeguarding Executive") == "6 x year"  # 'Meets: 6 times per year'
    assert marsh.freq("Child Exploitation Sub-group") == "bi-monthly"
    assert marsh.freq("Learning and Review Sub-group") == "monthly"
    assert marsh.rel("CHAIRED_BY") == {
        ("Safeguarding Executive", "MSCP Independent Chair"),
        ("Child Exploitation Sub-group", "Detective Superintendent, Coastshire Police"),  # not '... Frequency'
        ("Learning and Review Sub-group", "Designated Nurse, NHS Marshfield and Coast ICB")}
    assert marsh.rel("REPORTS_TO") == {("Child Exploitation Sub-group", "Safeguarding Executive"),
                                       ("Learning and Review Sub-group", "Safeguarding Executive")}
    statutory = {"Marshfield City Council", "NHS Marshfield and Coast Integrated Care Board", "Coastshire Police"}
    assert {a for a, g in marsh.rel("MEMBER_OF") if g == "Safeguarding Executive"} == statutory
    # 'Membership includes representatives from ... and the Marshfield Youth Justice Service'
    assert {a for a, g in marsh.rel("MEMBER_OF") if g == "Child Exploitation Sub-group"} == {
        "Marshfield City Council", "Coastshire Police", "Marshfield Community NHS Trust",
        "Marshfield Youth Justice Service"}
    assert {a for a, p in marsh.rel("PARTNER_OF") if p == MSCP} == statutory


def test_icb_abbreviated_in_a_name_is_the_same_board(marsh):
    icbs = [n for n in marsh.nodes if n.type == "Agency" and n.attrs.get("kind") == "icb"]
    assert [n.name for n in icbs] == ["NHS Marshfield and Coast Integrated Care Board"]
    assert "NHS Marshfield and Coast ICB" in icbs[0].aliases


def test_bracketed_contributions(marsh):
    assert marsh.attrs("FUNDS") == {
        ("Marshfield City Council", MSCP): {"amount": "£150,000", "year": "2023/2024"},
        ("NHS Marshfield and Coast Integrated Care Board", MSCP): {"amount": "£75,000", "year": "2023/2024"},
        ("Coastshire Police", MSCP): {"amount": "£35,000", "year": "2023/2024"},
    }


# -- the year's work: who led what --------------------------------------------------------------------

@pytest.fixture(scope="module")
def work() -> Graph:
    return Graph("kingsvale-annual-report-work.md", "kscp")


def test_leads_of_the_years_work(work):
    led = work.rel("LED_BY")
    assert {("Multi-agency audit of neglect cases", "Quality and Performance Sub-Group"),  # '... was undertaken by'
            # '<council> and <police> jointly developed ...': both
            ("Exploitation screening tool", "Kingsvale Borough Council"),
            ("Exploitation screening tool", "Kingsvale Police"),
            # 'Through the <Sub-group>, partners delivered ...'
            ("Programme of professional curiosity training", "Workforce Development Sub-group"),
            ("Neglect strategy", "Partnership Executive Group"),
            # an action table's 'Lead' column
            ("Safer sleep campaign", "NHS Kingsvale Integrated Care Board"),
            ("Escalation policy", "Quality and Performance Sub-Group")} <= led
    assert not {a for a, _ in led if a.startswith("Revised threshold")}  # the PEG approved it; it did not make it


def test_coordinated_subjects_report_and_statutory_partners(work):
    assert work.rel("REPORTS_TO") >= {("Quality and Performance Sub-Group", "Partnership Executive Group"),
                                      ("Workforce Development Sub-group", "Partnership Executive Group")}
    # 'The KSCP statutory partners are ...'
    assert {a for a, p in work.rel("PARTNER_OF") if p == KSCP} == {
        "Kingsvale Borough Council", "NHS Kingsvale Integrated Care Board", "Kingsvale Police"}


# -- headings and sentence fragments make no groups ---------------------------------------------------

@pytest.fixture(scope="module")
def south() -> Graph:
    return Graph("southmere-annual-report-headings.md", "sscp")


def test_no_group_from_headings_or_fragments(south):
    # 'Our Sub-Groups', 'Task and Finish Groups', 'Panel Membership', 'Each Sub-Group Chair', 'Rapid Review
    # Meeting', 'Multi-Agency Practitioner Forums', 'Local Area Designated Officer' are not standing bodies
    assert south.names("Group") == {"Child Death Overview Panel", "Neglect Sub-group", "Southmere Partnership Board",
                                    "Strategic Child Exploitation and Missing Group"}


def test_partnership_named_only_in_a_document_title(south):
    # 'Southmere Safeguarding Children Partnership Annual Report 2023 to 2024'
    assert south.names("Partnership") == {"Southmere Safeguarding Children Partnership"}


def test_generic_short_name_of_a_group_named_before(south):
    # 'SCEMG reports to the Partnership Board' after 'The Southmere Partnership Board received ...'
    assert south.rel("REPORTS_TO") == {("Strategic Child Exploitation and Missing Group", "Southmere Partnership Board")}
    assert south.freq("Strategic Child Exploitation and Missing Group") == "monthly"


# -- a MASA as plain text: relevant agencies with descriptions, bracketed chairs and frequencies ----------

WSCP = "Westbrook Safeguarding Children Partnership"


@pytest.fixture(scope="module")
def west() -> Graph:
    return Graph("westbrook-arrangements.txt", "wscp")


def test_masa_as_plain_text(west):
    executive = "Westbrook Safeguarding Children Partnership Executive"
    assert west.names("Group") == {executive, "Practice Review Group", "Neglect Sub-group"}
    assert west.by_name[("Group", executive)].aliases == ["WSCPE"]
    assert (executive, WSCP) in west.rel("PART_OF")
    assert west.rel("REPORTS_TO") == {("Neglect Sub-group", executive)}  # '... reports to the WSCPE'
    assert (west.freq(executive), west.freq("Practice Review Group"), west.freq("Neglect Sub-group")) == (
        "bi-monthly", "six-weekly", "quarterly")
    assert west.rel("CHAIRED_BY") == {("Practice Review Group", "Head of Service, Early Help")}
    assert {a for a, b in west.rel("MEMBER_OF") if b == WSCP} == {
        "Westbrook Teaching Hospitals NHS Foundation Trust", "Dene Valley Mental Health NHS Foundation Trust",
        "Westbrook Youth Justice Service"}
    statutory = {"Westbrook Metropolitan Borough Council", "NHS Westbrook and Dene Integrated Care Board",
                 "Dene Valley Police"}
    assert {a for a, p in west.rel("PARTNER_OF") if p == WSCP} == statutory
    funds = west.attrs("FUNDS")
    assert {a for a, _ in funds} == statutory
    assert funds[("Dene Valley Police", WSCP)] == {"amount": "£42,000", "year": "2024/2025"}  # not the 14%


# -- spellings of one body ----------------------------------------------------------------------------

def test_spelling_variants_resolve_to_one_node():
    g = Graph("ashford-vale-annual-report-spellings.md", "avscp")
    scp = "Ashford Vale Safeguarding Children Partnership"
    assert g.names("Partnership") == {scp}
    assert {"Ashford Vale Safeguarding Childrens Partnership",
            "Ashford Vale Safeguarding Childrens' Partnership"} <= set(g.by_name[("Partnership", scp)].aliases)
    # 'Sub-group' / 'Subgroup' / 'Sub Group', '&' / 'and', and a transposed letter are one group each
    assert g.names("Group") == {"Practice Review Sub-group", "Neglect Task and Finish Group",
                                "Quality Assurance Subgroup", "Executive Group"}
    assert g.rel("REPORTS_TO") == {("Practice Review Sub-group", "Executive Group"),
                                   ("Neglect Task and Finish Group", "Quality Assurance Subgroup")}


# -- one-line profiles and membership sentences -------------------------------------------------------

def test_one_line_profiles_and_membership_sentences():
    g = Graph("kingsvale-annual-report-inline-profiles.md", "kscp")
    # 'Neglect Sub-group – Chair: Head of Early Help, Kingsvale Borough Council. Meets quarterly.'
    # 'Exploitation Panel (Chair: Detective Inspector, Kingsvale Police; monthly)'
    assert g.rel("CHAIRED_BY") == {("Neglect Sub-group", "Head of Early Help, Kingsvale Borough Council"),
                                   ("Exploitation Panel", "Detective Inspector, Kingsvale Police")}
    assert (g.freq("Neglect Sub-group"), g.freq("Exploitation Panel")) == ("quarterly", "monthly")
    # 'Membership of the <Group> comprises ...', '<Group> membership includes ...'
    assert g.rel("MEMBER_OF") == {
        ("Kingsvale Borough Council", "Partnership Executive Group"),
        ("Kingsvale Police", "Partnership Executive Group"),
        ("NHS Kingsvale Integrated Care Board", "Partnership Executive Group"),
        ("Kingsvale Hospital NHS Foundation Trust", "Child Death Overview Panel")}


def test_relevant_agencies_named_in_sentences():
    g = Graph("kingsvale-annual-report-relevant-agencies.md", "kscp")
    # 'Relevant agencies include <A>, Cafcass and the <B>.', '<C> and <D> are also relevant agencies.'
    assert {a for a, p in g.rel("MEMBER_OF") if p == KSCP} == {
        "Kingsvale Hospital NHS Foundation Trust", "Cafcass", "Kingsvale Youth Justice Service",
        "Kingsvale Fire and Rescue Service", "Kingsvale College", "Hillside Primary School"}
    assert "Cafcass and the Kingsvale Youth Justice Service" not in g.names("Agency")
    assert {a for a, p in g.rel("PARTNER_OF") if p == KSCP} == {
        "Kingsvale Borough Council", "Kingsvale Police", "NHS Kingsvale Integrated Care Board"}


def test_an_annual_statement_without_a_kind_reports_work_but_a_standing_page_does_not():
    """With no kind given, the title decides whether the year's work counts as actions."""
    from graph.model import Document, Passage
    from ingest.extract import extract

    def actions(title: str) -> list[str]:
        doc = Document(id="x", tenant="kvscp", title=title)
        text = "Over the year the Partnership has developed a neglect toolkit for practitioners."
        nodes, _ = extract(doc, [Passage(id="x#p0", doc_id="x", tenant="kvscp", seq=0, text=text)])
        return [n.name for n in nodes if n.type == "Action"]

    assert actions("Kestrel Vale Safeguarding Children Partnership Annual Statement 2030-31")
    assert actions("Kestrel Vale Safeguarding Children Partnership: Progress and Impact 2030-31")
    assert actions("Kestrel Vale Safeguarding Children Partnership Safeguarding Arrangements") == []


def test_a_kind_abbreviation_or_services_before_and_ends_one_agency():
    """'the ICB and Northshire Police', 'Kingsvale Children's Services and Kingsvale Police': not one agency."""
    from graph.model import Document, Passage
    from ingest.extract import extract

    texts = ["The partnership is led by Northshire County Council, the ICB and Northshire Police.",
             "Kingsvale Children's Services and Kingsvale Police attended."]
    doc = Document(id="x", tenant="northshire", title="Northshire Annual Report 2030-31", kind="annual_report")
    nodes, _ = extract(doc, [Passage(id=f"x#p{i}", doc_id="x", tenant="northshire", seq=i, text=t)
                             for i, t in enumerate(texts)])
    agencies = {n.name for n in nodes if n.type == "Agency"}
    assert {"Northshire County Council", "Northshire Police", "Kingsvale Police"} <= agencies
    assert not any(" and " in a for a in agencies)


def test_an_agency_named_only_by_its_kind_is_not_a_group():
    from graph.model import Document, Passage
    from ingest.extract import extract

    doc = Document(id="x", tenant="northshire", title="Northshire Annual Report 2030-31", kind="annual_report")
    text = "The Integrated Care Board has developed new guidance, and the Northshire Executive Board met six times."
    nodes, _ = extract(doc, [Passage(id="x#p0", doc_id="x", tenant="northshire", seq=0, text=text)])
    groups = {n.name for n in nodes if n.type == "Group"}
    assert "Integrated Care Board" not in groups and "Northshire Executive Board" in groups
