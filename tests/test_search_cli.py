"""`learnloop search` and `learnloop reindex` on a real data directory."""
from __future__ import annotations

import json

import pytest

from graph.sqlite_store import SQLiteStore
from learnloop.cli import main
from tests.factories import FactsBuilder


@pytest.fixture(params=["whoosh", "tantivy"])
def data_dir(request, tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNLOOP_SEARCH", request.param)
    monkeypatch.delenv("LEARNLOOP_GRAPH", raising=False)
    store = SQLiteStore(tmp_path / "learnloop.sqlite")
    for doc_id, tenant, vis, texts in [
        ("bbscp/a", "bbscp", "public", ["Neglect of babies <em>and</em> toddlers.", "Another neglect note."]),
        ("cbscp/b", "cbscp", "public", ["Neglect in schools."]),
        ("cbscp/c", "cbscp", "restricted", ["Neglect in a draft."]),
    ]:
        b = FactsBuilder(doc_id, tenant, vis, title=f"Report {doc_id}", kind="annual_report", texts=texts)
        b.node("Theme", "neglect", "Neglect", 0)
        store.write_document(b.facts())
    store.close()
    return tmp_path


def test_reindex_then_search_json(data_dir, capsys):
    assert main(["--data", str(data_dir), "reindex"]) == 0
    out = capsys.readouterr().out
    assert "reindexed 3 documents of all tenants" in out and "4 passages" in out
    assert main(["--data", str(data_dir), "search", "neglect", "--json", "--limit", "2"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["total"] == 4 and len(res["hits"]) == 2 and res["next_cursor"]
    assert {f["value"]: f["count"] for f in res["facets"]["tenant"]} == {"bbscp": 2, "cbscp": 2}
    assert main(["--data", str(data_dir), "search", "neglect", "--json", "--tenant", "cbscp"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert {h["tenant"] for h in res["hits"]} == {"cbscp"} and res["total"] == 2


def test_search_repairs_pending_documents_on_start_and_prints_text(data_dir, capsys):
    # Nothing was ever indexed: the store has every document pending, and search repairs first.
    assert main(["--data", str(data_dir), "search", "babies", "--tenant", "bbscp"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 passage match")
    assert "[bbscp] Report bbscp/a > Section" in out
    assert "Neglect of [babies] <em>and</em> toddlers." in out  # piped: marks as brackets, text as is
    assert SQLiteStore(data_dir / "learnloop.sqlite").pending_index() == []


def test_reindex_one_tenant(data_dir, capsys):
    assert main(["--data", str(data_dir), "reindex", "--tenant", "cbscp"]) == 0
    assert "reindexed 2 documents of tenant cbscp" in capsys.readouterr().out


def test_bad_query_is_one_clear_line(data_dir, capsys):
    assert main(["--data", str(data_dir), "search", "(neglect"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("learnloop search: expected ')'") and "Traceback" not in err
    assert main(["--data", str(data_dir), "search", "neglect", "--limit", "0"]) == 2
    assert "limit" in capsys.readouterr().err


def test_did_you_mean_is_printed(data_dir, capsys):
    assert main(["--data", str(data_dir), "search", "neglekt"]) == 0
    assert "Did you mean: neglect" in capsys.readouterr().out
