"""Markdown: '#' headings, bullet lists and pipe tables; everything else as plain text."""
from __future__ import annotations

import re
from pathlib import Path

from ingest.loaders.base import DEFAULT_MAX_BYTES, LoadedDocument, decode_text, read_bytes, require_content
from ingest.loaders.tables import row_text
from ingest.loaders.textblocks import Line
from ingest.loaders.txt import text_to_document

_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def markdown_lines(text: str) -> list[Line]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[Line] = []
    header: list[str] | None = None
    in_fence = False
    for i, s in enumerate(raw):
        if _FENCE.match(s):
            in_fence = not in_fence
            out.append(Line(""))
            continue
        if _TABLE_LINE.match(s):
            if _SEPARATOR.match(s):
                continue
            cells = _cells(s)
            nxt = raw[i + 1] if i + 1 < len(raw) else ""
            if header is None and _SEPARATOR.match(nxt):
                header = cells
                continue
            out.append(Line(row_text(header, cells), kind="table_row"))
            continue
        header = None
        # Setext headings: 'Title' underlined with === or ---.
        if _SETEXT.match(s) and out and out[-1].text.strip() and out[-1].kind is None and len(s.strip()) >= 3:
            prev = out.pop()
            out.append(Line(prev.text.strip(), kind="heading", level=1 if "=" in s else 2))
            continue
        out.append(Line(s))
    return out


def load_md(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    text = decode_text(read_bytes(path, max_bytes), path)
    doc = text_to_document(text, str(path), "md", lines=markdown_lines(text), soft_breaks=True)
    return require_content(doc, path)
