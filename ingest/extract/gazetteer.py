"""The gazetteer (ingest/gazetteer.yaml) loaded once and compiled into matchers.

Known organisations and themes become single alternation regexes (longest name
first), so a passage is scanned once whatever the size of the gazetteer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

GAZETTEER_PATH = Path(__file__).resolve().parents[1] / "gazetteer.yaml"


@dataclass(frozen=True)
class KnownOrg:
    type: str  # Partnership | Agency
    name: str
    aliases: tuple[str, ...] = ()
    tenant: str | None = None
    kind: str = ""
    statutory: bool = False
    areas: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()  # tenants of the shared arrangements a partnership belongs to


@dataclass
class Gazetteer:
    orgs: list[KnownOrg]
    themes: dict[str, list[str]]
    agency_kinds: dict[str, list[str]]
    not_names: frozenset[str]
    theme_tenant: str | None = None
    places: tuple[str, ...] = ()  # this deployment's place names ('Bedfordshire', 'Luton')
    _by_key: dict[str, KnownOrg] = field(default_factory=dict)
    _theme_by_key: dict[str, str] = field(default_factory=dict)
    org_re: re.Pattern | None = None
    theme_re: re.Pattern | None = None
    area_re: re.Pattern | None = None
    _area_tenant: dict[str, str] = field(default_factory=dict)
    place_re: re.Pattern | None = None
    home_tenants: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for org in self.orgs:
            for n in (org.name, *org.aliases):
                self._by_key.setdefault(key(n), org)
        self.org_re = _alternation([n for o in self.orgs for n in (o.name, *o.aliases)])
        for theme, syns in self.themes.items():
            for s in (theme, *syns):
                self._theme_by_key.setdefault(key(s), theme)
        self.theme_re = _alternation([s for t, syns in self.themes.items() for s in (t, *syns)])
        areas = []
        for org in self.orgs:
            if org.type == "Partnership" and org.tenant:
                for a in org.areas:
                    self._area_tenant[key(a)] = org.tenant
                    areas.append(a)
        self.home_tenants = frozenset(t for o in self.orgs if o.type == "Partnership"
                                      for t in (o.tenant, *o.part_of) if t)
        self.place_re = re.compile(r"\b(?:" + "|".join(_pattern(p) for p in self.places) + r")\b", re.I) \
            if self.places else None
        self.area_re = re.compile(r"^(?:the\s+)?(" + "|".join(_pattern(a) for a in sorted(areas, key=len, reverse=True))
                                  + r")\b") if areas else None

    # -- organisations -------------------------------------------------------------
    def org(self, name: str) -> KnownOrg | None:
        """The known organisation this surface form names (name or alias), if any."""
        return self._by_key.get(key(name))

    def names_here(self, org: KnownOrg, surface: str, tenant: str) -> bool:
        """Whether `surface` names the deployment's `org` in a document of `tenant`.

        In this deployment's own partnerships' documents, every listed name and alias does.
        Elsewhere a local body is meant only when named with one of the deployment's places
        ('Bedfordshire Police'): another area's 'CCG', 'PCC' or 'BBC' is its own, not ours.
        National bodies are the same everywhere."""
        if org.type != "Agency" or org.tenant in (None, "national") or tenant in self.home_tenants \
                or self.place_re is None:
            return True
        return bool(self.place_re.search(surface))

    def partnerships(self) -> list[KnownOrg]:
        return [o for o in self.orgs if o.type == "Partnership"]

    def area_tenant(self, name: str) -> str | None:
        """The partnership tenant whose area name leads `name` ('Pan Beds X Group' -> pan-beds)."""
        if self.area_re is None:
            return None
        m = self.area_re.match(name)
        return self._area_tenant.get(key(m.group(1))) if m else None

    # -- themes --------------------------------------------------------------------
    def theme(self, surface: str) -> str | None:
        return self._theme_by_key.get(key(surface))

    # -- matching parsed text (hash lookups per token: fast whatever the gazetteer's size) --------
    def org_spans(self, doc) -> list[tuple[int, int, str]]:
        """(start char, end char, surface) of known organisation names in a spaCy Doc, longest first wins."""
        return _phrase_spans(self._matchers("org"), doc)

    def theme_spans(self, doc) -> list[tuple[int, int, str]]:
        """(start char, end char, surface) of theme names and synonyms in a spaCy Doc."""
        return _phrase_spans(self._matchers("theme"), doc)

    def _matchers(self, what: str):
        cache = self.__dict__.setdefault("_matcher_cache", {})
        if what not in cache:
            names = ([n for o in self.orgs for n in (o.name, *o.aliases)] if what == "org"
                     else [s for t, syns in self.themes.items() for s in (t, *syns)])
            cache[what] = _build_matchers(names)
        return cache[what]


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Lookup key: lower case, curly quotes straightened, '&' as 'and', punctuation as space."""
    s = name.replace("\u2019", "'").replace("&", " and ").lower()
    s = re.sub(r"'s\b", "s", s)
    return " ".join(re.findall(r"[a-z0-9]+", s))


def _pattern(name: str) -> str:
    """A regex for one name: flexible spacing, hyphens, apostrophes and '&'/'and'.

    All-capital abbreviations (SEND, DA, ICB) match case-sensitively so that the
    ordinary words 'send' or 'da' do not; everything else ignores case.
    """
    parts = []
    for tok in re.findall(r"[A-Za-z0-9]+|&|'|\u2019|-|,|\.", name):
        if tok in ("&", "and"):
            parts.append(r"(?:&|and)")
        elif tok in ("'", "\u2019"):
            parts.append(r"['\u2019]?")
        elif tok in ("-", ",", "."):
            parts.append(r"[-,.]?")
        else:
            parts.append(re.escape(tok))
    body = ""
    for i, p in enumerate(parts):
        if i and not parts[i - 1].startswith(r"['") and not p.startswith(r"['"):
            body += r"[\s-]*" if parts[i - 1] == r"[-,.]?" or p == r"[-,.]?" else r"[\s-]+"
        body += p
    letters = re.sub(r"[^A-Za-z]", "", name)
    if letters.isupper() and len(letters) <= 8:
        return body
    return "(?i:" + body + ")"


def _alternation(names: list[str]) -> re.Pattern:
    uniq = sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n))
    return re.compile(r"(?<![\w-])(?:" + "|".join(_pattern(n) for n in uniq) + r")(?![\w-])")


def _variants(name: str) -> set[str]:
    """Spellings a name is written in: curly or straight apostrophe, '&' or 'and', with or without
    commas, hyphens or spaces."""
    out = {name}
    for a, b in (("'", "\u2019"), ("\u2019", "'"), (" & ", " and "), (" and ", " & "), (",", ""), ("-", " "),
                 ("-", ""), ("'s", "s")):
        out |= {v.replace(a, b) for v in out if a in v}
    return out


def _build_matchers(names: list[str]):
    """Two PhraseMatchers: abbreviations in capitals match exactly, everything else ignores case."""
    from spacy.matcher import PhraseMatcher

    from ingest.extract.nlp import get_nlp

    nlp = get_nlp()
    exact, lower = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
    exact_names, lower_names = set(), set()
    for n in names:
        letters = re.sub(r"[^A-Za-z]", "", n)
        (exact_names if letters.isupper() and len(letters) <= 8 else lower_names).update(_variants(n))
    if exact_names:
        exact.add("N", [nlp.make_doc(n) for n in sorted(exact_names)])
    if lower_names:
        lower.add("N", [nlp.make_doc(n) for n in sorted(lower_names)])
    return exact, lower


def _phrase_spans(matchers, doc) -> list[tuple[int, int, str]]:
    """spacy.util.filter_spans on (start, end) token pairs: slicing the Doc into Span objects cost
    more than the matching. Same choice (longest first, then earliest; the first of equals wins)."""
    pairs = [(s, e) for m in matchers for _id, s, e in m(doc)]
    if not pairs:
        return []
    chosen: list[tuple[int, int]] = []
    seen: set[int] = set()
    for s, e in sorted(pairs, key=lambda x: (x[1] - x[0], -x[0]), reverse=True):
        if s not in seen and e - 1 not in seen:
            chosen.append((s, e))
            seen.update(range(s, e))
    out = []
    for s, e in sorted(chosen, key=lambda x: x[0]):
        toks = [doc[i] for i in range(s, e)]  # Span.text's way (Doc.text would join every token)
        last = toks[-1]
        out.append((toks[0].idx, last.idx + len(last), "".join(t.text_with_ws for t in toks[:-1]) + last.text))
    return out


def _orgs(raw: dict) -> list[KnownOrg]:
    out = []
    for p in raw.get("partnerships") or []:
        out.append(KnownOrg("Partnership", p["name"], tuple(p.get("aliases") or ()), p.get("tenant"),
                            "partnership", False, tuple(p.get("areas") or ()),
                            tuple(p.get("part_of") or ())))
    for a in raw.get("agencies") or []:
        out.append(KnownOrg("Agency", a["name"], tuple(a.get("aliases") or ()), a.get("tenant"),
                            a.get("kind", ""), bool(a.get("statutory"))))
    return out


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Load and compile the gazetteer (cached: one compile per process)."""
    p = Path(path) if path else GAZETTEER_PATH
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"gazetteer {p}: cannot be read ({exc})") from exc
    themes = {str(k): [str(s) for s in (v or [])] for k, v in (raw.get("themes") or {}).items()}
    kinds = {str(k): [str(s) for s in (v or [])] for k, v in (raw.get("agency_kinds") or {}).items()}
    return Gazetteer(_orgs(raw), themes, kinds, frozenset(raw.get("not_names") or ()),
                     raw.get("theme_tenant"), tuple(str(p) for p in raw.get("places") or ()))
