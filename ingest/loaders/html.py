"""HTML pages: the article content, without the site's navigation and boilerplate."""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ingest.errors import IngestError
from ingest.loaders.base import (
    DEFAULT_MAX_BYTES,
    Block,
    LoadedDocument,
    decode_text,
    read_bytes,
    require_content,
)
from ingest.loaders.tables import row_text

_DROP_TAGS = ("script", "style", "noscript", "template", "form", "svg", "iframe", "button", "select",
              "input", "nav", "aside", "dialog", "object", "embed", "canvas")
_PAGE_CHROME = ("header", "footer")  # dropped unless they belong to the article itself
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog"}
_BOILERPLATE_MARKS = ("breadcrumb", "cookie", "skip-link", "skiplink", "skip-to", "quick-exit", "quickexit")
# Matched as whole words only: 'share' must not catch class="shared-learning".
_BOILERPLATE_WORDS = {"share", "sharing", "social", "sharethis", "addthis"}
_TOKEN = re.compile(r"[a-z0-9]+")
_SKIP_LINK = re.compile(r"^\s*skip\s+to\s+(main\s+)?content\s*$", re.I)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_TEXT_BLOCKS = {"p", "blockquote", "pre", "dt", "dd", "figcaption", "caption", "address", "summary"}
_CONTAINERS = {"div", "section", "article", "main", "body", "ul", "ol", "dl", "figure", "details",
               "center", "span", "td", "th", "tbody", "thead", "tfoot", "header", "footer", "html", "font"}
_BLOCK_LEVEL = set(_HEADINGS) | _TEXT_BLOCKS | {"li", "table", "tr", "ul", "ol", "dl", "div", "section",
                                                 "article", "main", "figure", "details", "hr", "br", "header",
                                                 "footer"}
_WS = re.compile(r"\s+")


def _marks(tag: Tag) -> str:
    attrs = tag.attrs or {}
    parts = [attrs.get("id") or "", attrs.get("aria-label") or "", attrs.get("role") or ""]
    cls = attrs.get("class") or []
    parts.extend(cls if isinstance(cls, list) else [cls])
    return " ".join(str(p) for p in parts).lower()


def _strip_boilerplate(root: Tag) -> None:
    for c in root.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    doomed = []
    for tag in root.find_all(True):
        if tag.name in _PAGE_CHROME and tag.find_parent(("article", "main")) is None:
            doomed.append(tag)
            continue
        m = _marks(tag)
        role = str((tag.attrs or {}).get("role", "")).lower()
        if (role in _DROP_ROLES or any(k in m for k in _BOILERPLATE_MARKS)
                or not _BOILERPLATE_WORDS.isdisjoint(_TOKEN.findall(m))):
            if tag.name not in ("body", "html", "main", "article"):
                doomed.append(tag)
                continue
        if tag.name == "a" and _SKIP_LINK.match(tag.get_text(" ")):
            doomed.append(tag)
    for tag in doomed:
        if not getattr(tag, "decomposed", False) and tag.parent is not None:
            tag.decompose()


def _text(node: Tag | NavigableString) -> str:
    if isinstance(node, NavigableString):
        return _WS.sub(" ", str(node))
    return _WS.sub(" ", node.get_text(" ")).strip()


def _has_block_child(tag: Tag, kinds: set[str] | frozenset[str] = frozenset(_BLOCK_LEVEL)) -> bool:
    return any(isinstance(c, Tag) and c.name in kinds for c in tag.descendants)


# A cell holding these is page layout, not data; a <br> inside a data cell is not.
_LAYOUT_IN_CELL = frozenset(set(_HEADINGS) | {"p", "ul", "ol", "li", "table", "div", "blockquote", "section"})


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._inline: list[str] = []

    def _flush(self) -> None:
        text = _WS.sub(" ", " ".join(self._inline)).strip()
        self._inline = []
        if text:
            self.blocks.append(Block("paragraph", text))

    def _emit(self, kind: str, text: str, level: int = 0) -> None:
        self._flush()
        text = _WS.sub(" ", text).strip()
        if text:
            self.blocks.append(Block(kind, text, level))

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    self._inline.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _HEADINGS:
                self._emit("heading", _text(child), _HEADINGS[name])
            elif name == "li":
                self._li(child)
            elif name == "table":
                self._table(child)
            elif name in _TEXT_BLOCKS:
                if _has_block_child(child):
                    self._flush()
                    self.walk(child)
                    self._flush()
                else:
                    self._emit("paragraph", _text(child))
            elif name in ("br", "hr"):
                self._flush()
            elif name in _CONTAINERS or name in _BLOCK_LEVEL:
                self._flush()
                self.walk(child)
                self._flush()
            else:  # inline: a, strong, em, span-like
                if _has_block_child(child):
                    self._flush()
                    self.walk(child)
                    self._flush()
                else:
                    self._inline.append(child.get_text(" "))
        # Text directly inside a container ends with it.

    def _li(self, li: Tag) -> None:
        self._flush()
        own: list[str] = []
        nested: list[Tag] = []
        for c in li.children:
            if isinstance(c, Tag) and c.name in ("ul", "ol", "table"):
                nested.append(c)
            elif isinstance(c, Tag) and c.name in _BLOCK_LEVEL and _has_block_child(c):
                nested.append(c)
            elif isinstance(c, Tag):
                own.append(c.get_text(" "))
            elif not isinstance(c, Comment):
                own.append(str(c))
        self._emit("list_item", " ".join(own))
        for n in nested:
            if n.name == "table":
                self._table(n)
            else:
                self.walk(n)
                self._flush()

    def _table(self, table: Tag) -> None:
        self._flush()
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        cells_of = [[c for c in tr.find_all(("td", "th")) if c.find_parent("tr") is tr] for tr in rows]
        # Layout tables (cells holding paragraphs or lists) are read as their content.
        if any(_has_block_child(c, _LAYOUT_IN_CELL) for cells in cells_of for c in cells):
            for cells in cells_of:
                for c in cells:
                    self.walk(c)
                    self._flush()
            return
        header: list[str] | None = None
        for tr, cells in zip(rows, cells_of, strict=True):
            texts = [_text(c) for c in cells]
            if not any(texts):
                continue
            if header is None and cells and all(c.name == "th" for c in cells) and len(cells) >= 2:
                header = texts
                continue
            if header is None and tr.find_parent("thead") is not None:
                header = texts
                continue
            self._emit("table_row", row_text(header, texts))


def parse_html(text: str, source: str) -> LoadedDocument:
    soup = BeautifulSoup(text, "lxml")
    title_tag = soup.find("title")
    page_title = _text(title_tag) if title_tag else ""
    body = soup.body or soup
    _strip_boilerplate(body)
    articles = body.find_all("article")
    # One article is the page's content; several (a listing page) are all content.
    root = body.find("main") or body.find(attrs={"role": "main"}) or (articles[0] if len(articles) == 1 else body)
    walker = _Walker()
    walker.walk(root)
    walker._flush()
    # The content's own h1, else the page <title> (minus ' | Site name'): an h1 in the
    # page chrome is usually the site's name, not the document's.
    h1 = root.find("h1")
    title = _text(h1) if h1 else (re.split(r"\s+[|–-]\s+", page_title)[0].strip() or None)
    return LoadedDocument(source=source, title=title or None, blocks=walker.blocks, fmt="html")


def load_html(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    data = read_bytes(path, max_bytes)
    text = _decode_html(data, path)
    try:
        doc = parse_html(text, str(path))
    except Exception as e:  # lxml/bs4 rarely fail, but a user must get a line, not a trace
        raise IngestError(path, f"unreadable HTML: {e}") from None
    return require_content(doc, path)


def _decode_html(data: bytes, path: Path) -> str:
    head = data[:2048].lower()
    m = re.search(rb'charset=["\']?([a-z0-9_\-]+)', head)
    if m:
        enc = m.group(1).decode("ascii", "ignore")
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path)
