"""The services one app shares across requests: store, search, accounts (app.extensions['learnloop'])."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from api.accounts import AccountStore
from api.ratelimit import RateLimiter
from graph.store import GraphStore
from learnloop.config import Config

log = logging.getLogger("learnloop.api")

EXTENSION = "learnloop"


@dataclass
class Runtime:
    config: Config
    store: GraphStore
    accounts: AccountStore
    search: Any | None = None  # search.service.SearchService, None when unavailable
    search_error: str = ""
    limiter: RateLimiter = field(default_factory=RateLimiter)

    def tenant_names(self) -> list[str]:
        """Tenants known to accounts and to the store (a document may name a tenant added later)."""
        known = set(self.accounts.tenant_names())
        known |= {d.tenant for d in self.store.list_documents()}
        return sorted(known)

    def close(self) -> None:
        self.store.close()
        self.accounts.close()
        if self.search is not None and hasattr(self.search, "close"):
            self.search.close()


def runtime() -> Runtime:
    """The current app's services (for API and web views)."""
    return current_app.extensions[EXTENSION]


def open_runtime(config: Config, repair: bool = True) -> Runtime:
    from graph.store import open_store

    store = open_store(config)
    accounts = AccountStore(config.data_dir / "accounts.sqlite")
    search, error = None, ""
    try:
        from search.service import open_search
    except ImportError:
        error = "search is not installed in this build"
    else:
        try:
            search = open_search(config)
            if repair:
                search.repair(store)
        except Exception as exc:  # the API still serves everything else; search answers 503
            log.warning("search unavailable: %s", exc)
            search, error = None, "the search index could not be opened; an operator can rebuild it"
    return Runtime(config=config, store=store, accounts=accounts, search=search, search_error=error)
