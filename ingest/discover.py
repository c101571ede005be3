"""Paths on the command line -> the files to ingest, with per-file metadata from manifest.json.

A folder may hold a manifest.json (a `documents` list of {file, tenant, kind, title,
date, visibility, same_as?}); its entries give each file's tenant and visibility,
which matter for access control, so a broken manifest is an error, not a shrug.
Unsupported files are still returned: load() gives the reason and the caller reports it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import IngestError

MANIFEST = "manifest.json"
_META_KEYS = ("tenant", "kind", "title", "date", "visibility")


@dataclass
class SourceFile:
    path: Path
    tenant: str | None = None
    kind: str | None = None
    title: str | None = None
    date: str | None = None
    visibility: str | None = None
    same_as: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other manifest keys, kept for the record
    manifest: Path | None = None  # which manifest described it


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Entries of one manifest.json keyed by the file path it names, relative to its folder."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as e:
        raise IngestError(path, f"unreadable manifest ({e})") from None
    except json.JSONDecodeError as e:
        raise IngestError(path, f"invalid manifest JSON (line {e.lineno}: {e.msg})") from None
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise IngestError(path, "invalid manifest: expected an object with a 'documents' list")
    out: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(docs):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"].strip():
            raise IngestError(path, f"invalid manifest: documents[{i}] has no 'file'")
        key = Path(entry["file"].strip()).as_posix()
        out[key] = entry
    return out


class _Manifests:
    """Caches manifests per folder; a file is described by the manifest in its own folder,
    or failing that by one in an ancestor folder (up to the folder the user named)."""

    def __init__(self) -> None:
        self._cache: dict[Path, dict[str, dict[str, Any]] | None] = {}

    def _get(self, folder: Path) -> dict[str, dict[str, Any]] | None:
        if folder not in self._cache:
            m = folder / MANIFEST
            self._cache[folder] = read_manifest(m) if m.is_file() else None
        return self._cache[folder]

    def check(self, folder: Path) -> None:
        self._get(folder)

    def lookup(self, file: Path, top: Path, strict: bool = True) -> tuple[Path, dict[str, Any]] | None:
        """strict=False: a broken manifest above the file's own folder is skipped, not fatal."""
        folder = file.parent
        while True:
            try:
                entries = self._get(folder)
            except IngestError:
                if strict or folder == file.parent:
                    raise
                entries = None
            if entries is not None:
                rel = file.relative_to(folder).as_posix()
                if rel in entries:
                    return folder / MANIFEST, entries[rel]
            if folder == top or folder.parent == folder or top not in folder.parents:
                return None
            folder = folder.parent


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") or part.startswith("~$") for part in rel.parts)


def _walk(folder: Path) -> list[Path]:
    files = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if _hidden(rel) or not p.is_file() or p.name == MANIFEST:
            continue
        files.append(p)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def _source(path: Path, found: tuple[Path, dict[str, Any]] | None) -> SourceFile:
    if found is None:
        return SourceFile(path=path)
    manifest, entry = found
    meta = {k: (str(entry[k]) if entry.get(k) is not None else None) for k in _META_KEYS}
    extra = {k: v for k, v in entry.items() if k not in _META_KEYS and k not in ("file", "same_as")}
    same_as = entry.get("same_as")
    return SourceFile(path=path, same_as=str(same_as) if same_as else None, extra=extra, manifest=manifest,
                      **meta)


def discover(paths: list[Path]) -> list[SourceFile]:
    """Expand folders (recursively, sorted), attach manifest metadata, drop duplicates.

    Order: as the paths were given, each folder's files in path order. Files that do
    not exist are returned too, so the caller reports them with the rest.
    Raises IngestError for a malformed manifest.json.
    """
    manifests = _Manifests()
    seen: set[Path] = set()
    out: list[SourceFile] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            top = p.resolve()
            # Every manifest in the tree is checked, even one whose files all have
            # a nearer manifest: a broken one means metadata the user meant is lost.
            for m in sorted(p.rglob(MANIFEST)):
                if not _hidden(m.relative_to(p)):
                    manifests.check(m.parent.resolve())
            for f in _walk(p):
                key = f.resolve()
                if key in seen:
                    continue
                seen.add(key)
                out.append(_source(f, manifests.lookup(key, top)))
        else:
            key = p.resolve()
            if key in seen:
                continue
            seen.add(key)
            # A file named on its own may be listed by a manifest in any folder above it;
            # only an entry naming exactly this file counts, so unrelated manifests are harmless.
            found = manifests.lookup(key, Path(key.anchor), strict=False) if p.is_file() else None
            out.append(_source(p, found))
    return out
