"""learnloop ingest PATH... --tenant T: documents in, facts out."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from learnloop.audit import audit_cli
from learnloop.services import open_services


def register(sub) -> None:
    p = sub.add_parser("ingest", help="ingest documents (files or folders) into the graph",
                       description="Ingest .txt .md .html .pdf .docx .csv .xlsx files or folders. A folder's "
                                   "manifest.json gives tenant, kind and visibility per file.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--tenant", help="tenant the documents belong to (bbscp, cbscp, lscp, pan-beds, ...)")
    p.add_argument("--visibility", choices=["public", "internal", "restricted"])
    p.add_argument("--kind", help="document kind (annual_report, review, briefing, action_plan, ...)")
    p.add_argument("--review", help="for action plans: the review the plan answers")
    p.add_argument("--force", action="store_true", help="re-ingest even if unchanged")
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes extracting in parallel (default: $LEARNLOOP_INGEST_WORKERS or 2 for large "
                        "inputs; 1 = one file after another; the facts are the same either way)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    services = open_services(args.data)
    try:
        report = ingest_paths(services.store, services.search, [Path(p) for p in args.paths],
                              tenant=args.tenant, visibility=args.visibility, kind=args.kind,
                              review=args.review, force=args.force, progress=sys.stderr.isatty(),
                              workers=args.workers)
        for f in report.files:
            if f.status == "ok":
                audit_cli(services.config, "document.ingest", f.doc_id, None,
                          {"doc_id": f.doc_id, "source": f.path, "passages": f.passages, "entities": f.nodes,
                           "relations": f.edges})
    finally:
        services.close()
    for f in report.files:
        name = Path(f.path).name
        for w in f.warnings:
            print(f"warning: {f.path}: {w.removeprefix(name + ': ')}", file=sys.stderr)
        if f.status == "failed":
            print(f"failed: {f.path}: {f.reason}", file=sys.stderr)
    print(report.summary())
    return 1 if report.failed else 0
