"""XLSX: the first non-empty sheet as rows, like CSV."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.base import DEFAULT_MAX_BYTES, LoadedDocument, check_office_container, read_bytes
from ingest.loaders.csv import rows_to_document


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def load_xlsx(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    import openpyxl

    data = read_bytes(path, max_bytes)
    check_office_container(data, path, "XLSX")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise IngestError(path, f"corrupt spreadsheet: {e}") from None
    except Exception as e:
        raise IngestError(path, f"corrupt spreadsheet: {type(e).__name__}: {e}") from None
    try:
        for ws in wb.worksheets:
            grid = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            if any(c for row in grid for c in row):
                doc = rows_to_document(grid, str(path), "xlsx", path)
                if doc.title == path.stem and ws.title and len(wb.worksheets) > 1:
                    doc.title = f"{path.stem} ({ws.title})"
                return doc
    finally:
        wb.close()
    raise IngestError(path, "empty document")
