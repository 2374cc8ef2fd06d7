"""hetong against the filled-in contracts by outside authors kept in the repository (tests/realworld/filled,
scored by benchmarks/accuracy.py): unlike the shared corpus they are always there, so these floors hold on
every run."""

from __future__ import annotations

import importlib.util
import sys

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # its dataclasses look their module up
_spec.loader.exec_module(accuracy)  # type: ignore[union-attr]


def test_filled_contracts_floors():
    # filled-in contracts by outside authors (tests/realworld/filled, public pages): no value altered,
    # and what hetong reports as written right (522 of 526 values): the reviewer acts on it. Floors a little
    # under the figures of docs/accuracy.md (138 files: 460/565 values after a label or in brackets, 574/1705
    # in all, 261/271 unmasked party names; empty blanks paired one to one with the truth's: 10 false of 610
    # reported, 58 missed of 658 - the missed floor is what hetong does today, not the 3% it aims at). Most
    # of the values missed are inside sentences (18-138 are mostly contracts their parties wrote as prose,
    # 49-54 three one-line page scrapes), in a table a page laid out one cell per line (71, 89) or in the
    # recitals of listed companies' agreements (103-108, 115, 127-132), which only a template comparison can
    # tell. 37-42, 43-48, …, 127-132 and 133-138 were each scored once as they came, before any change for
    # them (docs/accuracy.md).
    scores = accuracy.run_filled()
    f = accuracy.filled_summary(scores)
    assert f["files"] >= 138, f
    assert f["values_altered"] == 0, [m for s in scores for m in s.altered]
    assert f["reported_right"] / f["reported"] >= 0.98, [d for s in scores for d in s.diff if "reported" in d]
    assert f["marked_right"] / f["marked"] >= 0.78, f
    assert f["right"] / f["values"] >= 0.33, f
    assert f["parties_right"] / (f["parties"] - f["parties_masked"]) >= 0.95, f
    assert f["empty_false"] <= 0.03 * f["empty_found"], f
    assert f["empty_missed"] <= 0.10 * f["empty"], f


def test_blank_templates_floors():
    # blank templates by outside authors (tests/realworld/templates, public pages, 17 files): their empty
    # blanks and parties. As they came (the 17 kept), hetong missed 84 of 328 blanks, reported 11 false and
    # found 24 of 38 parties; now 53 missed, 6 false, 25 parties (docs/accuracy.md). The floors are
    # today's, not the targets: a page
    # copied one text run a line (14) and a bilingual form with its labels out of step (13) stay unread.
    scores = accuracy.run_filled(accuracy.TEMPLATES)
    f = accuracy.filled_summary(scores)
    assert f["files"] >= 17, f
    assert f["values_altered"] == 0, [m for s in scores for m in s.altered]
    assert f["empty_false"] <= 0.03 * f["empty_found"], f
    assert f["empty_missed"] <= 0.18 * f["empty"], f
    assert f["parties_right"] >= 0.6 * f["parties"], f
