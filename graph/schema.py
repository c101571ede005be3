"""Load the graph model (schema.yaml) and check facts against it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")


class SchemaError(ValueError):
    """A fact that the graph model does not allow."""


@dataclass(frozen=True)
class EdgeType:
    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    attrs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    node_types: dict[str, dict]
    edge_types: dict[str, EdgeType]
    tenants: tuple[str, ...]
    visibilities: tuple[str, ...]

    def check_node(self, node) -> None:
        if node.type not in self.node_types:
            raise SchemaError(
                f"node {node.id!r}: unknown type {node.type!r} "
                f"(allowed: {', '.join(sorted(self.node_types))})")
        if not node.tenant:
            raise SchemaError(f"node {node.id!r}: no tenant")
        if not (node.name or "").strip():
            raise SchemaError(f"node {node.id!r} ({node.type}): empty name")

    def check_edge(self, edge, src_type: str | None, dst_type: str | None) -> None:
        et = self.edge_types.get(edge.type)
        label = f"edge {edge.src!r} -{edge.type}-> {edge.dst!r}"
        if et is None:
            raise SchemaError(f"{label}: unknown edge type {edge.type!r}")
        if not edge.tenant:
            raise SchemaError(f"{label}: no tenant")
        if src_type is None:
            raise SchemaError(f"{label}: source node {edge.src!r} does not exist")
        if dst_type is None:
            raise SchemaError(f"{label}: destination node {edge.dst!r} does not exist")
        if src_type not in et.sources:
            raise SchemaError(
                f"{label}: a {edge.type} edge cannot start at a {src_type} "
                f"(allowed: {', '.join(sorted(et.sources))})")
        if dst_type not in et.targets:
            raise SchemaError(
                f"{label}: a {edge.type} edge cannot end at a {dst_type} "
                f"(allowed: {', '.join(sorted(et.targets))})")

    def check_visibility(self, visibility: str) -> None:
        if visibility not in self.visibilities:
            raise SchemaError(
                f"visibility {visibility!r} is not one of {', '.join(self.visibilities)}")


@cache
def load_schema(path: str | None = None) -> Schema:
    raw = yaml.safe_load(Path(path or SCHEMA_PATH).read_text(encoding="utf-8"))
    edges = {
        name: EdgeType(name, frozenset(spec["from"]), frozenset(spec["to"]),
                       tuple(spec.get("attrs", ())))
        for name, spec in raw["edges"].items()
    }
    return Schema(dict(raw["nodes"]), edges, tuple(raw["tenants"]), tuple(raw["visibilities"]))


SCHEMA = load_schema()
NODE_TYPES = tuple(SCHEMA.node_types)
EDGE_TYPES = tuple(SCHEMA.edge_types)
