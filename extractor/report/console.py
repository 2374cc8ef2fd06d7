"""The terminal view of one result (rich): title, parties, outline tree, blanks, findings, summary.

Every string that comes from the file (its name, its text) is shown as a rich Text passed through
``terminal.printable``: no escape sequence reaches the terminal, and a "[" in a contract is not markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..messages import place, say, severity, word
from ..model import Node, Result
from ..report.table import TOP_FINDINGS, where
from ..rules import ranked, rule_names
from ..terminal import printable

TITLE_WIDTH = 30
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"empty": "red", "filled": "green", "na": "dim"}
REGIONS = ("cover", "instructions", "preamble", "signature")


def _lines(node: Node) -> str:
    return say("report", "lines", first=node.line, last=node.end_line)


def _text(value: str, style: str = "") -> Text:
    """What the file says, as a Text safe to print."""
    return Text(printable(value), style=style)


def _node_label(node: Node) -> Text:
    if node.kind in REGIONS:
        return Text(f"{word('region.' + node.kind)}  ({_lines(node)})", style="dim italic")
    if node.kind == "appendix":
        return _text(f"{node.label or '附件'} {node.title}", style="magenta")
    if node.kind == "document":
        return _text(f"{word('region.document')}《{node.title}》  ({_lines(node)})", style="bold magenta")
    style = "bold" if node.kind in ("part", "chapter", "article") else ""
    title = node.title if len(node.title) <= TITLE_WIDTH else node.title[: TITLE_WIDTH - 1] + "…"
    return Text.assemble(
        (f"{printable(node.label)} ", style or "bold dim"),
        (printable(title), style),
        (f"  :{node.line}", "dim"),
    )


def _tree(result: Result) -> Tree:
    root = Tree(_text(result.title or word("untitled"), style="bold"))

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
    fmt = (
        say("report", "named", format=src.format, declared=src.declared_format)
        if src.declared_format
        else src.format
    )
    pages = f" · {say('report', 'pages', n=src.pages)}" if src.pages else ""
    number = f"{word('contract number')} {printable(result.contract_number or '—')}"
    console.print(_text(result.title or word("untitled"), style="bold underline"))
    console.print(Text(f"{printable(src.path)} · {fmt}{pages} · {number}", style="dim"))

    if result.parties:
        t = Table(title=word("parties"), title_justify="left", show_lines=False, expand=False)
        t.add_column(word("role"))
        t.add_column(word("field"))
        t.add_column(word("value"), overflow="fold")
        t.add_column(word("line"), justify="right", style="dim")
        for p in result.parties:
            head = (
                p.role
                + (f"（{p.alias}）" if p.alias else "")
                + (f"（{p.description}）" if p.description else "")
            )
            first = True
            for f in p.fields:
                value = _text(
                    f.value or f"（{word('status.' + f.status)}）",
                    style=STATUS_STYLE[f.status] if f.status != "filled" else "",
                )
                if f.block == "signature":
                    value.append(f"  [{word('signature')}]", style="dim")
                t.add_row(_text(head if first else ""), _text(f.label), value, str(f.line))
                first = False
            if first:
                t.add_row(_text(head), "", Text(word("no fields"), style="dim"), str(p.line))
        console.print(t)

    if outline and result.outline:
        console.print(_tree(result))

    if result.blanks:
        t = Table(
            title=say("report", "count", what=word("blanks"), n=len(result.blanks)), title_justify="left"
        )
        for key in ("line", "place", "label", "status", "value", "context"):
            t.add_column(
                word(key),
                justify="right" if key == "line" else "left",
                style="dim" if key in ("line", "context") else "",
                overflow="fold" if key in ("value", "context") else "ellipsis",
            )
        for b in result.blanks:
            value = b.value or ""
            if b.unit and value:
                value += b.unit
            t.add_row(
                str(b.line),
                _text(place(b.place)),
                _text(b.label or ""),
                Text(word("status." + b.status), style=STATUS_STYLE[b.status]),
                _text(value),
                _text(f"{b.before[-10:]}____{b.after[:10]}"),
            )
        console.print(t)

    if result.findings:
        t = Table(
            title=say("report", "count", what=word("findings"), n=len(result.findings)), title_justify="left"
        )
        t.add_column(word("severity"))
        t.add_column(word("code"), style="bold")
        t.add_column(word("rule"), style="dim")
        paged = any(f.page for f in result.findings)
        t.add_column(
            f"{word('page')}:{word('line')}" if paged else word("line"), justify="right", style="dim"
        )
        t.add_column(word("message"), overflow="fold")
        names = rule_names()
        for f in result.findings:
            t.add_row(
                Text(severity(f.severity), style=STYLE[f.severity]),
                f.code,
                f"{names.get(f.code, '')} {f.rule}".strip(),
                (f"{f.page}:{f.line}" if f.page else str(f.line)) if f.line is not None else "",
                _text(f.message),
            )
        console.print(t)
    s = result.summary()
    console.print(
        Text.assemble(
            ("✗ " if s["error"] else "✓ ", "bold red" if s["error"] else "bold green"),
            say(
                "report",
                "summary",
                error=s["error"],
                warning=s["warning"],
                info=s["info"],
                blanks=s["blanks"],
                empty=s["empty_blanks"],
                parties=len(result.parties),
                state=word("state." + s["state"]),
            ),
        )
    )
    top = ranked(result.findings)[:TOP_FINDINGS]
    if top and s["error"] + s["warning"]:
        console.print(Text(say("columns", "top_findings"), style="bold"))
        for f in top:
            console.print(
                Text.assemble(
                    ("  " + severity(f.severity), STYLE[f.severity]),
                    f" {f.code} {printable(f.message)}{where(f)}",
                )
            )
