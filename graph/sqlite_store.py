"""The embedded store of record: SQLite in WAL mode, one file in the data directory.

Several processes (CLI, gunicorn workers) share the file; each keeps a networkx
view that is rebuilt when SQLite's data_version says another connection committed.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.access import Scope
from graph.merge import edge_facts_by_id, merge_edge, merge_node, node_facts_by_id
from graph.model import Document, DocumentFacts, Edge, Node, Passage, Provenance
from graph.sqlite_db import SQLiteFile
from graph.store import Event, RetractSummary, StoreError, WriteSummary
from graph.validate import validate_facts
from graph.view import GraphViewCache

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY, tenant TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL,
  visibility TEXT NOT NULL, date TEXT, source TEXT, content_hash TEXT, text TEXT,
  meta TEXT NOT NULL DEFAULT '{}', seq INTEGER NOT NULL, written_at TEXT NOT NULL,
  indexed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS documents_tenant ON documents(tenant, visibility);
CREATE INDEX IF NOT EXISTS documents_seq ON documents(seq);
CREATE TABLE IF NOT EXISTS passages (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, tenant TEXT NOT NULL, seq INTEGER NOT NULL,
  text TEXT NOT NULL, section TEXT, kind TEXT, page INTEGER, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, seq);
CREATE TABLE IF NOT EXISTS facts (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, type TEXT NOT NULL, tenant TEXT NOT NULL,
  src TEXT, dst TEXT);
CREATE INDEX IF NOT EXISTS facts_type ON facts(kind, type, tenant);
CREATE INDEX IF NOT EXISTS facts_src ON facts(src);
CREATE INDEX IF NOT EXISTS facts_dst ON facts(dst);
CREATE TABLE IF NOT EXISTS contributions (
  fact_id TEXT NOT NULL, doc_id TEXT NOT NULL, name TEXT, aliases TEXT NOT NULL DEFAULT '[]',
  attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (fact_id, doc_id));
CREATE INDEX IF NOT EXISTS contributions_doc ON contributions(doc_id);
CREATE TABLE IF NOT EXISTS provenance (
  fact_id TEXT NOT NULL, doc_id TEXT NOT NULL, passage_id TEXT, start INTEGER, "end" INTEGER,
  quote TEXT, extractor TEXT, confidence REAL, page INTEGER);
CREATE INDEX IF NOT EXISTS provenance_fact ON provenance(fact_id);
CREATE INDEX IF NOT EXISTS provenance_doc ON provenance(doc_id);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, fact_id TEXT NOT NULL, ts TEXT NOT NULL, actor TEXT NOT NULL,
  changes TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_fact ON events(fact_id, id);
"""


# One encoder for every attrs blob (json.dumps with default= builds a new encoder per call); same output.
_ATTRS_JSON = json.JSONEncoder(default=str).encode
_ALIASES_JSON = json.JSONEncoder().encode


def _attrs_json(attrs: dict[str, Any]) -> str:
    return _ATTRS_JSON(attrs) if attrs else "{}"


def _aliases_json(aliases: Iterable[str]) -> str:
    return _ALIASES_JSON(list(aliases)) if aliases else "[]"


# Every column of documents but its text.
_DOC_COLUMNS = "id, tenant, title, kind, visibility, date, source, content_hash, meta, seq, written_at, indexed"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(SQLiteFile, GraphViewCache):
    def __init__(self, path: str | Path):
        self._open(path)
        self._init_views()
        self._con.executescript(SCHEMA_SQL)

    def data_version(self) -> tuple[int, int]:
        """Changes whenever any connection (this process or another) commits."""
        dv = self._con.execute("PRAGMA data_version").fetchone()[0]
        total = self._con.execute("SELECT (SELECT count(*) FROM events) + (SELECT coalesce(max(seq),0) "
                                  "FROM documents) + (SELECT count(*) FROM provenance)").fetchone()[0]
        return dv, total

    # -- writes --------------------------------------------------------------------
    def _stored_type(self, fact_id: str) -> str | None:
        row = self._con.execute("SELECT type FROM facts WHERE id = ? AND kind = 'node'", (fact_id,)).fetchone()
        return row[0] if row else None

    def document_hash(self, doc_id: str) -> str | None:
        row = self._con.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def write_document(self, facts: DocumentFacts) -> WriteSummary:
        """Replace everything this document contributed with `facts`, in one transaction."""
        validate_facts(facts, self._stored_type)
        doc = facts.document
        nodes = node_facts_by_id(facts.nodes)
        edges = edge_facts_by_id(facts.edges)
        try:
            self._write(doc, facts.passages, nodes, edges)
        except sqlite3.Error as exc:  # the transaction rolled back: nothing of this document was written
            raise StoreError(f"document {doc.id!r} was not written: {exc}") from exc
        return WriteSummary(doc.id, len(nodes), len(edges), len(facts.passages))

    def _write(self, doc: Document, passages: list[Passage], nodes: dict[str, Node], edges: dict[str, Edge]) -> None:
        with self._tx() as con:
            touched = self._remove_contributions(con, doc.id)
            seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM documents").fetchone()[0]
            con.execute(
                "INSERT OR REPLACE INTO documents (id, tenant, title, kind, visibility, date, source, "
                "content_hash, text, meta, seq, written_at, indexed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0)",
                (doc.id, doc.tenant, doc.title, doc.kind, doc.visibility, doc.date, doc.source,
                 doc.content_hash, doc.text, json.dumps(doc.meta), seq, _now()))
            con.executemany(
                'INSERT INTO passages (id, doc_id, tenant, seq, text, section, kind, page, start, "end") '
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(p.id, doc.id, p.tenant, p.seq, p.text, p.section, p.kind, p.page, p.start, p.end)
                 for p in passages])
            # One statement per table, rows in the same order as fact by fact (rowid order is read back).
            con.executemany("INSERT OR IGNORE INTO facts (id, kind, type, tenant) VALUES (?, 'node', ?, ?)",
                            [(n.id, n.type, n.tenant) for n in nodes.values()])
            con.executemany("INSERT OR IGNORE INTO facts (id, kind, type, tenant, src, dst) "
                            "VALUES (?, 'edge', ?, ?, ?, ?)",
                            [(e.id, e.type, e.tenant, e.src, e.dst) for e in edges.values()])
            self._contribute_all(con, doc.id, [(n.id, n.name, n.aliases, n.attrs, n.provenance) for n in nodes.values()]
                                 + [(e.id, None, [], e.attrs, e.provenance) for e in edges.values()])
            self._drop_orphans(con, touched)

    @staticmethod
    def _contribute_all(con, doc_id: str, facts: list[tuple]) -> None:
        """(fact id, name, aliases, attrs, provenance) of each fact this document supports."""
        con.executemany("INSERT INTO contributions (fact_id, doc_id, name, aliases, attrs) VALUES (?,?,?,?,?)",
                        [(fid, doc_id, name, _aliases_json(aliases), _attrs_json(attrs))
                         for fid, name, aliases, attrs, _ in facts])
        con.executemany(
            'INSERT INTO provenance (fact_id, doc_id, passage_id, start, "end", quote, extractor, '
            "confidence, page) VALUES (?,?,?,?,?,?,?,?,?)",
            [(fid, p.doc_id, p.passage_id, p.start, p.end, p.quote, p.extractor, p.confidence, p.page)
             for fid, _, _, _, provenance in facts for p in provenance])

    @staticmethod
    def _remove_contributions(con, doc_id: str) -> list[str]:
        touched = [r[0] for r in con.execute("SELECT fact_id FROM contributions WHERE doc_id = ?", (doc_id,))]
        con.execute("DELETE FROM contributions WHERE doc_id = ?", (doc_id,))
        con.execute("DELETE FROM provenance WHERE doc_id = ?", (doc_id,))
        con.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
        return touched

    @staticmethod
    def _drop_orphans(con, candidates: list[str] | None = None) -> int:
        """Delete facts no document supports any more (only `candidates` can be, when given)."""
        if candidates is None:
            return con.execute("DELETE FROM facts WHERE id NOT IN (SELECT fact_id FROM contributions)").rowcount
        # Every write leaves no orphans, so only the facts whose contributions were just removed can
        # have become one: checking those, not the whole table, keeps a write's cost independent of
        # how much is already stored.
        cur = con.executemany("DELETE FROM facts WHERE id = ? AND NOT EXISTS "
                              "(SELECT 1 FROM contributions WHERE fact_id = ?)", [(f, f) for f in candidates])
        return cur.rowcount

    def retract_document(self, doc_id: str) -> RetractSummary:
        with self._tx() as con:
            if not con.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                raise StoreError(f"no document {doc_id!r} in the store")
            touched = self._remove_contributions(con, doc_id)
            con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            gone = {r[0] for r in con.execute(
                "SELECT id FROM facts WHERE id NOT IN (SELECT fact_id FROM contributions)")}
            self._drop_orphans(con)
        removed = [t for t in touched if t in gone]
        return RetractSummary(doc_id, len(removed), len(touched) - len(removed), removed)

    def append_event(self, fact_id: str, actor: str, changes: dict[str, Any]) -> Event:
        with self._tx() as con:
            node = self._load_nodes(con, ["id = ?"], [fact_id], None)
            if not node:
                raise StoreError(f"no entity {fact_id!r}")
            before = {k: node[0].attrs.get(k) for k in changes}
            ts = _now()
            cur = con.execute("INSERT INTO events (fact_id, ts, actor, changes, before, after) "
                              "VALUES (?,?,?,?,?,?)",
                              (fact_id, ts, actor, json.dumps(changes, default=str),
                               json.dumps(before, default=str), json.dumps(changes, default=str)))
        return Event(cur.lastrowid, fact_id, ts, actor, changes, before, dict(changes))

    def all_events(self) -> list[Event]:
        """Every event, oldest first, including those on facts since retracted (for migrate)."""
        rows = self._con.execute("SELECT * FROM events ORDER BY id")
        return [Event(r["id"], r["fact_id"], r["ts"], r["actor"], json.loads(r["changes"]),
                      json.loads(r["before"]), json.loads(r["after"])) for r in rows]

    def import_events(self, events: list[Event]) -> int:
        """Append events keeping their original time, actor and before/after (append_event restamps)."""
        with self._tx() as con:
            con.executemany("INSERT INTO events (fact_id, ts, actor, changes, before, after) VALUES (?,?,?,?,?,?)",
                            [(e.fact_id, e.ts, e.actor, json.dumps(e.changes, default=str),
                              json.dumps(e.before, default=str), json.dumps(e.after, default=str)) for e in events])
        return len(events)

    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        """Exactly what one document contributed (its own names, attributes and provenance)."""
        doc = self.get_document(doc_id, with_text=True)
        if doc is None:
            return None
        con = self._con
        rows = con.execute(
            "SELECT c.fact_id, c.name, c.aliases, c.attrs, f.kind, f.type, f.tenant, f.src, f.dst "
            "FROM contributions c JOIN facts f ON f.id = c.fact_id WHERE c.doc_id = ? ORDER BY c.rowid",
            (doc_id,)).fetchall()
        provs: dict[str, list[Provenance]] = defaultdict(list)
        for p in con.execute('SELECT fact_id, doc_id, passage_id, start, "end", quote, extractor, confidence, '
                             "page FROM provenance WHERE doc_id = ? ORDER BY rowid", (doc_id,)):
            provs[p[0]].append(Provenance(p[1], p[2], p[3], p[4], p[5] or "", p[6] or "", p[7], p[8]))
        nodes, edges = [], []
        for r in rows:
            attrs = json.loads(r["attrs"])
            if r["kind"] == "node":
                nodes.append(Node(r["fact_id"], r["type"], r["name"], r["tenant"], json.loads(r["aliases"]),
                                  attrs, provs.get(r["fact_id"], [])))
            else:
                edges.append(Edge(r["src"], r["type"], r["dst"], r["tenant"], attrs, provs.get(r["fact_id"], [])))
        return DocumentFacts(doc, self.passages(doc_id), nodes, edges)

    def events(self, fact_id: str) -> list[Event]:
        rows = self._con.execute("SELECT * FROM events WHERE fact_id = ? ORDER BY id", (fact_id,))
        return [Event(r["id"], r["fact_id"], r["ts"], r["actor"], json.loads(r["changes"]),
                      json.loads(r["before"]), json.loads(r["after"])) for r in rows]

    # -- documents -------------------------------------------------------------------
    @staticmethod
    def _doc(row, with_text: bool = False) -> Document:
        return Document(id=row["id"], tenant=row["tenant"], title=row["title"], kind=row["kind"],
                        visibility=row["visibility"], date=row["date"], source=row["source"] or "",
                        content_hash=row["content_hash"] or "", text=row["text"] if with_text else "",
                        meta=json.loads(row["meta"] or "{}"))

    def get_document(self, doc_id: str, scope: Scope | None = None, with_text: bool = False) -> Document | None:
        # The text (the largest column, in overflow pages) is read only when it is wanted.
        cols = "*" if with_text else _DOC_COLUMNS
        row = self._con.execute(f"SELECT {cols} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None or (scope is not None and not scope.can_read(row["tenant"], row["visibility"])):
            return None
        return self._doc(row, with_text)

    def list_documents(self, scope: Scope | None = None, tenant: str | None = None) -> list[Document]:
        sql, params = f"SELECT {_DOC_COLUMNS} FROM documents WHERE 1", []
        if scope is not None:
            pred, p = scope.sql()
            sql += f" AND {pred}"
            params += p
        if tenant:
            sql += " AND tenant = ?"
            params.append(tenant)
        return [self._doc(r) for r in self._con.execute(sql + " ORDER BY seq", params)]

    @staticmethod
    def _passage(r) -> Passage:
        return Passage(id=r["id"], doc_id=r["doc_id"], tenant=r["tenant"], seq=r["seq"], text=r["text"],
                       section=r["section"] or "", kind=r["kind"] or "paragraph", page=r["page"],
                       start=r["start"] or 0, end=r["end"] or 0)

    def passages(self, doc_id: str, scope: Scope | None = None) -> list[Passage]:
        if scope is not None and self.get_document(doc_id, scope) is None:
            return []
        rows = self._con.execute('SELECT id, doc_id, tenant, seq, text, section, kind, page, start, "end" '
                                 "FROM passages WHERE doc_id = ? ORDER BY seq", (doc_id,))
        # Plain tuples (not sqlite3.Row looked up by name): a document has hundreds of passages.
        rows.row_factory = None
        return [Passage(id=i, doc_id=d, tenant=t, seq=q, text=x, section=sec or "", kind=k or "paragraph",
                        page=pg, start=st or 0, end=en or 0)
                for i, d, t, q, x, sec, k, pg, st, en in rows]

    def get_passage(self, passage_id: str, scope: Scope | None = None) -> Passage | None:
        r = self._con.execute("SELECT * FROM passages WHERE id = ?", (passage_id,)).fetchone()
        if r is None or (scope is not None and self.get_document(r["doc_id"], scope) is None):
            return None
        return self._passage(r)

    def passage_entities(self, doc_id: str) -> dict[str, list[dict[str, str]]]:
        """passage id -> the entities (nodes) this document places in it, in provenance order.

        Two indexed reads joined here, rather than a join that looks up the fact and the
        contribution once per provenance row: the same rows in the same order (a DISTINCT
        emits the first of each, in scan order: provenance rowid within the document)."""
        con = self._con
        cur = con.execute("SELECT c.fact_id, f.type, c.name FROM contributions c JOIN facts f ON f.id = c.fact_id "
                          "AND f.kind = 'node' WHERE c.doc_id = ?", (doc_id,))
        cur.row_factory = None
        nodes = {fid: (type_, name) for fid, type_, name in cur}
        out: dict[str, list[dict[str, str]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        cur = con.execute("SELECT passage_id, fact_id FROM provenance "
                          "WHERE doc_id = ? AND passage_id IS NOT NULL ORDER BY rowid", (doc_id,))
        cur.row_factory = None
        for passage_id, fact_id in cur:
            node = nodes.get(fact_id)
            if node is None or (passage_id, fact_id) in seen:
                continue
            seen.add((passage_id, fact_id))
            out[passage_id].append({"id": fact_id, "type": node[0], "name": node[1]})
        return dict(out)

    def pending_index(self) -> list[str]:
        return [r[0] for r in self._con.execute("SELECT id FROM documents WHERE indexed = 0 ORDER BY seq")]

    def mark_indexed(self, doc_id: str) -> None:
        with self._tx() as con:
            con.execute("UPDATE documents SET indexed = 1 WHERE id = ?", (doc_id,))

    # -- facts ---------------------------------------------------------------------------
    def _readable_docs(self, con, scope: Scope | None) -> dict[str, int] | None:
        """doc id -> write order, for the documents the scope reads (None: no restriction)."""
        if scope is None:
            return None
        pred, params = scope.sql()
        return {r[0]: r[1] for r in con.execute(f"SELECT id, seq FROM documents WHERE {pred}", params)}

    def _load_nodes(self, con, where: list[str], params: list[Any], scope: Scope | None) -> list[Node]:
        facts = con.execute(f"SELECT id, type, tenant FROM facts WHERE kind = 'node' AND {' AND '.join(where)}",
                            params).fetchall()
        return self._assemble_nodes(con, [(r[0], r[1], r[2]) for r in facts], scope)

    def _assemble_nodes(self, con, facts: list[tuple[str, str, str]], scope: Scope | None) -> list[Node]:
        if not facts:
            return []
        readable = self._readable_docs(con, scope)
        ids = [f[0] for f in facts]
        contribs, provs, events = self._details(con, ids, readable)
        out = []
        for fid, type_, tenant in facts:
            if fid not in contribs:
                continue  # no readable document supports it
            out.append(merge_node(fid, type_, tenant, contribs[fid], provs.get(fid, []), events.get(fid)))
        return out

    def _details(self, con, ids: list[str], readable: dict[str, int] | None):
        contribs: dict[str, list[dict]] = defaultdict(list)
        provs: dict[str, list[Provenance]] = defaultdict(list)
        events: dict[str, list[dict]] = defaultdict(list)
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = con.execute(
                f"SELECT c.fact_id, c.doc_id, c.name, c.aliases, c.attrs, d.seq FROM contributions c "
                f"JOIN documents d ON d.id = c.doc_id WHERE c.fact_id IN ({marks}) ORDER BY d.seq", chunk)
            for r in rows:
                if readable is None or r[1] in readable:
                    contribs[r[0]].append({"name": r[2], "aliases": json.loads(r[3]), "attrs": json.loads(r[4])})
            rows = con.execute(
                f'SELECT fact_id, doc_id, passage_id, start, "end", quote, extractor, confidence, page '
                f"FROM provenance WHERE fact_id IN ({marks}) ORDER BY rowid", chunk)
            for r in rows:
                if readable is None or r[1] in readable:
                    provs[r[0]].append(Provenance(r[1], r[2], r[3], r[4], r[5] or "", r[6] or "", r[7], r[8]))
            rows = con.execute(f"SELECT fact_id, after FROM events WHERE fact_id IN ({marks}) ORDER BY id", chunk)
            for r in rows:
                events[r[0]].append(json.loads(r[1]))
        return contribs, provs, events

    def get_node(self, node_id: str, scope: Scope | None = None) -> Node | None:
        nodes = self._load_nodes(self._con, ["id = ?"], [node_id], scope)
        return nodes[0] if nodes else None

    def find_nodes(self, type_: str | None = None, tenant: str | None = None, scope: Scope | None = None,
                   name: str | None = None, **props: Any) -> list[Node]:
        where, params = ["1"], []
        if type_:
            where.append("type = ?")
            params.append(type_)
        if tenant:
            where.append("tenant = ?")
            params.append(tenant)
        nodes = self._load_nodes(self._con, where, params, scope)
        if name:
            needle = name.lower()
            nodes = [n for n in nodes if needle in n.name.lower() or any(needle in a.lower() for a in n.aliases)]
        for k, v in props.items():
            nodes = [n for n in nodes if n.attrs.get(k) == v]
        return sorted(nodes, key=lambda n: (n.type, n.name.lower(), n.id))

    def _load_edges(self, con, where: list[str], params: list[Any], scope: Scope | None) -> list[Edge]:
        rows = con.execute(f"SELECT id, type, tenant, src, dst FROM facts WHERE kind = 'edge' AND "
                           f"{' AND '.join(where)}", params).fetchall()
        if not rows:
            return []
        readable = self._readable_docs(con, scope)
        contribs, provs, _ = self._details(con, [r[0] for r in rows], readable)
        ends = {r[3] for r in rows} | {r[4] for r in rows}
        visible_ends = {n.id for n in self._assemble_nodes(con, self._fact_rows(con, ends), scope)}
        out = []
        for fid, type_, tenant, src, dst in rows:
            # an edge is shown only with both its ends, so it never reveals a hidden entity
            if fid in contribs and src in visible_ends and dst in visible_ends:
                out.append(merge_edge(src, type_, dst, tenant, contribs[fid], provs.get(fid, [])))
        return out

    @staticmethod
    def _fact_rows(con, ids: Iterable[str]) -> list[tuple[str, str, str]]:
        out = []
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            out += [(r[0], r[1], r[2]) for r in con.execute(
                f"SELECT id, type, tenant FROM facts WHERE kind = 'node' AND id IN ({marks})", chunk)]
        return out

    def edges(self, type_: str | None = None, tenant: str | None = None, scope: Scope | None = None) -> list[Edge]:
        where, params = ["1"], []
        if type_:
            where.append("type = ?")
            params.append(type_)
        if tenant:
            where.append("tenant = ?")
            params.append(tenant)
        return sorted(self._load_edges(self._con, where, params, scope), key=lambda e: e.id)

    def neighbours(self, node_id: str, edge_type: str | None = None, direction: str = "out",
                   scope: Scope | None = None) -> list[tuple[Edge, Node]]:
        if direction not in ("out", "in", "both"):
            raise StoreError(f"direction {direction!r}: use out, in or both")
        con = self._con
        if self.get_node(node_id, scope) is None:
            return []
        ends = {"out": ["src = ?"], "in": ["dst = ?"], "both": ["(src = ? OR dst = ?)"]}[direction]
        params: list[Any] = [node_id] * (2 if direction == "both" else 1)
        if edge_type:
            ends.append("type = ?")
            params.append(edge_type)
        edges = self._load_edges(con, ends, params, scope)
        others = {e.dst if e.src == node_id else e.src for e in edges}
        nodes = {n.id: n for n in self._assemble_nodes(con, self._fact_rows(con, others), scope)}
        out = []
        for e in edges:
            other = e.dst if e.src == node_id else e.src
            if other in nodes:
                out.append((e, nodes[other]))
        return sorted(out, key=lambda en: (en[0].type, en[1].name.lower(), en[1].id))

    def counts(self, scope: Scope | None = None) -> dict[tuple[str, str], int]:
        """Number of readable nodes per (type, tenant)."""
        out: dict[tuple[str, str], int] = defaultdict(int)
        for n in self.find_nodes(scope=scope):
            out[(n.type, n.tenant)] += 1
        return dict(out)



def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
