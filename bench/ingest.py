"""Ingest throughput, next to spaCy's bare tokenizer on the same text in the same run.

    python -m bench.ingest [--corpus ../shared/corpus] [--target-mb 10] [--no-search] [--workers N]

Prints, for the corpus as it is and replicated to --target-mb of text: KB/s, passages/s
and words/s end to end (load -> passages -> extraction -> SQLite store -> search index),
the bare tokenizer's words/s, and the ratio between them. --workers is passed to
ingest_paths (default: the pipeline's own choice, which starts worker processes only
for at least ingest.pipeline.PARALLEL_MIN_BYTES of text). The copies differ by a marker
line; nothing in the pipeline caches extraction results, so every copy is extracted.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import spacy

from learnloop.config import load_config
from learnloop.services import open_services

SHARED = Path(__file__).resolve().parents[2] / "shared"


def replicate(corpus: Path, dest: Path, target_bytes: int) -> Path:
    """Copies of the corpus's text files (distinct names) until target_bytes of text."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    docs, size, copy = [], 0, 0
    while size < target_bytes:
        for meta in manifest["documents"]:
            src = corpus / meta["file"]
            name = f"{src.stem}-copy{copy:03d}{src.suffix}"
            text = src.read_text(encoding="utf-8")
            # a marker line keeps each copy's content hash distinct, as real documents would be
            (dest / name).write_text(f"Copy {copy}\n\n{text}", encoding="utf-8")
            docs.append({**meta, "file": name})
            size += len(text.encode("utf-8"))
            if size >= target_bytes:
                break
        copy += 1
    (dest / "manifest.json").write_text(json.dumps({"documents": docs}), encoding="utf-8")
    return dest


def text_of(folder: Path) -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))


def tokenizer_words_per_s(text: str) -> float:
    nlp = spacy.blank("en")
    t0 = time.perf_counter()
    words = sum(1 for doc in nlp.tokenizer.pipe(text.split("\n\n")) for t in doc if not t.is_space)
    return words / (time.perf_counter() - t0)


def run_ingest(folder: Path, search: bool, workers: int | None = None) -> dict:
    from ingest.pipeline import default_workers, ingest_paths

    data = Path(tempfile.mkdtemp(prefix="ll-bench-"))
    try:
        services = open_services(config=load_config(data))
        t0 = time.perf_counter()
        report = ingest_paths(services.store, services.search if search else None, [folder], progress=True,
                              workers=workers)
        elapsed = time.perf_counter() - t0
        services.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    text = text_of(folder)
    ok = [f for f in report.files if f.status == "ok"]
    return {"files": len(report.files), "failed": len(report.failed), "bytes": len(text.encode("utf-8")),
            "words": len(text.split()), "passages": sum(f.passages for f in ok), "seconds": elapsed,
            "workers": workers or default_workers()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--target-mb", type=float, default=10.0)
    ap.add_argument("--no-search", action="store_true", help="leave the search index out of the timing")
    ap.add_argument("--workers", type=int, help="extraction processes (default: the pipeline's choice)")
    args = ap.parse_args()
    if not (args.corpus / "manifest.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = []
    with tempfile.TemporaryDirectory(prefix="ll-corpus-") as tmp:
        big = replicate(args.corpus, Path(tmp), int(args.target_mb * 1_000_000))
        for label, folder in (("corpus", args.corpus), (f"corpus x{args.target_mb:g} MB", big)):
            r = run_ingest(folder, not args.no_search, args.workers)
            tok = tokenizer_words_per_s(text_of(folder))
            rows.append((label, r, tok))
    print(f"\n{'':18} {'files':>6} {'failed':>6} {'MB':>6} {'s':>7} {'KB/s':>8} {'passages/s':>11} {'words/s':>9} "
          f"{'tokenizer w/s':>14} {'ratio':>7}")
    for label, r, tok in rows:
        wps = r["words"] / r["seconds"]
        print(f"{label:18} {r['files']:6d} {r['failed']:6d} {r['bytes'] / 1e6:6.2f} {r['seconds']:7.2f} "
              f"{r['bytes'] / 1e3 / r['seconds']:8.0f} {r['passages'] / r['seconds']:11.0f} {wps:9.0f} "
              f"{tok:14.0f} {tok / wps:6.1f}x")
    print("ratio = bare spaCy tokenizer words/s divided by end-to-end ingest words/s (target: <= 20x, "
          ">= 100k words/s end to end on the 10 MB corpus)")
    from ingest.pipeline import PARALLEL_MIN_BYTES, default_workers

    print(f"extraction workers: {args.workers or default_workers()} (used from {PARALLEL_MIN_BYTES / 1e6:g} MB up), "
          f"{os.cpu_count()} CPUs; load average before the run {load_before}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
