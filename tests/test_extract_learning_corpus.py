"""The learning rules on the shared corpus against the hand annotation (skipped without ../shared).

Floors a little under the current figures: they catch regressions, not tuning noise."""
from __future__ import annotations

import importlib.util

import pytest


def _score_module(shared):
    spec = importlib.util.spec_from_file_location("shared_score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rows(request):
    from tests.conftest import SHARED

    if not (SHARED / "corpus" / "manifest.json").exists():
        pytest.skip("../shared is not beside this checkout")
    import json

    from bench.eval_extract import run

    export = run(SHARED / "corpus")
    score = _score_module(SHARED)
    gold = json.loads((SHARED / "eval" / "gold_seeds.json").read_text(encoding="utf-8"))
    table, _total, _ = score.score(gold, export)
    return {k: score.prf(*v)[2] for k, v in table.items()}


@pytest.mark.parametrize("row,floor", [("entity Review", 0.85), ("entity Action", 0.6),
                                       ("relation RESPONDS_TO", 0.7), ("relation COMMISSIONED_BY", 0.5)])
def test_learning_scores_stay_above_floor(rows, row, floor):
    assert rows[row] >= floor, f"{row} F1 {rows[row]:.3f} fell below {floor}"
