"""Working partnerships between bodies: PARTNER_OF from 'works with' sentences.

- '<Partnership> works with other partnerships including the <Board> and the <Partnership>':
  the subject is a partner of each body named after the cue;
- '<Partnership> works collaboratively with the neighbouring Safeguarding Children
  Partnerships in <Area> and <Area>': the partnerships of the areas named;
- '<action> was developed and delivered in partnership with <Agency>': the agency is a
  partner in the action.

The statutory partners (PARTNER_OF an agency to its partnership) come from the structure rules.
"""
from __future__ import annotations

import re

from ingest.extract import patterns as P
from ingest.extract.context import ExtractionContext
from ingest.extract.gazetteer import load_gazetteer
from ingest.extract.rules.entities import Mention

ORDER = 84  # after the actions (60), so 'in partnership with' can reach them

_WORKS_WITH = re.compile(
    r"\b(?:works?|working|worked)\s+(?:closely\s+|collaboratively\s+|jointly\s+|together\s+|in\s+partnership\s+)?"
    r"(?:with|alongside)\b|\bcollaborat(?:es?|ed|ing)\s+with\b", re.I)
_IN_PARTNERSHIP = re.compile(r"\b(?:in\s+partnership|jointly|in\s+collaboration)\s+with\b", re.I)
# the subject's verb phrase before the cue holds no other clause: 'X has continued to work with'
_SUBJECT_GAP = re.compile(r"^\s*(?:\([^)]{1,12}\)\s*)?(?:(?:has|have|had|will|also|continued|continues|to|"
                          r"and|is|are|was|were|now|closely|always|successfully)\s+)*$", re.I)
_PARTNERSHIPS_IN = re.compile(r"\b(?:safeguarding\s+(?:children\s+)?)?partnerships?\s+(?:in|of|for|across)\s+",
                              re.I)
_BODY_TYPES = ("Partnership", "Group")
# words every match holds (folded, as IGNORECASE reads them): a passage without them skips the pattern
_WORKS_WITH_WORDS = ("work", "collaborat")
_IN_PARTNERSHIP_WORDS = ("partnership", "jointly", "collaboration")


def _sentences(ctx: ExtractionContext):
    mentions: dict[str, list[Mention]] = ctx.scratch.get("mentions", {})
    for p in ctx.passages:
        low = p.text.lower()
        if "with" not in low or not ("work" in low or "collaborat" in low or "partnership with" in low):
            continue
        ms = [m for m in mentions.get(p.id, []) if ctx.node(m.nid) is not None]
        for s0, s1 in ctx.sentence_spans(p):
            yield p, s0, s1, [m for m in ms if s0 <= m.start and m.end <= s1]


def _area_partnerships(ctx: ExtractionContext, text: str, p, at: int) -> list[str]:
    """'... Partnerships in Northshire and Southtown': the known partnerships of the areas listed."""
    gz = load_gazetteer()
    if gz.area_re is None:
        return []
    out = []
    for chunk in re.split(r"\s*(?:,|\band\b|&)\s*", text[:80]):
        tenant = gz.area_tenant(chunk.strip())
        if tenant is None:
            break
        org = next((o for o in gz.partnerships() if o.tenant == tenant), None)
        if org is not None:
            nid = ctx.add_node("Partnership", org.name, p, at, at + len(text[:80]), confidence=0.5)
            out.append(nid)
    return out


def extract(ctx: ExtractionContext) -> None:
    if not ctx.scratch.get("mentions"):
        return
    actions = [(prov.passage_id, prov.start, prov.end, n.id) for n in ctx.nodes_of("Action") for prov in n.provenance
               if prov.doc_id == ctx.document.id and prov.start is not None]
    gates: dict[str, tuple[bool, bool]] = {}
    for p, s0, s1, ms in _sentences(ctx):
        text = p.text
        gate = gates.get(p.id)
        if gate is None:
            fold = P.folded(text)
            gate = gates[p.id] = (P.has_any(fold, _WORKS_WITH_WORDS), P.has_any(fold, _IN_PARTNERSHIP_WORDS))
        for cue in _WORKS_WITH.finditer(text, s0, s1) if gate[0] else ():
            subj = [m for m in ms if m.type in ("Partnership", "Group", "Agency") and m.end <= cue.start()]
            if not subj or not _SUBJECT_GAP.match(text[subj[-1].end:cue.start()]):
                continue
            src = subj[-1]
            objs = [m.nid for m in ms if m.type in _BODY_TYPES and m.start >= cue.end() and m.nid != src.nid]
            tail = text[cue.end():s1]
            area = _PARTNERSHIPS_IN.search(tail)
            if area and area.start() < 60:
                objs += _area_partnerships(ctx, tail[area.end():], p, cue.end() + area.end())
            if src.type == "Agency":
                objs = [o for o in objs if ctx.node(o).type == "Partnership"]
            for dst in dict.fromkeys(objs):
                if dst != src.nid:
                    ctx.add_edge(src.nid, "PARTNER_OF", dst, p, s0, s1, confidence=0.5)
        for cue in _IN_PARTNERSHIP.finditer(text, s0, s1) if gate[1] else ():
            agencies = [m for m in ms if m.type in ("Agency", "Group") and 0 <= m.start - cue.end() <= 6]
            done = [a for pid, a0, _a1, a in actions if pid == p.id and s0 <= a0 < cue.start()]
            for ag in agencies[:1]:
                for aid in done[-1:]:
                    ctx.add_edge(ag.nid, "PARTNER_OF", aid, p, s0, s1, confidence=0.5)
