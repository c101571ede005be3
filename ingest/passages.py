"""Loaded blocks -> the document's cleaned full text and its Passages.

Passages are the unit of provenance and of search, so each one is a span of the
full text (full_text[p.start:p.end] == p.text) and carries its heading path.
Noise (contents lists, link markup, page numbers) is removed here, not indexed.
"""
from __future__ import annotations

import re

from graph.model import Passage
from ingest.loaders.base import Block, LoadedDocument
from ingest.loaders.markup import (
    clean_inline,
    is_contents_heading,
    is_figures_row,
    is_garbage,
    is_page_number,
    is_toc_line,
    is_weak_toc_line,
    is_widget_line,
)

MAX_PASSAGE_CHARS = 1500
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_TOC_RUN = 3  # this many 'Title 12' lines in a row make a contents list


def _noise_flags(texts: list[str]) -> list[bool]:
    """Which cleaned block texts are contents entries, 'Contents' headings or page numbers."""
    n = len(texts)
    # a row of amounts ends in a number too, but is data (is_figures_row is asked only of such lines)
    strong = [is_toc_line(t) and not is_figures_row(t) for t in texts]
    weak = [s or (is_weak_toc_line(t) and not is_figures_row(t)) for s, t in zip(strong, texts, strict=True)]
    drop = [s or is_page_number(t) or is_widget_line(t) for s, t in zip(strong, texts, strict=True)]
    i = 0
    while i < n:
        if weak[i]:
            j = i
            while j < n and weak[j]:
                j += 1
            if j - i >= _TOC_RUN:
                for k in range(i, j):
                    drop[k] = True
            i = j
        else:
            i += 1
    for i, t in enumerate(texts):
        if is_contents_heading(t):
            drop[i] = True
    return drop


def split_long(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """Split at sentence boundaries into pieces of at most `limit` characters.

    Pieces are returned so that ' '.join(pieces) == text.
    """
    if len(text) <= limit:
        return [text]
    sentences: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        sentences.append(text[pos:m.start()] + text[m.start():m.end()].rstrip())
        pos = m.end()
    sentences.append(text[pos:])
    pieces: list[str] = []
    cur = ""
    for s in sentences:
        while len(s) > limit:  # one enormous 'sentence': cut at a space
            cut = s.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            head, s = s[:cut].rstrip(), s[cut:].lstrip()
            if cur:
                pieces.append(cur)
                cur = ""
            pieces.append(head)
        if not cur:
            cur = s
        elif len(cur) + 1 + len(s) <= limit:
            cur = f"{cur} {s}"
        else:
            pieces.append(cur)
            cur = s
    if cur:
        pieces.append(cur)
    return [p for p in pieces if p]


def build_passages(doc_id: str, tenant: str, loaded: LoadedDocument) -> tuple[str, list[Passage]]:
    """Return (full cleaned text, passages). Headings are passages too, kind='heading'.

    section is the heading path (' > ' joined) a passage sits under; a heading's own
    section ends with itself. Blocks are separated by a blank line in the full text
    (list items and table rows by one newline); pieces of a split paragraph by a space.
    """
    cleaned: list[tuple[Block, str]] = []
    for b in loaded.blocks:
        t = clean_inline(b.text)
        # Table rows legitimately hold symbols and short cells; everything else that
        # reads as OCR debris is noise, not content.
        if t and (b.kind == "table_row" or not is_garbage(t)):
            cleaned.append((b, t))
    drop = _noise_flags([t for _, t in cleaned])

    parts: list[str] = []
    passages: list[Passage] = []
    offset = 0
    stack: list[tuple[int, str]] = []  # (level, heading text)
    seq = 0

    def add(text: str, kind: str, section: str, page: int | None, sep: str) -> None:
        nonlocal offset, seq
        if parts:
            parts.append(sep)
            offset += len(sep)
        start = offset
        parts.append(text)
        offset += len(text)
        passages.append(Passage(id=f"{doc_id}#p{seq}", doc_id=doc_id, tenant=tenant, seq=seq, text=text,
                                section=section, kind=kind, page=page, start=start, end=offset))
        seq += 1

    for (b, t), dropped in zip(cleaned, drop, strict=True):
        if dropped:
            continue
        if b.kind == "heading":
            level = b.level if 1 <= b.level <= 6 else 2
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, t))
            add(t, "heading", " > ".join(h for _, h in stack), b.page, "\n\n")
            continue
        section = " > ".join(h for _, h in stack)
        kind = b.kind if b.kind in ("paragraph", "list_item", "table_row") else "paragraph"
        for k, piece in enumerate(split_long(t)):
            # Pieces of one paragraph stay one paragraph in the full text.
            add(piece, kind, section, b.page, " " if k else ("\n" if kind != "paragraph" else "\n\n"))
    return "".join(parts), passages
