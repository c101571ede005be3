"""Entity resolution: one canonical id per real thing per tenant, stable across re-ingests."""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from ingest.extract.context import KnownEntity

# Spelling variants that name the same thing; applied before comparing names.
_VARIANTS = [
    (r"\bchildren's\b", "children"), (r"\bchild's\b", "child"),
    (r"\bpan[- ]beds\b", "pan bedfordshire"), (r"\bsub[- ]groups?\b", "subgroup"),
    (r"\b&\b", "and"), (r"\btask (?:and|&) finish\b", "task and finish"),
    (r"\borganisation", "organization"), (r"\bsafeguarding children partnership\b", "scp"),
]
_DROP = {"the", "a", "an", "of", "for"}


def normalise(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("\u2019", "'")
    for pattern, repl in _VARIANTS:
        s = re.sub(pattern, repl, s)
    words = [w for w in re.findall(r"[a-z0-9]+", s) if w not in _DROP]
    return " ".join(words)


def slug(name: str, limit: int = 80) -> str:
    return "-".join(normalise(name).split())[:limit].strip("-") or "unnamed"


class Resolver:
    """Maps (type, name) to a canonical id, merging abbreviations and near-spellings."""

    def __init__(self, tenant: str, known: list["KnownEntity"] | None = None, threshold: int = 92):
        self.tenant = tenant
        self.threshold = threshold
        self._by_type: dict[str, dict[str, str]] = {}  # type -> normalised name -> id
        self._names: dict[str, str] = {}  # id -> preferred display name
        for k in known or []:
            for n in (k.name, *k.aliases):
                self._remember(k.type, n, k.id)
            self._names.setdefault(k.id, k.name)

    def _remember(self, type_: str, name: str, nid: str) -> None:
        key = normalise(name)
        if key:
            self._by_type.setdefault(type_, {}).setdefault(key, nid)

    def lookup(self, type_: str, name: str) -> str | None:
        key = normalise(name)
        table = self._by_type.get(type_, {})
        if key in table:
            return table[key]
        if len(key) >= 8:
            best, best_score = None, 0.0
            for other, nid in table.items():
                score = fuzz.ratio(key, other)
                if score > best_score:
                    best, best_score = nid, score
            if best_score >= self.threshold:
                return best
        return None

    def resolve(self, type_: str, name: str, aliases: list[str] | tuple[str, ...] = ()) -> str:
        for n in (name, *aliases):
            nid = self.lookup(type_, n)
            if nid:
                break
        else:
            nid = f"{type_.lower()}:{self.tenant}:{slug(name)}"
        for n in (name, *aliases):
            self._remember(type_, n, nid)
        return nid

    def display_name(self, nid: str, name: str) -> str:
        return self._names.setdefault(nid, name)
