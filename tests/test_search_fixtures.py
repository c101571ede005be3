"""Hand-written passages for the search tests (our own words, nothing from ../shared)."""
from __future__ import annotations

from graph.model import Document, Passage

NEGLECT = {"id": "theme:neglect", "type": "Theme", "name": "Neglect"}
EXPLOITATION = {"id": "theme:child-exploitation", "type": "Theme", "name": "Child exploitation"}
SLEEP = {"id": "theme:infant-sleep", "type": "Theme", "name": "Infant sleep"}
POLICE = {"id": "agency:bedfordshire-police", "type": "Agency", "name": "Bedfordshire Police"}
HEALTH = {"id": "agency:health-visiting", "type": "Agency", "name": "Health Visiting Service"}
CHILD_Z = {"id": "review:cbscp:child-zeta", "type": "Review", "name": "Child Zeta"}
CHILD_K = {"id": "review:bbscp:child-kappa", "type": "Review", "name": "Child Kappa"}

# doc id -> (tenant, visibility, kind, date, title, [(text, section, page, entities)])
DOCS: dict[str, tuple] = {
    "bbscp/annual-2022": ("bbscp", "public", "annual_report", "2022-06-30", "Annual report 2022", [
        ("Neglect remains our most frequent concern. Neglect of younger children, chronic neglect and "
         "neglected home conditions featured in most of the cases the partnership looked at.",
         "Themes > Neglect", 4, [NEGLECT]),
        ("The board looked at training, budgets, attendance, staffing, audit plans and one case of neglect, "
         "alongside many other matters raised by partners during the year.",
         "Governance", 7, [NEGLECT]),
        ("Practitioners recorded that the child was not brought to health appointments on three occasions.",
         "Learning > Health", 9, [CHILD_K, HEALTH]),
        ("County lines exploitation: young people were moved between towns to sell drugs, and the police "
         "disrupted two networks.", "Themes > Exploitation", 11, [EXPLOITATION, POLICE]),
        ("Imported text <script>alert('x')</script> & <b>bold</b> markup about safeguarding audits.",
         "Appendix", 20, []),
    ]),
    "bbscp/restricted-review": ("bbscp", "restricted", "review", "2023-01-10", "Child Omicron review (draft)", [
        ("Draft findings about neglect and a zanzibarite caravan site, not yet published.",
         "Findings", 2, [NEGLECT]),
    ]),
    "cbscp/child-zeta": ("cbscp", "public", "review", "2020", "Child Zeta review", [
        ("The child was brought to appointments but not seen alone; neglect was not recognised by "
         "Bedfordshire Police or health visitors.", "Findings", 5, [CHILD_Z, NEGLECT, POLICE, HEALTH]),
        ("The quokkaland pilot will run in two schools.", "Actions", 8, [CHILD_Z]),
    ]),
    "lscp/neglect-strategy": ("lscp", "internal", "strategy", "2021-03", "Responding early to neglect 2021 to 2024", [
        ("Our neglect strategy sets out how agencies recognise and respond to neglect early.",
         "Introduction", 1, [NEGLECT]),
    ]),
    "pan-beds/briefing": ("pan-beds", "public", "learning_briefing", "2019-11", "Practice note", [
        ("Infant sleep advice should be given to every family with a newborn baby.",
         "Infant sleep", 1, [SLEEP]),
    ]),
}


def fixture_documents() -> list[tuple[Document, list[Passage], dict[str, list[dict]]]]:
    out = []
    for doc_id, (tenant, vis, kind, date, title, paras) in DOCS.items():
        doc = Document(id=doc_id, tenant=tenant, title=title, kind=kind, visibility=vis, date=date,
                       source=f"{doc_id}.txt")
        passages, ents = [], {}
        for i, (text, section, page, entities) in enumerate(paras):
            pid = f"{doc_id}#p{i}"
            passages.append(Passage(id=pid, doc_id=doc_id, tenant=tenant, seq=i, text=text,
                                    section=section, page=page))
            ents[pid] = list(entities)
        out.append((doc, passages, ents))
    return out
