"""The structure diagram's layout and renderings (SVG, Mermaid, GraphML) on hand-made graphs."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from io import BytesIO

import networkx as nx

from web.diagram import BOX_H, MAX_PER_ROW, layers_of, layout, render_svg, to_graphml, to_mermaid


def graph(edges, extra=()):
    g = nx.DiGraph()
    names = {n for e in edges for n in e[:2]} | set(extra)
    for n in names:
        g.add_node(n, type="Partnership" if n.startswith("p") else "Group", name=f"Name {n}", tenant="bbscp",
                   frequency=None, kind=None, chair=None)
    for u, v, t in edges:
        g.add_edge(u, v, type=t)
    return g


def test_layers_follow_reporting_lines():
    g = graph([("board", "p1", "PART_OF"), ("qa", "board", "REPORTS_TO"), ("tf", "qa", "REPORTS_TO"),
               ("both", "board", "REPORTS_TO"), ("both", "p1", "REPORTS_TO")], extra=["loose"])
    _h, layer = layers_of(g)
    assert layer["p1"] == 0 and layer["board"] == 1 and layer["qa"] == 2 and layer["tf"] == 3
    assert layer["both"] == 2  # below the lowest body it reports to
    assert layer["loose"] == 4  # unlinked groups go on their own row at the bottom
    lay = layout(g)
    assert lay.boxes["p1"].y < lay.boxes["board"].y < lay.boxes["qa"].y < lay.boxes["tf"].y
    assert all(link.d.startswith("M") for link in lay.links) and len(lay.links) == 5


def test_a_reporting_cycle_does_not_break_the_layout():
    g = graph([("a", "b", "REPORTS_TO"), ("b", "a", "REPORTS_TO"), ("a", "p1", "PART_OF")])
    _h, layer = layers_of(g)
    assert layer["a"] == layer["b"] == 1
    lay = layout(g)
    assert len(lay.links) == 3
    ET.fromstring(render_svg(lay))


def test_wide_layers_wrap_and_boxes_do_not_overlap():
    subs = [(f"g{i:02d}", "p1", "REPORTS_TO") for i in range(MAX_PER_ROW * 2 + 3)]
    lay = layout(graph(subs))
    rows = sorted({b.y for b in lay.boxes.values()})
    assert len(rows) == 4  # the partnership, then three rows of groups
    boxes = sorted(lay.boxes.values(), key=lambda b: (b.y, b.x))
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert a.y != b.y or b.x - a.x >= 200
    assert max(b.y for b in boxes) + BOX_H < lay.height


def test_names_are_escaped_in_svg_and_mermaid():
    g = graph([("g1", "p1", "REPORTS_TO")])
    g.nodes["g1"]["name"] = 'Board <script>alert("x")</script> & "friends"'
    g.nodes["g1"]["chair"] = "Police | Health"
    svg = render_svg(layout(g), href=lambda n: f"/structure?node={n}&x=1")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    mermaid = to_mermaid(g)
    assert "<script>" not in mermaid and '"friends"' not in mermaid and "#quot;friends#quot;" in mermaid
    assert "Police #124; Health" in mermaid
    assert "-->|reports to|" in mermaid


def test_graphml_keeps_attributes_and_drops_empty_ones():
    g = graph([("g1", "p1", "REPORTS_TO")])
    g.nodes["g1"]["frequency"] = "monthly"
    back = nx.read_graphml(BytesIO(to_graphml(g).encode()))
    assert back.nodes["g1"]["frequency"] == "monthly"
    assert "frequency" not in back.nodes["p1"]
    assert back.edges["g1", "p1"]["type"] == "REPORTS_TO"


def test_empty_structure_still_draws():
    lay = layout(nx.DiGraph())
    ET.fromstring(render_svg(lay))
    assert to_mermaid(nx.DiGraph()).startswith("flowchart BT")
