"""The bundled demo corpus (demo/corpus), ingested by the real pipeline into a scratch data dir.

The corpus is fictional and written to exercise every feature of ingest: four tenants, three
visibilities, seven formats, page furniture and link noise, reviews with findings and
recommendations, actions in three tenses answering named reviews, groups with reporting lines,
statutory partners and budget contributions, and two action plans with overdue actions and
actions marked done without evidence. These tests check that `make demo` shows all of that.
"""
from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from graph.access import Scope
from graph.queries import follow_through
from learnloop.cli import main
from learnloop.services import open_services

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "corpus"
SHARED = REPO.parent / "shared"
MANIFEST = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = {e["file"]: e for e in MANIFEST["documents"]}
RESTRICTED_DOC = "cbscp/cbscp-child-t-lcspr-unpublished"  # an unpublished CSPR: only cbscp's scrutineer
RAPID_REVIEW_DOC = "bbscp/bbscp-baby-r-rapid-review"  # rapid reviews are never published: bbscp's scrutineer
# A fixed 'today' for overdue flags, so the test does not change with the calendar.
TODAY = date(2025, 1, 15)


def _doc_id(entry: dict) -> str:
    from ingest.pipeline import document_id

    return document_id(entry["tenant"], Path(entry["file"]))


# -- the corpus itself ------------------------------------------------------------------------


def test_manifest_describes_every_file_and_covers_tenants_visibilities_formats():
    on_disk = {p.name for p in DEMO.iterdir() if p.is_file() and p.name != "manifest.json"}
    assert on_disk == set(ENTRIES), "every corpus file has exactly one manifest entry"
    assert {e["tenant"] for e in ENTRIES.values()} == {"bbscp", "cbscp", "lscp", "pan-beds"}
    assert {e["visibility"] for e in ENTRIES.values()} == {"public", "internal", "restricted"}
    assert {Path(f).suffix for f in ENTRIES} >= {".md", ".txt", ".html", ".docx", ".pdf", ".csv", ".xlsx"}
    plans = [e for e in ENTRIES.values() if e["kind"] == "action_plan"]
    assert len(plans) == 2 and all(e.get("review") for e in plans)


def test_corpus_size_is_a_demo_not_a_benchmark():
    from ingest.loaders import load

    total = 0
    for name in ENTRIES:
        loaded = load(DEMO / name)
        text = " ".join(b.text for b in loaded.blocks)
        text += " ".join(" ".join(r.values()) for r in loaded.rows or [])
        assert len(text) > 1000, f"{name} loads to almost nothing"
        total += len(text.encode("utf-8"))
    assert 30_000 <= total <= 120_000, total


def test_binary_documents_are_built_from_the_committed_sources(tmp_path, monkeypatch):
    """demo/build_formats.py regenerates the .docx/.xlsx/.pdf from demo/src with the same text."""
    import importlib.util

    from ingest.loaders import load

    spec = importlib.util.spec_from_file_location("build_formats", REPO / "demo" / "build_formats.py")
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_formats", build)  # dataclasses look their module up here
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUT", tmp_path)
    assert build.main([]) == 0
    for _src, (out_name, _fn) in build.TARGETS.items():
        fresh, committed = load(tmp_path / out_name), load(DEMO / out_name)
        assert [b.text for b in fresh.blocks] == [b.text for b in committed.blocks], out_name
        assert fresh.rows == committed.rows, out_name


# Real organisations may be named (the agencies are real), so their long names are folded first.
_ORG_NAMES = re.compile(r"bedfordshire,? luton (?:and|&) milton keynes integrated care board", re.I)


def _shingles(text: str, n: int = 9) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9£']+", _ORG_NAMES.sub("ICB", text).lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _demo_text() -> str:
    from ingest.loaders import load

    parts = []
    for name in ENTRIES:
        loaded = load(DEMO / name)
        parts += [b.text for b in loaded.blocks]
        parts += [" ".join(r.values()) for r in loaded.rows or []]
    return "\n".join(parts)


def test_written_in_our_own_words_and_free_of_gold_names():
    """No nine-word run copied from ../shared/corpus, and no review, group or action named in the gold."""
    if not (SHARED / "corpus" / "manifest.json").exists():
        pytest.skip("../shared is not beside this checkout")
    demo = _demo_text()
    real = set()
    for p in (SHARED / "corpus").glob("*.txt"):
        real |= _shingles(p.read_text(encoding="utf-8"))
    copied = _shingles(demo) & real
    assert not copied, [" ".join(s) for s in sorted(copied)[:5]]
    gold = json.loads((SHARED / "eval" / "gold_seeds.json").read_text(encoding="utf-8"))
    lowered = " ".join(demo.lower().split())
    clashes = [e["name"] for e in gold["entities"]
               if e["type"] in ("Review", "Group", "Action") and len(e["name"]) >= 10
               and e["name"].lower() in lowered]
    assert not clashes, clashes


# -- ingested by the real pipeline ------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo-data")
    rc = main(["--data", str(data), "ingest", str(DEMO)])
    services = open_services(str(data))
    yield rc, services
    services.close()


@pytest.fixture(scope="module")
def store(demo):
    return demo[1].store


def _nodes(store, type_: str, scope: Scope | None = None, tenant: str | None = None):
    return store.find_nodes(type_, tenant=tenant, scope=scope or Scope.everything())


def _find(store, type_: str, pattern: str, tenant: str | None = None, scope: Scope | None = None):
    rx = re.compile(pattern, re.I)
    return [n for n in _nodes(store, type_, scope, tenant) if rx.search(n.name)]


def _one(store, type_: str, pattern: str, tenant: str, scope: Scope | None = None):
    found = _find(store, type_, pattern, tenant, scope)
    names = [n.name for n in _nodes(store, type_, scope, tenant)]
    assert found, f"no {type_} matching {pattern!r} in {tenant}: {names}"
    return found[0]


def _out(store, node, edge_type: str, scope: Scope | None = None):
    return [other for _e, other in store.neighbours(node.id, edge_type, "out", scope or Scope.everything())]


def test_ingest_exits_zero_and_stores_every_document_with_its_metadata(demo):
    rc, services = demo
    assert rc == 0
    stored = {d.id: d for d in services.store.list_documents(Scope.everything())}
    for entry in ENTRIES.values():
        doc = stored.get(_doc_id(entry))
        assert doc is not None, f"{entry['file']} not stored"
        assert (doc.tenant, doc.visibility, doc.kind) == (entry["tenant"], entry["visibility"], entry["kind"])
        assert doc.title == entry["title"]
        assert services.store.passages(doc.id, Scope.everything()), f"{entry['file']} has no passages"
    assert len(stored) == len(ENTRIES)


def test_reingesting_the_unchanged_corpus_skips_every_file(demo, capsys):
    _rc, services = demo
    assert main(["--data", str(services.config.data_dir), "ingest", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert f"{len(ENTRIES)} unchanged" in out, out


def test_noise_is_cleaned_and_boilerplate_dropped(store):
    texts = {d.id: [p.text for p in store.passages(d.id, Scope.everything())]
             for d in store.list_documents(Scope.everything())}
    every = [t for ts in texts.values() for t in ts]
    assert not [t for t in every if "](#)" in t or "](" in t], "link markup left in passages"
    assert not [t for t in every if re.search(r"\.{4,}\s*\d+\s*$", t)], "table-of-contents lines indexed"
    assert not [t for t in every if re.fullmatch(r"(?:Page\s+)?\d{1,3}", t.strip())], "page folios indexed"
    html = " ".join(texts["lscp/lscp-learning-from-reviews"])
    for chrome in ("Accept all cookies", "Skip to main content", "All rights reserved", "dataLayer",
                   "Quick exit", "Search this site", "Book training"):
        assert chrome not in html, f"site chrome {chrome!r} kept from the HTML page"
    assert "Baby K was four months old" in html and "Learning from reviews" in html
    # link text survives without its markup
    assert any("Home Conditions Assessment Tool was relaunched" in t
               for t in texts["bbscp/bbscp-annual-report-2023-24"])


def test_script_text_in_a_txt_is_kept_as_text_for_the_views_to_escape(store):
    """A '<script>' written in a plain-text document is content: stored verbatim, never executed."""
    passages = store.passages("cbscp/cbscp-safeguarding-arrangements-2024", Scope.everything())
    assert any("<script>alert('partnership-widget')</script>" in p.text for p in passages)


def test_pdf_passages_keep_their_page_numbers(store):
    passages = store.passages("pan-beds/pan-beds-learning-themes-2024", Scope.everything())
    pages = {p.page for p in passages}
    assert None not in pages and len(pages) >= 2, pages


def test_reviews_are_found_in_every_tenant(store):
    expected = {
        "bbscp": [r"^Child M\b", r"^Baby R\b", r"^Family J\b"],
        "cbscp": [r"^Child T\b", r"^Family P\b"],
        "lscp": [r"^Baby K\b", r"adolescents missing from home"],
        "pan-beds": [r"^Child M\b", r"^Baby K\b", r"^Family P\b", r"adolescents missing from home"],
    }
    for tenant, patterns in expected.items():
        for pattern in patterns:
            _one(store, "Review", pattern, tenant)
    baby_k = _one(store, "Review", r"^Baby K\b", "lscp")
    assert baby_k.attrs.get("status") == "published" and baby_k.attrs.get("date") == "2024-05"
    assert len(_find(store, "Review", r"^Baby K\b", "lscp")) == 1, "one Baby K review across four documents"
    child_t = _one(store, "Review", r"^Child T\b", "cbscp")
    assert child_t.attrs.get("status") == "unpublished"
    assert _one(store, "Review", r"^Family P\b", "cbscp").attrs.get("status") == "published"
    national = _one(store, "Review", r"^Out of routine\b", "bbscp")
    assert national.attrs.get("kind") == "national review" and national.attrs.get("date") == "2020"


def test_review_documents_give_findings_and_recommendations(store):
    baby_k = _one(store, "Review", r"^Baby K\b", "lscp")
    findings = _out(store, baby_k, "HAS_FINDING")
    recs = _out(store, baby_k, "HAS_RECOMMENDATION")
    assert len(findings) >= 5, [f.name for f in findings]
    assert len(recs) >= 6, [r.name for r in recs]
    assert any("father" in f.attrs.get("text", f.name) for f in findings)
    child_t = _one(store, "Review", r"^Child T\b", "cbscp")
    assert len(_out(store, child_t, "HAS_RECOMMENDATION")) >= 5
    child_m = _one(store, "Review", r"^Child M\b", "bbscp")
    assert len(_out(store, child_m, "HAS_FINDING")) >= 4  # the 7 minute briefing's 'What the review found'


def test_review_commissioning(store):
    child_m = _one(store, "Review", r"^Child M\b", "bbscp")
    assert [p.name for p in _out(store, child_m, "COMMISSIONED_BY")] == \
        ["Bedford Borough Safeguarding Children Partnership"]
    family_p = _one(store, "Review", r"^Family P\b", "cbscp")
    assert any("Serious Incident Review Panel" in g.name for g in _out(store, family_p, "COMMISSIONED_BY"))


def test_actions_carry_status_from_tense(store):
    statuses = {a.attrs.get("status") for a in _nodes(store, "Action")}
    assert {"done", "in progress", "planned"} <= statuses, statuses
    assert _one(store, "Action", r"Was Not Brought practice guide", "bbscp").attrs.get("status") == "done"
    assert _one(store, "Action", r"neglect practice framework", "bbscp").attrs.get("status") == "in progress"
    assert _one(store, "Action", r"coercive control", "cbscp").attrs.get("status") == "planned"
    audit = _one(store, "Action", r"audit of babies", "lscp")
    assert audit.attrs.get("status") == "planned" and "2025" in str(audit.attrs.get("due"))


def test_actions_respond_to_named_reviews(store):
    def answers(tenant: str, action: str, review: str) -> None:
        """Some action matching `action` responds to the review, directly or through one of its
        recommendations (the same product may be named in a report and in an action plan)."""
        _one(store, "Action", action, tenant)
        seen = []
        for node in _find(store, "Action", action, tenant):
            for target in _out(store, node, "RESPONDS_TO"):
                reviews = [target] if target.type == "Review" else \
                    [r for _e, r in store.neighbours(target.id, "HAS_RECOMMENDATION", "in", Scope.everything())]
                seen += [r.name for r in reviews]
        assert any(re.search(review, t, re.I) for t in seen), (action, seen)

    answers("bbscp", r"Was Not Brought practice guide", r"^Child M\b")
    answers("bbscp", r"Home Conditions Assessment Tool", r"^Child M\b")
    answers("bbscp", r"neglect practice framework", r"^Family J\b")
    answers("cbscp", r"information sharing charter", r"^Family P\b")
    answers("lscp", r"return home interview standard", r"adolescents missing from home")
    answers("lscp", r"Was Not Brought practice guide", r"^Baby K\b")
    answers("pan-beds", r"seeing and assessing men", r"^Baby K\b")


def test_groups_report_to_groups_with_chairs_and_frequency(store):
    def reports(tenant: str, group: str, to: str) -> None:
        node = _one(store, "Group", group, tenant)
        targets = [g.name for g in _out(store, node, "REPORTS_TO")]
        assert any(re.search(to, t, re.I) for t in targets), (node.name, targets)

    reports("bbscp", r"^Was Not Brought Task and Finish Group$", r"^Practice Review Sub-group$")
    reports("bbscp", r"^Practice Review Sub-group$", r"Executive Board$")
    reports("bbscp", r"^Quality Assurance and Performance Sub-group$", r"Executive Board$")
    reports("cbscp", r"^Audit and Assurance Sub-group$", r"Partnership Board")
    reports("cbscp", r"^Rural Safeguarding Task and Finish Group$", r"^Audit and Assurance Sub-group$")
    reports("cbscp", r"Serious Incident Review Panel", r"Partnership Board")
    reports("lscp", r"^Luton Missing and Exploitation Panel$", r"Contextual Harm Sub-group")
    assert _one(store, "Group", r"^Practice Review Sub-group$", "bbscp").attrs.get("frequency") == "6 x year"
    panel = _one(store, "Group", r"^Luton Missing and Exploitation Panel$", "lscp")
    assert panel.attrs.get("frequency") == "fortnightly"
    assert [a.name for a in _out(store, panel, "CHAIRED_BY")] == ["Bedfordshire Police"]
    for tenant in ("bbscp", "cbscp", "lscp"):
        assert _find(store, "Group", r".", tenant), f"no groups in {tenant}"
    assert _find(store, "Group", r"^Pan Bedfordshire .*(Sub-group|Task and Finish Group)$", "pan-beds")


def test_statutory_partners_relevant_agencies_and_funding(store):
    partners = {"bbscp": "Bedford Borough Council", "cbscp": "Central Bedfordshire Council",
                "lscp": "Luton Borough Council"}
    for tenant, council in partners.items():
        partnership = _one(store, "Partnership", r"Safeguarding Children Partnership$", tenant)
        members = {a.name for _e, a in store.neighbours(partnership.id, "PARTNER_OF", "in", Scope.everything())}
        assert {council, "Bedfordshire Police"} <= members, (tenant, members)
        assert any("Integrated Care Board" in m or "ICB" in m for m in members), members
    cb = _one(store, "Partnership", r"^Central Bedfordshire Safeguarding Children Partnership$", "cbscp")
    relevant = {a.name for _e, a in store.neighbours(cb.id, "MEMBER_OF", "in", Scope.everything())}
    assert {"East London NHS Foundation Trust", "Bedfordshire Hospitals NHS Foundation Trust"} <= relevant
    funds = [e for e in store.edges("FUNDS", scope=Scope.everything())]
    assert any(e.attrs.get("amount") == "£132,000" and "2024" in str(e.attrs.get("year")) for e in funds), \
        [e.attrs for e in funds]
    assert all(str(e.attrs.get("amount", "")).startswith("£") for e in funds)
    pan = _one(store, "Partnership", r"^Pan Bedfordshire", "pan-beds")
    pooled = [e for e in funds if e.dst == pan.id]  # the Joint Safeguarding Executive's pooled budget
    assert any(e.attrs.get("amount") == "£30,000" and "2024" in str(e.attrs.get("year")) for e in pooled), pooled


def test_themes_recur_across_reviews_of_different_years(store):
    by_theme: dict[str, set[str]] = {}
    for review in _nodes(store, "Review"):
        for theme in _out(store, review, "ADDRESSES_THEME"):
            # the case name ('Child M', 'Baby K'): one review is mentioned in several tenants
            by_theme.setdefault(theme.name.lower(), set()).add(" ".join(review.name.split()[:2]))
    recurring = {t for t, reviews in by_theme.items() if len(reviews) >= 2}
    for theme in ("neglect", "domestic abuse", "exploitation", "professional curiosity", "information sharing"):
        assert any(theme in t for t in recurring), (theme, sorted(recurring))


def _plan_rows(name: str) -> int:
    from ingest.loaders import load

    return len(load(DEMO / name).rows or [])


def test_action_plans_link_their_actions_to_the_review(store):
    """Each row of a plan is an action answering the plan's review (directly or via a recommendation)."""
    for plan, review_pattern, tenant in (("bbscp-child-m-action-plan.csv", r"^Child M\b", "bbscp"),
                                         ("lscp-baby-k-action-plan.xlsx", r"^Baby K\b", "lscp")):
        doc_id = _doc_id(ENTRIES[plan])
        review = _one(store, "Review", review_pattern, tenant)
        recs = {r.id for r in _out(store, review, "HAS_RECOMMENDATION")}
        from_plan = [a for a in _nodes(store, "Action", tenant=tenant)
                     if any(p.doc_id == doc_id for p in a.provenance)]
        linked = [a for a in from_plan
                  if {t.id for t in _out(store, a, "RESPONDS_TO")} & (recs | {review.id})]
        assert len(linked) >= _plan_rows(plan), (plan, _plan_rows(plan), sorted(a.name for a in linked))
        assert {"done", "in progress", "planned"} <= {a.attrs.get("status") for a in linked}, plan
        assert len([a for a in linked if a.attrs.get("due")]) >= _plan_rows(plan), plan
        owners = {o.name for a in linked for o in _out(store, a, "OWNED_BY")}
        assert "Bedfordshire Hospitals NHS Foundation Trust" in owners, (plan, owners)
        evidenced = [a for a in linked if _out(store, a, "EVIDENCED_BY")]
        assert 0 < len(evidenced) < len(linked), plan


def test_follow_through_shows_overdue_and_unevidenced_actions(store):
    rows = follow_through(store, Scope.everything(), today=TODAY)
    plan_docs = {_doc_id(e) for e in ENTRIES.values() if e["kind"] == "action_plan"}
    from_plans = [r for r in rows if any(q.get("doc_id") in plan_docs for q in r.get("quotes", []))] or rows
    assert any(r["overdue"] for r in from_plans), "no overdue actions"
    assert any(r["status"] == "done" and not r["has_evidence"] for r in from_plans), "no done-without-evidence"
    assert any(r["status"] == "done" and r["has_evidence"] for r in from_plans), "no evidenced action"


def test_internal_documents_are_for_their_own_tenant_and_the_shared_one(store):
    plan = _doc_id(ENTRIES["bbscp-child-m-action-plan.csv"])
    assert store.get_document(plan, Scope.for_role("practitioner", "bbscp")) is not None
    assert store.get_document(plan, Scope.for_role("practitioner", "lscp")) is None
    assert store.get_document(plan, Scope.of(["bbscp"], ("public",))) is None
    terms = _doc_id(ENTRIES["pan-beds-joint-executive-terms-of-reference.docx"])
    assert store.get_document(terms, Scope.for_role("practitioner", "lscp")) is not None  # shared tenant
    assert store.get_document(terms, Scope.of(["pan-beds"], ("public",))) is None


def _leaks(store, scope: Scope, doc_id: str) -> list[str]:
    """Facts or provenance from `doc_id` that `scope` can see."""
    nodes = [n.name for n in store.find_nodes(scope=scope) if any(p.doc_id == doc_id for p in n.provenance)]
    edges = [e.id for e in store.edges(scope=scope) if any(p.doc_id == doc_id for p in e.provenance)]
    return nodes + edges


@pytest.mark.parametrize("doc_id,tenant", [(RESTRICTED_DOC, "cbscp"), (RAPID_REVIEW_DOC, "bbscp")])
def test_restricted_documents_are_read_only_by_their_own_scrutineer(demo, store, doc_id, tenant):
    own = Scope.for_role("scrutineer", tenant)
    assert store.get_document(doc_id, own) is not None
    assert store.passages(doc_id, own)
    assert _leaks(store, own, doc_id), "the scrutineer sees the facts the restricted document supports"
    assert store.get_document(doc_id, Scope.for_role("admin", tenant)) is not None
    others = [Scope.for_role("practitioner", tenant), Scope.for_role("coordinator", tenant),
              *(Scope.for_role("scrutineer", t) for t in ("bbscp", "cbscp", "lscp", "pan-beds") if t != tenant)]
    for scope in others:
        label = f"{scope.role}/{scope.tenant}"
        assert store.get_document(doc_id, scope) is None, label
        assert not store.passages(doc_id, scope), label
        assert not _leaks(store, scope, doc_id), label


def test_unpublished_review_exists_only_for_its_scrutineer(demo, store):
    """Child T is named in no readable document: to anyone else the review does not exist."""
    assert _find(store, "Review", r"^Child T\b", "cbscp", Scope.for_role("scrutineer", "cbscp"))
    search = demo[1].search
    assert search is not None, "the search view is part of `make demo`"
    assert search.search('"Colin Ashdown"', Scope.for_role("scrutineer", "cbscp")).total > 0
    for scope in (Scope.for_role("practitioner", "cbscp"), Scope.for_role("coordinator", "pan-beds"),
                  Scope.for_role("scrutineer", "lscp"), Scope.for_role("scrutineer", "bbscp")):
        label = f"{scope.role}/{scope.tenant}"
        assert not _find(store, "Review", r"Child T", None, scope), label
        assert search.search('"Colin Ashdown"', scope).total == 0, label
        assert search.search('"Child T"', scope).total == 0, label


# -- served by the web UI, as `make demo` does ------------------------------------------------------


@pytest.fixture(scope="module")
def signed_in(demo):
    """A web client signed in with a token, per (role, tenant)."""
    from api.accounts import AccountStore
    from api.app import create_app

    data = demo[1].config.data_dir
    accounts = AccountStore(data / "accounts.sqlite")
    for tenant in MANIFEST["tenants"]:
        if tenant not in accounts.tenant_names():
            accounts.add_tenant(tenant)
    app = create_app({"TESTING": True}, data_dir=data)

    def client(role: str, tenant: str):
        _info, secret = accounts.create_token(tenant, role)
        c = app.test_client()
        page = c.get("/sign-in").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        r = c.post("/sign-in", data={"token": secret, "csrf_token": csrf.group(1) if csrf else "", "next": "/"})
        assert r.status_code in (302, 303), r.status_code
        return c

    yield client
    accounts.close()


def test_web_shows_script_text_escaped(signed_in):
    page = signed_in("practitioner", "cbscp").get("/documents/cbscp/cbscp-safeguarding-arrangements-2024")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "&lt;script&gt;alert(" in body
    assert "<script>alert(" not in body


def test_web_hides_the_unpublished_review_from_other_scopes(signed_in):
    restricted = f"/documents/{RESTRICTED_DOC}"
    own = signed_in("scrutineer", "cbscp").get(restricted)
    assert own.status_code == 200 and "Colin Ashdown" in own.get_data(as_text=True)
    for role, tenant in (("practitioner", "cbscp"), ("scrutineer", "lscp"), ("coordinator", "pan-beds")):
        r = signed_in(role, tenant).get(restricted)
        assert r.status_code in (403, 404), (role, tenant, r.status_code)
        assert "Colin Ashdown" not in r.get_data(as_text=True)
