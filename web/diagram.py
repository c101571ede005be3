"""The structure diagram: a layered layout computed with networkx, drawn as SVG on the server.

Partnerships sit at the top; each group sits one row below the lowest body it
reports to or is part of. The SVG carries its look in presentation attributes
(fill, stroke), not CSS, so the same markup is a standalone file when downloaded,
renders under a strict Content-Security-Policy, and converts to PNG in a canvas.
Mermaid and GraphML renderings of the same graph are here too.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from io import BytesIO
from typing import Any

import networkx as nx

HIERARCHY = ("REPORTS_TO", "PART_OF")
DRAWN_TYPES = ("Partnership", "Group")
BOX_W, BOX_H = 220, 84
GAP_X, GAP_Y, ROW_GAP = 28, 78, 36
MARGIN = 24
MAX_PER_ROW = 8
LEGEND_H = 44
NAME_CHARS = 29
SWEEPS = 4

# Tenant colours: dark strokes on light fills, each text colour >= 7:1 against its fill.
TENANT_COLOURS = {
    "bbscp": ("#1d4f91", "#e8f0fb"),
    "cbscp": ("#00703c", "#e6f4ec"),
    "lscp": ("#6f3c97", "#f1eaf7"),
    "pan-beds": ("#8a4b00", "#fdf1e2"),
    "national": ("#4b4f54", "#f0f1f2"),
}
OTHER_COLOURS = [("#005a70", "#e3f3f7"), ("#8b1a3c", "#f9e8ee"), ("#3d5a00", "#eef5e0")]
TEXT = "#0b0c0c"
EDGE_COLOUR = "#505a5f"
EDGE_LABELS = {"REPORTS_TO": "reports to", "PART_OF": "part of"}


def tenant_colours(tenant: str) -> tuple[str, str]:
    if tenant in TENANT_COLOURS:
        return TENANT_COLOURS[tenant]
    return OTHER_COLOURS[sum(map(ord, tenant)) % len(OTHER_COLOURS)]


def group_kind(data: dict[str, Any]) -> str:
    """partnership | board | task-finish | subgroup | group: decides the box's outline."""
    if data.get("type") == "Partnership":
        return "partnership"
    text = f"{data.get('kind') or ''} {data.get('name') or ''}".lower()
    if "task" in text and "finish" in text:
        return "task-finish"
    if "board" in text or "executive" in text:
        return "board"
    if "sub-group" in text or "subgroup" in text or "sub group" in text:
        return "subgroup"
    return "group"


@dataclass
class Box:
    id: str
    x: float
    y: float
    layer: int
    name: str
    type: str
    tenant: str
    kind: str
    chair: str | None = None
    frequency: str | None = None

    @property
    def lines(self) -> list[str]:
        name = textwrap.wrap(self.name, NAME_CHARS) or [self.name]
        if len(name) > 2:
            name = [name[0], textwrap.shorten(" ".join(name[1:]), NAME_CHARS, placeholder="…")]
        out = list(name)
        if self.chair:
            out.append(textwrap.shorten(f"Chair: {self.chair}", NAME_CHARS + 4, placeholder="…"))
        meta = [self.tenant] + ([self.frequency] if self.frequency else [])
        out.append(textwrap.shorten(" · ".join(meta), NAME_CHARS + 6, placeholder="…"))
        return out


@dataclass
class Link:
    src: str  # the reporting body (lower)
    dst: str  # the body it reports to (higher)
    type: str
    d: str = ""


@dataclass
class Layout:
    width: float
    height: float
    boxes: dict[str, Box] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    tenants: list[str] = field(default_factory=list)


def layers_of(g: nx.DiGraph) -> tuple[nx.DiGraph, dict[str, int]]:
    """The parent -> child hierarchy of drawn nodes and each node's layer (longest path from a root).

    Cycles (two groups each said to report to the other) are collapsed first, so
    the members of a cycle share a layer instead of breaking the layout.
    """
    drawn = [n for n, d in g.nodes(data=True) if d.get("type") in DRAWN_TYPES]
    h = nx.DiGraph()
    h.add_nodes_from(drawn)
    for u, v, d in g.edges(data=True):
        if d.get("type") in HIERARCHY and u in h and v in h and u != v:
            h.add_edge(v, u)
    cond = nx.condensation(h)
    members = cond.graph["mapping"]
    comp_layer: dict[int, int] = {}
    for c in nx.topological_sort(cond):
        comp_layer[c] = max((comp_layer[p] + 1 for p in cond.predecessors(c)), default=0)
    layer = {n: comp_layer[members[n]] for n in h}
    # Groups linked to nothing go on a row of their own at the bottom, not beside the partnerships.
    loose = [n for n in h if h.degree(n) == 0 and g.nodes[n].get("type") != "Partnership"]
    if loose:
        bottom = max((layer[n] for n in h if n not in loose), default=-1) + 1
        for n in loose:
            layer[n] = bottom
    return h, layer


def _order(g: nx.DiGraph, h: nx.DiGraph, layer: dict[str, int]) -> list[list[str]]:
    """Nodes of each layer in an order that keeps crossings few (barycentre sweeps)."""
    depth = max(layer.values(), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(depth)]
    for n in sorted(layer, key=lambda n: (g.nodes[n].get("tenant") or "", g.nodes[n].get("name") or "", n)):
        rows[layer[n]].append(n)

    def sweep(rows_in: list[list[str]], neighbours: Callable[[str], list[str]], indices: range) -> None:
        for i in indices:
            pos = {n: p for r in rows_in for p, n in enumerate(r)}
            keyed = []
            for p, n in enumerate(rows_in[i]):
                near = [pos[m] for m in neighbours(n) if m in pos and layer[m] != i]
                keyed.append((sum(near) / len(near) if near else p, p, n))
            rows_in[i] = [n for _b, _p, n in sorted(keyed)]

    for _ in range(SWEEPS):
        sweep(rows, lambda n: list(h.predecessors(n)), range(1, depth))
        sweep(rows, lambda n: list(h.successors(n)), range(depth - 2, -1, -1))
    return rows


def layout(g: nx.DiGraph) -> Layout:
    """Box positions and edge paths for the partnerships and groups of a structure graph."""
    h, layer = layers_of(g)
    rows = _order(g, h, layer)
    # Wide layers wrap onto several rows so the diagram stays readable.
    lines: list[tuple[int, list[str]]] = []
    for i, row in enumerate(rows):
        for start in range(0, len(row), MAX_PER_ROW):
            lines.append((i, row[start:start + MAX_PER_ROW]))
    xs = _place(h, lines)
    min_x = min(xs.values(), default=0.0)
    width = max(max((x for x in xs.values()), default=0.0) - min_x + BOX_W + 2 * MARGIN, 480.0)
    out = Layout(width=width, height=0)
    y = MARGIN
    prev_layer = None
    for i, row in lines:
        if prev_layer is not None:
            y += BOX_H + (GAP_Y if i != prev_layer else ROW_GAP)
        prev_layer = i
        for n in row:
            d = g.nodes[n]
            out.boxes[n] = Box(n, xs[n] - min_x + MARGIN, y, i, d.get("name") or n, d.get("type") or "Group",
                               d.get("tenant") or "", group_kind(d), d.get("chair"), d.get("frequency"))
    out.height = (y + BOX_H + MARGIN if out.boxes else 2 * MARGIN) + LEGEND_H
    out.tenants = sorted({b.tenant for b in out.boxes.values()})
    _route(g, out)
    return out


def _spread(row: list[str], desired: dict[str, float]) -> dict[str, float]:
    """Positions as near the desired ones as the row's order and spacing allow.

    A left-to-right pass pushes boxes right, a right-to-left pass pushes them
    left; both keep the gaps, so their average keeps them too and balances the row.
    """
    step = BOX_W + GAP_X
    left: list[float] = []
    for n in row:
        left.append(desired[n] if not left else max(desired[n], left[-1] + step))
    right: list[float] = []
    for n in reversed(row):
        right.append(desired[n] if not right else min(desired[n], right[-1] - step))
    right.reverse()
    return {n: (a + b) / 2 for n, a, b in zip(row, left, right, strict=True)}


def _place(h: nx.DiGraph, lines: list[tuple[int, list[str]]]) -> dict[str, float]:
    """x of each box: rows first spread evenly, then each box under its parents, then parents over children."""
    step = BOX_W + GAP_X
    xs: dict[str, float] = {}
    for _i, row in lines:
        for k, n in enumerate(row):
            xs[n] = (k - (len(row) - 1) / 2) * step

    def centre_on(row: list[str], near) -> None:
        desired = {}
        for n in row:
            others = [xs[m] for m in near(n) if m in xs and m not in row]
            desired[n] = sum(others) / len(others) if others else xs[n]
        # boxes with nothing to follow keep their order between the ones that moved
        xs.update(_spread(row, desired))

    for _i, row in lines[1:]:
        centre_on(row, h.predecessors)
    for _i, row in reversed(lines[:-1]):
        if any(h.out_degree(n) for n in row):
            centre_on(row, h.successors)
    return xs


def _route(g: nx.DiGraph, lay: Layout) -> None:
    """Curves from the top of each reporting box to the bottom of the body it reports to.

    Arrivals at one box are spread along its bottom edge in the order of their
    sources, so lines into a busy board do not pile up on one point.
    """
    links = [Link(u, v, d["type"]) for u, v, d in g.edges(data=True)
             if d.get("type") in HIERARCHY and u in lay.boxes and v in lay.boxes and u != v]
    into: dict[str, list[Link]] = {}
    for link in links:
        into.setdefault(link.dst, []).append(link)
    for dst, arriving in into.items():
        arriving.sort(key=lambda lk: lay.boxes[lk.src].x)
        top = lay.boxes[dst]
        for k, link in enumerate(arriving):
            low = lay.boxes[link.src]
            tx = top.x + BOX_W * (k + 1) / (len(arriving) + 1)
            sx = low.x + BOX_W / 2
            if low.y > top.y:
                sy, ty = low.y, top.y + BOX_H + 6
                mid = (sy + ty) / 2
                link.d = f"M{sx:.1f},{sy:.1f} C{sx:.1f},{mid:.1f} {tx:.1f},{mid:.1f} {tx:.1f},{ty:.1f}"
            else:  # same row (a cycle) or drawn above: loop out to the side
                sy = low.y + BOX_H / 2
                side = low.x + (BOX_W if top.x > low.x else 0)
                ty = top.y + BOX_H + 6
                link.d = (f"M{side:.1f},{sy:.1f} C{side:.1f},{ty + 40:.1f} {tx:.1f},{ty + 40:.1f} "
                          f"{tx:.1f},{ty:.1f}")
        lay.links.extend(arriving)


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def render_svg(lay: Layout, title: str = "Structure", href: Callable[[str], str] | None = None,
               selected: str | None = None, svg_id: str | None = None) -> str:
    """The diagram as SVG markup; with href, each box is a link (the page), without it a plain file."""
    w, h = round(lay.width), round(lay.height)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {w} {h}" '
             f'width="{w}" height="{h}" font-family="Arial, Helvetica, sans-serif" '
             + (f'id="{_attr(svg_id)}" ' if svg_id else "")
             + 'role="img" aria-labelledby="diagram-title diagram-desc">',
             f'<title id="diagram-title">{_attr(title)}</title>',
             f'<desc id="diagram-desc">{len(lay.boxes)} partnerships and groups, {len(lay.links)} reporting lines. '
             'Arrows point from a group to the body it reports to or is part of.</desc>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE_COLOUR}"/></marker></defs>',
             f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
             '<g class="edges">']
    for link in lay.links:
        dash = ' stroke-dasharray="6 4"' if link.type == "PART_OF" else ""
        label = f"{lay.boxes[link.src].name} {EDGE_LABELS.get(link.type, link.type)} {lay.boxes[link.dst].name}"
        parts.append(f'<path class="edge" d="{link.d}" fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.6"'
                     f'{dash} marker-end="url(#arrow)"><title>{_attr(label)}</title></path>')
    parts.append('</g><g class="nodes">')
    for box in lay.boxes.values():
        parts.append(_box_svg(box, href, selected == box.id))
    parts.append("</g>")
    parts.append(_legend(lay))
    parts.append("</svg>")
    return "\n".join(parts)


def _box_svg(box: Box, href: Callable[[str], str] | None, selected: bool) -> str:
    stroke, fill = tenant_colours(box.tenant)
    width = {"partnership": 3.5, "board": 2.5}.get(box.kind, 1.6)
    dash = ' stroke-dasharray="7 4"' if box.kind == "task-finish" else ""
    radius = 14 if box.kind == "partnership" else 4
    label = f"{box.name} ({box.type.lower()}, {box.tenant})"
    if box.chair:
        label += f", chaired by {box.chair}"
    if box.frequency:
        label += f", meets {box.frequency}"
    body = [f'<title>{_attr(label)}</title>']
    if selected:
        body.append(f'<rect x="{box.x - 5:.1f}" y="{box.y - 5:.1f}" width="{BOX_W + 10}" height="{BOX_H + 10}" '
                    f'rx="{radius + 4}" fill="none" stroke="#0b0c0c" stroke-width="3"/>')
    body.append(f'<rect class="box" x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W}" height="{BOX_H}" '
                f'rx="{radius}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>')
    ty = box.y + 20
    lines = box.lines
    for k, line in enumerate(lines):
        last = k == len(lines) - 1
        weight = ' font-weight="bold"' if k < len(lines) - (2 if box.chair else 1) else ""
        colour = stroke if last else TEXT
        size = 12 if last or line.startswith("Chair:") else 13.5
        body.append(f'<text x="{box.x + 10:.1f}" y="{ty:.1f}" font-size="{size}" fill="{colour}"{weight}>'
                     f'{_attr(line)}</text>')
        ty += 17
    inner = "".join(body)
    mark = ' data-selected="true"' if selected else ""
    group = f'<g class="node" data-id="{_attr(box.id)}"{mark}>{inner}</g>'
    if href is None:
        return group
    return f'<a class="node-link" href="{_attr(href(box.id))}" aria-label="{_attr(label)}">{group}</a>'


def _legend(lay: Layout) -> str:
    y = lay.height - LEGEND_H + 14
    x = MARGIN
    out = [f'<g class="legend" font-size="12" fill="{TEXT}">']
    for tenant in lay.tenants:
        stroke, fill = tenant_colours(tenant)
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                   f'<text x="{x + 20}" y="{y + 12}">{_attr(tenant)}</text>')
        x += 30 + 8 * len(tenant)
    for kind, dash in (("reports to", ""), ("part of", ' stroke-dasharray="6 4"')):
        out.append(f'<line x1="{x}" y1="{y + 7}" x2="{x + 30}" y2="{y + 7}" stroke="{EDGE_COLOUR}" '
                   f'stroke-width="1.6"{dash} marker-end="url(#arrow)"/><text x="{x + 38}" y="{y + 12}">{kind}</text>')
        x += 120
    out.append(f'<rect x="{x}" y="{y}" width="22" height="14" rx="2" fill="#ffffff" stroke="{EDGE_COLOUR}" '
               f'stroke-dasharray="5 3"/><text x="{x + 28}" y="{y + 12}">task and finish group</text>')
    out.append("</g>")
    return "".join(out)


def to_mermaid(g: nx.DiGraph) -> str:
    """A Mermaid flowchart (bottom to top: groups point up to the bodies they report to)."""
    h, _layer = layers_of(g)
    ids = {n: f"n{i}" for i, n in enumerate(sorted(h.nodes))}
    lines = ["flowchart BT"]
    for n in sorted(h.nodes):
        d = g.nodes[n]
        label = [_mermaid_text(d.get("name") or n)]
        if d.get("chair"):
            label.append(_mermaid_text(f"Chair: {d['chair']}"))
        if d.get("frequency"):
            label.append(_mermaid_text(f"Meets: {d['frequency']}"))
        shape = ('(["', '"])') if d.get("type") == "Partnership" else ('["', '"]')
        lines.append(f"  {ids[n]}{shape[0]}{'<br/>'.join(label)}{shape[1]}")
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        if d.get("type") in HIERARCHY and u in ids and v in ids and u != v:
            arrow = "-.->" if d["type"] == "PART_OF" else "-->"
            lines.append(f"  {ids[u]} {arrow}|{EDGE_LABELS[d['type']]}| {ids[v]}")
    by_tenant: dict[str, list[str]] = {}
    for n in sorted(h.nodes):
        by_tenant.setdefault(g.nodes[n].get("tenant") or "", []).append(ids[n])
    for tenant, members in sorted(by_tenant.items()):
        stroke, fill = tenant_colours(tenant)
        cls = "t_" + "".join(c if c.isalnum() else "_" for c in tenant)
        lines.append(f"  classDef {cls} fill:{fill},stroke:{stroke},color:{TEXT}")
        lines.append(f"  class {','.join(members)} {cls}")
    return "\n".join(lines) + "\n"


def _mermaid_text(s: str) -> str:
    # Mermaid reads entity codes inside quoted labels; these characters would end or break a label.
    return (s.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("|", "#124;").replace("\n", " "))


def to_graphml(g: nx.DiGraph) -> str:
    """The whole structure graph (agencies and chairs too) as GraphML; empty values left out."""
    clean = nx.DiGraph()
    for n, d in g.nodes(data=True):
        clean.add_node(n, **{k: str(v) for k, v in d.items() if v not in (None, "")})
    for u, v, d in g.edges(data=True):
        clean.add_edge(u, v, **{k: str(val) for k, val in d.items() if val not in (None, "")})
    buf = BytesIO()
    nx.write_graphml(clean, buf)
    return buf.getvalue().decode("utf-8")
