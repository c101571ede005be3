"""Build the demo corpus's binary documents (.docx, .xlsx, .pdf) from text sources in demo/src/.

The sources are the record: edit them and run `.venv/bin/python demo/build_formats.py`, then
commit the regenerated files in demo/corpus/. The binaries are committed so that `make demo`
needs nothing but the loaders. Output is byte-for-byte reproducible: document properties, zip entry
times and the PDF creation date are pinned, so rebuilding an unchanged source changes nothing in git.

Source markup (a small Markdown subset, all the demo needs):
  '# ', '## ', '### ' headings; '- ' bullets; '1. ' numbered items; '| a | b |' table rows
  (a '| --- |' row separates the header); anything else is a paragraph, one per line.
"""
from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE / "corpus"
PINNED = datetime(2024, 7, 1, 9, 0, 0, tzinfo=UTC)


@dataclass
class Line:
    kind: str  # heading | bullet | number | row | para
    text: str
    level: int = 0
    cells: tuple[str, ...] = ()


_HEAD = re.compile(r"^(#{1,6})\s+(.*)$")
_NUM = re.compile(r"^\d{1,2}\.\s+(.*)$")
_SEP = re.compile(r"^\|\s*:?-{3,}")


def parse(text: str) -> list[Line]:
    """Source text -> typed lines; blank lines and table separator rows dropped."""
    out: list[Line] = []
    for raw in text.splitlines():
        s = raw.strip()
        if not s or _SEP.match(s):
            continue
        if m := _HEAD.match(s):
            out.append(Line("heading", m.group(2), level=len(m.group(1))))
        elif s.startswith("- "):
            out.append(Line("bullet", s[2:]))
        elif m := _NUM.match(s):
            out.append(Line("number", m.group(1)))
        elif s.startswith("|"):
            cells = tuple(c.strip() for c in s.strip("|").split("|"))
            out.append(Line("row", " | ".join(cells), cells=cells))
        else:
            out.append(Line("para", s))
    return out


def build_docx(src: Path, dst: Path) -> None:
    from docx import Document

    lines = parse(src.read_text(encoding="utf-8"))
    doc = Document()
    props = doc.core_properties
    props.author = "learnloop demo"
    props.created = props.modified = PINNED.replace(tzinfo=None)
    props.title = next((ln.text for ln in lines if ln.kind == "heading"), src.stem)
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind == "heading":
            # the first '#' is the document title (Title style); '##' -> Heading 1, and so on
            doc.add_heading(ln.text, level=0 if ln.level == 1 else ln.level - 1)
        elif ln.kind == "bullet":
            doc.add_paragraph(ln.text, style="List Bullet")
        elif ln.kind == "number":
            doc.add_paragraph(ln.text, style="List Number")
        elif ln.kind == "row":
            rows = []
            while i < len(lines) and lines[i].kind == "row":
                rows.append(lines[i].cells)
                i += 1
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            continue
        else:
            doc.add_paragraph(ln.text)
        i += 1
    doc.save(dst)


def build_xlsx(src: Path, dst: Path, sheet: str = "Action plan") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    wb = Workbook()
    wb.properties.creator = "learnloop demo"
    wb.properties.created = wb.properties.modified = PINNED.replace(tzinfo=None)
    ws = wb.active
    ws.title = sheet
    # A title row above the header, as real plans have: the loader must find the header row itself.
    ws.append([f"Action plan: {src.stem.replace('-', ' ')}"])
    ws["A1"].font = Font(bold=True, size=14)
    header, body = rows[0], rows[1:]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    date_cols = {i for i, h in enumerate(header) if "date" in h.lower()}
    for row in body:
        values: list[object] = []
        for i, v in enumerate(row):
            if i in date_cols and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                values.append(datetime.strptime(v, "%Y-%m-%d"))  # real Excel dates, not text
            elif v.isdigit():
                values.append(int(v))
            else:
                values.append(v or None)
        ws.append(values)
    for i, _ in enumerate(header):
        ws.column_dimensions[chr(ord("A") + i)].width = 28
    for row in ws.iter_rows(min_row=3):
        for i in date_cols:
            row[i].number_format = "DD/MM/YYYY"
    wb.save(dst)


def build_pdf(src: Path, dst: Path) -> None:
    from fpdf import FPDF

    class Report(FPDF):
        def footer(self) -> None:
            # a folio on every page: the PDF loader must drop it, not index it as text
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 10, f"Page {self.page_no()}", align="C")

    lines = parse(src.read_text(encoding="utf-8"))
    pdf = Report(format="A4")
    pdf.set_creation_date(PINNED)
    pdf.set_title(next((ln.text for ln in lines if ln.kind == "heading"), src.stem))
    pdf.set_author("learnloop demo")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for ln in lines:
        if ln.kind == "heading":
            pdf.ln(3)
            pdf.set_font("Helvetica", style="B", size={1: 16, 2: 13}.get(ln.level, 11))
            pdf.multi_cell(0, 7, _latin1(ln.text))
            pdf.ln(1)
        elif ln.kind in ("bullet", "number"):
            pdf.set_font("Helvetica", size=10)
            pdf.set_x(pdf.l_margin + 5)
            pdf.multi_cell(0, 5, _latin1("- " + ln.text))
            pdf.ln(1)
        else:
            pdf.set_font("Helvetica", size=10)
            pdf.multi_cell(0, 5, _latin1(ln.text))
            pdf.ln(2)
    pdf.output(str(dst))


def _latin1(text: str) -> str:
    """The PDF core fonts are Latin-1: map the few typographic characters the sources might hold."""
    table = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    return "".join(table.get(ch, ch) for ch in text).encode("latin-1", "replace").decode("latin-1")


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _pin_zip(path: Path) -> None:
    """Rewrite an Office file (a zip) with fixed entry times: the libraries stamp the current time."""
    entries = []
    with zipfile.ZipFile(path) as zin:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' at save time
                data = _MODIFIED.sub(rb"\g<1>" + PINNED.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)
            entries.append((info.filename, info.compress_type, data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for name, compress_type, data in entries:
            info = zipfile.ZipInfo(name, date_time=PINNED.timetuple()[:6])
            info.compress_type = compress_type
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
    path.write_bytes(buf.getvalue())


# source in demo/src -> generated file in demo/corpus
TARGETS = {
    "lscp-baby-k-cspr.md": ("lscp-baby-k-cspr.docx", build_docx),
    "lscp-baby-k-action-plan.csv": ("lscp-baby-k-action-plan.xlsx", build_xlsx),
    "pan-beds-learning-themes-2024.txt": ("pan-beds-learning-themes-2024.pdf", build_pdf),
    "pan-beds-joint-executive-terms-of-reference.md": ("pan-beds-joint-executive-terms-of-reference.docx", build_docx),
}


def main(argv: list[str] | None = None) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for src_name, (out_name, build) in TARGETS.items():
        src, dst = SRC / src_name, OUT / out_name
        build(src, dst)
        if dst.suffix in (".docx", ".xlsx"):
            _pin_zip(dst)
        print(f"src/{src.name} -> {dst} ({dst.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
