"""The SearchIndex interface both engines implement, and the records a search returns.

One index per tenant (index_dir/<engine>/<tenant>). A search opens only the
indexes of tenants the Scope can read something of, and inside each one
filters on the visibility levels the Scope grants for that tenant, so that
passages it may not read never reach hits, snippets, totals, facet counts or
suggestions. Everything engine-neutral (tenant selection, merging, paging,
snippets, facets, suggestions) lives here; engines supply the hooks at the end.
"""
from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
import shutil
import threading
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from rapidfuzz.distance import Levenshtein

from graph.access import VISIBILITIES, Scope
from graph.model import Document, Passage
from search.errors import InvalidCursor, SearchError
from search.query import Node, Phrase, Word, normalise_kind, positive_terms, required_tenants
from search.snippets import Tokens, make_snippet, wanted_tokens

INDEX_VERSION = 2
LABEL_WORDS = 5  # passages shorter than this are labels (list headings, table cells), like headings
FACETS = ("theme", "kind", "year", "tenant")
FACET_SIZE = 50
_TENANT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_YEAR = re.compile(r"(\d{4})")
# Entity types a field filter can name; everything else is reachable with entity:.
FILTER_TYPES = {"theme": "Theme", "review": "Review", "agency": "Agency"}


@dataclass
class Hit:
    passage_id: str
    doc_id: str
    title: str
    tenant: str
    kind: str
    year: int | None
    section: str
    page: int | None
    snippet_html: str
    score: float
    entities: list[dict[str, Any]] = field(default_factory=list)
    visibility: str = "public"
    seq: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]  # facet -> [(value, count)], biggest first
    next_cursor: str | None = None
    suggestions: list[str] = field(default_factory=list)
    offset: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "next_cursor": self.next_cursor,
                "hits": [h.to_dict() for h in self.hits],
                "facets": {k: [{"value": v, "count": c} for v, c in vals] for k, vals in self.facets.items()},
                "suggestions": list(self.suggestions)}


@dataclass
class Part:
    """One tenant index's answer: its readable total, its top k, its facet counts."""
    total: int
    top: list[tuple[float, Any]]  # (score, engine handle to load the stored record)
    facets: dict[str, Counter] = field(default_factory=dict)


def check_tenant(tenant: str) -> str:
    """Tenant names become directory names: refuse anything that is not a plain slug."""
    if not isinstance(tenant, str) or not _TENANT_NAME.match(tenant):
        raise SearchError(f"bad tenant name {tenant!r}: expected lower-case letters, digits, '-' or '_'")
    return tenant


def year_of(date: str | None) -> int | None:
    m = _YEAR.search(date or "")
    return int(m.group(1)) if m else None


def document_fields(document: Document) -> dict[str, Any]:
    """The parts of a passage record that come from its document (computed once per document)."""
    return {"doc_id": document.id, "tenant": document.tenant, "visibility": document.visibility,
            "kind": normalise_kind(document.kind or "document"), "year": year_of(document.date),
            "title": document.title or ""}


def passage_record(document: Document, passage: Passage, entities: list[dict[str, Any]],
                   doc_fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine-neutral record indexed for one passage (doc_fields: document_fields(document), if known)."""
    d = doc_fields if doc_fields is not None else document_fields(document)
    text = passage.text or ""
    # Headings and label-like scraps match in a field of their own with a low weight: BM25
    # favours short texts, and a heading 'Neglect' must not outrank a paragraph about it.
    # (At most LABEL_WORDS parts are split off: enough to tell whether there are fewer words.)
    label = passage.kind == "heading" or len(text.split(None, LABEL_WORDS - 1)) < LABEL_WORDS
    record = {
        "pid": passage.id, "doc_id": d["doc_id"], "tenant": d["tenant"], "visibility": d["visibility"],
        "kind": d["kind"], "year": d["year"], "title": d["title"], "section": passage.section or "",
        "page": passage.page, "seq": passage.seq, "text": text, "themes": [], "label": label,
        "theme_text": [], "review_text": [], "agency_text": [], "entity_text": [], "entities": [],
    }
    if entities:  # most passages name no entity
        _add_entities(record, entities)
    return record


def _add_entities(record: dict[str, Any], entities: list[dict[str, Any]]) -> None:
    """Fill the entity fields of a record; one pass, in the entities' order."""
    ents = []
    theme_text: list[str] = []
    review_text: list[str] = []
    agency_text: list[str] = []
    entity_text: list[str] = []
    themes = set()
    for e in entities:
        id_, type_, name = str(e.get("id", "")), str(e.get("type", "")), str(e.get("name", ""))
        ents.append({"id": id_, "type": type_, "name": name})
        values = [v for v in (name, id_) if v]
        entity_text += values
        if type_ == "Theme":
            theme_text += values
            if name:
                themes.add(name.replace(",", ";"))
        elif type_ == "Review":
            review_text += values
        elif type_ == "Agency":
            agency_text += values
    record["themes"] = sorted(themes)
    record["theme_text"], record["review_text"] = theme_text, review_text
    record["agency_text"], record["entity_text"] = agency_text, entity_text
    record["entities"] = ents


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, _, num = raw.partition(":")
        offset = int(num)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(f"bad cursor {cursor[:40]!r}: pass back the next_cursor of a previous page") from None
    if tag != "o" or offset < 0:
        raise InvalidCursor(f"bad cursor {cursor[:40]!r}: pass back the next_cursor of a previous page")
    return offset



class SearchIndex(ABC):
    """A set of per-tenant passage indexes behind one engine."""

    engine: ClassVar[str]

    def __init__(self, index_dir: Path | str) -> None:
        self.root = Path(index_dir) / self.engine
        self.root.mkdir(parents=True, exist_ok=True)
        self._bulk = 0
        self._batch = False  # the outermost bulk() is a small batch (see bulk)
        # Writers are per process and per index: threads of one process (API workers) take turns.
        self._write_lock = threading.RLock()

    # ---- writing -------------------------------------------------------------------------------

    def add_document(self, document: Document, passages: list[Passage],
                     entities_by_passage: dict[str, list[dict[str, Any]]] | None = None) -> int:
        """Index a document's passages, replacing whatever was indexed for it before."""
        tenant = check_tenant(document.tenant)
        ents = entities_by_passage or {}
        doc_fields = document_fields(document)
        records = [passage_record(document, p, ents.get(p.id), doc_fields) for p in passages]
        with self._write_lock:
            # A document moved to another tenant must not linger in its old index.
            for other in self.tenants():
                if other != tenant and self._has_document(other, document.id):
                    self._delete(other, document.id)
            self._replace(tenant, document.id, records)
            if not self._bulk:
                self._flush()
        return len(records)

    def delete_document(self, doc_id: str, tenant: str | None = None) -> None:
        """Remove a document's passages (from every tenant index when the tenant is not known)."""
        tenants = [check_tenant(tenant)] if tenant else self.tenants()
        with self._write_lock:
            for t in tenants:
                if self._exists(t):
                    self._delete(t, doc_id)
            if not self._bulk:
                self._flush()

    def clear(self, tenant: str | None = None) -> None:
        """Empty one tenant's index (or all): the first step of a rebuild."""
        with self._write_lock:
            for t in [check_tenant(tenant)] if tenant else self.tenants():
                if not self.tenant_dir(t).exists():
                    continue
                try:
                    self._clear(t)
                except SearchError:
                    # Unreadable (damaged, or another version's): a rebuild starts from nothing.
                    self._forget(t)
                    shutil.rmtree(self.tenant_dir(t))
            if not self._bulk:
                self._flush()

    @contextlib.contextmanager
    def bulk(self, batch: bool = False) -> Iterator[SearchIndex]:
        """Hold writers open and commit once at the end (reindexing thousands of documents).

        batch: a few dozen documents of an ingest run, whose extraction workers already keep the
        other cores busy; an engine may then keep its writer light (one indexing thread)."""
        with self._write_lock:
            if not self._bulk:
                self._batch = batch
            self._bulk += 1
            ok = False
            try:
                yield self
                ok = True
            finally:
                self._bulk -= 1
                if not self._bulk:
                    self._batch = False
                    # A rebuild that fails half-way must not replace a good index with half of one.
                    self._flush() if ok else self._rollback()

    # ---- reading -------------------------------------------------------------------------------

    def tenants(self) -> list[str]:
        """Tenants that have an index on disk."""
        return sorted(p.name for p in self.root.iterdir()
                      if p.is_dir() and _TENANT_NAME.match(p.name) and (p / "learnloop-index.json").exists())

    def readable(self, scope: Scope, tree: Node | None = None) -> list[tuple[str, tuple[str, ...]]]:
        """(tenant, visibility levels) pairs this scope may search, narrowed by tenant: filters."""
        wanted = required_tenants(tree) if tree is not None else None
        out = []
        for t in self.tenants():
            if wanted is not None and t not in wanted:
                continue
            levels = tuple(v for v in VISIBILITIES if scope.can_read(t, v))
            if levels:
                out.append((t, levels))
        return out

    def search(self, tree: Node, scope: Scope, limit: int = 10, offset: int = 0,
               facets: bool = True) -> SearchResults:
        if limit < 0 or offset < 0:
            raise SearchError("limit and offset must not be negative")
        k = offset + limit
        parts: list[tuple[str, Part]] = []
        for t, levels in self.readable(scope, tree):
            try:
                parts.append((t, self._run(t, tree, levels, k, facets)))
            except SearchError:
                raise
            except (OSError, ValueError, RuntimeError) as exc:  # a damaged index: say which and how to fix
                raise self.unreadable(t, exc) from exc
        total = sum(p.total for _t, p in parts)
        merged = sorted(((score, ti, rank, t, handle)
                         for ti, (t, p) in enumerate(parts) for rank, (score, handle) in enumerate(p.top)),
                        key=lambda x: (-x[0], x[1], x[2]))
        wanted = wanted_tokens((t.text for t in positive_terms(tree)), self.analyse_query)
        hits = [self._hit(t, handle, score, wanted)
                for score, _ti, _rank, t, handle in merged[offset:offset + limit]]
        facet_counts: dict[str, list[tuple[str, int]]] = {}
        if facets:
            for name in FACETS:
                c: Counter = Counter()
                if name == "tenant":
                    c.update({t: p.total for t, p in parts if p.total})
                else:
                    for _t, p in parts:
                        c.update(p.facets.get(name, {}))
                facet_counts[name] = sorted(((str(v), n) for v, n in c.items() if n and v not in (None, "")),
                                            key=lambda x: (-x[1], x[0]))[:FACET_SIZE]
        return SearchResults(hits=hits, total=total, facets=facet_counts, offset=offset,
                             next_cursor=None if k >= total else encode_cursor(k))

    def count(self, scope: Scope) -> int:
        """How many passages this scope can read."""
        return sum(self._count(t, levels) for t, levels in self.readable(scope))

    def suggest(self, term: str, scope: Scope, limit: int = 5) -> list[str]:
        """Readable words close to `term`, best first; empty when `term` itself occurs.

        Candidates come from the readable tenants' word lists only, and each one is
        counted again inside the scope before it is offered, so a word that only an
        unreadable (or deleted) passage contains is never suggested.
        """
        word = term.strip().lower()
        if len(word) < 3 or not word.isalpha():
            return []
        pairs = self.readable(scope)
        if sum(self._term_count(t, word, levels) for t, levels in pairs):
            return []
        max_dist = 1 if len(word) <= 4 else 2
        cands: set[str] = set()
        for t, levels in pairs:
            cands.update(self._vocabulary(t, word[0], levels))
        close = sorted((d, c) for c in cands
                       if c != word and (d := Levenshtein.distance(word, c, score_cutoff=max_dist)) <= max_dist)
        scored = []
        for d, c in close[:limit * 4]:
            n = sum(self._term_count(t, c, levels) for t, levels in pairs)
            if n:
                scored.append((d, -n, c))
        return [c for _d, _n, c in sorted(scored)[:limit]]

    def _hit(self, tenant: str, handle: Any, score: float, wanted: set[str]) -> Hit:
        r = self._load(tenant, handle)
        text = r.get("text") or ""
        return Hit(passage_id=r["pid"], doc_id=r["doc_id"], title=r.get("title") or "", tenant=r["tenant"],
                   kind=r.get("kind") or "", year=r.get("year"), section=r.get("section") or "",
                   page=r.get("page"), score=float(score), entities=r.get("entities") or [],
                   visibility=r.get("visibility") or "", seq=r.get("seq") or 0,
                   snippet_html=make_snippet(text, self.analyse_text(text), wanted))

    # ---- per-tenant directories ----------------------------------------------------------------

    def tenant_dir(self, tenant: str) -> Path:
        return self.root / check_tenant(tenant)

    def _exists(self, tenant: str) -> bool:
        return (self.tenant_dir(tenant) / "learnloop-index.json").exists()

    def _check_dir(self, tenant: str) -> Path:
        """The tenant's existing index directory, refused if another version of learnloop built it."""
        path = self.tenant_dir(tenant)
        try:
            meta = json.loads((path / "learnloop-index.json").read_text())
        except (ValueError, OSError):
            meta = {}
        ours = isinstance(meta, dict) and meta.get("engine") == self.engine
        if not ours or meta.get("version") != INDEX_VERSION:
            raise SearchError(f"the {self.engine} index of tenant {tenant!r} was built by another "
                              f"version of learnloop: run `learnloop reindex --tenant {tenant}`")
        return path

    def _create_dir(self, tenant: str, make: Callable[[Path], None]) -> Path:
        """Create a tenant's empty index beside its place, then rename it in.

        The rename is atomic, so another process never sees a half-made index, and when
        two processes create the same tenant's index at once one wins, the other uses it."""
        final = self.tenant_dir(tenant)
        tmp = self.root / f".{tenant}.{os.getpid()}.{threading.get_ident()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        make(tmp)
        (tmp / "learnloop-index.json").write_text(json.dumps({"engine": self.engine, "version": INDEX_VERSION}))
        if final.exists() and not (final / "learnloop-index.json").exists():
            shutil.rmtree(final, ignore_errors=True)  # not an index of ours (left by hand or a crash)
        try:
            os.rename(tmp, final)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another process created it first
        return final

    def unreadable(self, tenant: str, exc: BaseException) -> SearchError:
        return SearchError(f"the {self.engine} search index of tenant {tenant!r} cannot be opened "
                           f"({type(exc).__name__}: {exc}); rebuild it with `learnloop reindex --tenant {tenant}`")

    # ---- engine hooks --------------------------------------------------------------------------

    @abstractmethod
    def analyse_text(self, text: str) -> Tokens:
        """(stemmed token, start, end) for each token of a body text, as the engine indexes it."""

    @abstractmethod
    def analyse_query(self, text: str) -> list[str]:
        """The stemmed tokens of a query word or phrase, as the engine indexes body text."""

    @abstractmethod
    def _replace(self, tenant: str, doc_id: str, records: list[dict[str, Any]]) -> None: ...

    @abstractmethod
    def _delete(self, tenant: str, doc_id: str) -> None: ...

    @abstractmethod
    def _clear(self, tenant: str) -> None: ...

    @abstractmethod
    def _flush(self) -> None:
        """Commit every pending write and make it visible to searches."""

    @abstractmethod
    def _forget(self, tenant: str) -> None:
        """Drop cached readers and writers of a tenant index about to be deleted."""

    @abstractmethod
    def _rollback(self) -> None:
        """Drop every pending write."""

    @abstractmethod
    def _run(self, tenant: str, tree: Node, levels: tuple[str, ...], k: int, facets: bool) -> Part: ...

    @abstractmethod
    def _load(self, tenant: str, handle: Any) -> dict[str, Any]: ...

    @abstractmethod
    def _count(self, tenant: str, levels: tuple[str, ...]) -> int: ...

    @abstractmethod
    def _term_count(self, tenant: str, word: str, levels: tuple[str, ...]) -> int:
        """Live readable passages containing the unstemmed word."""

    @abstractmethod
    def _vocabulary(self, tenant: str, prefix: str, levels: tuple[str, ...]) -> list[str]:
        """Unstemmed words starting with prefix (may include words of unreadable passages)."""

    @abstractmethod
    def _has_document(self, tenant: str, doc_id: str) -> bool:
        """Whether a tenant's index holds live passages of the document (cheap: no writer opened)."""

    @abstractmethod
    def indexed_documents(self, tenant: str) -> set[str]:
        """Ids of the documents with live passages in a tenant's index (for reconciling with the store)."""

    @abstractmethod
    def close(self) -> None:
        """Release writers and readers."""


__all__ = ["Hit", "SearchResults", "SearchIndex", "Part", "passage_record", "Phrase", "Word"]
