"""A SQLite file shared by threads and processes: one WAL connection per thread, short write transactions."""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SQLiteFile:
    """Base for the stores kept in SQLite (the graph store, the accounts)."""

    def _open(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA busy_timeout=30000")
            # Checkpoint every ~40 MB of WAL, not every 4 MB: a page rewritten by many small
            # transactions (one per ingested document) is copied into the database file once.
            con.execute("PRAGMA wal_autocheckpoint=10000")
            self._local.con = con
        return con

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: writers take the lock up front, so two processes never deadlock mid-write."""
        con = self._con
        if not getattr(self._local, "writes", False):
            # A writer touches index pages all over the file: a 32 MB page cache (default 2 MB) keeps
            # them between its transactions instead of reading them back from the OS each time.
            # Only connections that write get it (API threads that only read keep the default).
            con.execute("PRAGMA cache_size=-32768")
            self._local.writes = True
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None
            self._local.writes = False
