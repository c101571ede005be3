"""The search contract: one suite, run against both engines (real indexes on disk)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.access import Scope
from graph.model import Document, Passage
from search.errors import InvalidCursor, QuerySyntaxError, SearchError
from search.service import SearchService, open_index
from tests.test_search_fixtures import fixture_documents

EVERYTHING = Scope.everything()
BB_PUBLIC = Scope.of(["bbscp"], ("public",))
BB_PRACTITIONER = Scope.for_role("practitioner", "bbscp")  # bbscp + shared tenants, public/internal
BB_SCRUTINEER = Scope.for_role("scrutineer", "bbscp")  # ... and bbscp restricted
CB_PRACTITIONER = Scope.for_role("practitioner", "cbscp")

ANNUAL = "bbscp/annual-2022"
RESTRICTED = "bbscp/restricted-review"
ZETA = "cbscp/child-zeta"
STRATEGY = "lscp/neglect-strategy"
BRIEFING = "pan-beds/briefing"


@pytest.fixture(params=["whoosh", "tantivy"])
def engine(request) -> str:
    return request.param


@pytest.fixture
def svc(engine, tmp_path) -> SearchService:
    service = SearchService(open_index(engine, tmp_path / "index"))
    with service.index.bulk():
        for doc, passages, ents in fixture_documents():
            service.index.add_document(doc, passages, ents)
    yield service
    service.close()


def ids(res) -> list[str]:
    return [h.passage_id for h in res.hits]


def all_ids(svc: SearchService, query: str, scope: Scope = EVERYTHING, **kw) -> set[str]:
    res = svc.search(query, scope, limit=100, **kw)
    assert res.total == len(res.hits), "fixture searches fit on one page"
    return set(ids(res))


def facet(res, name: str) -> dict[str, int]:
    return dict(res.facets[name])


# ---- ranking and matching ------------------------------------------------------------------------

def test_passage_about_neglect_outranks_one_mentioning_it(svc):
    res = svc.search("neglect", BB_PUBLIC)
    assert ids(res)[:2] == [f"{ANNUAL}#p0", f"{ANNUAL}#p1"]
    assert res.hits[0].score > res.hits[1].score


def test_words_are_stemmed(svc):
    assert {f"{ANNUAL}#p0", f"{ANNUAL}#p1"} <= all_ids(svc, "neglected", BB_PUBLIC)
    assert f"{ANNUAL}#p3" in all_ids(svc, "networks", BB_PUBLIC) & all_ids(svc, "network", BB_PUBLIC)


def test_phrase_needs_the_words_in_order(svc):
    assert all_ids(svc, '"was not brought"') == {f"{ANNUAL}#p2"}
    # The same words without quotes also match the passage where they are apart.
    assert all_ids(svc, "was not brought") == {f"{ANNUAL}#p2", f"{ZETA}#p0"}


def test_default_and_or_not_and_parentheses(svc):
    assert all_ids(svc, "neglect police") == {f"{ZETA}#p0"}
    assert all_ids(svc, "quokkaland OR drugs") == {f"{ZETA}#p1", f"{ANNUAL}#p3"}
    assert f"{ZETA}#p0" not in all_ids(svc, "neglect -police")
    assert all_ids(svc, "neglect NOT police") == all_ids(svc, "neglect -police")
    assert all_ids(svc, "(sleep OR drugs) AND police") == {f"{ANNUAL}#p3"}
    assert all_ids(svc, "sleep OR drugs AND police") == {f"{ANNUAL}#p3", f"{BRIEFING}#p0"}
    only_not = all_ids(svc, "-neglect", BB_PUBLIC)
    assert only_not == {f"{ANNUAL}#p2", f"{ANNUAL}#p3", f"{ANNUAL}#p4"}


def test_empty_query_lists_every_readable_passage(svc):
    res = svc.search("", BB_PRACTITIONER, limit=100)
    assert res.total == svc.count(BB_PRACTITIONER) == 6


# ---- field filters -------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("theme:exploitation", {f"{ANNUAL}#p3"}),
    ('theme:"child exploitation"', {f"{ANNUAL}#p3"}),
    ("theme:neglect", {f"{ANNUAL}#p0", f"{ANNUAL}#p1", f"{RESTRICTED}#p0", f"{ZETA}#p0", f"{STRATEGY}#p0"}),
    ("county AND theme:exploitation", {f"{ANNUAL}#p3"}),
    ("drugs theme:neglect", set()),
    ("kind:review", {f"{RESTRICTED}#p0", f"{ZETA}#p0", f"{ZETA}#p1"}),
    ("kind:annual-report neglect", {f"{ANNUAL}#p0", f"{ANNUAL}#p1"}),
    ("kind:learning_briefing", {f"{BRIEFING}#p0"}),
    ("year:2022 neglect", {f"{ANNUAL}#p0", f"{ANNUAL}#p1"}),
    ("year:2020..2021", {f"{ZETA}#p0", f"{ZETA}#p1", f"{STRATEGY}#p0"}),
    ("year:..2019", {f"{BRIEFING}#p0"}),
    ("year:2023.. neglect", {f"{RESTRICTED}#p0"}),
    ('review:"Child Zeta"', {f"{ZETA}#p0", f"{ZETA}#p1"}),
    ("review:kappa", {f"{ANNUAL}#p2"}),
    ('review:"Zeta Child"', set()),
    ("agency:police", {f"{ANNUAL}#p3", f"{ZETA}#p0"}),
    ('entity:"health visiting service"', {f"{ANNUAL}#p2", f"{ZETA}#p0"}),
    ("entity:review:cbscp:child-zeta", {f"{ZETA}#p0", f"{ZETA}#p1"}),
    ("tenant:cbscp", {f"{ZETA}#p0", f"{ZETA}#p1"}),
    ("tenant:cbscp OR tenant:pan-beds", {f"{ZETA}#p0", f"{ZETA}#p1", f"{BRIEFING}#p0"}),
    ("neglect -tenant:bbscp", {f"{ZETA}#p0", f"{STRATEGY}#p0"}),
])
def test_filters(svc, query, expected):
    assert all_ids(svc, query) == expected


def test_tenant_filter_cannot_widen_the_scope(svc):
    assert all_ids(svc, "tenant:cbscp", BB_PRACTITIONER) == set()
    assert all_ids(svc, "neglect", EVERYTHING, tenants=["lscp"]) == {f"{STRATEGY}#p0"}
    assert all_ids(svc, "neglect", BB_PRACTITIONER, tenants=["lscp"]) == set()


# ---- results -------------------------------------------------------------------------------------

def test_hit_carries_document_section_page_and_entities(svc):
    [hit] = svc.search('"was not brought"', EVERYTHING).hits
    assert (hit.doc_id, hit.tenant, hit.title, hit.kind, hit.year) == (
        ANNUAL, "bbscp", "Annual report 2022", "annual_report", 2022)
    assert (hit.section, hit.page, hit.seq, hit.visibility) == ("Learning > Health", 9, 2, "public")
    assert {e["name"] for e in hit.entities} == {"Child Kappa", "Health Visiting Service"}
    assert {e["type"] for e in hit.entities} == {"Review", "Agency"}
    assert "<mark>brought</mark>" in hit.snippet_html


def test_facets_count_the_whole_readable_match(svc):
    res = svc.search("neglect", EVERYTHING, limit=1)
    assert res.total == 5 and len(res.hits) == 1
    assert facet(res, "theme") == {"Neglect": 5}
    assert facet(res, "tenant") == {"bbscp": 3, "cbscp": 1, "lscp": 1}
    assert facet(res, "kind") == {"annual_report": 2, "review": 2, "strategy": 1}
    assert facet(res, "year") == {"2022": 2, "2023": 1, "2020": 1, "2021": 1}
    assert res.facets["tenant"][0] == ("bbscp", 3)  # biggest first


def test_snippets_are_escaped_and_marked(svc):
    [hit] = svc.search("script", EVERYTHING).hits
    snip = hit.snippet_html
    assert "<script" not in snip and "<b>" not in snip
    assert "&lt;<mark>script</mark>&gt;" in snip and "&amp;" in snip and "&lt;b&gt;" in snip
    # The only tags are our marks, and unescaped it is the passage text.
    assert set(re.findall(r"<[^>]*>", snip)) == {"<mark>", "</mark>"}
    text = html.unescape(snip.replace("<mark>", "").replace("</mark>", ""))
    assert text == "Imported text <script>alert('x')</script> & <b>bold</b> markup about safeguarding audits."


def test_long_passage_snippet_is_a_window_around_the_match(engine, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "ix"))
    text = ("Background paragraph words. " * 30) + "The decisive word is trampoline here. " + ("Tail. " * 60)
    doc = Document(id="pan-beds/long", tenant="pan-beds", title="Long", kind="report")
    svc.index.add_document(doc, [Passage(id="pan-beds/long#p0", doc_id=doc.id, tenant="pan-beds", seq=0,
                                         text=text)], {})
    snip = svc.search("trampoline", EVERYTHING).hits[0].snippet_html
    assert "<mark>trampoline</mark>" in snip and snip.startswith("…") and snip.endswith("…")
    assert len(snip) < 300


# ---- isolation -----------------------------------------------------------------------------------

def test_unreadable_tenants_and_levels_never_reach_hits_totals_or_facets(svc):
    res = svc.search("neglect", BB_PRACTITIONER, limit=100)
    assert set(ids(res)) == {f"{ANNUAL}#p0", f"{ANNUAL}#p1"}
    assert res.total == 2
    assert facet(res, "tenant") == {"bbscp": 2}
    assert facet(res, "kind") == {"annual_report": 2}  # not the restricted review's kind
    assert facet(res, "year") == {"2022": 2}  # not 2023 (restricted) nor 2020/2021 (other tenants)
    assert facet(res, "theme") == {"Neglect": 2}
    assert all("zanzibarite" not in h.snippet_html for h in res.hits)
    assert svc.search("zanzibarite", BB_PRACTITIONER).total == 0
    assert svc.search("zanzibarite", BB_SCRUTINEER).total == 1
    assert svc.search("quokkaland", BB_SCRUTINEER).total == 0


def test_no_grants_reads_nothing(svc):
    res = svc.search("neglect", Scope.nothing())
    assert (res.total, res.hits, res.suggestions) == (0, [], [])
    assert all(v == [] for v in res.facets.values())
    assert svc.count(Scope.nothing()) == 0


def test_counts_follow_the_scope(svc):
    assert svc.count(EVERYTHING) == 10
    assert svc.count(BB_PRACTITIONER) == 6  # 5 public bbscp + 1 pan-beds
    assert svc.count(BB_SCRUTINEER) == 7
    assert svc.count(Scope.of(["lscp"], ("public",))) == 0


def test_suggestions_come_from_readable_passages_only(svc):
    # A misspelling of a word that only the restricted bbscp review contains.
    assert svc.search("zamzibarite", BB_PRACTITIONER).suggestions == []
    assert svc.search("zamzibarite", BB_SCRUTINEER).suggestions == ["zanzibarite"]
    assert svc.suggest("zamzibarite", BB_PRACTITIONER) == []
    # A misspelling of a word only cbscp has.
    assert svc.search("quokkalnd", BB_SCRUTINEER).suggestions == []
    assert svc.search("quokkalnd", CB_PRACTITIONER).suggestions == ["quokkaland"]
    assert svc.search("quokkalnd", EVERYTHING, tenants=["bbscp"]).suggestions == []


def test_did_you_mean_rewrites_only_the_unknown_word(svc):
    res = svc.search("neglekt AND theme:neglect", BB_PUBLIC)
    assert res.total == 0
    assert res.suggestions == ["neglect AND theme:neglect"]
    assert svc.suggest("neglect", BB_PUBLIC) == []  # a known word needs no correction


# ---- writes --------------------------------------------------------------------------------------

def test_deleting_a_document_removes_its_passages(svc):
    assert svc.search('review:"Child Zeta"', EVERYTHING).total == 2
    svc.remove_document(ZETA, "cbscp")
    res = svc.search('review:"Child Zeta"', EVERYTHING)
    assert res.total == 0 and facet(svc.search("neglect", EVERYTHING), "tenant").get("cbscp") is None
    svc.remove_document(STRATEGY)  # tenant unknown: looked for everywhere
    assert svc.search("neglect", EVERYTHING).total == 3
    assert svc.count(EVERYTHING) == 7


def test_reindexing_a_document_replaces_it(svc):
    doc, passages, ents = next(d for d in fixture_documents() if d[0].id == ZETA)
    svc.index.add_document(doc, passages, ents)
    assert svc.search("quokkaland", EVERYTHING).total == 1
    passages = [Passage(id=f"{ZETA}#p0", doc_id=ZETA, tenant="cbscp", seq=0, text="A rewritten passage.")]
    svc.index.add_document(doc, passages, {})
    assert svc.search("quokkaland", EVERYTHING).total == 0
    assert svc.search("rewritten", EVERYTHING).total == 1
    assert all_ids(svc, "tenant:cbscp") == {f"{ZETA}#p0"}


def test_document_moved_to_another_tenant_leaves_its_old_index(svc):
    doc, passages, ents = next(d for d in fixture_documents() if d[0].id == ZETA)
    doc.tenant = "lscp"
    svc.index.add_document(doc, passages, ents)
    assert all_ids(svc, "quokkaland") == {f"{ZETA}#p1"}
    assert svc.search("quokkaland", EVERYTHING).hits[0].tenant == "lscp"


def test_bad_tenant_name_is_refused(svc):
    doc = Document(id="x", tenant="../etc", title="x")
    with pytest.raises(SearchError, match="bad tenant name"):
        svc.index.add_document(doc, [], {})


# ---- paging --------------------------------------------------------------------------------------

def test_pages_cover_every_hit_once(engine, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "ix"))
    with svc.index.bulk():
        for t in ("bbscp", "cbscp", "lscp"):
            for i in range(9):
                doc = Document(id=f"{t}/d{i}", tenant=t, title=f"Doc {i}", kind="report", date="2021")
                text = "school attendance " + "attendance " * (i % 4) + f"note {i}"
                svc.index.add_document(doc, [Passage(id=f"{doc.id}#p0", doc_id=doc.id, tenant=t, seq=0,
                                                     text=text)], {})
    seen, cursor, pages, scores = [], None, 0, []
    while True:
        res = svc.search("attendance", EVERYTHING, limit=10, cursor=cursor)
        assert res.total == 27
        seen += ids(res)
        scores += [h.score for h in res.hits]
        pages += 1
        cursor = res.next_cursor
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 27 and len(set(seen)) == 27
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(InvalidCursor):
        svc.search("attendance", EVERYTHING, cursor="not-a-cursor!")


def test_limit_is_checked(svc):
    with pytest.raises(SearchError):
        svc.search("neglect", EVERYTHING, limit=0)
    with pytest.raises(SearchError):
        svc.search("neglect", EVERYTHING, limit=10_000)


# ---- malformed queries ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", ['"unclosed', "(neglect", "neglect)", "colour:red", "year:20x",
                                   "year:2024..2020", "neglect AND", "OR neglect", "theme:", "()", '""'])
def test_malformed_queries_get_a_clear_error(svc, query):
    with pytest.raises(QuerySyntaxError) as info:
        svc.search(query, EVERYTHING)
    assert "position" in str(info.value)


def test_reopened_index_serves_the_same_results(engine, svc, tmp_path):
    before = all_ids(svc, "neglect")
    svc.close()
    again = SearchService(open_index(engine, tmp_path / "index"))
    assert all_ids(again, "neglect") == before


def test_failed_bulk_write_leaves_the_index_as_it_was(svc):
    before = svc.count(EVERYTHING)
    with pytest.raises(RuntimeError), svc.index.bulk():
        svc.index.clear()
        raise RuntimeError("crash half-way through a rebuild")
    assert svc.count(EVERYTHING) == before
    assert svc.search("quokkaland", EVERYTHING).total == 1


# ---- following the store of record ---------------------------------------------------------------

def _stored_doc(doc_id: str, tenant: str, texts: list[str], visibility: str = "public"):
    from tests.factories import FactsBuilder

    b = FactsBuilder(doc_id, tenant, visibility, title=f"Title of {doc_id}", kind="review", texts=texts,
                     date="2022-05")
    b.node("Theme", "neglect", "Neglect", 0)
    b.node("Review", "child-kappa", "Child Kappa", len(texts) - 1)
    return b.facts()


def test_crash_between_store_and_index_is_repaired(engine, store, tmp_path):
    index_dir = tmp_path / "index"
    first = SearchService(open_index(engine, index_dir))
    store.write_document(_stored_doc("bbscp/one", "bbscp", ["Neglect in the first document."]))
    store.write_document(_stored_doc("cbscp/two", "cbscp", ["Pending words: marmalade.", "Second passage."]))
    assert set(store.pending_index()) == {"bbscp/one", "cbscp/two"}
    assert first.index_document(store, "bbscp/one") == 1
    # ... and the process dies before indexing the second document.
    assert store.pending_index() == ["cbscp/two"]
    assert first.search("marmalade", EVERYTHING).total == 0
    first.close()

    restarted = SearchService(open_index(engine, index_dir))
    assert restarted.repair(store) == ["cbscp/two"]
    assert store.pending_index() == []
    [hit] = restarted.search("marmalade", EVERYTHING).hits
    assert (hit.doc_id, hit.tenant, hit.year) == ("cbscp/two", "cbscp", 2022)
    assert {e["name"] for e in hit.entities} == {"Neglect"}  # entities come from the store
    assert all_ids(restarted, 'review:"Child Kappa"') == {"bbscp/one#p0", "cbscp/two#p1"}
    assert restarted.repair(store) == []  # nothing left to do


def test_retraction_that_never_reached_the_index_is_repaired(engine, store, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "index"))
    for facts in (_stored_doc("bbscp/one", "bbscp", ["Kept words."]),
                  _stored_doc("bbscp/gone", "bbscp", ["Retracted words: pomegranate."])):
        store.write_document(facts)
        svc.index_document(store, facts.document.id)
    store.retract_document("bbscp/gone")  # the index is not told: a crash
    assert svc.search("pomegranate", EVERYTHING).total == 1
    assert svc.repair(store) == ["bbscp/gone"]
    assert svc.search("pomegranate", EVERYTHING).total == 0
    assert svc.search("kept", EVERYTHING).total == 1


def test_index_document_of_a_document_no_longer_stored_removes_it(engine, store, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "index"))
    store.write_document(_stored_doc("lscp/x", "lscp", ["Quince jam."]))
    svc.index_document(store, "lscp/x")
    store.retract_document("lscp/x")
    assert svc.index_document(store, "lscp/x") == 0
    assert svc.search("quince", EVERYTHING).total == 0


def test_reindex_rebuilds_from_the_store(engine, store, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "index"))
    store.write_document(_stored_doc("bbscp/a", "bbscp", ["Alpha words.", "More alpha."]))
    store.write_document(_stored_doc("cbscp/b", "cbscp", ["Beta words."], visibility="restricted"))
    # Something the store never had, left in the index by an older build.
    svc.index.add_document(Document(id="bbscp/stray", tenant="bbscp", title="Stray"),
                           [Passage(id="bbscp/stray#p0", doc_id="bbscp/stray", tenant="bbscp", seq=0,
                                    text="stray words")], {})
    seen = []
    assert svc.reindex(store, progress=lambda docs: (seen.append(d.id) or d for d in docs)) == 2
    assert seen == ["bbscp/a", "cbscp/b"]
    assert store.pending_index() == []
    assert svc.count(EVERYTHING) == 3
    assert svc.search("stray", EVERYTHING).total == 0
    assert svc.search("beta", Scope.of(["cbscp"], ("public",))).total == 0
    assert svc.search("beta", Scope.of(["cbscp"])).total == 1
    # One tenant only: the other tenant's index is untouched.
    svc.index.delete_document("cbscp/b")
    assert svc.reindex(store, tenant="bbscp") == 1
    assert svc.search("beta", EVERYTHING).total == 0
    assert svc.reindex(store, tenant="cbscp") == 1
    assert svc.search("beta", EVERYTHING).total == 1


FUZZ_ALPHABET = st.sampled_from(["neglect", "police", '"was not', 'brought"', "(", ")", "-", "AND", "OR", "NOT",
                                 "theme:neglect", "year:2020..2022", "kind:review", "tenant:bbscp",
                                 "review:zeta", "x" * 45, "é", "&", "<b>"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FUZZ_ALPHABET, max_size=8).map(" ".join))
def test_fuzz_any_query_either_searches_or_says_why(svc, query):
    try:
        res = svc.search(query, BB_SCRUTINEER, limit=5)
    except QuerySyntaxError:
        return
    assert res.total >= len(res.hits)
    assert all(h.tenant in ("bbscp", "pan-beds") for h in res.hits)


def test_writes_of_another_process_are_seen_at_once(engine, svc, tmp_path):
    """The CLI ingests while the API serves: a retraction must not stay searchable there."""
    import subprocess
    import sys

    assert svc.search("quokkaland", EVERYTHING).total == 1
    code = (
        "import sys\n"
        "from graph.model import Document, Passage\n"
        "from search.service import SearchService, open_index\n"
        "s = SearchService(open_index(sys.argv[1], sys.argv[2]))\n"
        "s.remove_document('cbscp/child-zeta', 'cbscp')\n"
        "d = Document(id='lscp/new', tenant='lscp', title='New')\n"
        "s.index.add_document(d, [Passage(id='lscp/new#p0', doc_id='lscp/new', tenant='lscp', seq=0,\n"
        "                                 text='A brand new passage about neglect.')], {})\n"
        "s.close()\n")
    subprocess.run([sys.executable, "-c", code, engine, str(tmp_path / "index")], check=True,
                   cwd=str(Path(__file__).resolve().parents[1]))
    assert svc.search("quokkaland", EVERYTHING).total == 0
    assert all_ids(svc, "brand new") == {"lscp/new#p0"}


def test_paging_depth_is_bounded(svc):
    from search.base import encode_cursor

    with pytest.raises(SearchError, match="narrow the query"):
        svc.search("neglect", EVERYTHING, cursor=encode_cursor(1_000_000))
    assert svc.search("neglect", EVERYTHING, cursor=encode_cursor(100)).hits == []


def test_damaged_index_gives_a_clear_error_and_reindex_rebuilds_it(engine, store, tmp_path):
    index_dir = tmp_path / "index"
    svc = SearchService(open_index(engine, index_dir))
    store.write_document(_stored_doc("bbscp/a", "bbscp", ["Alpha words."]))
    svc.reindex(store)
    svc.close()
    tenant_dir = index_dir / engine / "bbscp"
    for f in tenant_dir.iterdir():  # everything but our marker: a wiped or half-copied index
        if f.name != "learnloop-index.json" and f.is_file():
            f.unlink()
    svc = SearchService(open_index(engine, index_dir))
    with pytest.raises(SearchError, match="learnloop reindex --tenant bbscp"):
        svc.search("alpha", EVERYTHING)
    assert svc.reindex(store) == 1
    assert svc.search("alpha", EVERYTHING).total == 1


def test_repair_on_start_rebuilds_an_index_it_cannot_open(engine, store, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "index"))
    store.write_document(_stored_doc("bbscp/a", "bbscp", ["Alpha words."]))
    store.write_document(_stored_doc("lscp/b", "lscp", ["Beta words."]))
    svc.reindex(store)
    svc.close()
    (tmp_path / "index" / engine / "bbscp" / "learnloop-index.json").write_text('{"engine": "x", "version": 0}')
    svc = SearchService(open_index(engine, tmp_path / "index"))
    assert svc.repair(store) == ["bbscp/a"]
    assert svc.search("alpha OR beta", EVERYTHING).total == 2


def test_index_of_another_version_is_refused_then_rebuilt(engine, store, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "index"))
    store.write_document(_stored_doc("cbscp/a", "cbscp", ["Gamma words."]))
    svc.reindex(store)
    svc.close()
    (tmp_path / "index" / engine / "cbscp" / "learnloop-index.json").write_text('{"engine": "x", "version": 0}')
    svc = SearchService(open_index(engine, tmp_path / "index"))
    with pytest.raises(SearchError, match="another version"):
        svc.search("gamma", EVERYTHING)
    assert svc.reindex(store, tenant="cbscp") == 1
    assert svc.search("gamma", EVERYTHING).total == 1


def test_a_heading_does_not_outrank_the_paragraphs_about_it(engine, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "ix"))
    doc = Document(id="lscp/h", tenant="lscp", title="Annual report", kind="annual_report")
    texts = [("Neglect", "heading"), ("Neglect group", "list_item"),
             ("Neglect was the reason for most child protection plans this year, and neglect training reached "
              "four hundred practitioners across the partnership.", "paragraph")]
    passages = [Passage(id=f"lscp/h#p{i}", doc_id=doc.id, tenant="lscp", seq=i, text=t, kind=k,
                        section="Themes")
                for i, (t, k) in enumerate(texts)]
    svc.index.add_document(doc, passages, {})
    res = svc.search("neglect", EVERYTHING)
    assert ids(res)[0] == "lscp/h#p2" and res.total == 3  # headings still match, below the paragraph
    assert res.hits[1].snippet_html in ("<mark>Neglect</mark>", "<mark>Neglect</mark> group")


def test_threads_search_while_another_writes(svc):
    """API worker threads share one service: searches run while documents are (re)indexed."""
    import threading

    errors: list[BaseException] = []
    docs = fixture_documents()

    def reader() -> None:
        try:
            for _ in range(30):
                res = svc.search("neglect", BB_PRACTITIONER, limit=5)
                assert {h.tenant for h in res.hits} <= {"bbscp", "pan-beds"}
                assert all(h.visibility != "restricted" for h in res.hits)
        except BaseException as exc:  # collected: an assert in a thread would be lost
            errors.append(exc)

    def writer() -> None:
        try:
            for _ in range(3):
                for doc, passages, ents in docs:
                    svc.index.add_document(doc, passages, ents)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert svc.count(EVERYTHING) == 10


def test_two_writers_creating_a_tenant_index_at_once_both_land(engine, tmp_path):
    """Two ingest processes meeting a new tenant: one creates its index, the other uses it."""
    import threading

    indexes = [open_index(engine, tmp_path / "ix") for _ in range(2)]
    errors: list[BaseException] = []

    def add(i: int) -> None:
        try:
            doc = Document(id=f"national/d{i}", tenant="national", title=f"D{i}")
            indexes[i].add_document(doc, [Passage(id=f"{doc.id}#p0", doc_id=doc.id, tenant="national", seq=0,
                                                  text=f"shared words number {i}")], {})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SearchService(open_index(engine, tmp_path / "ix")).search("shared", EVERYTHING).total == 2
    assert [p.name for p in (tmp_path / "ix" / engine).iterdir()] == ["national"]  # no temporary left
