"""PDF, DOCX and XLSX loaders on files generated here (fpdf2, python-docx, openpyxl)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.loaders import load
from ingest.passages import build_passages

fpdf = pytest.importorskip("fpdf")

HEADER = "Northvale Partnership Annual Report 2031"

# Explicit lines so the test, not a layout engine, decides where lines and pages break.
PAGE1 = [
    "Learning from Reviews",
    "The Case Review Group met six times during the year and considered four new referrals",
    "from partner agencies, and it agreed that two of them met the criteria for a local",
    "review.",
    "- The escalation policy has been refreshed and shared with every agency.",
    "- A neglect audit will be completed in the spring by the Quality Group.",
    "This paragraph starts near the foot of the first page and describes how the partners",
    "worked with schools and health visitors to find children missing education quickly,",
    "offering each of them the help and support they needed from the Northvale Education",
]
PAGE2 = [
    "Inclusion Service across the page break, where the sentence finally ends.",
    "Multi-Agency Training",
    "Over four hundred practitioners attended a course this year and most reported that",
    "they felt more confident in recognising neglect after the training had finished.",
]
PAGE3 = [
    "Finances",
    "The partners contributed to a pooled budget that paid for the business unit and the",
    "independent scrutineer, as agreed by the executive group at its March meeting.",
]


def _pdf(path: Path, pages: list[list[str]], header: str | None = HEADER, footer: bool = True,
         encrypt: str | None = None) -> Path:
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    for n, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        if header:
            pdf.set_xy(10, 8)
            pdf.cell(0, 5, header)
        pdf.set_font("Helvetica", size=11)
        y = 20
        for line in lines:
            pdf.set_xy(10, y)
            pdf.cell(0, 6, line)
            y += 7
        if footer:
            pdf.set_font("Helvetica", size=9)
            pdf.set_xy(10, 280)
            pdf.cell(0, 5, f"Page {n} of {len(pages)}", align="C")
            pdf.set_xy(190, 285)
            pdf.cell(0, 5, str(n))
    if encrypt:
        pdf.set_encryption(owner_password="owner-secret", user_password=encrypt)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    return _pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", [PAGE1, PAGE2, PAGE3])


def test_pdf_blocks_pages_and_rejoined_lines(report_pdf):
    doc = load(report_pdf)
    assert doc.fmt == "pdf"
    texts = [b.text for b in doc.blocks]
    # Running header, 'Page n of m' footers and bare folios are gone.
    assert not any(HEADER in t for t in texts)
    assert not any("Page 1 of 3" in t or t.strip().isdigit() for t in texts)
    heads = [(b.text, b.page) for b in doc.blocks if b.kind == "heading"]
    assert heads == [("Learning from Reviews", 1), ("Multi-Agency Training", 2), ("Finances", 3)]
    first = next(b for b in doc.blocks if b.text.startswith("The Case Review Group"))
    assert first.text.endswith("met the criteria for a local review.")
    assert first.page == 1
    items = [(b.text, b.page) for b in doc.blocks if b.kind == "list_item"]
    assert items == [("The escalation policy has been refreshed and shared with every agency.", 1),
                     ("A neglect audit will be completed in the spring by the Quality Group.", 1)]
    # The paragraph split by the page break is one block that starts on page 1.
    across = next(b for b in doc.blocks if b.text.startswith("This paragraph starts"))
    assert across.page == 1
    assert "from the Northvale Education Inclusion Service across the page break, where the sentence finally ends." \
        in across.text
    training = next(b for b in doc.blocks if b.text.startswith("Over four hundred"))
    assert training.page == 2 and training.text.endswith("after the training had finished.")
    fin = next(b for b in doc.blocks if b.text.startswith("The partners contributed"))
    assert fin.page == 3


def test_pdf_passages_keep_pages(report_pdf):
    text, passages = build_passages("doc1", "northvale", load(report_pdf))
    assert {p.page for p in passages} == {1, 2, 3}
    assert all(text[p.start:p.end] == p.text for p in passages)
    fin = next(p for p in passages if p.text.startswith("The partners contributed"))
    # The first heading of a heuristic document is its title (level 1); later ones sit below it.
    assert fin.section == "Learning from Reviews > Finances" and fin.page == 3


def test_encrypted_pdf(tmp_path):
    p = _pdf(tmp_path / "locked.pdf", [PAGE3], encrypt="user-secret")
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason == "encrypted PDF"


def test_owner_only_encryption_still_reads(tmp_path):
    p = _pdf(tmp_path / "owner-only.pdf", [PAGE3], encrypt="")
    doc = load(p)
    assert any(b.text.startswith("The partners contributed") for b in doc.blocks)


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nthis is not a pdf body\n",
    b"This file only pretends to be a PDF.",
])
def test_corrupt_pdf(tmp_path, data):
    p = tmp_path / "broken.pdf"
    p.write_bytes(data)
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason.startswith("corrupt PDF")
    assert "\n" not in str(e.value)


def test_truncated_pdf(tmp_path, report_pdf):
    p = tmp_path / "truncated.pdf"
    p.write_bytes(report_pdf.read_bytes()[:600])
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason.startswith(("corrupt PDF", "no text layer"))


def test_pdf_without_text_layer(tmp_path):
    pdf = fpdf.FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")  # a 'scanned' page: marks, no text
    p = tmp_path / "scan.pdf"
    pdf.output(str(p))
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason == "no text layer (scanned PDF?)"


# --- docx ------------------------------------------------------------------------------------------

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402


@pytest.fixture(scope="module")
def arrangements_docx(tmp_path_factory) -> Path:
    d = docx.Document()
    d.core_properties.title = ""
    d.add_paragraph("Northvale Safeguarding Arrangements", style="Title")
    d.add_paragraph("Governance", style="Heading 1")
    d.add_paragraph("The three safeguarding partners share the lead for these arrangements.")
    d.add_paragraph("Sub-groups", style="Heading 2")
    d.add_paragraph("The Case Review Group reports to the Executive.", style="List Bullet")
    d.add_paragraph("The Neglect Sub-group reports to the Quality Group.", style="List Number")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("Group", "Chair", "Meets"), ("Case Review Group", "Independent Scrutineer",
                                                          "Monthly"), ("Neglect Sub-group", "Health", "")]):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    d.add_paragraph("The table above lists every group and its chair.")
    from docx.enum.style import WD_STYLE_TYPE

    custom = d.styles.add_style("Partnership Heading", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = d.styles["Heading 3"]
    d.add_paragraph("Custom Styled Heading", style="Partnership Heading")
    outlined = d.add_paragraph("Outline Level Heading")
    ppr = outlined._p.get_or_add_pPr()
    lvl = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): "1"})
    ppr.append(lvl)
    d.add_paragraph("Unstyled Heading Line")
    d.add_paragraph("A longer unstyled paragraph follows it, as in documents that were typed without styles.")
    p = tmp_path_factory.mktemp("docx") / "arrangements.docx"
    d.save(str(p))
    return p


def test_docx_styles_lists_tables_in_order(arrangements_docx):
    doc = load(arrangements_docx)
    assert doc.fmt == "docx"
    assert doc.title == "Northvale Safeguarding Arrangements"
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        ("heading", "Northvale Safeguarding Arrangements", 1),
        ("heading", "Governance", 1),
        ("paragraph", "The three safeguarding partners share the lead for these arrangements.", 0),
        ("heading", "Sub-groups", 2),
        ("list_item", "The Case Review Group reports to the Executive.", 0),
        ("list_item", "The Neglect Sub-group reports to the Quality Group.", 0),
        ("table_row", "Group: Case Review Group; Chair: Independent Scrutineer; Meets: Monthly", 0),
        ("table_row", "Group: Neglect Sub-group; Chair: Health", 0),
        ("paragraph", "The table above lists every group and its chair.", 0),
        ("heading", "Custom Styled Heading", 3),
        ("heading", "Outline Level Heading", 2),
        ("heading", "Unstyled Heading Line", 2),
        ("paragraph", "A longer unstyled paragraph follows it, as in documents that were typed without styles.", 0),
    ]


def test_docx_section_paths(arrangements_docx):
    _, passages = build_passages("d", "t", load(arrangements_docx))
    row = next(p for p in passages if p.kind == "table_row")
    # Title and Heading 1 are both level 1, so a new Heading 1 replaces the title in the path.
    assert row.section == "Governance > Sub-groups"


def test_corrupt_docx(tmp_path):
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason.startswith("corrupt DOCX")


def test_empty_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("")
    p = tmp_path / "empty.docx"
    d.save(str(p))
    with pytest.raises(IngestError, match="empty document"):
        load(p)


# --- xlsx ------------------------------------------------------------------------------------------

openpyxl = pytest.importorskip("openpyxl")


def test_xlsx_first_non_empty_sheet_and_header_row(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"  # left empty on purpose
    ws = wb.create_sheet("Plan")
    ws.append(["Northvale Review Action Plan"])
    ws.append([])
    ws.append(["Recommendation", "Action", "Owner", "Due date", "Progress"])
    ws.append([1, "Refresh the escalation policy", "Business Unit", dt.datetime(2031, 3, 31), "Complete"])
    ws.append([None, None, None, None, None])
    ws.append([2.0, "Audit neglect cases", "Quality Group", None, "Planned"])
    p = tmp_path / "plan.xlsx"
    wb.save(p)
    doc = load(p)
    assert doc.fmt == "xlsx"
    assert doc.title == "Northvale Review Action Plan"
    assert doc.rows == [
        {"Recommendation": "1", "Action": "Refresh the escalation policy", "Owner": "Business Unit",
         "Due date": "2031-03-31", "Progress": "Complete"},
        {"Recommendation": "2", "Action": "Audit neglect cases", "Owner": "Quality Group", "Due date": "",
         "Progress": "Planned"},
    ]
    assert [b.kind for b in doc.blocks] == ["table_row", "table_row"]
    assert doc.blocks[1].text == "Recommendation: 2; Action: Audit neglect cases; Owner: Quality Group; Progress: Planned"


def test_empty_and_corrupt_xlsx(tmp_path):
    wb = openpyxl.Workbook()
    p = tmp_path / "blank.xlsx"
    wb.save(p)
    with pytest.raises(IngestError, match="empty document"):
        load(p)
    q = tmp_path / "broken.xlsx"
    q.write_bytes(b"not a workbook at all")
    with pytest.raises(IngestError) as e:
        load(q)
    assert e.value.reason.startswith("corrupt spreadsheet")


@pytest.mark.parametrize("name", ["protected.docx", "protected.xlsx"])
def test_password_protected_office_files(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # the OLE container Office encrypts into
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason.startswith("encrypted or old-format")


def test_pdf_title_from_metadata_unless_it_is_a_file_name(tmp_path):
    for meta, expected in (("Northvale Neglect Strategy", "Northvale Neglect Strategy"),
                           ("Microsoft Word - neglect draft 3.docx", "Finances")):
        pdf = fpdf.FPDF()
        pdf.set_title(meta)
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for k, line in enumerate(PAGE3):
            pdf.set_xy(10, 20 + 7 * k)
            pdf.cell(0, 6, line)
        p = tmp_path / "t.pdf"
        pdf.output(str(p))
        assert load(p).title == expected
