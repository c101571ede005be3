"""The fast paths of the extraction rules (actions, entities, resolver) give what the plain ways give: name matching in entities_in, the
resolver's fuzzy and nested lookups, status and kind of actions, and the word gates in front of costly
patterns. Each is checked against a plain reference written here, on generated inputs."""
from __future__ import annotations

import random
import re

from rapidfuzz import fuzz

from graph.access import SHARED_TENANTS
from ingest.extract import patterns as P
from ingest.extract.context import KnownEntity
from ingest.extract.resolve import Resolver, normalise, tenant_of
from ingest.extract.rules.learning_support import entities_in

_VOCAB = ["Group", "Board", "Panel", "Safeguarding", "Children's", "Children\u2019s", "Northtown", "ICB", "NHS",
          "Trust", "the", "of", "and", "&", "Sub-group", "(NTP)", "'Quoted", "Police", "Pan", "Shire", "a",
          "ab-c", "\u00dcn\u00ef", "x\\'y", "Learning", "from", "O\u2019Neil"]
_SEPS = [" ", "  ", "\n", " \t", "-", ",", ". ", "\u2019", "'", "\u00a0", "_", "/"]


class _Node:
    def __init__(self, nid: str, type_: str, name: str, aliases: list[str]):
        self.id, self.type, self.name, self.aliases = nid, type_, name, aliases


class _Ctx:
    def __init__(self, nodes: list[_Node]):
        self.nodes, self.scratch = nodes, {}

    def nodes_of(self, type_: str) -> list[_Node]:
        return [n for n in self.nodes if n.type == type_]


def _key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def _entities_reference(nodes: list[_Node], text: str, types: tuple[str, ...]) -> list[tuple]:
    """One alternation of every name, longest first (what entities_in must give)."""
    names: dict[str, tuple[str, str]] = {}
    for n in (n for t in types for n in nodes if n.type == t):
        for name in (n.name, *n.aliases):
            name = name.strip()
            if len(name) >= 3:
                names.setdefault(_key(name), (n.id, n.type))
    if not names:
        return []
    body = "|".join(re.sub(r"\\?['\u2019]", "['\u2019]", re.escape(a).replace(r"\ ", r"\s+"))
                    for a in sorted(names, key=len, reverse=True))
    rx = re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])")
    return [(m.start(), m.end(), *names[_key(m.group(0))]) for m in rx.finditer(text) if _key(m.group(0)) in names]


def test_entities_in_finds_what_one_alternation_of_the_names_finds():
    rnd = random.Random(7)
    found = 0
    for _ in range(400):
        nodes = [_Node(f"id{i}", rnd.choice(["Agency", "Group", "Partnership", "Person"]),
                       " ".join(rnd.choice(_VOCAB) for _ in range(rnd.randint(1, 4))),
                       [" ".join(rnd.choice(_VOCAB) for _ in range(rnd.randint(1, 3)))])
                 for i in range(rnd.randint(0, 20))]
        text = "".join(rnd.choice(_SEPS) + (rnd.choice(nodes).name if nodes and rnd.random() < 0.3
                                            else rnd.choice(_VOCAB)) for _ in range(rnd.randint(0, 25)))
        ctx = _Ctx(nodes)
        for types in (("Agency", "Group", "Partnership"), ("Group",)):
            want = _entities_reference(nodes, text, types)
            assert entities_in(ctx, text, types) == want, (text, types)
            found += bool(want)
    assert found > 100  # the generated texts do name things


def _lookup_reference(r: Resolver, type_: str, name: str) -> str | None:
    """Resolver.lookup as a plain scan of the table in order (the first best wins)."""
    key = normalise(name)
    table = r._by_type.get(type_, {})
    if key in table:
        return table[key]
    if len(key) >= 8:
        best, best_score = None, 0.0
        for other, nid in table.items():
            if abs(len(other) - len(key)) <= 6:
                score = fuzz.ratio(key, other)
                if score > best_score:
                    best, best_score = nid, score
        if best_score >= r.threshold:
            return best
    if type_ == "Group":
        words = set(key.split())
        if len(words) < 3:
            return None
        home = r.home_tenant(type_, name)
        found = {nid for other, nid in table.items() if tenant_of(nid) in (home, *SHARED_TENANTS)
                 and other.split()[-1] == key.split()[-1] and other != key
                 and (words <= set(other.split()) or set(other.split()) <= words) and len(set(other.split())) >= 3}
        return found.pop() if len(found) == 1 else None
    return None


def test_resolver_lookup_answers_as_a_plain_scan_of_its_table():
    rnd = random.Random(11)
    words = ("neglect exploitation missing strategic task finish operational chief officers partner agencies "
             "learning practice review case group panel board northtown southmoor").split()

    def name() -> str:
        w = [rnd.choice(words) for _ in range(rnd.randint(1, 6))]
        if rnd.random() < 0.4:
            i = rnd.randrange(len(w))
            j = rnd.randrange(len(w[i]))
            w[i] = w[i][:j] + w[i][j + 1:]
        return " ".join(w).title()

    merged = 0
    for _ in range(60):
        known = [KnownEntity(f"{t.lower()}:{rnd.choice(['northtown', 'southmoor'])}:k{i}", t, name(), (name(),))
                 for i in range(rnd.randint(0, 60)) for t in [rnd.choice(["Group", "Agency", "Review"])]]
        r = Resolver("northtown", known, rnd.choice([92, 85]))
        for _ in range(40):
            t, n = rnd.choice(["Group", "Agency", "Review"]), name()
            want = _lookup_reference(r, t, n)
            assert r.lookup(t, n) == want, (t, n)
            merged += want is not None and normalise(n) not in r._by_type.get(t, {})
            if rnd.random() < 0.3:
                r.resolve(t, n)  # the indexes follow names added later
    assert merged > 20  # fuzzy and nested answers were exercised


_STATUS_CASES = ["The guidance is being developed", "A toolkit will be launched and is currently in use",
                 "The plan was relaunched in May", "Training is due to start", "Work has commenced",
                 "The strategy has been refreshed", "We will continue to monitor", "nothing of note here"]


def test_status_on_folded_text_is_the_status_of_the_text():
    def reference(text: str) -> str | None:
        if P.STATUS_IN_PROGRESS.search(text):
            if re.search(r"\bwill\s+(?:be\s+)?(?:launched|available|published|rolled|held|delivered)\b", text, re.I):
                return "planned"
            return "in progress"
        if P.STATUS_PLANNED.search(text):
            return "planned"
        return "done" if P.STATUS_DONE.search(text) else None

    # the letters IGNORECASE takes for ASCII ones: dotted and dotless i, long s, the Kelvin sign
    odd = str.maketrans({"i": "\u0130", "s": "\u017f", "k": "\u212a"})
    for text in _STATUS_CASES:
        for variant in (text, text.upper(), text.title(), text.translate(odd), text.replace("i", "\u0131")):
            assert P.status_from(variant) == reference(variant), variant
            assert P.status_of_folded(P.folded(variant)) == reference(variant), variant


def test_action_kind_is_the_kind_named_first():
    def reference(name: str) -> str | None:
        best = None
        for kind, pattern in P.ACTION_KINDS:
            m = re.search(pattern, name, re.I)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), kind)
        return best[1] if best else None

    rnd = random.Random(5)
    words = ["training", "plan", "plans", "tool", "briefing", "app", "form", "review", "audit", "group", "event",
             "campaign", "strategy", "session", "procedure", "guide", "assurance", "mapping", "the", "on",
             "formal", "planning", "apps", "Toolkit", "7 minute", "e-learning"]
    for _ in range(3000):
        name = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6)))
        assert P.action_kind(name) == reference(name), name


def test_response_cue_words_are_in_every_cue():
    cues = ["In response to the review", "as a result of this", "As a consequence of the SAR", "following the CSPR",
            "in light of the findings", "arising from the LCSPR", "informed by the audit", "learning from reviews",
            "in regard to learning", "responded to the panel", "this has led to", "it came out of the review",
            "which arose from", "stemmed from", "prompted by the case", "it resulted in", "are being addressed",
            "addressing the recommendations", "to address this", "the learning", "recommendations from the review",
            "key messages", "Recommendation of the panel", "have led to"]
    for cue in cues:
        for text in (cue, cue.upper()):
            assert P.RESPONSE_CUE.search(text), text
            assert P.has_any(P.folded(text), P.RESPONSE_CUE_WORDS), text
