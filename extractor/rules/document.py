"""Document rules: what reading the file found (noise removed, tracked changes, lost numbering, scans)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding
from . import Context, Rule, rule


def _notes(ctx: Context, r: Rule) -> Iterator[Finding]:
    for note in ctx.document.notes:
        if note.rule == r.slug:
            yield r.finding(note.key, line=note.line, **note.args)


@rule("D001", "noise-removed", "info")
def noise_removed(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Lines before the title or after the end that are not contract text (a web page's header and footer) were dropped.

    Hit:
        原创力文档(book118)网站文档一经付费(服务费),不意味着购买了该文档的版权
        服务协议
        第一条 乙方提供服务。
        文档评论(0)

    Okay:
        服务协议
        第一条 乙方提供服务。
    """
    if ctx.noise_head or ctx.noise_tail:
        yield r.finding("dropped", head=ctx.noise_head, tail=ctx.noise_tail)


@rule("D002", "format-mismatch", "info")
def format_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The file's extension names another format than its bytes (a .doc that is really RTF or HTML)."""
    if ctx.declared_format and ctx.declared_format != ctx.document.format:
        yield r.finding("mismatch", declared=ctx.declared_format, actual=ctx.document.format)


@rule("D003", "unaccepted-revisions", "warning")
def unaccepted_revisions(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The document still carries tracked changes or comments: a signed copy should not."""
    yield from _notes(ctx, r)


@rule("D004", "numbering-lost", "warning")
def numbering_lost(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Word list numbering could not be rendered (a .doc with damaged list tables or Word 6 numbering, and no LibreOffice): clause numbers may be missing."""
    yield from _notes(ctx, r)


@rule("D005", "no-text-layer", "error")
def no_text_layer(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Pages have no usable text (a scan, or a garbage text layer) and OCR is not installed."""
    yield from _notes(ctx, r)


@rule("D006", "mojibake-repaired", "warning")
def mojibake_repaired(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The text file was garbled by a wrong encoding once (GBK read as Latin-1 and saved again:
    ³µÎ»×âÁÞºÏÍ¬); hetong read it back as Chinese, but the file itself should be fixed."""
    yield from _notes(ctx, r)
