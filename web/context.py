"""What every page needs: the app's services and the signed-in Principal."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, g

from graph.access import Scope
from graph.schema import load_schema as schema


def services() -> Any:
    """The store, search and accounts the app factory put on app.extensions['learnloop']."""
    svc = current_app.extensions.get("learnloop")
    if svc is None:
        raise RuntimeError("the learnloop services are not set up on this app (use api.app.create_app)")
    return svc


def service(name: str) -> Any:
    svc = services()
    return svc.get(name) if isinstance(svc, dict) else getattr(svc, name, None)


def principal() -> Any:
    """The signed-in Principal (token_id, name, tenant, role, scope); pages require one."""
    p = g.get("principal")
    if p is None:
        abort(401)
    return p


def scope() -> Scope:
    return principal().scope


def known_tenants() -> list[str]:
    """Tenants the schema knows plus any with documents the caller can read, readable ones only."""
    known = list(schema().tenants)
    for doc in service("store").list_documents(scope()):
        if doc.tenant not in known:
            known.append(doc.tenant)
    return scope().tenants(known)
