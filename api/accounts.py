"""Tenants, bearer tokens and the audit log: a small SQLite file beside the store.

Only a SHA-256 hash of each token is kept, so a copy of this file grants nothing.
The audit log is append-only: every write through the API or web, and every read
of restricted material, leaves who, when, what, and the before and after values.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from graph.access import ROLES, Scope
from graph.sqlite_db import SQLiteFile

DEFAULT_TENANTS = (
    ("bbscp", "Bedford Borough Safeguarding Children Partnership"),
    ("cbscp", "Central Bedfordshire Safeguarding Children Partnership"),
    ("lscp", "Luton Safeguarding Children Partnership"),
    ("pan-beds", "Pan Bedfordshire safeguarding arrangements"),
    ("national", "National material (all partnerships)"),
)
TENANT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TOKEN_PREFIX = "ll_"

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS tenants (
  name TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, tenant TEXT NOT NULL,
  role TEXT NOT NULL, created TEXT NOT NULL, expires TEXT, revoked TEXT);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, actor TEXT NOT NULL, token_id TEXT,
  tenant TEXT, role TEXT, action TEXT NOT NULL, target TEXT NOT NULL,
  before TEXT, after TEXT);
CREATE INDEX IF NOT EXISTS audit_ts ON audit(id);
"""


class AccountError(ValueError):
    """A request about tenants or tokens that cannot be done (the message says why)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Tenant:
    name: str
    title: str
    created: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    tenant: str
    role: str
    created: str
    expires: str | None = None
    revoked: str | None = None

    @property
    def active(self) -> bool:
        if self.revoked:
            return False
        return not (self.expires and datetime.fromisoformat(self.expires) <= _now())

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "active": self.active}


@dataclass(frozen=True)
class Principal:
    """Who is asking: a verified token, its role and the Scope every read must use."""
    token_id: str
    name: str
    tenant: str
    role: str
    scope: Scope

    @property
    def actor(self) -> str:
        """How this caller appears in event and audit records."""
        return f"{self.name} ({self.role}, {self.tenant}, token {self.token_id})"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def to_dict(self) -> dict[str, Any]:
        return {"token_id": self.token_id, "name": self.name, "tenant": self.tenant, "role": self.role}


@dataclass(frozen=True)
class AuditRecord:
    id: int
    ts: str
    actor: str
    token_id: str | None
    tenant: str | None
    role: str | None
    action: str
    target: str
    before: Any
    after: Any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class AccountStore(SQLiteFile):
    """accounts.sqlite in the data directory (WAL, shared by CLI and server processes)."""

    def __init__(self, path: str | Path):
        self._open(path)
        con = self._con
        con.executescript(SCHEMA_SQL)
        with self._tx() as c:
            for name, title in DEFAULT_TENANTS:
                c.execute("INSERT OR IGNORE INTO tenants (name, title, created) VALUES (?,?,?)",
                          (name, title, _iso(_now())))

    # -- tenants -------------------------------------------------------------------
    def tenants(self) -> list[Tenant]:
        rows = self._con.execute("SELECT name, title, created FROM tenants ORDER BY name")
        return [Tenant(r[0], r[1], r[2]) for r in rows]

    def tenant_names(self) -> list[str]:
        return [t.name for t in self.tenants()]

    def add_tenant(self, name: str, title: str | None = None) -> Tenant:
        if not TENANT_NAME.match(name or ""):
            raise AccountError(f"tenant name {name!r}: use lower-case letters, digits, '-' or '_' "
                               "(up to 64, starting with a letter or digit)")
        if name == "*":
            raise AccountError("'*' is reserved")
        with self._tx() as con:
            if con.execute("SELECT 1 FROM tenants WHERE name = ?", (name,)).fetchone():
                raise AccountError(f"tenant {name!r} already exists")
            t = Tenant(name, title or name, _iso(_now()))
            con.execute("INSERT INTO tenants (name, title, created) VALUES (?,?,?)", (t.name, t.title, t.created))
        return t

    # -- tokens --------------------------------------------------------------------
    @staticmethod
    def _token(r) -> TokenInfo:
        return TokenInfo(r["id"], r["name"], r["tenant"], r["role"], r["created"], r["expires"], r["revoked"])

    def create_token(self, tenant: str, role: str, name: str | None = None,
                     expires_days: float | None = None) -> tuple[TokenInfo, str]:
        """A new token and its secret; the secret is not stored and cannot be shown again."""
        if role not in ROLES:
            raise AccountError(f"role {role!r}: use one of {', '.join(ROLES)}")
        if tenant not in self.tenant_names():
            raise AccountError(f"unknown tenant {tenant!r}: known are {', '.join(self.tenant_names())} "
                               "(add one with `learnloop tenant add`)")
        if expires_days is not None and expires_days <= 0:
            raise AccountError("expires must be a positive number of days")
        token_id = "tok_" + secrets.token_hex(6)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        created = _now()
        expires = _iso(created + timedelta(days=expires_days)) if expires_days is not None else None
        info = TokenInfo(token_id, name or f"{role}@{tenant}", tenant, role, _iso(created), expires, None)
        with self._tx() as con:
            con.execute("INSERT INTO tokens (id, hash, name, tenant, role, created, expires, revoked) "
                        "VALUES (?,?,?,?,?,?,?,NULL)",
                        (info.id, hash_secret(secret), info.name, info.tenant, info.role, info.created,
                         info.expires))
        return info, secret

    def verify(self, secret: str | None) -> Principal | None:
        """The caller a token secret belongs to; None if unknown, expired or revoked."""
        if not secret or not isinstance(secret, str) or len(secret) > 512:
            return None
        r = self._con.execute("SELECT * FROM tokens WHERE hash = ?", (hash_secret(secret.strip()),)).fetchone()
        if r is None:
            return None
        info = self._token(r)
        if not info.active:
            return None
        return Principal(info.id, info.name, info.tenant, info.role, Scope.for_role(info.role, info.tenant))

    def list_tokens(self) -> list[TokenInfo]:
        return [self._token(r) for r in self._con.execute("SELECT * FROM tokens ORDER BY created, id")]

    def get_token(self, token_id: str) -> TokenInfo | None:
        r = self._con.execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
        return self._token(r) if r else None

    def revoke(self, token_id: str) -> TokenInfo:
        with self._tx() as con:
            r = con.execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
            if r is None:
                raise AccountError(f"no token {token_id!r} (see `learnloop token list`)")
            if not r["revoked"]:
                con.execute("UPDATE tokens SET revoked = ? WHERE id = ?", (_iso(_now()), token_id))
        return self.get_token(token_id)  # type: ignore[return-value]

    # -- audit -----------------------------------------------------------------------
    def audit(self, principal_or_actor: Principal | str, action: str, target: str,
              before: Any = None, after: Any = None) -> int:
        """Append one audit record; returns its id."""
        p = principal_or_actor
        if isinstance(p, Principal):
            actor, token_id, tenant, role = p.actor, p.token_id, p.tenant, p.role
        else:
            actor, token_id, tenant, role = str(p), None, None, None
        with self._tx() as con:
            cur = con.execute(
                "INSERT INTO audit (ts, actor, token_id, tenant, role, action, target, before, after) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (_iso(_now()), actor, token_id, tenant, role, action, target,
                 None if before is None else json.dumps(before, default=str),
                 None if after is None else json.dumps(after, default=str)))
        return int(cur.lastrowid)

    def audit_log(self, limit: int = 100, offset: int = 0) -> list[AuditRecord]:
        """Newest first."""
        rows = self._con.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ? OFFSET ?",
                                 (max(0, int(limit)), max(0, int(offset))))
        return [AuditRecord(r["id"], r["ts"], r["actor"], r["token_id"], r["tenant"], r["role"], r["action"],
                            r["target"], json.loads(r["before"]) if r["before"] is not None else None,
                            json.loads(r["after"]) if r["after"] is not None else None) for r in rows]

    def audit_count(self) -> int:
        return int(self._con.execute("SELECT count(*) FROM audit").fetchone()[0])
