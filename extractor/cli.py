"""The command line: thin wrappers that parse arguments, call the library and render.

hetong check FILE [--json | --format text|json|html] [-o OUT] [--fail-on error|warning|info|never]
             [--timeout SECONDS] [--max-memory MB] [--max-size MB] [--max-chars N] [--max-pages N]
             [--max-zip-part MB] [--max-ocr-pages N] … (every limit of docs/limits.md)
hetong audit PATH... [--workers N] [--jsonl F] [--csv F] [--xlsx F] [--html DIR] [--out DIR] [--no-cache]
hetong rules [--json]
hetong schema
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from . import __version__, config
from .errors import HetongError
from .messages import LANGS, failure, set_lang
from .model import SEVERITY_ORDER
from .terminal import printable

if TYPE_CHECKING:
    from .model import Result
    from .readers.caps import Caps

FAIL_ON = ("error", "warning", "info", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with one line, like bad input
        self.print_usage(sys.stderr)
        print(f"hetong: error: {printable(message)}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODE",
        help="only these rules (code prefix or slug: S1, B201, empty-blank); repeatable",
    )
    p.add_argument(
        "--ignore", action="append", default=[], metavar="CODE", help="skip these rules; repeatable"
    )
    p.add_argument(
        "--patterns", metavar="DIR", help="a folder of pattern files overriding ours, file by file"
    )
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="exit 1 when a finding reaches this severity (default: error)",
    )


def content_limit_options(p: argparse.ArgumentParser) -> None:
    """--max-chars and --max-pages, the limits on what a file holds, and an option for each of the
    readers' other caps (``readers.caps.OPTIONS``: --max-zip-part …), for check and audit."""
    from .readers import DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES
    from .readers.caps import OPTIONS

    p.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"refuse a file whose text runs past N characters (default {DEFAULT_MAX_CHARS:,})",
    )
    p.add_argument(
        "--max-pages",
        type=int,
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"refuse a PDF of more than N pages (default {DEFAULT_MAX_PAGES:,})",
    )
    for o in OPTIONS:
        p.add_argument(
            o.flag,
            type=int if o.unit == "N" else float,
            default=o.default(),
            metavar=o.unit,
            help=f"{o.help} (default {o.default():,})",
        )


def caps_from_args(args: argparse.Namespace) -> Caps:
    """The readers' caps the options give (checked first by :func:`caps_problem`)."""
    from .readers.caps import from_values

    return from_values(vars(args))


def caps_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the caps' options, or None."""
    from .readers.caps import problem

    return problem(vars(args))


def lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="the language of messages and reports: zh (default) or en; or set HETONG_LANG",
    )


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def config_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        metavar="FILE",
        help="defaults for the options (default: $HETONG_CONFIG, else ./hetong.toml when there is one)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hetong",
        description="Read Chinese contracts, build their clause tree, extract parties "
        "and blanks, and flag what a reviewer must fix.",
    )
    parser.add_argument("--version", action="version", version=f"hetong {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser(
        "check",
        help="audit one contract (.txt .docx .doc .rtf .html .pdf, Word .xml)",
        description="Audit one contract and print its parties, outline, blanks and findings.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="the contract file(s)")
    check.add_argument("--json", action="store_true", help="print the result as JSON (same as --format json)")
    check.add_argument(
        "--format",
        choices=("text", "concise", "json", "html"),
        default=None,
        help="output format (concise: one line per finding, FILE:LINE: …; html: a self-contained page, "
        "one file only; json: one object, or one per line for several files)",
    )
    check.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE instead of stdout")
    check.add_argument(
        "--no-outline", action="store_true", help="leave the outline tree out of the text view"
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="instead of the findings, how many of each rule (over all the files given)",
    )
    check.add_argument(
        "--max-size", type=float, default=200, metavar="MB", help="refuse larger files (default 200)"
    )
    content_limit_options(check)
    check.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="give up after this long: one line and exit 2 (default: no limit)",
    )
    check.add_argument(
        "--max-memory",
        type=int,
        default=None,
        metavar="MB",
        help="give up when the check needs more memory than this (address space, POSIX; default: no limit)",
    )
    check.add_argument(
        "--template",
        metavar="FILE",
        help="the blank model contract this one was filled in from: "
        "its blanks are looked up in the contract and edits to its text reported",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="an earlier run's JSON/JSON Lines, or an audit workbook after the review: the findings it "
        "holds for the same file are left out",
    )
    _rule_options(check)
    lang_option(check)
    config_option(check)
    check.set_defaults(per_file_ignores={})  # hetong.toml's [per-file-ignores] (extractor/per_file.py)

    from .audit import add_arguments as audit_arguments

    audit = sub.add_parser(
        "audit",
        help="audit every contract in folders: parallel, cached, with reports",
        description="Audit every contract file under the given files and folders, in "
        "parallel, resumably, writing JSONL/CSV/XLSX/HTML reports. Exit 0: clean; 1: "
        "findings reach --fail-on or some files could not be read; 2: usage error or no "
        "file could be read.",
    )
    audit_arguments(audit)
    _rule_options(audit)
    lang_option(audit)
    config_option(audit)
    audit.set_defaults(per_file_ignores={})

    rules = sub.add_parser(
        "rules",
        help="list the rules with their codes, severities and docs",
        description="List every rule hetong checks, with its documentation.",
    )
    rules.add_argument(
        "codes",
        nargs="*",
        metavar="CODE",
        help="explain these rules (a code, a code prefix such as S1, or a slug), with their examples",
    )
    rules.add_argument("--json", action="store_true", help="as JSON")
    rules.add_argument("--markdown", action="store_true", help="as the Markdown of docs/rules.md")
    lang_option(rules)
    config_option(rules)

    sub.add_parser(
        "schema",
        help="print the JSON Schema of check --json",
        description="Print the JSON Schema of the object `hetong check --json` prints.",
    )
    return parser


def _fails(findings_severities: Sequence[str], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    bar = SEVERITY_ORDER[fail_on]
    return any(SEVERITY_ORDER[s] >= bar for s in findings_severities)


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from pathlib import Path

    Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


#: after ``check --timeout`` runs out, the time the main thread gets to stop before the watchdog ends
#: the process (a native call that does not return to Python cannot be interrupted otherwise)
TIMEOUT_GRACE = 2.0


class _OutOfTime(BaseException):
    """``check --timeout`` ran out. A BaseException, as KeyboardInterrupt: no reader's ``except
    Exception`` may take it for a fault of the file."""


@contextmanager
def _time_limit(seconds: float | None, message: str) -> Iterator[None]:
    """End the block with :class:`_OutOfTime` after ``seconds`` (SIGALRM: it interrupts Python code and
    the regex engine, which checks for signals); should the main thread be stuck in a native call that
    never returns to Python, a watchdog thread prints ``message`` and ends the process with exit 2
    :data:`TIMEOUT_GRACE` seconds later (or at once where there is no SIGALRM: Windows)."""
    if not seconds:
        yield
        return
    import signal

    done = threading.Event()
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def watchdog() -> None:
        if not done.wait(seconds + (TIMEOUT_GRACE if alarm else 0.0)):
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
            os._exit(EXIT_BAD_INPUT)

    def on_alarm(_sig: int, _frame: object) -> None:
        done.set()  # the main thread stops by itself: the watchdog stands down
        raise _OutOfTime

    guard = threading.Thread(target=watchdog, name="hetong-timeout", daemon=True)
    guard.start()
    old = None
    if alarm:
        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        done.set()
        if alarm:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
            finally:
                signal.signal(signal.SIGALRM, old)
        guard.join()


def cmd_check(args: argparse.Namespace) -> int:
    from .limits import MIN_MEMORY_MB, restore_memory_limit, set_memory_limit

    if args.timeout is not None and args.timeout <= 0:
        print("hetong: error: --timeout must be positive", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.max_chars < 1 or args.max_pages < 1:
        option = "--max-chars" if args.max_chars < 1 else "--max-pages"
        print(f"hetong: error: {option} must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.max_memory and args.max_memory < MIN_MEMORY_MB:
        print(f"hetong: error: --max-memory must be at least {MIN_MEMORY_MB} (MB)", file=sys.stderr)
        return EXIT_BAD_INPUT
    bad_caps = caps_problem(args)
    if bad_caps:
        print(f"hetong: error: {bad_caps}", file=sys.stderr)
        return EXIT_BAD_INPUT
    fmt = "json" if args.json else (args.format or "text")
    if sys.stderr.isatty():  # a scan read by OCR takes seconds a page: say what is going on
        import logging

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("hetong: %(message)s"))
        ocr_log = logging.getLogger("hetong.ocr")
        ocr_log.addHandler(handler)
        ocr_log.setLevel(logging.INFO)
    if fmt == "html" and len(args.files) > 1:
        print(
            "hetong: error: --format html takes one file (hetong audit --html for several)", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    # -o: every file's output goes to one file (an HTML page is written whole, by itself)
    seen = None
    if args.baseline:
        from .baseline import load as load_baseline

        try:
            seen = load_baseline(args.baseline)
        except HetongError as exc:
            print(f"hetong: {printable(exc.path)}: {printable(exc.reason)}", file=sys.stderr)
            return EXIT_BAD_INPUT
    out = open(args.output, "w", encoding="utf-8") if args.output and fmt != "html" else None  # noqa: SIM115
    status = EXIT_OK
    counts: Counter[str] = Counter()
    try:
        for n, path in enumerate(args.files):
            old_limit = set_memory_limit(args.max_memory) if args.max_memory else None
            try:
                result = _check_one(args, path, old_limit)
            finally:
                restore_memory_limit(old_limit)
            if result is None:
                status = EXIT_BAD_INPUT
                continue
            if seen is not None:
                result.findings, result.known = seen.split(path, result.findings)
            if args.statistics:
                counts.update(f"{f.code} {f.rule}" for f in result.findings)
            else:
                _report(args, fmt, result, path, out, several=len(args.files) > 1, first=n == 0)
            if status == EXIT_OK and _fails([f.severity for f in result.findings], args.fail_on):
                status = EXIT_FINDINGS
        if args.statistics:
            _emit(_statistics(counts), out)
    finally:
        if out is not None:
            out.close()
    return status


def _statistics(counts: Counter[str]) -> str:
    """One line per rule, most found first: count, code, Chinese name, slug (ruff's --statistics)."""
    from .rules import rule_names

    names = rule_names()
    lines = []
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        code, _, slug = key.partition(" ")
        lines.append(f"{n:>5}  {code}  {names.get(code, '')}  {slug}\n")
    return "".join(lines)


def _check_one(args: argparse.Namespace, path: str, old_limit: object) -> Result | None:
    """The result of one file, or None after one line on stderr saying why there is none."""
    from .api import check
    from .limits import over_memory
    from .per_file import PerFileIgnores

    name = printable(path)
    late = f"hetong: {name}: no result after {args.timeout:g} s (--timeout)" if args.timeout else ""
    try:
        with _time_limit(args.timeout, late):
            return check(
                path,
                template=args.template,
                patterns=args.patterns,
                select=args.select,
                ignore=[*args.ignore, *PerFileIgnores.of(args.per_file_ignores).codes(path)],
                max_bytes=int(args.max_size * 1024 * 1024),
                max_chars=args.max_chars,
                max_pages=args.max_pages,
                caps=caps_from_args(args),
            )
    except HetongError as exc:
        print(f"hetong: {printable(exc.path)}: {printable(failure(exc.kind, exc.reason))}", file=sys.stderr)
    except _OutOfTime:
        print(late, file=sys.stderr)
    except MemoryError:
        print(f"hetong: {name}: {over_memory(args.max_memory if old_limit else None)}", file=sys.stderr)
    return None


def _report(
    args: argparse.Namespace,
    fmt: str,
    result: Result,
    path: str,
    out: TextIO | None,
    *,
    several: bool,
    first: bool,
) -> None:
    """One file's result in the chosen format, to ``out`` (a file) or stdout."""
    if fmt == "json":
        from .report.json import dumps, render

        _emit(dumps(result.to_dict(), indent=None) + "\n" if several else render(result) + "\n", out)
    elif fmt == "concise":
        from .report.concise import render as concise

        _emit(concise(result), out)
    elif fmt == "html":
        from .report.html import render_contract, source_link

        _write(render_contract(result, source_href=source_link(path, args.output)), args.output)
    else:
        from rich.console import Console

        from .report.console import render

        console = Console(file=out, width=120, no_color=True) if out is not None else Console()
        if several and not first:
            console.rule()
        render(result, console, outline=not args.no_outline)


def _emit(text: str, out: TextIO | None) -> None:
    if out is not None:
        out.write(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def cmd_audit(args: argparse.Namespace) -> int:
    from .audit import run_cli

    return run_cli(args)


def cmd_rules(args: argparse.Namespace) -> int:
    from .rules import all_rules, selected

    rules = all_rules()
    if args.codes:
        rules = selected(args.codes)
        if not args.json and not args.markdown:
            _explain(rules)
            return EXIT_OK
    if args.json:
        from .messages import template
        from .report.json import dumps

        print(
            dumps(
                [
                    {
                        "code": r.code,
                        "slug": r.slug,
                        "severity": r.severity,
                        "name": r.name,
                        "summary": r.summary,
                        "summary_zh": template(r.code, "summary", "zh"),
                        "doc": r.doc,
                    }
                    for r in rules
                ]
            )
        )
    elif args.markdown:
        from .rules.docs import markdown

        sys.stdout.write(markdown())
    else:
        from rich.console import Console
        from rich.table import Table

        from .messages import severity, word

        t = Table(title="hetong rules", title_justify="left", show_lines=True)
        t.add_column(word("code"), style="bold")
        t.add_column(word("rule"))
        t.add_column(word("severity"))
        t.add_column(word("message"), overflow="fold")
        for r in rules:
            t.add_row(r.code, f"{r.name}\n{r.slug}", severity(r.severity), r.summary_text)
        Console().print(t)
    return EXIT_OK


def _explain(rules: list) -> None:
    """Each rule in full, as a reviewer asks about it: its names, severity, weight, what it means (in the
    chosen language), then its documentation with the examples that fire it and those that do not."""
    from rich.console import Console
    from rich.text import Text

    from .messages import severity, template
    from .rules import weight

    console = Console()
    for r in rules:
        console.print(Text(f"{r.code} {r.name} {r.slug}", style="bold"))
        console.print(
            Text(
                f"{severity(r.severity)} · {template('finding_columns', 'weight')} {weight(r.code)}",
                style="dim",
            )
        )
        console.print(Text(r.summary_text))
        console.print(Text(r.doc), "")


def cmd_schema(_args: argparse.Namespace) -> int:
    from .report.json import dumps
    from .schema import SCHEMA

    print(dumps(SCHEMA))
    return EXIT_OK


def _unknown_rules(keys: list[str]) -> str | None:
    """The error for a --select/--ignore key that names no rule (a code prefix or a slug), with the close
    matches; None when every key names at least one. A typo must not quietly select nothing."""
    import difflib

    from .rules import all_rules

    rules = all_rules()
    names = [r.code for r in rules] + [r.slug for r in rules]
    for key in keys:
        if any(r.code.startswith(key.upper()) or r.slug == key for r in rules):
            continue
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (hetong rules lists them)"
        return f"no rule is called {key!r}{hint}"
    return None


def _unknown_per_file_rules(args: argparse.Namespace) -> str | None:
    """The error for a code of hetong.toml's [per-file-ignores] that names no rule, with its pattern."""
    from .per_file import TABLE, PerFileIgnores

    for pattern, code in PerFileIgnores.of(getattr(args, "per_file_ignores", None)).all_codes():
        unknown = _unknown_rules([code])
        if unknown:
            return f"[{TABLE}] {pattern!r}: {unknown}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--config")
    known, _ = pre.parse_known_args(argv)
    path = None
    try:
        path = config.find(known.config)
        if path is not None:
            config.apply(_subparsers(parser), config.load(path), path)
    except HetongError as exc:
        print(f"hetong: {printable(exc.path)}: {printable(exc.reason)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    handler = {"check": cmd_check, "audit": cmd_audit, "rules": cmd_rules, "schema": cmd_schema}[args.command]
    set_lang(getattr(args, "lang", None))
    unknown = _unknown_rules(
        [*getattr(args, "select", []), *getattr(args, "ignore", []), *getattr(args, "codes", [])]
    )
    if unknown:
        parser.error(unknown)
    unknown = _unknown_per_file_rules(args)
    if unknown:
        print(f"hetong: {printable(str(path))}: {printable(unknown)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("hetong: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
