"""Helpers shared by the learning rules (reviews, findings, recommendations, actions).

Not a rule itself (no extract()): it gives each passage's plain text and sentences,
the heading it sits under, and lookups of entities the structure rules found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

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


def entities_in(ctx: ExtractionContext, text: str, types: tuple[str, ...]) -> list[tuple[int, int, str, str]]:
    """(start, end, id, type) of entities of these types named in text, longest match first per place.

    One alternation of every name per set of types, rebuilt only when entities were added."""
    nodes = [n for t in types for n in ctx.nodes_of(t)]
    stamp = (types, len(nodes), sum(len(n.aliases) for n in nodes))
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
            alts = sorted(names, key=len, reverse=True)
            body = "|".join(re.sub(r"\\?['’]", "['’]", re.escape(a).replace(r"\ ", r"\s+")) for a in alts)
            rx = re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])")
        else:
            rx = None
        hit = (stamp, rx, names)
        cache[types] = hit
    _, rx, names = hit
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        found = names.get(_key(m.group(0)))
        if found:
            out.append((m.start(), m.end(), found[0], found[1]))
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
