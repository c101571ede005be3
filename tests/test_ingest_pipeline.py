"""The ingest pipeline end to end on files written here: atomic, idempotent, clear about bad input."""
from __future__ import annotations

import json
import sqlite3

from graph.access import Scope
from graph.sqlite_store import SQLiteStore
from learnloop.cli import main

REPORT = """Northshire Safeguarding Children Partnership Annual Report 2023

Learning from reviews

The Child W Local Child Safeguarding Practice Review was published in May 2023. In response to the
review, a neglect toolkit has been developed and launched for all practitioners.

Training on professional curiosity will be delivered by March 2024.
"""


def _ingest(data, *args) -> int:
    return main(["--data", str(data), "ingest", *map(str, args)])


def _store(data) -> SQLiteStore:
    return SQLiteStore(data / "learnloop.sqlite")


def test_folder_with_manifest(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.txt").write_text(REPORT)
    (docs / "page.md").write_text("# Internal notes\n\nThe Quality Sub-group meets quarterly.\n")
    (docs / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "report.txt", "tenant": "lscp", "kind": "annual_report", "title": "Annual report",
         "visibility": "public", "date": "2023"},
        {"file": "page.md", "tenant": "lscp", "kind": "page", "visibility": "internal"}]}))
    data = tmp_path / "data"
    assert _ingest(data, docs) == 0
    out = capsys.readouterr().out
    assert "2 files: 2 ingested, 0 unchanged, 0 failed" in out
    store = _store(data)
    report = store.get_document("lscp/report", with_text=True)
    assert report.kind == "annual_report" and report.title == "Annual report" and report.date == "2023"
    assert "neglect toolkit" in report.text
    assert store.get_document("lscp/page").visibility == "internal"
    assert store.get_document("lscp/page", Scope.for_role("practitioner", "bbscp")) is None
    assert all(p.text for p in store.passages("lscp/report"))


def test_bad_files_are_reported_and_the_rest_go_on(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(REPORT)
    (docs / "empty.txt").write_text("")
    (docs / "program.exe").write_bytes(b"MZ\x90\x00")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (docs / "latin.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 20)
    data = tmp_path / "data"
    assert _ingest(data, docs, "--tenant", "bbscp") == 1
    err = capsys.readouterr().err
    failed = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 4
    for name in ("empty.txt", "program.exe", "broken.pdf", "latin.txt"):
        assert any(name in line for line in failed), name
    assert "Traceback" not in err
    assert [d.id for d in _store(data).list_documents()] == ["bbscp/good"]


def test_no_tenant_is_an_error(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(REPORT)
    assert _ingest(tmp_path / "data", f) == 1
    assert "no tenant" in capsys.readouterr().err


def test_reingest_unchanged_is_skipped_and_changed_replaces(tmp_path, capsys):
    f = tmp_path / "report.txt"
    f.write_text(REPORT)
    data = tmp_path / "data"
    assert _ingest(data, f, "--tenant", "lscp") == 0
    store = _store(data)
    first = ({n.id for n in store.find_nodes()}, len(store.passages("lscp/report")))
    capsys.readouterr()
    assert _ingest(data, f, "--tenant", "lscp") == 0
    assert "1 unchanged" in capsys.readouterr().out
    assert ({n.id for n in store.find_nodes()}, len(store.passages("lscp/report"))) == first
    f.write_text("Northshire partnership page\n\nThe partnership has a new website.\n")
    assert _ingest(data, f, "--tenant", "lscp") == 0
    texts = " ".join(p.text for p in store.passages("lscp/report"))
    assert "new website" in texts and "toolkit" not in texts
    assert len(store.list_documents()) == 1


def test_a_failure_mid_document_leaves_the_store_unchanged(tmp_path, capsys):
    f = tmp_path / "report.txt"
    f.write_text(REPORT)
    data = tmp_path / "data"
    assert _ingest(data, f, "--tenant", "lscp") == 0
    store = _store(data)
    before = (store.get_document("lscp/report", with_text=True).text,
              [p.text for p in store.passages("lscp/report")], {n.id for n in store.find_nodes()})
    # a real failure inside the write transaction, after some rows of the new version went in
    con = sqlite3.connect(data / "learnloop.sqlite")
    con.execute("CREATE TRIGGER poison BEFORE INSERT ON passages WHEN NEW.text LIKE '%POISON%' "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
    con.commit()
    con.close()
    f.write_text(REPORT + "\nA new paragraph at the end.\n\nPOISON paragraph.\n")
    assert _ingest(data, f, "--tenant", "lscp") == 1
    assert "injected failure" in capsys.readouterr().err
    after = (store.get_document("lscp/report", with_text=True).text,
             [p.text for p in store.passages("lscp/report")], {n.id for n in store.find_nodes()})
    assert after == before


def test_resolution_never_borrows_names_from_documents_a_reader_could_not_see(tmp_path):
    from ingest.pipeline import known_entities
    from tests.factories import FactsBuilder

    store = _store(tmp_path)
    secret = FactsBuilder("lscp/unpublished", "lscp", visibility="restricted")
    secret.node("Review", "child-z", "Child Z (unpublished: criminal proceedings)")
    store.write_document(secret.facts())
    shared = FactsBuilder("pan-beds/page", "pan-beds", visibility="internal")
    shared.node("Group", "joint-panel", "Joint Review Panel")
    store.write_document(shared.facts())

    def names(visibility, tenant="lscp"):
        return {k.name for k in known_entities(store, tenant, visibility)}

    assert names("public") == set()
    assert names("internal") == {"Joint Review Panel"}
    assert names("restricted") == {"Joint Review Panel", "Child Z (unpublished: criminal proceedings)"}
    assert names("restricted", tenant="bbscp") == {"Joint Review Panel"}


def test_cli_writes_are_audited(tmp_path):
    from api.accounts import AccountStore

    f = tmp_path / "report.txt"
    f.write_text(REPORT)
    data = tmp_path / "data"
    assert _ingest(data, f, "--tenant", "lscp") == 0
    assert main(["--data", str(data), "documents", "delete", "lscp/report"]) == 0
    log = AccountStore(data / "accounts.sqlite").audit_log(10)
    assert [(r.action, r.target) for r in log] == [("document.delete", "lscp/report"),
                                                   ("document.ingest", "lscp/report")]
    assert log[0].before["title"] and log[0].actor.startswith("cli") and log[1].after["passages"] > 0
