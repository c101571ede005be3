"""Shared fixtures. Store tests run against every backend listed in STORE_BACKENDS."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _sqlite_store(tmp_path: Path):
    from graph.sqlite_store import SQLiteStore

    return SQLiteStore(tmp_path / "learnloop.sqlite")


# name -> factory(tmp_path) returning a fresh, empty GraphStore; other backends register here.
STORE_BACKENDS = {"sqlite": _sqlite_store}


# -- neo4j backend (server mode): a real Bolt server for the session, an empty graph per test ----------
def _neo4j_store(tmp_path: Path):
    import os

    from tests import neo4j_server

    if os.environ.get(neo4j_server.SKIP_ENV) == "1":
        pytest.skip(f"neo4j backend disabled by {neo4j_server.SKIP_ENV}=1")
    return neo4j_server.session_server().fresh_store()


STORE_BACKENDS["neo4j"] = _neo4j_store


@pytest.fixture(scope="session", autouse=True)
def _stop_bolt_server():
    yield
    from tests import neo4j_server

    neo4j_server.stop_session_server()


def pytest_collection_modifyitems(items):
    """[neo4j] store tests carry the `neo4j` marker, so `-m "not neo4j"` leaves the Bolt server out."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("store") == "neo4j":
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(params=sorted(STORE_BACKENDS))
def store(request, tmp_path):
    factory = STORE_BACKENDS[request.param]
    s = factory(tmp_path)
    yield s
    s.close()


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus" / "manifest.json").exists():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
