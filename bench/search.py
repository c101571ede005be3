"""Search benchmark: whoosh and tantivy side by side with SQLite FTS5 as the baseline.

    python -m bench.search [--sizes 1000,10000,100000] [--whoosh-max 100000] [--rounds 5]

For each size it generates a corpus of passages from the paragraphs of
../shared/corpus (sentences recombined with a fixed seed, spread over 4 tenants,
with kinds, years, visibility levels, themes and agencies), builds every
engine's index from the same passages, and runs the same 20 realistic queries,
each filtered to one tenant as a practitioner of it would see (public and
internal levels), with snippets and facets. It prints index build passages/s,
index size and query p50/p95, with ratios to FTS5.
"""
from __future__ import annotations

import argparse
import html
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from graph.access import Scope
from graph.model import Document, Passage
from search.query import And, FieldFilter, Node, Not, Or, Phrase, Word, YearRange, parse
from search.service import SearchService, open_index

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = 20240611
TENANTS = ("bbscp", "cbscp", "lscp", "pan-beds")
KINDS = ("annual_report", "review", "strategy", "partnership_page", "learning_briefing", "minutes")
PASSAGES_PER_DOC = 25
# Keyword -> theme/agency, so that filters and facets have realistic, text-correlated values.
THEMES = {"neglect": "Neglect", "exploitation": "Child exploitation", "county lines": "Child exploitation",
          "domestic abuse": "Domestic abuse", "mental health": "Mental health", "online": "Online safety",
          "early help": "Early help", "training": "Workforce development", "school": "Education",
          "missing": "Missing children", "sexual": "Sexual abuse", "voice of the child": "Voice of the child"}
AGENCIES = {"police": "Bedfordshire Police", "health": "Health services", "school": "Schools",
            "council": "Local authority", "probation": "Probation"}

QUERIES = [
    "neglect",
    "county lines AND theme:exploitation",
    '"domestic abuse"',
    '"mental health" training',
    "safeguarding partnership",
    "theme:neglect year:2018..2022",
    "police OR health",
    "exploitation -sexual",
    "kind:review learning",
    '"early help"',
    "schools attendance",
    "practitioners",
    "audit year:2021",
    "agency:police children",
    "(neglect OR abuse) AND children",
    "independent scrutiny",
    '"child protection" plan',
    "online safety",
    '"voice of the child"',
    "training -online",
]


# ---- corpus ---------------------------------------------------------------------------------------

def sentences_from_corpus(corpus: Path) -> list[str]:
    out = []
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if len(para) < 40:
                continue
            out += [s for s in re.split(r"(?<=[.!?])\s+", para) if len(s.split()) >= 4]
    return out


def generate(n: int, sentences: list[str], seed: int = SEED) -> list[tuple[Document, list[Passage], dict]]:
    """n passages in documents of PASSAGES_PER_DOC, reproducibly."""
    rnd = random.Random(seed)
    docs = []
    made = 0
    d = 0
    while made < n:
        tenant = TENANTS[d % len(TENANTS)]
        vis = rnd.choices(("public", "internal", "restricted"), weights=(7, 2, 1))[0]
        year = rnd.randint(2015, 2024)
        kind = rnd.choice(KINDS)
        doc_id = f"{tenant}/bench-{d}"
        doc = Document(id=doc_id, tenant=tenant, title=f"{kind.replace('_', ' ').title()} {year} no. {d}",
                       kind=kind, visibility=vis, date=f"{year}-{rnd.randint(1, 12):02d}")
        review = {"id": f"review:{tenant}:child-v{d % 40}", "type": "Review", "name": f"Child V{d % 40}"}
        passages, ents = [], {}
        for i in range(min(PASSAGES_PER_DOC, n - made)):
            text = " ".join(rnd.choice(sentences) for _ in range(rnd.randint(1, 4)))
            pid = f"{doc_id}#p{i}"
            passages.append(Passage(id=pid, doc_id=doc_id, tenant=tenant, seq=i, text=text,
                                    section=f"Section {i // 5 + 1}", page=i // 3 + 1))
            low = text.lower()
            e = [{"id": f"theme:{name.lower().replace(' ', '-')}", "type": "Theme", "name": name}
                 for key, name in THEMES.items() if key in low]
            e += [{"id": f"agency:{name.lower().replace(' ', '-')}", "type": "Agency", "name": name}
                  for key, name in AGENCIES.items() if key in low]
            if kind == "review":
                e.append(review)
            ents[pid] = list({x["id"]: x for x in e}.values())
        made += len(passages)
        docs.append((doc, passages, ents))
        d += 1
    return docs


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# ---- SQLite FTS5 baseline --------------------------------------------------------------------------

class FTS5:
    """The same passages in one FTS5 table (porter stemming), filters and facets in SQL."""

    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = sqlite3.connect(path)
        self.con.executescript("""
            PRAGMA journal_mode=WAL;
            CREATE VIRTUAL TABLE fts USING fts5(
              text, section, title, theme_text, review_text, agency_text, entity_text,
              pid UNINDEXED, doc_id UNINDEXED, tenant UNINDEXED, visibility UNINDEXED,
              kind UNINDEXED, year UNINDEXED, page UNINDEXED,
              tokenize = 'porter unicode61');
            CREATE TABLE passage_themes (r INTEGER NOT NULL, theme TEXT NOT NULL);
        """)

    def build(self, docs) -> None:
        from search.base import passage_record

        rows, themes = [], []
        rowid = 0
        for doc, passages, ents in docs:
            for p in passages:
                rowid += 1
                r = passage_record(doc, p, ents.get(p.id, []))
                rows.append((rowid, r["text"], r["section"], r["title"], " | ".join(r["theme_text"]),
                             " | ".join(r["review_text"]), " | ".join(r["agency_text"]),
                             " | ".join(r["entity_text"]), r["pid"], r["doc_id"], r["tenant"], r["visibility"],
                             r["kind"], r["year"], r["page"]))
                themes += [(rowid, t) for t in r["themes"]]
        with self.con:
            self.con.executemany("INSERT INTO fts (rowid, text, section, title, theme_text, review_text, "
                                 "agency_text, entity_text, pid, doc_id, tenant, visibility, kind, year, page) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            self.con.executemany("INSERT INTO passage_themes VALUES (?, ?)", themes)
            self.con.execute("CREATE INDEX passage_themes_r ON passage_themes(r)")
        self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))

    def search(self, query: str, tenant: str, levels: tuple[str, ...], limit: int = 10) -> tuple[int, list]:
        match, where, params = fts5_translate(parse(query))
        where = ["fts MATCH ?", "tenant = ?", f"visibility IN ({','.join('?' * len(levels))})", *where]
        args = [match, tenant, *levels, *params]
        cond = " AND ".join(where)
        hits = self.con.execute(
            f"SELECT pid, doc_id, title, section, page, "
            f"snippet(fts, 0, char(2), char(3), '…', 40), bm25(fts, 1.0, 0.5, 0.3) AS score "
            f"FROM fts WHERE {cond} ORDER BY score LIMIT ?", [*args, limit]).fetchall()
        # FTS5 does not escape: escape around private markers, then turn them into <mark>.
        hits = [(*h[:5], html.escape(h[5]).replace("\x02", "<mark>").replace("\x03", "</mark>"), -h[6])
                for h in hits]
        facets: dict[str, Counter] = {"kind": Counter(), "year": Counter(), "theme": Counter()}
        total = 0
        for name, value, n in self.con.execute(
                f"WITH m AS MATERIALIZED (SELECT rowid AS r, kind, year FROM fts WHERE {cond}) "
                "SELECT 'total', NULL, count(*) FROM m "
                "UNION ALL SELECT 'kind', kind, count(*) FROM m GROUP BY kind "
                "UNION ALL SELECT 'year', year, count(*) FROM m GROUP BY year "
                "UNION ALL SELECT 'theme', t.theme, count(*) FROM m JOIN passage_themes t ON t.r = m.r "
                "GROUP BY t.theme", args):
            if name == "total":
                total = n
            else:
                facets[name][value] = n
        return total, hits

    def close(self) -> None:
        self.con.close()


def _fts_terms(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_match(node: Node) -> str:
    body = "{text section title}"
    if isinstance(node, (Word, Phrase)):
        return f"{body} : {_fts_terms(node.text)}"
    if isinstance(node, FieldFilter) and node.name in ("theme", "review", "agency", "entity"):
        return f"{node.name}_text : {_fts_terms(node.value)}"
    if isinstance(node, And):
        pos = [fts5_match(c) for c in node.children if not isinstance(c, Not)]
        neg = [fts5_match(c.child) for c in node.children if isinstance(c, Not)]
        out = "(" + " AND ".join(pos) + ")"
        return out + (" NOT (" + " OR ".join(neg) + ")" if neg else "")
    if isinstance(node, Or):
        return "(" + " OR ".join(fts5_match(c) for c in node.children) + ")"
    raise ValueError(f"the FTS5 baseline cannot express {node!r}")


def fts5_translate(tree: Node) -> tuple[str, list[str], list]:
    """Our query tree as an FTS5 MATCH string plus SQL conditions for kind/tenant/year (top level only)."""
    parts = list(tree.children) if isinstance(tree, And) else [tree]
    where, params, rest = [], [], []
    for p in parts:
        if isinstance(p, FieldFilter) and p.name in ("kind", "tenant"):
            where.append(f"{p.name} = ?")
            params.append(p.value)
        elif isinstance(p, YearRange):
            where.append("year BETWEEN ? AND ?")
            params += [p.lo if p.lo is not None else 0, p.hi if p.hi is not None else 9999]
        else:
            rest.append(p)
    match = fts5_match(rest[0] if len(rest) == 1 else And(tuple(rest)))
    return match, where, params


# ---- running -------------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def time_queries(run, rounds: int) -> list[float]:
    """Seconds per query over `rounds` passes of the 20 queries, each on a different tenant."""
    for i, q in enumerate(QUERIES):  # warm-up pass: caches, mmaps, lazy imports
        run(q, TENANTS[i % len(TENANTS)])
    out = []
    for r in range(rounds):
        for i, q in enumerate(QUERIES):
            t = TENANTS[(i + r) % len(TENANTS)]
            start = time.perf_counter()
            run(q, t)
            out.append(time.perf_counter() - start)
    return out


def bench_engine(engine: str, docs, workdir: Path, rounds: int) -> dict:
    path = workdir / engine
    svc = SearchService(open_index(engine, path))
    n = sum(len(p) for _d, p, _e in docs)
    start = time.perf_counter()
    with svc.index.bulk():
        for doc, passages, ents in docs:
            svc.index.add_document(doc, passages, ents)
    build = time.perf_counter() - start
    svc.close()
    svc = SearchService(open_index(engine, path))  # query a freshly opened index, as a server would

    totals = {}

    def run(q: str, tenant: str) -> None:
        res = svc.search(q, Scope.for_role("practitioner", tenant), tenants=[tenant], limit=10)
        assert all(h.tenant == tenant and h.visibility != "restricted" for h in res.hits)
        totals[(q, tenant)] = res.total

    times = time_queries(run, rounds)
    result = {"engine": engine, "passages": n, "build_s": build, "rate": n / build, "size": dir_size(path),
              "p50": percentile(times, 0.5), "p95": percentile(times, 0.95), "totals": totals}
    svc.close()
    return result


def bench_fts5(docs, workdir: Path, rounds: int) -> dict:
    fts = FTS5(workdir / "fts5.sqlite")
    n = sum(len(p) for _d, p, _e in docs)
    start = time.perf_counter()
    fts.build(docs)
    build = time.perf_counter() - start
    totals = {}

    def run(q: str, tenant: str) -> None:
        total, _hits = fts.search(q, tenant, ("public", "internal"))
        totals[(q, tenant)] = total

    times = time_queries(run, rounds)
    result = {"engine": "fts5", "passages": n, "build_s": build, "rate": n / build, "size": fts.size(),
              "p50": percentile(times, 0.5), "p95": percentile(times, 0.95), "totals": totals}
    fts.close()
    return result


def fmt_size(b: int) -> str:
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b / 1e3:.0f} kB"


def print_table(rows: list[dict], out=None) -> None:
    out = out or sys.stdout
    base = {r["passages"]: r for r in rows if r["engine"] == "fts5"}
    head = (f"{'passages':>9} {'engine':<8} {'build p/s':>10} {'x fts5':>7} {'size':>9} {'x fts5':>7} "
            f"{'p50 ms':>8} {'x fts5':>7} {'p95 ms':>8} {'x fts5':>7}")
    print(head, file=out)
    print("-" * len(head), file=out)
    for r in rows:
        b = base.get(r["passages"])

        def ratio(key: str, b=b, r=r) -> str:
            return f"{r[key] / b[key]:.2f}" if b and b[key] else "-"
        print(f"{r['passages']:>9} {r['engine']:<8} {r['rate']:>10,.0f} {ratio('rate'):>7} "
              f"{fmt_size(r['size']):>9} {ratio('size'):>7} {r['p50'] * 1000:>8.2f} {ratio('p50'):>7} "
              f"{r['p95'] * 1000:>8.2f} {ratio('p95'):>7}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="passage counts (default 1000,10000,100000)")
    ap.add_argument("--engines", default="tantivy,whoosh,fts5")
    ap.add_argument("--whoosh-max", type=int, default=100_000,
                    help="skip whoosh above this many passages (its build runs at a few hundred/s)")
    ap.add_argument("--rounds", type=int, default=5, help="timed passes over the 20 queries (default 5)")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--keep", type=Path, help="build the indexes here and keep them")
    args = ap.parse_args(argv)
    if not (args.corpus / "manifest.json").exists():
        print(f"bench.search: no corpus at {args.corpus} (../shared beside the checkout)", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    sentences = sentences_from_corpus(args.corpus)
    print(f"corpus: {len(sentences)} sentences from {args.corpus}; seed {SEED}; tenants {', '.join(TENANTS)}; "
          f"{len(QUERIES)} queries x {args.rounds} rounds, each on one tenant as its practitioner "
          f"(public+internal), top 10 with snippets and facets; {os.cpu_count()} CPUs")
    rows, skipped = [], []
    for n in sizes:
        docs = generate(n, sentences)
        work = Path(tempfile.mkdtemp(prefix=f"bench-search-{n}-", dir=args.keep))
        try:
            for engine in engines:
                if engine == "whoosh" and n > args.whoosh_max:
                    skipped.append(f"whoosh at {n:,} passages (--whoosh-max {args.whoosh_max:,})")
                    continue
                print(f"  {n:>7,} passages: {engine} ...", file=sys.stderr, flush=True)
                r = bench_fts5(docs, work, args.rounds) if engine == "fts5" else \
                    bench_engine(engine, docs, work, args.rounds)
                rows.append(r)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    rows.sort(key=lambda r: (r["passages"], ["fts5", "tantivy", "whoosh"].index(r["engine"])))
    print()
    print_table(rows)
    for s in skipped:
        print(f"skipped: {s}")
    # Same passages, same queries: the engines should agree closely on how many passages match.
    by_size: dict[int, list[dict]] = {}
    for r in rows:
        by_size.setdefault(r["passages"], []).append(r)
    for n, rs in by_size.items():
        agree = []
        for r in rs:
            if r["engine"] == "fts5":
                continue
            base = next((b for b in rs if b["engine"] == "fts5"), None)
            if base:
                same = sum(1 for k, v in r["totals"].items() if base["totals"].get(k) == v)
                agree.append(f"{r['engine']} {same}/{len(r['totals'])}")
        if agree:
            print(f"queries x tenants whose match total equals fts5's at {n:,}: " + ", ".join(agree))
    return 0


if __name__ == "__main__":
    sys.exit(main())
