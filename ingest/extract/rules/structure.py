"""The partnership's structure: who reports to, belongs to, chairs, sits on, partners and funds whom.

Relations come from the shapes of sentences ('<group> reports to <group>', '<group>
is chaired by <role>', '<agency> is a member of <body>'), from lists under an
introducing sentence ('The relevant agencies are:', 'The following will report to
the <group>:'), from funding tables (agency, £ amount) and from names themselves
('Pan Beds <X> Group' is part of the Pan Bedfordshire arrangements). Meeting
frequencies ('6 x year', 'meets quarterly') become the group's `frequency`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import Passage
from ingest.extract import patterns as P
from ingest.extract.context import ExtractionContext
from ingest.extract.gazetteer import load_gazetteer
from ingest.extract.resolve import tenant_of
from ingest.extract.rules.entities import Mention

ORDER = 40

_SHARED_TENANTS = {"pan-beds", "national"}
_NAME_WORDS = re.compile(r"[\w&-]+")

_REPORTS = re.compile(
    r"\b(?:reports?|reporting|reported)\s+(?:directly\s+|up\s+|back\s+|formally\s+|regularly\s+|annually\s+|quarterly\s+|twice\s+a\s+year\s+)?(?:in)?to\b"
    r"(?!\s+be\b)"
    r"|\b(?:is|are)\s+accountable\s+to\b|\bfeeds?\s+into\b|\bis\s+a\s+sub-?\s?group\s+of\b"
    r"|\breports?\s+(?:are\s+)?(?:presented|submitted|sent)\s+to\b", re.I)
_CHAIRED = re.compile(r"\b(?:co-)?chaired\s+(?:jointly\s+|independently\s+)?by\b|\bchair\s+is\b"
                      r"|(?<=[;\n] )Chair(?=\s*:)|(?<=[;\n])Chair(?=\s*:)", re.I)
_IT = re.compile(r"\s*(?:It|The\s+(?:group|sub-?\s?group|panel|board)|This\s+(?:group|sub-?\s?group|panel|board))\s+"
                 r"(?:is|was|will\s+be|meets|met|has|also)\b")
# A chair named by post: 'chaired by the Head of Safeguarding for the ICB', 'Chair: Detective Superintendent, <force>'
_ROLE_TITLE = re.compile(
    r"\s*(?:the\s+|a\s+|our\s+|:\s*)?(?P<role>(?:(?:Assistant|Deputy|Interim|Acting|Strategic)\s+)?"
    r"(?:Head|Director|Chief\s+(?:Constable|Executive|Nurse|Officer)|Lead\s+Member|Designated\s+(?:Nurse|Doctor|Safeguarding\s+Lead)|Named\s+(?:Nurse|Doctor)|"
    r"Detective\s+(?:Chief\s+)?(?:Superintendent|Inspector)|(?:Chief\s+)?Superintendent|Chief\s+Inspector|"
    r"(?:Partnership\s+)?Business\s+Manager|Service\s+Manager|Principal\s+Social\s+Worker)\b"
    r"(?:(?:\s+(?:of|for|at|in)(?:\s+the)?|\s*,)\s+[A-Z][\w'\u2019&-]*(?:\s+(?:(?:and|of|for|&)\s+)?[A-Z][\w'\u2019&-]*)*)*)")
_CHAIRS = re.compile(r"\b(?:is|as)\s+(?:the\s+)?(?:independent\s+)?chair\s+of\b|\bchairs\s+the\b", re.I)
# 'chaired by the 3 Bedfordshire Local Authority Chief Officers for Education': the councils' officers
_COMMISSIONS = re.compile(r"\b(?:commissions|commissioned|has\s+commissioned)\b(?!\s+by)", re.I)
_COMMISSION_PURPOSE = re.compile(r"\s*(?:\([A-Za-z& ]{2,12}\)\s*)?to\s+(?:provide|deliver|run|carry\s+out|offer)\b", re.I)
_LA_CHAIRS = re.compile(r"[^.;:]{0,60}?\blocal\s+authorit(?:y|ies)\b", re.I)
_ROTATING = re.compile(r"\brotat", re.I)
_MEMBER = re.compile(r"\b(?:is|are)\s+(?:a\s+)?members?\s+of\b|\b(?:sits?|sit)\s+on\b|\bare\s+represented\s+on\b"
                     r"|\battends?\s+the\b", re.I)
_PARTNERS_AS_MEMBERS = re.compile(r"\bmembership\s+(?:from|of|includes)\s+(?:each\s+of\s+|all\s+)?the\s+"
                                  r"(?:three\s+|3\s+)?(?:statutory\s+)?safeguarding\s+partners\b", re.I)
_NAMED_PARTNERS = re.compile(r"\b(?:statutory|three|3|the|our|lead)\s+(?:multi-agency\s+)?safeguarding\s+partners\b"
                             r"|\bsafeguarding\s+partners\s+(?:are|for|from)\b|\b(?:statutory|three|3)\s+partners\b", re.I)
# '<Partnership> is led by <council>, <police> and <ICB>': the statutory partners by what they do
_LED_BY_PARTNERS = re.compile(r"\b(?:is|are)\s+(?:jointly\s+|collectively\s+)?led\s+by\b|\bbrings?\s+together\b"
                              r"|\bis\s+a\s+partnership\s+(?:between|of)\b", re.I)
_STATUTORY_KINDS = {"local_authority", "icb", "ccg", "police"}
_LIST_MEMBERS = re.compile(r"relevant\s+agenc|\bmembers(?:hip)?\b|represent", re.I)
_LIST_PARTNERS = re.compile(r"(?:safeguarding|statutory)\s+partner|partner\s+agencies", re.I)
_LIST_REPORTS = re.compile(r"\b(?:will\s+|which\s+)?reports?\s+(?:in)?to\b|\breporting\s+(?:in)?to\b"
                           r"|accountable\s+to|\bsupported\s+by\s+(?:the\s+following|these|its|a\s+number)"
                           r"|\bsub-?\s?groups\s+of\b|\bits\s+sub-?\s?groups\b", re.I)
_LIST_INTRO = re.compile(r"\b(?:listed|set\s+out|shown)\s+below\b|\bas\s+follows\b|\bthe\s+following\b"
                         r"|\bbelow\s*:", re.I)
_THE_HEAD = re.compile(r"\bthe\s+(Board|Executive|Group|Panel|Committee|Forum)\b")
_RELEVANT = re.compile(r"relevant", re.I)
# a list item written as text: '· item', '• item', '* item', '- item' (the dash only at the start)
_BULLET_START = re.compile(r"\s*[\u00b7\u2022*\-]\s")
_BULLET_LINE = re.compile(r"(?m)^\s*[\u00b7\u2022*]\s*(.+)$")
_BULLETS = ("\u00b7", "\u2022", "*")  # one of them is in every _BULLET_LINE match
_LOCAL_AUTHORITY = re.compile(r"\s*(?:the\s+)?local\s+authority\b", re.I)
_CONSIST = re.compile(r"\b(?:consists?\s+of|comprises?|is\s+made\s+up\s+of|structure\s+(?:has|includes))\b", re.I)
_OUR_ARRANGEMENTS = re.compile(r"\s*(?:The|Our)\s+(?:(?:safeguarding|multi-agency|local|partnership)\s+)*"
                               r"(?:arrangements|partnership|structure)\s+(?:consists?|comprises?|is\s+made|includes?)\b")
_CONSIST_WORDS = ("consist", "compris", "made", "structure")  # one is in every _CONSIST match (folded)
_FUND_CONTEXT = re.compile(r"\bfund(?:ed|ing|s)?\b|\bcontribution|\bbudget", re.I)
_AMOUNT = re.compile(r"£\s?\d[\d,]*(?:\.\d+)?(?:\s?[km]\b)?")
_YEAR_SPAN = re.compile(r"\b(20\d\d)\s*(?:/|-|\u2013|to)\s*(20)?(\d\d)\b")
_FREQ = re.compile(
    r"\(\s*(\d+|[a-z]+)\s*x\s*(?:a\s+|per\s+)?year\s*\)|\b(\d+|one|two|three|four|five|six|eight|ten|twelve)\s*"
    r"(?:x|times)\s*(?:a|per|each)?\s*year\b|\b(quarterly|bi-?monthly|monthly|weekly|fortnightly|annually|daily"
    r"|bi-?annually|termly|six-weekly|twice\s+a\s+(?:year|week|month)|once\s+a\s+(?:year|month|week)"
    r"|every\s+(?:two|three|four|six|eight|\d+)\s+(?:weeks|months))\b", re.I)
# every _FREQ match holds one of these (folded as IGNORECASE reads them)
_FREQ_WORDS = ("year", "quarterly", "monthly", "weekly", "fortnightly", "annually", "daily", "twice", "once", "every",
               "termly")
# a table row read as 'Group: <name>; Meets: quarterly': the cell's label says the value is the group's frequency
_FREQ_LABEL = re.compile(r"(?:frequency|meets|meetings?|how\s+often|meeting\s+frequency)\s*:\s*$", re.I)
_MEET = re.compile(r"\bmeets?\b|\bmet\b|\bmeeting(?:s)?\b|\bbasis\b|\bheld\b|\bconvene", re.I)
_NUM = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "eight": "8",
        "ten": "10", "twelve": "12"}
# Words of the names of a partnership's own core bodies: a group named only by these,
# in a partnership's own document, is part of that partnership.
_CORE_WORDS = {"case", "review", "business", "unit", "strategic", "board", "performance", "group", "executive",
               "leadership", "learning", "improvement", "quality", "assurance", "training", "sub", "subgroup",
               "sub-group", "task", "finish", "scrutiny", "coordinating", "co-ordinating", "operational",
               "steering", "policy", "procedures", "and", "of", "the", "&", "practice", "panel", "committee",
               "development", "workforce", "audit", "safeguarding", "children", "partnership", "multi-agency",
               "multi", "agency", "management"}


@dataclass(slots=True)
class _Sent:
    passage: Passage
    start: int
    end: int
    mentions: list[Mention]

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]


def _sentences(ctx: ExtractionContext) -> Iterator[list[_Sent]]:
    """Per passage, its sentences with the entity mentions inside each."""
    mentions: dict[str, list[Mention]] = ctx.scratch.get("mentions", {})
    for p in ctx.passages:
        ms = [m for m in mentions.get(p.id, []) if ctx.node(m.nid)]
        if not ms:
            yield [_Sent(p, 0, len(p.text), [])]  # nothing to relate: no need to split it
            continue
        yield [_Sent(p, s, e, [m for m in ms if m.start >= s and m.end <= e]) for s, e in ctx.sentence_spans(p)]


def own_partnership(ctx: ExtractionContext) -> str | None:
    """The id of the partnership whose document this is, if it is named in it."""
    org = next((o for o in load_gazetteer().partnerships() if o.tenant == ctx.tenant), None)
    if org is not None:
        nid = ctx.resolver.known_id("Partnership", org.name)
        if nid and ctx.node(nid):
            return nid
    # a partnership the gazetteer does not know: the one the document names most
    counts: dict[str, int] = {}
    for n in ctx.nodes_of("Partnership"):
        if tenant_of(n.id) == ctx.tenant:
            counts[n.id] = len(n.provenance)
    return max(counts, key=lambda k: (counts[k], k)) if counts else None


def _of(ms: list[Mention], *types: str) -> list[Mention]:
    return [m for m in ms if m.type in types]


def _edge(ctx: ExtractionContext, src: str, type_: str, dst: str, sent: _Sent, attrs: dict | None = None,
          confidence: float = 0.7) -> None:
    ctx.add_edge(src, type_, dst, sent.passage, sent.start, sent.end, attrs=attrs, confidence=confidence)


# Words one of which every relation cue contains: a substring test is far cheaper than the cues.
_CUE_WORDS = ("partners", "relevant agenc", "led by", "together", "partnership between", "partnership of", "commission", "report", "accountable", "feed", "sub-group", "subgroup", "sub group", "chair", "member", "sit",
              "represented", "attend", "consist", "compris", "made up", "structure")


def _verb_relations(ctx: ExtractionContext, sents: list[_Sent], own: str | None = None) -> None:
    if not any(s.mentions for s in sents):
        return  # every relation here needs something named in its sentence
    if not P.has_any(sents[0].passage.text.lower(), _CUE_WORDS):
        return  # no relation cue anywhere in the passage
    for i, s in enumerate(sents):
        if not s.mentions:
            continue  # every relation here needs something named in its sentence
        text = s.text
        fold = P.folded(text)
        # each pattern below runs only where a word every one of its matches holds is in the sentence
        has_chair = "chair" in fold
        for m in _REPORTS.finditer(text) if P.has_any(fold, ("report", "accountable", "feed", "group")) else ():
            v0, v1 = s.start + m.start(), s.start + m.end()
            after = [x for x in _of(s.mentions, "Group", "Partnership") if x.start >= v1 and x.start - v1 < 120]
            before = [x for x in _of(s.mentions, "Group") if x.end <= v0]
            if not before and i > 0 and not re.search(r"\bthe following\b", text, re.I):
                before = _of(sents[i - 1].mentions, "Group")[-1:]  # 'Information is reported up to ...'
            if after and before:
                for b in _coordinated_before(s, before):  # '<X Sub-group> and the <Y Sub-group> report to ...'
                    _edge(ctx, b.nid, "REPORTS_TO", after[0].nid, s)
        for m in _CHAIRED.finditer(text) if has_chair else ():
            v0, v1 = s.start + m.start(), s.start + m.end()
            group = [x for x in _of(s.mentions, "Group") if x.end <= v0]
            if not group and i > 0 and _IT.match(text):
                group = _of(sents[i - 1].mentions, "Group")[:1]  # 'The X Sub-group ... . It is chaired by ...'
            chair = [x for x in _of(s.mentions, "Agency", "Person") if x.start >= v1]
            role = _ROLE_TITLE.match(s.passage.text, v1)
            if group and role and not (chair and chair[0].start - v1 <= 6 and chair[0].end >= role.end("role")):
                r0, r1 = role.start("role"), role.end("role")
                nid = ctx.add_node("Agency", role.group("role"), s.passage, r0, r1, attrs={"kind": "role"},
                                   confidence=0.6)
                _edge(ctx, group[-1].nid, "CHAIRED_BY", nid, s, confidence=0.6)
                co = _AND_THE.match(s.passage.text, role.end("role"))
                co_role = _ROLE_TITLE.match(s.passage.text, co.end()) if co and "co-" in fold else None
                if co_role:  # 'co-chaired by the Director of ... and the Assistant Chief Constable'
                    nid = ctx.add_node("Agency", co_role.group("role"), s.passage, co_role.start("role"),
                                       co_role.end("role"), attrs={"kind": "role"}, confidence=0.6)
                    _edge(ctx, group[-1].nid, "CHAIRED_BY", nid, s, confidence=0.6)
            elif group and chair:
                _edge(ctx, group[-1].nid, "CHAIRED_BY", chair[0].nid, s)
            elif group:
                la = _LA_CHAIRS.match(s.passage.text, v1)
                for nid in _local_authorities(ctx, group[-1].nid, s, la) if la else []:
                    _edge(ctx, group[-1].nid, "CHAIRED_BY", nid, s, {"rotating": bool(_ROTATING.search(text))},
                          confidence=0.5)
        for m in _CHAIRS.finditer(text) if has_chair else ():
            v0, v1 = s.start + m.start(), s.start + m.end()
            chair = [x for x in _of(s.mentions, "Agency", "Person") if x.end <= v0]
            group = [x for x in _of(s.mentions, "Group") if x.start >= v1]
            if group and chair:
                _edge(ctx, group[0].nid, "CHAIRED_BY", chair[-1].nid, s)
        for m in _MEMBER.finditer(text) if P.has_any(fold, ("member", "sit", "represented", "attend")) else ():
            v0, v1 = s.start + m.start(), s.start + m.end()
            who = [x for x in _of(s.mentions, "Agency", "Person") if x.end <= v0]
            body = [x for x in _of(s.mentions, "Group", "Partnership") if x.start >= v1 and x.start - v1 < 60]
            if who and body:
                for b in _coordinated(s, body[0]):  # 'sits on the X Sub-group and the Y Group'
                    _edge(ctx, who[-1].nid, "MEMBER_OF", b.nid, s)
        for m in _MEMBERSHIP_OF.finditer(text) if "membership" in fold else ():
            # 'Membership of the <Group> comprises <agencies>', '<Group> membership includes <agencies>'
            v0, v1 = s.start + m.start(), s.start + m.end()
            body = [x for x in _of(s.mentions, "Group", "Partnership") if v0 <= x.start < v1][:1] or \
                [x for x in _of(s.mentions, "Group", "Partnership") if x.end <= v0 and v0 - x.end <= 2][-1:]
            for b in body:
                for a in _of([x for x in s.mentions if x.start >= v1], "Agency"):
                    if ctx.node(a.nid).attrs.get("kind") != "role":
                        _edge(ctx, a.nid, "MEMBER_OF", b.nid, s, confidence=0.6)
        for m in _RELEVANT_SENT.finditer(text) if "relevant agenc" in fold else ():
            # 'Relevant agencies include <A>, <B> and <C>', '<A> and <B> are also relevant agencies'
            v0, v1 = s.start + m.start(), s.start + m.end()
            parts = _of(s.mentions, "Partnership")
            target = parts[0].nid if parts else own
            named = [x for x in _of(s.mentions, "Agency") if (x.start >= v1 if m.group("after") else x.end <= v0)]
            for a in named if target else ():
                if ctx.node(a.nid).attrs.get("kind") != "role":
                    _edge(ctx, a.nid, "MEMBER_OF", target, s, confidence=0.6)
        has_partners = "partners" in fold
        if has_partners and _NAMED_PARTNERS.search(text) and not _PARTNERS_AS_MEMBERS.search(text):
            # 'the three statutory safeguarding partners: <council>, <ICB> and <police>'
            parts = _of(s.mentions, "Partnership")
            target = parts[0].nid if parts else own
            for a in _of(s.mentions, "Agency"):
                node = ctx.node(a.nid)
                if target and node is not None and node.attrs.get("kind") in _STATUTORY_KINDS:
                    _edge(ctx, a.nid, "PARTNER_OF", target, s, {"role": "statutory safeguarding partner"})
        if P.has_any(fold, ("led by", "together", "partnership")):
            for m in _LED_BY_PARTNERS.finditer(text):
                v0, v1 = s.start + m.start(), s.start + m.end()
                subj = [x for x in _of(s.mentions, "Partnership") if x.end <= v0]
                for a in _of(s.mentions, "Agency"):
                    node = ctx.node(a.nid)
                    if subj and a.start >= v1 and node is not None and node.attrs.get("kind") in _STATUTORY_KINDS:
                        _edge(ctx, a.nid, "PARTNER_OF", subj[-1].nid, s, {"role": "statutory safeguarding partner"})
        if has_partners and _PARTNERS_AS_MEMBERS.search(text):
            for g in _of(s.mentions, "Group")[:1]:
                for a in _statutory_in_doc(ctx):
                    _edge(ctx, a, "MEMBER_OF", g.nid, s, confidence=0.5)
        for m in _COMMISSIONS.finditer(text) if "commission" in fold else ():
            # '<ICB> commissions <trust> to provide ...': the provider is commissioned by the commissioner
            v0, v1 = s.start + m.start(), s.start + m.end()
            buyer = [x for x in _of(s.mentions, "Agency", "Partnership") if x.end <= v0 and v0 - x.end <= 12]
            seller = [x for x in _of(s.mentions, "Agency") if 0 <= x.start - v1 <= 6]
            if buyer and seller and _COMMISSION_PURPOSE.match(s.passage.text, seller[0].end):
                _edge(ctx, seller[0].nid, "COMMISSIONED_BY", buyer[-1].nid, s, confidence=0.6)
        for m in _CONSIST.finditer(text) if P.has_any(fold, _CONSIST_WORDS) else ():
            v0, v1 = s.start + m.start(), s.start + m.end()
            whole = [x.nid for x in _of(s.mentions, "Partnership") if x.end <= v0]
            if not whole and own and _OUR_ARRANGEMENTS.match(text):
                whole = [own]  # 'The arrangements consist of the <Board>, the <Panel> and ...'
            parts = [x for x in _of(s.mentions, "Group") if x.start >= v1]
            for g in parts:
                if whole:
                    _edge(ctx, g.nid, "PART_OF", whole[-1], s)


_AND_THE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?")


def _coordinated(s: _Sent, first: Mention) -> list[Mention]:
    """A body and those joined to it by 'and' or commas only: 'the X Sub-group, the Y Panel and the Z Group'."""
    out = [first]
    text = s.passage.text
    for m in _of(s.mentions, "Group", "Partnership"):
        if m.start <= out[-1].start:
            continue
        gap = _AND_THE.fullmatch(text, out[-1].end, m.start)
        if gap is None:
            break
        out.append(m)
    return out


def _coordinated_before(s: _Sent, before: list[Mention]) -> list[Mention]:
    """The last body before a verb and those joined to it by 'and' or commas only."""
    out = [before[-1]]
    text = s.passage.text
    for m in reversed(before[:-1]):
        if _AND_THE.fullmatch(text, m.end, out[-1].start) is None:
            break
        out.append(m)
    return out


def _list_relations(ctx: ExtractionContext, all_sents: list[list[_Sent]], own: str | None) -> None:
    """Lists under an introducing sentence: items are members, partners or reporting groups."""
    intro: _Sent | None = None
    last_head: dict[str, str] = {}  # the last group named with each head word ('Board' -> its id)
    cues: dict[tuple[int, str], tuple[_Sent, bool]] = {}  # what an intro says, worked out once for all its items
    for sents in all_sents:
        if not sents:
            continue
        p = sents[0].passage
        if p.kind == "list_item" or _BULLET_START.match(p.text):
            if intro is None:
                continue
            _list_item(ctx, intro, [m for s in sents for m in s.mentions], sents[0], own, cues)
            continue
        if p.kind == "heading":
            # 'Sub-groups of the Executive Board' over a list introduces it; any other heading ends a list
            ms = [m for x in sents for m in x.mentions]
            intro = _Sent(p, 0, len(p.text), ms) if _LIST_REPORTS.search(p.text) and ms else None
            continue
        intro = _Sent(p, 0, len(p.text), [m for s in sents for m in s.mentions]) \
            if p.text.rstrip().endswith(":") or (
                P.has_any(P.folded(p.text), ("below", "follow")) and _LIST_INTRO.search(p.text)) else None
        if intro is not None and not _of(intro.mentions, "Group", "Partnership"):
            back = _THE_HEAD.search(p.text)
            if back and back.group(1) in last_head:
                # 'The following groups are accountable to the Board:': the board the page last named
                intro.mentions.append(Mention(back.start(), back.end(), last_head[back.group(1)], "Group",
                                              back.group()))
        for s in sents:
            for m in _of(s.mentions, "Group"):
                last_head[m.text.rsplit(None, 1)[-1]] = m.nid
        # a passage holding its own bullet lines (plain text without a loader's list items)
        lines = list(_BULLET_LINE.finditer(p.text)) if P.has_any(p.text, _BULLETS) else []
        if lines:
            first = next((s for s in sents if s.end <= lines[0].start() + 1), None)
            if first is not None:
                for ln in lines:
                    ms = [m for s in sents for m in s.mentions if ln.start() <= m.start and m.end <= ln.end()]
                    item = _Sent(p, ln.start(), ln.end(), ms)
                    _list_item(ctx, first, ms, item, own, cues)


def _cue(cues: dict[tuple[int, str], tuple[_Sent, bool]], intro: _Sent, name: str, rx: re.Pattern) -> bool:
    """bool(rx.search(intro.text)), once per introducing sentence (kept with it, so its id stays its own)."""
    k = (id(intro), name)
    hit = cues.get(k)
    if hit is None or hit[0] is not intro:
        hit = cues[k] = (intro, bool(rx.search(intro.text)))
    return hit[1]


def _list_item(ctx: ExtractionContext, intro: _Sent, ms: list[Mention], where: _Sent, own: str | None,
               cues: dict[tuple[int, str], tuple[_Sent, bool]]) -> None:
    agencies = _of(ms, "Agency")
    if _cue(cues, intro, "reports", _LIST_REPORTS):
        dst = _of(intro.mentions, "Group", "Partnership")
        for g in _of(ms, "Group"):
            if dst:
                _edge(ctx, g.nid, "REPORTS_TO", dst[-1].nid, where, confidence=0.6)
        return
    body = _of(intro.mentions, "Group") or _of(intro.mentions, "Partnership")
    target = body[-1].nid if body else own
    if not agencies and _LOCAL_AUTHORITY.match(where.text):
        la = _own_local_authority(ctx, where)
        agencies = [la] if la else []
    if target is None or not agencies:
        return
    for a in agencies:
        if _cue(cues, intro, "partners", _LIST_PARTNERS) and not _cue(cues, intro, "relevant", _RELEVANT):
            if ctx.node(target).type == "Partnership":
                _edge(ctx, a.nid, "PARTNER_OF", target, where)
        elif _cue(cues, intro, "members", _LIST_MEMBERS):
            _edge(ctx, a.nid, "MEMBER_OF", target, where)


_ANNUAL = re.compile(r"\bannual\s+reports?\b", re.I)
_ANNUAL_TO = re.compile(r"\b(?:present|submit|provid|send)\w*\s+(?:an|its|their|the)?\s*annual\s+reports?\s+to\b",
                        re.I)
_PRESENT = re.compile(r"\b(?:present|receiv|submit|produc|provid)\w*", re.I)


def _annual_reports(ctx: ExtractionContext, all_sents: list[list[_Sent]], own: str | None) -> None:
    """'The following will be presented: Annual Reports; <group>, <group>': each reports to the partnership."""
    if own is None:
        return
    armed = 0
    prev = ""
    for sents in all_sents:
        if not sents:
            continue
        p = sents[0].passage
        annual = "annual" in P.folded(p.text)  # both patterns need the word
        if annual and _ANNUAL.search(p.text) and len(p.text) < 60 and _PRESENT.search(prev):
            armed = 2  # 'Annual Reports;' as the label of the list that follows
        elif annual and _ANNUAL_TO.search(p.text):
            armed = 1
        if armed:
            for s in sents:
                for g in _of(s.mentions, "Group"):
                    _edge(ctx, g.nid, "REPORTS_TO", own, s, {"report": "annual report"}, confidence=0.6)
            armed -= 1
        prev = p.text


def _own_local_authority(ctx: ExtractionContext, where: _Sent) -> Mention | None:
    """'Local Authority' in a partnership's own list is its council (the gazetteer's statutory local authority)."""
    gz = load_gazetteer()
    org = next((o for o in gz.orgs if o.type == "Agency" and o.kind == "local_authority" and o.statutory
                and o.tenant == ctx.tenant), None)
    if org is None:
        return None
    m = _LOCAL_AUTHORITY.match(where.text)
    start, end = where.start + m.start(), where.start + m.end()
    nid = ctx.add_node("Agency", org.name, where.passage, start, end, attrs={"kind": org.kind}, confidence=0.6)
    return Mention(start, end, nid, "Agency", m.group().strip())


def _local_authorities(ctx: ExtractionContext, group: str, where: _Sent, m: re.Match) -> list[str]:
    """The councils whose officers chair a group: its own area's, or all of a shared arrangement's areas'."""
    gz = load_gazetteer()
    tenant = tenant_of(group) or ctx.tenant
    if tenant in _SHARED_TENANTS:
        tenants = {o.tenant for o in gz.partnerships() if tenant in o.part_of}
    else:
        tenants = {tenant}
    out = []
    for org in gz.orgs:
        if org.type == "Agency" and org.kind == "local_authority" and org.statutory and org.tenant in tenants:
            nid = ctx.add_node("Agency", org.name, where.passage, m.start(), m.end(), attrs={"kind": org.kind},
                               confidence=0.5)
            out.append(nid)
    return out


def _statutory_in_doc(ctx: ExtractionContext) -> list[str]:
    """Ids of the gazetteer's statutory partners for this area that the document names."""
    gz = load_gazetteer()
    out = []
    for n in ctx.nodes_of("Agency"):
        org = gz.org(n.name)
        if org is not None and org.statutory and org.tenant in (ctx.tenant, *_SHARED_TENANTS):
            out.append(n.id)
    return sorted(out)


def _statutory_partners(ctx: ExtractionContext, own: str | None) -> None:
    """The gazetteer's statutory partners for this area, named in its own document, partner it."""
    if own is None or ctx.tenant in _SHARED_TENANTS:
        return
    gz = load_gazetteer()
    for n in ctx.nodes_of("Agency"):
        org = gz.org(n.name)
        if org is None or not org.statutory or (org.tenant not in (ctx.tenant, *_SHARED_TENANTS)):
            continue
        prov = n.provenance[0]
        passage = next((p for p in ctx.passages if p.id == prov.passage_id), None)
        ctx.add_edge(n.id, "PARTNER_OF", own, passage, prov.start, prov.end,
                     attrs={"role": "statutory safeguarding partner"}, confidence=0.6)


def _part_of_by_name(ctx: ExtractionContext, own: str | None) -> None:
    """A partnership's core bodies are part of it: '<Area> Practice Learning Group', 'Pan Shire Steering Group',
    or an unprefixed 'Business Unit' in the partnership's own document."""
    gz = load_gazetteer()
    mentions: dict[str, list[Mention]] = ctx.scratch.get("mentions", {})
    passages = {p.id: p for p in ctx.passages}
    own_node = ctx.node(own) if own else None
    own_names = tuple(f"{n} " for n in ([own_node.name, *own_node.aliases] if own_node else []))
    for pid, ms in mentions.items():
        for m in ms:
            if m.type != "Group" or ctx.node(m.nid) is None:
                continue
            if own_names and m.text.startswith(own_names):
                # '<Place> Safeguarding Children Partnership Executive': a body named for the partnership itself
                ctx.add_edge(m.nid, "PART_OF", own, passages[pid], m.start, m.end, confidence=0.6)
                continue
            tenant = gz.area_tenant(m.text)
            am = gz.area_re.match(m.text) if tenant is not None else None
            rest = m.text[am.end():] if am else m.text
            # only a partnership's core bodies ('<Area> Practice Learning Group', 'Pan Shire Steering Group'):
            # an area's name also leads its council's and other partnerships' bodies
            if not set(_NAME_WORDS.findall(rest.lower())) <= _CORE_WORDS:
                continue
            target = None
            if am is not None:
                org = next((o for o in gz.partnerships() if o.tenant == tenant), None)
                if org is not None:
                    target = ctx.add_node("Partnership", org.name, passages[pid], m.start,
                                          m.start + am.end(), confidence=0.6)
            elif own is not None and ctx.tenant not in _SHARED_TENANTS:
                target = own
            if target is not None:
                ctx.add_edge(m.nid, "PART_OF", target, passages[pid], m.start, m.end, confidence=0.6)
    _partnerships_part_of(ctx)


# Between an agency's name and one of its own bodies: "<council>'s Children's Services Practice Board".
_OWNED_GAP = re.compile(r"\A(?:['\u2019]s)?[ \t]+(?:(?:Children['\u2019]?s|Adults?['\u2019]?s?)[ \t]+(?:Services?[ \t]+)?)?\Z")


def _groups_of_agencies(ctx: ExtractionContext) -> None:
    """A group named right after an agency ('<council> Family Help Hub Board') is part of it."""
    mentions: dict[str, list[Mention]] = ctx.scratch.get("mentions", {})
    passages = {p.id: p for p in ctx.passages}
    for pid, ms in mentions.items():
        text = passages[pid].text
        agencies = [m for m in ms if m.type == "Agency" and ctx.node(m.nid) is not None
                    and ctx.node(m.nid).attrs.get("kind") not in (None, "role")]
        for g in ms:
            if g.type != "Group" or ctx.node(g.nid) is None:
                continue
            owner = next((a for a in agencies if a.end <= g.start and _OWNED_GAP.match(text[a.end:g.start])), None)
            if owner is not None:
                ctx.add_edge(g.nid, "PART_OF", owner.nid, passages[pid], owner.start, g.end, confidence=0.55)


def _partnerships_part_of(ctx: ExtractionContext) -> None:
    """Area partnerships named beside the shared arrangements they belong to (gazetteer `part_of`)."""
    gz = load_gazetteer()
    parents = {o.tenant: ctx.resolver.known_id("Partnership", o.name) for o in gz.partnerships() if o.tenant}
    for org in gz.partnerships():
        for parent_tenant in org.part_of:
            child = ctx.resolver.known_id("Partnership", org.name)
            parent = parents.get(parent_tenant)
            if child and parent and ctx.node(child) and ctx.node(parent):
                prov = ctx.node(child).provenance[0]
                passage = next((p for p in ctx.passages if p.id == prov.passage_id), None)
                ctx.add_edge(child, "PART_OF", parent, passage, prov.start, prov.end, confidence=0.6)


def _funding(ctx: ExtractionContext, all_sents: list[list[_Sent]], own: str | None) -> None:
    """Funding tables and lists: an agency and a £ amount on one row (or the next), under a funding intro."""
    window = 0
    year = None
    target = own
    pending: tuple[Mention, _Sent] | None = None
    partners = False
    cols: list[str] = []  # the years of a table's amount columns ('Agency | 2022/23 | 2023/24')
    for sents in all_sents:
        if not sents:
            continue
        p = sents[0].passage
        text = p.text
        spans = list(_YEAR_SPAN.finditer(text)) if "20" in text else []
        if len(spans) >= 2 and len(text) < 120 and not _AMOUNT.search(text):
            cols = [_year(y) for y in spans]  # a header row naming one year per column
        if P.has_any(P.folded(text), ("fund", "contribution", "budget")) and _FUND_CONTEXT.search(text) and len(text) > 15 and not (window and len(text) < 60):
            window = 14
            ym = _YEAR_SPAN.search(text) or _YEAR_SPAN.search(p.section or "")
            year = _year(ym) if ym else (_doc_year(ctx) if re.search(r"per\s+year|annual", text, re.I) else year)
            parts = [m for s in sents for m in s.mentions if m.type == "Partnership"]
            target = parts[0].nid if parts else own
            partners = bool(_LIST_PARTNERS.search(text))  # 'funded through the following partner agencies'
        elif window:
            window -= 1  # (a short table header inside the table keeps the context it is in)
        if not window or target is None:
            pending = None
            continue
        if len(text) > 250 and not _AMOUNT.search(text) and window < 14:
            window, pending = 0, None
            continue
        if "\t" not in text and "|" not in text and (
                len(text) > 160 or (len(text.split()) >= 8 and re.search(r"[a-z]\.\s*$", text))):
            continue  # prose, not a row of the table: a sentence saying what it funds is for rules/funds.py
        ms = [m for s in sents for m in s.mentions if m.type == "Agency"]
        amounts = list(_AMOUNT.finditer(text))
        if ms and amounts and len(ms) == 1 and window and len(cols) == len(amounts) >= 2:
            # one amount per year column: the latest year's is the amount, all of them by year
            by_year = {y: a.group().replace(" ", "") for y, a in zip(cols, amounts, strict=True)}
            ctx.add_edge(ms[0].nid, "FUNDS", target, p, ms[0].start, ms[0].end, confidence=0.7,
                         attrs={"amount": by_year[cols[-1]], "year": cols[-1], "by_year": by_year})
            pending = None
        elif ms and amounts:
            for m in ms:
                amt = next((a for a in amounts if a.start() >= m.end), amounts[-1])
                _fund(ctx, m, target, sents[0], amt.group(), year or _doc_year(ctx))
                if partners and ctx.node(target).type == "Partnership":
                    _edge(ctx, m.nid, "PARTNER_OF", target, sents[0], {"role": "funding partner"}, confidence=0.5)
            pending = None
        elif ms:
            pending = (ms[0], sents[0])
        elif amounts and pending is not None and len(text.strip()) < 30:
            _fund(ctx, pending[0], target, pending[1], amounts[0].group(), year or _doc_year(ctx))
            pending = None


def _fund(ctx: ExtractionContext, m: Mention, target: str, where: _Sent, amount: str, year: str | None) -> None:
    ctx.add_edge(m.nid, "FUNDS", target, where.passage, m.start, m.end,
                 attrs={"amount": amount.replace(" ", ""), "year": year}, confidence=0.7)


def _year(m: re.Match) -> str:
    a = m.group(1)
    b = (m.group(2) or a[:2]) + m.group(3)
    return f"{a}/{b}"


def _doc_year(ctx: ExtractionContext) -> str | None:
    d = ctx.document.date or ""
    return d[:4] if re.match(r"\d{4}", d) else None


# A group's profile under its own heading: 'Chair: ...', 'Meets: quarterly', 'Reports to: ...', 'Membership: ...'
_LABEL = re.compile(r"(?<![^\s;|(])(?P<label>(?:Co-?)?[Cc]hair(?:ed\s+by|s)?|Meets|Meeting\s+frequency|Frequency|"
                    r"Reports?\s+(?:in)?to|Reporting\s+to|Accountable\s+to|Membership|Members)\s*:")
_LABEL_WORDS = ("Chair", "chair", "Meet", "Frequency", "Report", "Accountable", "Member")
_RELEVANT_SENT = re.compile(r"\brelevant\s+agenc(?:y|ies)\s+(?:\w+\s+){0,3}?(?P<after>include|includes|are|comprise)\b"
                            r"|\b(?:is|are)\s+(?:also\s+)?(?:a\s+|the\s+)?relevant\s+agenc(?:y|ies)\b", re.I)
_MEMBERSHIP_OF = re.compile(r"\b[Mm]embership\s+(?:of\s+(?:the\s+)?[^.;:]{3,100}?\s+)?(?:includes|comprises|consists\s+of|"
                            r"is\s+made\s+up\s+of|is\s+drawn\s+from)\b")
_MEMBERSHIP = re.compile(r"\b(?:(?:its|the|our)\s+)?membership\s+(?:includes|comprises|is\s+drawn\s+from)\b"
                         r"|\bmembers\s+(?:include|are\s+drawn\s+from)\b", re.I)


def _heading_group(sents: list[_Sent]) -> str | None:
    """The group a heading names and nothing more ('Child Exploitation Sub-group', '3.2 Neglect Panel')."""
    ms = [m for s in sents for m in s.mentions]
    groups = _of(ms, "Group")
    text = sents[0].passage.text
    if len(groups) != 1 or len(ms) != 1:
        return None
    core = re.sub(r"^\s*[\d.]*\s*|[\s:]*$", "", text)
    return groups[0].nid if groups[0].end - groups[0].start >= len(core) - 2 else None


def _profiles(ctx: ExtractionContext, all_sents: list[list[_Sent]]) -> None:
    """Labelled lines under a group's heading, and 'Membership includes <agencies>' said of it."""
    subject: str | None = None
    for sents in all_sents:
        p = sents[0].passage
        if p.kind == "heading":
            subject = _heading_group(sents)
            continue
        text = p.text
        labels = list(_LABEL.finditer(text)) if ":" in text and P.has_any(text, _LABEL_WORDS) else []
        inline = None
        if labels and sents[0].mentions and sents[0].mentions[0].type == "Group" and sents[0].mentions[0].start <= 2:
            lead = sents[0].mentions[0]
            if _PROFILE_GAP.match(text, lead.end) and labels[0].start() - lead.end <= 8:
                inline = lead.nid  # '<Group> – Chair: ...; Meets: ...' as one line
        if inline is not None:
            fm = _FREQ.search(text, labels[0].start())
            if fm and "frequency" not in ctx.node(inline).attrs:
                ctx.set_attr(inline, "frequency", _freq_value(fm))  # 'Meets quarterly.', '(...; monthly)'
        elif subject is None or ctx.node(subject) is None or (not labels and "ember" not in text):
            continue
        ms = [m for s in sents for m in s.mentions]
        if inline is not None:
            _profile_labels(ctx, inline, text, labels, ms, sents[0])
            continue
        _profile_labels(ctx, subject, text, labels, ms, sents[0])
        if labels or "ember" not in text:
            continue
        for s in sents:
            cue = _MEMBERSHIP.search(s.text) if s.mentions else None
            if cue is None or _of([m for m in s.mentions if m.end <= s.start + cue.start()], "Group", "Partnership"):
                continue  # the membership of a body the sentence names itself is for _verb_relations
            for a in _of([m for m in s.mentions if m.start >= s.start + cue.end()], "Agency"):
                if ctx.node(a.nid).attrs.get("kind") != "role":
                    _edge(ctx, a.nid, "MEMBER_OF", subject, s, confidence=0.6)


_PROFILE_GAP = re.compile(r"\s*(?:[\u2013\u2014:-]|\()")


def _profile_labels(ctx: ExtractionContext, subject: str, text: str, labels: list[re.Match], ms: list[Mention],
                    where: _Sent) -> None:
    """Each labelled value of a group's profile: its chair, frequency, reporting line or members."""
    for k, lab in enumerate(labels):
        v0, v1 = lab.end(), labels[k + 1].start() if k + 1 < len(labels) else len(text)
        inside = [m for m in ms if v0 <= m.start and m.end <= v1]
        kind = lab.group("label").lower()
        if kind.startswith(("chair", "co")):
            role = _ROLE_TITLE.match(text[:v1], v0)
            who = _of(inside, "Agency", "Person")
            if who and text[v0:who[0].start].strip(" :") == "" and (role is None or who[0].end >= role.end("role")):
                _edge(ctx, subject, "CHAIRED_BY", who[0].nid, where)
            elif role:
                nid = ctx.add_node("Agency", role.group("role").rstrip(" ,"), where.passage, role.start("role"),
                                   role.end("role"), attrs={"kind": "role"}, confidence=0.6)
                _edge(ctx, subject, "CHAIRED_BY", nid, where, confidence=0.6)
        elif kind.startswith(("meet", "freq")):
            fm = _FREQ.search(text, v0, v1)
            node = ctx.node(subject)
            if fm and "frequency" not in node.attrs:
                ctx.set_attr(subject, "frequency", _freq_value(fm))
        elif kind.startswith(("report", "accountable")):
            for b in _of(inside, "Group", "Partnership")[:1]:
                _edge(ctx, subject, "REPORTS_TO", b.nid, where)
        else:
            for a in _of(inside, "Agency"):
                if ctx.node(a.nid).attrs.get("kind") != "role":
                    _edge(ctx, a.nid, "MEMBER_OF", subject, where, confidence=0.6)


def _frequency(ctx: ExtractionContext, all_sents: list[list[_Sent]]) -> None:
    for sents in all_sents:
        for i, s in enumerate(sents):
            groups = _of(s.mentions, "Group")
            if not groups:
                # 'The Strategic Board ... . It meets four times a year': the group of the sentence before
                if i == 0 or not sents[i - 1].mentions or not _IT.match(s.text):
                    continue
                groups = _of(sents[i - 1].mentions, "Group")[:1]
                groups = [Mention(s.start, s.start, g.nid, g.type, g.text) for g in groups]
            if not groups or not P.has_any(P.folded(s.text), _FREQ_WORDS):
                continue
            for fm in _FREQ.finditer(s.text):
                f0 = s.start + fm.start()
                before = [g for g in groups if g.end <= f0]
                near = [g for g in before if f0 - g.end <= 4]  # 'X Group (6 x year)'
                if near:
                    g = near[-1]
                elif before and _FREQ_LABEL.search(s.text, max(0, fm.start() - 30), fm.start()):
                    g = before[0]
                elif _MEET.search(s.text) and before:
                    g = before[0] if re.search(r"\bmeets?\b", s.text, re.I) else before[-1]
                else:
                    continue
                node = ctx.node(g.nid)
                if node is not None and "frequency" not in node.attrs:
                    ctx.set_attr(g.nid, "frequency", _freq_value(fm))


def _freq_value(m: re.Match) -> str:
    n = m.group(1) or m.group(2)
    if n:
        return f"{_NUM.get(n.lower(), n)} x year"
    return re.sub(r"\s+", " ", m.group(3).lower())


def extract(ctx: ExtractionContext) -> None:
    if not ctx.scratch.get("mentions"):
        return
    ctx.parse_all()
    all_sents = list(_sentences(ctx))
    own = own_partnership(ctx)
    for sents in all_sents:
        _verb_relations(ctx, sents, own)
    _list_relations(ctx, all_sents, own)
    _statutory_partners(ctx, own)
    _annual_reports(ctx, all_sents, own)
    _part_of_by_name(ctx, own)
    _groups_of_agencies(ctx)
    _funding(ctx, all_sents, own)
    _profiles(ctx, all_sents)
    _frequency(ctx, all_sents)
