"""One contract in every format gives the same outline, parties, blanks and findings as its .txt source.

The fixtures in samples/formats/ are made from consulting.txt by samples/formats/build.py (python-docx and
LibreOffice) and committed, so these tests need no LibreOffice. Everything after ``read`` is format-blind,
so any difference below is a reader's fault; a difference a reader cannot avoid yet is listed in
KNOWN_GAPS with the reason, and checked to still exist, so a fix shows up here as a failure that asks
for the entry to be removed.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extractor.api import analyse
from extractor.model import Document, Result
from extractor.readers import ocr, read_path

FORMATS = Path(__file__).resolve().parent.parent / "samples" / "formats"
SOURCE = FORMATS / "consulting.txt"
HAS_OCR = ocr.available()  # the extra is installed and HETONG_OCR does not turn it off


@dataclass(frozen=True)
class Case:
    name: str
    format: str  # source.format the file must be read as
    declared: str | None = None  # source.declared_format, for a file whose extension lies
    env: tuple[tuple[str, str], ...] = ()  # environment for the read (e.g. which .doc converter)

    @property
    def id(self) -> str:
        return self.name + "".join(f"[{v}]" for _, v in self.env)


CASES = [
    Case("consulting.docx", "docx"),
    Case("consulting.doc", "doc", env=(("HETONG_DOC_CONVERTER", "builtin"),)),
    Case("consulting.doc", "doc", env=(("HETONG_DOC_CONVERTER", "libreoffice"),)),
    Case("consulting.pdf", "pdf"),
    Case("consulting-rtf.doc", "rtf", declared="doc"),
    Case("consulting-html.doc", "html", declared="doc"),
]

#: how a format's lines are compared with the .txt lines (the text a person sees, honestly)
LINE_FORMS = {
    # HTML collapses runs of white space: LibreOffice writes `日期：    年  月  日` as plain spaces, which a
    # browser shows as `日期： 年 月 日`
    "html": lambda s: " ".join(s.split()),
    # a PDF has no space characters to trust: gaps are measured, so compare the visible characters
    "pdf": lambda s: "".join(s.split()),
}

#: facts a file cannot match yet: {file: {fact: the reader at fault and why}}
KNOWN_GAPS: dict[str, dict[str, str]] = {}


@contextmanager
def environment(pairs: tuple[tuple[str, str], ...]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k, _ in pairs}
    os.environ.update(dict(pairs))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@cache
def run(name: str, env: tuple[tuple[str, str], ...] = ()) -> tuple[Document, Result]:
    """Read and analyse one fixture once per session (OCR of the scan takes seconds)."""
    path = FORMATS / name
    with environment(env):
        data, document = read_path(path)
    return document, analyse(document, data, str(path))


def visible_lines(document: Document) -> list[str]:
    return [line.text for line in document.lines if line.text.strip()]


def facts(document: Document, result: Result, form=lambda s: s) -> dict[str, Any]:
    """What must not depend on the format."""
    return {
        "title": result.title,
        "contract_number": result.contract_number,
        "outline": [(n.kind, n.number) for top in result.outline for n in top.walk()],
        "parties": [(p.role, f.key, f.status) for p in result.parties for f in p.fields],
        "blanks": len(result.blanks),
        "empty_blanks": sum(1 for b in result.blanks if b.status == "empty"),
        "findings": Counter((f.rule, f.clause) for f in result.findings if f.rule != "format-mismatch"),
        "text": "".join("".join(visible_lines(document)).split()),
        "lines": [form(t) for t in visible_lines(document)],
    }


def expected(form=lambda s: s) -> dict[str, Any]:
    return facts(*run("consulting.txt"), form)


def test_source_is_what_the_fixtures_show():
    """The .txt holds what the other tests rely on: a missing 第七条, filled and empty party fields, blanks."""
    document, result = run("consulting.txt")
    want = expected()
    articles = [num for kind, num in want["outline"] if kind == "article"]
    assert articles == ["1", "2", "3", "4", "5", "6", "8", "9", "10"]
    assert sum(1 for kind, _ in want["outline"] if kind == "item-arabic") == 23
    assert want["findings"][("missing-chapter", "7")] == 1
    assert [p.role for p in result.parties] == ["甲方", "乙方"]
    assert ("乙方", "legal_representative", "empty") in want["parties"]
    assert ("甲方", "legal_representative", "filled") in want["parties"]
    assert (want["blanks"], want["empty_blanks"]) == (19, 12)  # with the two unsigned 签字 lines
    assert result.title == "咨询服务合同" and result.contract_number == "ZX-GL-2024-0618"
    # long paragraphs that a PDF wraps over 3-4 lines
    assert max(len(t) for t in visible_lines(document)) > 100


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_same_facts_as_txt(case: Case):
    if dict(case.env).get("HETONG_DOC_CONVERTER") == "libreoffice" and not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed: the .doc conversion path is not tested")
    document, result = run(case.name, case.env)
    form = LINE_FORMS.get(case.format, lambda s: s)
    want, got = expected(form), facts(document, result, form)
    gaps = KNOWN_GAPS.get(case.name, {})
    for key, value in want.items():
        if key in gaps:
            assert got[key] != value, (
                f"{case.name}: {key} now matches the .txt; remove KNOWN_GAPS entry ({gaps[key]})"
            )
        else:
            assert got[key] == value, f"{case.name}: {key} differs from the .txt"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_source_format(case: Case):
    if dict(case.env).get("HETONG_DOC_CONVERTER") == "libreoffice" and not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    _, result = run(case.name, case.env)
    assert result.source.format == case.format
    assert result.source.declared_format == case.declared
    mismatch = [f for f in result.findings if f.rule == "format-mismatch"]
    if case.declared:
        assert len(mismatch) == 1 and mismatch[0].severity == "info"
        assert f".{case.declared}" in mismatch[0].message and case.format in mismatch[0].message
    else:
        assert not mismatch
    if case.format == "pdf":
        assert result.source.pages == 2 and not result.source.ocr


def test_scan_without_ocr_says_so():
    """With OCR off the scan is not silently empty: one no-text-layer error naming the pages."""
    _, result = run("consulting-scan.pdf", (("HETONG_OCR", "0"),))
    assert result.source.format == "pdf" and result.source.pages == 2 and not result.source.ocr
    assert [(f.rule, f.severity) for f in result.findings] == [("no-text-layer", "error")]
    assert re.search(r"1.2", result.findings[0].message)
    assert not result.outline and not result.blanks


@pytest.mark.skipif(
    not HAS_OCR,
    reason="OCR is not available (pip install 'hetong[ocr]', and HETONG_OCR unset) to compare the scan",
)
def test_scan_with_ocr():
    """OCR is not exact, but the outline, the parties, the blanks and the findings must survive."""
    document, result = run("consulting-scan.pdf")
    want = expected()
    assert result.source.ocr and result.source.ocr_pages == [1, 2]
    assert not [f for f in result.findings if f.rule == "no-text-layer"]
    outline = [(n.kind, n.number) for top in result.outline for n in top.walk()]
    assert outline == want["outline"]
    assert result.title == want["title"] and result.contract_number == want["contract_number"]
    assert Counter((f.rule, f.clause) for f in result.findings if f.rule.startswith("missing-")) == Counter(
        {("missing-chapter", "7"): 1}
    )
    assert [(p.role, f.key, f.status) for p in result.parties for f in p.fields] == want["parties"]
    assert len(result.blanks) == want["blanks"]
    text = "".join("".join(visible_lines(document)).split())
    assert difflib.SequenceMatcher(None, want["text"], text, autojunk=False).ratio() > 0.95


@pytest.mark.skipif(
    not HAS_OCR, reason="OCR is not available (pip install 'hetong[ocr]', and HETONG_OCR unset)"
)
def test_seed_scan_matches_the_seed_text():
    """The seed contract printed (web-page noise and all) and scanned at 200 dpi reads like the .txt."""
    from extractor import check

    scan = check(FORMATS / "seed-scan.pdf")
    text = check(FORMATS.parent / "seed.txt")
    assert scan.source.ocr and scan.source.ocr_pages == [1, 2, 3, 4]

    def outline(r: Result) -> list:
        return [(n.kind, n.number) for top in r.outline for n in top.walk()]

    def facts(r: Result) -> tuple:
        return (
            r.title,
            Counter((f.rule, f.clause) for f in r.findings if f.rule != "empty-blank"),
            [(p.role, p.description, [f.label for f in p.fields]) for p in r.parties],
            len(r.blanks),
        )

    assert outline(scan) == outline(text)
    assert facts(scan) == facts(text)


def test_fixtures_are_small():
    sizes = {p.name: p.stat().st_size for p in FORMATS.glob("consulting*")}
    assert len(sizes) == 7
    assert sum(sizes.values()) < 1_500_000
