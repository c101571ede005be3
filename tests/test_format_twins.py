"""The PDF, DOCX and HTML twins in ../shared/formats must give the same facts as their .txt."""
from __future__ import annotations

import json

import pytest

from ingest.pipeline import build_facts
from tests.conftest import SHARED

FORMATS = SHARED / "formats"
TYPES = ("Review", "Action", "Group", "Agency", "Partnership")


def _twins():
    if not (FORMATS / "manifest.json").exists():
        return []
    return json.loads((FORMATS / "manifest.json").read_text())["documents"]


def _facts(path, meta):
    facts, _ = build_facts(path, {**meta, "doc_id": "twin"})
    names = {n.id: (n.type, n.name) for n in facts.nodes}
    entities = {names[n.id] for n in facts.nodes if n.type in TYPES}
    relations = {(names[e.src], e.type, names[e.dst]) for e in facts.edges
                 if names[e.src][0] in TYPES and names[e.dst][0] in TYPES}
    return entities, relations


@pytest.mark.parametrize("twin", _twins(), ids=lambda t: t["file"])
def test_twin_gives_the_same_facts(twin):
    meta = {k: twin[k] for k in ("tenant", "kind", "title", "visibility") if k in twin}
    txt_entities, txt_relations = _facts((FORMATS / twin["same_as"]).resolve(), meta)
    twin_entities, twin_relations = _facts(FORMATS / twin["file"], meta)
    assert txt_entities, "the .txt twin yields no entities: nothing to compare"
    missing, extra = txt_entities - twin_entities, twin_entities - txt_entities
    assert not missing and not extra, f"missing {sorted(missing)[:10]}, extra {sorted(extra)[:10]}"
    missing, extra = txt_relations - twin_relations, twin_relations - txt_relations
    assert not missing and not extra, f"missing {sorted(missing)[:10]}, extra {sorted(extra)[:10]}"


def test_twins_are_found():
    if not FORMATS.exists():
        pytest.skip("../shared/formats is not beside this checkout")
    assert len(_twins()) == 3
