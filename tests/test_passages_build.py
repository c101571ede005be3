"""build_passages: cleaning, section paths, offsets into the full text, long-paragraph splitting."""
from __future__ import annotations

from pathlib import Path

from ingest.loaders import load
from ingest.loaders.base import Block, LoadedDocument
from ingest.passages import MAX_PASSAGE_CHARS, build_passages, split_long

FIX = Path(__file__).parent / "fixtures" / "loaders"


def doc(*blocks: Block) -> LoadedDocument:
    return LoadedDocument(source="mem", title=None, blocks=list(blocks), fmt="txt")


def test_offsets_ids_and_sections():
    loaded = load(FIX / "annual-report.txt")
    text, passages = build_passages("nv-ar-2031", "northvale", loaded)
    assert passages, "no passages"
    for i, p in enumerate(passages):
        assert p.id == f"nv-ar-2031#p{i}" and p.seq == i
        assert p.doc_id == "nv-ar-2031" and p.tenant == "northvale"
        assert text[p.start:p.end] == p.text
        assert p.text == p.text.strip() and "  " not in p.text
    starts = [p.start for p in passages]
    assert starts == sorted(starts)
    by_text = {p.text: p for p in passages}
    lr = by_text["Learning from Reviews"]
    assert lr.kind == "heading"
    assert lr.section == "Northvale Safeguarding Children Partnership > Learning from Reviews"
    item = by_text["The neglect toolkit is being refreshed by the Neglect Sub-group."]
    assert item.kind == "list_item"
    assert item.section == "Northvale Safeguarding Children Partnership > Learning from Reviews"
    training = next(p for p in passages if p.text.startswith("The training offer"))
    assert training.section.endswith("> MULTI-AGENCY TRAINING")


def test_toc_links_and_page_furniture_are_cleaned():
    text, passages = build_passages("d", "t", load(FIX / "annual-report.txt"))
    texts = [p.text for p in passages]
    assert "Contents" not in texts
    assert not any("page 3" in t.lower() and "Foreword" in t for t in texts)
    assert not any(".........." in t for t in texts)
    assert "Page 3 of 20" not in text and "\n\n12" not in text
    review = next(t for t in texts if t.startswith("The Case Review Group considered"))
    assert "the Harbour Lane Thematic Review was published" in review
    assert "[" not in text and "](#)" not in text
    # A sentence that merely mentions a page is content, not a contents line.
    assert review.endswith("the full report can be found on page 14.")


def test_inline_markup_cleaning():
    loaded = doc(
        Block("paragraph", r"The [Harbour Review \(HR\)](#) led to **new** training; see [the guide](https://x.org/a_(b))."),
        Block("list_item", "[bookmark: _Hlk1234]Northvale Police"),
        Block("paragraph", "<p>EARLY HELP</p>\t<ul style=\"x\"> • Maintain links with schools."),
        Block("paragraph", "12"),
        Block("paragraph", "Page 4 of 9"),
        Block("paragraph", "   "),
    )
    text, passages = build_passages("d", "t", loaded)
    assert [p.text for p in passages] == [
        "The Harbour Review (HR) led to new training; see the guide.",
        "Northvale Police",
        "EARLY HELP • Maintain links with schools.",
    ]
    assert all(text[p.start:p.end] == p.text for p in passages)


def test_weak_toc_lines_only_dropped_in_runs():
    loaded = doc(
        Block("paragraph", "Introduction 3"),
        Block("paragraph", "Our Priorities 5"),
        Block("paragraph", "Learning from Reviews 12"),
        Block("heading", "Working Together 2018", level=2),
        Block("paragraph", "Children seen within 5"),
        Block("paragraph", "A full sentence follows here."),
    )
    _, passages = build_passages("d", "t", loaded)
    assert [p.text for p in passages] == ["Working Together 2018", "Children seen within 5",
                                          "A full sentence follows here."]


def test_heading_levels_make_paths():
    loaded = doc(
        Block("heading", "Annual Report", level=1),
        Block("heading", "Priorities", level=2),
        Block("heading", "Neglect", level=3),
        Block("paragraph", "Neglect text."),
        Block("heading", "Exploitation", level=3),
        Block("paragraph", "Exploitation text.", page=7),
        Block("heading", "Finances", level=2),
        Block("table_row", "Partner: Police; Amount: 10,000"),
    )
    _, passages = build_passages("d", "t", loaded)
    got = [(p.kind, p.text, p.section) for p in passages]
    assert got == [
        ("heading", "Annual Report", "Annual Report"),
        ("heading", "Priorities", "Annual Report > Priorities"),
        ("heading", "Neglect", "Annual Report > Priorities > Neglect"),
        ("paragraph", "Neglect text.", "Annual Report > Priorities > Neglect"),
        ("heading", "Exploitation", "Annual Report > Priorities > Exploitation"),
        ("paragraph", "Exploitation text.", "Annual Report > Priorities > Exploitation"),
        ("heading", "Finances", "Annual Report > Finances"),
        ("table_row", "Partner: Police; Amount: 10,000", "Annual Report > Finances"),
    ]
    assert passages[5].page == 7


def test_long_paragraph_split_at_sentences():
    sentence = "The partnership reviewed the multi-agency response to neglect in every locality this year. "
    para = (sentence * 40).strip()
    loaded = doc(Block("heading", "Neglect", level=2), Block("paragraph", para, page=3))
    text, passages = build_passages("d", "t", loaded)
    body = [p for p in passages if p.kind == "paragraph"]
    assert len(body) >= 3
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in body)
    assert all(p.text.endswith("this year.") for p in body)
    assert all(p.page == 3 and p.section == "Neglect" for p in body)
    assert all(text[p.start:p.end] == p.text for p in passages)
    # The pieces still read as one paragraph in the full text.
    assert text[body[0].start:body[-1].end] == para


def test_split_long_handles_one_giant_sentence():
    giant = "word " * 1000
    pieces = split_long(giant.strip(), 300)
    assert all(0 < len(p) <= 300 for p in pieces)
    assert " ".join(pieces) == giant.strip()


def test_empty_document_gives_no_passages():
    text, passages = build_passages("d", "t", doc(Block("paragraph", "  "), Block("paragraph", "[](#)")))
    assert text == "" and passages == []


def test_site_widgets_and_image_names_are_dropped(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text("Quick Exit\n\nNorthvale Partnership\n\nThe partnership publishes its reviews here for all "
                 "practitioners to read.\n\nimage1.jpeg\n\nUse the quick exit button if you need to leave.\n",
                 encoding="utf-8")
    loaded = load(p)
    assert loaded.title == "Northvale Partnership"
    _, passages = build_passages("d", "t", loaded)
    assert [p.text for p in passages] == [
        "Northvale Partnership",
        "The partnership publishes its reviews here for all practitioners to read.",
        "Use the quick exit button if you need to leave.",
    ]
    assert passages[0].kind == "heading" and loaded.blocks[1].level == 1
    assert passages[1].section == "Northvale Partnership"


def test_ocr_debris_is_dropped_but_acronyms_and_tables_stay():
    loaded = doc(
        Block("paragraph", "=] Outline |4| I = Ruler C)\\ |_ N One Page"),
        Block("paragraph", "S o 1) oty A s i G 6 o e G 012)"),
        Block("paragraph", "BBC CS and BHT ED meet every month."),
        Block("list_item", "1 lay member"),
        Block("table_row", "Agency | £94,222"),
    )
    _, passages = build_passages("d", "t", loaded)
    assert [p.text for p in passages] == ["BBC CS and BHT ED meet every month.", "1 lay member", "Agency | £94,222"]


def test_amounts_glued_to_words_by_pdf_tables_are_separated():
    _, passages = build_passages("d", "t", doc(Block("paragraph", "Northvale Police£18,300"),
                                               Block("paragraph", "Paid in US$40")))
    assert [p.text for p in passages] == ["Northvale Police £18,300", "Paid in US$40"]


def test_tables_of_amounts_are_rows_not_a_contents_list(tmp_path):
    """Rows ending in a number look like 'Title 12' contents entries; with amounts or shares they are data."""
    src = tmp_path / "budget.txt"
    src.write_text(
        "Budget 2030-31\n\n"
        "Westmarsh Council   £156,000   50\nWestmarsh ICB   £97,500   31\nWestmarsh Police   £59,000   19\n"
        "Total   £312,500   100\n\n"
        "Partner\tContribution\tShare\nWestmarsh Council\t£156,000\t50\nTotal\t£215,000\t69\n\n"
        "Contents\n\nIntroduction 3\nOur Priorities 5\nLearning from Reviews 12\n"
        "Introduction\t3\nGovernance\t7\n", encoding="utf-8")
    _, passages = build_passages("d", "t", load(src))
    rows = [p.text for p in passages if p.kind == "table_row"]
    assert rows == ["Westmarsh Council | £156,000 | 50", "Westmarsh ICB | £97,500 | 31",
                    "Westmarsh Police | £59,000 | 19", "Total | £312,500 | 100",
                    "Partner | Contribution | Share", "Westmarsh Council | £156,000 | 50", "Total | £215,000 | 69"]
    texts = [p.text for p in passages]
    assert not any(t.startswith(("Introduction", "Our Priorities", "Governance", "Contents")) for t in texts)


def test_a_numbered_heading_after_a_bullet_list_heads_a_section(tmp_path):
    """'3. What we found' over a paragraph heads a section even straight after a bullet list; '3.' after '2.' in a
    numbered list stays an item."""
    src = tmp_path / "review.txt"
    src.write_text(
        "2. Background\n\nThe review covered the period from January to June 2030. Agencies involved were:\n\n"
        "• Westmarsh Council children's social care\n• Westmarsh Police\n• the health visiting service\n\n"
        "3. What we found\n\nPractitioners did not always share information about the risks posed by adults.\n\n"
        "1. Neglect\n2. Exploitation\n3. Mental health\n\n"
        "The list above gives the themes the review addressed across the period under review.\n", encoding="utf-8")
    _, passages = build_passages("d", "t", load(src))
    kinds = {p.text: (p.kind, p.section) for p in passages}
    assert kinds["3. What we found"] == ("heading", "3. What we found")
    assert kinds["Practitioners did not always share information about the risks posed by adults."][1] == \
        "3. What we found"
    assert kinds["3. Mental health"][0] == "list_item" and kinds["Westmarsh Police"] == ("list_item", "2. Background")


def test_a_review_titled_with_its_subject_is_a_heading_not_a_label(tmp_path):
    src = tmp_path / "briefing.txt"
    src.write_text("Rapid Review: Baby E\n\nThe rapid review met in March 2031 to consider the injuries to Baby E.\n\n"
                   "Chair: Dr A Patel\n\nThe panel agreed that the criteria for a local review were met.\n",
                   encoding="utf-8")
    _, passages = build_passages("d", "t", load(src))
    kinds = {p.text: p.kind for p in passages}
    assert kinds["Rapid Review: Baby E"] == "heading"
    assert kinds["Chair: Dr A Patel"] != "heading"
