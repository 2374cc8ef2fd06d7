"""The terminal summary at the end of an audit: files by status, findings by rule, the worst contracts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..messages import say, word
from ..rules import rule_names
from ..terminal import printable
from .run import AuditResult, Options

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _a(key: str, **args: object) -> str:
    """A phrase of the summary in the chosen language (patterns/messages.toml [audit])."""
    return say("audit", key, **args)


def render(res: AuditResult, o: Options, console: Console | None = None) -> None:
    console = console or Console()
    t = res.totals
    failed = sum(t.failed.values())
    head = Text.assemble(
        ("hetong audit: ", "bold"),
        _a("files", files=res.files, seconds=f"{res.seconds:.1f}"),
        (_a("workers", n=res.workers) if res.workers else ""),
        " · ",
        (_a("checked", n=res.checked), ""),
        " · ",
        (_a("cached", n=res.cached), "dim"),
        " · ",
        (_a("failed", n=failed), "bold red" if failed else "green"),
    )
    console.print(head)
    if res.interrupted:
        console.print(Text(_a("interrupted", done=res.done, files=res.files), style="bold yellow"))
    if res.restarts:
        console.print(Text(_a("restarts", n=res.restarts), style="yellow"))
    d = res.discovery
    if d is not None and d.skipped:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(d.skipped.items()))
        console.print(Text(_a("skipped", what=skipped), style="dim"))
    if d is not None:
        for w in d.warnings[:20]:
            console.print(Text(_a("warning", what=printable(w)), style="yellow"))

    if t.ok:
        files_line = Text.assemble(
            _a("read", n=t.ok),
            (_a("with_errors", n=t.worst["error"]), STYLE["error"]),
            word("list"),
            (_a("warnings_only", n=t.worst["warning"]), STYLE["warning"]),
            word("list"),
            _a("clean", n=t.ok - t.worst["error"] - t.worst["warning"]),
        )
        console.print(files_line)
    if t.known:
        console.print(Text(_a("known", n=t.known, path=o.baseline or ""), style="dim"))
    if t.failed:
        tab = Table(title=_a("failed_title"), title_justify="left")
        tab.add_column(_a("kind"))
        tab.add_column(_a("file_count"), justify="right")
        for kind, n in sorted(t.failed.items(), key=lambda kv: (-kv[1], kv[0])):
            tab.add_row(kind, str(n))
        console.print(tab)
    if t.rules:
        tab = Table(title=_a("rules_title"), title_justify="left")
        tab.add_column(word("code"), style="bold")
        tab.add_column(word("rule"))
        tab.add_column(_a("findings"), justify="right")
        tab.add_column(_a("file_count"), justify="right")
        names = rule_names()
        for rule, n in sorted(t.rules.items(), key=lambda kv: (-kv[1], kv[0])):
            code, _, slug = rule.partition(" ")
            tab.add_row(code, f"{names.get(code, '')} {slug}".strip(), str(n), str(t.rule_files[rule]))
        console.print(tab)
    top = t.top()
    if top:
        tab = Table(title=_a("top_title", n=len(top)), title_justify="left")
        tab.add_column(say("html", "contract"), overflow="fold")
        tab.add_column(say("columns", "error"), justify="right", style=STYLE["error"])
        tab.add_column(say("columns", "warning"), justify="right", style=STYLE["warning"])
        for path, e, w in top:
            tab.add_row(Text(printable(path)), str(e), str(w))  # (a Text: "[" in a name is not markup)
        console.print(tab)
    if res.pruned or o.prune_cache:
        console.print(Text(_a("pruned", n=res.pruned, path=printable(str(res.cache_path))), style="dim"))
    written = [
        f"{k} {printable(v)}"
        for k, v in (
            ("jsonl", o.jsonl),
            ("csv", o.csv),
            ("xlsx", o.xlsx),
            ("findings-csv", o.findings_csv),
            ("html", o.html),
            ("out", o.out),
        )
        if v
    ]
    if written:
        console.print(Text(_a("wrote", what=" · ".join(written)), style="dim"))
