"""learnloop documents list|delete: what is stored, and retracting a document."""
from __future__ import annotations

import argparse

from graph.store import StoreError
from learnloop.audit import audit_cli
from learnloop.cli import UserError
from learnloop.services import open_services


def register(sub) -> None:
    p = sub.add_parser("documents", help="list stored documents or delete (retract) one")
    dsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = dsub.add_parser("list", help="list documents")
    ls.add_argument("--tenant")
    ls.set_defaults(handler=run_list)
    rm = dsub.add_parser("delete", help="retract everything a document contributed")
    rm.add_argument("doc_id")
    rm.set_defaults(handler=run_delete)


def run_list(args: argparse.Namespace) -> int:
    services = open_services(args.data, repair=False)
    try:
        for d in services.store.list_documents(tenant=args.tenant):
            print(f"{d.id}\t{d.tenant}\t{d.visibility}\t{d.kind}\t{d.title}")
    finally:
        services.close()
    return 0


def run_delete(args: argparse.Namespace) -> int:
    services = open_services(args.data, repair=False)
    try:
        doc = services.store.get_document(args.doc_id)
        try:
            summary = services.store.retract_document(args.doc_id)
        except StoreError as exc:
            raise UserError(str(exc)) from None
        if services.search is not None and doc is not None:
            services.search.remove_document(args.doc_id, doc.tenant)
        audit_cli(services.config, "document.delete", args.doc_id, doc.to_dict() if doc else None,
                  {"facts_removed": summary.facts_removed, "facts_kept": summary.facts_kept})
    finally:
        services.close()
    print(f"retracted {summary.doc_id}: {summary.facts_removed} facts removed, "
          f"{summary.facts_kept} kept (supported by other documents)")
    return 0
