"""Uploaded files: type check by name and by content, then a private temporary copy to ingest."""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from api.errors import ApiError, bad_request

DOCUMENT_TYPES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".csv", ".xlsx")
PLAN_TYPES = (".csv", ".xlsx")
_ZIP = b"PK\x03\x04"


def _sniff_ok(suffix: str, head: bytes) -> bool:
    """The content looks like what its name says (a renamed executable or archive is refused)."""
    if suffix == ".pdf":
        return head.lstrip()[:5] == b"%PDF-"
    if suffix in (".docx", ".xlsx"):
        return head[:4] == _ZIP
    if b"\x00" in head:  # text formats never contain NUL bytes
        return False
    return not head.startswith((_ZIP, b"%PDF-", b"\x7fELF", b"MZ"))


@contextmanager
def saved_upload(file: FileStorage | None, allowed: tuple[str, ...], field: str = "file") -> Iterator[Path]:
    """The upload as a file in a private temporary folder, removed afterwards."""
    if file is None or not file.filename:
        raise bad_request(f"send the file as multipart form field {field!r}", field=field)
    name = secure_filename(file.filename) or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise ApiError(415, "Unsupported Media Type",
                       f"{file.filename!r}: file type {suffix or '(none)'} is not accepted here; "
                       f"use one of {', '.join(allowed)}")
    folder = Path(tempfile.mkdtemp(prefix="learnloop-upload-"))
    try:
        path = folder / name
        file.save(path)
        with path.open("rb") as fh:
            head = fh.read(4096)
        if not head:
            raise bad_request(f"{file.filename!r} is empty", field=field)
        if not _sniff_ok(suffix, head):
            raise ApiError(415, "Unsupported Media Type",
                           f"{file.filename!r}: the content is not a {suffix[1:].upper()} file")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
