"""Work reported to a board: an action 'presented to', 'submitted to', 'brought back to' a group.

Runs after the action rules (ORDER 60) so their nodes exist; a
sentence that refers back ('This was presented to the ... Group') takes the action
of the sentence before.
"""
from __future__ import annotations

import bisect
import re

from ingest.extract.context import ExtractionContext
from ingest.extract.rules.entities import Mention
from ingest.extract.rules.learning_support import home_partnership

ORDER = 80

_TO_BOARD = re.compile(
    r"\b(?:presented|reported|submitted|brought\s+back|taken|shared|sent|escalated|went)\s+(?:\w+\s+){0,3}?to\s+"
    r"(?:the|a|our|its|their)\b|\bshared\s+with\s+the\b", re.I)
# 'the review was shared with the Partnership': the document's own partnership, named by its common noun
_OWN = re.compile(r"\s*Partnership\b(?![\u2019']s|\s+(?:Board|Group|Sub))")
_VERBS = ("presented", "reported", "submitted", "brought back", "taken", "shared", "sent", "escalated", "went")
_BACK_REF = re.compile(r"\s*(?:this|these|it|they|the\s+(?:report|paper|review|plan|strategy|findings))\b", re.I)
# A review is reported too: 'two rapid reviews were completed and submitted to the National Panel'.
_SOURCES = ("Action", "Review")
_NATIONAL = "national_body"


def extract(ctx: ExtractionContext) -> None:
    mentions: dict[str, list[Mention]] = ctx.scratch.get("mentions", {})
    if not mentions:
        return
    by_passage: dict[str, list[tuple[int, int, str]]] = {}
    for t in _SOURCES:
        for n in ctx.nodes_of(t):
            for prov in n.provenance:
                if prov.passage_id and prov.start is not None and prov.doc_id == ctx.document.id:
                    by_passage.setdefault(prov.passage_id, []).append((prov.start, prov.end or prov.start, n.id))
    if not by_passage:
        return
    for p in ctx.passages:
        low = p.text.lower()
        if p.id not in by_passage or not any(v in low for v in _VERBS):
            continue
        cues = list(_TO_BOARD.finditer(p.text))
        sources = sorted(by_passage.get(p.id, []))
        bodies = [m for m in mentions.get(p.id, []) if ctx.node(m.nid) is not None and (
            m.type in ("Group", "Partnership") or ctx.node(m.nid).attrs.get("kind") == _NATIONAL)]
        if not cues:
            _at_meeting(ctx, p, sources, bodies)
            continue
        sents = ctx.sentence_spans(p)
        starts = [s for s, _ in sents]
        for cue in cues:
            i = bisect.bisect_right(starts, cue.start()) - 1
            s0, s1 = sents[i]
            dst = [b.nid for b in bodies if cue.end() <= b.start < s1 and b.start - cue.end() < 40]
            if not dst and _OWN.match(p.text, cue.end()):
                dst = [x for x in [home_partnership(ctx)] if x]
            if not dst:
                continue
            src = [x for x in sources if s0 <= x[0] < cue.start()]
            if not src and i > 0 and _BACK_REF.match(p.text, s0):
                src = [x for x in sources if sents[i - 1][0] <= x[0] < s0]
            for _a, _b, nid in src[-1:]:
                if ctx.node(nid).type == "Review" and ctx.node(dst[0]).type == "Agency" and not re.search(
                        r"submitted|sent|notified", cue.group(0), re.I):
                    continue  # only a review's submission goes to a national body
                ctx.add_edge(nid, "REPORTS_TO", dst[0], p, s0, s1, confidence=0.55)


_AT_MEETING = re.compile(r"\s*At\s+(?:the|its|their|a)\s+", re.I)
_PRESENTED = re.compile(r"\b(?:presented|submitted|tabled|brought)\b", re.I)


def _at_meeting(ctx: ExtractionContext, p, sources: list[tuple[int, int, str]], bodies: list[Mention]) -> None:
    """'At the Executive Board in May ... Each partner presented a report': what was presented went to that board."""
    m = _AT_MEETING.match(p.text)
    if not m or not sources:
        return
    board = [b for b in bodies if b.type in ("Group", "Partnership") and m.end() <= b.start <= m.end() + 20]
    if not board:
        return
    for s0, s1 in ctx.sentence_spans(p):
        if not _PRESENTED.search(p.text, s0, s1):
            continue
        for _a, _b, nid in sources:
            if s0 <= _a < s1 and ctx.node(nid).type == "Action":
                ctx.add_edge(nid, "REPORTS_TO", board[0].nid, p, s0, s1, confidence=0.5)
