"""Funding said in sentences (ingest/extract/rules/funds.py) on invented text."""
from __future__ import annotations

import pytest

from graph.model import Document, Passage
from ingest.extract import extract
from tests.factories import extract_blocks

SCP = "Kestrel Vale Safeguarding Children Partnership"
TEXT = [
    ("heading", "Resources"),
    ("paragraph", f"The {SCP} (KVSCP) brings partners together."),
    ("paragraph", "In 2023/24 Kestrel Vale Police contributed £21,500 to the running of the partnership."),
    ("paragraph", "A series of online safety webinars were delivered by the Kestrel Vale Youth Service and funded "
                  "by Kestrel Vale Borough Council."),
    ("paragraph", "Kestrel Vale Police reported that the number of contacts fell by £ 0 in cost."),
]


@pytest.fixture(scope="module")
def funds():
    nodes, edges = extract_blocks(TEXT)
    node = {n.id: n for n in nodes}
    return [(node[e.src].name, node[e.dst].type, node[e.dst].name, e.attrs) for e in edges if e.type == "FUNDS"]


def test_contribution_sentence_funds_the_partnership_for_its_year(funds):
    assert ("Kestrel Vale Police", "Partnership", SCP, {"amount": "£21,500", "year": "2023/2024"}) in funds


def test_funded_by_funds_the_action(funds):
    assert any(src == "Kestrel Vale Borough Council" and t == "Action" and "webinars" in dst.lower()
               for src, t, dst, _ in funds)
    assert len(funds) == 2


def test_a_table_with_one_amount_column_per_year():
    rows = [("paragraph", "Kestrel Vale Safeguarding Children Partnership (KVSCP) budget"),
            ("paragraph", "Partner contributions to the partnership budget are set out below."),
            ("table_row", "Agency\t2022/23\t2023/24"),
            ("table_row", "Kestrel Vale Borough Council\t£98,000\t£101,500"),
            ("table_row", "Kestrel Vale Police\t£20,000\t£21,000")]
    passages = [Passage(id=f"kv#{i}", doc_id="kv", tenant="kvscp", seq=i, text=t, kind=k, start=0, end=len(t))
                for i, (k, t) in enumerate(rows)]
    nodes, edges = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    name = {n.id: n.name for n in nodes}
    funds = {name[e.src]: e.attrs for e in edges if e.type == "FUNDS"}
    assert funds["Kestrel Vale Borough Council"] == {
        "amount": "£101,500", "year": "2023/2024", "by_year": {"2022/2023": "£98,000", "2023/2024": "£101,500"}}
    assert funds["Kestrel Vale Police"]["by_year"] == {"2022/2023": "£20,000", "2023/2024": "£21,000"}


def test_money_spent_on_something_else_funds_no_partnership():
    text = "Kestrel Vale Borough Council paid £2,000,000 for a new secondary school in 2023."
    passages = [Passage(id="kv#0", doc_id="kv", tenant="kvscp", seq=0, text=text, kind="paragraph", start=0,
                        end=len(text)),
                Passage(id="kv#1", doc_id="kv", tenant="kvscp", seq=1, text="The Kestrel Vale Safeguarding "
                        "Children Partnership (KVSCP) brings partners together.", kind="paragraph", start=0, end=80)]
    _nodes, edges = extract(Document(id="kv", tenant="kvscp", title="Annual report", date="2024"), passages)
    assert not [e for e in edges if e.type == "FUNDS"]


def test_a_plain_text_budget_table_funds_the_partnership(tmp_path):
    """Columns of amounts set out with spaces in a .txt file: loaded as rows (not a contents list), read as FUNDS."""
    from pathlib import Path

    from ingest.loaders import load
    from ingest.passages import build_passages

    src = Path(tmp_path) / "budget.txt"
    src.write_text(f"{SCP} Annual Report 2030-31\n\nBudget 2030-31\n\n"
                   "The partnership budget was funded by the three statutory partners.\n\n"
                   "Partner   Contribution 2030-31   Share (per cent)\nKestrel Vale Borough Council   £156,000   50\n"
                   "Kestrel Vale Police   £59,000   19\nTotal   £215,000   69\n", encoding="utf-8")
    doc = Document(id="kv-ar", tenant="kvscp", title=f"{SCP} Annual Report 2030-31", kind="annual_report")
    _, passages = build_passages(doc.id, doc.tenant, load(src))
    nodes, edges = extract(doc, passages)
    name = {n.id: n.name for n in nodes}
    got = {(name[e.src], name[e.dst], e.attrs.get("amount")) for e in edges if e.type == "FUNDS"}
    assert got == {("Kestrel Vale Borough Council", SCP, "£156,000"), ("Kestrel Vale Police", SCP, "£59,000")}
