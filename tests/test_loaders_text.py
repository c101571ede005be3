"""Loaders for text-based formats (txt, md, html, csv) and the bad-input classes they share."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.loaders import load
from ingest.loaders.base import decode_text

FIX = Path(__file__).parent / "fixtures" / "loaders"


def kinds(doc):
    return [(b.kind, b.text) for b in doc.blocks]


def block(doc, startswith):
    for b in doc.blocks:
        if b.text.startswith(startswith):
            return b
    raise AssertionError(f"no block starting {startswith!r} in {[b.text[:40] for b in doc.blocks]}")


# --- txt -------------------------------------------------------------------------------------------

def test_txt_headings_lists_and_wrapped_lines():
    doc = load(FIX / "annual-report.txt")
    assert doc.fmt == "txt"
    assert doc.title == "Northvale Safeguarding Children Partnership"
    assert block(doc, "Northvale Safeguarding").kind == "heading"
    assert block(doc, "Northvale Safeguarding").level == 1
    for h in ("Chair's Foreword", "Learning from Reviews", "MULTI-AGENCY TRAINING"):
        b = [x for x in doc.blocks if x.text == h]
        assert b and b[0].kind == "heading" and b[0].level == 2, h
    # Each bullet style is its own list item; glyphs dropped, enumerators kept.
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == [
        "A new escalation protocol has been developed and shared with all agencies.",
        "The neglect toolkit is being refreshed by the Neglect Sub-group.",
        "Training on professional curiosity will be delivered to school staff.",
        "1. Health visitors will complete the new screening form at every contact.",
        "a) Audits will follow in the autumn.",
    ]
    # A line broken after 'was' continues the sentence; so do lines starting lower case.
    review = block(doc, "The Case Review Group considered")
    assert "Thematic Review](#) was published in the spring." in review.text
    training = block(doc, "The training offer ran")
    assert "more confident in recognising signs of neglect and in escalating their concerns" in training.text
    # A paragraph cut by a blank line mid-sentence is rejoined.
    assert block(doc, "The Partnership's evaluation").text.endswith("shorter sessions that could be delivered online.")
    assert "Key actions agreed by the partnership:" in [b.text for b in doc.blocks if b.kind == "paragraph"]


def test_txt_long_lines_are_not_joined_across_sentences(tmp_path):
    p = tmp_path / "lines.txt"
    p.write_text(
        "Serious Case Work\n"
        "The group met in March and agreed its terms of reference for the coming year.\n"
        "The chair reported on progress to the executive in April and again in September.\n",
        encoding="utf-8",
    )
    doc = load(p)
    assert kinds(doc) == [
        ("heading", "Serious Case Work"),
        ("paragraph", "The group met in March and agreed its terms of reference for the coming year."),
        ("paragraph", "The chair reported on progress to the executive in April and again in September."),
    ]


def test_txt_hard_wrapped_file_is_rejoined(tmp_path):
    text = (
        "The partnership has worked hard this year to strengthen the way that agencies\n"
        "share information about children who are at risk of exploitation outside the\n"
        "home. Police, health and children's services now meet weekly to consider every\n"
        "referral together.\n"
        "\n"
        "A second paragraph describes the schools programme, which reached every\n"
        "secondary school in the borough and was evaluated by an independent adviser\n"
        "Northvale University in the summer.\n"
    )
    p = tmp_path / "wrapped.txt"
    p.write_text(text * 2, encoding="utf-8")
    doc = load(p)
    paras = [b.text for b in doc.blocks]
    assert len(paras) == 4
    assert paras[0].startswith("The partnership has worked hard") and paras[0].endswith("referral together.")
    assert "outside the home. Police" in paras[0]
    assert paras[1].endswith("by an independent adviser Northvale University in the summer.")


def test_markdown_headings_tables_and_soft_breaks():
    doc = load(FIX / "briefing.md")
    assert doc.fmt == "md"
    assert doc.title == "Seven Minute Briefing: Child R"
    heads = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert heads == [("Seven Minute Briefing: Child R", 1), ("Background", 2), ("What we found", 2),
                     ("Recommendations", 3), ("Learning Points", 1)]
    bg = block(doc, "Child R was a toddler")
    assert bg.text.endswith("This sentence continues the same paragraph on a wrapped line.")
    rows = [b.text for b in doc.blocks if b.kind == "table_row"]
    assert rows == [
        "Recommendation: Review escalation policy; Lead agency: Partnership Business Unit; Due date: March 2031",
        "Recommendation: Record household members; Lead agency: Health; Due date: June 2031",
    ]
    assert [b.text for b in doc.blocks if b.kind == "list_item"][2:] == [
        "1. The partnership should review its escalation policy.",
        "2. Agencies should record who lives in the household.",
    ]


# --- html ------------------------------------------------------------------------------------------

def test_html_keeps_content_and_drops_boilerplate():
    doc = load(FIX / "page.html")
    assert doc.fmt == "html"
    assert doc.title == "Learning from Reviews"
    everything = " ".join(b.text for b in doc.blocks)
    for noise in ("SCRIPT", "STYLE", "COOKIE", "HEADER", "NAV", "BREADCRUMB", "ASIDE", "FOOTER", "FORM",
                  "NOSCRIPT"):
        assert f"{noise}-BOILERPLATE" not in everything, noise
    assert "Skip to content" not in everything
    assert kinds(doc)[:3] == [
        ("heading", "Learning from Reviews"),
        ("paragraph", "The partnership publishes what it learns from local reviews so that every agency can "
                      "improve practice."),
        ("heading", "Our reviews"),
    ]
    assert [b.level for b in doc.blocks if b.kind == "heading"] == [1, 2, 3]
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == ["The Riverside Learning Review was published in June.",
                     "An action plan is monitored by the Case Review Group.",
                     "A thematic review of neglect is under way."]
    rows = [b.text for b in doc.blocks if b.kind == "table_row"]
    assert rows == ["Action: Refresh the neglect strategy; Owner: Neglect Sub-group; Status: Complete",
                    "Action: Launch a multi-agency audit; Owner: Quality Assurance Group; Status: In progress"]
    assert ("paragraph", "“The review helped us see the family as a whole.”") in kinds(doc)
    assert ("paragraph", "Text directly inside a div is kept as a paragraph.") in kinds(doc)
    assert ("paragraph", "And so is the line after a break.") in kinds(doc)


def test_html_without_main_uses_body_and_title_tag(tmp_path):
    p = tmp_path / "plain.htm"
    p.write_text("<html><head><title>Neglect Strategy | Site</title></head><body>"
                 "<nav>Menu</nav><p>Neglect remains the most common reason for a plan.</p>"
                 "<table><tr><td>Year</td><td>Plans</td></tr><tr><td>2030</td><td>120</td></tr></table>"
                 "</body></html>", encoding="utf-8")
    doc = load(p)
    assert doc.title == "Neglect Strategy"
    assert kinds(doc) == [("paragraph", "Neglect remains the most common reason for a plan."),
                          ("table_row", "Year | Plans"), ("table_row", "2030 | 120")]


# --- csv -------------------------------------------------------------------------------------------

def test_csv_rows_and_header_detection():
    doc = load(FIX / "action-plan.csv")
    assert doc.fmt == "csv"
    assert doc.title == "Northvale Review Action Plan"
    assert doc.rows is not None and len(doc.rows) == 3
    assert list(doc.rows[0]) == ["Recommendation", "Action", "Lead agency", "Due date", "Status"]
    assert doc.rows[1]["Action"] == "Train staff on household composition, including new partners"
    assert doc.rows[2]["Due date"] == ""
    assert all(b.kind == "table_row" for b in doc.blocks)
    assert doc.blocks[2].text == ("Recommendation: 3; Action: Audit the use of the neglect toolkit; "
                                  "Lead agency: Children's Services; Status: Planned")


def test_csv_semicolons_and_windows_1252():
    doc = load(FIX / "action-plan-cp1252.csv")
    assert doc.rows == [
        {"Recommendation": "1", "Action": "Refresh the café outreach – phase two", "Owner": "Early Help",
         "Status": "Planned"},
        {"Recommendation": "2", "Action": "Review “front door” data", "Owner": "Police", "Status": "Complete"},
    ]


def test_csv_with_bom_and_tabs(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_bytes("\ufeffAction\tOwner\nAudit plans\tPolice\n".encode())
    doc = load(p)
    assert doc.rows == [{"Action": "Audit plans", "Owner": "Police"}]


# --- bad input -------------------------------------------------------------------------------------

def test_unsupported_type(tmp_path):
    p = tmp_path / "minutes.pptx"
    p.write_bytes(b"PK\x03\x04not really")
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.path == str(p)
    assert "unsupported file type '.pptx'" in e.value.reason
    assert str(e.value).startswith(f"{p}: unsupported file type")
    assert "\n" not in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="file not found"):
        load(tmp_path / "nowhere.txt")


def test_undecodable_text(tmp_path):
    p = tmp_path / "binary.txt"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason == "undecodable text (not UTF-8 or Windows-1252)"
    q = tmp_path / "nul.md"
    q.write_bytes(b"# Title\n\x00\x00\x00 hidden binary\n")
    with pytest.raises(IngestError, match="undecodable text"):
        load(q)


def test_windows_1252_text_is_accepted():
    assert decode_text("Children’s café – 2031".encode("cp1252"), "x.txt") == "Children’s café – 2031"
    assert decode_text("\ufeffPlain".encode(), "x.txt") == "Plain"
    assert decode_text("Plain wide".encode("utf-16"), "x.txt") == "Plain wide"


@pytest.mark.parametrize("name", ["big.txt", "big.html", "big.csv", "big.pdf", "big.docx", "big.xlsx", "big.md"])
def test_over_size_limit(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"a" * 2_000)
    with pytest.raises(IngestError) as e:
        load(p, max_bytes=1_000)
    assert e.value.reason.startswith("over the size limit")


@pytest.mark.parametrize("name,content", [
    ("empty.txt", b""),
    ("blank.txt", b"  \n\n\t\n"),
    ("blank.md", b"\n\n"),
    ("empty.html", b"<html><body><nav>Only navigation</nav><script>x()</script></body></html>"),
    ("empty.csv", b"\n\n"),
    ("header-only.csv", b"Action,Owner\n"),
])
def test_empty_documents(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(IngestError) as e:
        load(p)
    assert e.value.reason == "empty document"


def test_html_share_words_and_several_articles(tmp_path):
    p = tmp_path / "listing.html"
    p.write_text("<body><div class='social-share'>Share on X</div>"
                 "<article><h2>First news</h2><p>The first item of news about training.</p></article>"
                 "<article class='shared-learning'><h2>Second news</h2><p>Learning shared by the panel.</p></article>"
                 "</body>", encoding="utf-8")
    doc = load(p)
    assert kinds(doc) == [("heading", "First news"), ("paragraph", "The first item of news about training."),
                          ("heading", "Second news"), ("paragraph", "Learning shared by the panel.")]


def test_wrapped_line_ending_in_a_number_is_joined(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("Referrals\n\nWe received more referrals this year and completed assessments within 45\n"
                 "days of referral in almost every case, which the partners welcomed.\n", encoding="utf-8")
    assert [b.text for b in load(p).blocks][1] == (
        "We received more referrals this year and completed assessments within 45 days of referral in almost "
        "every case, which the partners welcomed.")


def test_html_data_table_with_line_breaks_and_layout_table(tmp_path):
    p = tmp_path / "tables.html"
    p.write_text("<main><table><tr><th>Action</th><th>Owner</th></tr>"
                 "<tr><td>Refresh policy<br>and share it</td><td>Police</td></tr></table>"
                 "<table><tr><td><p>A layout cell paragraph about neglect.</p><ul><li>A point</li></ul></td></tr>"
                 "</table></main>", encoding="utf-8")
    assert kinds(load(p)) == [("table_row", "Action: Refresh policy and share it; Owner: Police"),
                              ("paragraph", "A layout cell paragraph about neglect."),
                              ("list_item", "A point")]
