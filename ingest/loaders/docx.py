"""Word .docx: styles give headings and lists; tables stay where they are in the text."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx.oxml.ns import qn

from ingest.errors import IngestError
from ingest.loaders.base import (
    DEFAULT_MAX_BYTES,
    LoadedDocument,
    check_office_container,
    read_bytes,
    require_content,
)
from ingest.loaders.tables import row_text
from ingest.loaders.textblocks import Line, lines_to_blocks
from ingest.loaders.txt import guess_title

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


def _style_name(paragraph) -> str:
    try:
        return (paragraph.style.name or "") if paragraph.style is not None else ""
    except Exception:  # a style id missing from styles.xml
        return ""


def _heading_level(paragraph, style: str) -> int | None:
    """Heading level from the style, a style it is based on, or an explicit outline level."""
    m = _HEADING_STYLE.match(style)
    if m:
        return int(m.group(1))
    try:
        base = paragraph.style.base_style if paragraph.style is not None else None
        depth = 0
        while base is not None and depth < 5:  # custom styles built on 'Heading 2'
            mb = _HEADING_STYLE.match(base.name or "")
            if mb:
                return int(mb.group(1))
            base, depth = base.base_style, depth + 1
    except Exception:
        pass
    ppr = paragraph._p.pPr
    lvl = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if lvl is not None:
        try:
            v = int(lvl.get(qn("w:val")))
        except (TypeError, ValueError):
            return None
        return v + 1 if 0 <= v <= 5 else None  # 9 means 'body text'
    return None


def _paragraph_lines(paragraph) -> list[Line]:
    text = paragraph.text or ""
    style = _style_name(paragraph)
    low = style.lower()
    hl = _heading_level(paragraph, style)
    if low == "title":
        return [Line(text.replace("\n", " "), kind="heading", level=1)] if text.strip() else []
    if hl is not None:
        level = min(max(hl, 1), 6)
        return [Line(text.replace("\n", " "), kind="heading", level=level)] if text.strip() else []
    if low == "subtitle":
        return [Line(text.replace("\n", " "), kind="heading", level=2)] if text.strip() else []
    ppr = paragraph._p.pPr
    numbered = ppr is not None and ppr.numPr is not None
    if numbered or low.startswith("list") or "bullet" in low or "number" in low:
        return [Line(text.replace("\n", " "), kind="list_item")] if text.strip() else [Line("")]
    # Unstyled paragraphs are read like text lines: Word files exported from other
    # tools often put one line per paragraph with no heading styles at all.
    return [Line(s) for s in text.split("\n")]


def _table_lines(table) -> list[Line]:
    out: list[Line] = []
    header: list[str] | None = None
    for r, row in enumerate(table.rows):
        cells: list[str] = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats across the grid
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if not any(cells):
            continue
        if r == 0 and len(table.rows) > 1 and sum(1 for c in cells if c) >= 2:
            header = cells
            continue
        out.append(Line(row_text(header, cells), kind="table_row"))
    return out


def load_docx(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    import io

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    data = read_bytes(path, max_bytes)
    check_office_container(data, path, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(path, f"corrupt DOCX: {e}") from None
    except Exception as e:
        raise IngestError(path, f"corrupt DOCX: {type(e).__name__}: {e}") from None
    lines: list[Line] = []
    # Walk the body XML so tables stay in document order between paragraphs.
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.extend(_paragraph_lines(Paragraph(child, document)))
        elif child.tag == qn("w:tbl"):
            lines.append(Line(""))
            lines.extend(_table_lines(Table(child, document)))
            lines.append(Line(""))
    blocks = lines_to_blocks(lines)
    title = (document.core_properties.title or "").strip() or guess_title(blocks)
    return require_content(LoadedDocument(source=str(path), title=title, blocks=blocks, fmt="docx"), path)
