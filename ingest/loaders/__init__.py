"""load(path) -> LoadedDocument for every supported file type, or IngestError saying why not."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.base import DEFAULT_MAX_BYTES, Block, LoadedDocument
from ingest.loaders.csv import load_csv
from ingest.loaders.docx import load_docx
from ingest.loaders.html import load_html
from ingest.loaders.md import load_md
from ingest.loaders.pdf import load_pdf
from ingest.loaders.txt import load_txt
from ingest.loaders.xlsx import load_xlsx

LOADERS: dict[str, Callable[[Path, int], LoadedDocument]] = {
    ".txt": load_txt,
    ".text": load_txt,
    ".md": load_md,
    ".markdown": load_md,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".csv": load_csv,
    ".xlsx": load_xlsx,
    ".xlsm": load_xlsx,
}
SUPPORTED_SUFFIXES = tuple(sorted(LOADERS))


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Load one file. Raises IngestError (path + one-line reason) for any bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        what = f"'{suffix}'" if suffix else "(no extension)"
        raise IngestError(path, f"unsupported file type {what}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if path.is_dir():
        raise IngestError(path, "is a folder, not a file")
    try:
        return loader(path, max_bytes)
    except IngestError:
        raise
    except MemoryError:
        raise IngestError(path, "too large to load") from None
    except Exception as e:  # a loader bug must still be one line for the user, naming the file
        raise IngestError(path, f"could not read {suffix[1:].upper()} file ({type(e).__name__}: {e})") from None


__all__ = ["Block", "LoadedDocument", "IngestError", "load", "is_supported", "SUPPORTED_SUFFIXES", "LOADERS",
           "DEFAULT_MAX_BYTES"]
