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
