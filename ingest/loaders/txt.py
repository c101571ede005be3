"""Plain text: the corpus form of web pages, PDFs and Word files flattened to lines."""
from __future__ import annotations

from pathlib import Path

from ingest.loaders.base import DEFAULT_MAX_BYTES, LoadedDocument, decode_text, read_bytes, require_content
from ingest.loaders.textblocks import Line, detect_wrap_width, lines_to_blocks


def text_to_document(
    text: str, source: str, fmt: str, lines: list[Line] | None = None, soft_breaks: bool = False
) -> LoadedDocument:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines is None:
        lines = [Line(s) for s in raw_lines]
    wrap = 0 if soft_breaks else detect_wrap_width(raw_lines)
    blocks = lines_to_blocks(lines, wrap, soft_breaks=soft_breaks)
    return LoadedDocument(source=source, title=guess_title(blocks), blocks=blocks, fmt=fmt)


def guess_title(blocks: list) -> str | None:
    for b in blocks[:5]:
        if b.kind == "heading" and b.level == 1:
            return b.text
    for b in blocks[:3]:
        if b.kind == "heading":
            return b.text
    return None


def load_txt(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    text = decode_text(read_bytes(path, max_bytes), path)
    return require_content(text_to_document(text, str(path), "txt"), path)
