"""Parallel ingest writes exactly what a one-by-one ingest writes: same ids, same facts, same order.

Workers extract ahead against the entities known when a file was sent; the pipeline
replays the resolver's answers against the entities known at write time. These tests
run real worker processes on real files (the bundled demo corpus: every format, every
visibility, action plans) and compare the whole export.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import ingest.pipeline as pipeline
from graph.access import Scope
from graph.export import export_json
from graph.sqlite_store import SQLiteStore
from ingest.extract.context import KnownEntity
from ingest.extract.resolve import recording, replays

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared"
N_DEMO = len(json.loads((DEMO / "manifest.json").read_text())["documents"])


@pytest.fixture
def always_parallel(monkeypatch):
    # the fixtures are small; without this the pipeline would not start workers for them
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)


def _run(tmp_path: Path, name: str, folders: list[Path], workers: int) -> tuple[SQLiteStore, pipeline.IngestReport]:
    store = SQLiteStore(tmp_path / name / "learnloop.sqlite")
    report = pipeline.ingest_paths(store, None, folders, workers=workers)
    return store, report


def _export(store: SQLiteStore) -> str:
    return json.dumps(export_json(store), sort_keys=True)


def _docs(store: SQLiteStore) -> list[tuple]:
    return [(d.id, d.title, d.kind, d.visibility, d.content_hash) for d in store.list_documents()]


def _copies(tmp_path: Path, n: int) -> Path:
    """n copies of the demo corpus in one folder (distinct names), so later files resolve against earlier ones."""
    folder = tmp_path / "copies"
    folder.mkdir()
    entries = json.loads((DEMO / "manifest.json").read_text())["documents"]
    out = []
    for i in range(n):
        for e in entries:
            src = DEMO / e["file"]
            name = f"{src.stem}-{i}{src.suffix}"
            shutil.copy(src, folder / name)
            out.append({**e, "file": name})
    (folder / "manifest.json").write_text(json.dumps({"documents": out}))
    return folder


def test_parallel_ingest_equals_sequential(tmp_path, always_parallel):
    folder = _copies(tmp_path, 2)
    seq, seq_report = _run(tmp_path, "seq", [folder], workers=1)
    par, par_report = _run(tmp_path, "par", [folder], workers=2)
    assert [(f.path, f.status, f.doc_id, f.passages, f.nodes, f.edges, f.warnings) for f in par_report.files] == \
        [(f.path, f.status, f.doc_id, f.passages, f.nodes, f.edges, f.warnings) for f in seq_report.files]
    assert not seq_report.failed and len(seq_report.files) == 2 * N_DEMO
    assert _docs(par) == _docs(seq)
    assert _export(par) == _export(seq)
    for d in seq.list_documents():
        assert par.document_facts(d.id) == seq.document_facts(d.id)


def test_known_cache_follows_the_store(tmp_path):
    """After a run, the cache answers what known_entities() reads from the store, for every audience."""
    store = SQLiteStore(tmp_path / "d" / "learnloop.sqlite")
    known = pipeline.KnownCache(store)
    audiences = [(t, v) for t in ("bbscp", "cbscp", "lscp", "pan-beds") for v in ("public", "internal", "restricted")]
    for t, v in audiences:
        known.entities(t, v)  # read before the writes, so the writes are folded in
    for f in sorted(DEMO.iterdir()):
        if f.name == "manifest.json" or f.suffix in (".csv", ".xlsx"):
            continue
        meta = next(e for e in json.loads((DEMO / "manifest.json").read_text())["documents"] if e["file"] == f.name)
        res = pipeline.ingest_file(store, None, f, meta, known=known, index=False)
        assert res.status == "ok", res.reason
    assert store.list_documents()
    for t, v in audiences:
        for exclude in (None, f"{t}/{sorted(DEMO.iterdir())[0].stem}"):
            assert known.entities(t, v, exclude) == pipeline.known_entities(store, t, v, exclude)


def test_changed_file_reingested_in_parallel(tmp_path, always_parallel):
    """A re-ingest that replaces documents (names may move) still matches a one-by-one run."""
    folder = _copies(tmp_path, 1)
    stores = {}
    for w in (1, 2):
        store, _ = _run(tmp_path, f"w{w}", [folder], workers=w)
        stores[w] = store
    page = folder / "lscp-learning-from-reviews-0.html"
    page.write_text(page.read_text().replace("</body>", "<p>The Neglect Sub-group meets quarterly.</p></body>"))
    for w, store in stores.items():
        report = pipeline.ingest_paths(store, None, [folder], workers=w)
        assert [f.status for f in report.files].count("ok") == 1
        assert [f.status for f in report.files].count("skipped") == len(report.files) - 1
    assert _export(stores[2]) == _export(stores[1])


def test_bad_files_fail_alone_in_workers(tmp_path, always_parallel):
    folder = _copies(tmp_path, 1)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "empty.txt").write_text("")
    store, report = _run(tmp_path, "bad", [folder], workers=2)
    failed = {Path(f.path).name: f.reason for f in report.failed}
    assert set(failed) == {"broken.pdf", "empty.txt"}
    assert all(r and "\n" not in r for r in failed.values())
    assert len([f for f in report.files if f.status == "ok"]) == N_DEMO
    assert store.get_document("lscp/lscp-learning-from-reviews-0", Scope.everything()) is not None


def test_replays_tell_when_known_entities_change_an_answer(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Groups\n\nThe Neglect Sub-group meets quarterly and reports to the Strategic Board.\n")
    with recording() as log:
        pipeline.extract_file(path, {"tenant": "lscp", "doc_id": "lscp/page"}, [])
    assert any(m == "resolve" for _, m, _, _ in log)
    assert replays(log, [])
    # an earlier document named the group differently: the same words now resolve to its id
    renamed = [KnownEntity("group:lscp:neglect-strategic-subgroup", "Group", "Neglect Strategic Subgroup",
                           ("Neglect Sub-group",))]
    assert not replays(log, renamed)
    unrelated = [KnownEntity("agency:lscp:somewhere-else", "Agency", "Somewhere Else Trust")]
    assert replays(log, unrelated)


@pytest.mark.skipif(not (SHARED / "corpus" / "manifest.json").exists(), reason="../shared/corpus not present")
def test_parallel_equals_sequential_on_the_shared_corpus(tmp_path, always_parallel):
    seq, _ = _run(tmp_path, "seq", [SHARED / "corpus"], workers=1)
    par, _ = _run(tmp_path, "par", [SHARED / "corpus"], workers=2)
    assert _export(par) == _export(seq)


def test_parallel_ingest_indexes_every_document(tmp_path, always_parallel):
    """Search follows the store in batches: after the run nothing is left pending and every document is found."""
    from learnloop.config import load_config
    from learnloop.services import open_services

    folder = _copies(tmp_path, 1)
    services = open_services(config=load_config(tmp_path / "data"))
    try:
        report = pipeline.ingest_paths(services.store, services.search, [folder], workers=2)
        assert not report.failed
        assert services.store.pending_index() == []
        hits = services.search.search("safeguarding", Scope.everything(), limit=100)
        assert hits.total > 0
        indexed = set().union(*(services.search.index.indexed_documents(t) for t in services.search.index.tenants()))
        assert indexed == {d.id for d in services.store.list_documents()}
    finally:
        services.close()
