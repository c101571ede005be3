"""The query language, parsed once into a small tree that each engine translates.

    neglect "was not brought"            words and phrases, AND by default
    county lines AND theme:exploitation  AND / OR / NOT (upper case), -word, ( )
    year:2022  year:2020..2023  kind:review  tenant:cbscp
    review:"Child Zeta"  agency:police  theme:neglect  entity:<name or id>

Operators are upper case only so that ordinary prose ('was not brought') stays words.
Anything malformed raises QuerySyntaxError with the position and what was expected;
nothing else escapes parse().
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.errors import QuerySyntaxError

# Field filters: matched against the entity names/ids (text-like) or exact values.
TEXT_FIELDS = ("theme", "review", "agency", "entity")
EXACT_FIELDS = ("kind", "tenant")
FIELDS = (*TEXT_FIELDS, *EXACT_FIELDS, "year")

MAX_QUERY_CHARS = 1000
MAX_DEPTH = 32
_YEAR = re.compile(r"^(\d{4})?(?:(\.\.)(\d{4})?)?$")
_ALNUM = re.compile(r"[^\W_]")


class Node:
    """A node of the query tree."""


@dataclass(frozen=True)
class Word(Node):
    text: str
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # where it sat in the query


@dataclass(frozen=True)
class Phrase(Node):
    text: str


@dataclass(frozen=True)
class FieldFilter(Node):
    name: str  # one of TEXT_FIELDS or EXACT_FIELDS
    value: str


@dataclass(frozen=True)
class YearRange(Node):
    lo: int | None
    hi: int | None


@dataclass(frozen=True)
class And(Node):
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    child: Node


@dataclass(frozen=True)
class MatchAll(Node):
    """The empty query: every readable passage (facets over everything)."""


def normalise_kind(value: str) -> str:
    """Document kinds compare as lower-case slugs ('Annual report' == annual-report == annual_report)."""
    return re.sub(r"[^0-9a-z]+", "_", value.lower()).strip("_")


def normalise_tenant(value: str) -> str:
    return value.strip().lower()


@dataclass
class _Tok:
    kind: str  # WORD PHRASE FIELD LPAREN RPAREN AND OR NOT MINUS EOF
    text: str
    pos: int
    end: int
    value: str = ""  # FIELD: the value part
    value_pos: int = 0
    value_quoted: bool = False


def _lex(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        if c == "(":
            toks.append(_Tok("LPAREN", c, i, i + 1))
            i += 1
            continue
        if c == ")":
            toks.append(_Tok("RPAREN", c, i, i + 1))
            i += 1
            continue
        if c == '"':
            close = q.find('"', i + 1)
            if close < 0:
                raise QuerySyntaxError('unterminated phrase: expected a closing "', i, q)
            toks.append(_Tok("PHRASE", q[i + 1:close], i, close + 1))
            i = close + 1
            continue
        if c in "-+" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] not in "()-+":
            # A sign glued to the next term: -word excludes, +word is just the word.
            if c == "-":
                toks.append(_Tok("MINUS", c, i, i + 1))
            i += 1
            continue
        j = i
        while j < n and not q[j].isspace() and q[j] not in '()"':
            j += 1
        text = q[i:j]
        name, colon, _rest = text.partition(":")
        if colon and name.isalpha():
            if name.lower() not in FIELDS:
                raise QuerySyntaxError(
                    f"unknown field {name!r}: expected one of {', '.join(FIELDS)}", i, q)
            vpos = i + len(name) + 1
            if vpos == j and j < n and q[j] == '"':
                close = q.find('"', j + 1)
                if close < 0:
                    raise QuerySyntaxError('unterminated phrase: expected a closing "', j, q)
                toks.append(_Tok("FIELD", name.lower(), i, close + 1, q[j + 1:close], vpos, True))
                i = close + 1
                continue
            value = q[vpos:j]
            if not value:
                raise QuerySyntaxError(f"expected a value after '{name}:'", vpos, q)
            toks.append(_Tok("FIELD", name.lower(), i, j, value, vpos))
            i = j
            continue
        if text in ("AND", "&&"):
            toks.append(_Tok("AND", text, i, j))
        elif text in ("OR", "||"):
            toks.append(_Tok("OR", text, i, j))
        elif text == "NOT":
            toks.append(_Tok("NOT", text, i, j))
        elif _ALNUM.search(text):
            toks.append(_Tok("WORD", text, i, j))
        # Pure punctuation ('&', '–', '/') carries no searchable token: dropped.
        i = j
    toks.append(_Tok("EOF", "", n, n))
    return toks


def _describe(tok: _Tok) -> str:
    if tok.kind == "EOF":
        return "the end of the query"
    return f"{tok.text!r}" if tok.kind != "PHRASE" else "a phrase"


class _Parser:
    def __init__(self, query: str) -> None:
        self.q = query
        self.toks = _lex(query)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def fail(self, message: str, tok: _Tok | None = None) -> QuerySyntaxError:
        tok = tok or self.tok
        return QuerySyntaxError(message, tok.pos, self.q)

    def parse(self) -> Node:
        if self.tok.kind == "EOF":
            return MatchAll()
        node = self.or_expr()
        if self.tok.kind == "RPAREN":
            raise self.fail("unexpected ')': there is no '(' to close")
        if self.tok.kind != "EOF":  # pragma: no cover - every other token starts a term
            raise self.fail(f"unexpected {_describe(self.tok)}")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.tok.kind == "OR":
            self.i += 1
            parts.append(self.and_expr(after="OR"))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self, after: str | None = None) -> Node:
        parts = [self.unary(after)]
        while True:
            if self.tok.kind == "AND":
                self.i += 1
                parts.append(self.unary("AND"))
            elif self.tok.kind in ("WORD", "PHRASE", "FIELD", "LPAREN", "NOT", "MINUS"):
                parts.append(self.unary())
            else:
                break
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self, after: str | None = None) -> Node:
        tok = self.tok
        if tok.kind in ("NOT", "MINUS"):
            self.i += 1
            self.enter(tok)
            try:
                return Not(self.unary(tok.text))
            finally:
                self.depth -= 1
        return self.primary(after)

    def enter(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"query nested too deeply (more than {MAX_DEPTH} levels)", tok)

    def primary(self, after: str | None) -> Node:
        tok = self.tok
        if tok.kind == "WORD":
            self.i += 1
            return Word(tok.text, (tok.pos, tok.end))
        if tok.kind == "PHRASE":
            self.i += 1
            if not _ALNUM.search(tok.text):
                raise self.fail("empty phrase: expected words between the quotes", tok)
            return Phrase(" ".join(tok.text.split()))
        if tok.kind == "FIELD":
            self.i += 1
            return self.field(tok)
        if tok.kind == "LPAREN":
            self.i += 1
            self.enter(tok)
            if self.tok.kind == "RPAREN":
                raise self.fail("empty parentheses: expected a term after '('")
            node = self.or_expr()
            self.depth -= 1
            if self.tok.kind != "RPAREN":
                raise self.fail(f"expected ')' to close the '(' at position {tok.pos}, "
                                f"found {_describe(self.tok)}")
            self.i += 1
            return node
        where = f" after {after}" if after else ""
        if tok.kind == "RPAREN":
            raise self.fail(f"expected a term{where}, found ')'")
        raise self.fail(f"expected a term{where}, found {_describe(tok)}")

    def field(self, tok: _Tok) -> Node:
        value = tok.value.strip()
        if tok.text == "year":
            m = _YEAR.match(value)
            if not m or not (m.group(1) or m.group(3)):
                raise QuerySyntaxError(
                    f"bad year {value!r}: expected YYYY or YYYY..YYYY (either end may be left open)",
                    tok.value_pos, self.q)
            lo = int(m.group(1)) if m.group(1) else None
            hi = int(m.group(3)) if m.group(3) else None
            if m.group(2) is None:
                hi = lo
            if lo is not None and hi is not None and lo > hi:
                raise QuerySyntaxError(f"bad year range {value!r}: {lo} is after {hi}",
                                       tok.value_pos, self.q)
            return YearRange(lo, hi)
        if not _ALNUM.search(value):
            raise QuerySyntaxError(f"expected a word or \"phrase\" after '{tok.text}:'",
                                   tok.value_pos, self.q)
        if tok.text == "kind":
            return FieldFilter("kind", normalise_kind(value))
        if tok.text == "tenant":
            return FieldFilter("tenant", normalise_tenant(value))
        return FieldFilter(tok.text, " ".join(value.split()))


def parse(query: str) -> Node:
    """Parse a query string into a tree. Raises QuerySyntaxError, never anything else."""
    if not isinstance(query, str):
        raise QuerySyntaxError("the query must be text", 0, "")
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})",
                               MAX_QUERY_CHARS, query)
    return _simplify(_Parser(query).parse())


def _simplify(node: Node) -> Node:
    """Flatten nested AND/OR so engines see the shallowest equivalent tree."""
    if isinstance(node, (And, Or)):
        kids: list[Node] = []
        for child in node.children:
            child = _simplify(child)
            if type(child) is type(node):
                kids.extend(child.children)  # type: ignore[attr-defined]
            else:
                kids.append(child)
        return kids[0] if len(kids) == 1 else type(node)(tuple(kids))
    if isinstance(node, Not):
        inner = _simplify(node.child)
        return inner.child if isinstance(inner, Not) else Not(inner)
    return node


def positive_terms(node: Node, negated: bool = False) -> list[Word | Phrase]:
    """Words and phrases that count towards a match (for highlighting and suggestions)."""
    if isinstance(node, (Word, Phrase)):
        return [] if negated else [node]
    if isinstance(node, (And, Or)):
        return [t for c in node.children for t in positive_terms(c, negated)]
    if isinstance(node, Not):
        return positive_terms(node.child, not negated)
    return []


def required_tenants(node: Node) -> set[str] | None:
    """Tenants a match must belong to, when the query itself says (tenant:x); None if open."""
    if isinstance(node, FieldFilter) and node.name == "tenant":
        return {node.value}
    if isinstance(node, And):
        sets = [s for s in (required_tenants(c) for c in node.children) if s is not None]
        if not sets:
            return None
        out = sets[0]
        for s in sets[1:]:
            out = out & s
        return out
    if isinstance(node, Or):
        sets = [required_tenants(c) for c in node.children]
        if any(s is None for s in sets):
            return None
        return set().union(*sets)  # type: ignore[arg-type]
    return None
