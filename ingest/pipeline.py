"""Files in, facts out: loaders -> passages -> extraction -> store -> search view.

Each file is one transaction in the store; a failure leaves none of its facts and
the other files go on. The search view follows the store's commit.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.access import SHARED_TENANTS, VISIBILITIES, Scope
from graph.merge import node_facts_by_id
from graph.model import Document, DocumentFacts, Edge, Node
from graph.schema import SchemaError
from graph.store import StoreError
from ingest.errors import IngestError
from ingest.extract import extract
from ingest.extract.context import KnownEntity
from ingest.extract.resolve import recording, replays

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    path: str
    doc_id: str | None = None
    status: str = "ok"  # ok | skipped | failed
    reason: str = ""
    passages: int = 0
    nodes: int = 0
    edges: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def summary(self) -> str:
        ok = [f for f in self.files if f.status == "ok"]
        skipped = [f for f in self.files if f.status == "skipped"]
        return (f"{len(self.files)} files: {len(ok)} ingested, {len(skipped)} unchanged, "
                f"{len(self.failed)} failed; {sum(f.passages for f in ok)} passages, "
                f"{sum(f.nodes for f in ok)} entities, {sum(f.edges for f in ok)} relations")


def document_id(tenant: str, path: Path) -> str:
    """Stable across re-ingests of the same file, so a changed file replaces its old facts."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "document"
    return f"{tenant}/{stem}"


def content_hash(path: Path, meta: dict[str, Any]) -> str:
    h = hashlib.sha256(path.read_bytes())
    h.update(repr(sorted((k, str(v)) for k, v in meta.items())).encode())
    return h.hexdigest()


_AUDIENCE = {"public": ("public",), "internal": ("public", "internal"),
             "restricted": ("public", "internal", "restricted")}


def audience_scope(tenant: str, visibility: str = "public") -> Scope:
    """What every reader of a document may see: its own tenant and the shared tenants, at its visibility or below."""
    levels = _AUDIENCE.get(visibility, ("public",))
    grants = {(tenant, v) for v in levels}
    grants |= {(t, v) for t in SHARED_TENANTS for v in levels if v != "restricted"}
    return Scope(frozenset(grants))


def known_entities(store, tenant: str, visibility: str = "public", exclude_doc: str | None = None) -> list[KnownEntity]:
    """Entities this document may resolve against: only what every reader of it may see.

    A public document must not pick up a name (or a display name) that only a restricted
    document gave, so the names come through a scope no wider than the document's audience:
    its own tenant and the shared tenants at its visibility or below. What only an earlier
    version of this same document said is left out, so re-ingesting resolves the same way.
    """
    return [KnownEntity(n.id, n.type, n.name, tuple(n.aliases))
            for n in store.find_nodes(scope=audience_scope(tenant, visibility))
            if any(p.doc_id != exclude_doc for p in n.provenance)]


@dataclass
class _Known:
    type: str
    name: str
    aliases: dict[str, None]  # an ordered set, in the order the store merges them
    docs: set[str]  # documents whose provenance supports it


class KnownCache:
    """known_entities() for one ingest run, read from the store once per audience, then kept in step.

    Asking the store for every file costs O(files x facts); instead each audience's entities
    are read once and every document this run writes is folded in the way the store merges
    contributions (graph/merge.py: the earliest readable name, aliases in write order). A
    document that replaces an earlier version can move names around, so it drops the cache
    and the next question reads the store again.
    """

    def __init__(self, store) -> None:
        self.store = store
        self._tables: dict[frozenset, dict[str, _Known]] = {}
        self._lists: dict[frozenset, list[tuple[KnownEntity, _Known]]] = {}

    def entities(self, tenant: str, visibility: str = "public", exclude_doc: str | None = None) -> list[KnownEntity]:
        """The same list, in the same order, as known_entities(store, tenant, visibility, exclude_doc)."""
        scope = audience_scope(tenant, visibility)
        rows = self._lists.get(scope.grants)
        if rows is None:
            table = self._tables.get(scope.grants)
            if table is None:
                table = self._tables[scope.grants] = {
                    n.id: _Known(n.type, n.name, dict.fromkeys(n.aliases), {p.doc_id for p in n.provenance})
                    for n in self.store.find_nodes(scope=scope)}
            order = sorted(table.items(), key=lambda kv: (kv[1].type, kv[1].name.lower(), kv[0]))
            rows = self._lists[scope.grants] = [(KnownEntity(nid, k.type, k.name, tuple(k.aliases)), k)
                                                for nid, k in order]
        # supported by some document other than exclude_doc (without building a set per entity)
        return [ke for ke, k in rows if len(k.docs) > 1 or (k.docs and exclude_doc not in k.docs)]

    def prefetch(self, audiences: set[tuple[str, str]]) -> None:
        """Read each (tenant, visibility) audience's entities now, while the store holds only what the run
        started with: read later, after many documents, every entity would come with all their provenance."""
        for tenant, visibility in sorted(audiences):
            self.entities(tenant, visibility)

    def written(self, facts: DocumentFacts, replaced: bool) -> None:
        """Fold in a document just written; `replaced`: it replaced a stored earlier version."""
        if replaced:
            self._tables.clear()
            self._lists.clear()
            return
        doc = facts.document
        nodes = node_facts_by_id(facts.nodes)
        for grants, table in self._tables.items():
            if not Scope(grants).can_read(doc.tenant, doc.visibility):
                continue
            changed = False  # the ordered list only changes with a new entity or alias; supporting docs are live
            for n in nodes.values():
                k = table.get(n.id)
                if k is None:
                    k = table[n.id] = _Known(n.type, n.name, {}, set())
                    changed = True
                for a in (n.name, *n.aliases):
                    if a and a != k.name and a not in k.aliases:
                        k.aliases[a] = None
                        changed = True
                k.docs.update(p.doc_id for p in n.provenance)
            if changed:
                self._lists.pop(grants, None)


def extract_file(path: Path, meta: dict[str, Any], known: list[KnownEntity],
                 max_bytes: int = 50_000_000) -> tuple[DocumentFacts, list[str]]:
    """Read and extract one file against the given known entities; touches no store (runs in workers)."""
    from ingest.loaders import load
    from ingest.passages import build_passages

    tenant = meta["tenant"]
    loaded = load(path, max_bytes=max_bytes)
    doc_id = meta.get("doc_id") or document_id(tenant, path)
    text, passages = build_passages(doc_id, tenant, loaded)
    if not passages and not loaded.rows:
        raise IngestError(path, "empty document (no text found)")
    doc = Document(id=doc_id, tenant=tenant, title=meta.get("title") or loaded.title or path.stem,
                   kind=meta.get("kind") or "document", visibility=meta.get("visibility") or "public",
                   date=meta.get("date"), source=path.name, content_hash=meta.get("content_hash", ""),
                   text=text, meta={"format": loaded.fmt})
    nodes, edges = extract(doc, passages, known)
    warnings: list[str] = []
    if loaded.rows:
        from ingest.extract.action_plan import extract_action_plan

        plan_nodes, plan_edges, warnings = extract_action_plan(doc, loaded.rows, meta.get("review"), known)
        nodes, edges = nodes + plan_nodes, edges + plan_edges
    facts = DocumentFacts(doc, passages, nodes, edges)
    if doc.kind == "action_plan" and not any(n.type == "Action" for n in nodes):
        raise IngestError(path, "no actions found in the action plan: " + ("; ".join(warnings)
                                                                            or "it needs an Action column"))
    return facts, warnings


def pin_from_store(store, path: Path, meta: dict[str, Any], facts: DocumentFacts) -> DocumentFacts:
    """Hang a plan's facts on the review the caller named by id (meta review_id), read from the store."""
    review = store.get_node(meta["review_id"]) if store is not None and meta.get("review_id") else None
    if meta.get("review_id") and review is None:
        raise IngestError(path, f"no review {meta['review_id']!r} to attach the plan to")
    return pin_to_review(facts, review) if review is not None else facts


def build_facts(path: Path, meta: dict[str, Any], store=None, max_bytes: int = 50_000_000,
                known: KnownCache | None = None) -> tuple[DocumentFacts, list[str]]:
    """Read and extract one file (no writes). meta: tenant, visibility, kind, title, date, review."""
    doc_id = meta.get("doc_id") or document_id(meta["tenant"], path)
    visibility = meta.get("visibility") or "public"
    if known is not None:
        entities = known.entities(meta["tenant"], visibility, doc_id)
    else:
        entities = known_entities(store, meta["tenant"], visibility, doc_id) if store is not None else []
    facts, warnings = extract_file(path, meta, entities, max_bytes)
    return pin_from_store(store, path, meta, facts), warnings


def pin_to_review(facts: DocumentFacts, review: Node) -> DocumentFacts:
    """Every Review a plan's facts name becomes the review the caller said it answers (names kept as aliases).

    The plan extractor names the review from the plan's text; when the caller has already
    said which review the plan answers, its actions must hang on that one, not a look-alike.
    """
    renamed = {n.id: review.id for n in facts.nodes if n.type == "Review" and n.id != review.id}
    if not renamed:
        return facts
    nodes = []
    for n in facts.nodes:
        if n.id in renamed:
            aliases = [a for a in [n.name, *n.aliases] if a != review.name]
            n = Node(review.id, "Review", review.name, review.tenant, aliases, dict(n.attrs), n.provenance)
        nodes.append(n)
    edges = [Edge(renamed.get(e.src, e.src), e.type, renamed.get(e.dst, e.dst), e.tenant, e.attrs, e.provenance)
             for e in facts.edges]
    return DocumentFacts(facts.document, facts.passages, nodes, edges)


def _failure(exc: BaseException) -> str | None:
    """The one line a user sees for a file that could not be ingested (None: not an input problem)."""
    if isinstance(exc, IngestError):
        return exc.reason
    if isinstance(exc, SchemaError):
        return f"extracted facts break the graph model: {exc}"
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, (OSError, ValueError)):
        return f"{type(exc).__name__}: {exc}"
    return None


def _prepare(store, path: Path, meta: dict[str, Any], force: bool) -> tuple[FileResult, dict[str, Any]]:
    """Checks before extraction; the result is failed or skipped if there is nothing to extract."""
    result = FileResult(str(path))
    try:
        if meta.get("visibility") and meta["visibility"] not in VISIBILITIES:
            raise IngestError(path, f"visibility {meta['visibility']!r} is not one of {', '.join(VISIBILITIES)}")
        if not path.is_file():
            raise IngestError(path, "no such file")
        meta = {**meta, "content_hash": content_hash(path, meta)}
    except (IngestError, OSError, ValueError) as exc:
        result.status, result.reason = "failed", _failure(exc) or str(exc)
        return result, meta
    result.doc_id = meta["doc_id"] = meta.get("doc_id") or document_id(meta["tenant"], path)
    if not force and store.document_hash(result.doc_id) == meta["content_hash"]:
        result.status = "skipped"
    return result, meta


def _store_facts(store, result: FileResult, facts: DocumentFacts, known: KnownCache | None) -> None:
    replaced = store.document_hash(facts.document.id) is not None
    summary = store.write_document(facts)
    result.passages, result.nodes, result.edges = summary.passages, summary.nodes, summary.edges
    if known is not None:
        known.written(facts, replaced)


def _index(search, store, doc_ids: list[str]) -> None:
    if search is None or not doc_ids:
        return
    try:
        if len(doc_ids) == 1:
            search.index_document(store, doc_ids[0])  # one document: a small writer, not a bulk one
        else:
            search.index_documents(store, doc_ids)
    except Exception as exc:  # the store is the record: the pending flag makes the next start repair it
        log.warning("%s: stored, but indexing failed (%s); re-indexed on next start", ", ".join(doc_ids), exc)


class _Indexer:
    """The search view follows the store in batches: one index commit per batch, not per document.

    A document is in the store (pending for the index) before it is indexed; a crash in
    between leaves it pending and the next start indexes it (SearchService.repair)."""

    def __init__(self, search, store, every: int = 24, seconds: float = 2.0) -> None:
        self.search, self.store, self.every, self.seconds = search, store, every, seconds
        self.pending: list[str] = []
        self.since = time.monotonic()

    def add(self, doc_id: str | None) -> None:
        if self.search is None or doc_id is None:
            return
        self.pending.append(doc_id)
        if len(self.pending) >= self.every or time.monotonic() - self.since > self.seconds:
            self.flush()

    def flush(self) -> None:
        _index(self.search, self.store, self.pending)
        self.pending = []
        self.since = time.monotonic()


def ingest_file(store, search, path: Path, meta: dict[str, Any], force: bool = False,
                known: KnownCache | None = None, index: bool = True) -> FileResult:
    """Ingest one file in one store transaction, then index it (unless index=False: the caller batches)."""
    result, meta = _prepare(store, path, meta, force)
    if result.status != "ok":
        return result
    try:
        facts, result.warnings = build_facts(path, meta, store, known=known)
        _store_facts(store, result, facts, known)
    except (IngestError, SchemaError, StoreError, OSError, ValueError) as exc:
        result.status, result.reason = "failed", _failure(exc)
        return result
    if index:
        _index(search, store, [result.doc_id])
    return result


# -- parallel extraction ---------------------------------------------------------------

PARALLEL_MIN_BYTES = 1_000_000  # below this, starting worker processes costs more than it saves
_DIED = ("the extraction process stopped unexpectedly (a crash or out of memory in a loader); "
         "the other files went on")


def _warm_worker() -> None:
    """Build the spaCy pipeline and import the rules once per worker process."""
    from ingest.extract import rule_modules
    from ingest.extract.nlp import get_nlp

    get_nlp()
    rule_modules()
    # What warm-up built lives as long as the worker: keep the cyclic collector from walking it
    # again at every full collection (a few per cent of extraction CPU).
    import gc

    gc.freeze()
    gc.set_threshold(10_000, 20, 20)  # a batch worker: fewer young collections (~3% of extraction CPU)


def _ready() -> bool:
    """A no-op task: its result means a worker has finished _warm_worker."""
    return True


# Loaders written in Python only: a file of these cannot crash the process that reads it,
# so the pipeline's own process may extract one while the workers are still starting.
_SAFE_HERE = {".txt", ".md", ".markdown", ".csv"}


def _extract_job(path: str, meta: dict[str, Any], known: list[KnownEntity], max_bytes: int) -> tuple:
    """In a worker: extract one file against the entities known when it was sent; log the resolver's answers."""
    with recording() as rlog:
        try:
            facts, warnings = extract_file(Path(path), meta, known, max_bytes)
            return "ok", facts, warnings, rlog
        except Exception as exc:  # one clear line per file; the worker goes on with the next
            reason = _failure(exc) or f"internal error while extracting ({type(exc).__name__}: {exc})"
            if _failure(exc) is None:
                log.exception("%s: extraction failed", path)
            return "failed", reason, [], rlog


def default_workers() -> int:
    """LEARNLOOP_INGEST_WORKERS, else up to 2 (the pipeline's own process writes and indexes)."""
    env = os.environ.get("LEARNLOOP_INGEST_WORKERS")
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            log.warning("LEARNLOOP_INGEST_WORKERS=%r is not a number; using the default", env)
    return max(1, min(2, os.cpu_count() or 1))


def _lost(future) -> bool:
    """A future whose worker went down with the pool (not one that finished before)."""
    return future.cancelled() or (future.done() and future.exception() is not None)


@dataclass
class _Job:
    result: FileResult
    path: Path
    meta: dict[str, Any]
    known: list[KnownEntity] | None = None
    future: Any = None
    outcome: tuple | None = None  # extracted here, against the entities known when it is written


class _Parallel:
    """Extraction ahead in worker processes; store writes, known entities and indexing in order here.

    A document's facts depend on the entities known when it is extracted, i.e. on every
    document before it. A worker extracts with the entities known when the file was sent
    (the documents still in flight are missing); before writing, the resolver's recorded
    answers are replayed against the entities known by then, and only if one would differ
    is the file extracted again here. Either way each document's facts are exactly those
    of a one-by-one run.
    """

    def __init__(self, store, indexer: _Indexer, known: KnownCache, workers: int, max_bytes: int, done) -> None:
        self.store, self.indexer, self.known, self.workers = store, indexer, known, workers
        self.max_bytes, self.done = max_bytes, done
        self.pool = self._new_pool()
        # Starting a worker (spaCy, the rules) takes a second or two; until one is ready, this
        # process extracts the next file itself rather than wait (exactly, as nothing is in flight).
        self._ready = [self.pool.submit(_ready) for _ in range(workers)]
        self.queue: deque[_Job] = deque()
        self.stats = {"ahead": 0, "again": 0, "here": 0}

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm_worker)

    def _submit(self, job: _Job) -> None:
        job.known = self.known.entities(job.meta["tenant"], job.meta.get("visibility") or "public",
                                        job.meta["doc_id"])
        job.future = self.pool.submit(_extract_job, str(job.path), job.meta, job.known, self.max_bytes)

    def add(self, job: _Job) -> None:
        if job.result.status == "ok" and not self.queue and self._ready and job.path.suffix.lower() in _SAFE_HERE:
            if not all(f.done() for f in self._ready):
                self.queue.append(job)
                self._extract_here(job)
                return
            self._ready = []
        if job.result.status == "ok":
            self._submit(job)
        self.queue.append(job)
        # One file ahead of the workers keeps them busy while this process writes; more would extract
        # against older entity lists, and more of those extractions would have to be done again.
        while sum(1 for j in self.queue if j.future is not None) > self.workers + 1:
            self._finish_head()

    def _extract_here(self, job: _Job) -> None:
        """Extract and write the head file in this process (nothing is in flight, so no replay is needed)."""
        job.known = self.known.entities(job.meta["tenant"], job.meta.get("visibility") or "public",
                                        job.meta["doc_id"])
        job.outcome = _extract_job(str(job.path), job.meta, job.known, self.max_bytes)
        self.stats["here"] += 1
        self._finish_head()

    def finish(self) -> None:
        """Write everything still in flight, in order."""
        try:
            while self.queue:
                self._finish_head()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop (an interrupt or an unexpected error): files not yet written are not written."""
        self.queue.clear()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _outcome(self, job: _Job) -> tuple:
        from concurrent.futures.process import BrokenProcessPool

        if job.outcome is not None:
            return job.outcome
        try:
            return job.future.result()
        except BrokenProcessPool:
            pass
        # A worker died: every file in flight lost its worker. Retry this one alone, so a file
        # that kills the process fails by itself and the others are sent again.
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        try:
            out = self.pool.submit(_extract_job, str(job.path), job.meta, job.known, self.max_bytes).result()
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
            out = ("failed", _DIED, [], None)
        for other in self.queue:
            if other.future is not None and _lost(other.future):
                self._submit(other)
        return out

    def _finish_head(self) -> None:
        job = self.queue.popleft()
        res = job.result
        if job.future is not None or job.outcome is not None:
            try:
                self._write(job)
            except (IngestError, SchemaError, StoreError, OSError, ValueError) as exc:
                res.status, res.reason = "failed", _failure(exc)
        if res.status == "ok":
            self.indexer.add(res.doc_id)
        self.done(res)

    def _write(self, job: _Job) -> None:
        res, meta = job.result, job.meta
        if self.store.document_hash(res.doc_id) == meta["content_hash"] and not meta.get("_force"):
            res.status = "skipped"  # an earlier file of this run had the same id and content
            return
        kind, payload, warnings, rlog = self._outcome(job)
        if rlog is None:  # its worker died on it (see _outcome)
            res.status, res.reason = "failed", payload
            return
        now = self.known.entities(meta["tenant"], meta.get("visibility") or "public", meta["doc_id"])
        if now == job.known or replays(rlog, now):
            self.stats["ahead"] += 1
            if kind == "failed":
                res.status, res.reason = "failed", payload
                return
            facts, res.warnings = payload, warnings
        else:  # an entity written meanwhile changes an answer: extract again, here, against it
            self.stats["again"] += 1
            facts, res.warnings = extract_file(job.path, meta, now, self.max_bytes)
        facts = pin_from_store(self.store, job.path, meta, facts)
        _store_facts(self.store, res, facts, self.known)


def ingest_paths(store, search, paths: list[Path], tenant: str | None = None, visibility: str | None = None,
                 kind: str | None = None, review: str | None = None, force: bool = False,
                 progress: bool = False, workers: int | None = None,
                 max_bytes: int = 50_000_000) -> IngestReport:
    """Ingest files and folders; a folder's manifest.json gives tenant, kind and visibility per file.

    workers: processes extracting in parallel (default: default_workers(), used when there
    is at least PARALLEL_MIN_BYTES to ingest); 1 ingests one file after another. The facts
    written are the same either way.
    """
    from ingest.discover import discover

    report = IngestReport()
    try:
        sources = discover([Path(p) for p in paths])
    except IngestError as exc:
        report.files.append(FileResult(str(exc.path), status="failed", reason=exc.reason))
        return report
    bar = None
    if progress and len(sources) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(sources), unit="file", desc="ingest")
    def done(res: FileResult) -> None:
        if res.status == "failed":
            log.error("%s: %s", res.path, res.reason)
        else:
            log.debug("%s: %s (%d passages, %d entities, %d relations)", res.path, res.status,
                      res.passages, res.nodes, res.edges)
        if bar:
            bar.update(1)

    jobs: list[tuple[Path, dict[str, Any]] | FileResult] = []
    for src in sources:
        meta = {k: v for k, v in {**src.extra, "tenant": src.tenant, "kind": src.kind, "title": src.title,
                                  "date": src.date, "visibility": src.visibility}.items() if v is not None}
        # command-line options win over the manifest, so a user can re-label a folder
        for key, value in (("tenant", tenant), ("visibility", visibility), ("kind", kind), ("review", review)):
            if value:
                meta[key] = value
        if not meta.get("tenant"):
            jobs.append(FileResult(str(src.path), status="failed",
                                   reason="no tenant (give --tenant or a manifest.json entry)"))
        else:
            jobs.append((src.path, meta))
    workers = default_workers() if workers is None else max(1, workers)
    size = sum(_size(j[0]) for j in jobs if isinstance(j, tuple))
    parallel = workers > 1 and sum(isinstance(j, tuple) for j in jobs) > 1 and size >= PARALLEL_MIN_BYTES
    known = KnownCache(store)
    known.prefetch({(j[1]["tenant"], j[1].get("visibility") or "public") for j in jobs if isinstance(j, tuple)})
    indexer = _Indexer(search, store)
    if not parallel:
        try:
            for job in jobs:
                res = job if isinstance(job, FileResult) else \
                    ingest_file(store, search, job[0], job[1], force, known, index=False)
                if res.status == "ok":
                    indexer.add(res.doc_id)
                report.files.append(res)
                done(res)
        finally:
            indexer.flush()
    else:
        run = _Parallel(store, indexer, known, workers, max_bytes, lambda res: (report.files.append(res), done(res)))
        try:
            seen: set[str] = set()
            for job in jobs:
                if isinstance(job, FileResult):
                    run.queue.append(_Job(job, Path(job.path), {}))
                    continue
                res, meta = _prepare(store, job[0], job[1], force)
                if res.status == "skipped" and res.doc_id in seen:
                    res.status = "ok"  # an earlier file of this run writes the same id: decide when it is written
                if res.status == "ok":
                    meta["_force"] = force
                    seen.add(res.doc_id)
                run.add(_Job(res, job[0], meta))
            run.finish()
        except BaseException:
            run.abort()
            raise
        finally:
            indexer.flush()  # what was written is indexed, even after an interrupt
        log.debug("parallel ingest: %(here)d documents extracted while the workers started, %(ahead)d ahead, "
                  "%(again)d again", run.stats)
    if bar:
        bar.close()
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0
