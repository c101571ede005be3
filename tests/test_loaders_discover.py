"""discover(): folders, manifest metadata, hidden files, unsupported files, order."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.discover import discover
from ingest.errors import IngestError
from ingest.loaders import is_supported, load


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b-report.txt").write_text("Report\n\nSome text about the partnership and its work.\n")
    (root / "a-page.html").write_text("<p>Page text about the partnership.</p>")
    (root / "notes.pptx").write_bytes(b"PK")
    (root / ".hidden.txt").write_text("secret")
    (root / ".git" / "config").write_text("[core]")
    (root / "~$lock.docx").write_bytes(b"lock")
    (root / "sub" / "plan.csv").write_text("Action,Owner\nAudit,Police\n")
    (root / "sub" / "deeper" / "brief.md").write_text("# Brief\n\nText.\n")
    (root / "manifest.json").write_text(json.dumps({
        "about": "test corpus",
        "documents": [
            {"file": "b-report.txt", "tenant": "northvale", "kind": "annual_report", "title": "Northvale Report",
             "date": "2031", "visibility": "internal"},
            {"file": "sub/plan.csv", "tenant": "northvale", "kind": "action_plan", "visibility": "restricted",
             "same_as": "../elsewhere/plan.xlsx", "review": "a review"},
        ],
    }))
    (root / "sub" / "deeper" / "manifest.json").write_text(json.dumps({
        "documents": [{"file": "brief.md", "tenant": "southvale", "kind": "briefing", "visibility": "public"}]
    }))
    return root


def test_folder_recurses_with_manifest_metadata(tree: Path):
    found = discover([tree])
    rel = [f.path.relative_to(tree).as_posix() for f in found]
    assert rel == ["a-page.html", "b-report.txt", "notes.pptx", "sub/deeper/brief.md", "sub/plan.csv"]
    by = {f.path.name: f for f in found}
    rep = by["b-report.txt"]
    assert (rep.tenant, rep.kind, rep.title, rep.date, rep.visibility) == (
        "northvale", "annual_report", "Northvale Report", "2031", "internal")
    assert rep.manifest == (tree / "manifest.json").resolve()
    plan = by["plan.csv"]
    assert (plan.tenant, plan.kind, plan.visibility, plan.same_as) == (
        "northvale", "action_plan", "restricted", "../elsewhere/plan.xlsx")
    assert plan.extra == {"review": "a review"}
    assert by["brief.md"].tenant == "southvale"  # the nearest manifest wins
    page = by["a-page.html"]
    assert (page.tenant, page.kind, page.visibility, page.manifest) == (None, None, None, None)


def test_unsupported_files_are_returned_for_reporting(tree: Path):
    pptx = [f for f in discover([tree]) if f.path.suffix == ".pptx"]
    assert len(pptx) == 1 and not is_supported(pptx[0].path)
    with pytest.raises(IngestError, match="unsupported file type"):
        load(pptx[0].path)


def test_explicit_files_keep_argument_order_and_dedupe(tree: Path):
    found = discover([tree / "sub" / "plan.csv", tree / "a-page.html", tree, tree / "missing.txt"])
    names = [f.path.name for f in found]
    assert names[:2] == ["plan.csv", "a-page.html"]
    assert names.count("plan.csv") == 1 and names.count("a-page.html") == 1
    assert names[-1] == "missing.txt"  # reported by load(), not silently dropped
    assert found[0].tenant == "northvale"  # a single file still reads its folder's manifest
    assert discover([tree]) == discover([tree])


def test_broken_manifest_is_an_error(tmp_path: Path):
    (tmp_path / "x.txt").write_text("text")
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(IngestError) as e:
        discover([tmp_path])
    assert "manifest" in str(e.value) and str(tmp_path / "manifest.json") in str(e.value)
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [{"tenant": "x"}]}))
    with pytest.raises(IngestError, match="has no 'file'"):
        discover([tmp_path])


def test_shared_corpus_manifest():
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not (corpus / "manifest.json").is_file():
        pytest.skip("../shared/corpus not present")
    found = discover([corpus])
    assert found and all(f.path.suffix == ".txt" for f in found)
    assert all(f.tenant and f.visibility for f in found)
    assert [f.path.name for f in found] == sorted(f.path.name for f in found)


def test_single_file_ignores_broken_manifest_above_it(tmp_path: Path):
    (tmp_path / "manifest.json").write_text("{broken")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "x.txt").write_text("text")
    (sub / "manifest.json").write_text(json.dumps({"documents": [{"file": "x.txt", "tenant": "northvale"}]}))
    found = discover([sub / "x.txt"])
    assert [(f.path.name, f.tenant) for f in found] == [("x.txt", "northvale")]
    with pytest.raises(IngestError):
        discover([tmp_path])  # but a folder walk reports it
