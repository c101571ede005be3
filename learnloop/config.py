"""Where things live: the data directory and the engine settings."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    data_dir: Path
    graph_backend: str = "embedded"  # embedded | neo4j
    search_engine: str = "tantivy"  # whoosh | tantivy

    @property
    def db_path(self) -> Path:
        return self.data_dir / "learnloop.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_config(data_dir: str | os.PathLike | None = None) -> Config:
    """--data DIR, else $LEARNLOOP_DATA, else ./learnloop-data; created on first use."""
    path = Path(data_dir or os.environ.get("LEARNLOOP_DATA") or "learnloop-data").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return Config(
        data_dir=path.resolve(),
        graph_backend=os.environ.get("LEARNLOOP_GRAPH", "embedded"),
        search_engine=os.environ.get("LEARNLOOP_SEARCH", "tantivy"),
    )
