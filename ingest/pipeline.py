"""Files in, facts out: loaders -> passages -> extraction -> store -> search view.

Each file is one transaction in the store; a failure leaves none of its facts and
the other files go on. The search view follows the store's commit.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.access import SHARED_TENANTS, VISIBILITIES, Scope
from graph.model import Document, DocumentFacts, Edge, Node
from graph.schema import SchemaError
from graph.store import StoreError
from ingest.errors import IngestError
from ingest.extract import extract
from ingest.extract.context import KnownEntity

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


def known_entities(store, tenant: str, visibility: str = "public", exclude_doc: str | None = None) -> list[KnownEntity]:
    """Entities this document may resolve against: only what every reader of it may see.

    A public document must not pick up a name (or a display name) that only a restricted
    document gave, so the names come through a scope no wider than the document's audience:
    its own tenant and the shared tenants at its visibility or below. What only an earlier
    version of this same document said is left out, so re-ingesting resolves the same way.
    """
    levels = _AUDIENCE.get(visibility, ("public",))
    grants = {(tenant, v) for v in levels}
    grants |= {(t, v) for t in SHARED_TENANTS for v in levels if v != "restricted"}
    scope = Scope(frozenset(grants))
    return [KnownEntity(n.id, n.type, n.name, tuple(n.aliases)) for n in store.find_nodes(scope=scope)
            if any(p.doc_id != exclude_doc for p in n.provenance)]


def build_facts(path: Path, meta: dict[str, Any], store=None, max_bytes: int = 50_000_000) -> tuple[DocumentFacts, list[str]]:
    """Read and extract one file (no writes). meta: tenant, visibility, kind, title, date, review."""
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
    known = known_entities(store, tenant, doc.visibility, doc.id) if store is not None else []
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
    review = store.get_node(meta["review_id"]) if store is not None and meta.get("review_id") else None
    if meta.get("review_id") and review is None:
        raise IngestError(path, f"no review {meta['review_id']!r} to attach the plan to")
    return (pin_to_review(facts, review) if review is not None else facts), warnings


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


def ingest_file(store, search, path: Path, meta: dict[str, Any], force: bool = False) -> FileResult:
    result = FileResult(str(path))
    try:
        if meta.get("visibility") and meta["visibility"] not in VISIBILITIES:
            raise IngestError(path, f"visibility {meta['visibility']!r} is not one of {', '.join(VISIBILITIES)}")
        if not path.is_file():
            raise IngestError(path, "no such file")
        meta = {**meta, "content_hash": content_hash(path, meta)}
        doc_id = meta.get("doc_id") or document_id(meta["tenant"], path)
        result.doc_id = doc_id
        if not force and store.document_hash(doc_id) == meta["content_hash"]:
            result.status = "skipped"
            return result
        facts, result.warnings = build_facts(path, {**meta, "doc_id": doc_id}, store)
        summary = store.write_document(facts)
        result.passages, result.nodes, result.edges = summary.passages, summary.nodes, summary.edges
    except IngestError as exc:
        result.status, result.reason = "failed", exc.reason
        return result
    except SchemaError as exc:
        result.status, result.reason = "failed", f"extracted facts break the graph model: {exc}"
        return result
    except StoreError as exc:
        result.status, result.reason = "failed", str(exc)
        return result
    except (OSError, ValueError) as exc:
        result.status, result.reason = "failed", f"{type(exc).__name__}: {exc}"
        return result
    if search is not None:
        try:
            search.index_document(store, doc_id)
        except Exception as exc:  # the store is the record: the pending flag makes the next start repair it
            log.warning("%s: stored, but indexing failed (%s); it will be re-indexed on next start", path, exc)
    return result


def ingest_paths(store, search, paths: list[Path], tenant: str | None = None, visibility: str | None = None,
                 kind: str | None = None, review: str | None = None, force: bool = False,
                 progress: bool = False) -> IngestReport:
    """Ingest files and folders; a folder's manifest.json gives tenant, kind and visibility per file."""
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
    for src in sources:
        meta = {k: v for k, v in {**src.extra, "tenant": src.tenant, "kind": src.kind, "title": src.title,
                                  "date": src.date, "visibility": src.visibility}.items() if v is not None}
        # command-line options win over the manifest, so a user can re-label a folder
        for key, value in (("tenant", tenant), ("visibility", visibility), ("kind", kind), ("review", review)):
            if value:
                meta[key] = value
        if not meta.get("tenant"):
            report.files.append(FileResult(str(src.path), status="failed",
                                           reason="no tenant (give --tenant or a manifest.json entry)"))
        else:
            res = ingest_file(store, search, src.path, meta, force)
            report.files.append(res)
            if res.status == "failed":
                log.error("%s: %s", src.path, res.reason)
            else:
                log.debug("%s: %s (%d passages, %d entities, %d relations)", src.path, res.status,
                          res.passages, res.nodes, res.edges)
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    return report
