"""The structure diagram page and its downloads (SVG, Mermaid, GraphML)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for

from api.views._common import audit_restricted_read
from graph.queries import structure
from web.context import known_tenants, scope, service
from web.diagram import layout, render_svg, to_graphml, to_mermaid
from web.links import api

ALL = ""  # Pan Bedfordshire: every partnership the caller can read
PAN_LABEL = "Pan Bedfordshire (all partnerships)"
NEIGHBOUR_LABELS = {
    ("REPORTS_TO", "out"): "Reports to", ("REPORTS_TO", "in"): "Groups reporting to it",
    ("PART_OF", "out"): "Part of", ("PART_OF", "in"): "Made up of",
    ("CHAIRED_BY", "out"): "Chaired by", ("CHAIRED_BY", "in"): "Chairs",
    ("MEMBER_OF", "in"): "Members", ("MEMBER_OF", "out"): "Member of",
    ("PARTNER_OF", "in"): "Partners", ("PARTNER_OF", "out"): "Partner of",
    ("FUNDS", "in"): "Funded by", ("FUNDS", "out"): "Funds",
}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/structure", "structure", page)
    bp.add_url_rule("/structure.svg", "structure_svg", download_svg)
    bp.add_url_rule("/structure.mmd", "structure_mermaid", download_mermaid)
    bp.add_url_rule("/structure.graphml", "structure_graphml", download_graphml)


def _graph():
    tenants = known_tenants()
    chosen = request.args.get("tenant", ALL)
    if chosen and chosen not in tenants:
        abort(404)
    g = structure(service("store"), scope(), [chosen] if chosen else None)
    return g, chosen, tenants


def _title(chosen: str) -> str:
    return f"Structure: {chosen or PAN_LABEL}"


def _filename(chosen: str, ext: str) -> str:
    return f"learnloop-structure-{chosen or 'pan-bedfordshire'}.{ext}"


def page():
    g, chosen, tenants = _graph()
    lay = layout(g)
    selected = request.args.get("node") or None
    details = _details(g, selected) if selected else None
    if selected and details is None:
        abort(404)

    def href(node_id: str) -> str:
        return url_for("web.structure", tenant=chosen or None, node=node_id) + "#details"

    svg = render_svg(lay, _title(chosen), href=href, selected=selected, svg_id="structure-svg")
    groups = sorted((b for b in lay.boxes.values()), key=lambda b: (b.layer, b.tenant, b.name.lower()))
    parents = {n: [g.nodes[v].get("name") for _u, v, d in g.out_edges(n, data=True)
                   if d.get("type") in ("REPORTS_TO", "PART_OF")] for n in lay.boxes}
    return render_template("structure.html", svg=svg, chosen=chosen, tenants=tenants, pan_label=PAN_LABEL,
                           details=details, groups=groups, parents=parents, selected=selected,
                           json_twin=api("/structure", tenant=chosen))


def _details(g, node_id: str) -> dict | None:
    """What the side panel says about one group: its attributes, its lines, its source quotes."""
    if node_id not in g:
        return None
    node = service("store").get_node(node_id, scope())
    if node is None:
        return None
    sections: dict[str, list[dict]] = {}
    for direction, edges in (("out", g.out_edges(node_id, data=True)), ("in", g.in_edges(node_id, data=True))):
        for u, v, d in edges:
            other = v if direction == "out" else u
            label = NEIGHBOUR_LABELS.get((d.get("type"), direction), d.get("type", ""))
            od = g.nodes[other]
            sections.setdefault(label, []).append({"id": other, "name": od.get("name") or other,
                                                   "type": od.get("type"), "tenant": od.get("tenant")})
    audit_restricted_read(f"entity:{node_id}", [p.doc_id for p in node.provenance])
    quotes = [{"doc_id": p.doc_id, "passage_id": p.passage_id, "quote": p.quote, "start": p.start, "end": p.end,
               "page": p.page} for p in node.provenance]
    return {"id": node.id, "name": node.name, "type": node.type, "tenant": node.tenant,
            "attrs": {k: v for k, v in node.attrs.items() if v not in (None, "")},
            "chair": g.nodes[node_id].get("chair"), "sections": sections, "quotes": quotes}


def download_svg():
    g, chosen, _tenants = _graph()
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + render_svg(layout(g), _title(chosen))
    return _download(body, "image/svg+xml", _filename(chosen, "svg"))


def download_mermaid():
    g, chosen, _tenants = _graph()
    return _download(to_mermaid(g), "text/plain", _filename(chosen, "mmd"))


def download_graphml():
    g, chosen, _tenants = _graph()
    return _download(to_graphml(g), "application/graphml+xml", _filename(chosen, "graphml"))


def _download(body: str, mimetype: str, filename: str) -> Response:
    resp = Response(body, mimetype=mimetype)
    if request.args.get("inline") != "1":  # the page's own scripts fetch it inline for PNG export
        resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
