"""The Whoosh engine (the `whoosh3` distribution: pure Python, BM25F).

Analysis is aligned with the tantivy engine so both behave the same on the
contract tests: tokens are runs of letters and digits, lower-cased, at most 40
characters, no stop words removed (a phrase like "was not brought" must keep
its little words), then Porter-stemmed for body text.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError

from search.base import Part, SearchIndex
from search.errors import SearchError
from search.query import And, FieldFilter, MatchAll, Node, Not, Or, Phrase, Word, YearRange
from search.snippets import Tokens

BODY_FIELDS = (("text", 1.0), ("label", 0.3), ("section", 0.5), ("title", 0.3))
LOCK_WAIT_SECONDS = 15.0
# Whoosh text fields hold one string: multiple values are joined with a word no
# query uses, so a phrase cannot run from one entity name into the next.
SEPARATOR = " zzvaluebreakzz "

PLAIN = RegexTokenizer(r"[^\W_]+") | LowercaseFilter() | StopFilter(stoplist=frozenset(), minsize=1, maxsize=40)
STEM = PLAIN | StemFilter(cachesize=50000)


def _schema() -> Schema:
    return Schema(
        pid=ID(stored=True, unique=True), doc_id=ID(stored=True), tenant=ID(stored=True),
        visibility=ID(stored=True), kind=ID(stored=True), year=ID(stored=True),
        title=TEXT(analyzer=STEM, stored=True), section=TEXT(analyzer=STEM, stored=True),
        text=TEXT(analyzer=STEM), label=TEXT(analyzer=STEM), raw=STORED,
        themes=KEYWORD(commas=True, lowercase=False, scorable=False),
        theme_text=TEXT(analyzer=PLAIN), review_text=TEXT(analyzer=PLAIN),
        agency_text=TEXT(analyzer=PLAIN), entity_text=TEXT(analyzer=PLAIN),
        words=TEXT(analyzer=PLAIN, phrase=False),
        page=STORED, seq=STORED, entities=STORED,
    )


class WhooshIndex(SearchIndex):
    engine = "whoosh"

    def __init__(self, index_dir) -> None:
        super().__init__(index_dir)
        self._indexes: dict[str, Any] = {}
        self._writers: dict[str, Any] = {}
        # Whoosh searchers share file handles and are not safe across threads: one set per thread.
        self._local = threading.local()

    def analyse_text(self, text: str) -> Tokens:
        return [(t.text, t.startchar, t.endchar) for t in STEM(text, chars=True)]

    def analyse_query(self, text: str) -> list[str]:
        return [t.text for t in STEM(text)]

    # ---- writing ----

    def _index(self, tenant: str, create: bool = False) -> Any:
        ix = self._indexes.get(tenant)
        if ix is not None:
            return ix
        if not self._exists(tenant):
            if not create:
                return None
            self._create_dir(tenant, lambda path: windex.create_in(str(path), _schema()))
        path = self._check_dir(tenant)
        try:
            ix = windex.open_dir(str(path))
        except Exception as exc:  # whoosh raises many kinds (EmptyIndexError, struct/pickle errors)
            raise self.unreadable(tenant, exc) from exc
        self._indexes[tenant] = ix
        return ix

    def _writer(self, tenant: str) -> Any:
        w = self._writers.get(tenant)
        if w is not None:
            return w
        ix = self._index(tenant, create=True)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                w = ix.writer(limitmb=256 if self._bulk else 64)
                break
            except LockError as exc:
                if time.monotonic() > deadline:
                    raise SearchError(f"cannot write the search index of tenant {tenant!r}: "
                                      "another process holds its lock") from exc
                time.sleep(0.2)
        self._writers[tenant] = w
        return w

    def _replace(self, tenant: str, doc_id: str, records: list[dict[str, Any]]) -> None:
        w = self._writer(tenant)
        w.delete_by_term("doc_id", doc_id)
        for r in records:
            w.add_document(
                pid=r["pid"], doc_id=r["doc_id"], tenant=r["tenant"], visibility=r["visibility"],
                kind=r["kind"], year=str(r["year"]) if r["year"] is not None else None,
                title=r["title"], section=r["section"], raw=r["text"],
                **{"label" if r["label"] else "text": r["text"]},
                themes=",".join(r["themes"]) or None,
                theme_text=SEPARATOR.join(r["theme_text"]), review_text=SEPARATOR.join(r["review_text"]),
                agency_text=SEPARATOR.join(r["agency_text"]), entity_text=SEPARATOR.join(r["entity_text"]),
                words=" ".join((r["title"], r["section"], r["text"])),
                page=r["page"], seq=r["seq"], entities=r["entities"])

    def _delete(self, tenant: str, doc_id: str) -> None:
        if self._exists(tenant):
            self._writer(tenant).delete_by_term("doc_id", doc_id)

    def _clear(self, tenant: str) -> None:
        w = self._writer(tenant)
        w.delete_by_query(wq.Every())

    def _flush(self) -> None:
        for tenant, w in list(self._writers.items()):
            del self._writers[tenant]
            w.commit()

    def _rollback(self) -> None:
        for tenant, w in list(self._writers.items()):
            del self._writers[tenant]
            w.cancel()

    def _forget(self, tenant: str) -> None:
        w = self._writers.pop(tenant, None)
        if w is not None:
            w.cancel()
        self._indexes.pop(tenant, None)
        self._searchers.pop(tenant, None)  # this thread's; others notice the new generation

    def close(self) -> None:
        self._rollback()
        for s in list(self._searchers.values()):
            s.close()
        self._searchers.clear()

    # ---- reading ----

    @property
    def _searchers(self) -> dict[str, Any]:
        found = getattr(self._local, "searchers", None)
        if found is None:
            found = self._local.searchers = {}
        return found

    def _searcher(self, tenant: str) -> Any:
        s = self._searchers.get(tenant)
        if s is None:
            ix = self._index(tenant)
            if ix is None:
                return None
            s = ix.searcher()
        elif not self._current(s):
            # Not Searcher.refresh(): it reuses segment readers by name and so misses
            # deletions committed into an existing segment.
            s.close()
            ix = self._index(tenant)
            if ix is None:
                self._searchers.pop(tenant, None)
                return None
            s = ix.searcher()
        self._searchers[tenant] = s
        return s

    @staticmethod
    def _current(s: Any) -> bool:
        try:
            return s.up_to_date()
        except Exception:  # the index was rebuilt from nothing under us: open it again
            return False

    @staticmethod
    def _visibility(levels: tuple[str, ...]) -> wq.Query | None:
        """The readable levels as a search filter: restricts hits, totals and facets, not scores."""
        if len(levels) == 3:
            return None
        return wq.Or([wq.Term("visibility", v) for v in levels])

    def _run(self, tenant: str, tree: Node, levels: tuple[str, ...], k: int, facets: bool) -> Part:
        s = self._searcher(tenant)
        if s is None:
            return Part(0, [])
        q = translate(tree) or wq.NullQuery
        groups = None
        if facets:
            groups = {"theme": sorting.FieldFacet("themes", allow_overlap=True),
                      "kind": sorting.FieldFacet("kind"), "year": sorting.FieldFacet("year")}
        res = s.search(q, limit=max(k, 1), filter=self._visibility(levels), groupedby=groups,
                       maptype=sorting.Count if groups else None)
        total = len(res)
        top = [(hit.score, (s, hit.docnum)) for hit in list(res)[:k]]
        counts: dict[str, Counter] = {}
        if groups and total:
            for name in groups:
                counts[name] = Counter({(v.decode() if isinstance(v, bytes) else v): n
                                        for v, n in res.groups(name).items() if v})
        return Part(total, top, counts)

    def _load(self, tenant: str, handle: Any) -> dict[str, Any]:
        s, docnum = handle
        r = dict(s.stored_fields(docnum))
        r["text"] = r.pop("raw", "")
        r["year"] = int(r["year"]) if r.get("year") else None
        return r

    def _count(self, tenant: str, levels: tuple[str, ...]) -> int:
        s = self._searcher(tenant)
        if s is None:
            return 0
        if len(levels) == 3:
            return s.doc_count()
        return len(s.search(wq.Every(), limit=1, filter=self._visibility(levels)))

    def _term_count(self, tenant: str, word: str, levels: tuple[str, ...]) -> int:
        s = self._searcher(tenant)
        if s is None:
            return 0
        return len(s.search(wq.Term("words", word), limit=1, filter=self._visibility(levels)))

    def _has_document(self, tenant: str, doc_id: str) -> bool:
        s = self._searcher(tenant)
        return s is not None and len(s.search(wq.Term("doc_id", doc_id), limit=1)) > 0

    def indexed_documents(self, tenant: str) -> set[str]:
        s = self._searcher(tenant)
        if s is None:
            return set()
        reader = s.reader()
        out = set()
        for term in reader.lexicon("doc_id"):
            # The lexicon keeps terms of deleted documents until a merge: check for a live passage.
            if any(not reader.is_deleted(d) for d in reader.postings("doc_id", term).all_ids()):
                out.add(term.decode() if isinstance(term, bytes) else term)
        return out

    def _vocabulary(self, tenant: str, prefix: str, levels: tuple[str, ...]) -> list[str]:
        s = self._searcher(tenant)
        if s is None:
            return []
        return [t.decode() if isinstance(t, bytes) else t for t in s.reader().expand_prefix("words", prefix)]


def _terms(field: str, tokens: list[str]) -> wq.Query:
    if len(tokens) == 1:
        return wq.Term(field, tokens[0])
    return wq.Phrase(field, tokens)


def _body(tokens: list[str]) -> wq.Query:
    subs = []
    for f, boost in BODY_FIELDS:
        q = _terms(f, tokens)
        q.boost = boost
        subs.append(q)
    return wq.Or(subs)


def translate(node: Node) -> wq.Query | None:
    """Query tree -> Whoosh query; None for a part that can match nothing."""
    if isinstance(node, MatchAll):
        return wq.Every()
    if isinstance(node, (Word, Phrase)):
        toks = [t.text for t in STEM(node.text)]
        return _body(toks) if toks else None
    if isinstance(node, FieldFilter):
        if node.name in ("kind", "tenant"):
            return wq.Term(node.name, node.value)
        toks = [t.text for t in PLAIN(node.value)]
        return _terms(f"{node.name}_text", toks) if toks else None
    if isinstance(node, YearRange):
        lo = f"{node.lo:04d}" if node.lo is not None else "0000"
        hi = f"{node.hi:04d}" if node.hi is not None else "9999"
        return wq.TermRange("year", lo, hi)
    if isinstance(node, Not):
        inner = translate(node.child)
        return wq.Every() if inner is None else wq.AndNot(wq.Every(), inner)
    if isinstance(node, And):
        must = [translate(c) for c in node.children if not isinstance(c, Not)]
        if any(q is None for q in must):
            return None
        must_not = [q for c in node.children if isinstance(c, Not) and (q := translate(c.child)) is not None]
        base = wq.And(must) if len(must) > 1 else (must[0] if must else wq.Every())
        return wq.AndNot(base, wq.Or(must_not)) if must_not else base
    if isinstance(node, Or):
        subs = [q for c in node.children if (q := translate(c)) is not None]
        return wq.Or(subs) if subs else None
    raise TypeError(f"unknown query node {node!r}")
