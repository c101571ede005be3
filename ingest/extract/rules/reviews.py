"""Reviews: case reviews, thematic, learning and rapid reviews, SARs and national panel reviews.

Found by the shape of their names ('<Name> Child Safeguarding Practice Review', 'Child R',
'Thematic Review of <topic>', 'the national review into ...'), with kind, status and
date from the sentence around them; then who commissioned, led and monitors them; and,
when the document is itself a review or a briefing, its findings and recommendations.
"""
from __future__ import annotations

import re

from ingest.extract import patterns as P
from ingest.extract.context import ExtractionContext
from ingest.extract.patterns import plain, sentences
from ingest.extract.resolve import normalise, slug
from ingest.extract.rules.learning_support import (
    PassageView,
    entities_in,
    home_partnership,
    state,
)

ORDER = 50

_KIND_BY_KW = [
    (re.compile(r"safeguarding\s+adults?|serious\s+adults?|\bSARs?\b", re.I), "SAR"),
    (re.compile(r"serious\s+case|\bSCRs?\b", re.I), "SCR"),
    (re.compile(r"domestic|\bDHRs?\b", re.I), "DHR"),
    (re.compile(r"learning", re.I), "learning review"),
    (re.compile(r"rapid", re.I), "rapid review"),
]
_FOLLOWED_BY_NOUN = re.compile(r"\s*(?:Panel|Procedures?|Group|Process|Guidance|Framework|Sub-?group|Team|Notification|"
                               r"Repository|process|procedures?|guidance|panel|group|meetings?|referral|criteria|"
                               r"methodology|Partners?|partners?|Briefings?|training|Training)\b")
_ACRONYM_LEAD = re.compile(r"^(?:[A-Z]{2,8}['’]?s?\s+)+")
_STATUS_WORDS = re.compile(r"\b(?:signed\s+off|sign\s+off|published|publication|commissioned|completed|submitted|"
                           r"presented|undertaken|approved|agreed)\b", re.I)


# words that only say what kind of review something is: a phrase made of them names no review
_KIND_WORDS = P.GENERIC_CASE_WORDS | {"rapid", "reviews", "review", "thematic", "learning", "sar", "sars", "cspr",
                                      "csprs", "lcspr", "lcsprs", "scr", "scrs", "2021", "2022", "2023", "2024", "2025"}


# review acronyms as written (substring searches: faster than one sre alternation of them)
_KW_GATE_WORDS = ("CSPR", "SCR", "SAR", "DHR", "LSCPR")
# every match of P.REVIEW_ABOUT_NAMED holds one of these ('... a child known as Ben')
_CALLED_WORDS = ("called", "named", "known")


class _Span:
    """A (start, end) pair that reads like a match object."""

    def __init__(self, start: int, end: int):
        self._s, self._e = start, end

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e


def _rarity(word: str) -> tuple[bool, int, str]:
    """Sort key: words naming a particular review before the kind and function words every document uses."""
    return word in _KIND_WORDS or word in P.GENERIC_CASE_WORDS, -len(word), word


def _holds_one(text: str, word_sets: tuple[tuple[str, ...], ...]) -> bool:
    """Some one of the word sets has every word in text."""
    for words in word_sets:
        for w in words:
            if w not in text:
                break
        else:
            return True
    return False


def _kind_for(kw: str) -> str:
    for rx, kind in _KIND_BY_KW:
        if rx.search(kw):
            return kind
    return "local CSPR"


def _core_key(core: str) -> str:
    return normalise(core)


# the kind of review just before a case name: 'a Rapid Review about Baby Q', 'the learning review into Child S'
_KIND_ABOUT = re.compile(rf"(?P<kw>{P.REVIEW_KW}|(?i:rapid|learning)\s+reviews?)\s+(?:about|into|on|of|for|concerning|"
                         r"regarding|in\s+respect\s+of)\s+(?:the\s+)?$")
_RESPONSE_TO_TITLE = re.compile(r"\b(?:response|responding|respond)\s+to\s+the\s+(?P<title>[A-Z][^.;,()]{5,80}?)\s+"
                                r"(?:report|review)\b")
# every match of P.CASE_LETTER starts with one of these (case as in the pattern)
_CASE_LETTER_WORDS = ("Child", "Baby", "Family", "Sibling", "Young", "Infant", "Adult")
# ... and, but after 'Young' (which 'Person' follows), goes on with spaces, one capital and no word character
_CASE_LETTER_LEADS = ("Child", "Baby", "Family", "Sibling", "Siblings", "Infant", "Adult")
_NOT_AFTER_LETTER = "_'’-"


def _case_letter_possible(text: str) -> bool:
    """False only where P.CASE_LETTER cannot match: no lead word followed by space(s), a capital
    A-Z and then no word character ('Child Safeguarding' is no case name, 'Child R' may be)."""
    if "Young" in text:
        return True
    n = len(text)
    for w in _CASE_LETTER_LEADS:
        i = text.find(w)
        while i >= 0:
            k = j = i + len(w)
            while k < n and text[k].isspace():
                k += 1
            if k > j and k < n and "A" <= text[k] <= "Z":
                if k + 1 == n or not (text[k + 1].isalnum() or text[k + 1] in _NOT_AFTER_LETTER):
                    return True
            i = text.find(w, i + 1)
    return False


class _Reviews:
    def __init__(self, ctx: ExtractionContext):
        self.ctx = ctx
        self.st = state(ctx)
        # pattern -> (on folded text?, word sets: each match holds every word of one of them): see rescan_known
        self.rx_gates: dict[re.Pattern, tuple[bool, tuple[tuple[str, ...], ...]]] = {}

    # -- creating and merging -----------------------------------------------------------------
    def find(self, core: str) -> str | None:
        key = _core_key(core)
        if not key:
            return None
        if key in self.st.review_core:
            return self.st.review_core[key]
        kt = set(key.split())
        # a shortened title ('The Quiet Harm') names the review its longer title ('The Quiet Harm - ...') named
        for other, rid in self.st.review_core.items():
            ot = set(other.split())
            if len(kt) >= 2 and len(ot) >= 2 and (kt <= ot or ot <= kt):
                return rid
        return self.ctx.resolver.lookup("Review", core)

    def add(self, view: PassageView, start: int, end: int, name: str, core: str, kind: str,
            aliases: list[str] | None = None, sent: str = "") -> str:
        rid = self.find(core)
        s, e = view.span(start, end)
        attrs = {"kind": kind}
        attrs.update(self._status_date(sent, name))
        if rid is None:
            rid = self.ctx.add_node("Review", name, view.passage, s, e, attrs=attrs,
                                    aliases=[a for a in (aliases or []) if a and a != name],
                                    node_id=f"review:{self.ctx.tenant}:{slug(core)}")
        else:
            node = self.ctx.node(rid)
            self.ctx.add_node("Review", node.name if node else name, view.passage, s, e, attrs=attrs,
                              aliases=[a for a in [name, *(aliases or [])] if a], node_id=rid)
            # a fuller title seen later is the better display name
            if node is not None and len(name) > len(node.name) and kind != "rapid review" \
                    and normalise(node.name) in normalise(name):
                node.name = name
        self.st.review_core.setdefault(_core_key(core), rid)
        self.st.review_mentions.setdefault(view.index, []).append((rid, start, end))
        return rid

    @staticmethod
    def _status_date(sent: str, name: str) -> dict:
        out: dict = {}
        if not sent:
            return out
        for status, rx in P.REVIEW_STATUS:
            if rx.search(sent):
                out["status"] = status
                if status == "unpublished":
                    why = P.UNPUBLISHED_WHY.search(sent)
                    if why:
                        out["status_reason"] = why.group("why").strip()
                break
        # a date right after the name '(January 2023)', else one in a sentence that signs off or publishes
        after = sent.find(name)
        tail = sent[after + len(name): after + len(name) + 24] if after >= 0 else ""
        m = re.match(r"\s*[(\[]?\s*(" + P.MONTHS + r"\.?\s+20\d\d|20\d\d)", tail, re.I)
        if m:
            out["date"] = P.iso_date(m.group(1))
        elif _STATUS_WORDS.search(sent):
            d = P.iso_date(sent)
            if d:
                out["date"] = d
        return out

    # -- finding mentions ---------------------------------------------------------------------
    def scan(self, view: PassageView) -> None:
        text = view.text
        low = text.lower()
        kw_gate = P.has_any(text, _KW_GATE_WORDS)
        kw = kw_gate or "review" in low
        # every match of P.REVIEW_KW holds 'Review' (as written) or one of those acronyms
        kw_exact = kw_gate or "Review" in text
        # substring gates: most passages name no review and need not face every pattern (nor the set-up below)
        if not (kw or "thematic" in low or "national" in low or "panel" in low or "respon" in text
                or P.has_any(text, _CASE_LETTER_WORDS)):
            return
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        def sent_of(pos: int) -> str:
            for s, e in view.sents:
                if s <= pos < e:
                    return text[s:e]
            return text

        for m in (P.NAMED_REVIEW.finditer(text) if kw_exact else ()):
            name = " ".join(m.group("name").split())
            first = name.split()[0].lower()
            last = name.split()[-1].lower()
            if first in P.GENERIC_CASE_WORDS or last in P.GENERIC_CASE_WORDS:
                continue
            if _FOLLOWED_BY_NOUN.match(text, m.end()) or not free(m.start(), m.end()):
                continue
            if self._is_place_or_body(name):
                continue
            kw = " ".join(m.group("kw").split())
            kind = _kind_for(kw)
            full = f"{name} {kw}"
            aliases = [name, full]
            if m.group("abbr"):
                aliases.append(f"{name} {m.group('abbr')}")
            self.add(view, m.start(), m.end(), full, name, kind, aliases, sent_of(m.start()))
            taken.append((m.start(), m.end()))

        for m in (P.KIND_THEN_CASE.finditer(text) if kw_exact else ()):
            name = " ".join(m.group("name").split())
            if name.split()[-1].lower() in P.GENERIC_CASE_WORDS or not free(m.start(), m.end()):
                continue
            kw = " ".join(m.group("kw").split())
            full = f"{name} {kw}"
            self.add(view, m.start(), m.end(), full, name, _kind_for(kw), [name, full], sent_of(m.start()))
            taken.append((m.start(), m.end()))

        for m in (P.NAME_THEN_KIND.finditer(text) if kw_exact and "(" in text else ()):
            name = " ".join(m.group("name").split())
            if name.split()[-1].lower() in P.GENERIC_CASE_WORDS or name.split()[0].lower() in P.GENERIC_CASE_WORDS \
                    or not free(m.start(), m.end()) or self._is_place_or_body(name):
                continue
            kw = " ".join(m.group("kw").split())
            full = f"{name} {kw}"
            rid = self.add(view, m.start(), m.end(), full, name, _kind_for(kw), [name, full], sent_of(m.start()))
            when = P.iso_date(text[m.end("kw"):m.end()])
            if when:
                self.ctx.set_attr(rid, "date", when, overwrite=False)  # 'Jacob (CSPR, 2023)'
            taken.append((m.start(), m.end()))

        for m in (P.REVIEW_ABOUT_NAMED.finditer(text) if kw and P.has_any(text, _CALLED_WORDS) else ()):
            name = m.group("name")
            if name.lower() in P.GENERIC_CASE_WORDS or not free(m.start("name"), m.end("name")):
                continue
            word = " ".join(m.group("kw").split())
            kind = _kind_for(word) if word.lower() != "review" else None
            full = f"{name} {word}" if word.lower() != "review" else f"{name} review"
            self.add(view, m.start(), m.end(), full, name, kind, [name], sent_of(m.start()))
            taken.append((m.start(), m.end()))

        for m in P.CASE_LETTER.finditer(text) if _case_letter_possible(text) else ():
            if not free(m.start(), m.end()):
                continue
            name = " ".join(m.group("name").split())
            kw = m.group("kw")
            if not kw and "eview" in text[max(0, m.start() - 60):m.start()]:
                about = _KIND_ABOUT.search(text, max(0, m.start() - 60), m.start())
                kw = about.group("kw") if about else None  # 'a Rapid Review about Baby Q'
            kind = _kind_for(kw) if kw and kw.lower() != "review" else None  # settled at the end
            full = f"{name} {kw}" if kw else name
            self.add(view, m.start(), m.end(), full, name, kind, [name], sent_of(m.start()))
            taken.append((m.start(), m.end()))

        for rx in ((P.THEMATIC_PRE, P.THEMATIC_POST) if "thematic" in low else ()):
            for m in rx.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                topic = " ".join(m.group("topic").split())
                core = _ACRONYM_LEAD.sub("", topic).strip()
                words = [w for w in core.split() if w.lower() not in P.GENERIC_CASE_WORDS]
                if not words:
                    continue
                core = re.sub(r"^(?:the|a|an)\s+", "", core, flags=re.I)
                name = f"{core[:1].upper() + core[1:]} Thematic Review"
                aliases = [f"Thematic Review of {core}", m.group(0).strip()]
                self.add(view, m.start(), m.end(), name, core, "thematic review", aliases, sent_of(m.start()))
                taken.append((m.start(), m.end()))

        for m in (P.THEMATIC_BARE.finditer(text) if "thematic" in low else ()):
            if not free(m.start(), m.end()):
                continue
            sent = sent_of(m.start())
            by = re.search(r"\bcommissioned\s+by\s+(?:the\s+)?(?P<p>[A-Z][A-Za-z]{1,10})\b", sent)
            if not by and not re.search(r"\b(?:was|has\s+been|were)\s+(?:commissioned|signed|published|completed)",
                                        sent):
                continue
            kw = " ".join(m.group("kw").split())
            who = by.group("p") if by else ""
            name = f"{who} {kw}".strip()
            self.add(view, m.start(), m.end(), name, name, "thematic review", [kw], sent)
            taken.append((m.start(), m.end()))

        for m in (P.NATIONAL_INTO.finditer(text) if "national" in low else ()):
            if not free(m.start(), m.end()):
                continue
            topic = " ".join(m.group("topic").split()).rstrip(" ,")
            name = f"National review {m.group('prep')} {topic}"
            self.add(view, m.start(), m.end(), name, topic, "national review", [], sent_of(m.start()))
            taken.append((m.start(), m.end()))

        for m in (P.PANEL_TITLE.finditer(text) if "panel" in low else ()):
            if not free(m.start("title"), m.end("title")):
                continue
            raw = m.group("title")
            if raw[:1] in "\"'‘“":
                close = re.search(r"[\"’”']", raw[1:])
                raw = raw[1:close.start() + 1] if close else raw[1:]
            title = " ".join(raw.split()).strip(" \"'‘’“”,")
            main = re.split(r"\s+[-–—:]\s+|:\s+", title)[0]
            if len(main.split()) < 2:
                continue
            self.add(view, m.start("title"), m.end("title"), title, main, "national review", [main],
                     sent_of(m.start("title")))
            taken.append((m.start("title"), m.end("title")))

        for m in _RESPONSE_TO_TITLE.finditer(text) if "respon" in text else ():
            title = m.group("title").strip()
            if not free(m.start("title"), m.end("title")) or len(title.split()) < 2 or len(title.split()) > 12:
                continue
            if self._is_place_or_body(title) or title.split()[0].lower() in P.GENERIC_CASE_WORDS:
                continue
            self.add(view, m.start("title"), m.end("title"), title, title, "national review", [],
                     sent_of(m.start("title")))
            taken.append((m.start("title"), m.end("title")))

        for m in (P.TITLED_REVIEW_OF.finditer(text) if "review of" in low else ()):
            topic = " ".join(m.group("topic").split())
            caps = [w for w in topic.split() if w[:1].isupper()]
            if len(caps) < 2 or not free(m.start(), m.end()) or view.is_heading:
                continue
            start = m.start("adj") if m.group("adj") else text.find("Review", m.start())
            name = text[start:m.end()].strip()
            name = name[:1].upper() + name[1:]
            self.add(view, start, m.end(), name, topic, "thematic review", [f"Review of {topic}"],
                     sent_of(m.start()))
            taken.append((m.start(), m.end()))

        for m in (P.LEARNING_REVIEW_ON.finditer(text) if "learning review" in low else ()):
            if not free(m.start(), m.end()):
                continue
            topic = " ".join(m.group("topic").split())
            core = re.sub(r"^(?:the|a|an)\s+", "", topic, flags=re.I)
            name = f"Learning Review {m.group('prep')} {topic}"
            self.add(view, m.start(), m.end(), name, core, "learning review", [f"{core} review"], sent_of(m.start()))
            taken.append((m.start(), m.end()))

        for m in (P.RAPID_COUNT.finditer(text) if "rapid review" in low else ()):
            if not free(m.start(), m.end()):
                continue
            period = self._period()
            name = f"Rapid Reviews {period}".strip()
            rid = self.add(view, m.start(), m.end(), name, "rapid reviews", "rapid review", ["Rapid Reviews"],
                           sent_of(m.start()))
            self.ctx.set_attr(rid, "count", m.group("n"), overwrite=False)
            if re.search(r"submitted\s+to\s+the\s+(?:National\s+)?Panel", sent_of(m.start()), re.I):
                self.ctx.set_attr(rid, "status", "completed and submitted to the National Panel", overwrite=False)
            taken.append((m.start(), m.end()))

    def case_rx(self) -> list[tuple[str, re.Pattern]]:
        """One-word case names ('the Oscar LCSPR', 'the Oscar and a recent notification'): only after 'the'."""
        out = []
        for key, rid in self.st.review_core.items():
            node = self.ctx.node(rid)
            words = key.split()
            if node is None or len(words) != 1 or node.attrs.get("kind") in ("national review", "thematic review"):
                continue
            name = next((a for a in (node.name, *node.aliases) if normalise(a) == key and a[:1].isupper()), None)
            if name and name.lower() not in P.GENERIC_CASE_WORDS:
                out.append((rid, re.compile(r"\b[Tt]he\s+(" + re.escape(name) + r")\b(?!\s+[A-Z][a-z])")))
                self.rx_gates[out[-1][1]] = (False, ((name,),))  # the name itself, case and all
        return out

    def any_gate(self, rxs: list[tuple[str, re.Pattern]]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """Every first gate word of these patterns, for folded text and for the text as it is: where
        none is in the passage, no pattern's own gate passes and the passage is skipped whole.
        None if some pattern has no gate (then every passage must face it)."""
        fold_words: set[str] = set()
        raw_words: set[str] = set()
        for _, rx in rxs:
            gate = self.rx_gates.get(rx)
            if gate is None:
                return None
            (fold_words if gate[0] else raw_words).update(words[0] for words in gate[1])

        return tuple(sorted(fold_words)), tuple(sorted(raw_words))

    def rescan_known(self, view: PassageView, rxs: list[tuple[str, re.Pattern]],
                     gate_all: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> None:
        """Shortened references to reviews already named in this document ('the Quiet Harm report')."""
        fold = None
        if gate_all is not None:
            fold_words, raw_words = gate_all
            if fold_words:
                fold = P.folded(view.text)
            if not ((fold_words and P.has_any(fold, fold_words)) or P.has_any(view.text, raw_words)):
                return  # no gate word of any pattern in the passage
        have = {(s, e) for _, s, e in self.st.review_mentions.get(view.index, [])}
        for rid, rx in rxs:
            gate = self.rx_gates.get(rx)
            if gate is not None:
                # the words a match holds must be in the text (most passages name no known review)
                if gate[0] and fold is None:
                    fold = P.folded(view.text)
                if not _holds_one(fold if gate[0] else view.text, gate[1]):
                    continue
            node = self.ctx.node(rid)
            if node is None:
                continue
            for m in rx.finditer(view.text):
                if rx.groups:
                    m = _Span(m.start(1), m.end(1))
                if any(not (m.end() <= s or m.start() >= e) for s, e in have):
                    continue
                s, e = view.span(m.start(), m.end())
                self.ctx.add_node("Review", node.name, view.passage, s, e, node_id=rid)
                self.st.review_mentions.setdefault(view.index, []).append((rid, m.start(), m.end()))
                have.add((m.start(), m.end()))

    def phrase_rx(self) -> list[tuple[str, re.Pattern]]:
        out = []
        for rid in dict.fromkeys(self.st.review_core.values()):
            node = self.ctx.node(rid)
            if node is None:
                continue
            phrases = {a for a in (node.name, *node.aliases) if len(a.split()) >= 2
                       and not all(w.lower() in _KIND_WORDS for w in re.findall(r"[\w-]+", a))}
            if not phrases:
                continue
            alts = "|".join(re.escape(ph).replace(r"\ ", r"\s+") for ph in sorted(phrases, key=len, reverse=True))
            out.append((rid, re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.I)))
            # each word of a phrase (between its spaces) is matched literally, ignoring case: a match of
            # the phrase holds all of them, a gate on folded text (only ASCII words, where folded() and
            # IGNORECASE agree exactly); the likeliest to be missing first: long words, not the kind words
            word_sets = tuple(sorted({tuple(sorted({w.lower() for w in ph.split(" ") if w and w.isascii()},
                                                   key=_rarity))
                                      for ph in phrases}))
            if all(word_sets):
                self.rx_gates[out[-1][1]] = (True, word_sets)
        return out

    def mark_headings(self) -> None:
        """Which reviews each passage's heading names: a section titled after a review is about it."""
        rxs = self.phrase_rx()
        cache: dict[str, list[str]] = {}
        for view in self.st.views:
            h = view.heading
            if h not in cache:
                cache[h] = [rid for rid, rx in rxs if h and rx.search(h)]
            if cache[h]:
                self.st.heading_reviews[view.index] = cache[h]

    def _period(self) -> str:
        doc = self.ctx.document
        m = re.search(r"20\d\d\s*[-–/]\s*(?:20)?\d\d", doc.title or "")
        if m:
            return m.group(0).replace(" ", "")
        return str(doc.date or "")[:4]

    def _is_place_or_body(self, name: str) -> bool:
        """'Northtown Child Safeguarding Practice Review Panel' style: a partnership or place, not a case."""
        for t in ("Partnership", "Agency", "Group"):
            if self.ctx.resolver.lookup(t, name):
                return True
        return False


# -- relations of reviews ---------------------------------------------------------------------

_COMMISSIONED_BY = re.compile(r"\bcommissioned\s+by\b", re.I)
_COMMISSIONS = re.compile(r"\b(?P<who>[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,6}|the\s+(?:Board|Partnership|Panel))\s+"
                          r"(?:has\s+|had\s+)?(?:commissioned|carried\s+out\s+and\s+published|signed\s+off|"
                          r"has\s+carried\s+out)\b")
_LED = re.compile(r"\b(?:was\s+commissioned\s+to\s+lead|led\s+by|authored\s+by|written\s+by|independent\s+reviewer|"
                  r"lead\s+reviewer|undertaken\s+by|conducted\s+by|carried\s+out\s+by|to\s+lead\s+the\s+review)\b",
                  re.I)
_SOMETHING_ELSE_LED = re.compile(r"\b(?:through|via|which|that|protocol|policy|plan|guidance|briefing|toolkit|"
                                 r"being)\b[^.;]*$", re.I)
_FOLLOWING_REVIEWS = re.compile(r"\b(?:carried\s+out|commissioned|published|completed|undertaken)\b[^:]{0,80}"
                                r"\bfollowing\b[^:]{0,80}(?:[Rr]eviews?|CSPRs?|SCRs?|SARs?)\s*:\s*$")
_MONITOR = re.compile(r"\b(?:monitored\s+by|overseen\s+by|scrutinised\s+(?:at|by)|scrutinized\s+(?:at|by)|"
                      r"(?:presented\s+and\s+)?discussed\s+(?:by|at)|considered\s+(?:by|at)|presented\s+(?:to|at)|"
                      r"tracked\s+by|followed\s+up\s+by|held\s+to\s+account\s+(?:at|by)|progress\s+is\s+reported\s+to|"
                      r"monitors?|oversees)\b", re.I)


# 'This Local Child Safeguarding Practice Review was ...', 'The review was ...': the report's own review
_THIS_KIND = re.compile(rf"\s*(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?\s+)?(?:This|The)\s+(?:(?:{P.REVIEW_KW}|[Rr]eview|[Rr]eport)\s+(?:was|has|is|will)\b)")
_IT_WAS = re.compile(r"\s*It\s+(?:was|is|has\s+been)\s+(?:independently\s+)?(?:led|written|authored|undertaken|carried\s+out|"
                     r"conducted|completed)\b")
# a firm named as the reviewer, which no gazetteer knows: 'carried out by Harbour Review Associates Ltd'
_FIRM = re.compile(r"\b(?P<firm>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|&|of)){0,5}\s+(?:Ltd|Limited|LLP|CIC|Consultancy|"
                   r"Consulting|Consultants|Associates)\b\.?)")
# every match of P.UNPUBLISHED_WHY holds one of these (case as written)
_NOT_PUB_WORDS = ("published", "Published", "PUBLISHED", "ublication")
# between two commissioners: 'A and the B', 'A, B'
_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?$")
_WEAK_MONITOR = re.compile(r"(?:presented\s+and\s+)?discussed|considered|presented", re.I)


def _recent_reviews(st, idx: int, upto: int | None = None, plural: bool = False) -> list[str]:
    """Reviews an anaphor ('this Review', 'the above Reviews') may point to: the section's, then the latest."""
    if plural:
        # 'the above Reviews': everything named in this paragraph so far and the one before
        here = [rid for rid, s, _ in st.review_mentions.get(idx, []) if upto is None or s < upto]
        before = [rid for rid, _, _ in st.review_mentions.get(idx - 1, [])]
        found = list(dict.fromkeys(here + before))
        if found:
            return found
    if st.heading_reviews.get(idx):
        return list(st.heading_reviews[idx])
    here = [rid for rid, s, _ in sorted(st.review_mentions.get(idx, []), key=lambda m: -m[1])
            if upto is None or s < upto]
    if here:
        return list(dict.fromkeys(here))
    for j in range(idx - 1, max(-1, idx - 3), -1):
        prev = st.review_mentions.get(j)
        if prev:
            return list(dict.fromkeys(r for r, _, _ in prev))
    return []


def _relations(ctx: ExtractionContext, rv: _Reviews) -> None:
    st = rv.st
    home = None
    pending: str | None = None  # who 'carried out and published the following reviews:'
    for view in st.views:
        mentions = st.review_mentions.get(view.index, [])
        if pending is not None and not mentions and not view.is_heading and len(view.text.split()) > 12:
            pending = None  # the list of reviews has ended
        if pending is not None and view.is_heading and entities_in(ctx, view.text, ("Partnership",)):
            pending = None  # another partnership's part of the page
        if not (mentions or st.doc_review or "following" in view.text
                or P.has_any(view.text, P.REVIEW_ANAPHORA_WORDS) or P.has_any(view.text, P.REVIEW_PLURAL_WORDS)):
            continue  # every sentence below would find no subject (its words are the passage's words)
        for s, e in view.sents:
            sent = view.text[s:e]
            if "following" in sent and _FOLLOWING_REVIEWS.search(sent):
                who = entities_in(ctx, sent, ("Partnership", "Group"))
                pending = who[0][2] if who else None
                continue
            in_sent = [rid for rid, a, b in mentions if s <= a < e]
            anaphoric = P.has_any(sent, P.REVIEW_ANAPHORA_WORDS) and bool(P.REVIEW_ANAPHORA.search(sent))
            plural = P.has_any(sent, P.REVIEW_PLURAL_WORDS) and bool(P.REVIEW_PLURAL_ANAPHORA.search(sent))
            subjects = in_sent or (_recent_reviews(st, view.index, s, plural) if anaphoric or plural else [])
            if not subjects and st.doc_review and _MONITOR.search(sent):
                subjects = [st.doc_review]  # 'The Panel will monitor the action plan' in the review's own report
            if not subjects and st.doc_review and _IT_WAS.match(sent):
                subjects = [st.doc_review]  # 'It was led by an independent reviewer, ...' in the review's own report
                anaphoric = True
            if not subjects and st.doc_review and _THIS_KIND.match(sent):
                subjects = [st.doc_review]  # 'This Local Child Safeguarding Practice Review was commissioned by ...'
                anaphoric = True
            if not subjects and P.has_any(sent, _NOT_PUB_WORDS) and P.UNPUBLISHED_WHY.search(sent):
                # 'The full report will not be published because ...' under a heading naming the review
                subjects = list(st.heading_reviews.get(view.index, ())) or ([st.doc_review] if st.doc_review else []) \
                    or _recent_reviews(st, view.index, s)[:1]
            if pending is not None and in_sent:
                for rid in in_sent:
                    ctx.add_edge(rid, "COMMISSIONED_BY", pending, view.passage, *view.span(s, e))
            if not subjects:
                continue
            span = view.span(s, e)
            if _COMMISSIONED_BY.search(sent) or _COMMISSIONS.search(sent):
                m = _COMMISSIONED_BY.search(sent)
                tail = sent[m.end():] if m else sent
                who = [f for f in entities_in(ctx, tail if m else sent, ("Partnership", "Group"))]
                if not who and re.search(r"\bthe\s+(?:Board|Partnership)\b", sent, re.I):
                    home = home or home_partnership(ctx)
                    who = [(0, 0, home, "Partnership")] if home else []
                joint = who[:1]
                src = tail if m else sent
                for prev, nxt in zip(who, who[1:3], strict=False):
                    if not _JOINED.match(src, prev[1], nxt[0]):
                        break
                    joint.append(nxt)  # 'jointly commissioned by the A Board and the B Partnership'
                for _, _, wid, _ in joint:
                    for rid in subjects:
                        ctx.add_edge(rid, "COMMISSIONED_BY", wid, view.passage, *span)
            led = _LED.search(sent)
            if led and _SOMETHING_ELSE_LED.search(sent[:led.start()][-60:]):
                led = None  # '... addressed through a protocol, which is being written by X': X leads the protocol
            if led:
                # 'X from Y was commissioned to lead the Review' names the lead before the verb,
                # 'led by an independent reviewer, X' after it
                before = re.search(r"commissioned\s+to\s+lead|to\s+lead\s+the\s+review", led.group(0), re.I)
                where = sent[:led.start()] if before else sent[led.end():led.end() + 120]
                who = entities_in(ctx, where, ("Person", "Agency"))
                who = who[-2:] if before else who[:1]
                firm = _FIRM.search(where) if not who and not before else None
                if firm and firm.start() < 40:
                    fs, fe = view.span(s + led.end() + firm.start(), s + led.end() + firm.end())
                    fid = ctx.add_node("Agency", firm.group("firm").rstrip("."), view.passage, fs, fe,
                                       attrs={"kind": "independent reviewer"}, confidence=0.6)
                    who = [(0, 0, fid, "Agency")]
                for _, _, wid, _ in who:
                    for rid in subjects:
                        ctx.add_edge(rid, "LED_BY", wid, view.passage, *span)
            m = _MONITOR.search(sent)
            if m and _WEAK_MONITOR.match(m.group(0)) and not re.search(
                    r"review|report|LSCP|CSPR|SCR|SAR|learning", sent[:m.start()], re.I):
                m = None  # 'Child T was discussed at the Panel': the child's case, not the review
            if m:
                groups = entities_in(ctx, sent[m.start():], ("Group",))
                if not groups:
                    groups = _groups_by_initials(ctx, sent[m.start():])
                for _, _, gid, _ in groups[:2]:
                    for rid in subjects:
                        ctx.add_edge(rid, "MONITORED_BY", gid, view.passage, *span)
            why = P.UNPUBLISHED_WHY.search(sent) if P.has_any(sent, _NOT_PUB_WORDS) else None
            if why:
                for rid in subjects[:1]:
                    node = ctx.node(rid)
                    if node is not None and node.attrs.get("status") in (None, "unpublished", "signed off"):
                        node.attrs["status"] = "unpublished"
                        node.attrs.setdefault("status_reason", why.group("why").strip())
            if anaphoric and not in_sent:
                for rid in subjects[:1]:
                    for status, rx in P.REVIEW_STATUS:
                        if rx.search(sent):
                            node = ctx.node(rid)
                            if node is not None and "status" not in node.attrs:
                                node.attrs["status"] = status
                                d = P.iso_date(sent)
                                if d and "date" not in node.attrs:
                                    node.attrs["date"] = d
                            break


# -- reviews and briefings as documents ---------------------------------------------------------

_REVIEW_DOC_KIND = re.compile(r"review|briefing|cspr|scr|sar|learning|summary", re.I)


def _document_review(ctx: ExtractionContext, rv: _Reviews) -> str | None:
    doc = ctx.document
    title = doc.title or ""
    is_review_doc = bool(_REVIEW_DOC_KIND.search(doc.kind or "")) and "partnership" not in (doc.kind or "")
    titled = bool(P.SEVEN_MINUTE.search(title) or re.search(
        r"\b(?:Review|CSPR|LCSPR|SCR|SAR|Learning\s+Summary|Briefing)\b", title))
    if not (is_review_doc or titled):
        return None
    # the review named in the title (or the first heading), else the first one the text names
    st = rv.st
    text, offs = plain(title)
    before = st.review_mentions.pop(-1, None)
    rv.scan(PassageView(None, text, offs, sentences(text), title, True, -1))  # type: ignore[arg-type]
    found = st.review_mentions.pop(-1, [])
    if before is not None:
        st.review_mentions[-1] = before
    if found:
        _publication(ctx, st, found[0][0])
        return found[0][0]
    for v in st.views[:6]:
        if st.review_mentions.get(v.index):
            rid = st.review_mentions[v.index][0][0]
            _publication(ctx, st, rid)
            return rid
    return None


def _publication(ctx: ExtractionContext, st, rid: str) -> None:
    """'Published September 2023' near the top of a review's own report: its status and date."""
    node = ctx.node(rid)
    if node is None:
        return
    for v in st.views[:8]:
        m = re.match(r"\s*(?P<what>published|signed\s+off|final\s+report)\b[:\s]*(?P<date>.{0,30})", v.text, re.I)
        if m and P.iso_date(m.group("date") or ""):
            node.attrs["status"] = "published" if m.group("what").lower() != "signed off" else "signed off"
            node.attrs["date"] = P.iso_date(m.group("date"))
            return


# 'R2. Schools should ...' split as two sentences: the number is the one before the item
_NUMBER_BEFORE = re.compile(r"(?:^|\s)(?:R|Rec\.?|Recommendation|F|Finding|LP)\s*(\d{1,2})\s*[.):]\s*$", re.I)
# item numbers that start sentences: a paragraph with several ('R1. ... R2. ...') holds several items
_ITEM_MARKS = re.compile(r"(?:^|(?<=[.;:]\s))(?:R|Rec\.?|Recommendation|F|Finding|LP)?\s*\d{1,2}[.):]\s+")
_FOUND_BY = ("review", "panel", "report")
_FOUND_VERBS = ("identified", "highlighted", "concluded", "noted", "showed")


def _found_possible(fold: str) -> bool:
    """False only where P.FOUND_SENT cannot match this folded text: each of its matches holds 'found' or
    'finding', or one of review/panel/report together with one of the other verbs."""
    return "found" in fold or "finding" in fold or "learning point" in fold or (
        P.has_any(fold, _FOUND_BY) and P.has_any(fold, _FOUND_VERBS))


def _clean_item(text: str) -> str:
    text = P.NUMBERED.sub("", text)
    return re.sub(r"^[-•·*●▪]\s*", "", text).strip()


def _short(text: str, words: int = 16) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def _findings_and_recs(ctx: ExtractionContext, rv: _Reviews, rid: str | None) -> None:
    st = rv.st
    rec_no = 0
    leads = P.lead_in_heads(st.views)
    for view in st.views:
        if view.is_heading or (st.plan_rows and view.passage.kind == "table_row"):
            continue
        if view.passage.kind == "table_row" and not st.plan_rows:
            row = P.plan_row(view.text)
            if row:
                _row_recommendation(ctx, st, view, row, rid)
                continue
        head = view.heading.split(" > ")[-1] if view.heading else ""
        target = rid
        # in other documents only explicit 'the review found/recommended' sentences count
        mode = None
        if rid is not None and head:
            if P.RECS_HEAD.search(head):
                mode = "rec"
            elif P.FINDINGS_HEAD.search(head):
                mode = "finding"
        lead = leads.get(view.index)
        if lead is not None:
            # a lead-in line ('3. What we found', 'Learning from the review:') heads what follows it
            mode = None
            if lead[0] != "action":
                if rid is not None:
                    mode = lead[0]
                elif view.passage.kind == "list_item" or P.NUMBERED.match(view.text):
                    # a page's list under a review's name: the review its section or the text just named
                    about = list(st.heading_reviews.get(view.index, ())) or _recent_reviews(st, view.index, 0)
                    if about:
                        mode, target = lead[0], about[0]
        if mode is None:
            # a sentence's folded words are the passage's: none of its sentences can say 'found' or 'recommend'
            fold = P.folded(view.text)
            if "recommend" not in fold and not _found_possible(fold):
                continue
        for s, e in view.sents:
            sent = view.text[s:e]
            this_mode = mode
            if this_mode is None:
                fold = P.folded(sent)
                if "recommend" in fold and P.RECOMMEND_SENT.search(sent):
                    this_mode = "rec"
                elif _found_possible(fold) and P.FOUND_SENT.search(sent):
                    this_mode = "finding"
                if this_mode is None:
                    continue
                recent = _recent_reviews(st, view.index, e)
                target = rid or (recent[0] if recent else None)
            if target is None:
                continue
            item = _clean_item(sent)
            if len(item.split()) < 4 or item.endswith(":"):
                continue
            span = view.span(s, e)
            # 'Recommendation 2: ...' keeps its number as its key, the same one an action plan's row gets
            numbered = P.ITEM_NUMBER.match(sent) or _NUMBER_BEFORE.search(view.text, max(0, s - 24), s)
            key = numbered.group(1) if numbered else slug(item, 60)
            core = ctx.node(target).id.split(":", 2)[-1] if ctx.node(target) else "review"
            if this_mode == "rec":
                rec_no += 1
                nid = ctx.add_node("Recommendation", _short(item), view.passage, *span,
                                   attrs={"text": item, "number": numbered.group(1) if numbered else rec_no},
                                   node_id=f"recommendation:{ctx.tenant}:{core}:{key}")
                ctx.add_edge(target, "HAS_RECOMMENDATION", nid, view.passage, *span)
                st.recommendations.setdefault(target, []).append(nid)
            else:
                nid = ctx.add_node("Finding", _short(item), view.passage, *span, attrs={"text": item},
                                   node_id=f"finding:{ctx.tenant}:{core}:{key}")
                ctx.add_edge(target, "HAS_FINDING", nid, view.passage, *span)
            if mode is not None:
                # one finding or recommendation per list item / numbered paragraph
                if view.passage.kind in ("list_item", "table_row") or (
                        P.NUMBERED.match(view.text) and len(_ITEM_MARKS.findall(view.text)) < 2):
                    break


def _row_recommendation(ctx: ExtractionContext, st, view: PassageView, row: dict, rid: str | None) -> None:
    """'Recommendation: 2. ...; Action: ...' in a report's or page's table: the recommendation of the review
    the document, its section or the text just before is about (the action is read by the action rules)."""
    target = rid or next(iter(st.heading_reviews.get(view.index, ())), None) or \
        next(iter(_recent_reviews(st, view.index, 0)), None)
    node = ctx.node(target) if target else None
    if node is None:
        return
    value, a, b = row["recommendation"]
    numbered = P.ITEM_NUMBER.match(value)
    item = _clean_item(value)
    if len(item.split()) < 3:
        return
    key = numbered.group(1) if numbered else slug(item, 60)
    span = view.span(a, b)
    nid = ctx.add_node("Recommendation", _short(item), view.passage, *span,
                       attrs={"text": item, "number": numbered.group(1) if numbered else key},
                       node_id=f"recommendation:{ctx.tenant}:{node.id.split(':', 2)[-1]}:{key}")
    ctx.add_edge(target, "HAS_RECOMMENDATION", nid, view.passage, *span)
    st.recommendations.setdefault(target, []).append(nid)


def extract(ctx: ExtractionContext) -> None:
    rv = _Reviews(ctx)
    for view in rv.st.views:
        rv.scan(view)
    if rv.st.review_core:
        rxs = rv.phrase_rx() + rv.case_rx()
        gate_all = rv.any_gate(rxs)
        for view in rv.st.views:
            rv.rescan_known(view, rxs, gate_all)
        rv.mark_headings()
    doc_rid = _document_review(ctx, rv)
    rv.st.doc_review = doc_rid
    _relations(ctx, rv)
    _findings_and_recs(ctx, rv, doc_rid)
    for node in ctx.nodes_of("Review"):
        if not node.attrs.get("kind"):
            node.attrs["kind"] = "local CSPR"  # a case name with no kind said is a local case review


def _groups_by_initials(ctx: ExtractionContext, text: str) -> list[tuple[int, int, str, str]]:
    """'... was monitored by the PLG': a group the text calls by initials it never spelt out."""
    out = []
    for ab in dict.fromkeys(re.findall(r"\b[A-Z]{2,6}\b", text)):
        for n in ctx.nodes_of("Group"):
            initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'\u2019-]*", n.name) if w[0].isupper())
            if initials == ab:
                out.append((0, 0, n.id, "Group"))
    return out
