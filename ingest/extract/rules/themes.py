"""Themes from the gazetteer's taxonomy, and what addresses them.

Runs last so that the reviews, groups, actions, findings and recommendations found
by earlier rules exist. A review, finding or recommendation addresses the themes
named in the sentence of one of its mentions (findings and recommendations that are
a list item or short paragraph: of the passage); a group those in its own name or
in a sentence that says it works on them; an action those named within a few words
of it. What names no theme takes one from a section heading that is a theme
('Neglect'), and a sentence that refers back ('this review', 'the meetings') gives
its themes to what it refers to.
"""
from __future__ import annotations

import bisect
import re

from ingest.extract.context import ExtractionContext
from ingest.extract.gazetteer import load_gazetteer
from ingest.extract.resolve import tenant_of

ORDER = 90





_SOURCES = ("Review", "Group", "Action", "Finding", "Recommendation")
_PASSAGE_WIDE = {"Action", "Finding", "Recommendation"}
_SHORT_PASSAGE = 400
_NEAR = 80  # characters around an action's own words: its themes are named close by
_MIN_MENTIONS = 1  # characters: a list item or short paragraph is about one thing


def _theme_spans(ctx: ExtractionContext) -> dict[str, list[tuple[int, int, str]]]:
    """Passage id -> (start, end, theme id) for every theme named in it; adds the Theme nodes."""
    gz = load_gazetteer()
    out: dict[str, list[tuple[int, int, str]]] = {}
    for p in ctx.passages:
        for start, end, surface in gz.theme_spans(ctx.spacy_doc(p)):
            theme = gz.theme(surface)
            if theme is None:
                continue
            tid = ctx.add_node("Theme", theme, p, start, end, aliases=[surface], confidence=0.7)
            out.setdefault(p.id, []).append((start, end, tid))
    return out


def _heading_themes(ctx: ExtractionContext) -> dict[str, list[str]]:
    """Section path -> themes its last heading names, when the heading is little more than the theme."""
    gz = load_gazetteer()
    out: dict[str, list[str]] = {}
    for p in ctx.passages:
        sec = p.section or ""
        if sec in out:
            continue
        last = sec.split(" > ")[-1].strip()
        found = []
        for m in gz.theme_re.finditer(last):
            rest = (last[:m.start()] + last[m.end():]).strip(" :-\u2013&,")
            if len(rest) <= 25:  # 'Neglect', 'Child Exploitation and Missing': the heading is the theme
                theme = gz.theme(m.group())
                if theme is not None:
                    found.append(ctx.resolver.resolve("Theme", theme))
        out[sec] = found
    return out


def extract(ctx: ExtractionContext) -> None:
    _drop_idle_roles(ctx)
    spans = _theme_spans(ctx)
    _fix_theme_tenants(ctx)
    if spans:
        _addresses(ctx, spans)
        _anaphora(ctx, spans, ctx.sentence_spans)
        _from_findings(ctx)


def _from_findings(ctx: ExtractionContext) -> None:
    """A review is about what its findings and recommendations are about: the themes two or more of them
    address (one alone may be an aside) become the review's, with the provenance of those edges."""
    has = [e for t in ("HAS_FINDING", "HAS_RECOMMENDATION") for e in ctx.edges_of(t)]
    if not has:
        return
    about: dict[str, list] = {}
    for e in ctx.edges_of("ADDRESSES_THEME"):
        about.setdefault(e.src, []).append(e)
    by_id = {p.id: p for p in ctx.passages}
    counted: dict[tuple[str, str], list] = {}
    for h in has:
        for e in about.get(h.dst, ()):
            counted.setdefault((h.src, e.dst), []).append(e)
    for (rid, tid), edges in counted.items():
        if len(edges) < 2:
            continue
        for e in edges[:2]:
            prov = next((p for p in e.provenance if p.doc_id == ctx.document.id), None)
            if prov is not None:
                ctx.add_edge(rid, "ADDRESSES_THEME", tid, by_id.get(prov.passage_id or ""), prov.start, prov.end,
                             quote=prov.quote, confidence=0.5)


def _addresses(ctx: ExtractionContext, spans: dict[str, list[tuple[int, int, str]]]) -> None:
    sources = [n for t in _SOURCES for n in ctx.nodes_of(t)]
    if not sources:
        return
    headings = _heading_themes(ctx)
    by_id = {p.id: p for p in ctx.passages}
    sent_starts: dict[str, list[int]] = {}
    # a paragraph that holds several findings or recommendations ('R1. ... R2. ...') is not about each one whole
    items: dict[str, int] = {}
    for t in ("Finding", "Recommendation"):
        for n in ctx.nodes_of(t):
            for pid in {p.passage_id for p in n.provenance if p.doc_id == ctx.document.id}:
                items[pid] = items.get(pid, 0) + 1

    def sentence_of(pid: str, pos: int) -> tuple[int, int]:
        starts = sent_starts.get(pid)
        if starts is None:
            starts = [s for s, _ in ctx.sentence_spans(by_id[pid])] or [0]
            sent_starts[pid] = starts
        i = bisect.bisect_right(starts, pos) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(by_id[pid].text)
        return starts[max(i, 0)], end

    for node in sources:
        for prov in list(node.provenance):
            pid = prov.passage_id
            if pid not in by_id or prov.doc_id != ctx.document.id:
                continue
            passage = by_id[pid]
            themes = spans.get(pid, [])
            if prov.start is None:
                s0, s1 = 0, len(passage.text)
            elif passage.kind == "table_row" and prov.start and node.type in _PASSAGE_WIDE:
                s0, s1 = prov.start, prov.end or prov.start  # one cell of a row: its own words
            else:
                s0, _ = sentence_of(pid, prov.start)
                _, s1 = sentence_of(pid, max(prov.start, (prov.end or prov.start) - 1))
            wide = node.type in _PASSAGE_WIDE and (len(passage.text) <= _SHORT_PASSAGE
                                                  or passage.kind in ("list_item", "table_row")) \
                and items.get(pid, 0) < 2 and (passage.kind != "table_row" or not prov.start)
            sentence = passage.text[s0:s1]
            for t0, t1, tid in themes:
                if node.type == "Group" and prov.start is not None:
                    # a group addresses the themes in its own name, or those its sentence says it works on
                    inside = prov.start <= t0 and t1 <= (prov.end or prov.start)
                    if not inside and not (s0 <= t0 and t1 <= s1 and prov.start < t0 and _FOCUS.search(sentence)):
                        continue
                elif node.type == "Action" and prov.start is not None:
                    a0, a1 = prov.start, prov.end or prov.start
                    if not (s0 <= t0 and t1 <= s1 and a0 - _NEAR <= t0 and t1 <= a1 + _NEAR):
                        continue
                elif not (wide or (s0 <= t0 and t1 <= s1)):
                    continue
                ctx.add_edge(node.id, "ADDRESSES_THEME", tid, passage, t0, t1, confidence=0.6)
            if node.type in _PASSAGE_WIDE and not themes:
                # nothing named in its own words: the section heading says what it is about
                for tid in headings.get(passage.section or "", []):
                    if ctx.node(tid):
                        ctx.add_edge(node.id, "ADDRESSES_THEME", tid, passage, confidence=0.5)


_FOCUS = re.compile(
    r"\b(?:focus\w*|overs(?:ee|ees|aw|een|eeing|ight)|responsib\w+|lead(?:s|ing)?|address\w*|tackl\w+|deliver\w*"
    r"|monitor\w*|scrutinis\w*|aims?|purpose|remit|themes?|priorit\w+|works?\s+(?:on|to)|dedicated|specialis\w+"
    r"|consider\w*|review\w*|reduc\w+|prevent\w*|respond\w*|awareness)\b", re.I)
_ANAPHOR = re.compile(
    r"\s*(?:(?:this|the|these|its|their)\s+(?:\w+\s+){0,2}?(?P<noun>review|reviews|group|board|panel|forum"
    r"|network|meetings?|sub-?group|partnership)\b|(?P<pron>it|they|its|their)\b)", re.I)
_NOUN_TYPE = {"review": "Review", "reviews": "Review"}


def _anaphora(ctx: ExtractionContext, spans: dict[str, list[tuple[int, int, str]]],
              sentence_bounds) -> None:
    """'The Board ... This year the meetings have focussed on X': a sentence that names no review or group
    but refers back to one ('this review', 'the group', 'it') addresses its themes for that antecedent."""
    order: list[tuple[str, int, str, str]] = []  # (passage id, start, node id, type) in reading order
    seq = {p.id: i for i, p in enumerate(ctx.passages)}
    for t in ("Review", "Group"):
        for n in ctx.nodes_of(t):
            for prov in n.provenance:
                if prov.passage_id in seq and prov.doc_id == ctx.document.id and prov.start is not None:
                    order.append((prov.passage_id, prov.start, n.id, t))
    if not order:
        return
    order.sort(key=lambda x: (seq[x[0]], x[1]))
    keys = [(seq[x[0]], x[1]) for x in order]
    for p in ctx.passages:
        themes = spans.get(p.id)
        if not themes:
            continue
        for s0, s1 in sentence_bounds(p):
            m = _ANAPHOR.match(p.text, s0)
            if not m:
                continue
            i = bisect.bisect_left(keys, (seq[p.id], s0)) - 1
            if i < 0:
                continue
            if keys[i][0] == seq[p.id] and keys[i][1] >= s0:
                continue
            if any(k[0] == seq[p.id] and s0 <= k[1] < s1 for k in keys[i + 1:i + 4]):
                continue  # the sentence names its own subject
            want = _NOUN_TYPE.get((m.group("noun") or "").lower()) or (None if m.group("pron") else "Group")
            j = i
            while j >= 0 and want and order[j][3] != want and seq[p.id] - keys[j][0] <= 1:
                j -= 1
            if j < 0 or seq[p.id] - keys[j][0] > 1:
                continue  # the antecedent must be in this passage or the one before
            nid = order[j][2]
            for t0, t1, tid in themes:
                if s0 <= t0 and t1 <= s1:
                    ctx.add_edge(nid, "ADDRESSES_THEME", tid, p, t0, t1, confidence=0.5)


def _drop_idle_roles(ctx: ExtractionContext) -> None:
    """A role ('Independent Chair') is kept only where it takes part in a relation: alone it says nothing."""
    linked = {x for e in ctx.result()[1] for x in (e.src, e.dst)}
    for n in ctx.nodes_of("Agency"):
        if n.attrs.get("kind") == "role" and n.id not in linked:
            ctx.remove_node(n.id)


def _fix_theme_tenants(ctx: ExtractionContext) -> None:
    for n in ctx.nodes_of("Theme"):
        t = tenant_of(n.id)
        if t and n.tenant != t:
            n.tenant = t
