"""Server mode: the store of record in Neo4j 5 (or any Bolt server speaking the same openCypher).

The graph holds what SQLiteStore holds, with the same semantics:
  (:Entity {id, type, tenant})              one per node fact
  (:Entity)-[:<EDGE TYPE> {id, tenant}]->(:Entity)   one per edge fact
  (:Contribution {fact_id, doc_id, kind, name, aliases, attrs, prov})   what one document says of a fact
  (:Document {id, tenant, visibility, ..., seq, indexed}), (:Passage {id, doc_id, seq, ...})
  (:Event {id, fact_id, ts, actor, changes, before, after}), (:LearnloopMeta {id, version, doc_seq, event_seq})
Maps and lists are JSON strings. Reads merge the readable contributions with graph/merge.py, so a
scoped reader sees exactly what the embedded store would show.

The Cypher is the subset both Neo4j 5 and FalkorDB (our CI Bolt server) accept. FalkorDB's Bolt
layer has limits that the store detects once per connection and works around ("compat" mode):
parameters are spliced into the query text without escaping (so every string is %-encoded on the
way in and decoded on the way out) and through a buffer of about 4 KB (so statements are batched
by size and long strings are appended in pieces). FalkorDB has no multi-statement transactions:
there a document write is a sequence of statements, validated in full before the first one.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from graph.access import Scope
from graph.merge import edge_facts_by_id, merge_edge, merge_node, node_facts_by_id
from graph.model import Document, DocumentFacts, Edge, Node, Passage, Provenance
from graph.schema import SCHEMA
from graph.store import Event, RetractSummary, StoreError, WriteSummary
from graph.validate import validate_facts
from graph.view import GraphViewCache

META_ID = "learnloop"
# Each label's lookup keys: uniqueness constraints where the server has them, else indexes.
UNIQUE_KEYS = [("Entity", "id"), ("Document", "id"), ("Passage", "id"), ("LearnloopMeta", "id")]
INDEXED_KEYS = [("Contribution", "fact_id"), ("Contribution", "doc_id"), ("Passage", "doc_id"),
                ("Event", "fact_id")]
EDGE_TYPE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
# FalkorDB's Bolt parameter buffer overflows a little above 4 KB of rendered parameters.
COMPAT_PARAM_BUDGET = 2600
NATIVE_PARAM_BUDGET = 4_000_000
ROWS_PER_BATCH = 1000
# (id(driver), database) -> (driver, compat, schema features): detected once per driver, not per store
_SERVER_FEATURES: dict[tuple[int, str | None], tuple[Any, bool, dict[str, list[str]]]] = {}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- the compat codec: strings survive a server that splices parameters into query text ----------
_ENCODE = {"%": "%25", "'": "%27", "\\": "%5C"}
_PCT_RE = re.compile(r"%([0-9A-F]{2})")


def _enc_str(s: str) -> str:
    out = []
    for ch in s:
        if ch in _ENCODE:
            out.append(_ENCODE[ch])
        elif ord(ch) < 0x20 and ch not in "\n\t" or ord(ch) == 0x7F:
            out.append(f"%{ord(ch):02X}")
        else:
            out.append(ch)
    return "".join(out)


def _dec_str(s: str) -> str:
    return _PCT_RE.sub(lambda m: chr(int(m.group(1), 16)), s) if "%" in s else s


def _map(value: Any, fn) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list | tuple):
        return [_map(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map(v, fn) for k, v in value.items()}
    return value


def rendered_size(value: Any) -> int:
    """About how many bytes a value takes when a server writes it out as Cypher literal text."""
    if isinstance(value, str):
        return len(value.encode("utf-8")) + 3
    if isinstance(value, list | tuple):
        return 2 + sum(rendered_size(v) + 2 for v in value)
    if isinstance(value, dict):
        return 2 + sum(len(str(k)) + 2 + rendered_size(v) + 2 for k, v in value.items())
    return 24


def _split_encoded(s: str, size: int) -> list[str]:
    """Pieces of at most `size` UTF-8 bytes that never cut a %XX escape in two."""
    pieces, cur, cur_size = [], [], 0
    i = 0
    while i < len(s):
        tok = s[i:i + 3] if s[i] == "%" and _PCT_RE.match(s, i) else s[i]
        n = len(tok.encode("utf-8"))
        if cur and cur_size + n > size:
            pieces.append("".join(cur))
            cur, cur_size = [], 0
        cur.append(tok)
        cur_size += n
        i += len(tok)
    if cur:
        pieces.append("".join(cur))
    return pieces


class Neo4jStore(GraphViewCache):
    """GraphStore over Bolt. `driver` is a neo4j.Driver; owns_driver=False leaves it open on close()."""

    def __init__(self, driver, database: str | None = None, owns_driver: bool = True):
        self._driver = driver
        self._database = database or None
        self._owns_driver = owns_driver
        self._init_views()
        key = (id(driver), self._database)
        known = _SERVER_FEATURES.get(key)
        if known is None or known[0] is not driver:
            self.compat = self._detect_compat()
            self.schema_features = self._ensure_schema()
            # the driver is kept in the entry so that its id cannot be reused by another driver
            _SERVER_FEATURES[key] = (driver, self.compat, self.schema_features)
        else:
            _, self.compat, self.schema_features = known
        self.param_budget = COMPAT_PARAM_BUDGET if self.compat else NATIVE_PARAM_BUDGET

    # -- connecting ------------------------------------------------------------------------
    @classmethod
    def connect(cls, uri: str, user: str | None = None, password: str | None = None,
                database: str | None = None, **driver_options: Any) -> Neo4jStore:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ClientError, DatabaseError, ServiceUnavailable

        auth = (user, password or "") if user else None
        driver_options.setdefault("connection_timeout", 10)
        driver_options.setdefault("connection_acquisition_timeout", 30)
        driver = GraphDatabase.driver(uri, auth=auth, **driver_options)
        try:
            return cls(driver, database)
        except (ServiceUnavailable, AuthError, ClientError, DatabaseError, OSError) as exc:
            driver.close()
            raise StoreError(f"cannot use the graph server at {uri}: {exc}") from exc

    @classmethod
    def from_env(cls) -> Neo4jStore:
        """NEO4J_URI (required), NEO4J_USER and NEO4J_PASSWORD (empty user: no auth), NEO4J_DATABASE."""
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            raise StoreError("LEARNLOOP_GRAPH=neo4j needs NEO4J_URI (e.g. bolt://localhost:7687)")
        return cls.connect(uri, os.environ.get("NEO4J_USER") or None, os.environ.get("NEO4J_PASSWORD"),
                           os.environ.get("NEO4J_DATABASE") or None)

    def close(self) -> None:
        if self._owns_driver:
            _SERVER_FEATURES.pop((id(self._driver), self._database), None)
            self._driver.close()

    # -- statements ------------------------------------------------------------------------
    def _session(self):
        return self._driver.session(database=self._database)

    def _run(self, runner, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """Run on a session or transaction; strings encoded on the way in, decoded on the way out."""
        if self.compat:
            params = _map(params, _enc_str)
            if rendered_size(params) > COMPAT_PARAM_BUDGET + 1200:
                raise StoreError(f"internal: statement parameters too large for this server ({cypher[:60]})")
        rows = [r.data() for r in runner.run(cypher, **params)]
        return _map(rows, _dec_str) if self.compat else rows

    def _read(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        with self._session() as s:
            return self._run(s, cypher, **params)

    def _detect_compat(self) -> bool:
        """True when the server mangles quotes and backslashes in parameters (FalkorDB's Bolt)."""
        from neo4j.exceptions import ClientError, DatabaseError

        with self._session() as s:
            s.run("RETURN 1 AS x").consume()  # unreachable, refused credentials, no such database: raise
        probe = "it's a \\ test"
        try:
            with self._session() as s:
                got = s.run("RETURN $s AS s", s=probe).single()["s"]
        except (DatabaseError, ClientError):
            return True
        return got != probe

    def _ensure_schema(self) -> dict[str, list[str]]:
        """Uniqueness constraints where the server has them (Neo4j), plain indexes otherwise (FalkorDB)."""
        from neo4j.exceptions import ClientError, DatabaseError

        done: dict[str, list[str]] = {"constraints": [], "indexes": []}
        wanted = [(label, prop, True) for label, prop in UNIQUE_KEYS] + \
                 [(label, prop, False) for label, prop in INDEXED_KEYS]
        existing = self._existing_indexes()
        constraints_work = True
        index_forms = ["CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
                       "CREATE INDEX FOR (n:{label}) ON (n.{prop})"]
        for label, prop, unique in wanted:
            name = f"learnloop_{label.lower()}_{prop}"
            if unique and constraints_work:
                try:
                    self._read(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE")
                    done["constraints"].append(f"{label}.{prop}")
                    continue
                except (ClientError, DatabaseError):
                    constraints_work = False  # no Cypher constraints here: indexes still make lookups fast
            if (label, prop) in existing:
                done["indexes"].append(f"{label}.{prop}")
                continue
            for form in list(index_forms):
                try:
                    self._read(form.format(name=name, label=label, prop=prop))
                    done["indexes"].append(f"{label}.{prop}")
                    break
                except (ClientError, DatabaseError):
                    index_forms.remove(form)  # this server does not take that syntax: skip it next time
        return done

    def _existing_indexes(self) -> set[tuple[str, str]]:
        from neo4j.exceptions import ClientError, DatabaseError

        for cypher in ("SHOW INDEXES YIELD labelsOrTypes, properties RETURN labelsOrTypes AS l, properties AS p",
                       "CALL db.indexes() YIELD label, properties RETURN label AS l, properties AS p"):
            try:
                rows = self._read(cypher)
            except (ClientError, DatabaseError):
                continue
            out = set()
            for r in rows:
                labels = r["l"] if isinstance(r["l"], list) else [r["l"]]
                for label in labels or []:
                    for prop in r["p"] or []:
                        out.add((label, prop))
            return out
        return set()

    def _chunks(self, rows: list[Any]) -> Iterator[list[Any]]:
        """Batches under the server's parameter budget (and at most ROWS_PER_BATCH rows)."""
        batch: list[Any] = []
        size = 0
        for row in rows:
            n = rendered_size(_map(row, _enc_str) if self.compat else row) + 2
            if batch and (size + n > self.param_budget or len(batch) >= ROWS_PER_BATCH):
                yield batch
                batch, size = [], 0
            batch.append(row)
            size += n
        if batch:
            yield batch

    def _write_rows(self, tx, cypher: str, rows: list[dict[str, Any]], label: str, keys: tuple[str, ...]) -> None:
        """UNWIND $rows AS r <cypher>, batched; string fields too long for one statement are appended after."""
        fitted, tails = [], []
        for row in rows:
            row = dict(row)
            while self.compat and rendered_size(_map(row, _enc_str)) > self.param_budget:
                longest = max((k for k, v in row.items() if isinstance(v, str) and k not in keys and v),
                              key=lambda k: len(row[k]), default=None)
                if longest is None:
                    raise StoreError(f"{label} {[row[k] for k in keys]}: its identifiers are too long to store")
                tails.append(({k: row[k] for k in keys}, longest, row[longest]))
                row[longest] = ""
            fitted.append(row)
        for batch in self._chunks(fitted):
            self._run(tx, "UNWIND $rows AS r " + cypher, rows=batch)
        for key, field, text in tails:
            where = " AND ".join(f"x.{k} = $k_{k}" for k in key)
            kparams = {f"k_{k}": v for k, v in key.items()}
            room = self.param_budget - rendered_size(_map(kparams, _enc_str)) - 64
            for piece in _split_encoded(_enc_str(text), max(256, room)):
                # pieces are already encoded: decode so that _run's encoding restores them exactly
                self._run(tx, f"MATCH (x:{label}) WHERE {where} SET x.{field} = x.{field} + $p",
                          p=_dec_str(piece), **kparams)

    def _ids_chunks(self, ids: Iterable[str]) -> Iterator[list[str]]:
        yield from self._chunks(list(ids))

    def _bump(self, tx, counter: str) -> int:
        rows = self._run(tx, f"MERGE (m:LearnloopMeta {{id: $id}}) "
                             f"ON CREATE SET m.{counter} = 1 ON MATCH SET m.{counter} = coalesce(m.{counter}, 0) + 1 "
                             f"RETURN m.{counter} AS v", id=META_ID)
        return int(rows[0]["v"])

    def data_version(self) -> int:
        """Changes with every committed write (the counter is bumped in each write)."""
        rows = self._read("MATCH (m:LearnloopMeta {id: $id}) RETURN m.version AS v", id=META_ID)
        return int(rows[0]["v"] or 0) if rows else 0

    # -- writes ------------------------------------------------------------------------------
    def document_hash(self, doc_id: str) -> str | None:
        rows = self._read("MATCH (d:Document {id: $id}) RETURN d.content_hash AS h", id=doc_id)
        return rows[0]["h"] if rows else None

    def _stored_types(self, ids: set[str]) -> dict[str, str]:
        """Types of the stored entities among `ids` that some document still states (one batch)."""
        out: dict[str, str] = {}
        for chunk in self._ids_chunks(sorted(ids)):
            for r in self._read("UNWIND $ids AS i MATCH (e:Entity {id: i}) WHERE e.type IS NOT NULL "
                                "MATCH (c:Contribution {fact_id: i}) RETURN DISTINCT e.id AS id, e.type AS t",
                                ids=chunk):
                out[r["id"]] = r["t"]
        return out

    def write_document(self, facts: DocumentFacts) -> WriteSummary:
        """Replace everything this document contributed with `facts`, in one transaction."""
        own = {n.id for n in facts.nodes}
        known = self._stored_types({end for e in facts.edges for end in (e.src, e.dst)} - own)
        validate_facts(facts, known.get)
        doc = facts.document
        nodes = node_facts_by_id(facts.nodes)
        edges = edge_facts_by_id(facts.edges)
        for e in edges.values():
            if not EDGE_TYPE_RE.match(e.type) or e.type not in SCHEMA.edge_types:
                raise StoreError(f"edge {e.id!r}: type {e.type!r} is not in the schema")

        def work(tx) -> None:
            # first statement: the counter node's write lock makes writers take turns (as SQLite's
            # BEGIN IMMEDIATE does), so two writes of one document cannot interleave
            seq = self._bump(tx, "doc_seq")
            touched = self._remove_contributions(tx, doc.id)
            self._write_rows(tx, "MERGE (d:Document {id: r.id}) SET d.tenant = r.tenant, d.title = r.title, "
                                 "d.kind = r.kind, d.visibility = r.visibility, d.date = r.date, d.source = r.source, "
                                 "d.content_hash = r.content_hash, d.text = r.text, d.meta = r.meta, d.seq = r.seq, "
                                 "d.written_at = r.written_at, d.indexed = 0",
                             [{"id": doc.id, "tenant": doc.tenant, "title": doc.title, "kind": doc.kind,
                               "visibility": doc.visibility, "date": doc.date, "source": doc.source or "",
                               "content_hash": doc.content_hash or "", "text": doc.text or "",
                               "meta": json.dumps(doc.meta, default=str), "seq": seq, "written_at": _now()}],
                             "Document", ("id",))
            self._write_rows(tx, "CREATE (p:Passage {id: r.id, doc_id: r.doc_id, tenant: r.tenant, seq: r.seq, "
                                 "text: r.text, section: r.section, kind: r.kind, page: r.page, start_offset: r.start_offset, "
                                 "end_offset: r.end_offset})",
                             [{"id": p.id, "doc_id": doc.id, "tenant": p.tenant, "seq": p.seq, "text": p.text,
                               "section": p.section or "", "kind": p.kind, "page": p.page,
                               "start_offset": p.start, "end_offset": p.end} for p in facts.passages], "Passage", ("id",))
            # An entity kept only as an edge end has lost its type: the next writer gives it one.
            self._write_rows(tx, "MERGE (e:Entity {id: r.id}) ON CREATE SET e.type = r.type, e.tenant = r.tenant "
                                 "ON MATCH SET e.type = coalesce(e.type, r.type), e.tenant = coalesce(e.tenant, r.tenant)",
                             [{"id": n.id, "type": n.type, "tenant": n.tenant} for n in nodes.values()],
                             "Entity", ("id",))
            by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for e in edges.values():
                by_type[e.type].append({"id": e.id, "src": e.src, "dst": e.dst, "tenant": e.tenant})
            for type_, rows in sorted(by_type.items()):
                self._write_rows(tx, f"MATCH (a:Entity {{id: r.src}}), (b:Entity {{id: r.dst}}) "
                                     f"MERGE (a)-[x:{type_}]->(b) ON CREATE SET x.id = r.id, x.tenant = r.tenant",
                                 rows, "Entity", ("id",))
            contributions = [self._contribution(n.id, "node", doc.id, n.name, n.aliases, n.attrs, n.provenance)
                             for n in nodes.values()]
            contributions += [self._contribution(e.id, "edge", doc.id, None, [], e.attrs, e.provenance)
                              for e in edges.values()]
            for pos, c in enumerate(contributions):
                c["pos"] = pos  # the document's own order, which reads of one document keep
            self._write_rows(tx, "CREATE (c:Contribution {fact_id: r.fact_id, doc_id: r.doc_id, kind: r.kind, "
                                 "name: r.name, aliases: r.aliases, attrs: r.attrs, prov: r.prov, pos: r.pos})",
                             contributions, "Contribution", ("fact_id", "doc_id"))
            written = set(nodes) | set(edges)
            self._drop_orphans(tx, [t for t in touched if t not in written])
            self._bump(tx, "version")

        self._write_tx(work)
        return WriteSummary(doc.id, len(nodes), len(edges), len(facts.passages))

    def _write_tx(self, work) -> Any:
        with self._session() as s:
            return s.execute_write(work)

    @staticmethod
    def _contribution(fact_id, kind, doc_id, name, aliases, attrs, provenance: list[Provenance]) -> dict[str, Any]:
        return {"fact_id": fact_id, "kind": kind, "doc_id": doc_id, "name": name,
                "aliases": json.dumps(list(aliases)), "attrs": json.dumps(attrs, default=str),
                "prov": json.dumps([p.to_dict() for p in provenance], default=str)}

    def _remove_contributions(self, tx, doc_id: str) -> list[str]:
        """Delete the document's contributions and passages; the ids of the facts it supported."""
        rows = self._run(tx, "MATCH (c:Contribution {doc_id: $d}) RETURN c.fact_id AS f, c.kind AS k", d=doc_id)
        self._run(tx, "MATCH (c:Contribution {doc_id: $d}) DELETE c", d=doc_id)
        self._run(tx, "MATCH (p:Passage {doc_id: $d}) DELETE p", d=doc_id)
        return [r["f"] for r in rows]

    def _supported(self, tx, ids: list[str]) -> set[str]:
        out: set[str] = set()
        for chunk in self._ids_chunks(ids):
            out |= {r["f"] for r in self._run(tx, "UNWIND $ids AS i MATCH (c:Contribution {fact_id: i}) "
                                                  "RETURN DISTINCT c.fact_id AS f", ids=chunk)}
        return out

    def _drop_orphans(self, tx, candidates: list[str]) -> set[str]:
        """Remove the candidate facts no document supports any more; returns their ids."""
        if not candidates:
            return set()
        gone = set(candidates) - self._supported(tx, candidates)
        edge_rows, node_ids = [], []
        for fid in gone:
            parts = fid.split("|")
            if len(parts) == 3 and EDGE_TYPE_RE.match(parts[1]):
                edge_rows.append({"src": parts[0], "type": parts[1], "dst": parts[2]})
            else:
                node_ids.append(fid)
        ends: set[str] = set()
        for type_ in sorted({r["type"] for r in edge_rows}):
            rows = [r for r in edge_rows if r["type"] == type_]
            for chunk in self._chunks(rows):
                self._run(tx, f"UNWIND $rows AS r MATCH (a:Entity {{id: r.src}})-[x:{type_}]->(b:Entity {{id: r.dst}}) "
                              "DELETE x", rows=chunk)
            ends |= {r["src"] for r in rows} | {r["dst"] for r in rows}
        # Entities without support go; one still holding edges of other documents stays, untyped and
        # invisible, so those edges reappear if a document names it again (as in the embedded store).
        check = sorted(set(node_ids) | (ends - self._supported(tx, list(ends))))
        for chunk in self._ids_chunks(check):
            rows = self._run(tx, "UNWIND $ids AS i MATCH (e:Entity {id: i}) OPTIONAL MATCH (e)-[x]-() "
                                 "WITH e, count(x) AS n RETURN e.id AS id, n", ids=chunk)
            lonely = [r["id"] for r in rows if not r["n"]]
            linked = [r["id"] for r in rows if r["n"]]
            unsupported = set(chunk) - self._supported(tx, chunk)
            lonely = [i for i in lonely if i in unsupported]
            linked = [i for i in linked if i in unsupported]
            if lonely:
                self._run(tx, "UNWIND $ids AS i MATCH (e:Entity {id: i}) DELETE e", ids=lonely)
            if linked:
                self._run(tx, "UNWIND $ids AS i MATCH (e:Entity {id: i}) SET e.type = null, e.tenant = null",
                          ids=linked)
        return gone

    def retract_document(self, doc_id: str) -> RetractSummary:
        def work(tx) -> tuple[list[str], set[str]]:
            self._bump(tx, "writes")  # takes the writers' lock first
            if not self._run(tx, "MATCH (d:Document {id: $d}) RETURN d.id AS id", d=doc_id):
                raise StoreError(f"no document {doc_id!r} in the store")
            touched = self._remove_contributions(tx, doc_id)
            self._run(tx, "MATCH (d:Document {id: $d}) DELETE d", d=doc_id)
            gone = self._drop_orphans(tx, touched)
            self._bump(tx, "version")
            return touched, gone

        touched, gone = self._write_tx(work)
        removed = [t for t in touched if t in gone]
        return RetractSummary(doc_id, len(removed), len(touched) - len(removed), removed)

    def append_event(self, fact_id: str, actor: str, changes: dict[str, Any]) -> Event:
        node = self.get_node(fact_id)
        if node is None:
            raise StoreError(f"no entity {fact_id!r}")
        before = {k: node.attrs.get(k) for k in changes}
        ts = _now()

        def work(tx) -> int:
            eid = self._bump(tx, "event_seq")
            self._insert_event(tx, eid, fact_id, ts, actor, changes, before, changes)
            self._bump(tx, "version")
            return eid

        eid = self._write_tx(work)
        return Event(eid, fact_id, ts, actor, changes, before, dict(changes))

    def _insert_event(self, tx, eid: int, fact_id: str, ts: str, actor: str, changes, before, after) -> None:
        self._write_rows(tx, "CREATE (e:Event {id: r.id, fact_id: r.fact_id, ts: r.ts, actor: r.actor, "
                             "changes: r.changes, before: r.before, after: r.after})",
                         [{"id": eid, "fact_id": fact_id, "ts": ts, "actor": actor,
                           "changes": json.dumps(changes, default=str), "before": json.dumps(before, default=str),
                           "after": json.dumps(after, default=str)}], "Event", ("id",))

    def import_events(self, events: list[Event]) -> int:
        """Copy events from another store keeping their time, actor and before/after (used by migrate)."""
        def work(tx) -> int:
            for ev in events:
                eid = self._bump(tx, "event_seq")
                self._insert_event(tx, eid, ev.fact_id, ev.ts, ev.actor, ev.changes, ev.before, ev.after)
            self._bump(tx, "version")
            return len(events)

        return self._write_tx(work) if events else 0

    def events(self, fact_id: str) -> list[Event]:
        rows = self._read("MATCH (e:Event {fact_id: $f}) RETURN e.id AS id, e.fact_id AS fact_id, e.ts AS ts, "
                          "e.actor AS actor, e.changes AS changes, e.before AS before, e.after AS after "
                          "ORDER BY e.id", f=fact_id)
        return [self._event(r) for r in rows]

    def all_events(self) -> list[Event]:
        """Every event in the store, in the order they were recorded (facts since retracted included)."""
        rows = self._read("MATCH (e:Event) RETURN e.id AS id, e.fact_id AS fact_id, e.ts AS ts, e.actor AS actor, "
                          "e.changes AS changes, e.before AS before, e.after AS after ORDER BY e.id")
        return [self._event(r) for r in rows]

    @staticmethod
    def _event(r: dict[str, Any]) -> Event:
        return Event(int(r["id"]), r["fact_id"], r["ts"], r["actor"], json.loads(r["changes"]),
                     json.loads(r["before"]), json.loads(r["after"]))

    # -- documents -------------------------------------------------------------------------------
    _DOC_FIELDS = ("d.id AS id, d.tenant AS tenant, d.title AS title, d.kind AS kind, d.visibility AS visibility, "
                   "d.date AS date, d.source AS source, d.content_hash AS content_hash, d.meta AS meta, "
                   "d.seq AS seq, d.indexed AS indexed")

    @staticmethod
    def _doc(r: dict[str, Any], text: str = "") -> Document:
        return Document(id=r["id"], tenant=r["tenant"], title=r["title"], kind=r["kind"],
                        visibility=r["visibility"], date=r["date"], source=r["source"] or "",
                        content_hash=r["content_hash"] or "", text=text, meta=json.loads(r["meta"] or "{}"))

    def get_document(self, doc_id: str, scope: Scope | None = None, with_text: bool = False) -> Document | None:
        fields = self._DOC_FIELDS + (", d.text AS text" if with_text else "")
        rows = self._read(f"MATCH (d:Document {{id: $id}}) RETURN {fields}", id=doc_id)
        if not rows or (scope is not None and not scope.can_read(rows[0]["tenant"], rows[0]["visibility"])):
            return None
        return self._doc(rows[0], (rows[0].get("text") or "") if with_text else "")

    def list_documents(self, scope: Scope | None = None, tenant: str | None = None) -> list[Document]:
        rows = self._read(f"MATCH (d:Document) RETURN {self._DOC_FIELDS} ORDER BY d.seq")
        return [self._doc(r) for r in rows
                if (scope is None or scope.can_read(r["tenant"], r["visibility"]))
                and (not tenant or r["tenant"] == tenant)]

    @staticmethod
    def _passage(r: dict[str, Any]) -> Passage:
        return Passage(id=r["id"], doc_id=r["doc_id"], tenant=r["tenant"], seq=r["seq"], text=r["text"] or "",
                       section=r["section"] or "", kind=r["kind"] or "paragraph", page=r["page"],
                       start=r["start_offset"] or 0, end=r["end_offset"] or 0)

    _PASSAGE_FIELDS = ("p.id AS id, p.doc_id AS doc_id, p.tenant AS tenant, p.seq AS seq, p.text AS text, "
                       "p.section AS section, p.kind AS kind, p.page AS page, p.start_offset AS start_offset, "
                       "p.end_offset AS end_offset")

    def passages(self, doc_id: str, scope: Scope | None = None) -> list[Passage]:
        if scope is not None and self.get_document(doc_id, scope) is None:
            return []
        rows = self._read(f"MATCH (p:Passage {{doc_id: $d}}) RETURN {self._PASSAGE_FIELDS} ORDER BY p.seq", d=doc_id)
        return [self._passage(r) for r in rows]

    def get_passage(self, passage_id: str, scope: Scope | None = None) -> Passage | None:
        rows = self._read(f"MATCH (p:Passage {{id: $id}}) RETURN {self._PASSAGE_FIELDS}", id=passage_id)
        if not rows or (scope is not None and self.get_document(rows[0]["doc_id"], scope) is None):
            return None
        return self._passage(rows[0])

    def passage_entities(self, doc_id: str) -> dict[str, list[dict[str, str]]]:
        rows = self._read("MATCH (c:Contribution {doc_id: $d, kind: 'node'}) MATCH (e:Entity {id: c.fact_id}) "
                          "WHERE e.type IS NOT NULL RETURN c.fact_id AS id, e.type AS type, c.name AS name, "
                          "c.prov AS prov ORDER BY c.pos", d=doc_id)
        out: dict[str, list[dict[str, str]]] = defaultdict(list)
        seen = set()
        for r in rows:
            for p in json.loads(r["prov"]):
                key = (p.get("passage_id"), r["id"])
                if p.get("doc_id") == doc_id and p.get("passage_id") and key not in seen:
                    seen.add(key)
                    out[p["passage_id"]].append({"id": r["id"], "type": r["type"], "name": r["name"]})
        return dict(out)

    def pending_index(self) -> list[str]:
        return [r["id"] for r in self._read("MATCH (d:Document) WHERE d.indexed = 0 RETURN d.id AS id ORDER BY d.seq")]

    def mark_indexed(self, doc_id: str) -> None:
        def work(tx) -> None:
            self._bump(tx, "writes")
            self._run(tx, "MATCH (d:Document {id: $id}) SET d.indexed = 1", id=doc_id)
            self._bump(tx, "version")

        self._write_tx(work)

    # -- facts -----------------------------------------------------------------------------------
    # One statement per chunk of ids: the documents (first chunk only), the facts' contributions and
    # their events, as rows of one shape (k says which) -- round trips dominate read latency.
    _DOCS_PART = ("MATCH (d:Document) RETURN 'doc' AS k, d.id AS a, d.tenant AS b, d.visibility AS x, "
                  "null AS aliases, null AS attrs, null AS prov, d.seq AS n")
    _FACTS_PART = ("UNWIND $ids AS i MATCH (c:Contribution {fact_id: i}) RETURN 'c' AS k, c.fact_id AS a, "
                   "c.doc_id AS b, c.name AS x, c.aliases AS aliases, c.attrs AS attrs, c.prov AS prov, null AS n "
                   "UNION ALL UNWIND $ids AS i MATCH (e:Event {fact_id: i}) RETURN 'e' AS k, e.fact_id AS a, "
                   "null AS b, null AS x, null AS aliases, e.after AS attrs, null AS prov, e.id AS n")

    def _details(self, ids: list[str], scope: Scope | None):
        """Readable contributions (in document write order), provenance and events of the facts `ids`."""
        if not ids:
            return {}, {}, {}
        docs: dict[str, int] = {}
        readable: set[str] = set()
        contrib_rows: list[dict[str, Any]] = []
        events: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        for i, chunk in enumerate(self._ids_chunks(list(dict.fromkeys(ids)))):
            cypher = f"{self._DOCS_PART} UNION ALL {self._FACTS_PART}" if i == 0 else self._FACTS_PART
            for r in self._read(cypher, ids=chunk):
                if r["k"] == "doc":
                    docs[r["a"]] = int(r["n"])
                    if scope is None or scope.can_read(r["b"], r["x"]):
                        readable.add(r["a"])
                elif r["k"] == "c":
                    contrib_rows.append(r)
                else:
                    events[r["a"]].append((int(r["n"]), json.loads(r["attrs"])))
        contribs: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        for r in contrib_rows:
            if r["b"] in readable:
                contribs[r["a"]].append((docs[r["b"]], r))
        merged_contribs: dict[str, list[dict]] = {}
        provs: dict[str, list[Provenance]] = {}
        for fid, items in contribs.items():
            items.sort(key=lambda x: x[0])
            merged_contribs[fid] = [{"name": r["x"], "aliases": json.loads(r["aliases"]),
                                     "attrs": json.loads(r["attrs"])} for _, r in items]
            provs[fid] = [Provenance.from_dict(p) for _, r in items for p in json.loads(r["prov"])]
        ordered_events = {f: [a for _, a in sorted(evs, key=lambda x: x[0])] for f, evs in events.items()}
        return merged_contribs, provs, ordered_events

    def _assemble_nodes(self, facts: list[tuple[str, str, str]], scope: Scope | None) -> list[Node]:
        if not facts:
            return []
        contribs, provs, events = self._details([f[0] for f in facts], scope)
        return [merge_node(fid, type_, tenant, contribs[fid], provs.get(fid, []), events.get(fid))
                for fid, type_, tenant in facts if fid in contribs]

    def _entity_rows(self, ids: Iterable[str]) -> list[tuple[str, str, str]]:
        out = []
        for chunk in self._ids_chunks(sorted(set(ids))):
            out += [(r["id"], r["type"], r["tenant"]) for r in self._read(
                "UNWIND $ids AS i MATCH (e:Entity {id: i}) WHERE e.type IS NOT NULL "
                "RETURN e.id AS id, e.type AS type, e.tenant AS tenant", ids=chunk)]
        return out

    def get_node(self, node_id: str, scope: Scope | None = None) -> Node | None:
        nodes = self._assemble_nodes(self._entity_rows([node_id]), scope)
        return nodes[0] if nodes else None

    def find_nodes(self, type_: str | None = None, tenant: str | None = None, scope: Scope | None = None,
                   name: str | None = None, **props: Any) -> list[Node]:
        where, params = ["e.type IS NOT NULL"], {}
        if type_:
            where.append("e.type = $type")
            params["type"] = type_
        if tenant:
            where.append("e.tenant = $tenant")
            params["tenant"] = tenant
        rows = self._read(f"MATCH (e:Entity) WHERE {' AND '.join(where)} "
                          "RETURN e.id AS id, e.type AS type, e.tenant AS tenant", **params)
        nodes = self._assemble_nodes([(r["id"], r["type"], r["tenant"]) for r in rows], scope)
        if name:
            needle = name.lower()
            nodes = [n for n in nodes if needle in n.name.lower() or any(needle in a.lower() for a in n.aliases)]
        for k, v in props.items():
            nodes = [n for n in nodes if n.attrs.get(k) == v]
        return sorted(nodes, key=lambda n: (n.type, n.name.lower(), n.id))

    def _edges_with_ends(self, rows: list[dict[str, Any]], scope: Scope | None
                         ) -> tuple[list[Edge], dict[str, Node]]:
        """The readable edges among `rows` and their readable ends, from one batch of detail reads."""
        if not rows:
            return [], {}
        ends: dict[str, tuple[str, str]] = {}
        for r in rows:
            for end in ("src", "dst"):
                if r[f"{end}_type"] is not None:  # an untyped entity is no longer stated by anyone
                    ends[r[end]] = (r[f"{end}_type"], r[f"{end}_tenant"])
        contribs, provs, events = self._details([r["id"] for r in rows] + sorted(ends), scope)
        nodes = {nid: merge_node(nid, t, ten, contribs[nid], provs.get(nid, []), events.get(nid))
                 for nid, (t, ten) in ends.items() if nid in contribs}
        edges = []
        for r in rows:
            # an edge is shown only with both its ends, so it never reveals a hidden entity
            if r["id"] in contribs and r["src"] in nodes and r["dst"] in nodes:
                edges.append(merge_edge(r["src"], r["type"], r["dst"], r["tenant"], contribs[r["id"]],
                                        provs.get(r["id"], [])))
        return edges, nodes

    _EDGE_FIELDS = ("x.id AS id, type(x) AS type, x.tenant AS tenant, a.id AS src, b.id AS dst, "
                    "a.type AS src_type, a.tenant AS src_tenant, b.type AS dst_type, b.tenant AS dst_tenant")

    def edges(self, type_: str | None = None, tenant: str | None = None, scope: Scope | None = None) -> list[Edge]:
        where, params = ["true"], {}
        if type_:
            where.append("type(x) = $type")
            params["type"] = type_
        if tenant:
            where.append("x.tenant = $tenant")
            params["tenant"] = tenant
        rows = self._read(f"MATCH (a:Entity)-[x]->(b:Entity) WHERE {' AND '.join(where)} "
                          f"RETURN {self._EDGE_FIELDS}", **params)
        return sorted(self._edges_with_ends(rows, scope)[0], key=lambda e: e.id)

    def neighbours(self, node_id: str, edge_type: str | None = None, direction: str = "out",
                   scope: Scope | None = None) -> list[tuple[Edge, Node]]:
        if direction not in ("out", "in", "both"):
            raise StoreError(f"direction {direction!r}: use out, in or both")
        patterns = {"out": ["(a:Entity {id: $id})-[x]->(b:Entity)"],
                    "in": ["(a:Entity)-[x]->(b:Entity {id: $id})"]}
        patterns["both"] = patterns["out"] + patterns["in"]
        where = " WHERE type(x) = $type" if edge_type else ""
        params = {"id": node_id, **({"type": edge_type} if edge_type else {})}
        rows: dict[str, dict[str, Any]] = {}
        for pattern in patterns[direction]:
            for r in self._read(f"MATCH {pattern}{where} RETURN {self._EDGE_FIELDS}", **params):
                rows[r["id"]] = r
        edges, nodes = self._edges_with_ends(list(rows.values()), scope)
        if node_id not in nodes:  # the node itself is hidden (or gone): nothing around it shows
            return []
        out = [(e, nodes[e.dst if e.src == node_id else e.src]) for e in edges]
        return sorted(out, key=lambda en: (en[0].type, en[1].name.lower(), en[1].id))

    def counts(self, scope: Scope | None = None) -> dict[tuple[str, str], int]:
        """Number of readable nodes per (type, tenant)."""
        out: dict[tuple[str, str], int] = defaultdict(int)
        for n in self.find_nodes(scope=scope):
            out[(n.type, n.tenant)] += 1
        return dict(out)

    # -- migration helpers -------------------------------------------------------------------------
    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        """Exactly what one document contributed (its own names, attributes and provenance)."""
        doc = self.get_document(doc_id, with_text=True)
        if doc is None:
            return None
        rows = self._read("MATCH (c:Contribution {doc_id: $d}) RETURN c.fact_id AS f, c.kind AS kind, "
                          "c.name AS name, c.aliases AS aliases, c.attrs AS attrs, c.prov AS prov "
                          "ORDER BY c.pos", d=doc_id)
        node_rows = [r for r in rows if r["kind"] == "node"]
        types = {i: (t, ten) for i, t, ten in self._entity_rows(r["f"] for r in node_rows)}
        edge_ids = [r["f"] for r in rows if r["kind"] == "edge"]
        edge_tenants: dict[str, str] = {}
        ends = [dict(zip(("src", "type", "dst"), i.split("|"), strict=True)) for i in edge_ids]
        for chunk in self._chunks(ends):
            for r in self._read("UNWIND $rows AS r MATCH (a:Entity {id: r.src})-[x]->(b:Entity {id: r.dst}) "
                                "WHERE type(x) = r.type RETURN x.id AS id, x.tenant AS t", rows=chunk):
                edge_tenants[r["id"]] = r["t"]
        nodes, edges = [], []
        for r in rows:
            provs = [Provenance.from_dict(p) for p in json.loads(r["prov"])]
            attrs = json.loads(r["attrs"])
            if r["kind"] == "node" and r["f"] in types:
                t, ten = types[r["f"]]
                nodes.append(Node(r["f"], t, r["name"], ten, json.loads(r["aliases"]), attrs, provs))
            elif r["kind"] == "edge" and r["f"] in edge_tenants:
                src, type_, dst = r["f"].split("|")
                edges.append(Edge(src, type_, dst, edge_tenants[r["f"]], attrs, provs))
        return DocumentFacts(doc, self.passages(doc_id), nodes, edges)

    def clear(self) -> None:
        """Delete everything learnloop keeps in this database (tests and migrate --overwrite)."""
        for label in ("Contribution", "Passage", "Event", "Document", "Entity", "LearnloopMeta"):
            self._read(f"MATCH (n:{label}) DETACH DELETE n")
        self._forget_views()
