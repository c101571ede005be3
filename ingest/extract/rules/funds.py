"""Funding said in a sentence (the structure rules read funding tables): FUNDS with amount and year.

- '<action> was funded by <Agency>' / 'with funding from <Agency>': the agency funds the action;
- '<Agency> awarded <someone> funding to <action>': the agency funds the action;
- 'In 2023/24 <Agency> contributed £40,000 (to the Partnership)': the agency funds the
  partnership named, else the document's own, for that year.
"""
from __future__ import annotations

import re

from ingest.extract.context import ExtractionContext
from ingest.extract.rules.entities import Mention
from ingest.extract.rules.learning_support import home_partnership

ORDER = 86

_FUNDED_BY = re.compile(r"\b(?:funded|paid\s+for|sponsored|financed)\s+(?:jointly\s+|in\s+part\s+|partly\s+)?by\s+"
                        r"(?:the\s+)?|\bwith\s+(?:\w+\s+)?funding\s+from\s+(?:the\s+)?", re.I)
_AWARDED = re.compile(r"\b(?:awarded|granted|gave|provided|secured\s+from)\b[^.;]{0,80}?\bfunding\s+(?:to|for)\b", re.I)
_CONTRIBUTED = re.compile(r"\b(?:contributed|contributes|provided|gave|paid|invested)\s+(?:a\s+total\s+of\s+|an?\s+"
                          r"(?:additional|further)\s+)?(?P<amount>£\s?\d[\d,]*(?:\.\d+)?(?:\s?[km]\b)?)", re.I)
# after an amount: ', the ICB £97,500 and the Constabulary £59,000' (the text up to the next agency)
_AND_AMOUNT = re.compile(r"[^.;£]{0,45}?(?:,|\band\b)\s*(?:the\s+)?")
_AMOUNT_AFTER = re.compile(r"\s*(?:(?:contributed|gave|paid|provided)\s+)?(?P<amount>£\s?\d[\d,]*(?:\.\d+)?(?:\s?[km]\b)?)")
# 'made up of contributions from <council> (£150,000), the ICB (£75,000) and <police> (£35,000)'
_CONTRIBUTIONS = re.compile(r"\bcontributions?\s+(?:\w+\s+){0,2}?(?:from|by|of)\b|\bfunded\s+by\b", re.I)
_BRACKET_AMOUNT = re.compile(r"\s*\(\s*(?P<amount>£\s?\d[\d,]*(?:\.\d+)?(?:\s?[km]\b)?)\s*(?:,[^)]{0,20})?\)")
_FOR_PARTNERSHIP = re.compile(r"\b(?:partnership|budget|safeguarding\s+arrangements|business\s+unit)\b", re.I)
_YEAR = re.compile(r"\b(20\d\d)\s*(?:/|-|\u2013|to)\s*(20)?(\d\d)\b|\b(20\d\d)\b")
_FUNDERS = ("Agency", "Group", "Partnership")


def _year(sent: str, doc_date: str | None) -> str | None:
    m = _YEAR.search(sent)
    if m and m.group(1):
        return f"{m.group(1)}/{(m.group(2) or m.group(1)[:2]) + m.group(3)}"  # as the funding tables give it
    if m:
        return m.group(4)
    return doc_date[:4] if doc_date and re.match(r"\d{4}", doc_date) else None


def _bracketed(ctx: ExtractionContext, p, s0: int, s1: int, ms: list[Mention], home: str | None) -> None:
    """Each agency after 'contributions from' with its amount in brackets funds the partnership named, or the
    document's own."""
    cue = _CONTRIBUTIONS.search(p.text, s0, s1)
    target = [m.nid for m in ms if m.type == "Partnership"] or ([home] if home else [])
    if not target:
        return
    year = _year(p.text[s0:s1], ctx.document.date)
    for m in ms:
        amt = _BRACKET_AMOUNT.match(p.text, m.end) if m.type == "Agency" and m.start >= cue.end() else None
        if amt is not None:
            ctx.add_edge(m.nid, "FUNDS", target[0], p, s0, s1, confidence=0.55,
                         attrs={"amount": amt.group("amount").replace(" ", ""), "year": year})


def extract(ctx: ExtractionContext) -> None:
    mentions: dict[str, list[Mention]] = ctx.scratch.get("mentions", {})
    if not mentions:
        return
    actions: dict[str, list[tuple[int, str]]] = {}
    for n in ctx.nodes_of("Action"):
        for prov in n.provenance:
            if prov.doc_id == ctx.document.id and prov.passage_id and prov.start is not None:
                actions.setdefault(prov.passage_id, []).append((prov.start, n.id))
    home = None
    for p in ctx.passages:
        low = p.text.lower()
        if "fund" not in low and "£" not in p.text and "paid" not in low:
            continue
        ms = [m for m in mentions.get(p.id, []) if ctx.node(m.nid) is not None]
        if not ms:
            continue
        acts = sorted(actions.get(p.id, []))
        for s0, s1 in ctx.sentence_spans(p):
            sent_ms = [m for m in ms if s0 <= m.start and m.end <= s1]
            if not sent_ms:
                continue
            for cue in _FUNDED_BY.finditer(p.text, s0, s1):
                funders = [m for m in sent_ms if m.type in _FUNDERS and 0 <= m.start - cue.end() <= 2]
                done = [a for a0, a in acts if s0 <= a0 < cue.start()]
                for f in funders[:1]:
                    for aid in done[-1:]:
                        ctx.add_edge(f.nid, "FUNDS", aid, p, s0, s1, attrs={"year": _year(p.text[s0:s1], None)},
                                     confidence=0.5)
            for cue in _AWARDED.finditer(p.text, s0, s1):
                funders = [m for m in sent_ms if m.type == "Agency" and m.end <= cue.start()]
                done = [a for a0, a in acts if cue.start() <= a0 < s1]
                for f in funders[-1:]:
                    for aid in done[:1]:
                        ctx.add_edge(f.nid, "FUNDS", aid, p, s0, s1, attrs={"year": _year(p.text[s0:s1], None)},
                                     confidence=0.5)
            if "(" in p.text[s0:s1] and _CONTRIBUTIONS.search(p.text, s0, s1):
                _bracketed(ctx, p, s0, s1, sent_ms, home or home_partnership(ctx))
            for cue in _CONTRIBUTED.finditer(p.text, s0, s1):
                funders = [m for m in sent_ms if m.type == "Agency" and m.end <= cue.start()
                           and cue.start() - m.end <= 40]
                if not funders or not (cue.group(0).lower().startswith("contribut") or _FOR_PARTNERSHIP.search(p.text[s0:s1])):
                    continue  # 'the council paid £2m for a new school' funds no partnership
                target = [m.nid for m in sent_ms if m.type == "Partnership" and m.start >= cue.end()]
                if not target:
                    home = home or home_partnership(ctx)
                    target = [home] if home else []
                year = _year(p.text[s0:s1], None) or _year(p.text, ctx.document.date)  # 'The budget for 2024/25 ...'
                for dst in target[:1]:
                    ctx.add_edge(funders[-1].nid, "FUNDS", dst, p, s0, s1, confidence=0.55,
                                 attrs={"amount": cue.group("amount").replace(" ", ""), "year": year})
                    # '..., the ICB £97,500 and the Constabulary £59,000': the others of the same sentence
                    at = cue.end()
                    for m in [m for m in sent_ms if m.type == "Agency" and m.start >= cue.end()]:
                        more = _AND_AMOUNT.match(p.text, at) if m.start - at < 60 else None
                        amt = _AMOUNT_AFTER.match(p.text, m.end) if more and more.end() == m.start else None
                        if amt is None:
                            continue
                        ctx.add_edge(m.nid, "FUNDS", dst, p, s0, s1, confidence=0.5,
                                     attrs={"amount": amt.group("amount").replace(" ", ""), "year": year})
                        at = amt.end()
