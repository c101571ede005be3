"""The loaders' fast paths decide exactly as the plain regex versions they replaced.

Each check below is a short reference implementation (the one the code used before) run side by side
with the library function on our own demo corpus's lines and on random strings built from the
characters the rules care about (punctuation, closers, digits, odd whitespace, the letters that case
folding treats specially).
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from ingest.loaders import markup, textblocks

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\S+")
_SYMBOLS = set("|=~¥[]{}\\_^<>@#%+")
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
_HYPHEN_BREAK = re.compile(r"[A-Za-z]-$")

_ALPHABET = list("aZbQ xy.,;:()'\"!?|=~¥[]{}\\_^<>@#%+0123456789\t\n-–&/é") + [
    "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028", "”", "’", "…", "of", "the", "and", "page", "CS",
    "ab", "**", "[x](#)", "<b>", "£5", "...", " 12", "Page 3",
]


def _samples(n: int = 40_000) -> list[str]:
    rnd = random.Random(7)
    out = []
    root = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    for path in sorted(root.glob("*.txt")) + sorted(root.glob("*.md")):
        out += path.read_text(encoding="utf-8").split("\n")
    out += ["", " ", "a", "I", "S o 1) oty A s i G 6", "x.\n", "x.\n\n", "end.”)", "multi-", "Contents 3"]
    for _ in range(n):
        out.append("".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 24))))
    return out


def _garbage_reference(text: str) -> bool:
    t = text.strip()
    if not t:
        return True
    letters = sum(1 for c in t if c.isalpha())
    if letters < 2 and not any(c.isdigit() for c in t):
        return True
    if len(t) >= 6 and "@" not in t:
        if sum(t.count(c) for c in _SYMBOLS) / len(t) > 0.08:
            return True
    tokens = _TOKEN.findall(t)
    if len(tokens) >= 4:
        words = [w.strip(".,;:()'\"!?") for w in tokens]
        frag = sum(1 for w in words if w.lower() not in markup._SHORT_WORDS and not w.isdigit()
                   and (len(w) == 1 or (len(w) == 2 and w.islower())))
        if frag / len(tokens) > 0.3:
            return True
    return False


def _ends_open_reference(s: str) -> bool:
    s = s.rstrip()
    if not s:
        return False
    if s[-1] in ",-–&/(\\[":
        return True
    if s.count("[") > s.count("]") or s.count("(") > s.count(")"):
        return True
    m = _LAST_WORD.search(s)
    return bool(m) and s[-1].isalpha() and m.group(1).lower() in textblocks._FUNCTION_WORDS


def _raw_text_reference(lines: list[str]) -> str:
    out = ""
    for s in lines:
        s = s.strip()
        if not out:
            out = s
        elif _HYPHEN_BREAK.search(out) and s[:1].islower():
            out += s
        else:
            out = f"{out} {s}"
    return out


def test_markup_fast_paths_agree_with_the_regex_versions():
    toc_strong, toc_weak = markup._TOC_STRONG, markup._TOC_WEAK
    mismatches = []
    for s in _samples():
        t = s.strip()
        checks = {
            "is_garbage": (markup.is_garbage(s), _garbage_reference(s)),
            "clean_inline collapse": (" ".join(s.split()), _WS.sub(" ", s).strip()),
            "is_toc_line": (markup.is_toc_line(s),
                            0 < len(t) <= 160 and not t.endswith(".") and bool(toc_strong.search(t))),
            "is_weak_toc_line": (markup.is_weak_toc_line(s), bool(toc_weak.match(t))),
        }
        mismatches += [(name, s) for name, (got, want) in checks.items() if got != want]
    assert mismatches == []
    assert markup.is_garbage("S o 1) oty A s i G 6") and not markup.is_garbage("The Board met in May.")


def test_textblocks_fast_paths_agree_with_the_regex_versions():
    samples = _samples()
    mismatches = [(name, s) for s in samples for name, got, want in (
        ("_is_terminal", textblocks._is_terminal(s), bool(textblocks._TERMINAL.search(s))),
        ("_ends_open", textblocks._ends_open(s), _ends_open_reference(s)),
    ) if got != want]
    rnd = random.Random(3)
    for _ in range(20_000):
        lines = [rnd.choice(samples) for _ in range(rnd.randint(1, 4))]
        if textblocks._Raw("text", lines).text != _raw_text_reference(lines):
            mismatches.append(("_Raw.text", lines))
    assert mismatches == []
    assert textblocks._Raw("text", ["multi-", "agency work"]).text == "multi-agency work"
