"""Markup bombs (issue: hostile input; docs/limits.md): millions of tiny XML elements in a .docx or a Word
XML file are refused before a parser builds a tree of them, and the Word XML formats stop at the
character budget as the .docx reader does. The hostile files are built at test time."""

from __future__ import annotations

import io
import zipfile

import pytest

from extractor.api import check_bytes
from extractor.errors import FileTooLarge, TextTooLarge
from extractor.readers import docx as docx_reader
from extractor.readers import elements, flatopc, read_bytes, word2003
from extractor.readers.caps import DEFAULT_CAPS, Caps

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG = "http://schemas.microsoft.com/office/2006/xmlPackage"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CLAUSE = "<w:p><w:r><w:t>第{}条 甲方应当按时付款。</w:t></w:r></w:p>"


def document(body: str) -> bytes:
    return f'<w:document xmlns:w="{WNS}"><w:body>{body}</w:body></w:document>'.encode()


def docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


def flat_opc(body: str) -> bytes:
    """A Word XML Document (Flat OPC) of the package relationships and a document part holding ``body``."""
    rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" '
        'Target="word/document.xml"/></Relationships>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><pkg:package xmlns:pkg="{PKG}">'
        f'<pkg:part pkg:name="/_rels/.rels" pkg:contentType="application/xml"><pkg:xmlData>{rels}'
        '</pkg:xmlData></pkg:part><pkg:part pkg:name="/word/document.xml" pkg:contentType="application/xml">'
        f"<pkg:xmlData>{document(body).decode()}</pkg:xmlData></pkg:part></pkg:package>"
    ).encode()


def word2003_xml(body: str) -> bytes:
    ns = "http://schemas.microsoft.com/office/word/2003/wordml"
    return f'<?xml version="1.0"?><w:wordDocument xmlns:w="{ns}"><w:body>{body}</w:body></w:wordDocument>'.encode()


# --- element caps ------------------------------------------------------------------------------------


def test_a_docx_of_millions_of_empty_paragraphs_is_refused_before_it_is_parsed():
    """Over two million ``<w:p/>`` (12 MB of XML, 25 KB zipped) at the real cap: refused by counting,
    before libxml2 builds a tree of them or the walk makes a Line of each."""
    n = DEFAULT_CAPS.xml_elements + 1000
    data = docx(document("<w:p/>" * n))
    assert len(data) < 100_000
    with pytest.raises(FileTooLarge) as info:
        read_bytes(data, source="bomb.docx")
    assert info.value.kind == "too-large"
    assert info.value.reason == (
        f"word/document.xml holds {n + 2:,} XML elements, past {DEFAULT_CAPS.xml_elements:,}: an XML bomb? "
        "(raise it with --max-xml-elements)"
    )


def test_the_element_cap_is_exact():
    """A part of exactly the cap's elements reads; one more is refused."""
    caps = Caps(xml_elements=100)
    at_cap = "".join(CLAUSE.format(i) for i in range(32))  # 3 elements each, 2 around them: 98
    assert elements.count(document(at_cap + "<w:p/><w:p/>")) == 100
    doc = read_bytes(docx(document(at_cap + "<w:p/><w:p/>")), source="ok.docx", caps=caps)
    assert doc.lines[31].text == "第31条 甲方应当按时付款。"
    with pytest.raises(FileTooLarge, match="101 XML elements, past 100"):
        read_bytes(docx(document(at_cap + "<w:p/><w:p/><w:p/>")), source="over.docx", caps=caps)


def test_the_parts_of_a_package_are_counted_together():
    """Each part under the cap, together over it: refused before the part that brings the count over
    is parsed."""
    body = "".join(CLAUSE.format(i) for i in range(100))  # 302 elements, and 2 in the relationships
    styles = f'<w:styles xmlns:w="{WNS}">' + "<w:style/>" * 700 + "</w:styles>"
    rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Target="styles.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/></Relationships>'
    )
    data = docx(document(body), {"word/styles.xml": styles, "word/_rels/document.xml.rels": rels})
    with pytest.raises(FileTooLarge) as info:
        read_bytes(data, source="parts.docx", caps=Caps(xml_elements=1000))
    assert info.value.reason == (
        "the package's XML parts hold over 1,000 elements: an XML bomb? (raise it with --max-xml-elements)"
    )


@pytest.mark.parametrize(
    ("make", "what"), [(flat_opc, "Word XML package"), (word2003_xml, "Word 2003 XML document")]
)
def test_word_xml_bombs_are_refused_before_they_are_parsed(make, what):
    n = DEFAULT_CAPS.xml_elements + 1000
    data = make("<w:p/>" * n)
    with pytest.raises(FileTooLarge) as info:
        read_bytes(data, source="bomb.xml")
    assert info.value.reason.startswith(f"this {what} holds ")
    assert info.value.reason.endswith(
        f"XML elements, past {DEFAULT_CAPS.xml_elements:,}: an XML bomb? (raise it with --max-xml-elements)"
    )
    assert "\n" not in str(info.value)


# --- the character budget in Word XML ----------------------------------------------------------------


@pytest.mark.parametrize("reader", [flatopc, word2003])
def test_word_xml_stops_at_the_character_budget(monkeypatch, reader):
    """The reader itself gives up (not only the final measure in read_bytes), and its walk makes no
    Line past the budget: about 70 of the 2,000 clauses, each 14 characters and a line break."""
    made: list[int] = []
    emit = docx_reader._Walker.emit

    def counting_emit(self, rows, prefix, heading, pictures=None):
        made.append(len(rows))
        return emit(self, rows, prefix, heading, pictures)

    monkeypatch.setattr(docx_reader._Walker, "emit", counting_emit)
    make = flat_opc if reader is flatopc else word2003_xml
    data = make("".join(CLAUSE.format(i) for i in range(2000)))
    assert len(reader.read(data, source="whole.xml").lines) == 2000
    made.clear()
    with pytest.raises(TextTooLarge, match="1,000 characters"):
        reader.read(data, source="long.xml", max_chars=1000)
    assert 60 <= sum(made) <= 80
    with pytest.raises(TextTooLarge):
        check_bytes(data, "long.xml", max_chars=1000)
