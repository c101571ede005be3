"""Partnerships, groups, agencies and chairing roles: gazetteer names plus generic name shapes.

Generic shapes ('<Place> Safeguarding Children Partnership', '<X> Sub-group',
'<X> Task and Finish Group', '<X> Panel', '<Place> Police', '<X> NHS Foundation Trust',
...) find bodies the gazetteer has never heard of. Every mention is recorded in
ctx.scratch["mentions"] (passage id -> list of Mention) for the relation rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract import patterns as P
from ingest.extract.context import ExtractionContext
from ingest.extract.gazetteer import Gazetteer, load_gazetteer
from ingest.extract.resolve import tenant_of

ORDER = 10


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    nid: str
    type: str
    text: str


# A word of a proper name: Capitalised, an all-caps abbreviation, or a number ('0-19', '4th').
_CAP = r"(?:[A-Z][\w\u2019'&/-]*|\d[\w-]*|\([A-Z]{2,8}\)(?=[ \t]+[A-Z]))"
# 'from' links only in the names of learning bodies ('Learning from Practice Sub-group', 'Lessons from Reviews Group')
_LINK = r"(?:and|of|for|the|in|on|to|&|with|(?<=Learning[ \t])from|(?<=Lessons[ \t])from)"
_NAME_WORDS = rf"{_CAP}(?:[ \t]+(?:{_LINK}[ \t]+)*{_CAP})*"

_GROUP_HEAD = (r"(?:Task[ \t]*(?:and|&)[ \t]*Fin(?:i)?sh[ \t]+Group|Sub[- ]?[Gg]roup|Subgroup|Group|Panel|Board|Forum"
               r"|Network|Committee|Meetings?|Conference|Unit|Partnership|Collaborative|Alliance|Cabinet"
               # 'Joint Safeguarding Executive' is a body; a 'Chief Executive' is a person
               r"|(?<=Safeguarding[ \t])Executive|(?<=Joint[ \t])Executive|(?<=Partnership[ \t])Executive)")
_GROUP_RE = re.compile(rf"(?<![\w-])({_NAME_WORDS}[ \t]+{_GROUP_HEAD})(?![\w-])")
# Teams, services and hubs are named units when the text gives them an abbreviation: 'Family Hub (FH)'
_UNIT_RE = re.compile(rf"(?<![\w-])({_NAME_WORDS}[ \t]+(?:Team|Service|Hub|Front[ \t]+Door))(?=[ \t]*\([A-Z]{{2,8}}\))")
_ANY_HEAD = re.compile(rf"{_GROUP_HEAD}|\b(?:group|sub-group|subgroup|panel|forum|board)\b")
# Words one of which every match of these patterns holds (case as in the patterns): cheap gates
_HEAD_WORDS = ("Group", "Sub", "Panel", "Board", "Forum", "Network", "Committee", "Meeting", "Conference", "Unit",
               "Partnership", "Collaborative", "Alliance", "Cabinet", "Executive")
_LOWER_HEAD_WORDS = ("group", "panel", "forum", "board")
_ANY_HEAD_WORDS = _HEAD_WORDS + _LOWER_HEAD_WORDS
_UNIT_WORDS = ("Team", "Service", "Hub", "Door")
# 'the Pan Shire Honour Based Abuse group': a lower-case head, trusted after an area's name only
_GROUP_LOWER_RE = re.compile(
    rf"(?<![\w-])({_NAME_WORDS}[ \t]+(?:task[ \t]+and[ \t]+finish[ \t]+group|group|sub-group|subgroup|sub[ \t]+group"
    r"|panel|forum|board))(?![\w-])")
# '<Name> sub-group' in lower case is still a name (a 'group' or 'panel' in lower case may be any group)
_SUB_HEAD = re.compile(r"(?:sub-group|subgroup|sub\s+group|task\s+and\s+finish\s+group)$")
_SCP_RE = re.compile(
    rf"(?<![\w-])((?:{_CAP}[ \t]+(?:(?:and|&)[ \t]+)?){{1,4}}(?:Local[ \t]+)?"
    r"(?:Safeguarding[ \t]+Children(?:['\u2019]s|s['\u2019]?)?|Children(?:['\u2019]s|s['\u2019]?)?[ \t]+Safeguarding|Safeguarding)[ \t]+"
    r"(?:Partnership|Board)s?)(?![\w-])")
_ROLE_RE = re.compile(r"(?<![\w-])(Independent[ \t]+(?:Chair|Scrutineer)(s?)(?:[ \t]*(?:/|and)[ \t]*"
                      r"(?:Chair|Scrutineer)s?)?)(?![\w-])")
# A named person, only where a role or title introduces the name: 'led by an independent reviewer,
# Ann Other', 'the Independent Chair and Scrutineer, Sam Example', 'Dr Ann Other'.
_PERSON_RE = re.compile(
    r"(?:(?i:\b(?P<role>(?:independent\s+|lead\s+)?(?:reviewer|author|scrutineer|chair)))\s*,?[ \t]+"
    r"|(?<![\w-])(?:Dr|Professor|Prof|Mr|Mrs|Ms|Miss)\.?[ \t]+)"
    r"(?P<name>[A-Z][a-z'\u2019-]+(?:[ \t]+[A-Z][a-z'\u2019-]+){1,2})(?![\w-])")
# Words of organisations and bodies: a phrase holding one is not a person's name.
_NOT_PERSON = re.compile(r"\b(?:Council|Police|Constabulary|Board|Group|Sub-group|Service|Services|Trust|"
                         r"Partnership|Panel|Unit|Team|NHS|Safeguarding|Children|Review|Reviews|Forum|Hub|Care|"
                         r"Health|Education|School|College|University|Hospital|Office|Practice|Learning|Court|"
                         r"Agency|Authority|Local|Independent|Chair|Scrutineer|Executive|Network|Committee)\b")
_ABBR_RE = re.compile(r"\A\s*\\?\(((?=(?:[^)]*[A-Z]){2})[A-Z][A-Za-z&]{1,9})\\?\)")
# (?<![\w-])([A-Z][A-Za-z&]{1,9})(?![\w-]) written to start with the capital, so the engine skips to capitals
_ABBR_WORD = re.compile(r"([A-Z](?<![\w-][A-Z])[A-Za-z&]{1,9})(?![\w-])")
_LINK_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# The next word continues the name: what matched only modifies it ('... School Improvement Team').
_TEAM_AFTER = re.compile(r"[ \t]+teams?\b")
_CONTINUES = re.compile(r"\A[ \t]+[A-Z][a-z]")

# Words that alone do not make a name: a group called only by these is a generic reference.
_GENERIC = {
    "task", "finish", "finsh", "project", "working", "strategic", "operational", "executive", "steering",
    "multi", "agency", "multi-agency", "safeguarding", "local", "joint", "leadership", "sub",
    "sub-group", "subgroup", "group", "groups", "panel", "panels", "board", "boards", "forum", "forums",
    "network", "networks", "committee", "meeting", "meetings", "conference", "unit", "partnership",
    "partnerships", "partner", "partners", "the", "and", "of", "for", "in", "on", "to", "&", "with",
    "new", "national", "regional", "area", "wider", "relevant", "business", "collaborative", "alliance",
    "cabinet", "this", "that", "our", "their", "its", "a", "an", "all", "three", "3", "two", "each",
}
# A partnership's top bodies are often named by generic words alone ('the Executive Group').
_TOP_BODY = re.compile(r"\b(?:Executive|Strategic|Leadership|Steering|Operational)\b")
# Meetings about one child's case, not standing bodies.
_CASE_MEETING = re.compile(r"\b(?:Child\s+Protection|Review|Strategy|Professionals|Family\s+Group)\s+"
                           r"(?:Conference|Meeting)s?$|\bCore\s+Group", re.I)
_PLURAL_HEADS = {"Groups", "Panels", "Boards", "Forums", "Networks", "Committees", "Partnerships"}
# Lower-case words a heading or sentence start puts in front of a name: strip them.
_STOP_LEAD = {"the", "and", "of", "for", "in", "on", "to", "&", "with"}
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December", "Spring", "Summer", "Autumn", "Winter"}
_KEEP_LEAD = {"Safeguarding", "Local", "Multi", "Independent", "Annual", "New", "Partnership"}
# Possessives that are part of a name ('Children's Services'), not an owner in front of it.
_NAME_POSSESSIVES = {"children", "people", "women", "men", "adults", "parents", "young"}
# '<Word> of the <Name>': the lead word says what about the body is meant, not its name.
_ASPECT = {"work", "chair", "chairs", "chairing", "members", "member", "meeting", "meetings", "terms",
           "reference", "role", "remit", "minutes", "business", "manager", "part", "behalf", "scrutineer",
           "vice-chair", "principles", "report", "reports", "support", "lead", "leads", "head", "sub-groups",
           "subgroups", "groups", "panels", "boards", "structure", "membership"}
_MAX_NAME_WORDS = 12


_TO_THE = re.compile(r"\b(?:to|for|from|by|at|with|into)\s+the\s+")
_WORD_OF = re.compile(r"\b([\w-]+)\s+of\s+(?:the\s+)?")
_FIRST_WORD = re.compile(r"(\S+)\s+")
_NUMBER_WORD = re.compile(r"\d{1,4}(?:st|nd|rd|th)?|\d{4}[-/\u2013]\d{2,4}")
_VERB_THEN_THE = re.compile(r"\S+\s+(?:the|a|an|our|its)\s")
_NAME_TOKEN = re.compile(r"[\w'\u2019&-]+")
_POSSESSIVE = re.compile(r"\b(\w+)['\u2019]s\s+")
_HEAD_AND = re.compile(rf"(?<=[ \t]){_GROUP_HEAD}[ \t]+(?:and|&)[ \t]+(?:the[ \t]+)?(?=[A-Z])")
_HEAD_ONLY = re.compile(_GROUP_HEAD)
_WORD_START = re.compile(r"(?<!\S)\S")
_BRACKET_PARTNERSHIP = re.compile(r"\)\s+Partnership$")
# '<Place> Safeguarding Children Partnership Annual Report 2023-24': the title of one of its documents
_DOC_AFTER = re.compile(r"[ \t]+(?:Annual[ \t]+Report|Business[ \t]+Plan|(?:Multi[- ]Agency[ \t]+)?(?:Safeguarding[ \t]+)?"
                        r"Arrangements|Report|Plan|Strategy|Newsletter|Website|Procedures)\b")
_SCP_TAIL = re.compile(r"Safeguarding\s+Children(?:['\u2019]s|s['\u2019]?)?\s+(?:Partnership|Board)$")
_PARTNERSHIP_TOPIC = re.compile(r"Safety|Abuse|Violence|Health|Community|Childhood")


def _clean_lead(name: str, start: int, gz: Gazetteer) -> tuple[str, int]:
    """Drop leading words that cannot start a name ('The', 'Our', 'In', 'November 2021', '-ing' verbs)."""
    # '<aspect> of the <Name>', '<X> to the <Name>', '<X> for the <Name>': keep what follows
    cuts = [m.end() for m in _TO_THE.finditer(name)]
    cuts += [m.end() for m in _WORD_OF.finditer(name)
             if m.group(1).lower() in _ASPECT]
    if cuts:
        cut = max(cuts)
        name, start = name[cut:], start + cut
    while True:
        m = _FIRST_WORD.match(name)
        if not m:
            return name, start
        w = m.group(1)
        if (w in gz.not_names and w not in _KEEP_LEAD) or w.lower() in _STOP_LEAD or w in _MONTHS \
                or _NUMBER_WORD.fullmatch(w) \
                or (w.endswith("ing") and w[0].isupper() and _VERB_THEN_THE.match(name)):
            name, start = name[m.end():], start + m.end()
            continue
        return name, start


def _content_words(name: str) -> list[str]:
    return [w for w in _NAME_TOKEN.findall(name) if w.lower() not in _GENERIC]


def _cut_possessive(name: str, start: int, gz: Gazetteer) -> tuple[str, int]:
    """'the Partnership's Neglect Steering Group' -> 'Neglect Steering Group' (an owner in front of the name)."""
    for m in reversed(list(_POSSESSIVE.finditer(name))):
        if m.group(1).lower() not in _NAME_POSSESSIVES:
            return name[m.end():], start + m.end()
    return name, start


def _group_candidates(text: str, gz: Gazetteer, generic: list | None = None) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    if "(" not in text and not (P.has_any(text, _ANY_HEAD_WORDS) and _ANY_HEAD.search(text)):
        return out  # most passages name no group: skip the name scan
    lower = []
    for m in _GROUP_LOWER_RE.finditer(text) if P.has_any(text, _LOWER_HEAD_WORDS) else ():
        name = _clean_lead(m.group(1), m.start(1), gz)[0]
        am = gz.area_re.match(name) if gz.area_re else None
        if (am and _content_words(name[am.end():])) or (_SUB_HEAD.search(name) and _content_words(name)):
            lower.append(m)
    units = list(_UNIT_RE.finditer(text)) if "(" in text and P.has_any(text, _UNIT_WORDS) else []
    named = _GROUP_RE.finditer(text) if P.has_any(text, _HEAD_WORDS) else ()
    for m in [*named, *lower, *units]:
        if _CONTINUES.match(text[m.end(1):m.end(1) + 3]) and text[m.end(1):m.end(1) + 8].strip()[:7] not in (
                "Meeting",):
            continue
        # '<X> Panel and <Y> Group' names two groups
        pieces = [(m.start(1), m.group(1))]
        for j in _HEAD_AND.finditer(m.group(1)):
            cut = j.start() + len(_HEAD_ONLY.match(j.group()).group())
            first_start, _first = pieces.pop()
            rel = first_start - m.start(1)
            pieces += [(first_start, m.group(1)[rel:cut]), (m.start(1) + j.end(), m.group(1)[j.end():])]
        for start0, raw in pieces:
            _group_candidate(raw, start0, gz, out, generic)
    return out


def _group_candidate(raw: str, raw_start: int, gz: Gazetteer, out: list, generic: list | None = None) -> None:
    """Check and trim one group name candidate; append (start, end, name) to out if it is a name (to generic,
    if given, when only generic words name it: 'the Partnership Board' may be a short name of one named before)."""
    name, start = _clean_lead(raw, raw_start, gz)
    name, start = _cut_possessive(name, start, gz)
    words = name.split()
    if len(words) > _MAX_NAME_WORDS:
        words = words[-_MAX_NAME_WORDS:]
        name = " ".join(words)
        start = raw_start + len(raw) - len(name)
    if not words:
        return
    if len(words) > 2 and words[-1] in ("Meeting", "Meetings") and _HEAD_ONLY.fullmatch(words[-2]):
        words = words[:-1]  # 'Leaders Forum Meeting' is a meeting of the Leaders Forum
        name = name[:name.rstrip().rfind(" ")].rstrip()
    head = words[-1]
    if head in _PLURAL_HEADS or len(words) < 2 or _BRACKET_PARTNERSHIP.search(name) \
            or _CASE_MEETING.search(name):
        return
    if not _content_words(name) and not _TOP_BODY.search(name):
        if generic is not None and head not in ("Partnership", "Partnerships"):
            generic.append((start, start + len(name), name))
        return
    if _SCP_TAIL.search(name):
        return  # a partnership, found by _SCP_RE
    if any(gz.org(name[k.start():]) for k in _WORD_START.finditer(name) if k.start()):
        return  # '<verb> the National ... Panel': a known body named at the end
    if any(rx.fullmatch(name) for _, rx in _agency_res(gz)[1]):
        return  # 'the Integrated Care Board': an agency named by its kind, not a group
    if head == "Partnership" and gz.org(name) is None \
            and not _PARTNERSHIP_TOPIC.search(name):
        return
    out.append((start, start + len(name), name))


def _agency_kind_re(gz: Gazetteer) -> re.Pattern:
    heads = "|".join(f"(?:{h})" for hs in gz.agency_kinds.values() for h in hs)
    return re.compile(rf"(?<![\w-])({_NAME_WORDS}[ \t]+(?:{heads}))(?![\w-])")


_AGENCY_RE_CACHE: dict[int, tuple[re.Pattern, list[tuple[str, re.Pattern]], re.Pattern]] = {}


def _agency_res(gz: Gazetteer) -> tuple[re.Pattern, list[tuple[str, re.Pattern]], re.Pattern]:
    """The agency-shape regex, one per kind to tell which kind matched, and the heads alone (a prefilter)."""
    got = _AGENCY_RE_CACHE.get(id(gz))
    if got is None:
        kinds = [(k, re.compile(rf"(?:{'|'.join(hs)})$")) for k, hs in gz.agency_kinds.items()]
        words = sorted({w for hs in gz.agency_kinds.values() for h in hs
                        for w in re.findall(r"[A-Z][a-z]+", re.sub(r"\(\?[!=<].*?\)", "", h))})
        # \b(?:words)\b without its leading \b (checked in _has_head): the engine then skips to the words'
        # first letters instead of trying every word at every word start
        heads = re.compile(r"(?:" + "|".join(words) + r")\b")
        got = (_agency_kind_re(gz), kinds, heads)
        _AGENCY_RE_CACHE[id(gz)] = got
    return got


_WORD_CHAR = re.compile(r"\w")


def _has_head(text: str, heads: re.Pattern) -> bool:
    """heads preceded by \b: every word starts with a capital, so a word character before one would be
    a letter of an earlier match, never the start of another, and the first match at a word start is found."""
    for m in heads.finditer(text):
        p = m.start()
        if p == 0 or _WORD_CHAR.match(text, p - 1) is None:
            return True
    return False


def _agency_candidates(text: str, gz: Gazetteer) -> list[tuple[int, int, str, str]]:
    big, kinds, heads = _agency_res(gz)
    out: list[tuple[int, int, str, str]] = []
    if not _has_head(text, heads):
        return out
    for m in big.finditer(text):
        if _CONTINUES.match(text[m.end(1):m.end(1) + 3]) or _TEAM_AFTER.match(text, m.end(1)):
            continue  # 'Local Authority School Improvement Team', 'the CAMHS School team': not the school
        name, start = m.group(1), m.start(1)
        posts = list(_POST_OF.finditer(name)) if P.has_any(name, _POST_WORDS) else []
        post = posts[-1] if posts else None  # the last post: 'Chief Executive of the ICB and the Chief Constable of'
        if post is not None:
            name, start = name[post.end():], start + post.end()  # a post held at the agency, not its name
        name, start = _clean_lead(name, start, gz)
        # 'Eastmoor City Council, NHS Eastmoor Integrated Care Board and Eastmoor Constabulary': several names
        pieces, at = [], 0
        for j in _JOINED.finditer(name):
            pieces.append((start + at, name[at:j.start() + len(j.group(1))]))
            at = j.end()
        pieces.append((start + at, name[at:]))
        for p_start, piece in pieces:
            cand = _agency_candidate(piece, p_start, kinds)
            if cand:
                out.append(cand)
    return out


# 'Director of Children's Services for <council>', 'Head of Safeguarding at <trust>': the post before the agency
_POST_OF = re.compile(r"(?<![\w-])(?:(?:Assistant|Deputy|Interim|Acting|Executive|Strategic|Chief|Senior)\s+)*"
                      r"(?:Director|Head|Chief\s+(?:Executive|Nurse|Officer|Constable)|Manager|Lead|Officer|"
                      r"Designated\s+(?:Nurse|Doctor)|Named\s+(?:Nurse|Doctor)|Superintendent|Inspector)\b"
                      r"(?:\s+of\s+[A-Z][\w'\u2019&-]*(?:\s+(?:and\s+)?[A-Z][\w'\u2019&-]*)*)?"
                      r"\s+(?:for|at|in|of|from)\s+(?:the\s+)?(?=[A-Z])")
_POST_WORDS = ("Director", "Head", "Chief", "Manager", "Lead", "Officer", "Designated", "Named", "Superintendent",
               "Inspector")  # one is in every _POST_OF match
_JOINED = re.compile(r"\b(Committee|Group|Board|Panel|Forum|Council|Police|Constabulary|Trust|Services?|School|ICB|CCG"
                     r"|College|Team|Unit|Academy"
                     # '<A> and the <B>': 'and the' joins two names, seldom two words of one name
                     r"|[\w'\u2019-]+(?=\s+(?:and|&)\s+the\s))\s+(?:and|&)\s+(?:the\s+)?(?=[A-Z])")


def _agency_candidate(name: str, start: int, kinds: list[tuple[str, re.Pattern]]) -> tuple | None:
    words = name.split()
    if len(words) < 2 or len(words) > 10:
        return None
    hit = next(((k, r.search(name)) for k, r in kinds if r.search(name)), None)
    if hit is None:
        return None
    kind, hm = hit
    head_words = {w.lower() for w in re.findall(r"\w+", hm.group())}
    if not [w for w in _content_words(name) if w.lower() not in head_words]:
        return None
    return (start, start + len(name), name, kind)


def _pick(spans: list[tuple]) -> list[tuple]:
    """Non-overlapping spans, longest first (a group named after an agency beats the agency)."""
    chosen: list[tuple] = []
    for sp in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0], s[5])):
        if all(sp[1] <= c[0] or sp[0] >= c[1] for c in chosen):
            chosen.append(sp)
    return sorted(chosen)


def _visible(text: str) -> str:
    """Link markup '[text](#)' blanked to spaces but for its text, keeping offsets."""
    def repl(m: re.Match) -> str:
        inner = m.group(1)
        return " " + inner + " " * (len(m.group(0)) - len(inner) - 1)
    return _LINK_MARKUP.sub(repl, text)


def _person_cue(text: str) -> bool:
    """re.search(r"(?i:reviewer|author|scrutineer|chair)|Dr|Prof|M[rs]", text) by substring tests (faster)."""
    if "Dr" in text or "Prof" in text or "Mr" in text or "Ms" in text:
        return True
    return P.has_any(P.folded(text), ("reviewer", "author", "scrutineer", "chair"))


def extract(ctx: ExtractionContext) -> None:
    gz = load_gazetteer()
    ctx.parse_all()  # one nlp.pipe batch: the gazetteer matchers run on the parsed passages
    mentions: dict[str, list[Mention]] = ctx.scratch.setdefault("mentions", {})
    abbrevs: dict[str, tuple[str, str]] = {}  # abbreviation -> (type, id), defined in this document
    groups_seen: dict[str, str] = {}  # group names as written so far in this document -> id
    # the document's own title for its chair, when it pairs the roles ('Independent Chair/Scrutineer')
    role_title = "Independent Chair/Scrutineer" if any(
        re.search(r"Chair\s*(?:/|and)\s*Scrutineer", p.text) for p in ctx.passages) else "Independent Chair"
    for passage in ctx.passages:
        text = _visible(passage.text)
        # (start, end, type, name, attrs, priority): lower priority wins ties of equal length
        spans: list[tuple] = []
        for start, end, surface in gz.org_spans(ctx.spacy_doc(passage)):
            org = gz.org(surface)
            other = _other_areas(text, start, end, org, gz) if org is not None and org.type == "Agency" \
                and org.tenant not in (None, "national") else None
            if other is not None:
                # 'Office of the Police and Crime Commissioner for Northshire': another area's office of that
                # kind, not the one this deployment knows by the generic name
                spans.append((other[0], other[1], "Agency", other[2], {"kind": org.kind} if org.kind else {}, 0))
            elif org is not None:
                spans.append((start, end, org.type, surface, {"kind": org.kind} if org.kind else {}, 0))
        for m in _SCP_RE.finditer(text) if "Safeguarding" in text else ():
            name, start = _clean_lead(m.group(1), m.start(1), gz)
            known = gz.org(name)
            if known is None and ((_CONTINUES.match(text[m.end(1):m.end(1) + 3])
                                   and not _DOC_AFTER.match(text, m.end(1)))
                                  or (name.endswith("s") and " and " in name)):
                continue  # modifies what follows ('... Partnership Independent Chairs') or lists several
            place = re.split(r"\b(?:Local\s+)?(?:Children\S*\s+)?Safeguarding\b", name)[0]
            # a bare '<A> and <B> Safeguarding Board' may be two areas' boards; a children's partnership
            # named for two places ('Easton and Weald Children's Safeguarding Partnership') is one body
            if re.search(r"\bAdults?\b", place) or re.search(r"Safeguarding\s+(?:Partnership|Board)s?$", name) \
                    and known is None and gz.area_tenant(name) is None and " and " in place \
                    and "Children" not in name:
                continue  # an adults' board, or several areas' boards named together
            if known is not None or [w for w in _content_words(place) if w not in gz.not_names]:
                spans.append((start, start + len(name), "Partnership", name, {}, 1))
        agencies = _agency_candidates(text, gz)
        # 'Northshire Police and NHS Northshire Integrated Care Board' is two agencies, not a group ending
        # in 'Board': a group name may not end where an organisation's name does
        generic: list[tuple[int, int, str]] = []
        groups = _group_candidates(text, gz, generic)
        agency_ends = {a[1] for a in agencies} | {sp[1] for sp in spans if sp[2] == "Agency"} if groups else ()
        for start, end, name in groups:
            if end not in agency_ends:
                spans.append((start, end, "Group", name, {}, 3))
        for start, end, name, kind in agencies:
            # an organisation's shape ('... Integrated Care Board') beats a group's on the same words
            spans.append((start, end, "Agency", name, {"kind": kind} if kind else {}, 2))
        for m in _PERSON_RE.finditer(text) if _person_cue(text) else ():
            name = m.group("name")
            title = re.match(r"(?:Dr|Professor|Prof|Mr|Mrs|Ms|Miss)\.?[ \t]+", name)
            start_name = m.start("name") + (title.end() if title else 0)
            name = name[title.end():] if title else name
            if len(name.split()) < 2 or _NOT_PERSON.search(name) or gz.org(name) or gz.area_tenant(name) \
                    or name.split()[0] in gz.not_names or name.split()[0] in _MONTHS:
                continue
            role = " ".join((m.group("role") or "").lower().split())
            spans.append((start_name, m.end("name"), "Person", name, {"role": role} if role else {}, 5))
        for m in _ROLE_RE.finditer(text) if "Independent" in text else ():
            spans.append((m.start(1), m.end(1), "Agency", m.group(1), {"kind": "role"}, 4))
        found = mentions.setdefault(passage.id, [])
        for start, end, type_, name, attrs, _prio in _pick(spans):
            aliases = []
            if attrs.get("kind") == "role":
                # one node per role and partnership, whatever the wording ('Independent Chair and Scrutineer')
                aliases.append(name)
                if re.search(r"s\b", name.split()[1]):
                    # several partnerships' chairs: named with the words before ('the three Bedfordshire
                    # Safeguarding Children Partnership Independent Chairs')
                    lead = re.search(r"(?:[A-Z][\w'\u2019-]*[ \t]+){1,6}$", text[max(0, start - 80):start])
                    name = ((lead.group(0) if lead else "") + name).strip()
                else:
                    title = role_title if "Chair" in name else "Independent Scrutineer"
                    name = f"{_short_name(ctx, gz)} {title}".strip()
            am = _ABBR_RE.match(text[end:end + 14])
            if am and am.group(1) != name:
                aliases.append(am.group(1))
            if type_ == "Agency" and attrs.get("kind") == "icb":
                # 'NHS Marshfield and Coast ICB' and '... Integrated Care Board': one body in either spelling
                long = re.sub(r"\bICB$", "Integrated Care Board", name)
                short = re.sub(r"\bIntegrated Care Board$", "ICB", name)
                aliases += [a for a in (long, short) if a != name and len(a.split()) > 1]
            role = attrs.get("kind") == "role"
            # a role is named by partnership, not by wording: 'Independent Chairs/Scrutineers' (several
            # partnerships' chairs) must not merge into this partnership's 'Independent Chair'
            if role:
                aliases = []
            known_abbr = abbrevs.get(name.split()[0]) if type_ == "Group" else None
            longer = _longer_name(ctx, gz, groups_seen, name, text, start) if type_ == "Group" else None
            if longer is not None:
                # 'the Leadership Group' after 'the Safeguarding Partners Leadership Group': the same body
                nid = ctx.add_node(type_, ctx.node(longer).name, passage, start, end, node_id=longer, confidence=0.7)
            elif known_abbr and known_abbr[0] == "Group" and ctx.node(known_abbr[1]):
                # 'FCLP Panel' after 'Family Court Liaison Panel (FCLP)': the same group
                nid = ctx.add_node(type_, ctx.node(known_abbr[1]).name, passage, start, end,
                                   node_id=known_abbr[1], aliases=[name], confidence=0.7)
            else:
                nid = ctx.add_node(type_, name, passage, start, end, attrs=attrs, aliases=aliases,
                                   confidence=0.9 if _prio == 0 else 0.75)
            if type_ == "Group":
                groups_seen.setdefault(name, nid)
            found.append(Mention(start, end, nid, type_, name))
            for a in aliases:
                abbrevs.setdefault(a, (type_, nid))
        for start, end, name in generic if groups_seen else ():
            # 'the Partnership Board' after 'the Southmere Partnership Board': a short name of that group
            longer = _longer_name(ctx, gz, groups_seen, name, text, start)
            if longer and not any(start < m.end and end > m.start for m in found):
                ctx.add_node("Group", ctx.node(longer).name, passage, start, end, node_id=longer, confidence=0.6)
                found.append(Mention(start, end, longer, "Group", name))
                found.sort(key=lambda x: x.start)
    if abbrevs:
        _abbreviation_mentions(ctx, abbrevs, mentions)
    _kind_references(ctx, mentions)
    _commonest_names(ctx, mentions)


_THE_BEFORE = re.compile(r"(?:^|\s)[Tt]he[ \t]+$")


def _longer_name(ctx: ExtractionContext, gz: Gazetteer, seen: dict[str, str], name: str, text: str,
                 start: int) -> str | None:
    """The one group named earlier whose name ends in this one ('the Leadership Group'), if the words it drops
    say no place (an area's 'Executive Board' is not the shared arrangements' 'Pan Shire Executive Board')."""
    if name in seen or not _THE_BEFORE.search(text, max(0, start - 5), start):
        return None
    tail = " " + name
    hits = {nid for long, nid in seen.items() if long.endswith(tail)}
    if len(hits) != 1:
        return None
    nid = hits.pop()
    node = ctx.node(nid)
    if node is None or not node.name.endswith(tail):
        return None
    prefix = node.name[:-len(tail)]
    if gz.area_tenant(prefix) is not None or (gz.area_re is not None and gz.area_re.match(prefix)):
        return None
    return nid


# 'the ICB', 'the Constabulary': an agency named by its kind, in a document naming one agency of that kind
_KIND_REF = re.compile(r"\b[Tt]he[ \t]+(ICB|Integrated[ \t]+Care[ \t]+Board|Constabulary|Police|Council|Local[ \t]+Authority)"
                       r"(?![\w-]|[ \t]+(?:and[ \t]+Crime|[A-Z]))")
_KIND_OF_REF = {"ICB": "icb", "Integrated Care Board": "icb", "Constabulary": "police", "Police": "police",
                "Council": "local_authority", "Local Authority": "local_authority"}
_KIND_REF_WORDS = ("ICB", "Integrated", "Constabulary", "Police", "Council", "Authority")


def _kind_references(ctx: ExtractionContext, mentions: dict[str, list[Mention]]) -> None:
    """'the ICB £97,500 and the Constabulary £59,000' after the agencies' full names: the same agencies."""
    by_kind: dict[str, set[str]] = {}
    for ms in mentions.values():
        for m in ms:
            node = ctx.node(m.nid) if m.type == "Agency" else None
            if node is not None and node.attrs.get("kind") in ("icb", "police", "local_authority") \
                    and tenant_of(m.nid) == ctx.tenant:
                by_kind.setdefault(node.attrs["kind"], set()).add(m.nid)
    one = {k: next(iter(v)) for k, v in by_kind.items() if len(v) == 1}
    if not one:
        return
    for passage in ctx.passages:
        if not P.has_any(passage.text, _KIND_REF_WORDS):
            continue
        found = mentions.setdefault(passage.id, [])
        added = False
        for m in _KIND_REF.finditer(passage.text):
            nid = one.get(_KIND_OF_REF[" ".join(m.group(1).split())])
            if nid is None or any(m.start(1) < x.end and m.end(1) > x.start for x in found):
                continue
            ctx.add_node("Agency", ctx.node(nid).name, passage, m.start(1), m.end(1), node_id=nid, confidence=0.6)
            found.append(Mention(m.start(1), m.end(1), nid, "Agency", m.group(1)))
            added = True
        if added:
            found.sort(key=lambda x: x.start)


_PLACE_BEFORE = re.compile(r"(?<![\w-])((?:[A-Z][a-z][\w'\u2019-]*[ \t]){1,2})$")
_PLACE_AFTER = re.compile(r"[ \t]+(?:for|in)[ \t]+(?:the[ \t]+)?([A-Z][\w'\u2019-]+(?:[ \t]+(?:and[ \t]+)?[A-Z][\w'\u2019-]+){0,2})")


def _other_areas(text: str, start: int, end: int, org, gz: Gazetteer) -> tuple[int, int, str] | None:
    """A known local body's generic name with another place on it ('Northshire Police and Crime Commissioner',
    '... Commissioner for Northshire'): (start, end, name) of that other area's body, else None."""
    if len(text[start:end].split()) < 3:
        return None  # an abbreviation or one-word name ('CHUMS') is this deployment's own body
    before = _PLACE_BEFORE.search(text, max(0, start - 60), start)
    after = _PLACE_AFTER.match(text, end)
    home = " ".join([org.name, *org.aliases])
    for m, s, e in ((before, before.start(1) if before else 0, end), (after, start, after.end(1) if after else 0)):
        if m is None:
            continue
        words = [w for w in m.group(1).split() if w not in ("and", "&")]
        while words and words[0] in gz.not_names:
            words = words[1:]
        if m is before:
            s = end - len(text[s:end]) + text[s:end].find(words[0]) if words else s
        if not words or any(w in home for w in words) or gz.area_tenant(" ".join(words)) is not None \
                or gz.org(text[s:e]) is not None or any(w in _MONTHS or w.endswith("ing") for w in words):
            continue
        return s, e, text[s:e]
    return None


def _commonest_names(ctx: ExtractionContext, mentions: dict[str, list[Mention]]) -> None:
    """A group is displayed under the wording the document uses most, not its first (perhaps misspelt) one."""
    counts: dict[str, dict[str, int]] = {}
    for ms in mentions.values():
        for m in ms:
            if m.type == "Group" and not (m.text.isupper() and len(m.text) <= 8):
                c = counts.setdefault(m.nid, {})
                c[m.text] = c.get(m.text, 0) + 1
    for nid, c in counts.items():
        node = ctx.node(nid)
        if node is None:
            continue
        best = max(c, key=lambda k: (c[k], k == node.name, -len(k), k))
        if best != node.name and c[best] > c.get(node.name, 0):
            old = node.name
            node.name = best
            node.aliases = [a for a in node.aliases if a != best]
            if old not in node.aliases:
                node.aliases.append(old)


def _abbreviation_mentions(ctx: ExtractionContext, abbrevs: dict[str, tuple[str, str]],
                           mentions: dict[str, list[Mention]]) -> None:
    """Later bare uses of an abbreviation the document defined ('... Panel (SYVP)' then 'SYVP')."""
    keys = tuple(abbrevs)
    for passage in ctx.passages:
        found = mentions.setdefault(passage.id, [])
        if not P.has_any(passage.text, keys):
            found.sort(key=lambda x: x.start)
            continue  # no abbreviation here: every word the scan below would look up is another
        taken = [(m.start, m.end) for m in found]
        # every capitalised word looked up in the table: faster than an alternation of the abbreviations
        for m in _ABBR_WORD.finditer(passage.text):
            if m.group(1) not in abbrevs or any(m.start() < e and m.end() > s for s, e in taken):
                continue
            type_, nid = abbrevs[m.group(1)]
            node = ctx.node(nid)
            if node is None:
                continue
            ctx.add_node(type_, node.name, passage, m.start(), m.end(), node_id=nid, confidence=0.7)
            found.append(Mention(m.start(), m.end(), nid, type_, m.group(1)))
        found.sort(key=lambda x: x.start)


def _short_name(ctx: ExtractionContext, gz: Gazetteer) -> str:
    """The document's own partnership as a short prefix ('CBSCP'), or '' if it is not known."""
    org = next((o for o in gz.partnerships() if o.tenant == ctx.tenant), None)
    if org is None:
        # a partnership the gazetteer does not know: its abbreviation as this document defines it
        own = [n for n in ctx.nodes_of("Partnership") if tenant_of(n.id) == ctx.tenant]
        abbr = sorted(a for n in own for a in n.aliases if a.isupper() and len(a) <= 8)
        return abbr[0] if abbr else ""
    abbr = [a for a in org.aliases if a.isupper() and len(a) <= 8]
    return abbr[0] if abbr else (org.areas[0] if org.areas else org.name)


