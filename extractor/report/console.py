"""The terminal view of one result (rich): title, parties, outline tree, blanks, findings, summary.

Every string that comes from the file (its name, its text) is shown as a rich Text passed through
``terminal.printable``: no escape sequence reaches the terminal, and a "[" in a contract is not markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..model import Node, Result
from ..rules import rule_names
from ..terminal import printable

TITLE_WIDTH = 30
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"empty": "red", "filled": "green", "na": "dim"}
#: what the document is (Result.state), for a Chinese reader first
STATE_LABEL = {
    "template": "空白模板 template",
    "partly-filled": "部分填写 partly filled",
    "filled": "已填写 filled",
}
REGION_TITLE = {
    "cover": "封面 cover",
    "instructions": "填写说明 instructions",
    "preamble": "约首 preamble",
    "signature": "签署 signature block",
}


def _text(value: str, style: str = "") -> Text:
    """What the file says, as a Text safe to print."""
    return Text(printable(value), style=style)


def _node_label(node: Node) -> Text:
    if node.kind in REGION_TITLE:
        return Text(f"{REGION_TITLE[node.kind]}  (lines {node.line}–{node.end_line})", style="dim italic")
    if node.kind == "appendix":
        return _text(f"{node.label or '附件'} {node.title}", style="magenta")
    if node.kind == "document":
        return _text(
            f"另一文件 document《{node.title}》  (lines {node.line}–{node.end_line})", style="bold magenta"
        )
    style = "bold" if node.kind in ("part", "chapter", "article") else ""
    title = node.title if len(node.title) <= TITLE_WIDTH else node.title[: TITLE_WIDTH - 1] + "…"
    return Text.assemble(
        (f"{printable(node.label)} ", style or "bold dim"),
        (printable(title), style),
        (f"  :{node.line}", "dim"),
    )


def _tree(result: Result) -> Tree:
    root = Tree(_text(result.title or "(no title)", style="bold"))

    def add(parent: Tree, node: Node) -> None:
        branch = parent.add(_node_label(node))
        for child in node.children:
            add(branch, child)

    for node in result.outline:
        if node.kind != "title":
            add(root, node)
    return root


def render(result: Result, console: Console | None = None, *, outline: bool = True) -> None:
    console = console or Console()
    src = result.source
    fmt = src.format + (f" (named .{src.declared_format})" if src.declared_format else "")
    pages = f", {src.pages} pages" if src.pages else ""
    console.print(_text(result.title or "(no title)", style="bold underline"))
    where = f"{printable(src.path)} · {fmt}{pages}"
    console.print(Text(f"{where} · 合同编号 {printable(result.contract_number or '—')}", style="dim"))

    if result.parties:
        t = Table(title="Parties", title_justify="left", show_lines=False, expand=False)
        t.add_column("role")
        t.add_column("field")
        t.add_column("value", overflow="fold")
        t.add_column("line", justify="right", style="dim")
        for p in result.parties:
            head = (
                p.role
                + (f"（{p.alias}）" if p.alias else "")
                + (f"（{p.description}）" if p.description else "")
            )
            first = True
            for f in p.fields:
                value = _text(
                    f.value or f"({f.status})", style=STATUS_STYLE[f.status] if f.status != "filled" else ""
                )
                if f.block == "signature":
                    value.append("  [signature]", style="dim")
                t.add_row(_text(head if first else ""), _text(f.label), value, str(f.line))
                first = False
            if first:
                t.add_row(_text(head), "", Text("(no fields)", style="dim"), str(p.line))
        console.print(t)

    if outline and result.outline:
        console.print(_tree(result))

    if result.blanks:
        t = Table(title=f"Blanks ({len(result.blanks)})", title_justify="left")
        t.add_column("line", justify="right", style="dim")
        t.add_column("place")
        t.add_column("label")
        t.add_column("status")
        t.add_column("value", overflow="fold")
        t.add_column("context", overflow="fold", style="dim")
        for b in result.blanks:
            value = b.value or ""
            if b.unit and value:
                value += b.unit
            t.add_row(
                str(b.line),
                _text(b.place),
                _text(b.label or ""),
                Text(b.status, style=STATUS_STYLE[b.status]),
                _text(value),
                _text(f"{b.before[-10:]}____{b.after[:10]}"),
            )
        console.print(t)

    if result.findings:
        t = Table(title=f"Findings ({len(result.findings)})", title_justify="left")
        t.add_column("severity")
        t.add_column("code", style="bold")
        t.add_column("规则 rule", style="dim")
        t.add_column("line", justify="right", style="dim")
        t.add_column("message", overflow="fold")
        names = rule_names()
        for f in result.findings:
            t.add_row(
                Text(f.severity, style=STYLE[f.severity]),
                f.code,
                f"{names.get(f.code, '')} {f.rule}".strip(),
                str(f.line) if f.line is not None else "",
                _text(f.message),
            )
        console.print(t)
    s = result.summary()
    console.print(
        Text.assemble(
            ("✗ " if s["error"] else "✓ ", "bold red" if s["error"] else "bold green"),
            f"{s['error']} errors, {s['warning']} warnings, {s['info']} info · "
            f"{s['blanks']} blanks ({s['empty_blanks']} empty) · {len(result.parties)} parties · "
            f"{STATE_LABEL[s['state']]}",
        )
    )
