"""A year filter must not change how equal passages rank, however the index is cut into segments.

Each commit makes a segment: below, one segment mixes a year inside the filter with one
outside it, the others hold only years inside it. Bare, tantivy drops a required range
that covers a whole segment (and the score it adds) there, so equal passages used to
score differently by segment.
"""
from __future__ import annotations

import pytest

from graph.access import Scope
from graph.model import Document, Passage
from search.service import SearchService, open_index

TEXT = "The partnership reviewed its neglect strategy and the neglect toolkit for practitioners."


def _doc(i: int, date: str) -> tuple[Document, list[Passage]]:
    doc = Document(id=f"t1/report-{i}", tenant="t1", title="Annual report", kind="annual_report", date=date)
    return doc, [Passage(id=f"{doc.id}#p0", doc_id=doc.id, tenant="t1", seq=0, text=TEXT, section="Neglect"),
                 Passage(id=f"{doc.id}#p1", doc_id=doc.id, tenant="t1", seq=1, text="Other business of the year.",
                         section="Other")]


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_equal_passages_score_equally_under_a_year_filter(engine, tmp_path):
    svc = SearchService(open_index(engine, tmp_path / "index"))
    # One commit (one segment) mixing a year inside the filter with one outside it...
    with svc.index.bulk(batch=True):
        svc.index.add_document(*_doc(0, "2021"))
        svc.index.add_document(*_doc(2, "2019"))
    # ...then commits (segments) of one document each, wholly inside it.
    for i, date in [(1, "2022"), (3, "2021"), (4, "2023")]:
        svc.index.add_document(*_doc(i, date))
    res = svc.search("neglect year:2020..2023", Scope.everything(), limit=10)
    hits = {h.passage_id: h.score for h in res.hits}
    assert set(hits) == {f"t1/report-{i}#p0" for i in (0, 1, 3, 4)}
    assert max(hits.values()) - min(hits.values()) < 1e-6, hits
    # and the filter ranks like the same query without it
    plain = {h.passage_id: h.score for h in svc.search("neglect", Scope.everything(), limit=10).hits}
    assert len({round(s - plain[p], 5) for p, s in hits.items()}) == 1
    svc.close()
