"""PDF: the text layer, page by page, with layout wrapping undone and page furniture removed."""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.base import DEFAULT_MAX_BYTES, LoadedDocument, read_bytes, require_content
from ingest.loaders.markup import is_page_number
from ingest.loaders.textblocks import Line, detect_wrap_width, lines_to_blocks
from ingest.loaders.txt import guess_title

_DIGITS = re.compile(r"\d+")
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+\w+\s+-|untitled\b|document\d*$)|\.(?:docx?|pdf|odt|rtf|pptx?)\s*$", re.I)
_EDGE = 2  # lines at the top and bottom of a page where running heads and folios live


def _page_lines(reader, path: Path) -> list[list[str]]:
    pages: list[list[str]] = []
    for i, page in enumerate(reader.pages):
        try:
            text = page.extract_text() or ""
        except Exception as e:  # pypdf raises many types on damaged content streams
            raise IngestError(path, f"corrupt PDF: page {i + 1}: {e}") from None
        pages.append([s.replace("\u00a0", " ") for s in text.replace("\r\n", "\n").split("\n")])
    return pages


def _furniture(pages: list[list[str]]) -> set[str]:
    """Running headers/footers: the same line (digits aside) at a page edge on many pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        body = [s.strip() for s in lines if s.strip()]
        edge = set(body[:_EDGE] + body[-_EDGE:])
        counts.update(_DIGITS.sub("#", s) for s in edge)
    # Short documents: only a line on every page counts; long ones: on many pages.
    need = len(pages) if len(pages) < 4 else max(3, int(len(pages) * 0.3))
    return {k for k, n in counts.items() if n >= need}


def _clean_pages(pages: list[list[str]]) -> list[Line]:
    furniture = _furniture(pages)
    out: list[Line] = []
    for pno, lines in enumerate(pages, start=1):
        body_idx = [i for i, s in enumerate(lines) if s.strip()]
        edge = set(body_idx[:_EDGE] + body_idx[-_EDGE:])
        for i, s in enumerate(lines):
            t = s.strip()
            if i in edge and (is_page_number(t) or _DIGITS.sub("#", t) in furniture):
                continue
            out.append(Line(s, page=pno))
    return out


def load_pdf(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    import pypdf
    from pypdf.errors import PdfReadError

    data = read_bytes(path, max_bytes)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about sloppy files are not errors
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Owner-password-only files open with an empty user password.
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise IngestError(path, "encrypted PDF")
        n = len(reader.pages)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, IndexError) as e:
        raise IngestError(path, f"corrupt PDF: {e}") from None
    except Exception as e:
        raise IngestError(path, f"corrupt PDF: {type(e).__name__}: {e}") from None
    if n == 0:
        raise IngestError(path, "corrupt PDF: no pages")
    pages = _page_lines(reader, path)
    if not any(s.strip() for lines in pages for s in lines):
        raise IngestError(path, "no text layer (scanned PDF?)")
    lines = _clean_pages(pages)
    body = [ln for ln in lines if ln.text.strip()]
    if body and sum(ln.text.endswith(" ") for ln in body) >= 0.95 * len(body):
        # This producer ends every line with a space, so the space says nothing about
        # soft breaks; drop it and let the other wrap rules decide.
        for ln in lines:
            ln.text = ln.text.rstrip()
    blocks = lines_to_blocks(lines, detect_wrap_width(ln.text for ln in lines))
    title = None
    try:
        meta_title = (reader.metadata or {}).get("/Title")
        title = str(meta_title).strip() if meta_title else None
    except Exception:
        title = None
    if title and _JUNK_TITLE.search(title):
        title = None  # 'Microsoft Word - draft3.docx' names a file, not the document
    doc = LoadedDocument(source=str(path), title=title or guess_title(blocks), blocks=blocks, fmt="pdf")
    return require_content(doc, path)
