"""The terminal summary at the end of an audit: files by status, findings by rule, the worst contracts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..terminal import printable
from .run import AuditResult, Options

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(res: AuditResult, o: Options, console: Console | None = None) -> None:
    console = console or Console()
    t = res.totals
    failed = sum(t.failed.values())
    head = Text.assemble(
        ("hetong audit: ", "bold"),
        f"{res.files} files in {res.seconds:.1f} s",
        (f" ({res.workers} worker{'s' if res.workers > 1 else ''})" if res.workers else ""),
        " · ",
        (f"{res.checked} checked", ""),
        " · ",
        (f"{res.cached} from cache", "dim"),
        " · ",
        (f"{failed} could not be read", "bold red" if failed else "green"),
    )
    console.print(head)
    if res.interrupted:
        console.print(
            Text(
                f"interrupted after {res.done} of {res.files} files: the reports hold those; "
                "run the same command again to finish (finished files come from the cache)",
                style="bold yellow",
            )
        )
    if res.restarts:
        console.print(
            Text(
                f"{res.restarts} worker process(es) were replaced after a crash or a time-out", style="yellow"
            )
        )
    d = res.discovery
    if d is not None and d.skipped:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(d.skipped.items()))
        console.print(Text(f"skipped: {skipped}", style="dim"))
    if d is not None:
        for w in d.warnings[:20]:
            console.print(Text(f"warning: {printable(w)}", style="yellow"))

    if t.ok:
        files_line = Text.assemble(
            f"{t.ok} contracts read: ",
            (f"{t.worst['error']} with errors", STYLE["error"]),
            ", ",
            (f"{t.worst['warning']} with warnings only", STYLE["warning"]),
            ", ",
            f"{t.ok - t.worst['error'] - t.worst['warning']} clean or info only",
        )
        console.print(files_line)
    if t.failed:
        tab = Table(title="Files that could not be read", title_justify="left")
        tab.add_column("kind")
        tab.add_column("files", justify="right")
        for kind, n in sorted(t.failed.items(), key=lambda kv: (-kv[1], kv[0])):
            tab.add_row(kind, str(n))
        console.print(tab)
    if t.rules:
        tab = Table(title="Findings by rule", title_justify="left")
        tab.add_column("code", style="bold")
        tab.add_column("rule")
        tab.add_column("findings", justify="right")
        tab.add_column("files", justify="right")
        for rule, n in sorted(t.rules.items(), key=lambda kv: (-kv[1], kv[0])):
            code, _, slug = rule.partition(" ")
            tab.add_row(code, slug, str(n), str(t.rule_files[rule]))
        console.print(tab)
    top = t.top()
    if top:
        tab = Table(title=f"Most errors (top {len(top)})", title_justify="left")
        tab.add_column("contract", overflow="fold")
        tab.add_column("errors", justify="right", style=STYLE["error"])
        tab.add_column("warnings", justify="right", style=STYLE["warning"])
        for path, e, w in top:
            tab.add_row(Text(printable(path)), str(e), str(w))  # (a Text: "[" in a name is not markup)
        console.print(tab)
    if res.pruned or o.prune_cache:
        console.print(
            Text(
                f"cache: {res.pruned} result(s) no longer usable deleted from {printable(str(res.cache_path))}",
                style="dim",
            )
        )
    written = [
        f"{k} {printable(v)}"
        for k, v in (("jsonl", o.jsonl), ("csv", o.csv), ("xlsx", o.xlsx), ("html", o.html), ("out", o.out))
        if v
    ]
    if written:
        console.print(Text("wrote: " + " · ".join(written), style="dim"))
