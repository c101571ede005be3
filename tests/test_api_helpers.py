"""Shared set-up for the API tests: a real app over a real data directory (no tests in this module)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from api.app import create_app
from graph.model import DocumentFacts

BASE_SETTINGS: dict[str, Any] = {"TESTING": True, "RATE_LIMIT_PER_MINUTE": 0}


def make_app(data_dir: Path, **settings: Any) -> Flask:
    return create_app({**BASE_SETTINGS, **settings}, data_dir=data_dir)


def services(app: Flask):
    return app.extensions["learnloop"]


def write(app: Flask, *facts: DocumentFacts) -> None:
    """Store documents and index them, as ingest would."""
    rt = services(app)
    for f in facts:
        rt.store.write_document(f)
        if rt.search is not None:
            rt.search.index_document(rt.store, f.document.id)


def auth(app: Flask, role: str, tenant: str, name: str | None = None, expires_days: float | None = None
         ) -> dict[str, str]:
    _info, secret = services(app).accounts.create_token(tenant, role, name, expires_days)
    return {"Authorization": f"Bearer {secret}"}
