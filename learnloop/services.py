"""Opening the store of record and its views for one data directory."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore, open_store
from learnloop.config import Config, load_config

log = logging.getLogger(__name__)


@dataclass
class Services:
    config: Config
    store: GraphStore
    search: Any | None  # search.service.SearchService once the search view is available

    def close(self) -> None:
        self.store.close()


def open_services(data_dir: str | None = None, config: Config | None = None, repair: bool = True) -> Services:
    """The store, and the search view repaired from it (documents written but not yet indexed)."""
    config = config or load_config(data_dir)
    store = open_store(config)
    search = None
    try:
        from search.service import open_search
    except ImportError:
        log.debug("search view not available")
    else:
        search = open_search(config)
        if repair:
            search.repair(store)
    return Services(config, store, search)
