"""Word's single-file XML formats: Flat OPC ("Word XML Document", Word 2007+) and Word 2003 XML, as .xml,
as FreeMarker .ftl templates, or misnamed .doc.

The Flat OPC files are made from the repository's own .docx samples by
tests/fixtures/make_flatopc_fixtures.py, so each must read exactly as its .docx does; the Word 2003 XML
is written out below as Word 2003 saves it (wx:sect wrappers, w:listPr with the number Word rendered in
wx:t, w:lists, headers inside w:sectPr, footnotes where they are referenced, aml:annotation revisions).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from extractor.api import analyse, check_bytes
from extractor.audit.discover import NOT_WORD_XML, discover
from extractor.cli import main
from extractor.errors import FileTooLarge, HetongError, UnreadableFile, UnsupportedFormat
from extractor.readers import read_bytes, read_path
from extractor.readers.sniff import is_word_xml, root_element, sniff
from extractor.readers.wordxml import strip_template
from tests.fixtures.make_flatopc_fixtures import flat_opc

from .conftest import CORPUS, SAMPLES

DOCX = {
    "consulting": SAMPLES / "formats" / "consulting.docx",
    "service-numbered": SAMPLES / "service-numbered.docx",
}
MODELS = Path(os.environ.get("HETONG_CORPUS", CORPUS)) / "models"
#: the real Flat OPC FreeMarker templates of the shared corpus, with the title each prints
REAL_TEMPLATES = {
    "loan-guarantee-wordxml.ftl": "保证合同",
    "counter-guarantee-annex-wordxml.ftl": "反担保合同",
    "most-tech-consulting-wordxml.ftl": "技术咨询合同",
}


@cache
def flat(name: str) -> bytes:
    return flat_opc(DOCX[name].read_bytes())


def lines_of(doc) -> list[tuple]:
    return [(ln.text, ln.underlines, ln.bold, ln.heading, ln.numbering, ln.cell, ln.role) for ln in doc.lines]


# ------------------------------------------------------------------------------------------------
# Flat OPC: the same document as the .docx
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCX))
def test_same_lines_as_the_docx(name):
    docx = read_bytes(DOCX[name].read_bytes(), source=f"{name}.docx")
    xml = read_bytes(flat(name), source=f"{name}.xml")
    assert xml.format == "docx-xml" and docx.format == "docx"
    assert lines_of(xml) == lines_of(docx)
    assert xml.notes == docx.notes and xml.margins == docx.margins


@pytest.mark.parametrize("name", sorted(DOCX))
def test_same_outline_blanks_and_findings_as_the_docx(name):
    docx_data, xml_data = DOCX[name].read_bytes(), flat(name)
    a = check_bytes(docx_data, f"{name}.docx")
    b = check_bytes(xml_data, f"{name}.xml")
    assert b.source.format == "docx-xml" and b.source.declared_format is None
    assert [n.to_dict() for n in b.outline] == [n.to_dict() for n in a.outline]
    assert [x.to_dict() for x in b.blanks] == [x.to_dict() for x in a.blanks]
    assert [p.to_dict() for p in b.parties] == [p.to_dict() for p in a.parties]
    assert [f.to_dict() for f in b.findings] == [f.to_dict() for f in a.findings]
    assert (b.title, b.contract_number) == (a.title, a.contract_number)


def test_list_numbering_is_rendered():
    """service-numbered has its numbers only in numbering.xml: 第%1章 (chineseCounting), %1.%2, %1.%2.%3."""
    doc = read_bytes(flat("service-numbered"), source="service-numbered.xml")
    numbers = [ln.numbering for ln in doc.lines if ln.numbering]
    assert numbers[:3] == ["第一章", "1.1", "1.2"]
    assert "第十章" in numbers and any(re.fullmatch(r"\d+\.\d+\.\d+", n) for n in numbers)
    first = next(ln for ln in doc.lines if ln.numbering == "第一章")
    assert first.text.startswith("第一章")


@pytest.mark.parametrize("filename", ["合同.xml", "template.ftl", "contract.FTL", "misnamed.doc", "noext"])
def test_sniffed_whatever_the_extension(filename, tmp_path):
    path = tmp_path / filename
    path.write_bytes(flat("consulting"))
    assert sniff(path.read_bytes(), filename) == "docx-xml"
    data, doc = read_path(path)
    result = analyse(doc, data, str(path))
    assert result.source.format == "docx-xml" and result.title == "咨询服务合同"
    mismatch = [f for f in result.findings if f.rule == "format-mismatch"]
    if filename.endswith(".doc"):  # a .doc that is really Word XML says so, as an RTF named .doc does
        assert result.source.declared_format == "doc" and len(mismatch) == 1
        assert "docx-xml" in mismatch[0].message
    else:  # .xml and .ftl name no format of their own
        assert result.source.declared_format is None and not mismatch


def test_utf16_and_bom():
    data = flat("consulting")
    want = lines_of(read_bytes(data, source="a.xml"))
    utf16 = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert sniff(utf16, "a.xml") == "docx-xml"
    assert lines_of(read_bytes(utf16, source="a.xml")) == want
    assert lines_of(read_bytes(b"\xef\xbb\xbf" + data, source="a.xml")) == want


def test_binary_parts_are_not_needed_but_xml_in_base64_is_read():
    """A part written as pkg:binaryData is decoded when its content type is XML (styles here)."""
    import base64

    from lxml import etree

    pkg = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
    root = etree.fromstring(flat("service-numbered"))
    for part in root.iter(pkg + "part"):
        if part.get(pkg + "name") == "/word/numbering.xml":
            xml = part.find(pkg + "xmlData")
            blob = etree.tostring(xml[0], encoding="UTF-8", xml_declaration=True)
            part.remove(xml)
            etree.SubElement(part, pkg + "binaryData").text = base64.encodebytes(blob).decode()
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    assert lines_of(read_bytes(data, source="b.xml")) == lines_of(
        read_bytes(flat("service-numbered"), source="a.xml")
    )


# ------------------------------------------------------------------------------------------------
# FreeMarker templates
# ------------------------------------------------------------------------------------------------


def test_strip_template_keeps_the_first_branch():
    t = (
        "<a><#-- a comment with <w:p> inside --><#assign n = 0 />"
        "<#list people as p><b><#if n &gt; 0>、</#if>${p.name}<#assign n = n + 1 /></b></#list>"
        '<#if (x > 1) && y == "a>b"><c>yes</c><#elseif z><c>maybe</c><#else><c>no</c></#if>'
        "<#switch k><#case 1><d>one</d><#break><#case 2><d>two</d><#default><d>other</d></#switch>"
        "<#macro row v><e>${v}</e></#macro><@row v=1/>"
        "<#attempt><f>ok</f><#recover><f>failed</f></#attempt>"
        "<#noparse><g><#if></g></#noparse></a>"
    )
    assert strip_template(t) == "<a><b>、${p.name}</b><c>yes</c><d>one</d><f>ok</f><g><#if></g></a>"
    assert strip_template("<w:t>无模板</w:t>") == "<w:t>无模板</w:t>"


def template(flat_xml: bytes) -> bytes:
    """``flat_xml`` turned into a FreeMarker template as template systems write them: directives before
    the root and between elements, ${…} fields in the text, a branch that shows only when false."""
    text = flat_xml.decode("utf-8")
    text = text.replace(
        '<?mso-application progid="Word.Document"?>',
        '<?mso-application progid="Word.Document"?>\n<#-- 由系统生成 --><#assign today = .now />',
        1,
    )
    # the client's name becomes a field, repeated for every client of a list
    text, n = re.subn(
        r"(<w:t(?: [^>]*)?>甲方（委托方）：)宁波明湖食品股份有限公司(</w:t>)",
        r"\1<#list clients as p>${p.name?if_exists}<#if p?has_next>、</#if></#list>\2",
        text,
        count=1,
    )
    assert n == 1
    text, n = re.subn(
        r"(<w:t(?: [^>]*)?>)(咨询服务合同)(</w:t>)",
        r"\1<#if title??>${title}<#else>咨询服务合同</#if>\3",
        text,
        count=1,
    )
    assert n == 1
    return text.encode("utf-8")


def test_freemarker_template_of_a_flat_opc_file(tmp_path):
    path = tmp_path / "模板.ftl"
    path.write_bytes(template(flat("consulting")))
    assert sniff(path.read_bytes(), path.name) == "docx-xml"
    data, doc = read_path(path)
    texts = [ln.text for ln in doc.lines]
    assert not any("<#" in t or "</#" in t for t in texts)
    assert "${title}" in texts[0] and "咨询服务合同" not in texts[0]  # the first branch only
    result = analyse(doc, data, str(path))
    placeholders = [f for f in result.findings if f.rule == "template-placeholder"]
    assert {f.message.split()[3] for f in placeholders} == {"${title}", "${p.name?if_exists}"}
    assert all(f.code == "B202" and f.severity == "error" for f in placeholders)
    assert len(result.blanks) < 40


# ------------------------------------------------------------------------------------------------
# bad input: one line naming the file and the reason
# ------------------------------------------------------------------------------------------------


def test_cut_package_is_one_line(tmp_path, capsys):
    data = flat("consulting")
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableFile, match="not well-formed XML") as exc:
        read_path(path)
    assert str(path) in str(exc.value) and "\n" not in str(exc.value)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err


def test_package_without_document_part(tmp_path):
    text = flat("consulting").decode("utf-8")
    text = re.sub(r'<pkg:part pkg:name="/word/document.xml".*?</pkg:part>', "", text, flags=re.S)
    text = text.replace("wordprocessingml.document.main+xml", "x")
    data = text.encode("utf-8")
    with pytest.raises(UnsupportedFormat, match="holds no Word document"):
        sniff(data, "a.xml")
    with pytest.raises(UnreadableFile, match=r"no /word/document\.xml part") as exc:
        read_bytes(data, source="a.xml", fmt="docx-xml")
    assert str(exc.value).startswith("a.xml: ")


def test_bad_base64_and_wrong_root():
    bad = (
        b'<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">'
        b'<pkg:part pkg:name="/word/document.xml" pkg:contentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml">'
        b"<pkg:binaryData>@@@ not base64 @@@</pkg:binaryData></pkg:part></pkg:package>"
    )
    with pytest.raises(UnreadableFile, match="not valid base64"):
        read_bytes(bad, source="a.xml")
    with pytest.raises(UnreadableFile, match="root element is note"):
        read_bytes(b"<note>x</note>", source="a.xml", fmt="docx-xml")


def test_no_entity_expansion_and_no_external_entities(tmp_path):
    text = flat("consulting").decode("utf-8")
    doctype = (
        '<!DOCTYPE pkg:package [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        f'<!ENTITY x SYSTEM "file://{tmp_path}/secret.txt">]>'
    )
    (tmp_path / "secret.txt").write_text("TOPSECRET", encoding="utf-8")
    text = text.replace("<pkg:package", doctype + "<pkg:package", 1)
    text = text.replace("咨询服务合同</w:t>", "咨询服务合同&d;&x;</w:t>", 1)
    try:
        doc = read_bytes(text.encode("utf-8"), source="bomb.xml")
    except HetongError as exc:  # refused: fine, as long as nothing was expanded or fetched
        assert "\n" not in str(exc)
    else:
        joined = "".join(ln.text for ln in doc.lines)
        assert "TOPSECRET" not in joined and "哈哈哈哈哈哈哈哈哈哈哈" not in joined


def test_part_size_limit():
    from extractor.readers.caps import Caps

    with pytest.raises(FileTooLarge, match=r"limit 0\.00954 MB\) \(raise it with --max-zip-part\)"):
        read_bytes(flat("consulting"), source="big.xml", caps=Caps(zip_part=10_000))


def test_other_office_xml_is_refused():
    ppt = (
        b'<?xml version="1.0"?><?mso-application progid="PowerPoint.Show"?>'
        b'<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">'
        b'<pkg:part pkg:name="/ppt/presentation.xml" pkg:contentType="application/'
        b'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></pkg:package>'
    )
    with pytest.raises(UnsupportedFormat, match="PowerPoint"):
        sniff(ppt, "a.xml")
    xls = (
        b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>'
    )
    with pytest.raises(UnsupportedFormat, match="Excel"):
        sniff(xls, "a.xml")
    assert sniff("<合同>第一条 内容</合同>".encode(), "a.xml") == "txt"  # other XML: as before


def test_root_element_skips_the_prolog():
    prolog = (
        '\ufeff<?xml version="1.0"?>\n<#ftl encoding="UTF-8">\n<!-- note -->\n'
        '<!DOCTYPE x [<!ENTITY e "v">]>\n<?mso-application progid="Word.Document"?>\n<#-- c -->'
    )
    assert root_element(prolog[1:] + '<pkg:package xmlns:pkg="u">') == ("pkg:package", ' xmlns:pkg="u"')
    assert root_element("合同 <a>") is None
    assert root_element("<?xml version='1.0'?>") is None


# ------------------------------------------------------------------------------------------------
# Word 2003 XML
# ------------------------------------------------------------------------------------------------

W2003 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<?mso-application progid="Word.Document"?>
<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"
 xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint"
 xmlns:aml="http://schemas.microsoft.com/aml/2001/core"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:wsp="http://schemas.microsoft.com/office/word/2003/wordml/sp2"
 xmlns:st1="urn:schemas-microsoft-com:office:smarttags"
 w:macrosPresent="no" w:embeddedObjPresent="no" w:ocxPresent="no" xml:space="preserve">
<o:DocumentProperties><o:Title>技术服务合同</o:Title></o:DocumentProperties>
<w:fonts><w:defaultFonts w:ascii="Times New Roman" w:fareast="宋体" w:h-ansi="Times New Roman" w:cs="Times New Roman"/></w:fonts>
<w:lists>
 <w:listDef w:listDefId="0"><w:lsid w:val="3A1B2C4D"/><w:plt w:val="Multilevel"/><w:tmpl w:val="0409001D"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:nfc w:val="39"/><w:pStyle w:val="1"/><w:lvlText w:val="第%1条"/><w:lvlJc w:val="left"/><w:suff w:val="Space"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:suff w:val="Space"/></w:lvl>
 </w:listDef>
 <w:listDef w:listDefId="1"><w:lsid w:val="5E6F7A8B"/><w:plt w:val="HybridMultilevel"/>
  <w:lvl w:ilvl="0" w:tplc="1"><w:start w:val="1"/><w:nfc w:val="37"/><w:lvlText w:val="（%1）"/><w:lvlJc w:val="left"/><w:suff w:val="Nothing"/></w:lvl>
 </w:listDef>
 <w:list w:ilfo="1"><w:ilst w:val="0"/></w:list>
 <w:list w:ilfo="2"><w:ilst w:val="1"/></w:list>
</w:lists>
<w:styles>
 <w:versionOfBuiltInStylenames w:val="4"/><w:latentStyles w:defLockedState="off" w:latentStyleCount="156"/>
 <w:style w:type="paragraph" w:default="on" w:styleId="a"><w:name w:val="Normal"/><wx:uiName wx:val="正文"/><w:rPr><wx:font wx:val="宋体"/><w:kern w:val="2"/><w:sz w:val="21"/><w:lang w:val="EN-US" w:fareast="ZH-CN" w:bidi="AR-SA"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><wx:uiName wx:val="标题 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:pPr><w:pStyle w:val="1"/><w:keepNext/><w:listPr><w:ilfo w:val="1"/></w:listPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
 <w:style w:type="character" w:default="on" w:styleId="a0"><w:name w:val="Default Paragraph Font"/><wx:uiName wx:val="默认段落字体"/></w:style>
 <w:style w:type="list" w:default="on" w:styleId="a1"><w:name w:val="No List"/><wx:uiName wx:val="无列表"/></w:style>
</w:styles>
<w:docPr><w:view w:val="print"/><w:footnotePr><w:footnote w:type="separator"><w:p><w:r><w:separator/></w:r></w:p></w:footnote></w:footnotePr></w:docPr>
<w:body><wx:sect>
<w:p wsp:rsidR="00A1" wsp:rsidRDefault="00A1"><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="36"/></w:rPr><w:t>技术服务合同</w:t></w:r></w:p>
<w:p><w:r><w:t>委托方（甲方）：</w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>杭州云帆信息技术有限公司</w:t></w:r></w:p>
<w:p><w:r><w:t>受托方（乙方）：</w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>                    </w:t></w:r></w:p>
<wx:sub-section>
<w:p><w:pPr><w:pStyle w:val="1"/><w:listPr><wx:t wx:val="第一条"/><wx:font wx:val="宋体"/></w:listPr></w:pPr><w:r><w:t>服务内容</w:t></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="1"/><w:ilfo w:val="1"/><wx:t wx:val="1.1"/></w:listPr></w:pPr><w:r><w:t>乙方为甲方提供</w:t></w:r><aml:annotation aml:id="0" w:type="Word.Insertion" aml:author="张三" aml:createdate="2024-06-18T10:00:00Z"><aml:content><w:r><w:t>软件运维</w:t></w:r></aml:content></aml:annotation><aml:annotation aml:id="1" w:type="Word.Deletion" aml:author="张三"><aml:content><w:r><w:delText>硬件维修</w:delText></w:r></aml:content></aml:annotation><w:r><w:t>服务</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnote><w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 服务范围见附件一。</w:t></w:r></w:p></w:footnote></w:r><w:r><w:t>。</w:t></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="1"/><w:ilfo w:val="1"/><wx:t wx:val="1.2"/></w:listPr></w:pPr><w:r><w:t>服务期限为</w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>    </w:t></w:r><w:r><w:t>个月。</w:t></w:r><aml:annotation aml:id="2" w:type="Word.Comment.Start"/><w:r><w:t>自</w:t></w:r><st1:chsdate IsROCDate="False" Year="2024" Month="7" Day="1"><w:r><w:t>2024年7月1日</w:t></w:r></st1:chsdate><w:r><w:t>起算。</w:t></w:r><aml:annotation aml:id="2" w:type="Word.Comment.End"/><w:r><w:rPr><w:rStyle w:val="a4"/></w:rPr><aml:annotation aml:id="2" aml:author="李四" w:type="Word.Comment" w:initials="LS"><aml:content><w:p><w:r><w:t>起算日待定</w:t></w:r></w:p></aml:content></aml:annotation></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="2"/><wx:t wx:val="（一）"/></w:listPr></w:pPr><w:r><w:t>远程支持；</w:t></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="2"/><wx:t wx:val="（二）"/></w:listPr></w:pPr><w:r><w:t>现场服务。</w:t></w:r></w:p>
</wx:sub-section>
<wx:sub-section>
<w:p><w:pPr><w:pStyle w:val="1"/><w:listPr><wx:t wx:val="第二条"/></w:listPr></w:pPr><w:r><w:t>服务费用</w:t></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="1"/><w:ilfo w:val="1"/><wx:t wx:val="2.1"/></w:listPr><w:tabs><w:tab w:val="left" w:leader="underscore" w:pos="6000"/></w:tabs></w:pPr><w:r><w:t>服务费总额（大写）：</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>元。</w:t></w:r></w:p>
</wx:sub-section>
<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4261"/><w:gridCol w:w="4261"/></w:tblGrid>
<w:tr><w:tc><w:tcPr><w:tcW w:w="4261" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>甲方（盖章）：</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:tcW w:w="4261" w:type="dxa"/><w:vmerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>乙方（盖章）：</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:hlink w:dest="http://example.com/"><w:r><w:t>签订日期：</w:t></w:r></w:hlink><w:r><w:t>    年  月  日</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vmerge/></w:tcPr><w:p/></w:tc></w:tr>
</w:tbl>
<w:sectPr wsp:rsidR="00A1"><w:hdr w:type="odd"><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>合同编号：JS-2024-0618</w:t></w:r></w:p></w:hdr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800"/></w:sectPr>
</wx:sect></w:body></w:wordDocument>
"""


def test_word2003_xml():
    data = W2003.encode("utf-8")
    assert sniff(data, "合同.xml") == "word2003-xml" and is_word_xml(data)
    doc = read_bytes(data, source="合同.xml")
    assert doc.format == "word2003-xml"
    body = [ln for ln in doc.lines if ln.role == "body"]
    assert [ln.text for ln in body] == [
        "技术服务合同",
        "委托方（甲方）：杭州云帆信息技术有限公司",
        "受托方（乙方）：                    ",
        "第一条 服务内容",
        "1.1 乙方为甲方提供软件运维服务。",  # the insertion kept, the deletion dropped
        "1.2 服务期限为    个月。自2024年7月1日起算。",  # the smart tag's text kept, the comment's not
        "（一）远程支持；",
        "（二）现场服务。",
        "第二条 服务费用",
        "2.1 服务费总额（大写）：    元。",  # a tab to an underscore-leader stop: a place to fill
        "甲方（盖章）：",
        "乙方（盖章）：",
        "签订日期：    年  月  日",
    ]
    # every list number is the one Word rendered when it saved the file (wx:t)
    rendered = re.findall(r'<wx:t wx:val="([^"]+)"/>', W2003)
    assert [ln.numbering for ln in body if ln.numbering] == rendered
    assert next(ln for ln in body if ln.numbering == "第一条").heading == 1
    assert body[2].underlines == ((8, 28),) and body[9].underlines == ((14, 18),)
    assert [ln.cell for ln in body[10:]] == [(0, 0, 0), (0, 0, 1), (0, 1, 0)]
    assert [ln.text for ln in doc.lines if ln.role == "footnote"] == ["1 服务范围见附件一。"]
    assert doc.margins == ["合同编号：JS-2024-0618"]
    assert [(n.rule, n.data) for n in doc.notes] == [
        ("unaccepted-revisions", {"revisions": 2, "comments": 1})
    ]
    result = check_bytes(data, "合同.xml")
    assert result.title == "技术服务合同" and result.contract_number == "JS-2024-0618"
    assert result.source.format == "word2003-xml" and result.source.declared_format is None


@pytest.mark.parametrize("filename", ["合同.xml", "合同.ftl", "合同.doc"])
def test_word2003_freemarker_template(filename):
    text = W2003.replace(
        "杭州云帆信息技术有限公司", "${partyA.name!}<#if partyA.short??>（${partyA.short}）</#if>"
    )
    text = text.replace(
        '<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="2"/><wx:t wx:val="（二）"/>',
        '<#list items as item><w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="2"/><wx:t wx:val="（二）"/>',
    ).replace("现场服务。</w:t></w:r></w:p>", "${item}</w:t></w:r></w:p></#list>")
    data = ("<#-- 合同模板 -->\n" + text).encode("utf-8")
    assert sniff(data, filename) == "word2003-xml"
    result = check_bytes(data, filename)
    texts = [ln.text for ln in read_bytes(data, source=filename).lines]
    assert "委托方（甲方）：${partyA.name!}（${partyA.short}）" in texts and "（二）${item}" in texts
    placeholders = sorted(f.message.split()[3] for f in result.findings if f.code == "B202")
    assert placeholders == ["${item}", "${partyA.name!}", "${partyA.short}"]
    assert (result.source.declared_format == "doc") == filename.endswith(".doc")


def test_word2003_errors():
    cut = W2003.encode("utf-8")[:3000]
    with pytest.raises(UnreadableFile, match="not well-formed XML") as exc:
        read_bytes(cut, source="cut.xml")
    assert str(exc.value).startswith("cut.xml: ") and "\n" not in str(exc.value)
    no_body = re.sub(r"<w:body>.*</w:body>", "", W2003, flags=re.S).encode("utf-8")
    with pytest.raises(UnreadableFile, match="no w:body"):
        read_bytes(no_body, source="a.xml")


# ------------------------------------------------------------------------------------------------
# hetong audit: .xml and .ftl files are contracts only when they are Word XML
# ------------------------------------------------------------------------------------------------


def test_discovery_looks_inside_xml_and_ftl_files(tmp_path):
    root = tmp_path / "合同"
    root.mkdir()
    (root / "服务合同.xml").write_bytes(flat("consulting"))
    (root / "模板.ftl").write_bytes(("<#-- 模板 -->\n" + W2003).encode("utf-8"))
    (root / "pom.xml").write_text('<?xml version="1.0"?><project><modelVersion>4</modelVersion></project>')
    (root / "page.ftl").write_text("<#include 'head.ftl'><html><body>${user}</body></html>")
    (root / "empty.xml").write_bytes(b"")
    (root / "seed.txt").write_bytes((SAMPLES / "seed.txt").read_bytes())
    found = discover([str(root)])
    assert sorted(Path(it.path).name for it in found.items) == ["seed.txt", "服务合同.xml", "模板.ftl"]
    assert all(it.declared is None for it in found.items if not it.path.endswith(".txt"))
    assert found.skipped[NOT_WORD_XML] == 3


def test_remote_discovery_looks_inside_too():
    fsspec = pytest.importorskip("fsspec")
    from extractor.audit.discover import Discovery
    from extractor.audit.remote import discover_urls

    fs = fsspec.filesystem("memory")
    fs.pipe("/hetong-xml-test/a.xml", flat("consulting"))
    fs.pipe("/hetong-xml-test/b.xml", b"<project/>")
    try:
        out = Discovery(items=[])
        items = discover_urls(["memory://hetong-xml-test"], out)
        assert [it.path.rsplit("/", 1)[-1] for it in items] == ["a.xml"]
        assert out.skipped[NOT_WORD_XML] == 1
    finally:
        fs.rm("/hetong-xml-test", recursive=True)


# ------------------------------------------------------------------------------------------------
# the real templates of the shared corpus
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REAL_TEMPLATES))
def test_real_flat_opc_freemarker_templates(name):
    path = MODELS / name
    if not path.is_file():
        pytest.skip(
            f"{path} is not there (the shared corpus lives beside the repository in ../shared/corpus)"
        )
    raw = path.read_text(encoding="utf-8")
    data, doc = read_path(path)
    assert doc.format == "docx-xml"
    result = analyse(doc, data, str(path))
    assert result.title == REAL_TEMPLATES[name]
    # read as Word shows it, not as XML text: a few dozen places to fill, not tens of thousands
    assert len(result.blanks) < 200 and sum(b.status == "empty" for b in result.blanks) < 100
    assert not any("<#" in ln.text or "</#" in ln.text or "<w:" in ln.text for ln in doc.lines)
    assert len(doc.lines) < 1000
    # every FreeMarker field of the file's text is a placeholder blank, and the model's one B202 finding
    # counts them all
    fields = Counter(re.findall(r"\$\{[^{}<>]+\}", raw))
    text = {ln.no: ln.text for ln in result.lines}
    found = Counter(
        x
        for b in result.blanks
        if b.kind == "placeholder"
        for x in re.findall(r"\$\{[^{}<>]+\}", text[b.line][b.span[0] : b.span[1]])
    )
    assert found == fields
    b202 = [f for f in result.findings if f.code == "B202"]
    if result.summary()["state"] == "template":  # one info finding counts them all
        assert len(b202) == 1 and f"{sum(fields.values())} template placeholders" in b202[0].message
    else:  # one finding each
        assert Counter(f.message.split()[3] for f in b202) == fields
    assert result.contract_number is None or "${" not in result.contract_number  # a field is no number
    assert any(p.role for p in result.parties)
