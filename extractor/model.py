"""The data every stage passes on: plain frozen dataclasses with ``to_dict()``.

A reader turns a file into a :class:`Document` (an ordered list of :class:`Line`); the later stages are
format-blind and only ever see Lines.  Positions are 1-based line numbers as the reader numbered them
(for .txt the physical line of the file, for .docx the paragraph/cell order, for PDF the reading order)
and 0-based ``[start, end)`` character spans inside that line's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.7"
#: a document with no party named and at most this share of its blanks filled is a template
FILLED_TEMPLATE_MAX = 0.2
#: a document with its parties named and at most this share of its blanks empty is filled
EMPTY_FILLED_MAX = 0.1

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as a person sees it, plus where it came from.

    ``text`` already contains what the eye sees: Word list numbers rendered (``numbering`` repeats that
    prefix so later stages know Word generated it), deleted revisions dropped, field results shown.
    """

    no: int
    text: str
    page: int | None = None
    #: character spans of ``text`` that are underlined (filled values or blank rules in .docx/PDF)
    underlines: tuple[Span, ...] = ()
    bold: bool = False
    #: outline level a heading style gave this paragraph (1 = top), when the reader knows it
    heading: int | None = None
    #: the list number Word rendered in front of the text (e.g. "第一章"), when numbering made it
    numbering: str | None = None
    #: (table, row, column), 0-based, when the line sits in a table cell
    cell: tuple[int, int, int] | None = None
    #: body | textbox | footnote | header | footer
    role: str = "body"
    #: where each tab of the line stood, as offsets into the normalised text (a tab becomes four spaces):
    #: two or more make the line a row of a tab-separated table (text copied from a spreadsheet)
    tabs: tuple[int, ...] = ()
    #: where a picture stands in the line (a signature or a seal drawn as an image), as offsets into the
    #: text: the offset of the text at the picture's left edge
    pictures: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Note:
    """A fact a reader or normaliser found that a rule turns into a finding (e.g. tracked changes)."""

    rule: str  # the rule slug, e.g. "unaccepted-revisions"
    key: str  # its message in the catalogue (patterns/messages.toml, under the rule's code)
    args: dict[str, Any] = field(default_factory=dict)  # the message's parameters
    line: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """What a reader returns."""

    lines: list[Line]
    format: str
    pages: int | None = None
    notes: list[Note] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    #: text of the page headers and footers left out of ``lines`` (a .docx's header parts, a PDF's
    #: running header): searched only for what the body may not repeat, such as the contract number
    margins: list[str] = field(default_factory=list)
    #: lines at which a picture stands (a .docx's drawings): a signing page may be a scan
    images: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Node:
    """One node of the outline tree."""

    kind: str  # title|preamble|part|chapter|section|article|clause|item|signature|appendix|text
    number: str | None  # Arabic, dotted for clauses ("13", "3.1", "2.1.1"); None where not numbered
    label: str | None  # the number as written ("第十三章", "3.1", "（一）")
    title: str  # heading text after the label (for a clause: its first sentence line)
    line: int
    end_line: int
    text: str = ""  # body text under the heading, not including children
    children: list[Node] = field(default_factory=list)
    level: int = 0  # depth in the tree, 0 = top
    #: the chain of ancestor numbers used to name the place ("第3章 3.1")
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "line": self.line,
            "end_line": self.end_line,
            "children": [c.to_dict() for c in self.children],
        }

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(slots=True)
class Field:
    key: str  # canonical: name, address, contact, phone, ...; "other" when unknown
    label: str  # as written
    value: str | None
    status: str  # filled | empty | na
    line: int
    span: Span  # of the value (or the blank) inside the line
    block: str = "party"  # party: the party block; signature: the signature block
    normalized: Any = None
    #: the person of the party whose detail this is (委托代理人 / 联系人 / 法定代理人 with an address or
    #: phone of their own), None for the party's own field
    of: str | None = None
    page: int | None = None  # the page the line is on, where the format has pages

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "status": self.status,
            "line": self.line,
            "span": list(self.span),
            "block": self.block,
            "normalized": self.normalized,
            "of": self.of,
            "page": self.page,
        }


@dataclass(slots=True)
class Party:
    role: str  # 甲方, 乙方, 丙方 … or the role word used (委托方)
    alias: str | None  # the other name given (委托方（甲方）: role 甲方, alias 委托方)
    description: str | None  # bracketed description: 服务提供方
    line: int
    fields: list[Field] = field(default_factory=list)
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "alias": self.alias,
            "description": self.description,
            "name": self.name,
            "line": self.line,
            "fields": [f.to_dict() for f in self.fields],
        }


@dataclass(slots=True)
class Blank:
    clause: str | None
    place: str  # where a reviewer finds it: "第三章 3.1", "甲方", "签署页"
    line: int
    span: Span
    kind: str  # underscore|spaces|bracket|date|checkbox|underline
    before: str
    after: str
    label: str | None
    unit: str | None
    status: str  # empty | filled | na
    value: str | None = None
    normalized: Any = None
    party: str | None = None  # the party role, for a blank in a party block
    page: int | None = None  # the page the line is on, where the format has pages
    picture: bool = False  # a picture fills the place (a signature or a seal drawn as an image)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "place": self.place,
            "line": self.line,
            "page": self.page,
            "span": list(self.span),
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "label": self.label,
            "unit": self.unit,
            "status": self.status,
            "value": self.value,
            "normalized": self.normalized,
            "party": self.party,
            "picture": self.picture,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    code: str
    severity: str
    message: str
    clause: str | None = None
    line: int | None = None
    span: Span | None = None
    place: str | None = None
    page: int | None = (
        None  # the page of its line, where the format has pages (PDF; .docx as Word laid it out)
    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "clause": self.clause,
            "place": self.place,
            "line": self.line,
            "page": self.page,
            "span": list(self.span) if self.span else None,
        }


@dataclass(slots=True)
class Source:
    path: str
    format: str
    sha256: str
    size: int
    declared_format: str | None = None
    pages: int | None = None
    ocr: bool = False
    ocr_pages: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "path": self.path,
            "format": self.format,
            "sha256": self.sha256,
            "size": self.size,
            "pages": self.pages,
            "ocr": self.ocr,
        }
        if self.declared_format is not None:
            d["declared_format"] = self.declared_format
        if self.ocr:
            d["ocr_pages"] = list(self.ocr_pages)
        return d


def document_state(blanks: list[Blank], parties: list[Party]) -> str:
    """What the document is: ``template`` (a blank model: no party named, hardly a blank filled),
    ``filled`` (parties named, at most a tenth of the blanks left empty: seals and handwriting do not
    show in the text), else ``partly-filled``."""
    filled = sum(1 for b in blanks if b.status == "filled")
    empty = sum(1 for b in blanks if b.status == "empty")
    named = any(p.name for p in parties)
    total = filled + empty
    if not named and filled <= FILLED_TEMPLATE_MAX * total:
        return "template"
    if named and empty <= EMPTY_FILLED_MAX * total:
        return "filled"
    return "partly-filled"


@dataclass(slots=True)
class Result:
    source: Source
    title: str | None
    contract_number: str | None
    parties: list[Party]
    outline: list[Node]
    blanks: list[Blank]
    findings: list[Finding]
    lines: list[Line]  # the contract lines after normalisation and noise removal (not serialised)
    noise_lines: int = 0
    known: int = 0  # findings left out because a baseline holds them (--baseline)

    def state(self) -> str:
        """What the document is (:func:`document_state`)."""
        return document_state(self.blanks, self.parties)

    def summary(self) -> dict[str, Any]:
        counts: dict[str, Any] = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity] += 1
        counts["blanks"] = len(self.blanks)
        counts["empty_blanks"] = sum(1 for b in self.blanks if b.status == "empty")
        counts["state"] = self.state()
        if self.known:
            counts["known"] = self.known
        return counts

    def to_dict(self) -> dict[str, Any]:
        from . import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "hetong_version": __version__,
            "source": self.source.to_dict(),
            "title": self.title,
            "contract_number": self.contract_number,
            "parties": [p.to_dict() for p in self.parties],
            "outline": [n.to_dict() for n in self.outline],
            "blanks": [b.to_dict() for b in self.blanks],
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }
