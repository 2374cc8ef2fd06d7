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
    # and what hetong reports as written right (578 of 587 values): the reviewer acts on it. Floors a little
    # under the figures of docs/accuracy.md (172 files: 509/633 values after a label or in brackets, 637/2058
    # in all, 312/334 unmasked party names; empty blanks paired one to one with the truth's: 17 false of 806
    # reported, 118 missed of 907). The party, missed-blank and all-values floors are what hetong does today
    # after 127-174 came in, not the targets (95% of names, 3% missed): they keep a regression from passing.
    # Most of the values missed are inside sentences (18-174 are mostly contracts their parties wrote as
    # prose, 49-54 three one-line page scrapes), in a table a page laid out one cell per line (71, 89) or in
    # the recitals of listed companies' agreements (103-108, 115, 127-132, 140), which only a template
    # comparison can tell. 37-42, 43-48, …, 163-166 and 169-174 were each scored once as they came, before
    # any change for them (docs/accuracy.md).
    scores = accuracy.run_filled()
    f = accuracy.filled_summary(scores)
    assert f["files"] >= 172, f
    assert f["values_altered"] == 0, [m for s in scores for m in s.altered]
    assert f["reported_right"] / f["reported"] >= 0.98, [d for s in scores for d in s.diff if "reported" in d]
    assert f["marked_right"] / f["marked"] >= 0.78, f
    assert f["right"] / f["values"] >= 0.30, f
    assert f["parties_right"] / (f["parties"] - f["parties_masked"]) >= 0.92, f
    assert f["empty_false"] <= 0.03 * f["empty_found"], f
    assert f["empty_missed"] <= 0.14 * f["empty"], f


def test_blank_templates_floors():
    # blank templates by outside authors (tests/realworld/templates, public pages, 47 files): their empty
    # blanks and parties. As they came, 01-18 (17 kept) missed 84 of 328 blanks with 11 false and 24 of 38
    # parties, 19-36 missed 44 of 307 with 4 false and 26 of 37 parties, 37-42 missed 14 of 111 with 5 false
    # and 9 of 13 parties, 43-48 missed 15 of 104 with 2 false and 9 of 12 parties; now 85 of 850 missed, 10
    # false, 75 of 100 parties (docs/accuracy.md). The floors are today's, not the targets: a page copied one
    # text run a line (14), a bilingual form with its labels out of step (13) and a one-line scrape (04) stay
    # unread.
    scores = accuracy.run_filled(accuracy.TEMPLATES)
    f = accuracy.filled_summary(scores)
    assert f["files"] >= 47, f
    assert f["values_altered"] == 0, [m for s in scores for m in s.altered]
    assert f["empty_false"] <= 0.03 * f["empty_found"], f
    assert f["empty_missed"] <= 0.12 * f["empty"], f
    assert f["parties_right"] >= 0.7 * f["parties"], f
