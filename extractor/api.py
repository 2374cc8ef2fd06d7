"""The library API: ``check(path)`` runs read -> normalise -> segment -> extract -> check on one file."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from . import pattern_set, rules
from .extract.blanks import extract_blanks
from .extract.metadata import contract_number
from .extract.parties import extract_parties
from .extract.template import compare, merge_blanks
from .locate import Locator
from .model import Document, Line, Result, Source
from .noise import trim
from .normalise import normalise
from .readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES, read_bytes, read_path
from .readers.caps import DEFAULT_CAPS, Caps
from .readers.sniff import declared_format
from .segment import COLUMN_GAP, segment


def check(
    path: str | Path,
    *,
    template: str | Path | Result | None = None,
    patterns: str | Path | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_pages: int = DEFAULT_MAX_PAGES,
    caps: Caps = DEFAULT_CAPS,
) -> Result:
    """Read and audit the contract at ``path``. Raises a :class:`extractor.HetongError` for bad input,
    among them a file over ``max_bytes``, whose text runs past ``max_chars``, a PDF of more than
    ``max_pages`` pages, or one past the other ``caps`` (zip parts, PDF streams, markup elements:
    ``extractor.readers.caps``, docs/limits.md).

    With ``template`` (the blank model the contract was made from, a path or an earlier result), the
    template's blanks are looked up in the contract and its deviations from the template reported.
    """
    data, document = read_path(path, max_bytes=max_bytes, max_chars=max_chars, max_pages=max_pages, caps=caps)
    if template is not None and not isinstance(template, Result):
        template = check(
            template,
            patterns=patterns,
            max_bytes=max_bytes,
            max_chars=max_chars,
            max_pages=max_pages,
            caps=caps,
            select=("D",),
        )
    return analyse(
        document, data, str(path), patterns=patterns, select=select, ignore=ignore, template=template
    )


def check_bytes(
    data: bytes,
    name: str = "<bytes>",
    *,
    patterns: str | Path | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    max_chars: int = DEFAULT_MAX_CHARS,
    max_pages: int = DEFAULT_MAX_PAGES,
    caps: Caps = DEFAULT_CAPS,
) -> Result:
    """Audit a contract given as bytes; ``name`` is used in messages and for the declared format."""
    document = read_bytes(data, source=name, max_chars=max_chars, max_pages=max_pages, caps=caps)
    return analyse(document, data, name, patterns=patterns, select=select, ignore=ignore)


def analyse(
    document: Document,
    data: bytes,
    name: str,
    *,
    patterns: str | Path | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    template: Result | None = None,
) -> Result:
    """Everything after ``read``: format-blind."""
    ps = pattern_set.load(str(patterns) if patterns is not None else None)
    lines = normalise(document.lines)
    trimmed = trim(lines, ps)
    lines = trimmed.lines
    outline = segment(lines, ps)
    locator = Locator(outline.nodes)
    parties = extract_parties(lines, outline, ps)
    blanks = extract_blanks(lines, locator, parties, ps, office_use=outline.office_use)
    comparison = None
    if template is not None:
        comparison = compare(template, lines, ps, lambda no: (locator.clause(no), locator.place(no)))
        blanks = merge_blanks(blanks, comparison.blanks)
    first_clause = next(
        (n.line for n in outline.nodes if n.kind not in ("title", "cover", "instructions", "preamble")), None
    )
    number, _ = contract_number(lines, ps, until=first_clause)
    if number is None and document.margins:  # 合同编号 in the page header only
        parts = [p for t in document.margins for p in COLUMN_GAP.split(t.strip())]  # 公司名　　　合同编号：…
        number, _ = contract_number([Line(0, p) for p in parts], ps)
    declared = declared_format(name)
    ctx = rules.Context(
        document=document,
        lines=lines,
        outline=outline,
        parties=parties,
        blanks=blanks,
        locator=locator,
        patterns=ps,
        noise_head=trimmed.head,
        noise_tail=trimmed.tail,
        declared_format=declared,
        extra={"template": comparison} if comparison is not None else {},
    )
    findings = rules.run(ctx, rules.selected(select, ignore))
    findings = _paginate(lines, parties, blanks, findings)
    source = Source(
        path=name,
        format=document.format,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        declared_format=declared if declared and declared != document.format else None,
        pages=document.pages,
        ocr=bool(document.ocr_pages),
        ocr_pages=list(document.ocr_pages),
    )
    return Result(
        source=source,
        title=outline.title,
        contract_number=number,
        parties=parties,
        outline=outline.nodes,
        blanks=blanks,
        findings=findings,
        lines=lines,
        noise_lines=trimmed.head + trimmed.tail,
    )


def _paginate(lines: list[Line], parties: list, blanks: list, findings: list) -> list:
    """Give each party field, blank and finding the page of its line, where the format has pages (a PDF;
    a .docx as Word last laid it out): the reviewer's way to the original."""
    page_of = {ln.no: ln.page for ln in lines if ln.page is not None}
    if not page_of:
        return findings
    for p in parties:
        for f in p.fields:
            f.page = page_of.get(f.line)
    for b in blanks:
        b.page = page_of.get(b.line)
    return [replace(f, page=page_of.get(f.line)) if f.line is not None else f for f in findings]
