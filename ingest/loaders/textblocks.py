"""Lines of extracted text -> Blocks (headings, paragraphs, list items).

Shared by the txt, md, pdf and docx loaders, because real documents reach us as
lines that lost their structure: web pages, PDFs and Word files flattened to text.
Headings are guessed from shape (short, no closing punctuation, followed by a
longer paragraph, or ALL CAPS, or markdown '#'); wrapped lines are rejoined when
the break plainly falls mid-sentence.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ingest.loaders.base import Block
from ingest.loaders.markup import clean_inline, is_figures_row, is_page_number, is_toc_line, is_widget_line


@dataclass
class Line:
    text: str
    page: int | None = None
    kind: str | None = None  # set when the format already knows (docx styles)
    level: int = 0


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# Glyph bullets are dropped from the text; enumerators ('1.', 'a)', '(ii)') are kept
# because recommendations are cited by number.
_GLYPH_BULLET = re.compile(r"^\s*(?:[-*–]\s+|[•·▪◦●‣➢➤✓✔]\s*)(?=\S)")
_ENUM_BULLET = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\((?:[ivx]{1,4}|[a-z]|\d{1,2})\))\s+(?=\S)")
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")
_CLOSERS = "\"'”’)]"


def _is_terminal(s: str) -> bool:
    """bool(_TERMINAL.search(s)) without scanning s: strip the closers at its end, look at the last char."""
    if s.endswith("\n"):
        s = s[:-1]  # '$' also matches before one final newline
    s = s.rstrip(_CLOSERS)
    return bool(s) and s[-1] in ".!?:;"


_FUNCTION_WORDS = frozenset(
    "a an the of to in on for and or nor with by from at as that which who whom whose is are was were be "
    "been being their its our his her your this these those into within between under including such than "
    "has have had will would should can could may might must not also both all any each per via about "
    "across after before through over upon whether where when while if but so".split()
)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LABEL = re.compile(r"\w:\s")
# 'Rapid Review: Baby E', '7 Minute Briefing: Neglect': a review or briefing titled with its subject
_TITLED_REVIEW = re.compile(r"^[A-Z0-9][\w'\u2019 -]{0,80}\b(?:Review|CSPR|LCSPR|SAR|Briefing|Summary)s?:\s+[A-Z0-9]")
_NUMBERED_HEAD = re.compile(r"^\s*\d{1,2}\.\s")
_NUMBERED_HEAD_NUMBER = re.compile(r"^\s*\d{1,2}\.\s+")
_DIVISION = re.compile(r"^(?:Appendix|Annex|Annexe|Part|Section|Chapter|Schedule)\s+(?:[A-Z]|\d{1,2}|[IVX]{1,4})\b"
                       r"(?:\s*[-–:.]\s*\S.*)?$")


@dataclass
class _Raw:
    kind: str  # 'text' | 'list_item' | 'heading' | forced kinds
    lines: list[str] = field(default_factory=list)
    page: int | None = None
    level: int = 0
    fixed: bool = False  # structure known: never joined, never reclassified
    noise: bool = False  # TOC entry or page number: never joined
    last_page: int | None = None

    @property
    def text(self) -> str:
        if len(self.lines) == 1:
            return self.lines[0].strip()  # most blocks: what the loop below gives for one line
        out = ""
        for s in self.lines:
            s = s.strip()
            if not out:
                out = s
            elif out[-1] == "-" and out[-2:-1] in _ASCII_LETTERS and s[:1].islower():  # out ends letter + "-"
                out += s  # 'multi-' + 'agency': a compound split by wrapping keeps its hyphen
            else:
                out = f"{out} {s}"
        return out


def _ends_open(s: str) -> bool:
    """The line stops mid-sentence: trailing comma, dash, ampersand or a function word."""
    s = s.rstrip()
    if not s:
        return False
    if s[-1] in ",-–&/(\\[":
        return True
    if s.count("[") > s.count("]") or s.count("(") > s.count(")"):
        return True  # link markup or an aside broken across lines
    if not s[-1].isalpha():
        return False
    # the run of ASCII letters s ends in (what r"([A-Za-z]+)\W*$" finds when s ends in a letter)
    i = len(s)
    while i and s[i - 1] in _ASCII_LETTERS:
        i -= 1
    return i < len(s) and s[i:].lower() in _FUNCTION_WORDS


def _should_join(prev: str, nxt: str, wrap_width: int) -> bool:
    p = prev.rstrip()
    n = nxt.lstrip()
    if not p or not n:
        return False
    if wrap_width and prev.endswith(" ") and len(p) >= 0.8 * wrap_width:
        # The extractor kept the space of a soft line break on a near-full line:
        # the sentence (or the next one in the same paragraph) goes on.
        return True
    if _is_terminal(clean_inline(p) or p):
        return False
    if n[0].islower():
        return True
    if _ends_open(p):
        # In laid-out text a short line ends its paragraph whatever its last word; the
        # blank-line pass below still rejoins it with a following paragraph (not a heading).
        return not wrap_width or prev.endswith(" ") or len(p) >= 0.6 * wrap_width
    if wrap_width:
        # Layout wrapping: the line ran to (near) the full measure, or the extractor
        # kept the soft-break space.
        if prev.endswith(" "):
            return True
        # A full line with no soft-break space is ambiguous; a short title-like line
        # after it is more likely a new heading than the tail of the sentence.
        if len(p) >= 0.97 * wrap_width and not (len(n.rstrip()) < 0.6 * wrap_width and _heading_shape(n)):
            return True
    return False


def _continues_over_page(cur: _Raw, ln: Line, wrap_width: int) -> bool:
    """A paragraph whose last line on one page ran across the measure without closing
    punctuation goes on at the top of the next page (headers and folios already removed)."""
    if not wrap_width or ln.page is None or cur.last_page is None or ln.page == cur.last_page:
        return False
    last = cur.lines[-1].rstrip()
    return (
        len(last) >= 0.6 * wrap_width
        and not _is_terminal(clean_inline(last) or last)
        and ln.text.strip()[:1].isalnum()
    )


def _is_noise(text: str) -> bool:
    # 'Title 12' lines are not noise here: a wrapped sentence can end in a number too.
    # passages.py drops them only where several stand together (a contents list).
    # A row of amounts ('Police<TAB>£59,000<TAB>19') looks like 'Title<TAB>12' but is data.
    return (is_toc_line(text) and not is_figures_row(text)) or is_page_number(text) or is_widget_line(text)


_COLUMN_GAP = re.compile(r"\t|\s{3,}")


def _figures_cells(text: str) -> list[str]:
    """Cells of a row of amounts laid out in columns ('Police   £59,000   19'); [] for anything else."""
    if not is_figures_row(text):
        return []
    cells = [c.strip() for c in _COLUMN_GAP.split(text) if c.strip()]
    return cells if len(cells) >= 2 and all(len(c) <= 200 for c in cells) else []


def _heading_shape(text: str) -> bool:
    t = clean_inline(text)
    if not (2 <= len(t) <= 120):
        return False
    if not (t[0].isalpha() and t[0].isupper()):
        return False
    if t[-1] in ".,;:!" or (t[-1] == "?" and len(t) > 80) or _ends_open(t):
        return False
    words = t.split()
    if len(words) > 16:
        return False
    if _LABEL.search(t) and not _TITLED_REVIEW.match(t):  # 'Email: x@y' is a label line, not a heading
        return False
    if len(words) > 10 and _title_ratio(words) < 0.3:
        return False
    if "," in t and _title_ratio(words) < 0.5:  # a clause, not a title
        return False
    return True


def _title_ratio(words: Sequence[str]) -> float:
    content = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if not content:
        return 1.0
    return sum(1 for w in content if w[0].isupper()) / len(content)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def detect_wrap_width(lines: Iterable[str]) -> int:
    """Measure of hard-wrapped text (PDF layout, fixed-width .txt), or 0 if lines are logical."""
    lengths = sorted(len(s.rstrip()) for s in lines if s.strip())
    if len(lengths) < 8:
        return 0
    p90 = lengths[int(len(lengths) * 0.9) - 1]
    if p90 > 140 or p90 < 30:
        return 0
    near_full = sum(1 for n in lengths if n >= 0.75 * p90)
    return p90 if near_full >= 0.3 * len(lengths) else 0


def lines_to_blocks(lines: Iterable[Line], wrap_width: int = 0, soft_breaks: bool = False) -> list[Block]:
    """Group lines into blocks.

    wrap_width > 0 means lines were wrapped by layout; soft_breaks means a single
    newline never ends a paragraph (markdown).
    """
    raws = _group(lines, wrap_width, soft_breaks)
    _classify(raws)
    raws = _merge_open_paragraphs(raws)
    out: list[Block] = []
    for r in raws:
        text = r.text.strip()
        if not text:
            continue
        kind = "paragraph" if r.kind == "text" else r.kind
        out.append(Block(kind=kind, text=text, level=r.level if kind == "heading" else 0, page=r.page))
    return out


def _group(lines: Iterable[Line], wrap_width: int, soft_breaks: bool = False) -> list[_Raw]:
    raws: list[_Raw] = []
    cur: _Raw | None = None
    for ln in lines:
        raw_text = ln.text.replace("\u00a0", " ")
        if not raw_text.strip():
            cur = None
            continue
        if ln.kind is not None:
            raws.append(_Raw(ln.kind, [raw_text.strip()], ln.page, ln.level, fixed=True))
            cur = None
            continue
        m = _MD_HEADING.match(raw_text)
        if m:
            raws.append(_Raw("heading", [m.group(2)], ln.page, len(m.group(1)), fixed=True))
            cur = None
            continue
        stripped = raw_text.strip()
        if _is_noise(stripped):
            raws.append(_Raw("text", [stripped], ln.page, noise=True))
            cur = None
            continue
        if "\t" in stripped:
            cells = [c.strip() for c in stripped.split("\t") if c.strip()]
            if len(cells) >= 2 and all(len(c) <= 200 for c in cells):
                # Tab-separated cells: a table flattened to text, one row per line.
                raws.append(_Raw("table_row", [" | ".join(cells)], ln.page, fixed=True))
                cur = None
                continue
        cells = _figures_cells(stripped) if "   " in stripped else []
        if cells:  # columns of amounts set out with spaces: a table row, not a line to rejoin
            raws.append(_Raw("table_row", [" | ".join(cells)], ln.page, fixed=True))
            cur = None
            continue
        g = _GLYPH_BULLET.match(raw_text)
        if g or _ENUM_BULLET.match(raw_text):
            body = raw_text[g.end():] if g else raw_text.strip()
            cur = _Raw("list_item", [body], ln.page, last_page=ln.page)
            raws.append(cur)
            continue
        if cur is not None and not cur.noise and (
            soft_breaks
            or _should_join(cur.lines[-1], raw_text, wrap_width)
            or _continues_over_page(cur, ln, wrap_width)
        ):
            cur.lines.append(raw_text)
            cur.last_page = ln.page
            continue
        cur = _Raw("text", [raw_text], ln.page, last_page=ln.page)
        raws.append(cur)
    return raws


_ITEM_NUMBER = re.compile(r"^\s*\(?(\d{1,2})[.)]")


def _numbered_after(prev: str, text: str) -> bool:
    """'3. ...' right after '2. ...' goes on the same numbered list; after a bullet or another list it may head a section."""
    p, t = _ITEM_NUMBER.match(prev), _ITEM_NUMBER.match(text)
    if t is None:
        return True
    return p is not None and int(t.group(1)) == int(p.group(1)) + 1


def _classify(raws: list[_Raw]) -> None:
    """Decide which text blocks are headings, looking at what follows them."""
    first_heading_seen = False
    first = next((k for k, x in enumerate(raws) if not x.noise), -1)  # the document's opening line
    shapes: dict[int, bool] = {}  # id(raw) -> _heading_shape(raw.text): asked of a block up to three times

    def shape(raw: _Raw) -> bool:
        v = shapes.get(id(raw))
        if v is None:
            v = shapes[id(raw)] = _heading_shape(raw.text)  # raws outlive this call: ids stay theirs
        return v

    for i, r in enumerate(raws):
        if r.fixed or r.noise:
            first_heading_seen = first_heading_seen or r.kind == "heading"
            continue
        nxt = _next_content(raws, i)
        if r.kind == "list_item":
            # '3. Recommendations' over a paragraph is a numbered heading, not a list.
            prev = raws[i - 1] if i else None
            if (
                _NUMBERED_HEAD.match(r.text)
                and len(r.lines) == 1
                and _heading_shape(_NUMBERED_HEAD_NUMBER.sub("", r.text))
                and nxt is not None and nxt.kind == "text" and len(nxt.text) > len(r.text)
                and not (prev is not None and prev.kind == "list_item" and _numbered_after(prev.text, r.text))
            ):
                r.kind, r.level = "heading", 2
            continue
        if len(r.lines) != 1 or not shape(r):
            continue
        words = clean_inline(r.text).split()
        is_heading = False
        if nxt is None:
            is_heading = False
        elif i == first or _DIVISION.match(r.text):
            is_heading = True  # the opening short line is the title; 'Appendix B – Glossary' a division
        elif _all_caps(r.text) and len(words) >= 2 and sum(c.isalpha() for c in r.text) >= 8:
            is_heading = _leads_to_content(raws, i, shape=shape)
        elif nxt.kind == "list_item":
            is_heading = _title_ratio(words) >= 0.5
        elif nxt.kind == "heading" or (nxt.kind == "text" and len(nxt.lines) == 1 and shape(nxt)):
            # Stacked headings ('Part 2' over 'Neglect') lead to content; a column of
            # short cells from a flattened table does not.
            is_heading = _title_ratio(words) >= 0.5 and _leads_to_content(raws, i, shape=shape)
        elif nxt.kind == "text":
            is_heading = len(nxt.text) > len(r.text) and len(nxt.text) >= 60
        if is_heading:
            r.kind = "heading"
            r.level = 1 if not first_heading_seen and i == first else 2
            first_heading_seen = True


def _next_content(raws: list[_Raw], i: int) -> _Raw | None:
    for j in range(i + 1, len(raws)):  # no slicing: this runs once per block
        if not raws[j].noise:
            return raws[j]
    return None


def _leads_to_content(raws: list[_Raw], i: int, steps: int = 3,
                      shape: Callable[[_Raw], bool] = lambda r: _heading_shape(r.text)) -> bool:
    """Within a few heading-shaped lines after raws[i], real content starts."""
    seen = 0
    for j in range(i + 1, len(raws)):
        r = raws[j]
        if r.noise:
            continue
        if r.kind == "list_item" or (r.kind == "heading" and r.fixed):
            return True
        if r.kind == "text" and (len(r.lines) > 1 or len(r.text) >= 60):
            return True
        if not (r.kind in ("text", "heading") and len(r.lines) == 1 and shape(r)):
            return False
        seen += 1
        if seen >= steps:
            return False
    return False


def _merge_open_paragraphs(raws: list[_Raw]) -> list[_Raw]:
    """Rejoin a long paragraph that a blank line or page break cut mid-sentence."""
    out: list[_Raw] = []
    for r in raws:
        if (
            out
            and r.kind == "text"
            and not r.noise
            and out[-1].kind == "list_item"
            and r.text[:1].islower()
            and not _is_terminal(clean_inline(out[-1].text))
        ):
            out[-1].lines.extend(r.lines)  # a list item cut by a blank line or a page break
            continue
        if (
            out
            and r.kind == "text"
            and not r.noise
            and not r.fixed
            and out[-1].kind == "text"
            and not out[-1].noise
            and not out[-1].fixed
        ):
            prev = clean_inline(out[-1].lines[-1])
            nxt = r.text.lstrip()
            # Only when the cut is plainly mid-sentence: a paragraph merely lacking its
            # full stop before a capitalised one is far more often two paragraphs.
            if prev and not _is_terminal(prev) and len(prev) >= 40 and (
                _ends_open(prev) or nxt[:1].islower()
            ):
                out[-1].lines.extend(r.lines)
                continue
        out.append(r)
    return out
