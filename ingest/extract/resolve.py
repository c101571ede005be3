"""Entity resolution: one canonical id per real thing per tenant, stable across re-ingests.

Ids are `type:tenant:slug`. The slug is made from the normalised name, so the same
name gives the same id in every run and every document. Names the gazetteer knows
(abbreviations included) resolve to the gazetteer's canonical name and home tenant;
a group whose name leads with a partnership's area ('Pan Beds ...') belongs to that
partnership's tenant, whichever document mentions it.
"""
from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from graph.access import SHARED_TENANTS
from ingest.extract.gazetteer import load_gazetteer

if TYPE_CHECKING:
    from ingest.extract.context import KnownEntity

# Spelling variants that name the same thing; applied before comparing names.
_VARIANTS = [
    (r"['\u2019]s\b", ""), (r"['\u2019]", ""),
    (r"&", " and "), (r"\bchildrens\b", "children"), (r"\bchilds\b", "child"),
    (r"\bpan[- ]beds\b", "pan bedfordshire"), (r"\bpan-bedfordshire\b", "pan bedfordshire"),
    (r"\bsub[- ]?groups?\b", "subgroup"), (r"\bco-?ordinat", "coordinat"),
    (r"\bmulti[- ]?agency\b", "multi agency"), (r"\bt\s*and\s*f\s*g\b", "task and finish group"),
    (r"\btask (?:and|&) finish\b", "task and finish"), (r"\bwell[- ]being\b", "wellbeing"),
    (r"\borganisation", "organization"), (r"\bsafeguarding children partnership\b", "scp"),
    (r"\bpolicies\b", "policy"), (r"\bprocedures\b", "procedure"),
    # '<Area> Safeguarding Children Leadership Forum' is the '<Area> Leadership Forum'
    (r"\bsafeguarding children (?!scp|partnership|board\b|boards\b)(?=\w+ \w)", ""),
]
_VARIANTS_RE = [(re.compile(p), r) for p, r in _VARIANTS]
# Words whose presence does not change what is named ('Violence and Exploitation Unit').
_DROP = {"the", "a", "an", "of", "for", "and"}


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode().lower()
    for pattern, repl in _VARIANTS_RE:
        s = pattern.sub(repl, s)
    words = [w for w in re.findall(r"[a-z0-9]+", s) if w not in _DROP]
    return " ".join(words)


def slug(name: str, limit: int = 80) -> str:
    return "-".join(normalise(name).split())[:limit].strip("-") or "unnamed"


def tenant_of(node_id: str) -> str | None:
    """The tenant part of a canonical id (`type:tenant:slug`)."""
    parts = node_id.split(":", 2)
    return parts[1] if len(parts) == 3 else None


_ORG_TYPES = {"Agency", "Partnership"}
# What may follow an area's name in a name of its partnership (normalised).
_PARTNERSHIP_WORDS = {"scp", "scps", "safeguarding children board", "safeguarding children boards",
                      "safeguarding children partnerships", "safeguarding partnership", "safeguarding partnerships",
                      "children safeguarding partnership", "local safeguarding children board",
                      "multi agency safeguarding arrangements", "safeguarding arrangements", "lscb"}


# A log of every question put to a Resolver made while recording (see recording() and replays()).
_LOG: ContextVar[list | None] = ContextVar("resolver_log", default=None)


def _recorded(method):
    """Log a top-level call and its answer: the known entities reach extraction only through these.

    Bound per instance, and only while recording, so resolvers that record nothing pay nothing."""
    @wraps(method)
    def wrapper(self, *args):
        log = self._log
        if self._depth:
            return method(self, *args)
        self._depth += 1
        try:
            result = method(self, *args)
        finally:
            self._depth -= 1
        log.append((self._rid, method.__name__, tuple(tuple(a) if isinstance(a, list) else a for a in args), result))
        return result
    return wrapper


_RECORDED = ("known_id", "lookup", "resolve", "display_name")


class Resolver:
    """Maps (type, name) to a canonical id, merging abbreviations and near-spellings."""

    def __init__(self, tenant: str, known: list[KnownEntity] | None = None, threshold: int = 92):
        self.tenant = tenant
        self.threshold = threshold
        self._log = _LOG.get()
        self._depth = 0
        if self._log is not None:
            self._rid = sum(1 for e in self._log if e[1] == "__init__")
            self._log.append((self._rid, "__init__", (tenant, threshold), None))
            for name in _RECORDED:
                setattr(self, name, _recorded(getattr(type(self), name)).__get__(self))
        self.gazetteer = load_gazetteer()
        self._by_type: dict[str, dict[str, str]] = {}  # type -> normalised name -> id
        # the same entries indexed for lookup(), each built on its first use and kept up by _remember:
        # type -> key length -> [(position in table, key, id)], and type -> last word -> [(key, its word
        # set, id)] for keys of three or more distinct words (_nested; only groups need it)
        self._by_len: dict[str, dict[int, list[tuple[int, str, str]]]] = {}
        self._by_head: dict[str, dict[str, list[tuple[str, frozenset[str], str]]]] = {}
        self._names: dict[str, str] = {}  # id -> preferred display name
        by_type, names = self._by_type, self._names
        for k in known or []:  # _remember's work, inline: a document's resolver takes every known entity
            table = by_type.get(k.type)
            for n in (k.name, *k.aliases):
                key = normalise(n)
                if key:
                    if table is None:
                        table = by_type[k.type] = {}
                    table.setdefault(key, k.id)
            names.setdefault(k.id, k.name)

    def _remember(self, type_: str, name: str, nid: str) -> None:
        key = normalise(name)
        if not key:
            return
        table = self._by_type.setdefault(type_, {})
        if key in table:
            return  # the first id given a name keeps it
        table[key] = nid
        by_len = self._by_len.get(type_)
        if by_len is not None:
            by_len.setdefault(len(key), []).append((len(table) - 1, key, nid))
        by_head = self._by_head.get(type_)
        if by_head is not None:
            self._index_head(by_head, key, nid)

    @staticmethod
    def _index_head(by_head: dict[str, list[tuple[str, frozenset[str], str]]], key: str, nid: str) -> None:
        words = key.split()
        word_set = frozenset(words)
        if len(word_set) >= 3:
            by_head.setdefault(words[-1], []).append((key, word_set, nid))

    def _lengths(self, type_: str) -> dict[int, list[tuple[int, str, str]]]:
        by_len = self._by_len.get(type_)
        if by_len is None:
            by_len = self._by_len[type_] = {}
            for pos, (key, nid) in enumerate(self._by_type.get(type_, {}).items()):
                by_len.setdefault(len(key), []).append((pos, key, nid))
        return by_len

    def _heads(self, type_: str) -> dict[str, list[tuple[str, frozenset[str], str]]]:
        by_head = self._by_head.get(type_)
        if by_head is None:
            by_head = self._by_head[type_] = {}
            for key, nid in self._by_type.get(type_, {}).items():
                self._index_head(by_head, key, nid)
        return by_head

    def known_id(self, type_: str, name: str) -> str | None:
        """The id of the gazetteer organisation `name` stands for (abbreviations too)."""
        org = self.gazetteer.org(name) if type_ in _ORG_TYPES else None
        if org is not None and not self.gazetteer.names_here(org, name, self.tenant):
            org = None
        if org is None and type_ == "Partnership":
            org = self._partnership_by_area(name)
        if org is None or org.type != type_:
            return None
        nid = f"{type_.lower()}:{org.tenant or self.tenant}:{slug(org.name)}"
        self._names.setdefault(nid, org.name)
        return nid

    def _partnership_by_area(self, name: str):
        """'Central Bedfordshire Safeguarding Children's Board' -> the known Central Bedfordshire partnership."""
        tenant = self.gazetteer.area_tenant(name)
        if tenant is None:
            return None
        m = self.gazetteer.area_re.match(name)
        rest = normalise(name[m.end():])
        if rest in _PARTNERSHIP_WORDS:
            return next((o for o in self.gazetteer.partnerships() if o.tenant == tenant), None)
        return None

    def home_tenant(self, type_: str, name: str) -> str:
        """The tenant a new entity of this name belongs to."""
        if type_ in ("Group", "Review", "Partnership"):
            return self.gazetteer.area_tenant(name) or self.tenant
        if type_ == "Theme" and self.gazetteer.theme_tenant:
            return self.gazetteer.theme_tenant  # one shared taxonomy, not a copy per partnership
        return self.tenant

    def lookup(self, type_: str, name: str) -> str | None:
        key = normalise(name)
        table = self._by_type.get(type_, {})
        if key in table:
            return table[key]
        if len(key) >= 8:
            best = self._closest(type_, key)
            if best is not None:
                return best
        if type_ == "Group":
            # within one tenant or the shared arrangements: another partnership's 'Practice Learning Group' is not ours
            return self._nested(key, self._heads(type_), (self.home_tenant(type_, name), *SHARED_TENANTS))
        return None

    def _closest(self, type_: str, key: str) -> str | None:
        """The first name in table order with the best fuzz.ratio to key, if that reaches the threshold.

        Only names within 6 characters of key's length are compared (the rule), and of those only the
        lengths at which the ratio could reach the threshold at all: it is at most 200 * shorter / (sum of
        the lengths), so the names skipped could not have been chosen."""
        by_len = self._lengths(type_)
        if not by_len:
            return None
        n = len(key)
        best, best_score, best_pos = None, 0.0, -1
        for length in range(max(1, n - 6), n + 7):
            bucket = by_len.get(length)
            if bucket is None or 200.0 * min(n, length) / (n + length) < self.threshold - 0.5:
                continue
            for pos, other, nid in bucket:
                score = fuzz.ratio(key, other)
                if score > best_score or (score == best_score and best is not None and pos < best_pos):
                    best, best_score, best_pos = nid, score, pos
        return best if best_score >= self.threshold else None

    @staticmethod
    def _nested(key: str, by_head: dict[str, list[tuple[str, frozenset[str], str]]],
                tenants: tuple[str, ...]) -> str | None:
        """'Chief Officers Group' and 'Chief Officers of Partner Agencies Group': one name's words
        inside the other's, same head word, and no other candidate: the same group, named shorter.
        Candidates are the known names of three or more distinct words ending in key's head word,
        of the given tenants."""
        words = set(key.split())
        if len(words) < 3:
            return None
        found = {nid for other, other_words, nid in by_head.get(key.split()[-1], ())
                 if other != key and (words <= other_words or other_words <= words)
                 and tenant_of(nid) in tenants}
        return found.pop() if len(found) == 1 else None

    def _own_area_stripped(self, type_: str, name: str) -> str | None:
        """'KVSCP Practice Learning Group' in a kvscp document is its 'Practice Learning Group'."""
        if type_ != "Group" or self.gazetteer.area_tenant(name) != self.tenant:
            return None
        m = self.gazetteer.area_re.match(name)
        rest = name[m.end():].strip()
        return rest if len(rest.split()) >= 2 else None

    def resolve(self, type_: str, name: str, aliases: list[str] | tuple[str, ...] = ()) -> str:
        nid = None
        short = self._own_area_stripped(type_, name)
        for n in (name, *aliases, *([short] if short else [])):
            nid = self.known_id(type_, n) or self.lookup(type_, n)
            if nid:
                break
        if nid is None:
            nid = f"{type_.lower()}:{self.home_tenant(type_, name)}:{slug(name)}"
        for n in (name, *aliases, *([short] if short else [])):
            self._remember(type_, n, nid)
        return nid

    def display_name(self, nid: str, name: str) -> str:
        return self._names.setdefault(nid, name)


@contextmanager
def recording():
    """Record every question the Resolvers made inside the block are asked, with its answer.

    Extraction sees the known entities only through a Resolver's answers, so an extraction
    run against one list of known entities is exactly what a run against another would have
    been if replays(log, other) holds: the parallel ingest extracts ahead with the entities
    known so far and checks, before writing, that the ones known by then change no answer.
    """
    log: list = []
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)


def replays(log: list, known: list[KnownEntity]) -> bool:
    """True if Resolvers built on `known` give every answer the log recorded, in the same order."""
    resolvers: dict[int, Resolver] = {}
    token = _LOG.set(None)
    try:
        for rid, method, args, result in log:
            if method == "__init__":
                resolvers[rid] = Resolver(args[0], known, args[1])
                continue
            answer: Any = getattr(resolvers[rid], method)(*args)
            if answer != result:
                return False
    finally:
        _LOG.reset(token)
    return True
