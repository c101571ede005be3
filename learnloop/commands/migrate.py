"""learnloop migrate --to neo4j|embedded: copy the whole store to the other backend, verified."""
from __future__ import annotations

import argparse
import sys

from graph.migrate import MigrationError, copy_store, is_empty
from graph.store import StoreError
from learnloop.cli import UserError
from learnloop.config import load_config


def register(sub) -> None:
    p = sub.add_parser("migrate", help="copy the store to Neo4j (server mode) or back to the embedded store",
                       description="Copies every document (with its facts, passages and provenance) and every "
                                   "recorded change, then checks counts per type and tenant and that both "
                                   "stores export the same JSON. Neo4j is reached through NEO4J_URI, "
                                   "NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE.")
    p.add_argument("--to", required=True, choices=["neo4j", "embedded"], help="the backend to copy into")
    p.add_argument("--from-data", metavar="DIR",
                   help="with --to neo4j: the embedded data directory to copy from (default: --data)")
    p.add_argument("--overwrite", action="store_true",
                   help="with --to neo4j: empty the Neo4j database first (it must otherwise be empty)")
    p.set_defaults(handler=run)


def _open_neo4j():
    from graph.neo4j_store import Neo4jStore

    try:
        return Neo4jStore.from_env()
    except StoreError as exc:
        raise UserError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from graph.sqlite_store import SQLiteStore

    if args.to == "neo4j":
        config = load_config(args.from_data or args.data)
        if not config.db_path.exists():
            raise UserError(f"no embedded store at {config.db_path}: nothing to copy")
        source, target = SQLiteStore(config.db_path), _open_neo4j()
        where = f"{config.db_path} -> Neo4j"
        if args.overwrite:
            target.clear()
    else:
        if args.from_data or args.overwrite:
            raise UserError("--from-data and --overwrite go with --to neo4j; --to embedded writes into --data")
        config = load_config(args.data)
        source = _open_neo4j()
        target = SQLiteStore(config.db_path)
        where = f"Neo4j -> {config.db_path}"
    try:
        if not is_empty(target):
            hint = "use --overwrite to empty it" if args.to == "neo4j" else "choose an empty --data directory"
            raise UserError(f"the target store is not empty ({hint})")
        print(f"learnloop migrate: {where}", flush=True)
        report = copy_store(source, target)
    except MigrationError as exc:
        raise UserError(str(exc)) from None
    finally:
        source.close()
        target.close()
    print(f"copied {report.documents} document(s) and {report.events} event(s)")
    print(report.table())
    if not report.ok:
        print("learnloop migrate: the copy does not match its source (see the table)", file=sys.stderr)
        return 1
    print("verified: the copy matches its source. The search index is rebuilt from the store on next start.")
    return 0
