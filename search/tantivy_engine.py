"""The tantivy engine (official Python bindings of the Rust search library).

Body text uses tantivy's en_stem tokenizer (simple tokenizer, long-token removal,
lower case, English Snowball stemmer); the query side analyses words with a
TextAnalyzer built from the same parts so that query and index terms agree.
Facets come from term aggregations over fast fields, computed with the same
visibility-filtered query as the hits, so they only count readable passages.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from functools import lru_cache
from typing import Any

import tantivy

from search.base import Part, SearchIndex
from search.errors import SearchError
from search.query import And, FieldFilter, MatchAll, Node, Not, Or, Phrase, Word, YearRange
from search.snippets import Tokens

BODY_FIELDS = (("text", 1.0), ("label", 0.3), ("section", 0.5), ("title", 0.3))
LOCK_WAIT_SECONDS = 15.0


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in ("pid", "doc_id", "tenant", "visibility"):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("kind", stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    for name, _boost in BODY_FIELDS:
        sb.add_text_field(name, stored=name in ("section", "title"), tokenizer_name="en_stem",
                          index_option="position")
    sb.add_text_field("themes", stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    for name in ("theme_text", "review_text", "agency_text", "entity_text"):
        sb.add_text_field(name, stored=False, tokenizer_name="default", index_option="position")
    # Unstemmed words, for 'did you mean': existence per passage is all it needs.
    sb.add_text_field("words", stored=False, tokenizer_name="default", index_option="basic")
    sb.add_integer_field("page", stored=True)
    sb.add_integer_field("seq", stored=True)
    sb.add_bytes_field("entities", stored=True, indexed=False)
    sb.add_bytes_field("raw", stored=True, indexed=False)  # the passage text, for snippets
    return sb.build()


SCHEMA = _schema()
_TEXT_FIELDS = ("pid", "doc_id", "tenant", "visibility", "kind", "title", "section")
_NAME_FIELDS = ("theme_text", "review_text", "agency_text", "entity_text")
_JSON = json.JSONEncoder().encode  # json.dumps' defaults, without its per-call dispatch
_STEM = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
         .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
         .filter(tantivy.Filter.stemmer("english")).build())
_PLAIN = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
          .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase()).build())


@lru_cache(maxsize=8192)
def _stem(text: str) -> tuple[str, ...]:
    return tuple(_STEM.analyze(text))


class TantivyIndex(SearchIndex):
    engine = "tantivy"

    def __init__(self, index_dir) -> None:
        super().__init__(index_dir)
        self._indexes: dict[str, tantivy.Index] = {}
        self._writers: dict[str, tantivy.IndexWriter] = {}
        self._seen: dict[str, tuple[int, int]] = {}

    # ---- analysis ----

    def analyse_text(self, text: str) -> Tokens:
        return [(t.text, t.char_offset_from, t.char_offset_to) for t in _STEM.pre_tokenize(text).tokens]

    def analyse_query(self, text: str) -> list[str]:
        return list(_stem(text))

    # ---- writing ----

    def _index(self, tenant: str, create: bool = False) -> tantivy.Index | None:
        idx = self._indexes.get(tenant)
        if idx is not None:
            return idx
        if not self._exists(tenant):
            if not create:
                return None
            self._create_dir(tenant, lambda path: tantivy.Index(SCHEMA, path=str(path), reuse=False))
        path = self._check_dir(tenant)
        try:
            idx = tantivy.Index.open(str(path))
        except (ValueError, OSError) as exc:
            raise self.unreadable(tenant, exc) from exc
        self._indexes[tenant] = idx
        return idx

    def _writer(self, tenant: str) -> tantivy.IndexWriter:
        w = self._writers.get(tenant)
        if w is not None:
            return w
        idx = self._index(tenant, create=True)
        assert idx is not None
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                # Bulk loads get more memory and threads; single documents and an ingest run's
                # batches stay cheap (each extra thread also means one more segment per commit).
                w = idx.writer(heap_size=200_000_000, num_threads=0) if self._bulk and not self._batch else \
                    idx.writer(heap_size=30_000_000, num_threads=1)
                break
            except ValueError as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise SearchError(f"cannot write the search index of tenant {tenant!r}: {exc}") from exc
                time.sleep(0.2)
        self._writers[tenant] = w
        return w

    def _replace(self, tenant: str, doc_id: str, records: list[dict[str, Any]]) -> None:
        w = self._writer(tenant)
        w.delete_documents_by_term("doc_id", doc_id)
        add = w.add_document
        for r in records:
            d = tantivy.Document()
            add_text = d.add_text
            text = r["text"]
            for name in _TEXT_FIELDS:
                add_text(name, r[name])
            add_text("label" if r["label"] else "text", text)
            d.add_bytes("raw", text.encode())
            if r["year"] is not None:
                d.add_integer("year", r["year"])
            if r["page"] is not None:
                d.add_integer("page", int(r["page"]))
            d.add_integer("seq", int(r["seq"]))
            if r["entities"]:  # a passage without entities has none of these fields either
                for t in r["themes"]:
                    add_text("themes", t)
                for name in _NAME_FIELDS:
                    for v in r[name]:
                        add_text(name, v)
            add_text("words", " ".join((r["title"], r["section"], text)))
            d.add_bytes("entities", _JSON(r["entities"]).encode() if r["entities"] else b"[]")
            add(d)

    def _delete(self, tenant: str, doc_id: str) -> None:
        if self._exists(tenant):
            self._writer(tenant).delete_documents_by_term("doc_id", doc_id)

    def _clear(self, tenant: str) -> None:
        self._writer(tenant).delete_all_documents()

    def _flush(self) -> None:
        for tenant, w in list(self._writers.items()):
            w.commit()
            w.wait_merging_threads()  # also releases the writer lock for other processes
            del self._writers[tenant]
            self._indexes[tenant].reload()
            self._seen.pop(tenant, None)

    def _rollback(self) -> None:
        for tenant, w in list(self._writers.items()):
            w.rollback()
            w.wait_merging_threads()
            del self._writers[tenant]

    def _forget(self, tenant: str) -> None:
        w = self._writers.pop(tenant, None)
        if w is not None:
            w.rollback()
            w.wait_merging_threads()
        self._indexes.pop(tenant, None)
        self._seen.pop(tenant, None)

    def close(self) -> None:
        self._rollback()
        self._indexes.clear()

    # ---- reading ----

    def _reader(self, tenant: str) -> tantivy.Index | None:
        """The tenant's index, reloaded if any process committed since we last looked.

        tantivy's own reload runs about half a second after a commit; a deletion
        (a retracted document) must not stay searchable in other processes that long.
        A stat of meta.json (rewritten atomically on every commit) is ~10 µs."""
        idx = self._index(tenant)
        if idx is None:
            return None
        try:
            st = (self.tenant_dir(tenant) / "meta.json").stat()
        except FileNotFoundError:
            return idx
        mark = (st.st_mtime_ns, st.st_size)
        if self._seen.get(tenant) != mark:
            idx.reload()
            self._seen[tenant] = mark
        return idx

    def _filtered(self, q: tantivy.Query, levels: tuple[str, ...]) -> tantivy.Query:
        if len(levels) == 3:
            return q
        vis = tantivy.Query.const_score_query(tantivy.Query.term_set_query(SCHEMA, "visibility", list(levels)), 0.0)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q), (tantivy.Occur.Must, vis)])

    def _run(self, tenant: str, tree: Node, levels: tuple[str, ...], k: int, facets: bool) -> Part:
        idx = self._reader(tenant)
        if idx is None:
            return Part(0, [])
        q = self._filtered(translate(tree) or tantivy.Query.empty_query(), levels)
        searcher = idx.searcher()
        res = searcher.search(q, limit=max(k, 1), count=True)
        top = [(score, (searcher, addr)) for score, addr in res.hits[:k]]
        counts: dict[str, Counter] = {}
        if facets and res.count:
            aggs = searcher.aggregate(q, {
                "theme": {"terms": {"field": "themes", "size": 200}},
                "kind": {"terms": {"field": "kind", "size": 100}},
                "year": {"terms": {"field": "year", "size": 200}},
            })
            for name, agg in aggs.items():
                counts[name] = Counter({str(b["key"]): int(b["doc_count"]) for b in agg.get("buckets", [])})
        return Part(res.count, top, counts)

    def _load(self, tenant: str, handle: Any) -> dict[str, Any]:
        searcher, addr = handle
        d = searcher.doc(addr).to_dict()

        def one(name: str) -> Any:
            v = d.get(name)
            return v[0] if v else None
        ents, raw = one("entities"), one("raw")
        return {"pid": one("pid"), "doc_id": one("doc_id"), "tenant": one("tenant"),
                "visibility": one("visibility"), "kind": one("kind"), "year": one("year"),
                "title": one("title"), "section": one("section"), "text": bytes(raw).decode() if raw else "",
                "page": one("page"), "seq": one("seq"),
                "entities": json.loads(bytes(ents)) if ents else []}

    def _count(self, tenant: str, levels: tuple[str, ...]) -> int:
        idx = self._reader(tenant)
        if idx is None:
            return 0
        return idx.searcher().search(self._filtered(tantivy.Query.all_query(), levels), limit=1).count

    def _term_count(self, tenant: str, word: str, levels: tuple[str, ...]) -> int:
        idx = self._reader(tenant)
        if idx is None:
            return 0
        q = self._filtered(tantivy.Query.term_query(SCHEMA, "words", word, index_option="basic"), levels)
        return idx.searcher().search(q, limit=1).count

    def _has_document(self, tenant: str, doc_id: str) -> bool:
        idx = self._reader(tenant)
        if idx is None:
            return False
        q = tantivy.Query.term_query(SCHEMA, "doc_id", doc_id, index_option="basic")
        return idx.searcher().search(q, limit=1, count=True).count > 0

    def indexed_documents(self, tenant: str) -> set[str]:
        idx = self._reader(tenant)
        if idx is None:
            return set()
        return {t for t, _n in idx.searcher().terms_with_prefix("doc_id", "", filter_query=tantivy.Query.all_query())}

    def _vocabulary(self, tenant: str, prefix: str, levels: tuple[str, ...]) -> list[str]:
        idx = self._reader(tenant)
        if idx is None:
            return []
        flt = self._filtered(tantivy.Query.all_query(), levels)
        return [t for t, _n in idx.searcher().terms_with_prefix("words", prefix, filter_query=flt)]


def _terms(field: str, tokens: list[str] | tuple[str, ...]) -> tantivy.Query:
    if len(tokens) == 1:
        return tantivy.Query.term_query(SCHEMA, field, tokens[0])
    return tantivy.Query.phrase_query(SCHEMA, field, list(tokens))


def _body(tokens: tuple[str, ...]) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.boost_query(_terms(f, tokens), boost)) for f, boost in BODY_FIELDS])


def translate(node: Node) -> tantivy.Query | None:
    """Query tree -> tantivy query; None for a part that can match nothing searchable."""
    Q, Oc = tantivy.Query, tantivy.Occur
    if isinstance(node, MatchAll):
        return Q.all_query()
    if isinstance(node, (Word, Phrase)):
        toks = _stem(node.text)
        return _body(toks) if toks else None
    if isinstance(node, FieldFilter):
        if node.name in ("kind", "tenant"):
            return Q.term_query(SCHEMA, node.name, node.value)
        toks = tuple(_PLAIN.analyze(node.value))
        return _terms(f"{node.name}_text", toks) if toks else None
    if isinstance(node, YearRange):
        # A constant 1.0 in every segment: bare, tantivy drops a required range that matches all of a
        # segment (and its 1.0 with it), so the same passage would rank by how segments were cut.
        return Q.const_score_query(Q.range_query(SCHEMA, "year", tantivy.FieldType.Integer,
                                                 node.lo if node.lo is not None else 0,
                                                 node.hi if node.hi is not None else 9999), 1.0)
    if isinstance(node, Not):
        inner = translate(node.child)
        if inner is None:
            return Q.all_query()
        return Q.boolean_query([(Oc.Must, Q.all_query()), (Oc.MustNot, inner)])
    if isinstance(node, And):
        must = [translate(c) for c in node.children if not isinstance(c, Not)]
        if any(q is None for q in must):
            return None  # one required part can match nothing, so neither can the whole
        must_not = [q for c in node.children if isinstance(c, Not) and (q := translate(c.child)) is not None]
        must = must or [Q.all_query()]
        return Q.boolean_query([(Oc.Must, q) for q in must] + [(Oc.MustNot, q) for q in must_not])
    if isinstance(node, Or):
        subs = [q for c in node.children if (q := translate(c)) is not None]
        return Q.boolean_query([(Oc.Should, q) for q in subs]) if subs else None
    raise TypeError(f"unknown query node {node!r}")
