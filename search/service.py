"""The search service: the one entry point the rest of learnloop uses.

Indexing follows the store of record. The ingest pipeline commits a document to
the store first (which leaves it pending for the index), then calls
index_document(store, doc_id); once the index has committed, the document is
marked indexed in the store. A crash between the two leaves it pending, and
repair(store), called on start, indexes it again. The indexes are derived data:
reindex(store) rebuilds them from the store at any time.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from graph.access import Scope
from learnloop.config import Config
from search.base import SearchIndex, SearchResults, decode_cursor
from search.errors import SearchError
from search.query import Word, parse, positive_terms

log = logging.getLogger(__name__)

ENGINES = ("tantivy", "whoosh")
MAX_LIMIT = 100
MAX_OFFSET = 10_000  # deeper pages cost a top-(offset+limit) per tenant index: narrow the query instead
_CORE = re.compile(r"^(\W*)([^\W\d_]+)(\W*)$")

Progress = Callable[[Iterable[Any]], Iterable[Any]]


def open_index(engine: str, index_dir) -> SearchIndex:
    """The SearchIndex of an engine by name ('whoosh' or 'tantivy')."""
    if engine == "tantivy":
        from search.tantivy_engine import TantivyIndex
        return TantivyIndex(index_dir)
    if engine == "whoosh":
        from search.whoosh_engine import WhooshIndex
        return WhooshIndex(index_dir)
    raise SearchError(f"unknown search engine {engine!r} (LEARNLOOP_SEARCH): one of {', '.join(ENGINES)}")


class SearchService:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    @property
    def engine(self) -> str:
        return self.index.engine

    # ---- following the store ----

    def index_document(self, store, doc_id: str) -> int:
        """(Re)index one stored document, then mark it indexed in the store; returns passages indexed.

        A document the store no longer has is removed from the index (a delete that
        crashed half-way is finished the same way)."""
        n = self._index_one(store, doc_id)
        store.mark_indexed(doc_id)
        return n

    def index_documents(self, store, doc_ids: list[str]) -> int:
        """index_document for several documents under one index commit (an ingest run's batch).

        They are marked indexed only after the commit: a crash before it leaves them pending."""
        n = 0
        with self.index.bulk(batch=True):
            for doc_id in doc_ids:
                n += self._index_one(store, doc_id)
        for doc_id in doc_ids:
            store.mark_indexed(doc_id)
        return n

    def remove_document(self, doc_id: str, tenant: str | None = None) -> None:
        self.index.delete_document(doc_id, tenant)

    def reindex(self, store, tenant: str | None = None, progress: Progress | None = None) -> int:
        """Rebuild one tenant's index (or all) from the store; returns documents indexed."""
        docs = store.list_documents(tenant=tenant) if tenant else store.list_documents()
        with self.index.bulk():
            self.index.clear(tenant)
            for doc in (progress or iter)(docs):
                self.index.add_document(doc, store.passages(doc.id), store.passage_entities(doc.id))
        # Marked only after the bulk commit: a crash before it leaves them pending.
        for doc in docs:
            store.mark_indexed(doc.id)
        return len(docs)

    def repair(self, store, progress: Progress | None = None) -> list[str]:
        """Bring the index back in line with the store after a crash; run on start.

        Documents the store reports as pending are (re)indexed, and passages of
        documents the store no longer has (a retraction that crashed before the
        index heard of it) are removed. Returns the ids of the documents touched."""
        known: dict[str, set[str]] = {}
        for doc in store.list_documents():
            known.setdefault(doc.tenant, set()).add(doc.id)
        rebuilt: list[str] = []
        stale = []
        for t in self.index.tenants():
            try:
                indexed = self.index.indexed_documents(t)
            except SearchError as exc:
                # Damaged, or built by another version of learnloop: it is derived data, rebuild it.
                log.warning("rebuilding the search index of tenant %s: %s", t, exc)
                self.reindex(store, tenant=t)
                rebuilt += sorted(known.get(t, set()))
                continue
            stale += [(t, d) for d in sorted(indexed - known.get(t, set()))]
        pending = [d for d in store.pending_index() if d not in rebuilt]
        if not pending and not stale:
            return rebuilt
        with self.index.bulk():
            for tenant, doc_id in stale:
                self.index.delete_document(doc_id, tenant)
            for doc_id in (progress or iter)(pending):
                self._index_one(store, doc_id)
        for doc_id in pending:
            store.mark_indexed(doc_id)
        return rebuilt + pending + [d for _t, d in stale if d not in pending]

    def _index_one(self, store, doc_id: str) -> int:
        doc = store.get_document(doc_id)
        if doc is None:
            self.index.delete_document(doc_id)
            return 0
        return self.index.add_document(doc, store.passages(doc_id), store.passage_entities(doc_id))

    # ---- reading ----

    def search(self, query: str, scope: Scope, tenants: list[str] | None = None, limit: int = 10,
               cursor: str | None = None, facets: bool = True) -> SearchResults:
        """Search the passages `scope` may read (optionally only `tenants`), best first.

        Raises QuerySyntaxError for a malformed query and InvalidCursor for a bad cursor
        (both SearchError, a ValueError with a message fit for the user)."""
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise SearchError(f"limit must be between 1 and {MAX_LIMIT}")
        tree = parse(query)
        offset = decode_cursor(cursor)
        if offset > MAX_OFFSET:
            raise SearchError(f"cannot page beyond {MAX_OFFSET:,} hits: narrow the query with filters")
        scope = scope.narrow(tenants)
        res = self.index.search(tree, scope, limit=limit, offset=offset, facets=facets)
        if res.total == 0:
            res.suggestions = self._did_you_mean(query, tree, scope)
        return res

    def suggest(self, term: str, scope: Scope, limit: int = 5) -> list[str]:
        return self.index.suggest(term, scope, limit)

    def count(self, scope: Scope) -> int:
        return self.index.count(scope)

    def _did_you_mean(self, query: str, tree, scope: Scope) -> list[str]:
        """The query with each unknown word replaced by the closest readable word, if any."""
        edits = []
        for term in positive_terms(tree):
            if not isinstance(term, Word):
                continue
            m = _CORE.match(term.text)
            if not m:
                continue
            best = self.index.suggest(m.group(2), scope, limit=1)
            if best:
                start = term.span[0] + len(m.group(1))
                edits.append((start, start + len(m.group(2)), best[0]))
        if not edits:
            return []
        out = query
        for start, end, word in sorted(edits, reverse=True):
            out = out[:start] + word + out[end:]
        return [out]

    def close(self) -> None:
        self.index.close()


def open_search(config: Config) -> SearchService:
    """The search service of a data directory, with the engine the config names."""
    return SearchService(open_index(config.search_engine, config.index_dir))
