"""Who led an action: LED_BY from the shape of the sentence that names it.

- the body is the subject of the verb that makes the action: 'The Partnership has developed
  guidance on ...', 'The Youth Panel (YP) will be developing a toolkit', 'In May, the
  Northtown Police ran webinars ...';
- an agent after it: '... webinars were delivered by the Northtown Police', or in the next
  sentence that points back: 'This was led by the Youth Justice Service.';
- a meeting where it was decided: 'At the June Northtown Leaders Group there was a decision to
  develop ...';
- a section about one group's work: under the heading 'Northtown Online Safety Sub-group', what
  'the group' does is led by that group.

Runs after the action rules (ORDER 60), so the actions and their spans exist.
"""
from __future__ import annotations

import bisect
import re

from ingest.extract.context import ExtractionContext
from ingest.extract.gazetteer import load_gazetteer
from ingest.extract.rules.learning_support import PassageView, entities_in, home_partnership, state

ORDER = 82

_LEADER_TYPES = ("Agency", "Group", "Partnership", "Person")
# Adverbials a sentence may open with before its subject ('In January 2022, ', 'Over the year ').
_LEAD_ADVERBIAL = re.compile(
    r"^\s*(?:(?:in|during|over|throughout|since|from|following|after|by|as\s+part\s+of|additionally|also|"
    r"furthermore|this\s+year|last\s+year|as\s+a\s+result\s+of|in\s+response\s+to|to\s+address)\b[^,;:]{0,80},\s*|(?:in|during)\s+(?:\w+\s+)?20\d\d(?:[-/]\d{2,4})?\s+)",
    re.I)
# Between a subject and the action it made: auxiliaries, adverbs and the verb, nothing else.
_VERB_GAP = re.compile(
    r"^\s*(?:\([A-Za-z&. ]{2,14}\)\s*)?,?\s*"
    r"(?P<words>(?:(?:has|have|had|will|would|shall|is|are|was|were|be|been|being|also|now|jointly|recently|"
    r"successfully|further|then|already|currently|continues?|continued|to|and|in\s+the\s+process\s+of|"
    r"[a-z]+ed|[a-z]+ing|(?:ran|led|held|made|wrote|built|began|run|lead|set\s+up|took|undertook|"
    r"develop|deliver|launch|hold|produce|create|publish|support|host|organise|seek|sought|"
    r"came|come|together|worked|joined)"
    r")\s+){1,7})"
    r"(?:(?:the|a|an|some|their|its|our|new|further|two|three|several|delivery\s+of|development\s+of|"
    r"work\s+on|work\s+to\s+\w+)\s+)*$", re.I)
_DOING = re.compile(r"\b(?:[a-z]+ed|[a-z]+ing|ran|led|held|made|wrote|built|began|run|lead|set|took|undertook|came|"
                    r"develop|deliver|launch|hold|produce|create|publish|support|host|organise|seek|sought)\b", re.I)
# Verbs of reporting or receiving are not doing: 'X reported that ...', 'X received a report'.
_NOT_DOING = re.compile(r"\b(?:reported|received|noted|asked|requested|told|informed|funded|commissioned|"
                        r"awarded|invited|expected|required|approached|saw|seen|found|agreed\s+to\s+fund)\b", re.I)
# 'the three Safeguarding Children Partnerships came together to ...': each partnership of the arrangement
_SEVERAL = re.compile(r"(?:two|three|four|five|[2-5]|all)\s+(?:local\s+)?(?:safeguarding\s+)?(?:children\s+)?"
                      r"partnerships\b", re.I)
SEVERAL = "*several partnerships*"
_OWN_BODY = re.compile(r"^Partnership\b(?![\u2019']s)", re.I)
# '... was delivered (jointly) by the ': the agent follows
_BY_AGENT = (r"\b(?:led|delivered|developed|run|facilitated|provided|produced|written|hosted|organi[sz]ed|"
             r"co-?ordinated|undertaken|carried\s+out|completed|launched|designed|created|rolled\s+out|presented)"
             r"\s+(?:jointly\s+)?by\s+(?:the\s+)?")
_AGENT = re.compile(rf"^[^.;:]{{0,50}}?{_BY_AGENT}$", re.I)
_AGENT_CUE = re.compile(_BY_AGENT, re.I)
_BACK_REF = re.compile(r"^\s*(?:this|these|it|they|the\s+(?:work|project|training|sessions?|programme|campaign))\b"
                       r"[^.;]{0,40}?\b(?:is|was|were|are|will\s+be|to\s+be|has\s+been|have\s+been)\b", re.I)
_DECISION = re.compile(r"^\s*at\s+(?:the|a|its|their)\s+(?P<body>[^,;]{3,120}?)\s*,?\s+(?:there\s+was\s+a\s+decision|"
                       r"it\s+was\s+(?:agreed|decided)|(?:members|partners)\s+(?:agreed|decided))\s+to\b", re.I)
_ASKED = re.compile(r"\b(?:asked|tasked|commissioned|invited|requested)\s+(?:the\s+)?(?=[A-Z])")
_ASKED_TO = re.compile(r"^\s*(?:\([A-Za-z&. ]{2,14}\)\s*)?to\s+(?:\w+\s+){1,2}(?:(?:the|a|an|new|its|their)\s+)*$")
_AND_ALSO = re.compile(r"\s*(?:and|&)\s+(?:the\s+)?")
_THROUGH = re.compile(r"\s*(?:Through|Via|Led\s+by)\s+(?:the\s+|its\s+|our\s+)?")
_THROUGH_TAIL = re.compile(r"\s*(?:\([A-Za-z&. ]{2,14}\)\s*)?,")
# a table row read as 'Action: ...; Lead: <agency>; Due: ...': the lead's cell
_LEAD_LABEL = re.compile(r"(?:^|;\s*)(?:Lead(?:\s+(?:agency|agencies|officer|partner|organisation|body|group))?"
                         r"|Led\s+by|Owner|Action\s+owner|Responsible(?:\s+(?:agency|lead|officer))?|By\s+whom)"
                         r"\s*:\s*([^;]+)", re.I)


def _lead_cell(ctx: ExtractionContext, view: PassageView) -> str | None:
    if view.passage.kind != "table_row" or ":" not in view.text:
        return None
    m = _LEAD_LABEL.search(view.text)
    if m is None:
        return None
    ents = entities_in(ctx, m.group(1), _LEADER_TYPES)
    return ents[0][2] if ents and ents[0][0] <= 4 else None


_THE_GROUP = re.compile(r"\b(?:the|this)\s+(?:group|sub-?\s?group|panel|board|forum|network)\b", re.I)


def _leader_before(ctx: ExtractionContext, view: PassageView, s0: int, a0: int,
                   home: str | None) -> str | list[str] | None:
    """The subject of the verb that made the action (text between the sentence's start and the action)."""
    pre = view.text[s0:a0]
    via = _THROUGH.match(pre)
    if via:
        found = _mention_at(ctx, view, s0 + via.end(), a0)
        if found is not None and _THROUGH_TAIL.match(view.text, found[1]):
            return found[0]  # 'Through the <Sub-group>, partners delivered ...'
    cell = _lead_cell(ctx, view)
    if cell is not None:
        return cell
    asked = _ASKED.search(pre)
    if asked:
        found = _mention_at(ctx, view, s0 + asked.end(), a0)
        if found is not None and _ASKED_TO.match(view.text[found[1]:a0]):
            return found[0]  # '... has asked the <Sub-group> to draft the protocol': the sub-group does it
    d = _DECISION.match(pre)
    if d:
        groups = entities_in(ctx, d.group("body"), ("Group", "Partnership"))
        return groups[-1][2] if groups else None
    off = 0
    lead = _LEAD_ADVERBIAL.match(pre)
    while lead and lead.end() > 0:
        off += lead.end()
        lead = _LEAD_ADVERBIAL.match(pre, off)
    off += re.match(r"\s*(?:the\s+)?", pre[off:], re.I).end()
    subj = pre[off:]
    several = _SEVERAL.match(subj)
    found = _mention_at(ctx, view, s0 + off, a0)
    if several:
        nid, rest = SEVERAL, subj[several.end():]
    elif found is not None:
        nid, rest = found[0], view.text[found[1]:a0]
        also = _AND_ALSO.match(rest)
        other = _mention_at(ctx, view, found[1] + also.end(), a0) if also else None
        if other is not None:
            # '<council> and <police> jointly developed ...': both lead it
            gap = _VERB_GAP.match(view.text[other[1]:a0])
            if gap and _DOING.search(gap.group("words")) and not _NOT_DOING.search(gap.group("words")):
                return [found[0], other[0]]
            return None
    else:
        ents = [e for e in entities_in(ctx, subj, _LEADER_TYPES) if e[0] == 0]
        own = _OWN_BODY.match(subj)
        if ents:
            nid, rest = ents[0][2], subj[ents[0][1]:]
        elif own and home:
            nid, rest = home, subj[own.end():]
        else:
            return None
    gap = _VERB_GAP.match(rest)
    if not gap or not _DOING.search(gap.group("words")) or _NOT_DOING.search(gap.group("words")):
        return None
    return nid


def _mention_at(ctx: ExtractionContext, view: PassageView, pos: int, limit: int) -> tuple[str, int] | None:
    """The body whose name starts at plain-text position pos (as the entity rules found it): (id, plain end)."""
    if pos >= len(view.offsets):
        return None
    at = view.offsets[pos]
    for m in ctx.scratch.get("mentions", {}).get(view.passage.id, []):
        if m.type in _LEADER_TYPES and at <= m.start <= at + 1 and ctx.node(m.nid) is not None:
            end = bisect.bisect_left(view.offsets, m.end)
            if end <= limit:
                return m.nid, end
    return None


def _agent_after(ctx: ExtractionContext, text: str) -> str | None:
    """'... was delivered by the Northtown Police': the first named body after the cue."""
    m = _AGENT_CUE.search(text)
    if not m or not _AGENT.match(text[:m.end()]):
        return None
    ents = entities_in(ctx, text[m.end():m.end() + 120], _LEADER_TYPES)
    return ents[0][2] if ents and ents[0][0] <= 2 else None


def _heading_group(ctx: ExtractionContext, view: PassageView) -> str | None:
    """The group a section is about: its heading is that group's name and nothing else."""
    head = re.split(r"\s*[>|/]\s*", view.heading or "")[-1].strip()
    if not head:
        return None
    ents = entities_in(ctx, head, ("Group",))
    head_core = re.sub(r"\s*\([^)]*\)\s*$", "", head)
    if len(ents) == 1 and ents[0][0] <= 4 and ents[0][1] >= len(head_core) - 1:
        return ents[0][2]
    return None


# What an action's own name says of who did it: '<Panel> Annual Report', 'Meeting of the <Board>',
# 'Assurances from <agency> on ...'.
_NAME_OF = re.compile(r"^(?:(?:extraordinary|special|annual|joint|development)\s+)?(?:meeting|conference|event|session|"
                      r"workshop|discussion|work)s?\s+of\s+(?:the\s+)?|^assurances?\s+(?:\w+\s+)?from\s+(?:the\s+)?", re.I)
# 'Police-led webinars on ...', 'the ICB-led audit'
_X_LED = re.compile(r"^(?:the\s+)?(?P<who>[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,5})[-\u2013]led\b")
_OWN_WORK = re.compile(r"^(?:the\s+)?\S.*?\s(?:annual\s+report|strategy|action\s+plan|training\s+offer|"
                       r"newsletter|conference|audit\s+programme)\b", re.I)


def _leader_in_name(ctx: ExtractionContext, name: str, home: str | None) -> str | None:
    led = _X_LED.match(name)
    if led:
        ents = entities_in(ctx, led.group("who"), _LEADER_TYPES)
        return ents[-1][2] if ents and ents[-1][1] == len(led.group("who")) else None
    m = _NAME_OF.match(name)
    if m:
        rest = name[m.end():]
        if _OWN_BODY.match(rest) and home:
            return home
        ents = entities_in(ctx, rest, ("Agency", "Group", "Partnership"))
        return ents[0][2] if ents and ents[0][0] == 0 else None
    if _OWN_WORK.match(name):
        lead = re.match(r"(?:the\s+)?", name, re.I).end()
        ents = [e for e in entities_in(ctx, name[lead:], ("Agency", "Group")) if e[0] == 0]
        return ents[0][2] if ents else None
    return None


def _arrangement_partnerships(ctx: ExtractionContext, view: PassageView, start: int, end: int) -> list[str]:
    """The partnerships of the shared arrangement this document's partnership belongs to (gazetteer `part_of`)."""
    gz = load_gazetteer()
    own = next((o for o in gz.partnerships() if o.tenant == ctx.tenant), None)
    shared = set(own.part_of) if own is not None and own.part_of else {ctx.tenant}
    out = []
    for org in gz.partnerships():
        if shared & set(org.part_of):
            nid = ctx.add_node("Partnership", org.name, view.passage, start, end, confidence=0.5)
            out.append(nid)
    return out


def extract(ctx: ExtractionContext) -> None:
    actions = ctx.nodes_of("Action")
    if not actions:
        return
    st = state(ctx)
    views = {v.passage.id: v for v in st.views}
    home = home_partnership(ctx)
    for act in actions:
        for prov in act.provenance:
            if prov.doc_id != ctx.document.id or prov.passage_id not in views or prov.start is None:
                continue
            view = views[prov.passage_id]
            a0 = bisect.bisect_left(view.offsets, prov.start)
            a1 = bisect.bisect_left(view.offsets, prov.end if prov.end is not None else prov.start)
            idx = next((i for i, (s, e) in enumerate(view.sents) if s <= a0 < e), None)
            if idx is None:
                continue
            s0, s1 = view.sents[idx]
            leader = _leader_before(ctx, view, s0, a0, home) or _agent_after(ctx, view.text[max(a0, a1 - 25):s1])
            if leader is None and idx + 1 < len(view.sents):
                n0, n1 = view.sents[idx + 1]
                nxt = view.text[n0:n1]
                if _BACK_REF.match(nxt) and not entities_in(ctx, nxt[:20], ("Action",)):
                    leader = _agent_after(ctx, nxt)
            if leader is None and _THE_GROUP.search(view.text[s0:a0]):
                leader = _heading_group(ctx, view)
            if leader is None:
                leader = _leader_in_name(ctx, act.name, home)
            start, end = view.span(s0, s1)
            leaders = _arrangement_partnerships(ctx, view, start, end) if leader == SEVERAL else (
                leader if isinstance(leader, list) else [leader])
            leaders = [x for x in leaders if x and x != act.id and ctx.node(x) is not None]
            for x in leaders:
                ctx.add_edge(act.id, "LED_BY", x, view.passage, start, end, confidence=0.55)
            if leaders:
                break
