"""Records every loader returns, and the byte/text helpers they share."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_row")
DEFAULT_MAX_BYTES = 50_000_000


@dataclass
class Block:
    kind: str  # heading | paragraph | list_item | table_row
    text: str
    level: int = 0  # 1..6 for headings
    page: int | None = None  # 1-based, where the format has pages


@dataclass
class LoadedDocument:
    source: str
    title: str | None
    blocks: list[Block] = field(default_factory=list)
    rows: list[dict[str, str]] | None = None  # csv/xlsx: header -> cell, headers as written
    fmt: str = ""


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing missing, oversized and empty files with a clear reason."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError(path, "file not found") from None
    except OSError as e:
        raise IngestError(path, f"cannot read file ({e.strerror or e})") from None
    if size > max_bytes:
        raise IngestError(path, f"over the size limit ({_mb(size)} > {_mb(max_bytes)})")
    if size == 0:
        raise IngestError(path, "empty document")
    try:
        return path.read_bytes()
    except OSError as e:
        raise IngestError(path, f"cannot read file ({e.strerror or e})") from None


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


# the control characters _ALLOWED_CONTROLS leaves out: below 32 but for \t\n\v\f\r (9-13), and 0x7F-0x9F
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = len(_BAD_CONTROLS.findall(text))  # one pass in C, not a Python test per character
    return bad / len(text)


def decode_text(data: bytes, path: Path | str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 if it yields plain text.

    cp1252 maps almost every byte to something, so it is only accepted when the
    result has no control characters: binary junk must not pass as a document.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
            if "\x00" not in text and _control_ratio(text) < 0.001:
                return text
        except UnicodeDecodeError:
            pass
    else:
        try:
            text = data.decode("utf-8-sig")
            # Valid UTF-8 can still be binary (NULs, control bytes).
            if "\x00" not in text and _control_ratio(text) < 0.001:
                return text
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                if _control_ratio(text) == 0.0:
                    return text
            except UnicodeDecodeError:
                pass
    raise IngestError(path, "undecodable text (not UTF-8 or Windows-1252)")


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_office_container(data: bytes, path: Path | str, kind: str) -> None:
    """Word/Excel files are zip packages; an OLE container means a password or the old format."""
    if data.startswith(_OLE_MAGIC):
        raise IngestError(path, f"encrypted or old-format {kind} file (save it unprotected as .{kind.lower()})")


def require_content(doc: LoadedDocument, path: Path | str) -> LoadedDocument:
    if not any(b.text.strip() for b in doc.blocks):
        raise IngestError(path, "empty document")
    return doc
