"""One table row as one line of text, shared by html, docx, md, csv and xlsx."""
from __future__ import annotations

from collections.abc import Sequence


def row_text(header: Sequence[str] | None, cells: Sequence[str]) -> str:
    """'Header: value; Header: value' when there is a header, else 'a | b | c'.

    Empty cells are left out so a sparse row reads as what it says.
    """
    if header and len([h for h in header if h]) >= 2:
        parts = []
        for j, cell in enumerate(cells):
            cell = cell.strip()
            if not cell:
                continue
            name = header[j].strip() if j < len(header) and header[j].strip() else ""
            parts.append(f"{name}: {cell}" if name else cell)
        return "; ".join(parts)
    return " | ".join(c.strip() for c in cells if c.strip())


def unique_headers(header: Sequence[str]) -> list[str]:
    """Headers as written, with blanks named 'Column N' and repeats numbered."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for j, h in enumerate(header):
        name = h.strip() or f"Column {j + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out
