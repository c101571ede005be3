"""Helpers shared by the learning rules (reviews, findings, recommendations, actions).

Not a rule itself (no extract()): it gives each passage's plain text and sentences,
the heading it sits under, and lookups of entities the structure rules found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

from graph.model import Passage
from ingest.extract.context import ExtractionContext
from ingest.extract.patterns import plain, sentences

_HEADINGISH = re.compile(r"^[A-Z0-9'‘\"][^.!?]{1,90}$")


@dataclass
class PassageView:
    passage: Passage
    text: str  # without link markup
    offsets: list[int]  # plain index -> original index
    sents: list[tuple[int, int]]
    heading: str  # the nearest heading path (loader's section, else the last heading-like passage)
    is_heading: bool
    index: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Plain-text span -> span in the passage's own text (for provenance)."""
        start = max(0, min(start, len(self.offsets) - 1))
        end = max(0, min(end, len(self.offsets) - 1))
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]


@dataclass
class LearningState:
    views: list[PassageView] = field(default_factory=list)
    # passage index -> [(review id, start, end)] in plain text of that passage
    review_mentions: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)
    review_core: dict[str, str] = field(default_factory=dict)  # core key -> review id
    plan_rows: bool = False  # an action plan's table rows are read by ingest/extract/action_plan.py, not here
    heading_reviews: dict[int, list[str]] = field(default_factory=dict)  # passage index -> reviews its heading names
    doc_review: str | None = None  # the review this document is about, if it is a review or briefing
    recommendations: dict[str, list[str]] = field(default_factory=dict)  # review id -> recommendation ids


def looks_like_heading(p: Passage, text: str) -> bool:
    if p.kind == "heading":
        return True
    if p.kind != "paragraph" or p.section:
        return False
    t = text.strip()
    # Without a loader's structure (quick benchmark), short title-like lines stand for headings.
    return bool(_HEADINGISH.match(t)) and len(t.split()) <= 12 and not t.endswith((":", ",", ";"))


def state(ctx: ExtractionContext) -> LearningState:
    st = ctx.scratch.get("learning")
    if st is not None:
        return st
    st = LearningState()
    st.plan_rows = bool(re.search(r"action[\s_-]*plan", f"{ctx.document.kind} {ctx.document.title}", re.I))
    heading = ""
    for i, p in enumerate(ctx.passages):
        text, offs = plain(p.text)
        is_head = looks_like_heading(p, text)
        if p.section:
            head = p.section
        else:
            if is_head:
                heading = text.strip()
            head = heading
        st.views.append(PassageView(p, text, offs, sentences(text), head, is_head, i))
    ctx.scratch["learning"] = st
    return st


# -- entities found by the structure rules ---------------------------------------------

def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


_ALIASES = attrgetter("aliases")


_NOT_WORD_AFTER = re.compile(r"(?![\w-])")
_QUOTES = "'’"


def _name_entry(key: str) -> tuple[str, str, tuple[str, ...] | None, re.Pattern | None]:
    r"""How _NameMatcher matches one name (key as _key gives it) where the alternation's branch
    re.sub(r"\\?['’]", "['’]", re.escape(key).replace(r"\ ", r"\s+")) would: the characters it can
    start with, the literal text it starts with, and its words (apostrophes standing for either
    apostrophe, the single spaces for runs of whitespace) or, for a name with a backslash, the branch
    compiled (re.escape and that substitution can then interact)."""
    if "\\" in key:
        alt = re.sub(r"\\?['’]", "['’]", re.escape(key).replace(r"\ ", r"\s+"))
        firsts = _QUOTES if alt.startswith("['’]") else alt[1] if alt[0] == "\\" else alt[0]
        return firsts, "", None, re.compile(alt + r"(?![\w-])")
    firsts = _QUOTES if key[0] == "'" else key[0]
    lead = re.match(r"[^ ']*", key).group()
    return firsts, lead, tuple(key.split(" ")), None


def _match_words(text: str, p: int, words: tuple[str, ...]) -> int:
    """End of words at p (each after a run of whitespace, "'" matching either apostrophe), or -1."""
    n = len(text)
    for i, w in enumerate(words):
        if i:
            if p >= n or not text[p].isspace():
                return -1
            p += 1
            while p < n and text[p].isspace():
                p += 1
        if "'" in w:
            for part_i, part in enumerate(w.split("'")):
                if part_i:
                    if p >= n or text[p] not in _QUOTES:
                        return -1
                    p += 1
                if not text.startswith(part, p):
                    return -1
                p += len(part)
        else:
            if not text.startswith(w, p):
                return -1
            p += len(w)
    return p


class _NameMatcher:
    r"""finditer of (?<![\w-])(?:name1|name2|...)(?![\w-]), the names longest first as entities_in
    writes them, as (start, end) spans, without compiling that alternation (it changes whenever a
    name is added, and compiling it cost more than using it).

    At a place only the names that begin with the character there can match, so they are grouped by
    first character (order kept) and tried one by one, the first to match winning as in the
    alternation, only where such a character starts a word."""

    def __init__(self, keys: list[str], entries: dict[str, tuple]):
        groups: dict[str, list[tuple]] = {}
        for key in keys:
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = _name_entry(key)
            for c in entry[0]:
                groups.setdefault(c, []).append(entry)
        self._groups = groups
        cls = "".join(re.escape(c) for c in sorted(groups))
        # the first character, then the word start behind it: the engine skips straight to such characters
        self._starts = re.compile(rf"[{cls}](?<![\w-][{cls}])")

    def spans(self, text: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        last = 0
        for s in self._starts.finditer(text):
            p = s.start()
            if p < last:
                continue
            for _firsts, lead, words, rx in self._groups[text[p]]:
                if rx is not None:
                    m = rx.match(text, p)
                    if m is None:
                        continue
                    end = m.end()
                else:
                    if not text.startswith(lead, p):
                        continue
                    end = p + len(lead) if len(words) == 1 and lead == words[0] else _match_words(text, p, words)
                    if end < 0 or _NOT_WORD_AFTER.match(text, end) is None:
                        continue
                out.append((p, end))
                last = end
                break
        return out


def entities_in(ctx: ExtractionContext, text: str, types: tuple[str, ...]) -> list[tuple[int, int, str, str]]:
    """(start, end, id, type) of entities of these types named in text, longest match first per place.

    One alternation of every name per set of types, rebuilt only when entities were added."""
    nodes = [n for t in types for n in ctx.nodes_of(t)]
    stamp = (types, len(nodes), sum(map(len, map(_ALIASES, nodes))))
    cache = ctx.scratch.setdefault("learning_entity_rx", {})
    hit = cache.get(types)
    if hit is None or hit[0] != stamp:
        names: dict[str, tuple[str, str]] = {}
        for n in nodes:
            for name in (n.name, *n.aliases):
                name = name.strip()
                if len(name) >= 3:
                    names.setdefault(_key(name), (n.id, n.type))
        if names:
            rx = _NameMatcher(sorted(names, key=len, reverse=True), ctx.scratch.setdefault("learning_entity_names", {}))
        else:
            rx = None
        hit = (stamp, rx, names)
        cache[types] = hit
    _, rx, names = hit
    if rx is None:
        return []
    out = []
    for start, end in rx.spans(text):
        found = names.get(_key(text[start:end]))
        if found:
            out.append((start, end, found[0], found[1]))
    return out


def home_partnership(ctx: ExtractionContext) -> str | None:
    """The partnership whose document this is: its tenant's own, else the one most often mentioned in it."""
    own = [n.id for n in ctx.nodes_of("Partnership") if n.id.split(":")[1:2] == [ctx.tenant]]
    if own:
        return own[0]
    best, best_n = None, 0
    for n in ctx.nodes_of("Partnership"):
        k = sum(1 for p in n.provenance if p.doc_id == ctx.document.id)
        if k > best_n:
            best, best_n = n.id, k
    return best
