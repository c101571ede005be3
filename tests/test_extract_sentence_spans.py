"""ExtractionContext.sentence_spans gives exactly the sentences spaCy's own Doc gives, on varied text."""
from __future__ import annotations

from graph.model import Document, Passage
from ingest.extract.context import ExtractionContext
from ingest.extract.nlp import get_nlp

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
