"""learnloop reindex [--tenant T]: rebuild the search indexes from the store of record."""
from __future__ import annotations

import argparse
import sys
import time

from tqdm import tqdm

from graph.access import Scope
from learnloop.cli import UserError
from learnloop.services import open_services


def register(sub) -> None:
    p = sub.add_parser("reindex", help="rebuild the search index (one tenant or all) from the store")
    p.add_argument("--tenant", metavar="T", help="only this tenant's index")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from search.errors import SearchError

    services = open_services(args.data, repair=False)
    if services.search is None:
        raise UserError("search is not available in this installation")
    started = time.perf_counter()
    try:
        def progress(docs):
            return tqdm(docs, desc="reindex", unit="doc", file=sys.stderr, disable=None)
        n = services.search.reindex(services.store, tenant=args.tenant, progress=progress)
        passages = services.search.count(Scope.everything())
    except SearchError as exc:
        raise UserError(str(exc)) from None
    finally:
        services.close()
    where = f"tenant {args.tenant}" if args.tenant else "all tenants"
    print(f"reindexed {n} documents of {where} with {services.search.engine} in "
          f"{time.perf_counter() - started:.1f}s ({passages} passages searchable in total)")
    return 0
