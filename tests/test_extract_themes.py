"""Themes from the taxonomy and ADDRESSES_THEME, on fixture text."""
from __future__ import annotations

from graph.model import Document, Passage
from ingest.extract import extract
from ingest.extract.gazetteer import load_gazetteer


def _doc(*texts: str, tenant: str = "northshire"):
    doc = Document(id="themes-fixture", tenant=tenant, title="fixture")
    passages = [Passage(id=f"themes-fixture#p{i}", doc_id=doc.id, tenant=tenant, seq=i, text=t)
                for i, t in enumerate(texts)]
    return extract(doc, passages)


def test_synonyms_become_one_shared_theme():
    nodes, _ = _doc("Children living with domestic violence were seen.",
                    "Domestic abuse and child criminal exploitation (CCE) remain priorities.")
    themes = {n.name: n for n in nodes if n.type == "Theme"}
    assert "Domestic abuse" in themes and "Criminal exploitation" in themes
    da = themes["Domestic abuse"]
    assert da.id == "theme:national:domestic-abuse" and da.tenant == "national"
    assert len(da.provenance) == 2  # both wordings, one node


def test_abbreviations_match_only_in_capitals():
    nodes, _ = _doc("Please send the form to the team.", "Support for children with SEND was reviewed.",
                    "SEND support will be audited.")
    send = [n for n in nodes if n.type == "Theme" and n.name == "Disabled children"]
    assert len(send) == 1 and [p.quote for p in send[0].provenance] == ["SEND", "SEND"]


def test_group_addresses_themes_of_its_sentence_only():
    nodes, edges = _doc("The Northshire Exploitation Panel oversees work on county lines and neglect. "
                        "Separately, the partnership looked at online safety.")
    name = {n.id: n.name for n in nodes}
    got = {(name[e.src], name[e.dst]) for e in edges if e.type == "ADDRESSES_THEME"}
    assert ("Northshire Exploitation Panel", "County lines") in got
    assert ("Northshire Exploitation Panel", "Neglect") in got
    assert ("Northshire Exploitation Panel", "Online safety") not in got


def test_taxonomy_has_the_national_panel_themes():
    themes = load_gazetteer().themes
    for t in ("Leadership and culture", "Race, ethnicity and culture", "Whole-family approach",
              "Vulnerability of babies", "Domestic abuse", "Risks outside the family", "Disabled children",
              "Children's mental health", "Parental mental health", "Children not in school", "Young carers",
              "Neglect", "Child exploitation", "Serious youth violence", "Non-accidental injury", "Online safety",
              "Transitional safeguarding", "Professional curiosity", "Information sharing"):
        assert t in themes, t


def test_a_sentence_referring_back_addresses_its_antecedent():
    nodes, edges = _doc("The Northshire Neglect Panel met six times. This year the meetings have focussed on "
                        "online safety and young carers.")
    name = {n.id: n.name for n in nodes}
    got = {(name[e.src], name[e.dst]) for e in edges if e.type == "ADDRESSES_THEME"}
    assert {("Northshire Neglect Panel", "Online safety"), ("Northshire Neglect Panel", "Young carers")} <= got


def test_absence_from_school_is_the_children_not_in_school_theme():
    nodes, _ = _doc("Schools now track pupils who are not in school or persistently absent.",
                    "Persistent absence rose over the year.")
    themes = [n for n in nodes if n.type == "Theme" and n.name == "Children not in school"]
    assert len(themes) == 1
    assert [p.quote for p in themes[0].provenance] == ["not in school", "persistently absent", "Persistent absence"]
