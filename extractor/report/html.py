"""HTML reports: one self-contained page per contract, and the index page of a bulk audit.

Pages carry their CSS and (for the index) a little vanilla JS inline: no CDN, no external file, so a page
can be mailed or opened from a share. Every piece of contract text goes through :func:`html.escape`.

The contract page shows the text as hetong read it (``Result.lines``, with their line numbers as anchors
``#L<no>``): blanks highlighted (empty / filled / not applicable), party values marked, a missing chapter
shown where it should have been, findings listed at the top and linked to their lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from typing import Any

from ..messages import failure, lang, place, say, severity, word
from ..model import SEVERITY_ORDER, Finding, Line, Node, Result
from ..rules import ranked, rule_names

#: rules whose finding stands for text that is absent: shown as a gap before the finding's line
GAP_RULES = frozenset({"missing-chapter", "missing-clause", "missing-item"})
OUTLINE_KINDS = frozenset(
    {
        "part",
        "chapter",
        "section",
        "article",
        "appendix",
        "document",
        "signature",
        "preamble",
        "cover",
        "instructions",
    }
)
HEADING_KINDS = frozenset({"title", "part", "chapter", "section", "article", "appendix", "document"})
REGIONS = ("cover", "instructions", "preamble", "signature")

CSS = """
:root{--bg:#fff;--fg:#1d232a;--dim:#69737d;--line:#e3e7eb;--panel:#f6f8fa;--err:#c62828;--errbg:#fdecea;
--warn:#a15c00;--warnbg:#fff4e0;--info:#0b6b8a;--infobg:#e6f4f8;--empty:#ffd54f;--filled:#c8e6c9;--na:#e0e0e0;
--target:#fff8c5;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--bg:#14181c;--fg:#e3e7eb;--dim:#98a2ad;--line:#2b3238;--panel:#1b2126;
--err:#ff8a80;--errbg:#3b1f1f;--warn:#ffcc80;--warnbg:#3a2e1a;--info:#80deea;--infobg:#16323a;--empty:#8d6e00;
--filled:#2e5b30;--na:#3a3f44;--target:#3d3a1a;--link:#8ab4f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.6 system-ui,-apple-system,"Segoe UI",
"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
a{color:var(--link)}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.45em;margin:.2em 0 .1em;line-height:1.3;word-break:break-word}
h2{font-size:1.1em;margin:1.4em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
.meta{color:var(--dim);font-size:.9em;word-break:break-all}
.where{color:var(--dim);font-size:.9em}
nav.jump{font-size:.9em;margin:.2em 0 .4em}
nav.pager{display:flex;flex-wrap:wrap;gap:4px 18px;margin:.3em 0}
nav.pager a[rel=next]{margin-left:auto}
.badges{display:flex;flex-wrap:wrap;gap:6px;margin:.6em 0}
.badge{display:inline-block;padding:1px 9px;border-radius:10px;font-size:.85em;background:var(--panel);
border:1px solid var(--line);white-space:nowrap}
.badge.error{background:var(--errbg);color:var(--err);border-color:transparent}
.badge.warning{background:var(--warnbg);color:var(--warn);border-color:transparent}
.badge.info{background:var(--infobg);color:var(--info);border-color:transparent}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{font-weight:600;white-space:nowrap}
.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
ol.findings{list-style:none;padding:0;margin:0}
ol.findings li{padding:5px 8px;border-left:4px solid var(--line);margin:0 0 4px;background:var(--panel);
word-break:break-word}
ol.findings li.error{border-color:var(--err)}ol.findings li.warning{border-color:var(--warn)}
ol.findings li.info{border-color:var(--info)}
ol.findings li:target{outline:2px solid var(--link)}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
details.toc summary{cursor:pointer;font-weight:600}
details.toc ul{margin:.3em 0;padding-left:1.2em}
.text{border:1px solid var(--line);border-radius:6px;overflow:hidden}
.l{display:grid;grid-template-columns:3.4em 1fr;min-height:1.2em}
.l>a.n{color:var(--dim);text-align:right;padding-right:.7em;text-decoration:none;user-select:none;
font-variant-numeric:tabular-nums;font-size:.82em;padding-top:.15em;border-right:1px solid var(--line)}
.l>.t{white-space:pre-wrap;word-break:break-word;padding-left:.7em;padding-right:.5em}
.l.bold>.t{font-weight:700}
.l.h>.t{font-weight:700}
.l.fe{background:var(--errbg)}.l.fw{background:var(--warnbg)}
.l:target{background:var(--target)}
.flags{display:inline-flex;gap:4px;margin-left:.6em;vertical-align:1px}
.flags a{font-size:.72em;text-decoration:none;padding:0 5px;border-radius:8px;font-family:ui-monospace,monospace}
.flags a.error{background:var(--err);color:var(--bg)}.flags a.warning{background:var(--warn);color:var(--bg)}
.flags a.info{background:var(--info);color:var(--bg)}
.gap{margin:4px 6px 4px 3.9em;padding:4px 10px;border:2px dashed var(--err);border-radius:6px;color:var(--err);
background:var(--errbg);font-size:.92em}
.gap.warning{border-color:var(--warn);color:var(--warn);background:var(--warnbg)}
.skip{color:var(--dim);font-size:.82em;font-style:italic;padding:2px 0 2px 4.1em;background:var(--panel)}
mark{color:inherit;border-radius:3px;padding:0 1px}
mark.empty{background:var(--empty);outline:1px solid rgba(160,110,0,.45)}
mark.filled{background:var(--filled)}
mark.na{background:var(--na)}
mark.value{background:none;border-bottom:2px solid #43a047}
mark.filled.value{background:var(--filled)}
mark.zero{padding:0 .35em}
span.u{text-decoration:underline}
span.hit{text-decoration:underline wavy var(--err);text-underline-offset:3px}
.legend{font-size:.85em;color:var(--dim);display:flex;flex-wrap:wrap;gap:10px;margin:.3em 0 .6em}
.by-rule{display:flex;flex-wrap:wrap;gap:6px;margin:.2em 0 .6em}
a.chip{font-size:.85em;padding:1px 8px;border-radius:10px;text-decoration:none;background:var(--panel);
border:1px solid var(--line);white-space:nowrap}
a.chip.error{color:var(--err)}a.chip.warning{color:var(--warn)}a.chip.info{color:var(--info)}
footer{color:var(--dim);font-size:.8em;margin:2em 0 1em}
details.group{margin:0 0 6px;border:1px solid var(--line);border-radius:6px}
details.group>summary{cursor:pointer;padding:4px 8px;background:var(--panel);border-radius:6px}
details.group[open]>summary{border-radius:6px 6px 0 0;border-bottom:1px solid var(--line)}
details.group>ol.findings{padding:6px}
details.group .n{font-variant-numeric:tabular-nums;font-weight:600}
p.controls select{padding:4px 6px;font-size:.92em;border:1px solid var(--line);border-radius:6px;
background:var(--bg);color:var(--fg)}
@media (max-width:640px){body{font-size:14px}main{padding:10px}.l{grid-template-columns:2.6em 1fr}
.gap{margin-left:2.9em}.skip{padding-left:3.1em}th,td{padding:3px 5px}}
"""


def _e(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


def _h(key: str, **args: object) -> str:
    """A phrase of the pages in the chosen language (patterns/messages.toml [html])."""
    return say("html", key, **args)


def _count(n: int, sev: str) -> str:
    """3 个错误 / 3 errors."""
    what = severity(sev)
    if lang() == "en" and n != 1 and sev != "info":
        what += "s"
    return _h("count", n=n, what=what)


def _page(title: str, body: str, *, script: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if lang() == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="hetong">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}"
        + (f"<script>{script}</script>\n" if script else "")
        + "</body>\n</html>\n"
    )


def source_link(source: str, page: str | None = None) -> str | None:
    """The href from a page to the contract file it shows: relative to the page's folder (the pages and
    the files move together), or a file: URI when the page is not written to a file. None for a remote
    file (an fsspec URL)."""
    import os
    from pathlib import Path
    from urllib.parse import quote

    if "://" in source:
        return None
    target = os.path.abspath(source)
    if page is None:
        return Path(target).as_uri()
    rel = os.path.relpath(target, os.path.dirname(os.path.abspath(page)))
    return quote(rel.replace(os.sep, "/"), safe="/")


# --- the contract page ------------------------------------------------------------------------------


#: a neighbour of a contract page in an audit's index: (href from the page, the path it shows)
Neighbour = tuple[str, str]


def render_contract(
    result: Result,
    *,
    index_href: str | None = None,
    source_href: str | None = None,
    prev: Neighbour | None = None,
    next_: Neighbour | None = None,
) -> str:
    """A self-contained HTML page for one contract; ``source_href`` links to the original file. With
    ``index_href`` (a page of an audit) the page starts and ends with :func:`pager`."""
    from .. import __version__

    src = result.source
    s = result.summary()
    title = result.title or src.path
    parts: list[str] = ["<main>\n"]
    links = pager(index_href, prev, next_) if index_href else ""
    parts.append(links)
    parts.append(f"<h1>{_e(result.title or word('untitled'))}</h1>\n")
    fmt = (
        say("report", "named", format=src.format, declared=src.declared_format)
        if src.declared_format
        else src.format
    )
    shown = _e(src.path)
    if source_href:
        shown = f'<a href="{_e(source_href)}" title="{_e(_h("original"))}">{shown}</a>'
    meta = [shown, _e(fmt)]
    if src.pages:
        meta.append(_e(say("report", "pages", n=src.pages)))
    meta.append(f"{_e(word('contract number'))} {_e(result.contract_number or '—')}")
    parts.append(f'<p class="meta" id="source">{" · ".join(meta)}</p>\n')
    parts.append('<div class="badges" id="summary">')
    for sev in ("error", "warning", "info"):
        parts.append(f'<span class="badge {sev}" data-count="{s[sev]}">{_count(s[sev], sev)}</span>')
    parts.append(
        f'<span class="badge" data-empty="{s["empty_blanks"]}">'
        f"{_e(_h('blanks_empty', empty=s['empty_blanks'], blanks=s['blanks']))}</span>"
        f'<span class="badge">{_e(_h("parties_n", n=len(result.parties)))}</span>'
        f'<span class="badge" data-state="{s["state"]}">{_e(word("state." + s["state"]))}</span>'
        + (
            f'<span class="badge" data-known="{s["known"]}">{_e(_h("known", n=s["known"]))}</span>'
            if s.get("known")
            else ""
        )
        + "</div>\n"
    )

    findings = list(result.findings)
    nav = [
        ("findings", word("findings")),
        ("parties", word("parties")) if result.parties else None,
        ("text", _h("text")),
    ]
    parts.append(
        '<nav class="jump">'
        + " · ".join(f'<a href="#{k}">{v}</a>' for k, v in filter(None, nav))
        + "</nav>\n"
    )
    parts.append(_findings_section(findings))
    if result.parties:
        parts.append(_parties_section(result))
    toc = _toc(result.outline)
    if toc:
        parts.append(toc)
    parts.append(_text_section(result, findings))
    parts.append(links)
    parts.append(f"<footer>hetong {_e(__version__)} · sha256 {_e(src.sha256)}</footer>\n</main>\n")
    return _page(f"{title} · hetong", "".join(parts), script=CONTRACT_JS if findings else "")


def pager(index_href: str, prev: Neighbour | None = None, next_: Neighbour | None = None) -> str:
    """The links of a contract page of an audit: back to the index, and to the contracts before and after
    it in the index's order (none before the first, none after the last). Plain links (``rel`` prev and
    next), on one line of their own: the audit rewrites that line when the neighbours change."""
    links = [f'<a href="{_e(index_href)}" rel="index">{_e(_h("all_contracts"))}</a>']
    for rel, key, there in (("prev", "prev", prev), ("next", "next", next_)):
        if there is not None:
            href, path = there
            name = path.rsplit("/", 1)[-1]
            links.append(f'<a href="{_e(href)}" rel="{rel}" title="{_e(path)}">{_e(_h(key, name=name))}</a>')
    return f'<nav class="pager meta">{"".join(links)}</nav>\n'


#: the contract page's script: the rule menu shows one rule's group (``#rule=S101`` in the address sets
#: it); a link to a finding in a closed or hidden group (a chip, a code at a line) opens it first
CONTRACT_JS = r"""
(function(){
var sel=document.getElementById('rule-filter'),groups=[].slice.call(document.querySelectorAll('details.group'));
function apply(){var v=sel?sel.value:'';groups.forEach(function(g){var on=!v||g.dataset.rule===v;g.hidden=!on;
if(v&&on)g.open=true;});}
function reveal(){var id=location.hash.slice(1),t=null;try{t=id&&document.getElementById(decodeURIComponent(id));}
catch(e){}if(!t)return;var g=t.closest('details.group');if(!g)return;
var moved=g.hidden||!g.open;
if(g.hidden&&sel){sel.value='';apply();}g.open=true;if(moved)t.scrollIntoView();}
if(sel)sel.addEventListener('change',apply);
window.addEventListener('hashchange',reveal);
var h=new URLSearchParams(location.hash.slice(1));
if(sel&&h.get('rule')){sel.value=h.get('rule');apply();}else reveal();
})();
"""


def _findings_section(findings: list[Finding]) -> str:
    """The findings, one collapsible group per rule, the heaviest rule first (as the reports rank them):
    a group of errors or warnings open, of info closed; a menu above shows one rule's group only."""
    out = [f'<h2 id="findings">{_e(say("report", "count", what=word("findings"), n=len(findings)))}</h2>\n']
    if not findings:
        out.append(f"<p>{_e(_h('no_findings'))}</p>\n")
        return "".join(out)
    groups = rule_groups(findings)
    names = rule_names()
    out.append(_by_rule(groups))
    if len(groups) > 1:
        out.append(
            f'<p class="controls"><select id="rule-filter" aria-label="{_e(_h("rule_filter"))}">'
            f'<option value="">{_e(_h("rule_all"))}</option>'
            + "".join(
                f'<option value="{_e(code)}">{_e(code)} {_e(names.get(code, slug))} ({len(items)})</option>'
                for code, slug, _, items in groups
            )
            + "</select></p>\n"
        )
    for code, slug, sev, items in groups:
        opened = " open" if sev != "info" else ""
        out.append(
            f'<details class="group {_e(sev)}" id="R-{_e(code)}" data-rule="{_e(code)}"{opened}>'
            f'<summary><span class="sev {_e(sev)}">{_e(severity(sev))}</span> <span class="code">{_e(code)}'
            f'</span> {_e(names.get(code, slug))} <span class="where">{_e(slug)}</span> '
            f'<span class="n">×{len(items)}</span></summary>\n<ol class="findings">\n'
        )
        out.extend(_finding_item(i, f) for i, f in items)
        out.append("</ol></details>\n")
    return "".join(out)


def _finding_item(i: int, f: Finding) -> str:
    where = (
        f'<a href="#L{f.line}">{_e(_h("at_page_line", page=f.page, line=f.line) if f.page else _h("at_line", line=f.line))}</a>'
        if f.line is not None
        else _e(_h("whole_document"))
    )
    where_place = f" · {_e(place(f.place))}" if f.place else ""
    return (
        f'<li id="F{i}" class="{_e(f.severity)}" data-rule="{_e(f.rule)}" data-line="{_e(f.line or "")}">'
        f'<span class="sev {_e(f.severity)}">{_e(severity(f.severity))}</span> <span class="code">{_e(f.code)}'
        f'</span> {_e(f.message)} <span class="where">({where}{where_place} · {_e(rule_names().get(f.code, ""))} '
        f"{_e(f.rule)})</span></li>\n"
    )


#: one rule's findings on a page: (code, slug, worst severity, [(number on the page, finding)])
Group = tuple[str, str, str, list[tuple[int, Finding]]]


def rule_groups(findings: list[Finding]) -> list[Group]:
    """The findings by rule (numbered 1… in the given order, their anchors ``#F1``…), the groups in the
    order the reports rank findings (:func:`ranked`: weight, then severity, then line) by each rule's
    foremost finding; within a group the given order."""
    by_code: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(findings, 1):
        by_code.setdefault(f.code, []).append((i, f))
    heads = [ranked([f for _, f in items])[0] for items in by_code.values()]
    return [(h.code, h.rule, h.severity, by_code[h.code]) for h in ranked(heads)]


def _by_rule(groups: list[Group]) -> str:
    """The findings counted by rule, heaviest first, each a link to its group: where to start."""
    names = rule_names()
    chips = [
        f'<a class="chip {_e(sev)}" href="#R-{_e(code)}">{_e(code)} {_e(names.get(code, slug))} ×{len(items)}</a>'
        for code, slug, sev, items in groups
    ]
    return f'<p class="by-rule">{" ".join(chips)}</p>\n'


def _parties_section(result: Result) -> str:
    out = [
        f'<h2 id="parties">{_e(word("parties"))}</h2>\n<div class="scroll"><table>\n'
        f"<tr><th>{_e(_h('party'))}</th><th>{_e(word('field'))}</th><th>{_e(word('value'))}</th>"
        f'<th class="num">{_e(word("line"))}</th></tr>\n'
    ]
    for p in result.parties:
        head = (
            p.role + (f"（{p.alias}）" if p.alias else "") + (f"（{p.description}）" if p.description else "")
        )
        rows = p.fields or []
        if not rows:
            out.append(
                f'<tr><td>{_e(head)}</td><td></td><td class="meta">{_e(word("no fields"))}</td>'
                f'<td class="num"><a href="#L{p.line}">{p.line}</a></td></tr>\n'
            )
        for i, f in enumerate(rows):
            value = (
                _e(f.value)
                if f.value
                else f'<mark class="{_e(f.status)}">{_e(word("status." + f.status))}</mark>'
            )
            sig = f' <span class="meta">[{_e(_h("signed"))}]</span>' if f.block == "signature" else ""
            out.append(
                f"<tr><td>{_e(head) if i == 0 else ''}</td><td>{_e(f.label)}</td><td>{value}{sig}</td>"
                f'<td class="num"><a href="#L{f.line}">{f.line}</a></td></tr>\n'
            )
    out.append("</table></div>\n")
    return "".join(out)


def _toc(outline: list[Node]) -> str:
    items: list[str] = []

    def visit(node: Node, depth: int) -> None:
        if node.kind in OUTLINE_KINDS and depth < 2:
            label = (
                word("region." + node.kind)
                if node.kind in REGIONS
                else " ".join(x for x in (node.label, node.title) if x)
            )
            items.append(f'<li><a href="#L{node.line}">{_e(label or node.kind)}</a></li>')
            for c in node.children:
                visit(c, depth + 1)

    for node in outline:
        visit(node, 0)
    if len(items) < 2:
        return ""
    return (
        f'<details class="toc" open><summary>{_e(word("outline"))}</summary><ul>'
        + "".join(items)
        + "</ul></details>\n"
    )


def _text_section(result: Result, findings: list[Finding]) -> str:
    by_line: dict[int, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(findings, 1):
        if f.line is not None:
            by_line.setdefault(f.line, []).append((i, f))
    marks = _annotations(result)
    headings = {n.line for root in result.outline for n in root.walk() if n.kind in HEADING_KINDS}
    out = [
        f'<h2 id="text">{_e(_h("text"))}</h2>\n<div class="legend">'
        f'<span><mark class="empty">空白</mark> {_e(_h("legend_empty"))}</span>'
        f'<span><mark class="filled">已填</mark> {_e(_h("legend_filled"))}</span>'
        f'<span><mark class="value">值</mark> {_e(_h("legend_value"))}</span>'
        f'<span><mark class="na">/</mark> {_e(_h("legend_na"))}</span></div>\n<div class="text">\n'
    ]
    prev_no = None
    shown: set[int] = set()
    for line in result.lines:
        if prev_no is not None and line.no > prev_no + 1:
            n = line.no - prev_no - 1
            out.append(f'<div class="skip">{_e(_h("skipped", n=n))}</div>\n')
        elif prev_no is None and line.no > 1:
            n = line.no - 1
            out.append(f'<div class="skip">{_e(_h("skipped_head", n=n))}</div>\n')
        prev_no = line.no
        here = by_line.get(line.no, [])
        for i, f in here:
            if f.rule in GAP_RULES:
                out.append(
                    f'<div class="gap {_e(f.severity)}" data-rule="{_e(f.rule)}"><a href="#F{i}" class="code">'
                    f"{_e(f.code)}</a> {_e(f.message)}</div>\n"
                )
        shown.add(line.no)
        out.append(
            _line_html(
                line,
                marks.get(line.no, []),
                [(i, f) for i, f in here if f.rule not in GAP_RULES],
                heading=line.no in headings,
            )
        )
    # findings whose line is outside the shown text (e.g. in removed noise) are still listed above
    out.append("</div>\n")
    return "".join(out)


def _annotations(result: Result) -> dict[int, list[tuple[int, int, str, str, str]]]:
    """line -> [(start, end, classes, title, id)] of blanks, party values and finding spans."""
    out: dict[int, list[tuple[int, int, str, str, str]]] = {}
    for i, b in enumerate(result.blanks, 1):
        tip = " · ".join(
            x
            for x in (b.label, word("status." + b.status), b.value, word("picture") if b.picture else None)
            if x
        )
        out.setdefault(b.line, []).append((b.span[0], b.span[1], f"blank {b.status}", tip, f"B{i}"))
    for p in result.parties:
        for f in p.fields:
            if f.status == "filled" and f.value:
                out.setdefault(f.line, []).append((f.span[0], f.span[1], "value", f"{p.role} {f.label}", ""))
    for f in result.findings:
        if f.line is not None and f.span is not None and f.rule not in ("empty-blank",):
            out.setdefault(f.line, []).append((f.span[0], f.span[1], "hit", f"{f.code} {f.message}", ""))
    return out


def _line_html(
    line: Line,
    marks: list[tuple[int, int, str, str, str]],
    flags: list[tuple[int, Finding]],
    *,
    heading: bool = False,
) -> str:
    cls = ["l"]
    if line.bold:
        cls.append("bold")
    if line.heading or heading:
        cls.append("h")
    worst = max((SEVERITY_ORDER[f.severity] for _, f in flags), default=-1)
    if worst == 2:
        cls.append("fe")
    elif worst == 1:
        cls.append("fw")
    body = _spans(line.text, marks, line.underlines)
    if flags:
        body += (
            '<span class="flags">'
            + "".join(
                f'<a class="{_e(f.severity)}" href="#F{i}" title="{_e(f.message)}">{_e(f.code)}</a>'
                for i, f in flags
            )
            + "</span>"
        )
    return (
        f'<div class="{" ".join(cls)}" id="L{line.no}"><a class="n" href="#L{line.no}">{line.no}</a>'
        f'<span class="t">{body}</span></div>\n'
    )


def _spans(
    text: str, marks: list[tuple[int, int, str, str, str]], underlines: Iterable[tuple[int, int]]
) -> str:
    """Escape ``text`` and wrap the marked spans; overlapping marks split into segments with merged classes."""
    n = len(text)
    spans: list[tuple[int, int, str, str, str]] = []
    zero: dict[
        int, list[tuple[str, str, str]]
    ] = {}  # blanks with no width (a value left out): shown as a box
    for a, b, c, t, i in [*marks, *((a, b, "u", "", "") for a, b in underlines)]:
        a, b = max(0, min(a, n)), max(0, min(b, n))
        if a < b:
            spans.append((a, b, c, t, i))
        elif c.startswith("blank"):
            zero.setdefault(a, []).append((c, t, i))
    if not spans and not zero:
        return _e(text)
    cuts = sorted({0, n, *zero, *(a for a, *_ in spans), *(b for _, b, *_ in spans)})
    out: list[str] = []
    opened: set[str] = set()
    for k, lo in enumerate(cuts):
        for c, t, i in zero.get(lo, ()):
            out.append(f'<mark class="{_e(c)} zero" id="{_e(i)}" title="{_e(t)}">▢</mark>')
        if k + 1 == len(cuts):
            break
        hi = cuts[k + 1]
        seg = _e(text[lo:hi])
        active = [x for x in spans if x[0] <= lo and x[1] >= hi]
        if not active:
            out.append(seg)
            continue
        classes: list[str] = []
        tips: list[str] = []
        ident = ""
        for _, _, c, t, i in active:
            classes.extend(w for w in c.split() if w not in classes)
            if t and t not in tips:
                tips.append(t)
            if i and i not in opened:  # the anchor goes on the blank's first segment
                ident = i
                opened.add(i)
        tag = "mark" if any(c in ("blank", "value") for c in classes) else "span"
        idattr = f' id="{_e(ident)}"' if ident else ""
        tip = f' title="{_e(" / ".join(tips))}"' if tips else ""
        out.append(f'<{tag} class="{_e(" ".join(classes))}"{idattr}{tip}>{seg}</{tag}>')
    return "".join(out)


# --- the index page ---------------------------------------------------------------------------------

INDEX_JS = r"""
(function(){
var t=document.getElementById('contracts'),tb=t.tBodies[0],rows=[].slice.call(tb.rows),heads=t.tHead.rows[0].cells,
q=document.getElementById('q'),st=document.getElementById('status'),so=document.getElementById('sort'),
ru=document.getElementById('rule'),sa=document.getElementById('state'),shown=document.getElementById('shown'),
seen={};
rows.forEach(function(r){(r.dataset.rules||'').split('|').forEach(function(x){if(x)seen[x]=(seen[x]||0)+1;});});
Object.keys(seen).sort().forEach(function(x){var o=document.createElement('option');o.value=x;
o.textContent=x+' ('+seen[x]+')';ru.appendChild(o);});
function apply(){var s=q.value.trim().toLowerCase(),f=st.value,g=ru.value,k=sa.value,n=0;
rows.forEach(function(r){var ok=(!s||(r.textContent+' '+(r.dataset.rules||'')).toLowerCase().indexOf(s)>=0)&&
(!g||('|'+(r.dataset.rules||'')+'|').indexOf('|'+g+'|')>=0)&&(!k||r.dataset.state===k)&&
(f==='all'||(f==='failed'&&r.dataset.status==='error')||(f==='errors'&&+r.dataset.errors>0)||
(f==='warnings'&&+r.dataset.warnings>0)||(f==='clean'&&r.dataset.status==='ok'&&+r.dataset.errors===0));
r.hidden=!ok;if(ok)n++;});shown.textContent=shown.dataset.of.replace('{n}',n).replace('{total}',rows.length);}
function head(key){return [].filter.call(heads,function(c){return c.dataset.key===key;})[0];}
function sortBy(th,want){var i=th.cellIndex,num=th.classList.contains('num'),
dir=want?(want==='descending'?-1:1):(th.getAttribute('aria-sort')==='ascending'?-1:1);
[].forEach.call(heads,function(c){c.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir>0?'ascending':'descending');
rows.sort(function(a,b){var x=a.cells[i].dataset.v!==undefined?a.cells[i].dataset.v:a.cells[i].textContent,
y=b.cells[i].dataset.v!==undefined?b.cells[i].dataset.v:b.cells[i].textContent;
if(num){x=x===''?-1:+x;y=y===''?-1:+y;return (x-y)*dir||(a.dataset.i-b.dataset.i);}
return x.localeCompare(y,'zh-CN')*dir||(a.dataset.i-b.dataset.i);});
rows.forEach(function(r){tb.appendChild(r);});}
function pathOrder(){[].forEach.call(heads,function(c){c.removeAttribute('aria-sort');});
rows.sort(function(a,b){return a.dataset.i-b.dataset.i;});rows.forEach(function(r){tb.appendChild(r);});}
function pick(){var v=so.value.split(':'),th=head(v[0]);if(th)sortBy(th,v[1]==='d'?'descending':'ascending');
else pathOrder();}
[].forEach.call(heads,function(th){th.tabIndex=0;th.addEventListener('click',function(){sortBy(th);});
th.addEventListener('keydown',function(e){if(e.key==='Enter')sortBy(th);});});
q.addEventListener('input',apply);st.addEventListener('change',apply);ru.addEventListener('change',apply);
sa.addEventListener('change',apply);
so.addEventListener('change',pick);
var h=new URLSearchParams(location.hash.slice(1));
if(h.get('q'))q.value=h.get('q');if(h.get('status'))st.value=h.get('status');if(h.get('rule'))ru.value=h.get('rule');if(h.get('state'))sa.value=h.get('state');
if(h.get('sort')){var c=head(h.get('sort'));
if(c){sortBy(c,h.get('desc')?'descending':'ascending');so.value=h.get('sort')+(h.get('desc')?':d':'');}}
apply();})();
"""

INDEX_CSS = """
.wrap{display:flex;flex-direction:column}.totals{order:-1}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:.6em 0}
.controls input{flex:1 1 220px;padding:6px 8px;font-size:1em;border:1px solid var(--line);border-radius:6px;
background:var(--bg);color:var(--fg)}
.controls select{padding:6px;font-size:1em;border:1px solid var(--line);border-radius:6px;background:var(--bg);
color:var(--fg)}
#sort{display:none}
main.wide{max-width:1500px}
#contracts th{cursor:pointer;user-select:none;position:sticky;top:0;vertical-align:bottom}
#contracts th[aria-sort=ascending]::after{content:" ▲"}#contracts th[aria-sort=descending]::after{content:" ▼"}
#contracts td.path{word-break:break-all;min-width:12em}
#contracts tr.failed td{background:var(--errbg)}
#contracts td.z{color:var(--dim)}
#contracts td.e:not(.z){color:var(--err);font-weight:600}
@media (min-width:601px) and (max-width:760px){#contracts th:nth-child(3),#contracts td:nth-child(3),
#contracts th:nth-child(6),#contracts td:nth-child(6){display:none}}
@media (max-width:600px){
#sort{display:block;flex:1 1 100%}
.scroll{overflow:visible}
#contracts thead{display:none}
#contracts,#contracts tbody{display:block}
#contracts tr{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:2px 8px;margin:0 0 8px;
padding:7px 10px;border:1px solid var(--line);border-radius:8px}
#contracts tr[hidden]{display:none}
#contracts tr.failed{background:var(--errbg);border-color:transparent}
#contracts tr.failed td{background:none}
#contracts td{display:block;border:0;padding:0;min-width:0}
#contracts td.path{grid-column:1/-1;min-width:0;font-weight:600}
#contracts td.title{grid-column:1/-1;white-space:normal;word-break:break-word}
#contracts td.fmt,#contracts tr.failed td.num,#contracts td:empty{display:none}
#contracts td.num{text-align:left;line-height:1.25}
#contracts td.num::before{content:attr(data-label);display:block;color:var(--dim);font-size:.72em;font-weight:400}
#contracts td.miss{grid-column:1/-1;font-size:.92em}
#contracts td.miss::before{content:attr(data-label) "：";color:var(--dim)}
}
"""

#: (key, numeric) of the index table; the headers are the spreadsheets' ([columns]; the path: [html] contract)
INDEX_COLUMNS = (
    ("path", False),
    ("title", False),
    ("format", False),
    ("error", True),
    ("warning", True),
    ("info", True),
    ("empty_blanks", True),
    ("missing", False),
)


def _column(key: str) -> str:
    if key == "path":
        return _h("contract")
    return say("columns", "missing_chapters" if key == "missing" else key)


#: the sort menu shown instead of the column headers on a narrow screen: (key[:d for descending], label)
SORT_CHOICES = (
    ("", "sort_path"),
    ("error:d", "sort_errors"),
    ("warning:d", "sort_warnings"),
    ("empty_blanks:d", "sort_blanks"),
    ("title", "sort_title"),
)


def index_document(
    rows: Iterable[dict[str, Any]], *, title: str = "hetong audit", totals: dict[str, Any] | None = None
) -> Iterator[str]:
    """The index page in pieces (write them as they come: memory stays flat for any number of rows).

    Each row is an audit row (see ``report.table.summary_row``) plus ``path``, ``href`` (the contract
    page, relative to the index; None when the file could not be read) and optionally ``shown``, the
    shorter path to display (the full path becomes the tooltip).
    """
    yield index_head(title)
    count = 0
    for i, row in enumerate(rows):
        count += 1
        yield index_row(i, row)
    yield index_tail(totals, count)


def render_index(rows: Iterable[dict[str, Any]], **kw: Any) -> str:
    return "".join(index_document(rows, **kw))


def index_head(title: str = "hetong audit") -> str:
    head = _page(title, "@@BODY@@").split("@@BODY@@")[0].replace("</style>", INDEX_CSS + "</style>")
    return (
        head + f'<main class="wide">\n<h1>{_e(title)}</h1>\n<div class="wrap">\n<div class="controls">'
        f'<input id="q" type="search" placeholder="{_e(_h("filter"))}" aria-label="filter">'
        '<select id="status" aria-label="status">'
        + "".join(
            f'<option value="{v}">{_e(_h("status_" + v))}</option>'
            for v in ("all", "errors", "warnings", "clean", "failed")
        )
        + '</select><select id="state" aria-label="state">'
        + f'<option value="">{_e(_h("state_all"))}</option>'
        + "".join(
            f'<option value="{k}">{_e(word("state." + k))}</option>'
            for k in ("template", "partly-filled", "filled")
        )
        + f'</select><select id="rule" aria-label="rule"><option value="">{_e(_h("rule_all"))}</option>'
        + '</select><select id="sort" aria-label="sort">'
        + "".join(f'<option value="{v}">{_e(_h(key))}</option>' for v, key in SORT_CHOICES)
        + f'</select><span id="shown" class="meta" data-of="{_e(_h("shown", n="{n}", total="{total}"))}">'
        '</span></div>\n<div class="scroll"><table id="contracts">\n'
        "<thead><tr>"
        + "".join(
            f'<th data-key="{k}"{" class=num" if num else ""}>{_e(_column(k))}</th>'
            for k, num in INDEX_COLUMNS
        )
        + "</tr></thead>\n<tbody>\n"
    )


def index_tail(totals: dict[str, Any] | None, count: int) -> str:
    """Closes the table; the totals come after it in the page but show above it (CSS ``order``)."""
    from .. import __version__

    return (
        "</tbody>\n</table></div>\n"
        + (_totals(totals) if totals is not None else "")
        + f"</div>\n<footer>hetong {_e(__version__)} · {_e(_h('files', n=count))}</footer>\n</main>\n"
        f"<script>{INDEX_JS}</script>\n</body>\n</html>\n"
    )


def index_row(i: int, row: dict[str, Any]) -> str:
    """One ``<tr>``; on a narrow screen CSS lays it out as a card (the ``data-label`` of a cell names it)."""
    path = row.get("path") or ""
    shown = row.get("shown") or path  # the path under the audited folder; the full one in the tooltip
    href = row.get("href")
    failed = row.get("status") == "error"
    link = f'<a href="{_e(href)}">{_e(shown)}</a>' if href else _e(shown)
    cells = [f'<td class="path" data-v="{_e(shown)}" title="{_e(path)}">{link}</td>']
    if failed:
        fail = row.get("failure") or {}
        cells.append(
            f'<td class="title sev error" data-v="">{_e(failure(fail.get("kind") or "error", fail.get("message") or "", with_kind=True))}</td>'
        )
    else:
        cells.append(f'<td class="title">{_e(row.get("title") or "")}</td>')
    cells.append(f'<td class="fmt">{_e(row.get("format") or "")}</td>')
    for key in NUM_KEYS:
        v = row.get(key)
        cls = "num" + (" e" if key == "error" else "") + (" z" if not v else "")
        shown_v = "" if v is None else v
        cells.append(f'<td class="{cls}" data-label="{_e(_column(key))}" data-v="{shown_v}">{shown_v}</td>')
    missing = "、".join(row.get("missing_chapters") or [])
    cells.append(f'<td class="miss" data-label="{_e(_column("missing"))}">{_e(missing)}</td>')
    # the rules found, for the filter box and the rule menu: "S101 missing-chapter 章或条缺失" each, | between
    names = rule_names()
    rules = "|".join(f"{k} {names.get(k.split()[0], '')}".strip() for k in sorted(row.get("rules") or {}))
    return (
        f'<tr data-i="{i}" data-status="{_e(row.get("status"))}" data-errors="{row.get("error") or 0}" '
        f'data-rules="{_e(rules)}" data-state="{_e(row.get("state") or "")}" '
        f'data-warnings="{row.get("warning") or 0}"{" class=failed" if failed else ""}>{"".join(cells)}</tr>\n'
    )


#: the count columns of the index (a card on a narrow screen labels each with its column's name)
NUM_KEYS = ("error", "warning", "info", "empty_blanks")


def _totals(t: dict[str, Any]) -> str:
    bits = [f'<span class="badge">{_e(_h("files", n=t.get("files", 0)))}</span>']
    if t.get("failed"):
        bits.append(f'<span class="badge error">{_e(_h("failed", n=t["failed"]))}</span>')
    for sev in ("error", "warning", "info"):
        bits.append(f'<span class="badge {sev}">{_e(_count(t.get(sev, 0), sev))}</span>')
    bits.append(f'<span class="badge">{_e(_column("empty_blanks"))} {t.get("empty_blanks", 0)}</span>')
    return f'<div class="totals badges" id="totals">{"".join(bits)}</div>\n'
