"""The one error type for input we cannot ingest.

Every bad-input class (unsupported type, corrupt or encrypted PDF, no text layer,
undecodable text, over the size limit, empty document) raises IngestError so the
caller can print one clear line per file and carry on with the others.
"""
from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
