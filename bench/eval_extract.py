"""Fast extraction scoring without the store: corpus -> passages -> extract -> exchange JSON -> score.py.

    python -m bench.eval_extract [--corpus ../shared/corpus] [--out /tmp/x.json] [--details]

`make eval` runs the real pipeline (ingest into a data directory, then export); this
is the quick loop for working on the rules.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from graph.model import Document, Passage
from ingest.extract import extract

SHARED = Path(__file__).resolve().parents[2] / "shared"


def naive_passages(doc_id: str, tenant: str, text: str) -> list[Passage]:
    """Fallback while the loaders are not there: blank-line paragraphs, lines as list items."""
    out, pos = [], 0
    for block in re.split(r"\n\s*\n", text):
        start = text.find(block, pos)
        pos = start + len(block)
        if block.strip():
            out.append(Passage(id=f"{doc_id}#p{len(out)}", doc_id=doc_id, tenant=tenant, seq=len(out),
                               text=block.strip(), start=start, end=pos))
    return out


def passages_for(path: Path, doc_id: str, tenant: str) -> list[Passage]:
    try:
        from ingest.loaders import load
        from ingest.passages import build_passages
    except ImportError:
        return naive_passages(doc_id, tenant, path.read_text(encoding="utf-8"))
    _text, passages = build_passages(doc_id, tenant, load(path))
    return passages


def run(corpus: Path) -> dict:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    entities: dict[str, dict] = {}
    relations: dict[tuple, dict] = {}
    for meta in manifest["documents"]:
        doc_id = Path(meta["file"]).stem
        doc = Document(id=doc_id, tenant=meta["tenant"], title=meta.get("title", doc_id),
                       kind=meta.get("kind", "document"), visibility=meta.get("visibility", "public"),
                       date=meta.get("date"), source=meta["file"])
        passages = passages_for(corpus / meta["file"], doc_id, meta["tenant"])
        nodes, edges = extract(doc, passages)
        for n in nodes:
            d = n.to_dict()
            if n.id in entities:
                old = entities[n.id]
                old["aliases"] = sorted(set(old["aliases"]) | set(d["aliases"]))
                old["provenance"] += d["provenance"]
                for k, v in d["attrs"].items():
                    old["attrs"].setdefault(k, v)
            else:
                entities[n.id] = d
        for e in edges:
            d = e.to_dict()
            relations.setdefault((e.src, e.type, e.dst), d)
    # the exchange format wants Action -RESPONDS_TO-> Review even when modelled through a Recommendation
    has_rec = {(r["dst"]): r["src"] for r in relations.values() if r["type"] == "HAS_RECOMMENDATION"}
    for r in list(relations.values()):
        if r["type"] == "RESPONDS_TO" and r["dst"] in has_rec:
            key = (r["src"], "RESPONDS_TO", has_rec[r["dst"]])
            relations.setdefault(key, {**r, "dst": has_rec[r["dst"]]})
    return {"entities": list(entities.values()), "relations": list(relations.values())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold_seeds.json")
    ap.add_argument("--out", type=Path, default=Path("/tmp/learnloop-eval-export.json"))
    args = ap.parse_args()
    export = run(args.corpus)
    args.out.write_text(json.dumps(export, indent=1), encoding="utf-8")
    print(f"{len(export['entities'])} entities, {len(export['relations'])} relations -> {args.out}")
    return subprocess.call([sys.executable, str(args.gold.parent / "score.py"), str(args.gold), str(args.out)])


if __name__ == "__main__":
    sys.exit(main())
