"""Who may read what: the one place where visibility is decided.

A Scope is a set of (tenant, visibility) grants. A document is readable when its
(tenant, visibility) is granted; a fact is readable when at least one of its
supporting documents is. Every read path (store, queries, search, API, web)
takes a Scope and asks it, never its own rule.
"""
from __future__ import annotations

from dataclasses import dataclass

VISIBILITIES = ("public", "internal", "restricted")
SHARED_TENANTS = ("pan-beds", "national")
ROLES = ("practitioner", "scrutineer", "coordinator", "admin")
ANY = "*"


@dataclass(frozen=True)
class Scope:
    grants: frozenset[tuple[str, str]]
    role: str = "system"
    tenant: str | None = None

    def can_read(self, tenant: str, visibility: str) -> bool:
        return ((tenant, visibility) in self.grants) or ((ANY, visibility) in self.grants)

    def can_read_doc(self, doc) -> bool:
        if isinstance(doc, dict):
            return self.can_read(doc["tenant"], doc["visibility"])
        return self.can_read(doc.tenant, doc.visibility)

    def tenants(self, known: list[str] | tuple[str, ...]) -> list[str]:
        """The tenants of `known` this scope can read anything of."""
        return [t for t in known if any(self.can_read(t, v) for v in VISIBILITIES)]

    def narrow(self, tenants: list[str] | None) -> Scope:
        """The same scope limited to some tenants (a caller's own filter); never widens."""
        if not tenants:
            return self
        wanted = set(tenants)
        grants = set()
        for t, v in self.grants:
            if t == ANY:
                grants |= {(w, v) for w in wanted}
            elif t in wanted:
                grants.add((t, v))
        return Scope(frozenset(grants), self.role, self.tenant)

    def sql(self, tenant_col: str = "tenant", vis_col: str = "visibility") -> tuple[str, list[str]]:
        """A SQL predicate and its parameters selecting the readable documents."""
        if not self.grants:
            return "0", []
        parts, params = [], []
        for t, v in sorted(self.grants):
            if t == ANY:
                parts.append(f"({vis_col} = ?)")
                params.append(v)
            else:
                parts.append(f"({tenant_col} = ? AND {vis_col} = ?)")
                params += [t, v]
        return "(" + " OR ".join(parts) + ")", params

    @classmethod
    def everything(cls) -> Scope:
        return cls(frozenset((ANY, v) for v in VISIBILITIES), role="system")

    @classmethod
    def nothing(cls) -> Scope:
        return cls(frozenset(), role="none")

    @classmethod
    def of(cls, tenants: list[str], visibilities: tuple[str, ...] = VISIBILITIES) -> Scope:
        return cls(frozenset((t, v) for t in tenants for v in visibilities))

    @classmethod
    def for_role(cls, role: str, tenant: str) -> Scope:
        """The grants of a token's role for its tenant (see README: Tenants and roles)."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        open_levels = ("public", "internal")
        if role == "admin":
            return cls(frozenset((ANY, v) for v in VISIBILITIES), role, tenant)
        if role == "coordinator":
            return cls(frozenset((ANY, v) for v in open_levels), role, tenant)
        tenants = {tenant, *SHARED_TENANTS}
        grants = {(t, v) for t in tenants for v in open_levels}
        if role == "scrutineer":
            grants.add((tenant, "restricted"))
        return cls(frozenset(grants), role, tenant)
