"""CSV: one table_row block per data row, plus the rows themselves for action-plan import."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.base import DEFAULT_MAX_BYTES, Block, LoadedDocument, decode_text, read_bytes
from ingest.loaders.tables import row_text, unique_headers


def rows_to_document(grid: list[list[str]], source: str, fmt: str, path: Path | str) -> LoadedDocument:
    """Header = first row with at least two non-empty cells; rows above it are dropped as titles."""
    grid = [[(c or "").strip() for c in row] for row in grid]
    hi = next((i for i, row in enumerate(grid) if sum(1 for c in row if c) >= 2), None)
    if hi is None:
        raise IngestError(path, "empty document")
    preamble = [c for row in grid[:hi] for c in row if c]
    header = unique_headers(grid[hi])
    rows: list[dict[str, str]] = []
    blocks: list[Block] = []
    for row in grid[hi + 1:]:
        if not any(row):
            continue
        cells = row + [""] * (len(header) - len(row))
        if len(cells) > len(header):  # stray cells past the header keep their place
            extra = unique_headers(header + [""] * (len(cells) - len(header)))
            header = extra
        rows.append({header[j]: cells[j] for j in range(len(header))})
        blocks.append(Block("table_row", row_text(header, cells)))
    if not rows:
        raise IngestError(path, "empty document")
    title = preamble[0] if preamble else Path(str(source)).stem
    return LoadedDocument(source=source, title=title, blocks=blocks, rows=rows, fmt=fmt)


def load_csv(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    text = decode_text(read_bytes(path, max_bytes), path)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        grid = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as e:
        raise IngestError(path, f"malformed CSV: {e}") from None
    return rows_to_document(grid, str(path), "csv", path)
