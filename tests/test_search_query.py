"""The query language: the tree it parses to, its errors, and a fuzz proving nothing else escapes."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.errors import QuerySyntaxError
from search.query import (
    MAX_QUERY_CHARS,
    And,
    FieldFilter,
    MatchAll,
    Not,
    Or,
    Phrase,
    Word,
    YearRange,
    parse,
    positive_terms,
    required_tenants,
)


def W(text: str) -> Word:
    return Word(text)


@pytest.mark.parametrize("query, tree", [
    ("neglect", W("neglect")),
    ("county lines", And((W("county"), W("lines")))),
    ('"was not brought"', Phrase("was not brought")),
    ('"  was   not brought "', Phrase("was not brought")),
    ("was not brought", And((W("was"), W("not"), W("brought")))),  # lower-case 'not' is a word
    ("county lines AND theme:exploitation",
     And((W("county"), W("lines"), FieldFilter("theme", "exploitation")))),
    ("a OR b", Or((W("a"), W("b")))),
    ("a OR b c", Or((W("a"), And((W("b"), W("c")))))),  # AND binds tighter than OR
    ("(a OR b) c", And((Or((W("a"), W("b"))), W("c")))),
    ("a -b", And((W("a"), Not(W("b"))))),
    ("a NOT b", And((W("a"), Not(W("b"))))),
    ("NOT NOT a", W("a")),
    ("a AND (b AND c)", And((W("a"), W("b"), W("c")))),
    ("+a", W("a")),
    ("a - b", And((W("a"), W("b")))),  # a lone dash is punctuation, not an operator
    ("year:2022", YearRange(2022, 2022)),
    ("year:2020..2023", YearRange(2020, 2023)),
    ("year:2020..", YearRange(2020, None)),
    ("year:..2023", YearRange(None, 2023)),
    ('review:"Child  Zeta"', FieldFilter("review", "Child Zeta")),
    ("agency:police", FieldFilter("agency", "police")),
    ("kind:Annual-Report", FieldFilter("kind", "annual_report")),
    ("tenant:CBSCP", FieldFilter("tenant", "cbscp")),
    ("tenant:pan-beds", FieldFilter("tenant", "pan-beds")),
    ("THEME:neglect", FieldFilter("theme", "neglect")),
    ("10:30 meeting", And((W("10:30"), W("meeting")))),  # not a field: the name is not letters
    ("", MatchAll()),
    ("   ", MatchAll()),
])
def test_parses_to_tree(query, tree):
    assert parse(query) == tree


@pytest.mark.parametrize("query, position, words", [
    ('"unclosed phrase', 0, "closing"),
    ('theme:"unclosed', 6, "closing"),
    ("(neglect", 8, "')'"),
    ("neglect)", 7, "no '('"),
    ("colour:red", 0, "unknown field 'colour'"),
    ("theme:", 6, "value after 'theme:'"),
    ("theme:!!", 6, "word or \"phrase\""),
    ("year:22", 5, "YYYY"),
    ("year:..", 5, "YYYY"),
    ("year:2024..2020", 5, "2024 is after 2020"),
    ("neglect AND", 11, "after AND"),
    ("neglect OR", 10, "after OR"),
    ("AND neglect", 0, "expected a term"),
    ("neglect NOT", 11, "after NOT"),
    ("()", 1, "empty parentheses"),
    ('""', 0, "empty phrase"),
    ("a OR OR b", 5, "expected a term after OR"),
])
def test_malformed_query_says_where_and_what(query, position, words):
    with pytest.raises(QuerySyntaxError) as info:
        parse(query)
    assert info.value.position == position
    assert words in str(info.value)
    assert f"position {position}" in str(info.value)


def test_limits_on_size_and_depth():
    with pytest.raises(QuerySyntaxError, match="too long"):
        parse("a " * MAX_QUERY_CHARS)
    with pytest.raises(QuerySyntaxError, match="nested too deeply"):
        parse("(" * 200 + "a" + ")" * 200)
    with pytest.raises(QuerySyntaxError, match="nested too deeply"):
        parse("NOT " * 200 + "a")
    with pytest.raises(QuerySyntaxError):
        parse(None)  # type: ignore[arg-type]


def test_positive_terms_skip_negated_ones():
    tree = parse('neglect "not brought" -police NOT (a OR -b) theme:x')
    assert [t.text for t in positive_terms(tree)] == ["neglect", "not brought", "b"]


def test_required_tenants():
    assert required_tenants(parse("neglect tenant:bbscp")) == {"bbscp"}
    assert required_tenants(parse("tenant:bbscp OR tenant:lscp")) == {"bbscp", "lscp"}
    assert required_tenants(parse("tenant:bbscp OR neglect")) is None
    assert required_tenants(parse("tenant:bbscp tenant:lscp")) == set()
    assert required_tenants(parse("-tenant:bbscp")) is None


def test_word_spans_point_into_the_query():
    q = "  neglekt AND (chld OR x)"
    for w in positive_terms(parse(q)):
        assert q[w.span[0]:w.span[1]] == w.text


ALPHABET = st.sampled_from(list('abc XYZ()"-+:.&|') + ["AND ", "OR ", "NOT ", "theme:", "year:", "year:2020..",
                                                       "kind:", "tenant:", "review:", "é", "\t", "\u2013"])


@settings(max_examples=600, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_fuzz_only_query_syntax_errors_escape(query):
    try:
        tree = parse(query)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(query)
        return
    assert tree is not None
    positive_terms(tree)
    required_tenants(tree)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_any_text(query):
    try:
        parse(query)
    except QuerySyntaxError:
        pass
