"""Actions: what partnerships and agencies did, are doing or will do, mostly in response to learning.

Read from the shape of sentences: passive and active verbs of making ('a briefing has been
developed', 'the Partnership has developed some guidance on ...'), nominal statements
('the creation of a new ... Group', 'Revision of the ... Procedure'), lists announced as
actions ('the following has been developed: A, B, C'; 'Examples of how partners are
working to address ...:' then items) and items of forward plans. Status from tense and
modality, owner and due date where the sentence gives them, and RESPONDS_TO the review
the sentence, the passage before it or the section heading points to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract import patterns as P
from ingest.extract.action_plan import status_of
from ingest.extract.context import ExtractionContext
from ingest.extract.resolve import normalise, slug
from ingest.extract.rules.learning_support import PassageView, entities_in, state

ORDER = 60

# Subjects and objects that are not things done: pronouns, people, abstractions.
_BAD_HEAD = re.compile(
    r"^(?:it|this|that|these|those|they|them|he|she|we|you|there|which|who|what|one|all|each|both|some|many|"
    r"children|child|young\s+people|families|parents|carers|staff|practitioners|partners|people|the\s+partnership|"
    r"partnership|board|data|information|numbers?|figures?|concerns?|issues?|risks?|needs?|referrals?|cases?|"
    r"notifications?|feedback|impact|learning|evidence|outcomes?|progress|performance|demand|pressures?|"
    r"attendance|report\s+year|year|years|time|covid|rates?|levels?|use|support|contact|responsibility|"
    r"(?-i:[A-Z]{2,8}))$", re.I)
_CLAUSE_CUT = re.compile(
    r"\s+(?:to\s+(?:support|ensure|help|assist|provide|enable|improve|raise|promote|share|explore|inform|allow|"
    r"address|reduce|identify|consider|build|keep|make|give|look|meet|strengthen|safeguard|establish|understand)|"
    r"which|that\s+(?:is|are|was|were|will|has|have|had|can|may|would|should)|who|where|whereby|so\s+that|"
    r"in\s+order|as\s+part\s+of|as\s+well\s+as|along\s+with|alongside|because|although|however|but|whilst|while|"
    r"and\s+(?:working|liaising|supporting|ensuring|providing|here|there)|as\s+(?:this|it|these|they|the)|"
    r"and\s+(?:has|have|had|is|are|was|were|will|this|these|it|they)|has|have|had|is|are|was|were|will|"
    r"can\s+be|could|should|would|following\s+the|across\s+the|within\s+the|with\s+(?:the\s+)?(?:support|help)|"
    r"in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|20\d\d)|"
    r"during|since|by\s+(?:the\s+)?(?:end|[A-Z][a-z]*|20\d\d))\b", re.I)
_LEAD_ADVERBIAL = re.compile(
    r"^(?:(?:in|as|following|for|after|since|during|with|through|from|under|within|additionally|also|further(?:more)?|"
    r"moreover|recently|currently|previously|then|again|in\s+addition|to\s+date|this\s+year|last\s+year)\b[^,]*,\s*)+",
    re.I)


# every match of P.NOMINAL, of P.TITLED_THING holds one of these (in folded text)
_NOMINAL_WORDS = ("creation", "launch", "development", "introduction", "implementation", "roll", "revision",
                  "refresh", "review", "evaluation", "establishment", "delivery", "production", "embedding")
_TITLED_WORDS = ("strateg", "plan", "tool", "campaign", "guid", "procedure", "protocol", "programme", "project",
                 "pathway", "framework", "briefing", "policy", "model", "initiative", "pilot", "scheme", "charter",
                 "handbook", "principles", "conference", "webinar", "app", "workshop", "statement", "report")
# every match of P.CHECKED holds one of these (in folded text)
_CHECKED_WORDS = ("audited", "mapped", "scoped", "evaluated")
# every match of P.UNDERWAY holds one of these (in folded text)
_UNDERWAY_WORDS = ("under", "progress", "going", "taking", "planned", "due", "development", "available")
# every match of _MONITORS holds one of these (in folded text)
_MONITOR_WORDS = ("monitor", "overs", "scrutini", "track", "reviewed", "responsible")


def _monitors(sent: str, fold: str) -> bool:
    """bool(_MONITORS.search(sent)); fold is folded(sent)."""
    return P.has_any(fold, _MONITOR_WORDS) and bool(_MONITORS.search(sent))


_THIS_LEARNING = re.compile(r"\bth(?:is|ese)\s+(?:national\s+|local\s+)?learning\b|\bthe\s+learning\s+from\s+th", re.I)
_INTRO_ACTIONS = re.compile(
    r"(?:working\s+(?:together\s+)?to\s+address|examples?\s+(?:of\s+)?(?:how|what)|actions?\s+(?:taken|include|agreed)|"
    r"(?:has|have)\s+(?:been\s+)?(?:developed|done|implemented|put\s+in\s+place|introduced|delivered)|"
    r"we\s+(?:have|did|will)|in\s+response|as\s+a\s+result|following\s+(?:the|this)|key\s+(?:activities|actions)|"
    r"(?:will|plans?\s+to)\s+(?:be\s+)?(?:focus|develop|deliver)|priorities|work\s+(?:streams?|undertaken))[^:]*:\s*$",
    re.I)
_FORWARD_HEAD = re.compile(r"\b(?:forward\s+plan|looking\s+ahead|next\s+steps|priorities|plans?\s+for|"
                           r"challenges\s+for|the\s+year\s+ahead|next\s+year|future\s+work|what\s+we\s+will\s+do|"
                           r"action\s+plan)\b", re.I)
_FORWARD_NOMINAL = re.compile(r"^(?:the\s+)?(?:ongoing\s+|continued\s+|further\s+)?(?:monitoring|development|delivery|"
                              r"completion|implementation|launch|review|roll-?out|embedding|evaluation|refresh)\b", re.I)
_LIST_MARK = re.compile(r"^\s*(?:[-•·*●▪]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_FOLLOWING_LIST = re.compile(r"\bthe\s+following\s+(?:has|have)\s+(?:also\s+)?been\s+(?:\w+)(?:\s+\w+){0,8}?\s*[;:]\s*"
                             r"(?P<list>[^.]+)")
_IMPERATIVE = re.compile(r"^(?:to\s+)?(?:(?:continue|begin|start)\s+to\s+)?(?P<verb>develop|launch|deliver|create|"
                         r"establish|implement|embed|review|refresh|revise|update|roll\s+out|introduce|produce|"
                         r"publish|work|support|promote|hold|run|undertake|complete|agree|build|strengthen|ensure|"
                         r"improve|test|evaluate|monitor|audit|raise|share|consult|co-produce|extend|expand)\b", re.I)
_GENERIC_ONE = re.compile(rf"^(?:(?:new|further|some|updated|revised|local|multi[- ]agency|practitioners?['’]?|"
                          rf"partnership|joint|practitioner|single|additional|communications?|action|strategic|"
                          rf"delivery|business|improvement|annual|work|a)\s+)*(?:{P.ACTION_NOUN})$", re.I)


_CLAUSE_CUT_ASSURANCE = re.compile(r"\s+(?:which|and\s+(?:a|an|the)\s+|as\s+part|"
                                   r"in\s+order|so\s+that|because|however|but)\b", re.I)


_SKIP_SECTION = re.compile(r"\b(?:case\s+stud(?:y|ies)|glossary|abbreviations|contents|acronyms)\b", re.I)
_SKIP_WORDS = ("case", "glossary", "abbreviations", "contents", "acronyms")  # one is in every match (folded)
_I_START = re.compile(r"I\s")
_ABBR_LEAD = re.compile(r"^[A-Z]{2,8}\s*[-–:]")


# A resource's title at the end of a sentence: capitalised after lower-case words ('... to assist practitioners
# Engaging with fathers, male partners and other carers.'), as link texts read once the link is gone.
_TITLE_TAIL = re.compile(r"(?:practitioners|staff|professionals|parents|carers|families|called|entitled|titled|named|:)"
                         r"\s+(?P<t>[A-Z][a-z]+(?:[\s,]+(?:and\s+|or\s+)?(?!(?:as|if|which|that|is|are|was|were|well)\b)"
                         r"[A-Za-z][\w'’/-]*){2,14})\s*\.?$")
_REVIEW_WORDS = {"review", "learning", "thematic", "rapid", "lcspr", "cspr", "sar", "scr", "national", "practice",
                 "serious", "case", "adult", "on", "into"}
_COMMON = {"the", "a", "an", "of", "for", "and", "to", "in", "on", "with", "s", "pan", "county", "city",
           "safeguarding", "children", "child", "partnership", "multi", "agency", "borough", "new", "local", "practitioner",
           "practitioners", "work", "from", "by", "at", "their", "its", "our", "this", "that", "as", "around"}


_TOKEN = re.compile(r"[a-z0-9]+")


def _content_tokens(name: str, common: set[str] | frozenset[str] = frozenset()) -> set[str]:
    words = _TOKEN.findall(name.lower())
    return {_SHORT_FORMS.get(t, t).rstrip("s") for t in words if t not in _COMMON and t not in common}


_SHORT_FORMS = {"op": "operation", "ops": "operation"}


_MONITORS = re.compile(r"\b(?:(?P<passive>(?:monitored|overseen|scrutinised|scrutinized|tracked|reviewed)\s+by)|"
                       r"monitors|oversees|scrutinises|scrutinizes|tracks|(?:will\s+)?(?:monitor|oversee)|"
                       r"(?:is|are)\s+responsible\s+for\s+(?:monitoring|overseeing|delivering))\b", re.I)
_EVIDENCE = re.compile(r"\b(?:(?:as\s+)?evidenced\s+by|as\s+shown\s+by|demonstrated\s+by|evidence\s+(?:of\s+impact\s+)?"
                       r"(?:includes?|shows?|is)|(?:audit|survey|evaluation|feedback)(?:\s+\w+){0,4}?\s+(?:has\s+)?(?:showed|shown|"
                       r"found|demonstrated)(?:\s+that)?)\s+(?P<ev>[^.;]{5,160})", re.I)
_APPROACH = {"approached": "Approach", "asked": "Ask", "invited": "Invite"}
_FOUNDING = {"launched", "relaunched", "re-launched", "created", "established", "set up", "formed", "convened"}
_RESPONDED_WITH = re.compile(r"\bresponded\s+to\s+(?:by\s+[^,]{2,60}?\s+)?with\s+(?P<list>[^.;]+)", re.I)
_RESPOND_TO_X = re.compile(r"\b(?:asked|agreed|required|invited)\s+to\s+respond\s+to\s+(?:the\s+)?(?P<x>[^,.;]{5,100})",
                           re.I)


@dataclass
class _Cand:
    start: int  # in the sentence
    end: int
    name: str
    status: str | None
    owner_text: str = ""
    reviews: list[str] = field(default_factory=list)
    kind_hint: str | None = None


_AUX_PLANNED = re.compile(r"\b(?:will|would|shall|to\s+be|to|due|plan|aim|should)\b")
_AUX_DONE = re.compile(r"\b(?:has|have|had|was|were|been)\b")


def _aux_status(aux: str | None, sent: str) -> str | None:
    a = (aux or "").lower()
    if "being" in a or "process" in a or "continu" in a:
        return "in progress"
    if _AUX_PLANNED.search(a):
        return "planned"
    if _AUX_DONE.search(a):
        return "done"
    return P.status_from(sent)


_SUBJECT_CUE = re.compile(r"\b(?:in\s+response\s+to|as\s+a\s+result\s+of|following|in\s+regards?\s+to|"
                          r"arising\s+from|in\s+light\s+of)\b", re.I)


_CLAUSE_STARTS = (re.compile(r"\b(?:that|which|whereby|and|where|when|so)\s+(?=(?:an?|the|some|their|its|new)\b)"),
                  re.compile(r"\b(?:whereby|so\s+that|which\s+means|in\s+which)\s+"))
_INDEF = re.compile(r"\b(?:an?|some)\s")
_PREP_LEAD = re.compile(r"(?:in|as|following|for|after|since|during|with|through|from|under|within|regarding)\b", re.I)
_INDEF_NEW = re.compile(r"\b(?:an?|some|new)\s")
_THE = re.compile(r"\bthe\s")


def _subject_before(sent: str, pos: int) -> tuple[int, str]:
    """The noun phrase ending just before pos: after the last clause break, without lead-in adverbials."""
    head = sent[:pos]
    cut = max(head.rfind(", "), head.rfind("; "), head.rfind(": "), head.rfind(" – "), head.rfind(" - "))
    for rx in _CLAUSE_STARTS:
        for m in rx.finditer(head):
            cut = max(cut, m.end() - 1)
    start = cut + 1 if cut >= 0 else 0
    chunk = head[start:]
    stripped = _LEAD_ADVERBIAL.sub("", chunk.lstrip())
    start += len(chunk) - len(stripped)
    chunk = stripped
    # '... and in response to this learning a briefing was developed': the new thing follows the cue
    cues = list(_SUBJECT_CUE.finditer(chunk))
    if cues:
        after = chunk[cues[-1].end():]
        arts = list(_INDEF.finditer(after))
        if arts:
            start += cues[-1].end() + arts[-1].start()
            return start, after[arts[-1].start():].strip()
    # 'In response to <review> a briefing was developed': the new thing starts at its indefinite article
    if _PREP_LEAD.match(chunk):
        arts = list(_INDEF_NEW.finditer(chunk))
        if not arts:
            arts = list(_THE.finditer(chunk))
        if not arts:
            return pos, ""
        start += arts[-1].start()
        chunk = chunk[arts[-1].start():]
    return start, chunk.strip()


_OBJECT_END = re.compile(r"[,;:(]|\s[-–]\s")


def _object_after(sent: str, pos: int) -> str:
    obj = sent[pos:]
    m = _CLAUSE_CUT.search(obj)
    if m and m.start() > 2:
        obj = obj[:m.start()]
    obj = _OBJECT_END.split(obj)[0]
    return obj


# Acts and statutory guidance are the rules partnerships work under, not things they did.
_LEGISLATION = re.compile(r"\b(?:Act|Acts|Statutory\s+Guidance|Working\s+Together\s+to\s+Safeguard\s+Children)\b")
# Documents that report work done (annual reports, briefings, plans) versus ones that describe standing
# arrangements (web pages, terms of reference): in the latter only responses to a review count as actions.
_REPORTS_WORK = re.compile(r"report|review|briefing|plan|summary|minutes|newsletter|update|learning|bulletin|annual|"
                           r"progress|achievement|impact", re.I)
_STANDING_KIND = re.compile(r"page|arrangement|terms|policy|procedure|protocol|constitution", re.I)
_NOUN_LIST = re.compile(r"^\s*(?:the\s+)?[A-Za-z-]+(?:\s*,\s*[A-Za-z-]+)+\s*,?\s+and\s+[A-Za-z-]+\s*$", re.I)
# A name that is all a body ('Project Group', 'Dedicated Gangs Team'), not 'meeting of the Partnership'.
_BODY_TAIL = re.compile(r"^(?!.*\b(?:of|to|between|with|for|on|about)\b).*\b(?:Group|Sub-?group|Panel|Board|Forum|"
                        r"Network|Team|Unit|Partnership|Committee)(?:\s*\([A-Z]{2,8}\))?$", re.I)
# '<review> ... An action plan has been agreed': a bare plan or briefing right after a review is that review's.
_TOPIC_GENERIC = re.compile(r"^(?:an?|the|this)\s+(?:new\s+|multi-agency\s+|partnership\s+)?(?:action\s+plan|"
                            r"briefing|learning\s+summary|plan|response)\b", re.I)


_BY_AGENT = re.compile(r"\s*(?:\w+\s+){0,3}?by\s+(.*)")


def _by_agent(after_verb: str) -> str:
    """'... was delivered by the Police Cyber Team': the agent, only when the verb is followed by 'by'."""
    m = _BY_AGENT.match(after_verb)
    return m.group(1) if m else ""


_GENERIC_BODY_WORDS = {"project", "task", "and", "finish", "working", "steering", "reference", "group", "sub-group",
                       "subgroup", "team", "panel", "new", "the", "a", "multi-agency", "operational", "strategic"}
_REDUCED_GATE = re.compile(r"(?:ed|en|eld|et\s+up|out)\s+(?:in|on|during|by|last|earlier|this|across)\b")
# the verb of every P.REDUCED_RELATIVE match, after whitespace, with what follows it (in folded text)
_REDUCED_VERB_F = re.compile(r"\b(?:completed|undertaken|held|delivered|launched|developed|published|carried\s+out|"
                             r"introduced|implemented|set\s+up|created|established)\s+(?:in|on|during|by|last|"
                             r"earlier|this|across)\b")
_OWNER_TYPES = ("Agency", "Group", "Person")  # what graph/schema.yaml lets OWNED_BY end at
_FUNCTION_START = {
    "across", "is", "are", "was", "were", "whilst", "while", "then", "for", "with", "to", "of", "by", "from", "at",
    "as", "on", "in", "into", "within", "through", "during", "after", "before", "since", "because", "although",
    "until", "between", "once", "unless", "whether", "when", "where", "if", "though", "despite",
    "however", "also", "only", "just", "not", "very", "more", "most", "less", "other", "others", "own", "same",
    "dr", "mr", "mrs", "ms", "miss", "professor", "prof", "cllr", "councillor", "sir", "dame",
}
# every match of _REVIEW_TAIL holds one of these (in folded text)
_REVIEW_TAIL_WORDS = ("review", "cspr", "scpr", "scr", "sar", "dhr")
_REVIEW_TAIL = re.compile(rf"(?:{P.REVIEW_KW}|Rapid\s+Reviews?|Reviews)\s*$", re.I)


_PEOPLE_LEAD = re.compile(r"^(?:parents|carers|children|young\s+people|families|pupils|students|partners|agencies)"
                          r"(?:/\w+)?\s+(?:and|or|who|were|are|have|had)\b", re.I)
_KINDS_OF = re.compile(r"^(?:forms|types|kinds|numbers?|range|levels?|areas?|issues|aspects|parts|lots)\s+of\b", re.I)
_MODAL = re.compile(r"\b(?:may|might|must|cannot|can't)\s+(?:not\s+)?\w+", re.I)
_CLAUSE_NAME = re.compile(r"^\S+\s+(?:was|were|is|are|has|have|had|will|would)\b")
_THREE_LETTERS = re.compile(r"[A-Za-z]{3,}")
_RUN_ON = re.compile(r"[•·●▪]|[a-z]\.\s+[A-Z]")


def _good_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 22:
        return False
    if words[0].lower().strip("'‘\"“") in _FUNCTION_START or (words[0][:1].isdigit() and not P.SEVEN_MINUTE.match(name)):
        return False
    tail = name[-70:]
    if (P.has_any(P.folded(tail), _REVIEW_TAIL_WORDS) and _REVIEW_TAIL.search(tail)) or _LEGISLATION.search(name):
        return False
    if _PEOPLE_LEAD.match(name):
        return False  # 'Parents/carers and practitioners ...': people, not what was done
    if _KINDS_OF.match(name):
        return False  # 'all forms of exploitation are being addressed': what is worked on, not the work
    if _MODAL.search(name):
        return False  # 'a child may not meet threshold': a condition, not a thing done
    if _CLAUSE_NAME.match(name):
        return False  # 'BBC was scheduled to ...': a clause, not the name of a thing
    if _BAD_HEAD.match(name.strip()):
        return False
    if words[0].lower() in {"it", "this", "that", "they", "there", "which", "who", "he", "she", "we", "you",
                            "these", "those", "what", "how", "if", "when", "where", "but", "and", "or", "so",
                            "such", "its", "their", "his", "her", "our", "your", "not", "no", "any"}:
        return False
    if not _THREE_LETTERS.search(name):
        return False
    if _RUN_ON.search(name):
        return False  # runs over the end of a sentence or into the next bullet: not one thing's name
    return True


_KIND_TAIL = re.compile(r"\s+(?:(?:rapid|learning|thematic|case|practice)\s+)?(?:review|report|l?cspr|scr|sar)$")
# a table cell's participle tail: 'policy revised and relaunched', 'training to be delivered'
_ROW_VERB_TAIL = re.compile(rf"\s+(?:(?:to\s+be|has\s+been|have\s+been|is\s+being|are\s+being|was|were|now)\s+)?"
                            rf"(?:{P.ACTION_VERB})\b", re.I)
# a cell may open with a title whose first word is a function word ('Was Not Brought policy')
_TITLE_START = re.compile(r"^(?:[A-Z][\w'’-]*\s+){2,}")
# 'Serious Case Review into the death of ...' names a review, which is no action (its briefing or plan may be)
_KIND_LEAD = re.compile(rf"^(?:(?:a|an|the)\s+)?(?:{P.REVIEW_KW})\b(?!\s+(?:action|plans?|recommendations?|briefings?|"
                        rf"learning\s+summar|training|process|procedures?|guidance|panel|group|sub-?group|tracker|"
                        rf"framework|toolkit|policy|protocol|methodology|report\s+template))", re.I)
_SHARED_THROUGH = re.compile(r"\b(?:shared|disseminated|circulated|published|produced|developed|summarised|"
                             r"written)\s+(?:through|via|in|as)\s+(?:a|an|the)\b", re.I)
_SAID_TWICE = re.compile(r"(?<![\w-])(\S.{8,}?)\s+\1(?![\w-])")


class _Actions:
    def __init__(self, ctx: ExtractionContext):
        self.ctx = ctx
        self.st = state(ctx)
        self.added: dict[str, set[str]] = {}
        self._review_keys: tuple = (None, set(), ())  # see _is_review_name
        # the document's own place and partnership words say nothing about which action is meant
        self.place_words = {w.lower() for w in re.findall(r"[A-Z][a-z]+", ctx.document.title or "")}
        # pages and arrangements describe standing structure; there only responses to learning are actions
        kind = (ctx.document.kind or "").lower()
        told = kind not in ("", "document", "unknown")
        said = kind if told else f"{kind} {ctx.document.title or ''}"
        self.respond_only = not _REPORTS_WORK.search(said) or bool(told and _STANDING_KIND.search(kind))

    # -- candidates from one sentence ------------------------------------------------------------
    def sentence_candidates(self, sent: str) -> list[_Cand]:
        out: list[_Cand] = []
        low = sent.lower()
        # cheap substring gates keep the costlier patterns off sentences that cannot match them
        for m in (_RESPONDED_WITH.finditer(sent) if "responded" in low else ()):
            for item in re.split(r",\s*|\s+along\s+with\s+|\s+as\s+well\s+as\s+|\s+and\s+(?=(?:a|an|the)\s)",
                                 m.group("list")):
                item = _object_after(item, 0)
                nm = P.NOMINAL.match(re.sub(r"^(?:the|a|an)\s+", "", item.strip(), flags=re.I))
                name = f"{nm.group('head').capitalize()} of the {P.tidy_name(nm.group('obj'))}" if nm \
                    else P.tidy_name(item)
                if name and _good_name(name) and len(name.split()) >= 2:
                    pos = sent.find(item)
                    out.append(_Cand(max(pos, 0), max(pos, 0) + len(item), name, "done",
                                     kind_hint="assurance request" if "assurance" in name.lower() else None))
        for m in (_RESPOND_TO_X.finditer(sent) if "respond to" in low else ()):
            x = _object_after(m.group("x"), 0)
            out.append(_Cand(m.start(), m.end(), P.tidy_name(f"Response to the {x}"), _aux_status(m.group(0), sent)))
        for m in (P.ASSURANCE.finditer(sent) if "assurance" in low else ()):
            if any(c.start <= m.start() < c.end for c in out):
                continue
            before = sent[max(0, m.start() - 30):m.start()].lower()
            # 'the purpose of scrutiny is to provide assurance' describes a role, not a thing done
            if re.search(r"\bto\s*$", before) and not re.search(r"(?:asked|together|agreed|able)\s+to\s*$", before):
                continue
            rest = m.group("rest") or ""
            cut = _CLAUSE_CUT_ASSURANCE.search(rest)
            if cut:
                rest = rest[:cut.start()]
            verb = (m.group("verb") or "sought").lower()
            if verb in ("given", "provided", "received", "obtained", "gained"):
                verb = "given"
            rest = re.sub(r"^\s*(?:and|,)\s*", " ", rest)
            name = f"Assurances {verb}{rest}".strip()
            if m.group("seek"):
                _, subj = _subject_before(sent, m.start())
                subj = re.sub(r"\s+(?:will|would|has|have|had|is|are|was|were|been|be|being|asked|to|also)"
                              r"(?:\s+(?:will|would|has|have|had|is|are|was|were|been|be|being|asked|to|also))*\s*$",
                              "", subj)
                ents = entities_in(self.ctx, subj, ("Agency", "Group", "Partnership")) if subj else []
                if ents:
                    first = ents[-1]
                    if first[0] > 0 and subj[first[0] - 1] == "(" and len(ents) > 1:
                        first = ents[-2]  # 'Northtown Health Trust (NHT)': the name, not the bracket
                    name = f"{subj[first[0]:]} seeking assurances{rest}"
            name = re.sub(r"\s+to\s+ensure\s+(?:that\s+)?", " that ", name)
            out.append(_Cand(m.start(), m.end(), P.tidy_name(name, 20), _aux_status(m.group(0), sent),
                             owner_text=rest, kind_hint="assurance request"))
        fold = P.folded(sent)
        status: list[str | None] = []  # P.status_from(sent), once needed

        def sent_status() -> str | None:
            if not status:
                status.append(P.status_of_folded(fold))
            return status[0]

        for m in (P.PARTICIPLE.finditer(sent) if P.PARTICIPLE_GATE.search(fold) else ()):
            s0, subj = _subject_before(sent, m.start())
            if any(c.start <= s0 < c.end or c.start <= m.start() < c.end for c in out):
                continue
            if re.match(r"(?:this|these|that|those|such|it|they)\b", subj, re.I):
                continue  # 'This process is undertaken ...' points back; the thing was named before
            name = P.tidy_name(subj)
            if not name or not _good_name(name):
                continue
            verb = " ".join(m.group("verb").lower().split())
            if verb in _APPROACH and (_BODY_TAIL.search(name) or entities_in(
                    self.ctx, name, ("Group", "Agency", "Partnership"))):
                # 'the Schools Forum would be approached to release funding': the approach is the action
                rest = _object_after(sent, m.end())
                out.append(_Cand(s0, m.end() + len(rest), P.tidy_name(f"{_APPROACH[verb]} the {name}{rest}", 16),
                                 _aux_status(m.group("aux"), sent)))
                continue
            if verb in _APPROACH or re.search(r"\b(?:being|currently)\b", name):
                continue  # 'partners have been asked to ...': the task is named after the verb, not before
            if _BODY_TAIL.search(name) and verb not in _FOUNDING:
                continue  # a group or team that did something is its actor, not the action
            if verb in _FOUNDING and _BODY_TAIL.search(name) and all(
                    w.lower() in _GENERIC_BODY_WORDS for w in re.findall(r"[\w-]+", name)):
                continue  # 'A Project Group was established': a working group of the moment, not an outcome
            if verb in _FOUNDING and (_BODY_TAIL.search(name) or self.ctx.resolver.lookup(
                    "Group", re.sub(r"\s*\([^)]*\)", "", name))):
                head = "Launch" if "launch" in verb else "Creation"
                out.append(_Cand(s0, m.end(), f"{head} of the {name}", "done", kind_hint="group"))
                continue
            lead = entities_in(self.ctx, name, ("Group", "Agency", "Partnership"))
            if lead and lead[0][0] == 0 and P.ACTION_NOUN_RE.search(name[lead[0][1]:]):
                name = P.tidy_name(name[lead[0][1]:])  # 'the X Group guidance for ...' -> the guidance
                if not name:
                    continue
            title = _TITLE_TAIL.search(sent[m.end():])
            if title and len(title.group("t").split()) >= 3 and len(name.split()) <= 4:
                name = f"{name}: {title.group('t')}"  # 'guidance ... to assist practitioners Engaging with fathers'
            elif _GENERIC_ONE.match(name) or len(name.split()) <= 2:
                comp = re.match(r"\s+(?P<pp>(?:in|on|for|about|across|with|at|regarding|into|around)\s+(?!(?:(?:late|early|the)\s+)?(?:spring|"
                                r"summer|autumn|winter|january|february|march|april|may|june|july|august|"
                                r"september|october|november|december|20\d\d)\b)[^,.;]{3,80})", sent[m.end():], re.I)
                if comp:
                    name = P.tidy_name(f"{name} {_object_after(comp.group('pp'), 0)}")
            if verb in P.EVALUATIVE and not _GENERIC_ONE.match(name) and (
                    P.ACTION_NOUN_RE.search(name) or re.match(r"impact\b", name, re.I)):
                name = f"{P.EVALUATIVE[verb]} the {name}"
            elif not (P.ACTION_NOUN_RE.search(name) or re.search(r"[A-Z][a-z]+\s+[A-Z]", name)):
                continue
            out.append(_Cand(s0, m.end(), name, _aux_status(m.group("aux"), sent),
                             owner_text=_by_agent(sent[m.end():m.end() + 80])))
        for m in P.UNDERWAY.finditer(sent) if P.has_any(fold, _UNDERWAY_WORDS) else ():
            s0, subj = _subject_before(sent, m.start())
            if _NOUN_LIST.match(sent[:m.start()]):
                s0, subj = 0, sent[:m.start()]  # 'Procedures, guidance and briefings are available'

            name = P.tidy_name(subj)
            if name and _good_name(name) and P.ACTION_NOUN_RE.search(name) and not _GENERIC_ONE.match(name) \
                    and not any(c.start <= s0 < c.end for c in out):
                out.append(_Cand(s0, m.end(), name, P.status_from(m.group(0)) or "in progress"))
        for m in (P.ACTIVE.finditer(sent) if P.ACTIVE_VERB_GATE.search(fold) else ()):
            obj = _object_after(sent, m.start("obj"))
            if any(c.start <= m.start("obj") < c.end for c in out):
                continue
            parts = re.split(r"\s+and\s+(?=[A-Z]|(?:a|an|the)\s)", obj)
            if len(parts) > 1 and not all(len(p.split()) >= 2 and P.ACTION_NOUN_RE.search(p) for p in parts):
                parts = [obj]
            for part in parts:
                name = P.tidy_name(part)
                if not name or not _good_name(name) or not P.ACTION_NOUN_RE.search(name):
                    continue
                out.append(_Cand(m.start("obj"), m.start("obj") + len(obj), name,
                                 _aux_status(m.group("aux") or m.group("verb"), sent), owner_text=sent[:m.start()]))
        for m in (P.CHECKED.finditer(sent) if P.has_any(fold, _CHECKED_WORDS) else ()):
            if any(c.start <= m.start("obj") < c.end for c in out):
                continue
            obj = _object_after(sent, m.start("obj"))
            name = P.tidy_name(obj)
            if not name or not _good_name(name) or len(name.split()) < 2:
                continue
            head = P.EVALUATIVE[m.group("verb").lower()]
            out.append(_Cand(m.start(), m.start("obj") + len(obj), f"{head} {name[:1].lower() + name[1:]}", "done",
                             owner_text=sent[:m.start()]))
        for m in (P.NOMINAL.finditer(sent) if " of " in low and P.has_any(fold, _NOMINAL_WORDS) else ()):
            obj = _object_after(sent, m.start("obj"))
            tail = P.tidy_name(obj)
            if not tail or not _good_name(tail):
                continue
            if any(c.start <= m.start() < c.end or c.start <= m.start("obj") < c.end for c in out):
                continue
            head = m.group("head").lower()
            if (head == "review" and not P.ACTION_NOUN_RE.search(tail)) or len(tail.split()) < 2:
                continue  # 'the development of the Service' says too little
            name = f"{head.capitalize()} of the {tail}"
            out.append(_Cand(m.start(), m.start("obj") + len(obj), name, sent_status(),
                             owner_text=sent[:m.start()]))
        for m in (P.REDUCED_RELATIVE.finditer(sent) if _REDUCED_GATE.search(sent) and _REDUCED_VERB_F.search(fold)
                  else ()):
            np = re.split(r"\b(?:an?|the)\s+", m.group("np"))[-1]
            name = P.tidy_name(np)
            if not name or not _good_name(name) or any(c.start <= m.start("np") < c.end for c in out):
                continue
            yr = re.match(r"\s*(?:in|during)\s+(20\d\d)", sent[m.end() - 3:])
            out.append(_Cand(m.start("np"), m.end(), f"{name} {yr.group(1)}" if yr else name, "done"))
        there = "there " in low
        for m in (P.THERE_WILL.finditer(sent) if there else ()):
            np = P.tidy_name(_object_after(m.group("np"), 0))
            if np and _good_name(np) and P.ACTION_NOUN_RE.search(np) and not _GENERIC_ONE.match(np):
                out.append(_Cand(m.start("np"), m.end("np"), np, "planned"))
        for m in (P.THERE_IS.finditer(sent) if there else ()):
            if any(c.start <= m.start("np") < c.end for c in out):
                continue
            np = P.tidy_name(m.group("np"))
            pp = _object_after(sent, m.start("pp"))
            if not np or _BAD_HEAD.match(np):
                continue
            out.append(_Cand(m.start("np"), m.start("pp") + len(pp), P.tidy_name(f"{np} {pp}", 16),
                             _aux_status(m.group(0), sent)))
        # a titled thing counts only in a sentence of doing (P.TITLED_THING needs one of its words, the
        # cheaper test, first)
        titled = P.has_any(fold, _TITLED_WORDS) and (sent_status() is not None or _monitors(sent, fold)) and \
            not _ABBR_LEAD.match(sent)
        for rx in ((P.TITLED_THING, P.OPERATION) if titled else (P.OPERATION,)):
            if rx is P.OPERATION and "Op" not in sent:
                continue  # no word that every match of it holds
            for m in rx.finditer(sent):
                if any(not (m.end() <= c.start or m.start() >= c.end) for c in out):
                    continue
                name = P.tidy_name(m.group("name"), 16)
                if not name or len(name.split()) < 2 or self._names_review_or_body(name):
                    continue
                out.append(_Cand(m.start(), m.end(), name, sent_status()))
        for m in (P.LED_TO_GROUP.finditer(sent) if "led to" in low else ()):
            obj = " ".join(m.group("obj").split())
            if any(c.start <= m.start("obj") < c.end for c in out):
                continue
            obj = re.sub(r"^new\s+", "", obj)
            out.append(_Cand(m.start("obj"), m.end("obj"), f"Creation of the {obj}", "done", kind_hint="group"))
        return out

    def list_candidates(self, items: list[str], status: str | None, bodies: bool = False) -> list[_Cand]:
        out = []
        for it in items:
            it = _LIST_MARK.sub("", it).strip().rstrip(".;")
            inner = self.sentence_candidates(it) if len(it.split()) > 8 and not _IMPERATIVE.match(it) else []
            if inner:
                # an item that is a sentence ('X was to roll out an approach ...') names its thing inside
                out.extend(inner[:2])
                continue
            it = re.sub(r"^there\s+(?:is|are|has\s+been|have\s+been)\s+(?:also\s+)?", "", it, flags=re.I)
            it = re.sub(r"^(?:to\s+|(?:continue|begin|start)\s+to\s+)+", "", it, flags=re.I)
            cut = _CLAUSE_CUT.search(it)
            if cut and cut.start() > 12 and _IMPERATIVE.match(it):
                it = it[:cut.start()]
            name = P.tidy_name(re.split(r"[;:]|\s[-–]\s|\.\s", it)[0], limit=16)
            if not name or not _good_name(name) or len(name.split()) < 2:
                continue
            out.append(_Cand(0, len(it), name, status or P.status_from(it) or "in progress", kind_hint="body" if bodies
                             else None))
        return out

    # -- adding ---------------------------------------------------------------------------------
    def add(self, view: PassageView, s0: int, cand: _Cand, sent: str, reviews: list[str],
            topic: list[str] | None = None, cell: bool = False) -> str | None:
        # a name said twice over ('the Home Conditions Tool (HCT) Home Conditions Tool (HCT) form'): once
        name = _SAID_TWICE.sub(r"\1", cand.name)
        if not cell and not _good_name(name):  # a table's Action cell is an action's name, whatever its first word
            return None
        if _GENERIC_ONE.match(name) and not reviews and topic:
            reviews = topic[-1:]  # 'An action plan has been agreed', right after the review it belongs to
        if _GENERIC_ONE.match(name):
            # a bare 'briefing' says what it is only through the review it answers
            if reviews and self.ctx.node(reviews[0]):
                name = f"{name} on learning from the {self.ctx.node(reviews[0]).name}"
            else:
                return None
        if cand.kind_hint == "body":
            cand.kind_hint = None  # an announced list may name the groups that do the work as what was done
        elif self._names_review_or_body(name):
            return None
        if self.respond_only and not reviews:
            return None
        start, end = view.span(s0 + cand.start, s0 + cand.end)
        attrs = {"status": cand.status, "kind": cand.kind_hint or P.action_kind(name)}
        if cand.status in ("planned", "in progress"):
            d = P.DUE.search(sent)
            if d:
                attrs["due"] = d.group("due")
        owner = None
        if cand.owner_text:
            who = entities_in(self.ctx, cand.owner_text, ("Agency", "Group", "Partnership"))
            if who:
                owner = who[0][2] if cand.owner_text is sent[:cand.start] else who[0][2]
        if owner and self.ctx.node(owner):
            attrs["owner"] = self.ctx.node(owner).name
        same = self._same_as(name)
        aid = self.ctx.add_node("Action", name, view.passage, start, end, attrs=attrs,
                                quote=sent[:500], confidence=0.6, node_id=same)
        self.added.setdefault(aid, _content_tokens(name, self.place_words))
        owner_node = self.ctx.node(owner) if owner else None
        if owner_node is not None and owner_node.type in _OWNER_TYPES:
            self.ctx.add_edge(aid, "OWNED_BY", owner, view.passage, start, end)
        for rid in reviews:
            self.ctx.add_edge(aid, "RESPONDS_TO", rid, view.passage, start, end, quote=sent[:500])
        ev = _EVIDENCE.search(sent)
        if ev:
            # 'an audit in March showed that ...', '... evidenced by a rise in referrals': what shows it worked
            note = " ".join(ev.group("ev").split()).rstrip(" ,")
            eid = self.ctx.add_node("Evidence", P.tidy_name(note, 12), view.passage, start, end, quote=sent[:500],
                                    attrs={"note": note}, confidence=0.5,
                                    node_id=f"evidence:{self.ctx.tenant}:{aid.split(':', 2)[-1]}:{slug(note, 40)}")
            self.ctx.add_edge(aid, "EVIDENCED_BY", eid, view.passage, start, end, quote=sent[:500])
        if name.startswith(("Creation of the ", "Launch of the ")) and reviews:
            # 'the review has led to a new X Group': the group itself, review first (LED_TO)
            body = name.split(" of the ", 1)[1]
            gid = self.ctx.resolver.lookup("Group", re.sub(r"\s*\([^)]*\)", "", body))
            if gid and self.ctx.node(gid) is not None:
                for rid in reviews:
                    self.ctx.add_edge(rid, "LED_TO", gid, view.passage, start, end, quote=sent[:500])
        return aid

    def _same_as(self, name: str) -> str | None:
        """An action this document already named in other words ('Home Visits' / 'Home Visits guidance')."""
        toks = _content_tokens(name, self.place_words)
        if len(toks) < 2:
            return None
        for aid, other in self.added.items():
            small = min(len(toks), len(other))
            inter = len(toks & other)
            if small >= 2 and inter / small >= 0.8 and (small >= 3 or inter == small) \
                    and inter / max(len(toks), len(other)) >= 0.5:
                return aid
        return None

    def _is_review_name(self, name: str) -> bool:
        reviews = self.ctx.nodes_of("Review")
        stamp = (len(reviews), tuple(r.name for r in reviews), sum(len(r.aliases) for r in reviews))
        if self._review_keys[0] != stamp:
            # the reviews' names normalised once, until a review or a name is added
            keys = {k for r in reviews for k in map(normalise, (r.name, *r.aliases)) if k}
            self._review_keys = (stamp, keys, tuple(k for k in keys if len(k) > 20))
        _, keys, long_keys = self._review_keys
        key = normalise(name)
        if key in keys or any(key.startswith(k) for k in long_keys):
            return True
        # 'The Child S review was signed off': the review itself, named with its kind in lower case
        bare = _KIND_TAIL.sub("", key)
        return bare != key and bare in keys

    def _names_review_or_body(self, name: str) -> bool:
        if self._is_review_name(name) or _KIND_LEAD.match(name):
            return True
        for t in ("Review", "Agency", "Partnership", "Group"):
            if self.ctx.resolver.lookup(t, name):
                # a new group is an action only as its creation ('Creation of the ... Group')
                return not name.lower().startswith("creation of")
        return False

    # -- the document ----------------------------------------------------------------------------
    def run(self) -> None:
        st = self.st
        carry: list[str] = []  # reviews whose learning the text is still responding to
        carry_age = 0
        carry_heading = None
        forward = False
        heading_taken = False
        intro_pending: tuple[str | None, list[str]] | None = None
        skip_heading: tuple[str | None, bool] = (None, False)  # heading -> its section is not read for actions
        leads = P.lead_in_heads(st.views)
        for view in st.views:
            text = view.text
            head_reviews = st.heading_reviews.get(view.index, [])
            mentions = st.review_mentions.get(view.index, [])
            if view.heading != carry_heading:
                carry, carry_heading = [], view.heading
            # the response to a review's learning runs on into the next paragraph, not further, and not
            # into one that opens with another actor ('The ICB has increased ...' starts a new story)
            carry_age = carry_age + 1 if carry else 0
            if carry_age > 1 and not st.review_mentions.get(view.index):
                carry = []
            if carry:
                opener = entities_in(self.ctx, text[:80], ("Agency", "Group", "Partnership"))
                if opener and opener[0][0] <= 4:
                    carry = []
            prev = st.views[view.index - 1] if view.index > 0 else None
            if prev is not None and text[:1].islower() and not re.search(r"[.!?:;]\W*$", prev.text) \
                    and st.review_mentions.get(prev.index):
                # a paragraph cut by a page break: it goes on about the review its first half named
                carry, carry_age = list(dict.fromkeys(r for r, _, _ in st.review_mentions[prev.index])), 0
            self.briefings(view, head_reviews)
            opening = list(dict.fromkeys(rid for rid, a, _ in mentions if a < 60))
            words = len(text.split())
            if words <= 15 and _FORWARD_HEAD.search(text):
                forward = True  # 'Forward Plan', 'Looking ahead and our challenges for 2023': plans follow
                continue
            if forward and words > 45 and not (view.passage.kind in ("list_item", "table_row")
                                               or _LIST_MARK.match(text)):
                forward = False  # a full paragraph of narrative ends a plan's short items
            if view.is_heading:
                heading_taken = forward and self.forward_item(view, 0, text, head_reviews)
                continue
            if st.plan_rows and view.passage.kind == "table_row":
                continue
            if view.passage.kind == "table_row":
                row = P.plan_row(text)
                if row:
                    self.plan_row(view, row, head_reviews or ([st.doc_review] if st.doc_review else [])
                                  or self._recent(view.index, 0))
                    continue
            if view.heading != skip_heading[0]:
                # the passages of a section share its heading: decide once per run of them
                last_heading = view.heading.split(" > ")[-1] if view.heading else ""
                skip_heading = (view.heading, bool(
                    _SKIP_SECTION.search(last_heading)
                    or (st.doc_review and (P.RECS_HEAD.search(last_heading) or P.FINDINGS_HEAD.search(last_heading)))))
            lead = leads.get(view.index)
            if lead is not None and lead[0] != "action" and (st.doc_review or head_reviews):
                continue  # the same under a lead-in line ('3. What we found', 'Learning from the review:')
            if skip_heading[1] and (lead is None or lead[0] != "action"):
                continue  # a review's findings and recommendations are not yet things done
            for s, e in view.sents:
                sent = text[s:e]
                fold = P.folded(sent)
                if sent[:1] in "“\"‘'" or (P.has_any(fold[:40], _SKIP_WORDS) and _SKIP_SECTION.search(sent[:40])) \
                        or _I_START.match(sent):
                    continue  # quoted voices (inspectors, children) and case studies report, they do not act
                in_sent = list(dict.fromkeys(rid for rid, a, _ in mentions if s <= a < e))
                cue = P.RESPONSE_CUE.search(sent) if P.has_any(fold, P.RESPONSE_CUE_WORDS) and \
                    P.RESPONSE_CUE_GATE.search(fold) else None
                anaphor = (P.REVIEW_ANAPHORA.search(sent) if P.has_any(sent, P.REVIEW_ANAPHORA_WORDS) else None) or (
                    _THIS_LEARNING.search(sent) if "learning" in fold else None)
                plural_m = P.REVIEW_PLURAL_ANAPHORA.search(sent) if P.has_any(sent, P.REVIEW_PLURAL_WORDS) else None
                reviews: list[str] = []
                if in_sent:
                    reviews = in_sent
                    if plural_m:
                        # 'the above Reviews and other Rapid Reviews': those just named and these
                        reviews = list(dict.fromkeys(self._recent(view.index, s, skip_here=True) + in_sent))
                elif anaphor or plural_m:
                    plural = bool(plural_m)
                    reviews = (carry if carry and not plural else []) or self._recent(view.index, s, skip_here=plural) \
                        or carry or head_reviews  # else the review the section is titled after
                elif head_reviews:
                    reviews = head_reviews
                elif [rid for rid, a, _ in mentions if a < s] and _TOPIC_GENERIC.search(sent):
                    reviews = [[rid for rid, a, _ in mentions if a < s][-1]]
                elif opening:
                    reviews = opening  # a paragraph that opens with a review is about it throughout
                elif carry:
                    reviews = carry
                elif st.doc_review:
                    reviews = [st.doc_review]  # a review's own report or briefing: its actions answer it
                elif lead is not None and lead[0] == "action":
                    # 'What has changed as a result' over a list: the review named in the passages before it
                    reviews = self._latest(view.index, 6)
                if reviews and reviews is not carry and (cue or anaphor or plural_m):
                    carry, carry_age = reviews, 0
                reviews = self._focus(reviews, sent)
                # lists announced as actions
                is_item = bool(_LIST_MARK.match(sent)) or view.passage.kind == "list_item"
                if intro_pending is not None and is_item:
                    st_status, intro_reviews = intro_pending
                    for c in self.list_candidates([sent], st_status, bodies=True):
                        self.add(view, s, c, sent, intro_reviews or reviews)
                    continue
                if intro_pending is not None and not is_item:
                    intro_pending = None
                if ":" in sent and _INTRO_ACTIONS.search(sent):  # its match ends at a colon
                    intro_pending = (P.status_from(sent) or "in progress", reviews or head_reviews)
                    continue
                lm = (_FOLLOWING_LIST.search(sent) or (
                    _FOLLOWING_LIST.search(text[s:]) if re.search(r"the\s+following", sent) else None)) \
                    if "following" in sent else None  # both need the word in this sentence
                if lm:
                    items = [i.strip() for i in re.split(r",\s*|;\s*", lm.group("list")) if i.strip()]
                    items = [re.sub(r"^and\s+", "", i) for i in items]
                    for c in self.list_candidates(items, "done"):
                        c.status = _aux_status("has been", sent)
                        self.add(view, s, c, sent, reviews)
                    continue
                if forward:
                    if heading_taken and not is_item:
                        continue  # the lines under a plan's heading are its details, not more actions
                    if self.forward_item(view, s, sent, reviews):
                        continue
                added = []
                topic = [rid for rid, a, _ in mentions if a < s]
                for c in self.sentence_candidates(sent)[:3]:
                    aid = self.add(view, s, c, sent, reviews, topic)
                    if aid:
                        added.append((aid, c.start))
                if added and _monitors(sent, fold):
                    self.monitoring(view, s, sent, added)

    def plan_row(self, view: PassageView, row: dict, reviews: list[str]) -> None:
        """A table row of an action plan inside a report or page: its action, status, lead and due date,
        answering the row's recommendation (made by the review rules) and the review."""
        value, a, b = row["action"]
        name = P.tidy_name(P.NUMBERED.sub("", value), 16)
        done = _ROW_VERB_TAIL.search(name)
        if done and len(name[:done.start()].split()) >= 2:
            name = name[:done.start()]  # 'Was Not Brought policy revised and relaunched': the policy
        if not name or len(name.split()) < 2 or not (_good_name(name) or _TITLE_START.match(name)):
            return
        status_text = row.get("status", ("",))[0]
        status = status_of(status_text) or P.status_from(value) or ("in progress" if status_text else None)
        cand = _Cand(a, b, name, status, owner_text=row.get("owner", ("",))[0] or None)
        due = row.get("due", ("",))[0]
        recs = [nid for rid in reviews for nid in self.st.recommendations.get(rid, ())
                if any(p.passage_id == view.passage.id for p in (self.ctx.node(nid).provenance
                                                                  if self.ctx.node(nid) else ()))]
        aid = self.add(view, 0, cand, view.text, reviews, cell=True)
        if aid is None:
            return
        node = self.ctx.node(aid)
        if node is not None:
            d = P.DUE.search(f"by {due}") if due else P.DUE.search(status_text)
            if d and "due" not in node.attrs:
                node.attrs["due"] = d.group("due")
            owner = row.get("owner", ("",))[0]
            if owner and "owner" not in node.attrs:
                node.attrs["owner"] = owner  # a lead the gazetteer does not know is still the lead
        start, end = view.span(a, b)
        for nid in recs[:1]:
            self.ctx.add_edge(aid, "RESPONDS_TO", nid, view.passage, start, end, quote=view.text[:500])

    def forward_item(self, view: PassageView, s0: int, sent: str, reviews: list[str]) -> bool:
        """An item of a forward plan: 'Continue to develop X', 'Water safety campaign', 'A - B - C' lists."""
        item = _LIST_MARK.sub("", sent).strip()
        done = False
        for part in re.split(r"\s+[-–]\s+", item)[:1]:
            part = part.strip()
            if not part or len(part.split()) > 40:
                continue
            inner = self.sentence_candidates(part)
            if inner:
                for c in inner[:2]:
                    if c.status is None or c.status == "done" and not re.search(r"\b(?:has|have|had|was|were)\b",
                                                                                part):
                        c.status = "planned"
                    self.add(view, s0, c, sent, reviews)
                done = True
                continue
            imp = _IMPERATIVE.match(part)
            head = P.ACTION_NOUN_RE.search(" ".join(part.split()[:4]))
            named = bool(head) and len(part.split()) <= 12 and not re.search(
                r"\b(?:remains?|is|are|was|were|has|have|faces?|continues?|needs?)\b", " ".join(part.split()[:6]), re.I)
            if imp or _FORWARD_NOMINAL.match(part) or named:
                for c in self.list_candidates([part], "planned"):
                    self.add(view, s0, c, sent, reviews)
                done = True
        return done

    def monitoring(self, view: PassageView, s0: int, sent: str, added: list[tuple[str, int]]) -> None:
        """'<Group> monitors the X Strategy', 'X is overseen by <Group>': who follows the action up."""
        m = _MONITORS.search(sent)
        if m is None:
            return
        groups = entities_in(self.ctx, sent, ("Group",))
        start, end = view.span(s0, s0 + len(sent))
        if m.group("passive"):
            after = [g for g in groups if g[0] >= m.end()]
            for aid, pos in added:
                if pos < m.start():
                    for g in after[:1]:
                        self.ctx.add_edge(aid, "MONITORED_BY", g[2], view.passage, start, end)
        else:
            before = [g for g in groups if g[1] <= m.start()]
            for aid, pos in added:
                if pos >= m.start():
                    for g in before[-1:]:
                        self.ctx.add_edge(aid, "MONITORED_BY", g[2], view.passage, start, end)

    def briefings(self, view: PassageView, head_reviews: list[str]) -> None:
        """'<Case> 7 Minute Briefing', 'Learning Briefing in regards to a Thematic Review of ...': a review's briefing."""
        mentions = self.st.review_mentions.get(view.index, [])
        found = P.BRIEFING_PHRASE.finditer(view.text) if P.has_any(P.folded(view.text), P.BRIEFING_WORDS) else ()
        for m in found:
            near = [(abs(a - m.start()), rid, a, b) for rid, a, b in mentions if abs(a - m.start()) < 160]
            if not near:
                # a heading, or a passage under one, that names the review: 'Rapid Review: Baby E' then
                # 'Learning was shared through a 7 minute briefing'
                about = head_reviews
                if not view.is_heading and not about and P.has_any(view.text, P.REVIEW_ANAPHORA_WORDS) \
                        and P.REVIEW_ANAPHORA.search(view.text, 0, m.start()):
                    about = self._recent(view.index, m.start())  # 'The rapid review concluded ...'
                if not about or not (view.is_heading or _SHARED_THROUGH.search(view.text)):
                    continue
                rid, label = about[0], None
            else:
                _, rid, a, b = min(near)
                label = view.text[a:b]
            node = self.ctx.node(rid)
            if node is None:
                continue
            phrase = " ".join(w[:1].upper() + w[1:] for w in m.group(0).split())
            base = label if label and len(label.split()) <= 3 else node.name
            name = f"{base} {phrase}"
            start, end = view.span(m.start(), m.end())
            date = P.iso_date(view.text[m.end():m.end() + 30])
            aid = self.ctx.add_node("Action", name, view.passage, start, end, confidence=0.7,
                                    attrs={"status": "done", "kind": "briefing", "date": date},
                                    node_id=self._same_as(name))
            self.added.setdefault(aid, _content_tokens(name, self.place_words))
            self.ctx.add_edge(aid, "RESPONDS_TO", rid, view.passage, start, end)

    def _latest(self, idx: int, back: int) -> list[str]:
        """The reviews of the nearest passage before idx (at most `back` passages back) that names any."""
        for j in range(idx - 1, max(-1, idx - back - 1), -1):
            prev = self.st.review_mentions.get(j)
            if prev:
                return list(dict.fromkeys(r for r, _, _ in prev))
        return []

    def _recent(self, idx: int, upto: int, skip_here: bool = False) -> list[str]:
        """Reviews named just before: in this passage, else the nearest passage before that names any.

        skip_here (for 'the above Reviews'): every review named in the two passages before, same section."""
        st = self.st
        here = [rid for rid, a, _ in st.review_mentions.get(idx, []) if a < upto]
        if here and not skip_here:
            return list(dict.fromkeys(here))
        if skip_here:
            heading = st.views[idx].heading
            found: list[str] = list(here)
            for j in range(idx - 1, max(-1, idx - 3), -1):
                if st.views[j].heading != heading:
                    break
                found.extend(r for r, _, _ in st.review_mentions.get(j, []))
            return list(dict.fromkeys(found))
        for j in range(idx - 1, max(-1, idx - 3), -1):
            prev = st.review_mentions.get(j)
            if prev:
                return list(dict.fromkeys(r for r, _, _ in prev))
        return []

    def _focus(self, reviews: list[str], sent: str) -> list[str]:
        """Of several reviews in play, the ones whose subject the sentence names ('two brothers')."""
        if len(reviews) < 2:
            return reviews
        words = _content_tokens(sent)
        hits = []
        for rid in reviews:
            node = self.ctx.node(rid)
            if node is None:
                continue
            core = _content_tokens(node.name) - _REVIEW_WORDS
            if len(core) >= 2 and len(core & words) >= 2:
                hits.append(rid)
        return hits or reviews


# words of a recommendation that say it is one, not what it asks for
_REC_STOP = frozenset({"should", "must", "will", "would", "ensure", "ensuring", "review", "reviews", "develop", "all",
                       "agency", "agencies", "partner", "partners", "how", "what", "about", "consider", "need",
                       "needs", "are", "is", "be", "not", "there", "so", "they", "them", "who", "when", "if", "into",
                       "seek", "assurance", "assurances", "recommendation", "recommend", "recommends", "or", "any",
                       "have", "has", "been", "which", "where", "use", "using", "make", "made", "also"})


_REC_NUMBER = re.compile(r"\b[Rr]ecommendation\s+(?:(?:no\.?|number)\s*)?(\d{1,2})\b")


def _answer_recommendations(ctx: ExtractionContext, st, added: dict[str, set[str]], place_words: set[str]) -> None:
    """An action of a review's own document that takes up one of its recommendations ('Guidance on working with
    fathers' for 'develop guidance ... on engaging fathers') RESPONDS_TO that recommendation as well: the one it
    shares most words with, at least two, and no other as many."""
    common = place_words | _REC_STOP
    recs: dict[str, list[tuple[str, set[str]]]] = {}
    own: dict[str, set[str]] = {}  # the review's own words ('self-harm' of a review of self-harm) tell nothing
    for rid, nids in st.recommendations.items():
        review = ctx.node(rid)
        own[rid] = set().union(*(_content_tokens(a) for a in (review.name, *review.aliases))) if review else set()
        for nid in dict.fromkeys(nids):
            node = ctx.node(nid)
            if node is not None:
                recs.setdefault(rid, []).append((nid, _content_tokens(node.attrs.get("text") or node.name, common)
                                                 - own[rid]))
    if not recs:
        return
    by_id = {p.id: p for p in ctx.passages}
    for e in ctx.edges_of("RESPONDS_TO"):
        if e.dst not in recs or e.src not in added:
            continue
        prov = e.provenance[0]
        said = _REC_NUMBER.search(prov.quote or "") if "ecommendation" in (prov.quote or "") else None
        if said:
            # 'in response to recommendation 2': the one it names
            named = [nid for nid, _ in recs[e.dst] if str((ctx.node(nid).attrs or {}).get("number")) == said.group(1)]
            for nid in named[:1]:
                ctx.add_edge(e.src, "RESPONDS_TO", nid, by_id.get(prov.passage_id or ""), prov.start, prov.end,
                             quote=prov.quote, confidence=0.6)
            if named:
                continue
        toks = added[e.src] - common - own[e.dst]
        scored = sorted(((len(toks & rt), nid) for nid, rt in recs[e.dst]), reverse=True)
        if scored[0][0] < 2 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            continue
        ctx.add_edge(e.src, "RESPONDS_TO", scored[0][1], by_id.get(prov.passage_id or ""), prov.start, prov.end,
                     quote=prov.quote, confidence=0.5)


def extract(ctx: ExtractionContext) -> None:
    acts = _Actions(ctx)
    acts.run()
    if acts.st.recommendations:
        _answer_recommendations(ctx, acts.st, acts.added, acts.place_words)


__all__ = ["extract", "ORDER", "slug"]
