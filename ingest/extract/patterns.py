"""Shapes of language shared by the learning rules (reviews, findings, actions).

Everything here is about how partnership documents *phrase* things ('has been
developed', 'in response to', '<Name> Child Safeguarding Practice Review'), never
about particular names, so the rules carry over to partnerships nobody here has seen.
"""
from __future__ import annotations

import re

# -- keyword gates -----------------------------------------------------------------
# Most sentences match none of the costly patterns; a pattern runs only where a cheap test says it
# could. Under re.IGNORECASE the letters İ, ı, ſ and the Kelvin sign also match ASCII letters, so
# they are folded to those here: a gate must never refuse a sentence its pattern would match.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def folded(text: str) -> str:
    """Lower case as re.IGNORECASE compares ASCII letters, one character for one (offsets kept)."""
    if text.isascii() or not ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text):
        return text.lower()  # translate() walks every character in Python terms: only when it matters
    return text.translate(_FOLD).lower()


def case_twin(rx: re.Pattern) -> re.Pattern:
    """The pattern without IGNORECASE, to run on folded() text as a gate (only for patterns whose
    letters are all lower case: the twin then matches wherever the original does, much faster)."""
    return re.compile(rx.pattern, rx.flags & ~re.IGNORECASE)


# -- text clean-up -------------------------------------------------------------------

# '[text](#)' link markup as found in text extracted from web pages; the loaders strip it,
# the quick benchmark splitter does not, so the rules read through it either way.
_LINK = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_ESC = re.compile(r"\\([\\()\[\]*_#.!+\-`{}|>])")


def plain(text: str) -> tuple[str, list[int]]:
    """Text without link markup or escapes, and for each kept character its offset in the original."""
    if "[" not in text and "\\" not in text and "*" not in text:
        return text, list(range(len(text) + 1))
    out: list[str] = []
    pos: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i] == "[" or (text[i] == "!" and text[i + 1:i + 2] == "["):
            m = _LINK.match(text, i)
            if m:
                inner_start = m.start(1)
                inner = m.group(1)
                j = 0
                while j < len(inner):
                    if inner[j] == "\\" and j + 1 < len(inner):
                        j += 1
                    out.append(inner[j])
                    pos.append(inner_start + j)
                    j += 1
                i = m.end()
                continue
        if text[i] == "\\" and i + 1 < n and _ESC.match(text, i):
            i += 1
        elif text.startswith("**", i):
            i += 2
            continue
        out.append(text[i])
        pos.append(i)
        i += 1
    pos.append(n)
    return "".join(out), pos


# Sentence ends: a full stop (not in 'e.g.', 'i.e.', 'No.') before a capital, quote or bracket.
# Written to start with the end character itself (the lookbehinds then take it into account), so
# the regex engine can skip straight to candidate characters: same matches as
# (?<!\be\.g)(?<!\bi\.e)(?<!\bNo)(?<!\betc)[.!?;](?=\s+[\"'‘“(\[]?[A-Z0-9])|\n+ , many times faster.
_SENT_END = re.compile(r"[.!?;\n](?:(?<=[.!?;])(?<!\be\.g.)(?<!\bi\.e.)(?<!\bNo.)(?<!\betc.)"
                       r"(?=\s+[\"'‘“(\[]?[A-Z0-9])|(?<=\n)\n*)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences; semicolons count as ends since lists run on them."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        end = m.end() if text[m.start()] != "\n" else m.start()
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# -- reviews ---------------------------------------------------------------------------

MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
DATE = re.compile(rf"\b(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTHS}\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(20\d\d)|"
                  rf"(?:spring|summer|autumn|winter)\s+20\d\d|20\d\d\s*[-–/]\s*(?:20)?\d\d|20\d\d)\b", re.I)
_MONTH_NUM = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def iso_date(text: str) -> str | None:
    """'January 2023' -> '2023-01'; '2021-22' stays; '2020' -> '2020'."""
    m = DATE.search(text)
    if not m:
        return None
    s = m.group(0)
    mm = re.match(rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({MONTHS})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(20\d\d)", s, re.I)
    if mm:
        return f"{mm.group(2)}-{_MONTH_NUM[mm.group(1)[:3].lower()]:02d}"
    return s


# The words that name a kind of review, longest first; group 'kw' in the patterns below.
REVIEW_KW = (r"(?:Local\s+)?(?:Child\s+)?Safeguarding\s+Practice\s+Reviews?|L?CSPRs?|LSCPRs?|"
             r"Serious\s+Case\s+Reviews?|SCRs?|Safeguarding\s+Adults?\s+Reviews?|Serious\s+Adults?\s+Reviews?|SARs?|"
             r"Domestic\s+(?:Homicide|Abuse\s+Related\s+Death)\s+Reviews?|DHRs?|Learning\s+Reviews?|Practice\s+Reviews?|"
             r"Rapid\s+Reviews?")

# Capitalised words that start review phrases without naming a case ('Local CSPR', 'The SCR').
GENERIC_CASE_WORDS = {
    "a", "an", "the", "this", "that", "these", "those", "our", "their", "its", "each", "any", "all", "every",
    "local", "national", "thematic", "rapid", "multi", "positive", "joint", "independent", "first", "final",
    "full", "published", "recent", "previous", "other", "further", "new", "child", "children", "practice",
    "panel", "review", "reviews", "case", "serious", "learning", "adult", "adults", "safeguarding", "partnership",
    "board", "two", "three", "four", "one", "several", "many", "some", "no", "in", "of", "for", "and", "to", "on",
    "from", "by", "with", "at", "as", "per", "annual", "relevant", "appropriate", "previously", "single",
    "completed", "undertaken", "commissioned", "current", "following", "under", "between", "pan", "cspr",
    "lcspr", "scr", "sar", "if", "or", "than", "when", "where", "which", "why", "how", "what", "regional",
    "unpublished", "draft", "future", "past", "last", "next", "ongoing", "domestic", "homicide", "conduct",
    "commission", "commissioning", "undertake", "undertaking", "carry", "including", "include", "about",
    "whether", "not", "statutory", "see", "view", "click", "read", "download", "here", "there", "please",
}

# '<Name> Child Safeguarding Practice Review', 'Baby Y CSPR', 'Oscar LCSPR', 'Family Z SCR', 'Dan SAR'
NAMED_REVIEW = re.compile(
    rf"\b(?P<name>(?:(?:Baby|Child|Family|Sibling|Siblings|Young\s+Person|Adult|Infant|Mother)\s+)?"
    rf"[A-Z][a-z]*(?:[-'][A-Z][a-z]+)?(?:\s+(?:and|&)\s+[A-Z][a-z]+)?)\s+(?P<kw>{REVIEW_KW})\b(?:\s*\((?P<abbr>[A-Z]{{2,6}})\))?")
# 'Local Child Safeguarding Practice Review: Child M', 'Serious Case Review - Family B'
# "LCSPR 'Archie'", 'Child Safeguarding Practice Review – "Poppy"': no separator needs quotes
KIND_THEN_CASE = re.compile(rf"\b(?P<kw>{REVIEW_KW})(?:\s*[:–-]\s*[\"'‘“]?|\s+[\"'‘“])(?P<name>(?:(?:Baby|Child|Family|Sibling|Siblings|"
                            rf"Young\s+Person|Adult|Infant)\s+)?[A-Z][a-z]*(?:\s+(?:and|&)\s+[A-Z][a-z]+)?)\b")
# 'Jacob (CSPR, 2023)', 'Child W (LCSPR)': the kind in brackets after the name
NAME_THEN_KIND = re.compile(rf"\b(?P<name>(?:(?:Baby|Child|Family|Sibling|Siblings|Young\s+Person|Infant)\s+)?[A-Z][a-z]*)"
                            rf"\s+\((?P<kw>{REVIEW_KW})(?:\s*[,;]\s*[^()]{{1,24}})?\)")
# 'Child R', 'Baby T', 'Family Z': a one-letter pseudonym is a case name wherever it stands.
CASE_LETTER = re.compile(r"\b(?P<name>(?:Child|Baby|Family|Sibling|Siblings|Young\s+Person|Infant|Adult)\s+[A-Z])"
                         r"(?![\w'’-])"
                         rf"(?:\s+(?P<kw>{REVIEW_KW}|LSCP|Review"
                         # 'the Baby T rapid review', 'the Family Q learning review': the kind in lower case
                         r"|(?:rapid|learning|thematic)\s+reviews?(?![\w-])))?")
# 'Online Harm Thematic Review', 'Thematic Review of Online Harm (OH)',
# 'a thematic review into neglect of adolescents'
THEMATIC_PRE = re.compile(r"\b(?P<topic>(?:[A-Z][\w'’-]*\s+(?:(?:and|of|&)\s+)?){1,6}?)Thematic\s+"
                          r"(?P<kw>(?:Child\s+Safeguarding\s+Practice\s+)?Review)\b")
THEMATIC_POST = re.compile(r"\b[Tt]hematic\s+(?:(?:Child\s+Safeguarding\s+Practice|Learning)\s+)?[Rr]eview\s+"
                           r"(?:of|into|on|around|about)\s+(?P<topic>[^.,;:()]{3,90}?)"
                           r"(?=\s*(?:\(|,|;|:|\.|$|\s(?:which|that|was|were|has|had|is|commissioned|following|published|"
                           r"in\s+20\d\d)\b))")
THEMATIC_BARE = re.compile(r"\b(?:[Aa]|[Tt]he)\s+(?P<kw>Thematic\s+(?:Child\s+Safeguarding\s+Practice\s+)?Review)\b")
# 'the national review into the murders of ...', 'national review of ...'
NATIONAL_INTO = re.compile(r"\b[Nn]ational\s+(?:[Pp]anel\s+|[Cc]hild\s+[Ss]afeguarding\s+[Pp]ractice\s+)?[Rr]eview\s+"
                           r"(?P<prep>into|of)\s+(?P<topic>[^.;:()]{5,140}?)"
                           r"(?=\s*(?:\(|;|:|\.|$|,\s+(?:a|an|the|it|this|we|partners)\b|\s(?:a|an)\s+\w+\s+(?:was|were|has|had)\b|"
                           r"\s(?:which|that|was|were|has|had|is|and\s+the\s+\w+\s+(?:was|has))\b))")
# 'the Panel published its third national review: <Title>', "the National Panel's <Title> which looked at"
PANEL_TITLE = re.compile(
    r"(?:[Pp]anel\s+(?:has\s+)?published\s+(?:its\s+|a\s+)?(?:\w+\s+)?(?:national\s+)?(?:review|report)\s*[:–-]?\s*|"
    r"Review\s+Panel['’]s\s+(?:national\s+review\s*[:–-]?\s*|report\s*[:–-]?\s*)?|"
    r"[Pp]anel['’]s\s+(?:\w+\s+)?(?:national\s+)?(?:review|report)\s*[:–-]?\s*)"
    r"(?P<title>[\"'‘“]?[A-Z][^.;()]{8,200}?)"
    r"(?=\s*(?:\(|;|\.\s|\.$|$|\s(?:which|that)\s|\s+and\s+in\s+response|,\s+which))")
# 'An in-depth Review of School Moves of Children in Care ...' (a titled review, capitalised words)
TITLED_REVIEW_OF = re.compile(
    r"\b(?P<adj>[Ii]n-depth|[Dd]eep[- ]dive|[Ii]ndependent|[Mm]ulti-agency|[Ss]ystems?|[Ss]trategic)?\s*"
    r"Review\s+of\s+(?P<topic>(?:[A-Z][\w'’-]*|of|and|with|for|in|the|to|&|on)(?:\s+(?:[A-Z][\w'’-]*|of|and|with|for|in|the|to|&|on))+"
    r"(?:\s+\([A-Z]{2,8}\))?)")
# 'a Learning Review in 2019 on two brothers who ...'
LEARNING_REVIEW_ON = re.compile(r"\b(?:[Pp]ositive\s+)?[Ll]earning\s+[Rr]eview\s+(?:in\s+20\d\d\s+)?"
                                r"(?P<prep>on|into|of|about|regarding|concerning)\s+(?P<topic>[^.,;:()]{5,100}?)"
                                r"(?=\s*(?:\(|,|;|:|\.|$|\s(?:who|which|that|was|were|has|had|is|and\s+resulted)\b))")
# '2 Rapid Reviews were completed', 'two rapid reviews have been held'
RAPID_COUNT = re.compile(r"\b(?P<n>\d+|(?i:one|two|three|four|five|six|seven|eight|nine|ten))\s+[Rr]apid\s+[Rr]eviews?\s+"
                         r"(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:completed|undertaken|held|carried\s+out|"
                         r"submitted|conducted)")
# '<Title> report' after a national body, and a '7 minute briefing' about a case.
SEVEN_MINUTE = re.compile(r"\b(?:7|seven)[- ](?:minute|point)\s+briefings?\b", re.I)

REVIEW_STATUS = [
    ("unpublished", re.compile(r"\b(?:not\s+(?:yet\s+)?(?:been\s+)?published|unpublished|not\s+be\s+published|"
                               r"publication\s+(?:has\s+been\s+|is\s+|was\s+|will\s+be\s+)?(?:delayed|deferred|"
                               r"postponed|paused|on\s+hold))\b", re.I)),
    ("signed off", re.compile(r"\bsign(?:ed|ing)\s+off\b", re.I)),
    ("published", re.compile(r"\bpublished\b", re.I)),
    ("in progress", re.compile(r"\b(?:under\s*way|being\s+(?:undertaken|completed|written|conducted|finali[sz]ed|drafted)|"
                               r"in\s+progress|"
                               r"draft)\b", re.I)),
]
# 'has not been published in order to protect ...', 'will not be published because of ...'
UNPUBLISHED_WHY = re.compile(r"\b(?:not\s+(?:yet\s+)?(?:be(?:en)?\s+)?published|[Pp]ublication\s+(?:has\s+been\s+|is\s+|was\s+|"
                             r"will\s+be\s+)?(?:delayed|deferred|postponed|paused|on\s+hold))\s+"
                             r"(?:at\s+(?:this|the\s+moment)\s+)?"
                             r"(?P<why>(?:due\s+to|because(?:\s+of)?|pending|while|whilst|until|owing\s+to|"
                             r"in\s+order\s+to|so\s+as\s+to|to\s+(?:protect|safeguard|avoid|respect)|"
                             r"on\s+the\s+advice\s+of|following\s+advice)\s+[^.;]+)", re.I)

# Anaphora that point back to the review(s) just discussed.
REVIEW_PLURAL_ANAPHORA = re.compile(r"\b(?:the\s+above|these|those|such|both)\s+(?:\w+\s+)?(?:[Rr]eviews|LCSPRs|CSPRs|SARs)\b")
REVIEW_ANAPHORA = re.compile(r"\b(?:th(?:is|ese|e\s+above|ose)|the\s+(?:above|same|said))\s+(?:(?:national|local|"
                             r"thematic|learning|rapid)\s+)?(?:[Rr]eviews?|[Rr]eports?|learning|LCSPRs?|CSPRs?|SARs?)\b"
                             r"|\b(?:[Tt]he|[Tt]his)\s+(?:(?:rapid|learning|thematic)\s+)?[Rr]eview\b")

# 'a SAR on a young man called Oscar', 'a review into the death of a baby known as Lily'
REVIEW_ABOUT_NAMED = re.compile(rf"\b(?P<kw>{REVIEW_KW}|[Rr]eview)\s+(?:on|into|about|of|concerning)\s+(?:the\s+death\s+of\s+)?"
                                r"(?:a|an|the)\s+[\w\s-]{2,40}?\s+(?:called|named|known\s+as)\s+(?P<name>[A-Z][a-z]+)\b")

# -- response links --------------------------------------------------------------------------

RESPONSE_CUE = re.compile(
    r"\b(?:in\s+response\s+to|as\s+a\s+(?:result|consequence)\s+of|following|in\s+light\s+of|arising\s+from|"
    r"informed\s+by|learning\s+from|in\s+regards?\s+to\s+learning|responded\s+to|has\s+led\s+to|have\s+led\s+to|"
    r"c[oa]me\s+out\s+of|arose\s+from|stemmed\s+from|prompted\s+by|"
    r"led\s+to|resulted\s+in|(?:is|are|was|were|being|been)\s+(?:being\s+)?addressed|address(?:ing)?\s+the\s+(?:learning|"
    r"recommendations)|to\s+address|the\s+learning|recommendations?\s+(?:from|of|arising)|key\s+messages)\b", re.I)

# -- findings and recommendations ----------------------------------------------------------

FINDINGS_HEAD = re.compile(r"\b(?:key\s+)?(?:findings?|what\s+we\s+found|what\s+the\s+review\s+found|"
                           r"learning\s+points?|key\s+learning|key\s+messages|what\s+we\s+learn(?:ed|t)|"
                           r"themes?\s+identified|lessons\s+learn(?:ed|t)|learning\s+from\s+(?:the|this)\s+(?:review|case)|"
                           r"what\s+(?:the\s+)?(?:review|reviewer|panel)\s+(?:found|identified|learn(?:ed|t)))\b", re.I)
RECS_HEAD = re.compile(r"\b(?:recommendations?|what\s+(?:needs\s+to|should)\s+(?:happen|change)|"
                       r"what\s+(?:the\s+)?(?:review|reviewer|panel|report|we)\s+recommend(?:ed|s)?|"
                       r"what\s+(?:we|partners|practitioners|professionals|you|managers)\s+(?:will|should|can|must)\s+do|"
                       r"practice\s+points|implications\s+for\s+practice|messages\s+for\s+practi(?:ce|tioners))\b",
                       re.I)
ACTIONS_HEAD = re.compile(r"\b(?:actions?\s+(?:taken|plan|agreed)|what\s+(?:we\s+have|has\s+been)\s+done|"
                          r"what\s+(?:we|partners|the\s+partnership|agencies)\s+(?:did|ha(?:ve|s)\s+(?:done|changed)|(?:are|is)\s+doing|"
                          r"will\s+do)|what\s+has\s+changed|"
                          r"what\s+happens\s+next|next\s+steps|response\s+to\s+the\s+(?:learning|review)|"
                          r"you\s+said[, ]+we\s+did|impact)\b", re.I)
FOUND_SENT = re.compile(r"\b(?:the\s+(?:review|reviewer|panel|report)s?\s+(?:found|identified|highlighted|concluded|noted|"
                        r"showed)|(?:it\s+was|was)\s+found\s+that|(?:there\s+)?(?:were|was)\s+(?:\w+\s+)?key\s+findings?|"
                        r"findings?\s+(?:from|of|within)\s+[^.]{0,60}?\s+(?:indicate|show|suggest|include)d?|"
                        # 'Learning point 1: ...', 'Finding 2 - ...' at the start of a sentence
                        r"^\s*(?:learning\s+point|finding)\s*\d{0,2}\s*[:–-])", re.I)
RECOMMEND_SENT = re.compile(r"\b(?:the\s+(?:review|reviewer|panel|report)\s+recommend(?:s|ed)|(?:it\s+is|was)\s+"
                            r"recommended\s+that|recommendation\s*\d*\s*[:–-])", re.I)
NUMBERED = re.compile(r"^\s*(?:(?:recommendation|finding|learning\s+point)\s*)?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.):]\s+|"
                      # 'R1. ...', 'Rec 2: ...', 'LP3 - ...': numbered with a letter prefix
                      r"^\s*(?:R|Rec\.?|F|LP)\s?\d{1,2}\s*[.):–-]\s+", re.I)
# the number of a recommendation or finding as its item starts ('Recommendation 2:', '3.', 'R4.', 'Finding 1 -')
ITEM_NUMBER = re.compile(r"^\s*(?:(?:recommendation|finding|learning\s+point|R|Rec\.?|F|LP)\s*)?"
                         r"(\d{1,2}(?:\.\d{1,2})?)\s*[.):\s–-]", re.I)

# -- actions -----------------------------------------------------------------------------------

# What partnerships make or do in response to learning, as nouns ('a briefing', 'the new toolkit').
ACTION_NOUN = (r"briefings?|guidance|guides?|procedures?|protocols?|polic(?:y|ies)|strateg(?:y|ies)|action\s+plans?|"
               r"plans?|tool(?:kit)?s?|training|courses?|webinars?|workshops?|conferences?|campaigns?|audits?|"
               r"assurances?|self[- ]assessments?|surveys?|scoping\s+exercises?|mapping\s+exercises?|exercises?|"
               r"needs\s+assessments?|agreements?|projects?|programmes?|pilots?|pathways?|frameworks?|principles|networks?|"
               r"newsletters?|websites?|webpages?|apps?|leaflets?|videos?|podcasts?|dashboards?|models?|clinics?|"
               r"events?|evaluations?|reports?|statements?|papers?|resources?|materials|forms?|processes|process|"
               r"sessions?|package|offer|packs?|handbooks?|checklists?|templates?|posters?|animations?|"
               r"learning\s+summar(?:y|ies)|seminars?|roadshows?|masterclass(?:es)?|forums?|panels?|groups?|"
               r"sub-?groups?|meetings?|standards?|protocol|service|services|directory|suite\s+of\s+documents|"
               r"documents?|initiatives?|scheme|work\s*streams?|piece\s+of\s+work|research|consultation|"
               r"work\s+(?:to|on|regarding|following)|products?|"
               r"(?:agenda|standing)\s+items?|follow[- ]up|communications|comms|modules?|e-learning|lessons?|"
               r"curriculum")
ACTION_NOUN_RE = re.compile(rf"\b(?:{ACTION_NOUN})\b", re.I)

# Verbs of making and doing, as participles: 'has been developed', 'was relaunched', 'are being rolled out'.
ACTION_VERB = (r"(?:re-?)?(?:developed|launched|created|established|set\s+up|introduced|implemented|delivered|"
               r"produced|published|refreshed|revised|updated|rolled\s+out|disseminated|held|organised|organized|"
               r"completed|undertaken|agreed|signed\s+off|consulted\s+on|piloted|promoted|embedded|evaluated|"
               r"written|finalised|finalized|designed|commissioned|run|conducted|circulated|shared|issued|"
               r"presented|approved|adopted|drafted|strengthened|extended|expanded|recruited|appointed|trained|"
               r"formed|convened|carried\s+out|put\s+in\s+place|made\s+available|added|requested|sought|"
               r"given|provided|offered|reviewed|redesigned|relaunched|re-launched|mapped|scoped|amended|"
               r"developed\s+and\s+disseminated|tested|audited|monitored|reported|approached|asked|invited)")

# Verbs that make the thing they act on into the action ('the plan is being evaluated' -> 'Evaluation of the plan').
EVALUATIVE = {"tested": "Testing", "evaluated": "Evaluation of", "reviewed": "Review of", "audited": "Audit of",
              "monitored": "Monitoring of", "revised": "Revision of", "refreshed": "Refresh of", "updated": "Update of",
              "mapped": "Mapping of", "scoped": "Scoping of", "redesigned": "Redesign of"}
PARTICIPLE = re.compile(
    rf"\b(?P<aux>(?:has|have|had)(?:\s+(?:also|now|recently|since|already|successfully|previously))?\s+(?:been|bene)|"
    rf"(?:is|are|was|were)(?:\s+(?:also|now|recently|currently|then|successfully|still|previously))?(?:\s+being)?|"
    rf"(?:will|would|should|shall|is\s+to|are\s+to|was\s+to|were\s+to|is\s+due\s+to|are\s+due\s+to|to|"
    rf"(?:is|are|was|were)\s+going\s+to)"
    rf"(?:\s+(?:also|then|now))?\s+be|being)(?:\s+\w+ly)?\s+(?P<verb>{ACTION_VERB})\b", re.I)
_TITLED_OBJ = r"(?=(?-i:[A-Z][a-z][\w'’-]*\s+[A-Z0-9]))"
ACTIVE = re.compile(
    r"\b(?P<aux>(?:has|have|had)\s+(?:also\s+|now\s+|recently\s+|successfully\s+|jointly\s+)?|will\s+(?:also\s+)?|"
    r"(?:is|are|was|were)\s+(?:currently\s+)?|plans?\s+to\s+|aims?\s+to\s+|continues?\s+to\s+|"
    r"(?:is|are)\s+in\s+the\s+process\s+of\s+)?"
    r"(?P<verb>developed|develop(?:ing)?|launch(?:ed|ing)?|creat(?:ed|ing|e)|establish(?:ed|ing)?|set\s+up|introduc(?:ed|ing|e)|"
    r"implement(?:ed|ing)?|deliver(?:ed|ing)?|produc(?:ed|ing|e)|publish(?:ed|ing)?|refresh(?:ed|ing)?|revis(?:ed|ing|e)|"
    r"updat(?:ed|ing|e)|roll(?:ed|ing)?\s+out|held|hold(?:ing)?|organis(?:ed|ing|e)|commission(?:ed|s)?|"
    r"run(?:ning)?|ran|conduct(?:ed|ing)?|undert(?:ook|aking|aken)|complet(?:ed|ing|e)|champion(?:ed|ing)?|"
    r"design(?:ed|ing)?|pilot(?:ed|ing)?|write|writing|wrote|draft(?:ed|ing)?|"
    r"carr(?:ied|ying)\s+out|put\s+in\s+place|agreed|signed\s+off|embed(?:ded|ding)?|evaluat(?:ed|ing|e)|"
    r"(?:has|have)\s+increased|increased|funded|trained|undertake|do|presented|submitted|prepared|"
    r"working\s+on|finalis(?:ed|ing)|lead\s+on|(?<=will\s)have|(?<=would\s)have)\s+"
    r"(?P<obj>(?:(?:an?|the|their|its|our|some|new|two|three|several|a\s+number\s+of|further)\b|"
    r"(?=(?:major|local|joint|multi|pan|practitioner|partnership|national)\b)|"
    # a titled thing without an article: 'is rolling out Safer Sleep Week training'
    + _TITLED_OBJ + r")[^.;:]{3,160})", re.I)

# 'the Partnership has audited neglect assessments ...': the object is what was looked at, the action its audit
CHECKED = re.compile(r"\b(?:has|have|had)\s+(?:also\s+|recently\s+|jointly\s+|now\s+)?(?P<verb>audited|mapped|scoped|"
                     r"evaluated)\s+(?P<obj>(?!(?:by|in|on|at|with|to|and|as|how|whether|what|that|this|it|them)\b)"
                     r"[^.;:]{3,120})", re.I)
# '<thing> is under way', '<thing> is planned for the spring'
UNDERWAY = re.compile(r"\b(?:is|are)\s+(?:now\s+|currently\s+|also\s+)?(?:under\s*way|in\s+progress|ongoing|on-going|"
                      r"taking\s+place|planned|due|in\s+development|available)\b", re.I)

# Nominal statements of work ('the creation of a new X Group', 'a review of the induction pack').
NOMINAL = re.compile(r"\b(?P<head>creation|launch|development|introduction|implementation|roll[- ]out|revision|"
                     r"refresh|review|evaluation|establishment|delivery|production|embedding)(?:\s+and\s+\w+)?\s+of\s+(?P<obj>(?:an?|the|their|"
                     r"its)\s+[^.;:,]{3,120})", re.I)
LED_TO_GROUP = re.compile(r"\b(?:has|have|had)?\s*led\s+to\s+(?:the\s+creation\s+of\s+)?(?:an?|the)\s+(?P<obj>new\s+"
                          r"[^.;:,]{3,100}?(?:Group|Panel|Board|Forum|Network|Sub-?group))\b")

# 'assurances will be requested from X to ensure that ...', 'seek assurances on ...', 'assurances given that ...'
ASSURANCE = re.compile(
    r"\b(?:(?P<seek>seek(?:ing)?|sought|request(?:ed|ing)?|obtain(?:ed)?)\s+(?:further\s+)?"
    r"assurances?|assurances?\s+(?:(?:will|would|have|has|had|were|was|are|is)\s+(?:also\s+)?(?:been\s+|be\s+|being\s+)?)?"
    r"(?P<verb>given|sought|requested|provided|received|obtained|gained))\b"
    r"(?P<rest>[^.;]{0,160})", re.I)
# '<Review> 7 Minute Briefing', 'Learning Briefing in regards to a Thematic Review of ...'
BRIEFING_PHRASE = re.compile(r"\b(?:(?:7|seven)[- ](?:minute|point)\s+briefing|learning\s+briefing|"
                             r"learning\s+summary|briefing\s+note|learning\s+bulletin)s?\b", re.I)
# A named product: capitalised words ending in what it is ('Home Conditions Tool', 'Brighter Mornings Campaign').
TITLED_THING = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][\w'’&/-]*(?:\s+(?:[A-Z][\w'’&/-]*|of|and|for|to|in|on|the|&)){0,8}?\s+"
    r"(?:(?i:marketing|communications?|action|strategic|delivery|improvement)\s+)?"
    r"(?:Strateg(?:y|ies)|Plan|Tool|Toolkit|Campaign|Guide|Guidance|Procedure|Protocol|Programme|Project|Pathway|"
    r"Framework|Briefing|Policy|Model|Initiative|Pilot|Scheme|Charter|Handbook|Principles|Conference|Webinar|App|"
    r"Workshops?|Statement|Report|(?i:campaign|project|programme|strategy|plan|toolkit|pilot|initiative))"
    # a title may run on: 'Strategy to Address & Reduce Domestic Abuse 2021 – 2026'
    r"(?:\s+(?:to|for|on|of)\s+[A-Z][\w'’/-]*(?:\s+(?:[A-Z][\w'’/-]*|&|and|of|the))*)?"
    r"(?:\s+(?:20\d\d(?:\s*[-–]\s*(?:20)?\d\d)?))?)(?![\w-])")
OPERATION = re.compile(r"\b(?P<name>(?:Operation|Op\.?)\s+[A-Z][a-z]+(?:\s+(?:marketing\s+plan|campaign))?)\b")
# 'a county case file audit completed in 2020': a thing and its verb without an auxiliary
REDUCED_RELATIVE = re.compile(
    rf"\b(?:an?|the)\s+(?P<np>[^,.;]{{2,70}}?\b(?:{ACTION_NOUN}))\s+(?:(?:which|that)\s+(?:was|were)\s+)?"
    rf"(?P<verb>completed|undertaken|held|delivered|launched|developed|published|carried\s+out|introduced|"
    rf"implemented|set\s+up|created|established)\s+(?:in|on|during|by|last|earlier|this|across)\b", re.I)
# 'There is a review being completed on the induction pack', 'there is also work being undertaken following ...'
THERE_WILL = re.compile(r"\b[Tt]here\s+(?:will|would)\s+(?:also\s+)?be\s+(?:an?\s+|some\s+|further\s+)?(?P<np>[^,.;]{5,120})")
THERE_IS = re.compile(rf"\b[Tt]here\s+(?:is|are|has\s+been|have\s+been|was|were)\s+(?:also\s+|now\s+|currently\s+)?"
                      rf"(?P<np>(?:an?\s+|some\s+|new\s+)?[^,.;]{{2,60}}?)\s+(?:being\s+)?(?P<verb>{ACTION_VERB}|"
                      rf"undertaken|completed)\s+(?P<pp>(?:on|of|into|around|regarding|in\s+relation\s+to|following|"
                      rf"with|for|across)\s+[^,.;]{{3,90}})")

STATUS_IN_PROGRESS = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:currently\s+|still\s+)?being\s+\w+|under\s*way|in\s+(?:the\s+)?process\s+of|"
    r"currently|ongoing|on-going|continu(?:e|es|ed|ing)\s+to|has\s+continued|have\s+continued|in\s+progress|"
    r"work\s+has\s+(?:started|begun|commenced)|commenced|working\s+on|are\s+working|is\s+working|still\s+being|"
    r"are\s+progressing|is\s+progressing|being\s+developed|in\s+development|"
    # 'the Partnership is rolling out ...', 'health visitors are piloting ...' (not 'is going to', 'is something')
    r"(?:is|are)\s+(?:now\s+|currently\s+|also\s+|jointly\s+)?(?!(?:go|be|plann|br|th|someth|noth|anyth|everyth|"
    r"dur|amaz|interest|concern|worry|miss|increas|decreas|follow|emerg|encourag|challeng|exist)ing\b)[a-z]{2,}ing\b)\b",
    re.I)
STATUS_PLANNED = re.compile(
    r"\b(?:will|shall|would\s+be|(?:is|are|was|were)\s+(?:planned|due|scheduled|going|expected|intended|to\s+be|to)|"
    r"plans?\s+to|planning\s+to|aims?\s+to|intends?\s+to|to\s+be\s+\w+ed|next\s+year|in\s+the\s+coming\s+year|"
    r"there\s+was\s+a\s+desire|forward\s+plan|looking\s+ahead|moving\s+forward|priorit(?:y|ies)\s+for)\b", re.I)
STATUS_DONE = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:also\s+|now\s+|recently\s+|successfully\s+)?(?:been\s+)?\w+(?:ed|en|wn|un|ld|de|t)|"
    r"(?:was|were)\s+(?:also\s+|successfully\s+)?\w+(?:ed|en|wn|un|ld|de|t)|launched|developed|created|"
    r"established|introduced|implemented|delivered|produced|published|completed|held|agreed|signed\s+off|"
    r"now\s+(?:have|has|in\s+place)|in\s+place|is\s+available|are\s+available)\b", re.I)

DUE = re.compile(rf"\b(?:by|due|from|in|during|before|within|until|for)\s+(?P<due>(?:the\s+)?(?:end\s+of\s+)?"
                 rf"(?:{MONTHS}\.?(?:\s*(?:/|&|and)\s*{MONTHS})?\s+20\d\d|(?:spring|summer|autumn|winter)\s+20\d\d|"
                 rf"20\d\d\s*[-–/]\s*(?:20)?\d\d|20\d\d|\d+\s+months))\b", re.I)


_WILL_SOON = re.compile(r"\bwill\s+(?:be\s+)?(?:launched|available|published|rolled|held|delivered)\b", re.I)


def status_from(text: str) -> str | None:
    """Action status from tense and modality: in progress beats planned beats done.

    'is being evaluated' and 'will continue to' are work under way; 'will be launched'
    and 'is due' are plans; 'has been developed' and 'was relaunched' are done.
    """
    return status_of_folded(folded(text))


def status_of_folded(fold: str) -> str | None:
    """status_from(text) given fold = folded(text): the same patterns without IGNORECASE (see case_twin)."""
    if _STATUS_IN_PROGRESS_F.search(fold):
        if _WILL_SOON_F.search(fold):
            return "planned"
        return "in progress"
    if _STATUS_PLANNED_F.search(fold):
        return "planned"
    if _STATUS_DONE_F.search(fold):
        return "done"
    return None


# The kind of action, from the head noun of its name.
ACTION_KINDS = [
    ("briefing", r"briefing|learning summar|7 minute|seven minute"),
    ("guidance", r"guidance|guide|handbook|checklist|principles|practice note"),
    ("procedure", r"procedure|protocol|process|pathway"),
    ("training", r"training|course|webinar|workshop|seminar|masterclass|session|study day|e-learning"),
    ("campaign", r"campaign|communication|comms|marketing|awareness|poster|leaflet|video|podcast"),
    ("audit", r"\baudit"),
    ("assurance request", r"assurance"),
    ("strategy", r"strategy|strategies"),
    ("plan", r"\bplans?\b"),
    ("tool", r"tool|toolkit|app\b|dashboard|form\b|template"),
    ("group", r"group|panel|board|network|forum|sub-?group"),
    ("programme", r"programme|project|pilot|initiative|scheme"),
    ("event", r"conference|event|meeting|roadshow"),
    ("review of practice", r"\breview\b|evaluation|survey|scoping|mapping|needs assessment|self-assessment"),
]
# All kinds in one search: its leftmost match is the earliest any kind matches, and there the first
# kind in the list that matches wins, as when each was searched apart (the earliest start, then list order).
_KINDS_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(ACTION_KINDS)), re.I)


def action_kind(name: str) -> str | None:
    """The kind named first: 'Deliver training on the protocol' is training, not a procedure."""
    m = _KINDS_RE.search(name)
    return ACTION_KINDS[int(m.lastgroup[1:])][0] if m else None


STOP_LEAD = re.compile(r"^(?:(?:[Aa]\s+(?:number|range|series|variety)\s+of|[Aa]n?|[Tt]he|[Ss]ome|[Tt]his|[Tt]hese|[Tt]heir|[Ii]ts|[Oo]ur|[Hh]is|[Hh]er|[Aa]lso|new|"
                       r"[Ff]urther|[Bb]oth|[Aa]ll|[Ee]ach|[Ss]everal|[Vv]arious|[Mm]any)\s+)+")


_LINK_NOTE = re.compile(r"\s*\((?:link|see|page|click|available)[^)]*\)", re.I)
_RUN_ON_CLAUSE = re.compile(r"\s+(?:and\s+(?:this|it|they|these)|(?:reported|said|stated|noted|explained|told)\s+"
                            r"(?:that|us))\b")
_WHEN_TAIL = re.compile(r"\s+(?:in|by|from|during|before)\s+(?:the\s+)?(?:(?:end|start|beginning)\s+of\s+)?"
                        r"(?:(?:early|late)\s+)?(?:spring|summer|autumn|winter)\s+20\d\d$", re.I)
_NAME_VERB = re.compile(r"\s(?:was|were|is|are|has|have|had|will|would|can|could|should|may|might|must|cannot|"
                        r"commenced|began|started)(?:\s|$)")


def tidy_name(text: str, limit: int = 14) -> str:
    """A short noun phrase: no leading article, no trailing connective, at most `limit` words."""
    t = " ".join(text.replace("\n", " ").split()).strip(" ,;:.-–'\"‘’“”")
    t = STOP_LEAD.sub("", t)
    t = _LINK_NOTE.sub("", t)
    # a name that ran on into its clause ('X was developed with ...') stops at the verb
    t = _RUN_ON_CLAUSE.split(t)[0]
    if "20" in t:
        t = _WHEN_TAIL.sub("", t)  # 'a learning briefing for schools in spring 2025': the date is the due date
    m = _NAME_VERB.search(t)
    if m and len(t[:m.start()].split()) >= 2:
        t = t[:m.start()]
    words = t.split()
    if len(words) > limit:
        words = words[:limit]
    while words and words[-1].lower() in {"and", "or", "of", "the", "a", "an", "to", "for", "with", "in", "on", "by",
                                          "which", "that", "as", "at", "from", "is", "are", "was", "were", "be"}:
        words.pop()
    t = " ".join(words).strip(" ,;:.-–'\"‘’“”")
    if t.count("(") > t.count(")"):
        t = t[:t.rfind("(")].strip()
    return t[:1].upper() + t[1:] if t else t


# -- gates for the costlier patterns (see folded / case_twin) ------------------------------
# folded text has no capitals left: there the titled object's test is only that two words follow
_TITLED_OBJ_FOLDED = r"(?=[a-z][a-z][\w'’-]*\s+[a-z0-9])"
ACTIVE_GATE = re.compile(case_twin(ACTIVE).pattern.replace(_TITLED_OBJ, _TITLED_OBJ_FOLDED))
# ACTIVE from its verb on: where ACTIVE matches, this does at the verb (every auxiliary ends in
# whitespace, every verb starts with a letter, so \b holds there); without the optional auxiliary,
# which the engine would try at every word, it is faster
ACTIVE_VERB_GATE = re.compile(r"\b" + ACTIVE.pattern[ACTIVE.pattern.index("(?P<verb>"):].replace(
    _TITLED_OBJ, _TITLED_OBJ_FOLDED))
PARTICIPLE_GATE = case_twin(PARTICIPLE)
RESPONSE_CUE_GATE = case_twin(RESPONSE_CUE)
# one of these is in every match of RESPONSE_CUE (in folded text): a cheaper test before the twin
RESPONSE_CUE_WORDS = ("response", "responded", "result", "consequence", "following", "light", "arising", "informed",
                      "learning", "regard", "led", "came", "come", "arose", "stemmed", "prompted", "address",
                      "recommendation", "messages")
# words one of which every match contains (case as in the pattern: these two ignore no case)
REVIEW_ANAPHORA_WORDS = ("eview", "eport", "learning", "CSPR", "SAR")
REVIEW_PLURAL_WORDS = ("eviews", "CSPRs", "SARs")
# ... and for IGNORECASE patterns, words of folded() text
FOUND_WORDS = ("review", "panel", "report", "found", "finding")
BRIEFING_WORDS = ("briefing", "summary", "bulletin")


_STATUS_IN_PROGRESS_F = case_twin(STATUS_IN_PROGRESS)
_STATUS_PLANNED_F = case_twin(STATUS_PLANNED)
_STATUS_DONE_F = case_twin(STATUS_DONE)
_WILL_SOON_F = case_twin(_WILL_SOON)


def has_any(text: str, words: tuple[str, ...]) -> bool:
    for w in words:  # a plain loop: any() over a generator cost twice as much
        if w in text:
            return True
    return False


# -- lead-in lines ------------------------------------------------------------------------------
# A briefing's '3. What we found' or a web page's 'Learning from the review:' often reaches the
# passages as a short paragraph or list item, not a heading: it still heads the items after it.
_LEAD_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})?[.)]?\s+")
_LEAD_END = re.compile(r"[.!?]\W*$")


def lead_in_heads(views: list) -> dict[int, tuple[str, str]]:
    """view index -> (mode, lead-in text) for passages under a short lead-in line that names findings
    ('finding'), recommendations ('rec') or actions ('action'); a heading or another lead-in ends it."""
    out: dict[int, tuple[str, str]] = {}
    current: tuple[str, str] | None = None
    for v in views:
        if v.is_heading:
            current = None
            continue
        text = v.text.strip()
        if len(text) <= 80 and not _LEAD_END.search(text) and len(text.split()) <= 9:
            numbered = bool(_LEAD_NUMBER.match(text))
            core = _LEAD_NUMBER.sub("", text).rstrip(" :")
            mode = ("rec" if RECS_HEAD.search(core) else "finding" if FINDINGS_HEAD.search(core)
                    else "action" if ACTIONS_HEAD.search(core) else None)
            if mode is not None and (numbered or text.endswith(":") or len(text.split()) <= 6):
                current = (mode, core)
                continue
            if numbered or text.endswith(":"):
                current = None  # '6. Questions for your team': another lead-in, about something else
                continue
        if current is not None:
            out[v.index] = current
    return out


# -- action plans as tables inside a report or page ------------------------------------------
# A table row reaches the passages as 'Recommendation: 1. ...; Action: ...; Lead: ...; Status: ...'.
_ROW_FIELD = re.compile(r"(?:^|;\s+)(?P<h>[A-Z][\w /()&'’?-]{0,40}?):\s+")


def plan_row(text: str) -> dict[str, tuple[str, int, int]]:
    """Meaning ('recommendation', 'action', 'owner', 'status', 'due', ...) -> (value, start, end) of a table
    row that pairs a recommendation with an action; {} for any other row."""
    if ";" not in text or ":" not in text[:42]:
        return {}
    ms = list(_ROW_FIELD.finditer(text))
    if len(ms) < 2 or ms[0].start() != 0:
        return {}
    from ingest.extract.action_plan import classify_headers  # it reads these patterns itself

    meaning, _ = classify_headers([m.group("h") for m in ms])
    out: dict[str, tuple[str, int, int]] = {}
    for i, m in enumerate(ms):
        key = meaning.get(m.group("h"))
        end = ms[i + 1].start() if i + 1 < len(ms) else len(text)
        value = text[m.end():end].strip()
        if key and value and key not in out:
            out[key] = (value, m.end(), m.end() + len(value))
    return out if "action" in out and "recommendation" in out else {}
