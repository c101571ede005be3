"""ingest.extract.nlp.parse and ExtractionContext.sentence_spans give exactly what spaCy itself gives.

parse() skips Language.pipe's layers for the blank pipeline; these tests hold it to nlp.pipe Doc for Doc
(serialised bytes, so tokens, whitespace and sentence starts alike), on our own varied text and on the
shared corpus when it is beside the checkout.
"""
from __future__ import annotations

from pathlib import Path

from graph.model import Document, Passage
from ingest.extract.context import ExtractionContext
from ingest.extract.nlp import get_nlp, parse
from ingest.loaders import load
from ingest.passages import build_passages

# Punctuation runs, brackets, quotes, abbreviations, numbers, bullets, blank and odd whitespace,
# and non-Latin sentence marks: everything the sentencizer decides on.
VARIED = [
    "",
    " ",
    "\n\n",
    "One sentence without a stop",
    "First. Second! Third? Fourth",
    "Wait... what?! (Really.) Yes. \"Quoted.\" Next",
    "The U.K. and the e.g. case, i.e. abbreviations. Dr. Smith met Mr. Jones at 3.30 p.m. today.",
    "Costs rose to £1,234.56 in 2022/23. The Board agreed.",
    "• Item one.\n• Item two\n\n- Item three. And more",
    "Ends with punctuation only .",
    ".!? ?! . Leading punctuation",
    "Full-width stop\u3002Next sentence\uff01And another\uff1f",
    "Devanagari danda\u0964 next \u0965 end",
    "Tabs\tand\u00a0non-breaking\u2003spaces. Next one",
    "A sentence (with an aside. Inside it) goes on.",
    "Numbers 1. 2. 3. in a row. Next",
]


def _bytes(docs) -> list[bytes]:
    return [d.to_bytes() for d in docs]


def test_parse_gives_the_docs_nlp_pipe_gives_on_varied_text():
    nlp = get_nlp()
    assert _bytes(parse(VARIED)) == _bytes(nlp.pipe(VARIED))
    # and sentence starts as spaCy's own Sentencizer sets them
    for text, doc in zip(VARIED, parse(VARIED), strict=True):
        assert [t.is_sent_start for t in doc] == [t.is_sent_start for t in nlp(text)]


def test_parse_matches_nlp_pipe_on_the_demo_corpus():
    root = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    texts = []
    for path in sorted(root.glob("*.txt")) + sorted(root.glob("*.md")):
        _, passages = build_passages("t/d", "t", load(path))
        texts += [p.text for p in passages]
    assert len(texts) > 50
    assert _bytes(parse(texts)) == _bytes(get_nlp().pipe(texts))


def test_parse_matches_nlp_pipe_on_the_shared_corpus(shared):
    texts = []
    for path in sorted((shared / "corpus").glob("*.txt")):
        _, passages = build_passages("t/d", "t", load(path))
        texts += [p.text for p in passages]
    assert _bytes(parse(texts)) == _bytes(get_nlp().pipe(texts))


def test_sentence_spans_are_the_docs_sentences():
    passages = [Passage(id=f"d#p{i}", doc_id="d", tenant="t", seq=i, text=t) for i, t in enumerate(VARIED) if t]
    doc = Document(id="d", tenant="t", title="d", kind="document", visibility="public", text="")
    ctx = ExtractionContext(doc, passages, [])
    ctx.parse_all()
    for p in passages:
        want = [(s.start_char, s.end_char) for s in get_nlp()(p.text).sents]
        assert ctx.sentence_spans(p) == want
        assert ctx.sentence_spans(p) is ctx.sentence_spans(p)  # read off the Doc once
    four = next(p for p in passages if p.text.startswith("First."))
    assert ctx.sentence_spans(four) == [(0, 6), (7, 14), (15, 21), (22, 28)]
