"""learnloop export --format json|graphml: the whole graph in an exchange format."""
from __future__ import annotations

import argparse
import json
import sys

from graph.export import export_graphml, export_json
from learnloop.services import open_services


def register(sub) -> None:
    p = sub.add_parser("export", help="export the graph as JSON (exchange format) or GraphML")
    p.add_argument("--format", choices=["json", "graphml"], default="json")
    p.add_argument("--tenant", help="only facts supported by this tenant's documents")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    services = open_services(args.data, repair=False)
    try:
        if args.format == "json":
            text = json.dumps(export_json(services.store, tenant=args.tenant), indent=1, default=str)
        else:
            text = export_graphml(services.store, tenant=args.tenant)
    finally:
        services.close()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text + "\n")
    return 0
