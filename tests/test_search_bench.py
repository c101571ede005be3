"""bench/search runs end to end on a tiny corpus, and the engines agree with the FTS5 baseline."""
from __future__ import annotations

import re

import pytest

from bench import search as bench
from search.query import parse


def test_bench_runs_and_engines_agree_with_fts5(shared, capsys):
    assert bench.main(["--sizes", "300", "--rounds", "1", "--corpus", str(shared / "corpus")]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.strip().startswith("300 ")]
    assert [r[1] for r in rows] == ["fts5", "tantivy", "whoosh"]
    # Same passages, same queries: tantivy (Snowball) finds exactly what FTS5 (porter) finds here.
    assert re.search(r"tantivy (\d+)/\1\b", out)


def test_whoosh_can_be_skipped_above_a_size(shared, capsys):
    assert bench.main(["--sizes", "200", "--rounds", "1", "--whoosh-max", "100",
                       "--corpus", str(shared / "corpus")]) == 0
    assert "skipped: whoosh at 200 passages" in capsys.readouterr().out


def test_corpus_generation_is_reproducible(shared):
    sentences = bench.sentences_from_corpus(shared / "corpus")
    a, b = bench.generate(120, sentences), bench.generate(120, sentences)
    assert [p.text for _d, ps, _e in a for p in ps] == [p.text for _d, ps, _e in b for p in ps]
    assert sum(len(ps) for _d, ps, _e in a) == 120
    assert {d.tenant for d, _p, _e in a} == set(bench.TENANTS)


@pytest.mark.parametrize("query", bench.QUERIES)
def test_every_bench_query_translates_to_fts5(query):
    match, where, params = bench.fts5_translate(parse(query))
    assert match and len(where) <= 2 and len(params) <= 2
