"""The networkx view of a store: built from its scoped reads, cached until the store changes."""
from __future__ import annotations

import threading
from typing import Any

import networkx as nx

from graph.access import Scope


class GraphViewCache:
    """Mixed into a store that has data_version(), find_nodes() and edges()."""

    _MAX_VIEWS = 64

    def _init_views(self) -> None:
        self._view_lock = threading.Lock()
        self._views: dict[Any, nx.MultiDiGraph] = {}
        self._view_version: Any = None

    def _forget_views(self) -> None:
        with self._view_lock:
            self._views.clear()
            self._view_version = None

    def graph_view(self, scope: Scope | None = None) -> nx.MultiDiGraph:
        """The readable graph as networkx; rebuilt when the store's data version moves (any process)."""
        version = self.data_version()
        with self._view_lock:
            if version != self._view_version:
                self._views.clear()
                self._view_version = version
            view = self._views.get(scope)
        if view is not None:
            return view
        g = nx.MultiDiGraph()
        for n in self.find_nodes(scope=scope):
            g.add_node(n.id, type=n.type, name=n.name, tenant=n.tenant, attrs=n.attrs, aliases=n.aliases)
        for e in self.edges(scope=scope):
            g.add_edge(e.src, e.dst, key=e.type, type=e.type, tenant=e.tenant, attrs=e.attrs)
        with self._view_lock:
            if len(self._views) > self._MAX_VIEWS:
                self._views.clear()
            self._views[scope] = g
        return g
