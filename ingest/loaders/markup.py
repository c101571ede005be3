"""Inline noise shared by every format: link markup, emphasis markers, stray tags, TOC lines.

Loaders use these to judge a line's shape (is it a heading?) and passages.py uses
them to clean the text that gets indexed, so both agree on what a line says.
"""
from __future__ import annotations

import re

# [text](target) where target may itself hold one level of parentheses.
_LINK = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_BOOKMARK = re.compile(r"\[bookmark:\s*[^\]]*\]", re.I)
_EMPHASIS = re.compile(r"\*\*|__")
_ESCAPE = re.compile(r"\\([\\()\[\]*_#.!+\-`{}|>])")
_TAG = re.compile(
    r"</?(?:p|ul|ol|li|br|span|div|strong|em|b|i|u|a|td|tr|th|table|tbody|thead|font|sup|sub|h[1-6])"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)
# 'Care Board£62,663': PDF table cells run together; an amount is its own word.
_GLUED_AMOUNT = re.compile(r"(?<=[a-z)])(?=[£$€]\d)")


def clean_inline(text: str) -> str:
    """Markup -> plain words: '[text](#)' -> 'text', '**x**' -> 'x', stray HTML tags, escapes."""
    if "[" in text:
        text = _BOOKMARK.sub("", text)
        text = _LINK.sub(lambda m: m.group(1), text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "£" in text or "$" in text or "€" in text:
        text = _GLUED_AMOUNT.sub(" ", text)
    # str.split() and re's \s agree on what whitespace is, so this is the regex collapse-and-strip, faster
    return " ".join(text.split())


# 'Learning from Reviews ....... 52', 'Introduction\t4', 'Governance page 57' (not 'see page 5').
_TOC_STRONG = re.compile(
    r"(?:\.{3,}|…+|\t)\s*(?:page\s*)?\d{1,3}\s*$|(?<!\bon )(?<!\bsee )(?<!\bat )(?<!\bto )\bpage\s*\d{1,3}\s*$"
    r"|\S(?:page)\s*\d{1,3}\s*$",
    re.I,
)
# 'Introduction 4': only noise when several come together (a contents list).
_TOC_WEAK = re.compile(r"^[^\s\d][^.!?]{1,100}?\s\d{1,3}\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–])?\s*$", re.I)
_CONTENTS = re.compile(r"^\s*(?:table of )?contents\s*:?\s*$", re.I)


def is_toc_line(text: str) -> bool:
    """A contents entry for sure: dot leaders, tab + number, or '... page 52'."""
    t = text.strip()
    # every match ends in a digit, and t ends in no space: most lines fail the cheap test first
    return 0 < len(t) <= 160 and t[-1].isdigit() and bool(_TOC_STRONG.search(t))


def is_weak_toc_line(text: str) -> bool:
    """'Title 12': a contents entry only if it sits among others."""
    t = text.strip()
    return t[-1:].isdigit() and bool(_TOC_WEAK.match(t))  # a match ends in a digit (t ends in no space)


# '£156,000', '97,500', '19%' end a table's rows too; with no dot leaders such a row is data, not a
# contents entry, and a budget table must not be dropped as one.
_FIGURES = re.compile(r"[£$€%]|\d,\d{3}\b")
_LEADERS = re.compile(r"\.{3,}|…")


def is_figures_row(text: str) -> bool:
    """A row of a table of amounts or shares ('Police   £59,000   19'), which contents entries never are."""
    return bool(_FIGURES.search(text)) and not _LEADERS.search(text)


def is_page_number(text: str) -> bool:
    """'12', 'Page 3 of 61', '- 4 -'."""
    return bool(_PAGE_NUMBER.match(text))


# Website widgets that survive text extraction: safeguarding sites carry a 'Quick Exit'
# button on every page. Only whole lines are matched, never words inside sentences.
_WIDGET = re.compile(
    r"^\s*(?:quick\s+exit|exit\s+(?:this\s+)?site(?:\s+quickly)?|hide\s+this\s+page|skip\s+to\s+(?:main\s+)?content"
    r"|back\s+to\s+top|print\s+(?:this\s+)?page|share\s+(?:this\s+)?page|accept\s+(?:all\s+)?cookies"
    r"|reject\s+(?:all\s+)?cookies|cookie\s+settings|image\d*\.(?:png|jpe?g|gif|emf|wmf))\s*$",
    re.I,
)


def is_widget_line(text: str) -> bool:
    """'Quick Exit', 'Skip to content', 'image1.jpeg' and the like: page furniture, not content."""
    return bool(_WIDGET.match(text))


_GARBAGE_SYMBOLS = re.compile(r"[|=~¥\[\]{}\\_^<>@#%+]")
_SHORT_WORDS = frozenset("a an of to in on or is at by be we it as no so if do go up us my me he x & - – 1 2 3 4 5 6 7 8 9".split())
# Punctuation stripped from a token's ends before judging its length.
_EDGE = ".,;:()'\"!?"
_EDGE_SET = frozenset(_EDGE)


def _fewer_letters_than_two(t: str) -> bool:
    letters = 0
    for c in t:
        if c.isalpha():
            letters += 1
            if letters == 2:
                return False  # enough: no need to count the rest
    return True


def is_garbage(text: str) -> bool:
    """OCR debris (a screenshot's toolbar, a diagram read as text): 'S o 1) oty A s i G 6'.

    Judged on shape only, so it works for any document: many one- and two-letter
    fragments that are not English function words, or a high share of stray symbols.
    """
    t = text.strip()
    if not t:
        return True
    if _fewer_letters_than_two(t) and not any(c.isdigit() for c in t):
        return True
    if len(t) >= 6 and "@" not in t:
        symbols = len(_GARBAGE_SYMBOLS.findall(t))
        if symbols / len(t) > 0.08:
            return True
    tokens = t.split()
    if len(tokens) >= 4:
        # Two-letter capitals are usually acronyms (CS, ED), so only lower-case pairs count.
        frag = 0
        for w in tokens:
            if len(w) > 2 and w[0] not in _EDGE_SET and w[-1] not in _EDGE_SET:
                continue  # nothing to strip: three characters or more stay
            w = w.strip(_EDGE)
            if 0 < len(w) <= 2 and (len(w) == 1 or w.islower()) and w.lower() not in _SHORT_WORDS \
                    and not w.isdigit():
                frag += 1
        if frag / len(tokens) > 0.3:
            return True
    return False


def is_contents_heading(text: str) -> bool:
    return bool(_CONTENTS.match(text))
