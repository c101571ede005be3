"""Highlighted snippets, the same for every engine.

The passage text is untrusted (it came out of PDFs and web pages and may hold
'<script>'): every character of it goes through html.escape, and the only markup
in a snippet is the <mark> we add around matched words.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Iterable

# (analysed token, start, end) for each token of a text, offsets in characters.
Tokens = list[tuple[str, int, int]]

SNIPPET_CHARS = 240
LEAD_CHARS = 60  # context kept before the first match so the sentence makes sense


def make_snippet(text: str, tokens: Tokens, wanted: Iterable[str], max_chars: int = SNIPPET_CHARS) -> str:
    """The best window of `text` (most distinct wanted tokens, then most hits), escaped and marked."""
    wanted = set(wanted)
    hits = [(s, e, t) for t, s, e in tokens if t in wanted]
    if len(text) <= max_chars:
        lo, hi = 0, len(text)
    elif not hits:
        lo, hi = 0, _cut_end(text, max_chars)
    else:
        best = None
        for i, (s, _e, _t) in enumerate(hits):
            start = max(0, s - LEAD_CHARS)
            stop = start + max_chars
            inside = [h for h in hits[i:] if h[1] <= stop]
            key = (len({h[2] for h in inside}), len(inside), -start)
            if best is None or key > best[0]:
                best = (key, start)
        assert best is not None
        lo = _cut_start(text, best[1])
        hi = _cut_end(text, lo + max_chars)
    out = ["…" if lo > 0 else ""]
    pos = lo
    for s, e, _t in hits:
        if s < lo or e > hi:
            continue
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:hi]))
    if hi < len(text):
        out.append("…")
    return "".join(out).strip()


def _cut_start(text: str, at: int) -> int:
    """Move a window start forward to the next word boundary (not mid-word)."""
    if at <= 0:
        return 0
    while at < len(text) and not text[at - 1].isspace():
        at += 1
    return at


def _cut_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    back = at
    while back > 0 and not text[back].isspace():
        back -= 1
    return back if back > at - 40 else at


def wanted_tokens(terms: Iterable[str], analyse: Callable[[str], list[str]]) -> set[str]:
    """The analysed forms of the query's positive words and phrases."""
    out: set[str] = set()
    for t in terms:
        out.update(analyse(t))
    return out
