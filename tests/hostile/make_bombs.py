"""Files that inflate or multiply past what a contract holds, built at test time for the caps of
docs/limits.md: .docx parts of spaces, PDF content streams of spaces, Word XML and HTML of many
elements. Each holds a clause of text as well, so that under a cap high enough it reads as a contract.
The sizes are the caller's: small for the tests (a few MB), real for benchmarks/hostile_audit.py."""

from __future__ import annotations

import io
import zipfile
import zlib

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
TEXT = "第一条 甲方应当按时向乙方支付服务费用。"
CLAUSE = "<w:p><w:r><w:t>第{}条 甲方应当按时付款。</w:t></w:r></w:p>"
MB = 1 << 20


def docx(parts: dict[str, bytes]) -> bytes:
    """A .docx (zip, deflated) of ``parts``: name -> bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def spaces_docx(document_mb: float, styles_mb: float = 0.0) -> bytes:
    """A .docx whose document.xml (and, with ``styles_mb``, styles.xml) is padded with that many MB of
    spaces: a zip part that compresses a thousandfold."""
    body = f"<w:body><w:p><w:r><w:t>{TEXT}</w:t></w:r></w:p></w:body>"
    parts = {"word/document.xml": _padded("w:document", body, document_mb)}
    if styles_mb:
        parts["word/styles.xml"] = _padded("w:styles", "", styles_mb)
        parts["word/_rels/document.xml.rels"] = (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Target="styles.xml" Type="{STYLES}"/>'
            "</Relationships>"
        ).encode()
    return docx(parts)


def _padded(root: str, inner: str, mb: float) -> bytes:
    return f'<{root} xmlns:w="{WNS}">{inner}'.encode() + b" " * int(mb * MB) + f"</{root}>".encode()


def paragraphs_docx(n: int, empty: bool = False) -> bytes:
    """A .docx of ``n`` clauses (three elements each), or of ``n`` empty paragraphs after one clause."""
    body = CLAUSE.format(1) + "<w:p/>" * n if empty else "".join(CLAUSE.format(i) for i in range(1, n + 1))
    return docx(
        {"word/document.xml": f'<w:document xmlns:w="{WNS}"><w:body>{body}</w:body></w:document>'.encode()}
    )


def paragraphs_html(n: int) -> bytes:
    """An HTML page of ``n`` paragraphs (an element each)."""
    return ("<html><body>" + "".join(f"<p>第{i}条 甲方应当按时付款。</p>" for i in range(1, n + 1))).encode()


def spaces_pdf(*stream_mb: float) -> bytes:
    """One page of a line of text whose content is one Flate stream per size given, each of that many MB
    of spaces (the first with the text)."""
    streams = []
    for k, mb in enumerate(stream_mb):
        c = zlib.compressobj(9)
        data = c.compress(
            b"BT /F1 12 Tf 72 700 Td (The Buyer shall pay the Seller.) Tj ET\n" if k == 0 else b""
        )
        block = b" " * MB
        whole, rest = divmod(int(mb * MB), MB)
        data += b"".join(c.compress(block) for _ in range(whole)) + c.compress(b" " * rest) + c.flush()
        streams.append(data)
    first = 5  # the content streams' first object number
    contents = " ".join(f"{first + k} 0 R" for k in range(len(streams)))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [%s] "
        b"/Resources << /Font << /F1 4 0 R >> >> >>" % contents.encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ] + [b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(s) + s + b"\nendstream" for s in streams]
    return pdf_of(objs)


def pdf_of(objs: list[bytes]) -> bytes:
    """A PDF file of ``objs`` (numbered from 1, the first the catalog) with its cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)
