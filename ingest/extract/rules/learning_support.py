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

_NAME_RX: dict[tuple[str, str], re.Pattern] = {}


def _name_rx(node_id: str, names: tuple[str, ...]) -> re.Pattern | None:
    key = (node_id, "|".join(names))
    rx = _NAME_RX.get(key)
    if rx is None:
        alts = []
        for n in names:
            n = n.strip()
            if len(n) < 3:
                continue
            esc = re.sub(r"\\?['’]", "['’]", re.escape(n).replace(r"\ ", r"\s+"))
            alts.append(esc)
        if not alts:
            return None
        alts.sort(key=len, reverse=True)
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")
        if len(_NAME_RX) > 20000:
            _NAME_RX.clear()
        _NAME_RX[key] = rx
    return rx


def entities_in(ctx: ExtractionContext, text: str, types: tuple[str, ...]) -> list[tuple[int, int, str, str]]:
    """(start, end, id, type) of entities of these types named in text, longest match first per place."""
    found = []
    for t in types:
        for n in ctx.nodes_of(t):
            rx = _name_rx(n.id, (n.name, *n.aliases))
            if rx is None:
                continue
            for m in rx.finditer(text):
                found.append((m.start(), m.end(), n.id, t))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out, last_end = [], -1
    for f in found:
        if f[0] >= last_end:
            out.append(f)
            last_end = f[1]
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
