"""Marking a quote inside a passage for the document page."""
from __future__ import annotations

from markupsafe import Markup, escape


def mark_quote(text: str, start: int | None = None, end: int | None = None, quote: str | None = None) -> Markup:
    """The passage text, escaped, with the quoted span wrapped in <mark>.

    The span comes from the provenance offsets when they fit the text; otherwise the
    quote is looked up in the text; failing both, the whole passage is marked.
    """
    span = None
    if start is not None and end is not None and 0 <= start < end <= len(text):
        span = (start, end)
    elif quote:
        at = text.find(quote)
        if at >= 0:
            span = (at, at + len(quote))
    if span is None:
        return Markup('<mark id="quote">') + escape(text) + Markup("</mark>")
    a, b = span
    return escape(text[:a]) + Markup('<mark id="quote">') + escape(text[a:b]) + Markup("</mark>") + escape(text[b:])
