"""The PDF, DOCX and HTML twins in ../shared/formats must say what their .txt twins say."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.loaders import load
from ingest.passages import build_passages

SHARED = Path(__file__).resolve().parents[2] / "shared"
FORMATS = SHARED / "formats"

pytestmark = pytest.mark.corpus


def _twins() -> list[tuple[str, Path]]:
    manifest = FORMATS / "manifest.json"
    if not manifest.is_file():
        return []
    docs = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
    return [(d["file"], (FORMATS / d["same_as"]).resolve()) for d in docs if d.get("same_as")]


TWINS = _twins()
_WORD = re.compile(r"[a-z0-9]+")


def _grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


_CACHE: dict[Path, tuple[str, list]] = {}


def _passages(path: Path):
    if path not in _CACHE:
        _CACHE[path] = build_passages("twin", "t", load(path))
    return _CACHE[path]


def test_twins_present_or_skip():
    if not TWINS:
        pytest.skip("../shared/formats not present")
    assert {Path(f).suffix for f, _ in TWINS} >= {".pdf", ".docx", ".html"}


@pytest.mark.parametrize("twin,txt", TWINS, ids=[f for f, _ in TWINS])
def test_twin_covers_txt_content(twin, txt):
    if not txt.is_file():
        pytest.skip(f"{txt} missing")
    twin_text, twin_passages = _passages(FORMATS / twin)
    txt_text, _ = _passages(txt)
    assert all(twin_text[p.start:p.end] == p.text for p in twin_passages)
    want = _grams(txt_text)
    got = _grams(" ".join(p.text for p in twin_passages))
    coverage = len(want & got) / len(want)
    assert coverage >= 0.95, f"{twin}: only {coverage:.1%} of the .txt twin's 5-grams found"
    # ...and the twin adds little the .txt does not say (boilerplate would show up here).
    precision = len(want & got) / len(got)
    assert precision >= 0.95, f"{twin}: {1 - precision:.1%} of its 5-grams are not in the .txt twin"


def test_html_twin_has_no_boilerplate():
    html = [f for f, _ in TWINS if f.endswith(".html")]
    if not html:
        pytest.skip("no HTML twin")
    path = FORMATS / html[0]
    raw = path.read_text(encoding="utf-8")
    text, passages = _passages(path)
    # Whatever sits only in the page chrome (nav, breadcrumb, aside, footer, script) must not appear.
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "lxml")
    chrome = []
    for tag in soup.find_all(["nav", "aside", "footer", "script", "style"]):
        chrome.extend(s.strip() for s in tag.stripped_strings if len(s.strip()) > 3)
    for tag in soup.find_all(attrs={"class": re.compile("breadcrumb|cookie", re.I)}):
        chrome.extend(s.strip() for s in tag.stripped_strings if len(s.strip()) > 3)
    main = soup.find("main")
    main_text = main.get_text(" ") if main else ""
    only_chrome = [c for c in chrome if c not in main_text]
    assert only_chrome, "fixture changed: no boilerplate to check"
    for c in only_chrome:
        assert c not in text, f"boilerplate leaked into passages: {c!r}"
    assert "cookie" not in text.lower()
    assert "dataLayer" not in text and "gtag" not in text


def test_pdf_twin_keeps_pages():
    pdfs = [f for f, _ in TWINS if f.endswith(".pdf")]
    if not pdfs:
        pytest.skip("no PDF twin")
    from pypdf import PdfReader

    path = FORMATS / pdfs[0]
    n_pages = len(PdfReader(str(path)).pages)
    _, passages = _passages(path)
    pages = [p.page for p in passages]
    assert all(isinstance(p, int) and 1 <= p <= n_pages for p in pages)
    assert pages == sorted(pages)
    assert len(set(pages)) >= n_pages * 0.9  # nearly every page contributes a passage
    # A passage that starts on one page and ends on the next is kept whole (page = where it starts).
    assert any(p.kind == "paragraph" and len(p.text) > 200 for p in passages)


def test_docx_and_pdf_keep_structure_of_txt():
    """Headings and list items found in the .txt are found with the same kind in the twins."""
    for twin, txt in TWINS:
        if twin.endswith(".html") or not txt.is_file():
            continue
        _, tp = _passages(FORMATS / twin)
        _, xp = _passages(txt)
        twin_kinds = {(p.kind, p.text) for p in tp}
        want = [(p.kind, p.text) for p in xp if p.kind in ("heading", "list_item")]
        same = sum(1 for k in want if k in twin_kinds)
        assert same / len(want) >= 0.85, f"{twin}: {same}/{len(want)} headings and list items match"


def test_docx_and_pdf_passages_match_txt():
    """Same passages (kind and text) as the .txt, so extraction sees the same sentences."""
    for twin, txt in TWINS:
        if twin.endswith(".html") or not txt.is_file():
            continue
        _, tp = _passages(FORMATS / twin)
        _, xp = _passages(txt)
        have = {(p.kind, p.text) for p in tp}
        same = sum(1 for p in xp if (p.kind, p.text) in have)
        assert same / len(xp) >= 0.9, f"{twin}: {same}/{len(xp)} passages identical to the .txt twin's"


def test_corpus_passages_are_spans_of_clean_text():
    corpus = SHARED / "corpus"
    files = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus not present")
    for f in files:
        text, passages = _passages(f)
        assert passages, f
        for p in passages:
            assert text[p.start:p.end] == p.text
            assert 0 < len(p.text) <= 1500
            assert "](#)" not in p.text and "[bookmark:" not in p.text and "**" not in p.text
        # no contents list survives: 'Title<tab>page N' lines are gone
        assert not any(p.text.lower().rstrip().endswith(("page 4", "page 52")) for p in passages), f
