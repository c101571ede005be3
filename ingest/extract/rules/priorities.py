"""What a partnership itself works on: its priorities become its themes (Partnership ADDRESSES_THEME).

- '<theme> has been a priority for the <Partnership>', '<theme> remains a key priority';
- '<theme> will be a golden thread throughout all work streams', '... at the heart of what the
  Partnership does';
- a short line or list item under a heading about the partnership's priorities
  ('Strategic Priorities 2024-2025': 'Neglect, Exploitation, Online Safety').

A sentence naming an agency or group (and no partnership) is about that body's priority, not the
partnership's. Runs after the theme rule (ORDER 90), which finds the themes.
"""
from __future__ import annotations

import re

from ingest.extract import patterns as P
from ingest.extract.context import ExtractionContext
from ingest.extract.rules.entities import Mention
from ingest.extract.rules.learning_support import home_partnership, state

ORDER = 95

_PRIORITY = re.compile(r"\b(?:a|our|its|their|the|key|main|strategic|top|clear|continuing|ongoing)\s+(?:\w+\s+)?"
                       r"priorit(?:y|ies)\b|\bpriorit(?:y|ies)\s+(?:for|of)\s+(?:the|our)\b|\bgolden\s+thread\b|"
                       r"\bat\s+the\s+heart\s+of\s+(?:what|all|everything|our)\b", re.I)
# 'the top priority for schools': someone else's priority
_PRIORITY_OF_OTHERS = re.compile(r"\b[Pp]riorit(?:y|ies)\s+(?:for|of)\s+(?!(?:the\s+)?(?:[Pp]artnership|[Bb]oard)\b|our\b|us\b)"
                                 r"(?>(?:(?:the|all)\s+)?)[a-z]")
_PRIORITY_HEAD = re.compile(r"\bpriorit(?:y|ies)\b", re.I)
_SHORT_LINE = 200


def extract(ctx: ExtractionContext) -> None:
    themes = ctx.nodes_of("Theme")
    if not themes:
        return
    home = home_partnership(ctx)
    mentions: dict[str, list[Mention]] = ctx.scratch.get("mentions", {})
    views = {v.passage.id: v for v in state(ctx).views}
    by_id = {p.id: p for p in ctx.passages}
    for theme in themes:
        for prov in theme.provenance:
            p = by_id.get(prov.passage_id or "")
            if p is None or prov.doc_id != ctx.document.id or prov.start is None:
                continue
            sent = next(((s0, s1) for s0, s1 in ctx.sentence_spans(p) if s0 <= prov.start < s1), (0, len(p.text)))
            text = p.text[sent[0]:sent[1]]
            ms = [m for m in mentions.get(p.id, []) if sent[0] <= m.start < sent[1] and ctx.node(m.nid)]
            parts = [m.nid for m in ms if m.type == "Partnership"]
            others = [m for m in ms if m.type in ("Agency", "Group")]
            target = None
            if P.has_any(P.folded(text), ("priorit", "golden", "heart")) and _PRIORITY.search(text) \
                    and not _PRIORITY_OF_OTHERS.search(text):
                if parts:
                    target = parts[0]
                elif not others:
                    target = home
            elif len(p.text) <= _SHORT_LINE and not others:
                view = views.get(p.id)
                heading = (view.heading if view else p.section or "").split(" > ")[-1]
                if _PRIORITY_HEAD.search(heading):
                    target = parts[0] if parts else home
            if target is not None and ctx.node(target) is not None:
                ctx.add_edge(target, "ADDRESSES_THEME", theme.id, p, sent[0], sent[1], confidence=0.5)
