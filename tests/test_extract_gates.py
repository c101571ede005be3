"""The cheap word gates in front of costly patterns never refuse text the pattern would match.

A gate skips a pattern where a word every match holds is missing; if a pattern grows an alternative
without that word, these tests fail before any fact is silently lost. Text is random sentences from
the patterns' own vocabulary (so matches are common), plus our demo corpus.
"""
from __future__ import annotations

import random
from pathlib import Path

from ingest.extract import patterns as P
from ingest.extract.rules import partners, reviews, structure

_VOCAB = (
    "Child Safeguarding Practice Review Reviews review CSPR LCSPR LSCPR SCR SAR DHR SARs Serious Case Adult "
    "Adults Domestic Homicide Abuse Related Death Learning Rapid Local Practice Baby Family Sibling Young Person "
    "Infant Mother it was found that there were key findings from within indicate showed the reviewer panel report reports identified highlighted concluded noted shows  Siblings Person R T Q R's T- Q_ R, T. Ben Oscar Smith-Jones and & : - – on into about of concerning the death a an girl boy called "
    "named known as ( ) ABC (XY) Group group meets met meeting quarterly monthly bi-monthly bimonthly weekly "
    "fortnightly annually bi-annually daily twice once every two six 6 x times a per each year years week weeks "
    "month months consists consist comprise comprises is made up structure has includes works work working worked closely collaboratively jointly together in partnership collaboration collaborates collaborated with alongside WORKS Partnership month months held basis Board Panel · • * - item text \n"
).split(" ")


def _texts(n: int = 30_000) -> list[str]:
    rnd = random.Random(11)
    out = [" ".join(rnd.choice(_VOCAB) for _ in range(rnd.randint(2, 14))) for _ in range(n)]
    root = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    for path in sorted(root.glob("*.txt")) + sorted(root.glob("*.md")):
        out += path.read_text(encoding="utf-8").split("\n")
    return out


def test_review_pattern_gates_hold_for_every_match():
    refused = []
    matched = 0
    for t in _texts():
        exact = P.has_any(t, reviews._KW_GATE_WORDS) or "Review" in t
        for rx in (P.NAMED_REVIEW, P.KIND_THEN_CASE):
            if rx.search(t):
                matched += 1
                if not exact:
                    refused.append((rx.pattern[:30], t))
        if P.REVIEW_ABOUT_NAMED.search(t):
            matched += 1
            if not P.has_any(t, reviews._CALLED_WORDS):
                refused.append(("about named", t))
        if P.FOUND_SENT.search(t):
            matched += 1
            if not reviews._found_possible(P.folded(t)):
                refused.append(("found", t))
        if P.CASE_LETTER.search(t):
            matched += 1
            if not reviews._case_letter_possible(t):
                refused.append(("case letter", t))
        elif "Young" not in t and reviews._case_letter_possible(t):
            matched += 1  # the gate lets through text with a lead word, spaces and a lone capital
    assert refused == []
    assert matched > 100  # the vocabulary does reach the patterns


def test_structure_pattern_gates_hold_for_every_match():
    refused = []
    matched = 0
    for t in _texts():
        if structure._FREQ.search(t):
            matched += 1
            if not P.has_any(P.folded(t), structure._FREQ_WORDS):
                refused.append(("frequency", t))
        for rx, words in ((structure._CONSIST, structure._CONSIST_WORDS), (partners._WORKS_WITH, partners._WORKS_WITH_WORDS),
                          (partners._IN_PARTNERSHIP, partners._IN_PARTNERSHIP_WORDS)):
            if rx.search(t):
                matched += 1
                if not P.has_any(P.folded(t), words):
                    refused.append((rx.pattern[:20], t))
        if structure._BULLET_LINE.search(t):
            matched += 1
            if not P.has_any(t, structure._BULLETS):
                refused.append(("bullet line", t))
    assert refused == []
    assert matched > 100


def test_known_review_gate_words_are_in_every_match():
    """phrase_rx gates a known review's phrases on all their words (folded): any match holds them all."""
    from graph.model import Document, Passage
    from ingest.extract.context import ExtractionContext

    doc = Document(id="d", tenant="t", title="d", kind="document", visibility="public", text="")
    ctx = ExtractionContext(doc, [Passage(id="d#p0", doc_id="d", tenant="t", seq=0, text="x")], [])
    rv = reviews._Reviews(ctx)
    ctx.add_node("Review", "The Quiet Harm Thematic Review", node_id="review:t:quiet-harm",
                 aliases=["Quiet  Harm report", "Thematic Review of Quiet Harm"])
    rv.st.review_core["quiet harm"] = "review:t:quiet-harm"
    (rid, rx), = rv.phrase_rx()
    fold, word_sets = rv.rx_gates[rx]
    assert fold and word_sets
    for text in ("the quiet \tharm REPORT was read", "THE QUIET HARM THEMATIC REVIEW", "Thematic  Review of Quiet Harm",
                 "Quiet\n\nHarm  report"):
        assert rx.search(text)
        assert reviews._holds_one(P.folded(text), word_sets)
    assert not reviews._holds_one(P.folded("a quiet report on harm"), (("quiet", "harm", "thematic"),))
