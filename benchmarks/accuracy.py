"""Accuracy of hetong on real contracts, scored against the truth files of tests/realworld/.

    python benchmarks/accuracy.py               # the summary: per rule, per format, outline, parties
    python benchmarks/accuracy.py --details     # and, per file, every wrong finding and outline difference
    python benchmarks/accuracy.py --json        # the figures as JSON

The documents are read from ../shared/corpus (or the folder named by HETONG_CORPUS); a truth file whose
document is absent is skipped and counted as such. Only documents by outside authors have truth files:
contracts written by this project never count here.

Scores:
- findings of the structure rules (S1xx): a finding is right when a truth fault of its rule names the
  same place (its ``at`` appears in the finding's message or place); precision per rule, and recall of
  the truth faults;
- outline: a heading is right when its label and the labels of all its ancestors match the truth
  (multiset over the document); agreement = right / max(truth, found); a file agrees when every heading
  does;
- title and party names: equal after removing spaces; a party is found by its role or its alias.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import HetongError  # noqa: E402
from extractor.api import check  # noqa: E402
from extractor.extract.values import normalize  # noqa: E402
from extractor.model import Node, Result  # noqa: E402
from extractor.rules import all_rules  # noqa: E402

TRUTH = ROOT / "tests" / "realworld"
#: outline kinds that are regions, not numbered headings
REGIONS = ("title", "cover", "instructions", "preamble", "signature", "text")
STRUCTURE = [r.slug for r in all_rules() if r.code.startswith("S")]


def corpus_dir() -> Path:
    env = os.environ.get("HETONG_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpus"


def canon(label: str) -> str:
    """（一） -> (一), 1、 -> 1, 第一条 -> 第一条, ① -> 1: the number token in one spelling."""
    s = "".join(unicodedata.normalize("NFKC", label).split())
    return s.rstrip("、.:")


def outline_paths(nodes: list[Node]) -> list[tuple[str, ...]]:
    """Each numbered heading as the tuple of its and its ancestors' canonical labels, in reading order."""
    out: list[tuple[str, ...]] = []

    def walk(node: Node, path: tuple[str, ...]) -> None:
        if node.kind in REGIONS:
            return
        label = node.label if node.kind != "appendix" else f"{node.label or ''}"
        if not label:
            for c in node.children:
                walk(c, path)
            return
        here = (*path, canon(label))
        out.append(here)
        for c in node.children:
            walk(c, here)

    for n in nodes:
        walk(n, ())
    return out


def truth_paths(entries: list[str]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    stack: list[str] = []
    for entry in entries:
        depth = (len(entry) - len(entry.lstrip(" "))) // 2
        del stack[depth:]
        stack.append(canon(entry.strip()))
        out.append(tuple(stack))
    return out


def _flat(s: str | None) -> str | None:
    return None if s is None else "".join(s.split()) or None


@dataclass
class FileScore:
    name: str
    format: str
    error: str | None = None
    findings: list[tuple[str, bool, str]] = field(default_factory=list)  # (rule, right, message)
    faults_found: int = 0
    faults: list[tuple[str, bool, str]] = field(default_factory=list)  # (rule, found, at)
    outline_right: int = 0
    outline_truth: int = 0
    outline_found: int = 0
    outline_missing: list[str] = field(default_factory=list)
    outline_extra: list[str] = field(default_factory=list)
    title_right: bool = False
    parties_right: int = 0
    parties_truth: int = 0
    party_diff: list[str] = field(default_factory=list)
    #: blanks, where a blanks truth file exists (tests/realworld/blanks/)
    blanks_scored: bool = False
    empty_truth: int = 0
    empty_found: int = 0
    empty_right: int = 0
    empty_missed: int = 0  # truth empty blanks no found blank matched
    collapsed: int = 0  # truth blanks whose gap the edition dropped: not in the text as a gap
    collapsed_found: int = 0  # of those, found all the same (第种方式, 后个工作日内)
    optional_truth: int = 0  # blanks a signer may leave empty (备注), scored apart
    optional_found: int = 0  # of those, reported at all (as empty, or as na: present but not flagged)
    filled_truth: int = 0
    filled_right: int = 0
    filled_found: int = 0  # values hetong reports as written in the model (the truth lists them all)
    filled_found_right: int = 0
    blank_diff: list[str] = field(default_factory=list)
    #: values whose digits are not those of the text (normalised codes) or not at their span
    altered: list[str] = field(default_factory=list)


def _matches(fault: dict, finding) -> bool:
    rules = fault["rule"] if isinstance(fault["rule"], list) else [fault["rule"]]
    if finding.rule not in rules:
        return False
    at = fault.get("at") or ""
    text = f"{finding.message} {finding.place or ''} {finding.clause or ''}"
    return not at or at in text or canon(at) in canon(text)


def score(truth: dict, result: Result) -> FileScore:
    fs = FileScore(truth["file"], result.source.format)
    faults = truth.get("faults", [])
    for f in result.findings:
        if f.rule not in STRUCTURE:
            continue
        right = any(_matches(t, f) for t in faults)
        fs.findings.append((f.rule, right, f"{f.code} {f.rule} line {f.line}: {f.message}"))
    for t in faults:
        found = any(_matches(t, f) for f in result.findings)
        rule = t["rule"] if isinstance(t["rule"], str) else t["rule"][0]
        fs.faults.append((rule, found, t.get("at") or ""))
    want = Counter(truth_paths(truth.get("outline", [])))
    got = Counter(outline_paths(result.outline))
    fs.outline_truth, fs.outline_found = sum(want.values()), sum(got.values())
    fs.outline_right = sum((want & got).values())
    fs.outline_missing = [" / ".join(p) for p in (want - got).elements()]
    fs.outline_extra = [" / ".join(p) for p in (got - want).elements()]
    fs.title_right = _flat(truth.get("title")) == _flat(result.title)
    # a party is found by its role or by the other name the document gives it (委托方（甲方）)
    names = [((p.role, p.alias), p.name) for p in result.parties]
    for tp in truth.get("parties", []):
        fs.parties_truth += 1
        hit = next((n for roles, n in names if tp["role"] in roles), "<no such party>")
        if hit != "<no such party>" and _flat(hit) == _flat(tp.get("name")):
            fs.parties_right += 1
        else:
            fs.party_diff.append(f"{tp['role']}: truth {tp.get('name')!r}, found {hit!r}")
    return fs


#: how far (in lines) a found blank may stand from the truth's: a label and its underline may be a line apart
BLANK_REACH = 1


def _digits(x: object) -> str:
    return "".join(c for c in str(x) if c.isdigit())


def _match(found: list, truth: list[dict]) -> tuple[list, list[int]]:
    """Found blanks paired with truth blanks on the same line first, then up to BLANK_REACH lines away;
    returns the found ones left unpaired and the indexes of the truth ones left unpaired."""
    free = list(range(len(truth)))
    for reach in range(BLANK_REACH + 1):
        unmatched = []
        for b in found:
            j = next((j for j in free if abs(truth[j]["line"] - b.line) <= reach), None)
            if j is None:
                unmatched.append(b)
            else:
                free.remove(j)
        found = unmatched
    return found, free


def score_blanks(truth: dict, result: Result, fs: FileScore, names: frozenset[str] = frozenset()) -> None:
    """Empty blanks: found vs truth, matched on the same line first, then one line away. Filled values:
    right when the value matches the truth's, spaces aside, or is a party's name of the structure truth
    (``names``, flattened: a name the template prints, 乙方：某律师事务所, is read right, if no blank)."""
    fs.blanks_scored = True
    want = [b for b in truth.get("blanks", []) if b.get("mark") != "collapsed"]
    fs.collapsed = sum(1 for b in truth.get("blanks", []) if b.get("mark") == "collapsed")
    optional = [b for b in want if b.get("optional") and b["status"] == "empty"]
    want = [b for b in want if not b.get("optional")]
    empty_t = [b for b in want if b["status"] == "empty"]
    filled_t = [b for b in want if b["status"] == "filled"]
    fs.empty_truth, fs.filled_truth = len(empty_t), len(filled_t)
    found_e = _reported_empty(result)
    # a struck-out blank (/, 无) is reported na with what was written: a filled value all the same
    found_f = [b for b in result.blanks if b.status == "filled" or (b.status == "na" and b.value)]
    fs.empty_found = len(found_e)
    unmatched, free = _match(found_e, empty_t)
    # a blank the edition's text lost its gap for (服务期限年，即：年月日至年月日止) is no miss when not found,
    # but finding it is right: hetong reads such gaps where the words around cannot meet without a number
    lost = [b for b in truth.get("blanks", []) if b.get("mark") == "collapsed" and b["status"] == "empty"]
    still, _ = _match(unmatched, lost)
    fs.collapsed_found += len(unmatched) - len(still)
    # an optional blank reported empty is no false one; reported as na it is found and rightly not flagged
    unmatched, opt_free = _match(still, optional)
    _, opt_free = _match([b for b in result.blanks if b.status == "na"], [optional[j] for j in opt_free])
    fs.optional_truth, fs.optional_found = len(optional), len(optional) - len(opt_free)
    fs.empty_right = fs.empty_found - len(unmatched)
    fs.blank_diff += [
        f"false empty blank line {b.line}: {b.label or ''} ({b.before[-12:]}▢)" for b in unmatched
    ]
    fs.empty_missed = len(free)
    fs.blank_diff += [f"missed blank line {empty_t[j]['line']}: {empty_t[j].get('label')}" for j in free]
    for t in filled_t:
        near = [b for b in found_f if abs(b.line - t["line"]) <= BLANK_REACH]
        ok = any(_flat(b.value) == _flat(t.get("value")) for b in near) if t.get("value") else bool(near)
        fs.filled_right += ok
        if not ok:
            got = ", ".join(repr(b.value) for b in near) or "nothing"
            fs.blank_diff.append(f"filled value line {t['line']}: truth {t.get('value')!r}, found {got}")
    for b in found_f:
        fs.filled_found += 1
        if _flat(b.value) in names or any(
            abs(b.line - t["line"]) <= BLANK_REACH and _flat(b.value) == _flat(t.get("value"))
            for t in filled_t
        ):
            fs.filled_found_right += 1
        else:
            fs.blank_diff.append(
                f"reported value line {b.line} {b.label or ''}: {b.value!r} is no value of the truth"
            )
    fs.altered += altered_values(result)


def altered_values(result: Result) -> list[str]:
    """Every value is the text at its span, and a code keeps its digits: the values that are not."""
    out = []
    text = {ln.no: ln.text for ln in result.lines}
    values = [*result.blanks, *(f for p in result.parties for f in p.fields)]
    for v in values:
        if v.status != "filled" or not v.value or v.span is None or v.line not in text:
            continue
        at = text[v.line][v.span[0] : v.span[1]]
        # a value a fixed-width wrap cut (地址：…国际物流中 / 心B座1203室) goes on with the next line
        wrapped = (_flat(at) or "") + (_flat(text.get(v.line + 1)) or "")
        if v.value not in at and _flat(v.value) != _flat(at) and _flat(v.value) != wrapped:
            out.append(f"line {v.line}: value {v.value!r} is not the text at its span ({at!r})")
        n = v.normalized or {}
        if n.get("type") in ("digits", "account", "id_number", "credit_code") and _digits(
            n["value"]
        ) != _digits(v.value):
            out.append(f"line {v.line}: {n['type']} {n['value']!r} from {v.value!r}")
    return out


#: filled-in contracts by outside authors, kept in the repository (text excerpts of public pages, with
#: their sources): the corpus holds blank models only
FILLED = TRUTH / "filled"
#: blank contract templates by outside authors (text excerpts of public pages), scored the same way: their
#: empty blanks and parties, the values they print are rare
TEMPLATES = TRUTH / "templates"


@dataclass
class FilledScore:
    name: str
    values: int = 0
    right: int = 0
    marked: int = 0  # values after a label's colon or inside brackets: where a reader sees a blank was
    marked_right: int = 0
    parties: int = 0
    parties_right: int = 0
    #: names the publisher masked (******农村局): right when kept as written in the name field, which
    #: hetong reports as a placeholder (P303) rather than as the party's name
    masked: int = 0
    masked_kept: int = 0
    #: blanks left empty: in the truth, reported by hetong, reported where the truth has none, not reported
    empty: int = 0
    empty_found: int = 0
    empty_false: int = 0
    empty_missed: int = 0
    #: what hetong gave as written values (filled blanks, party fields; one per line and value), and of
    #: those, the ones equal to a truth value near their line: the precision of what a reviewer is shown
    reported: int = 0
    reported_right: int = 0
    diff: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)


def _found_values(result: Result) -> list[tuple[int | None, str]]:
    """What hetong read as written values, by line: filled (and struck-out) blanks (also with their unit),
    party fields, the contract number (its line not kept: it matches on any line)."""
    out: list[tuple[int | None, str]] = [
        (b.line, b.value) for b in result.blanks if b.value and b.status in ("filled", "na")
    ]
    # a figure read with its unit after it (工程量:140米 -> 140, 米): as written, figure and unit
    out += [(b.line, b.value + b.unit) for b in result.blanks if b.value and b.unit and b.status == "filled"]
    out += [(f.line, f.value) for p in result.parties for f in p.fields if f.value]
    out += [(None, p.name) for p in result.parties if p.name]
    if result.contract_number:
        out.append((None, result.contract_number))
    return out


def _found_dates(result: Result) -> list[tuple[int, str]]:
    """The dates hetong read, by line: each date's value, and a range's end as well (2023-07-01 —— 2023-09-28
    gives both), so a truth that names the start and the end of a range apart finds them."""
    values = [*result.blanks, *(f for p in result.parties for f in p.fields)]
    out = []
    for v in values:
        n = v.normalized or {}
        if v.status == "filled" and n.get("type") == "date":
            out += [(v.line, n["value"]), *([(v.line, n["end"])] if n.get("end") else [])]
    return out


@dataclass
class _EmptyName:
    """A party's empty name field, scored as an empty blank reported."""

    line: int
    label: str
    before: str = ""
    after: str = ""


def _truth_names(truth: dict) -> frozenset[str]:
    """The parties' names of a truth file, flattened."""
    return frozenset(_flat(p["name"]) for p in truth.get("parties", []) if p.get("name"))


def _reported_empty(result: Result) -> list:
    """The empty blanks hetong reports, and a party's name left empty where no empty blank stands: a role
    with no name after it (出租方(甲方):) is reported as the party's empty name (P302), not a blank."""
    got: list = [b for b in result.blanks if b.status == "empty"]
    text = {ln.no: ln.text for ln in result.lines}
    # …the name's underline alone on the next line (机构名称： / ________) is that blank, already counted
    below = {b.line - 1 for b in got if not (text.get(b.line) or "").strip(" \u3000_")}

    def counted(f) -> bool:  # an empty blank at the name's place: over its span or touching it
        a, b = f.span  # (____简称乙方: the name's point is where the underscores end)
        return f.line in below or any(x.line == f.line and x.span[0] <= b and a <= x.span[1] for x in got)

    # (only where hetong says so: a group's heading, 乙方 over 乙方一 and 乙方二, is no unnamed party)
    flagged = {x.line for x in result.findings if x.rule == "party-missing-name"}
    got += [
        _EmptyName(f.line, p.role)
        for p in result.parties
        for f in p.fields
        if f.key == "name" and f.status == "empty" and f.line in flagged and not counted(f)
    ]
    return got


def score_filled(truth: dict, result: Result) -> FilledScore:
    """A truth value is right when hetong read a value on its line (or one away) equal to it, spaces
    aside; a party's name as in :func:`score`."""
    fs = FilledScore(truth["file"])
    found = _found_values(result)
    dates = set(_found_dates(result))
    text = {ln.no: ln.text for ln in result.lines}
    for t in truth.get("filled", []):
        fs.values += 1
        marked = _marked(text.get(t["line"], ""), t["value"])
        fs.marked += marked
        near = [v for ln, v in found if ln is None or abs(ln - t["line"]) <= BLANK_REACH]
        want = normalize(t["value"]) or {}
        dated = want.get("type") == "date" and not want.get("end")
        if any(_flat(v) == _flat(t["value"]) for v in near) or (
            dated and (t["line"], want["value"]) in dates
        ):
            fs.right += 1
            fs.marked_right += marked
        else:
            got = ", ".join(repr(v) for v in near[:4]) or "nothing"
            fs.diff.append(f"line {t['line']} {t.get('label')}: truth {t['value']!r}, found {got}")
    names = [((p.role, p.alias), p.name) for p in result.parties]
    for tp in truth.get("parties", []):
        fs.parties += 1
        hit = next((n for roles, n in names if tp["role"] in roles), "<no such party>")
        if _flat(hit) == _flat(tp.get("name")):
            fs.parties_right += 1
            continue
        if _MASK.search(tp.get("name") or ""):
            fs.masked += 1
            written = [
                f.value
                for p in result.parties
                if tp["role"] in (p.role, p.alias)
                for f in p.fields
                if f.key == "name" and f.value
            ]
            if any(_flat(v) == _flat(tp["name"]) for v in written):
                fs.masked_kept += 1
                continue
        fs.diff.append(f"party {tp['role']}: truth {tp.get('name')!r}, found {hit!r}")
    want = truth.get("empty", [])
    got = _reported_empty(result)
    fs.empty, fs.empty_found = len(want), len(got)
    # one place, one blank: each truth blank is paired with one reported blank (same line first, then one
    # line away), as for the models; a blank reported twice is one false, three blanks on a line found as
    # one are two missed
    unmatched, free = _match(got, want)
    fs.empty_false = len(unmatched)
    fs.diff += [
        f"false empty blank line {b.line}: {b.label} (…{b.before[-12:]}▢{b.after[:8]})" for b in unmatched
    ]
    fs.empty_missed = len(free)
    fs.diff += [f"missed empty blank line {want[j]['line']}: {want[j].get('label')}" for j in free]
    _score_reported(truth, result, fs)
    fs.altered = altered_values(result)
    return fs


def _score_reported(truth: dict, result: Result, fs: FilledScore) -> None:
    """Each value hetong reports as written (a filled or struck-out blank, a party field), once per line
    and value: right when a truth value near its line is equal to it (with its unit or without), when it
    is a party's name in the truth, or when it is the same date."""
    values = [(t["line"], _flat(t["value"])) for t in truth.get("filled", [])]
    names = _truth_names(truth)
    dates = {(t["line"], (normalize(t["value"]) or {}).get("value")) for t in truth.get("filled", [])}
    reported: dict[tuple[int, str], tuple[str, str | None, str | None]] = {}
    # a name hetong calls a placeholder (工程队, ××公司) it reports as no name (P303), in a blank as well
    no_names = {
        (f.line, f.value) for p in result.parties if p.name is None for f in p.fields if f.key == "name"
    }
    for b in result.blanks:
        if b.value and b.status in ("filled", "na") and (b.line, b.value) not in no_names:
            reported.setdefault((b.line, b.value), (b.label or "", b.unit, (b.normalized or {}).get("value")))
    for p in result.parties:
        for f in p.fields:
            # (a field left as a template's placeholder, 联系人:XXX, is reported empty: its text is no value)
            if f.value and f.status in ("filled", "na") and (f.line, f.value) not in no_names:
                reported.setdefault((f.line, f.value), (f"{p.role} {f.key}", None, None))
    for (line, value), (label, unit, norm) in sorted(reported.items()):
        fs.reported += 1
        forms = {_flat(value), _flat(value + unit) if unit else None}
        near = {v for ln, v in values if abs(ln - line) <= BLANK_REACH}
        dated = norm is not None and any(abs(ln - line) <= BLANK_REACH and d == norm for ln, d in dates)
        if forms & near or forms & names or dated:
            fs.reported_right += 1
        else:
            fs.diff.append(f"reported line {line} {label}: {value!r} is no value of the truth")


#: a run of asterisks, or of x, a publisher put in place of what it hid (******农村局, XX打井队; the README
#: of tests/realworld/filled lists the masks)
_MASK = re.compile(r"\*{2,}|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])")


def _marked(line: str, value: str) -> bool:
    """Whether the text marks ``value`` as written into a form: right after a label's colon, or inside
    brackets. Anything else (a project name in the title, a date inside a sentence, a table row) only a
    comparison with the template can tell from printed text."""
    at = line.find(value)
    if at < 0:
        return False
    before = line[:at].rstrip(" \u3000")
    after = line[at + len(value) :].lstrip(" \u3000")
    # (a value alone on its line is not in brackets: "" is in every string)
    opens, closes = before[-1:], after[:1]
    return before.endswith(("：", ":")) or (
        opens != "" and closes != "" and opens in "（(〔【[" and closes in "）)〕】]"
    )


def run_filled(folder: Path = FILLED) -> list[FilledScore]:
    out = []
    for path in sorted(folder.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        doc = folder / truth["file"]
        try:
            result = check(doc)
        except HetongError as e:
            out.append(
                FilledScore(truth["file"], diff=[f"not read: {e}"], values=len(truth.get("filled", [])))
            )
            continue
        out.append(score_filled(truth, result))
    return out


def filled_summary(scores: list[FilledScore]) -> dict:
    return {
        "files": len(scores),
        "values": sum(f.values for f in scores),
        "right": sum(f.right for f in scores),
        "marked": sum(f.marked for f in scores),
        "marked_right": sum(f.marked_right for f in scores),
        "parties": sum(f.parties for f in scores),
        "parties_right": sum(f.parties_right for f in scores),
        "parties_masked": sum(f.masked for f in scores),
        "parties_masked_kept": sum(f.masked_kept for f in scores),
        "empty": sum(f.empty for f in scores),
        "empty_found": sum(f.empty_found for f in scores),
        "empty_false": sum(f.empty_false for f in scores),
        "empty_missed": sum(f.empty_missed for f in scores),
        "values_altered": sum(len(f.altered) for f in scores),
        "reported": sum(f.reported for f in scores),
        "reported_right": sum(f.reported_right for f in scores),
    }


def run(corpus: Path) -> tuple[list[FileScore], list[str]]:
    scores: list[FileScore] = []
    skipped: list[str] = []
    for path in sorted(TRUTH.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        doc = corpus / truth["file"]
        if not doc.exists():
            skipped.append(truth["file"])
            continue
        try:
            result = check(doc)
        except HetongError as e:
            fs = FileScore(truth["file"], doc.suffix.lstrip("."), error=str(e))
            scores.append(fs)
            continue
        fs = score(truth, result)
        blanks = TRUTH / "blanks" / path.name
        if blanks.exists():
            score_blanks(json.loads(blanks.read_text(encoding="utf-8")), result, fs, _truth_names(truth))
        scores.append(fs)
    return scores, skipped


def summary(scores: list[FileScore]) -> dict:
    per_rule: dict[str, dict[str, int]] = {}
    for fs in scores:
        for rule, right, _ in fs.findings:
            d = per_rule.setdefault(rule, {"right": 0, "wrong": 0, "faults": 0, "found": 0})
            d["right" if right else "wrong"] += 1
        for rule, found, _ in fs.faults:
            d = per_rule.setdefault(rule, {"right": 0, "wrong": 0, "faults": 0, "found": 0})
            d["faults"] += 1
            d["found"] += found
    per_format: dict[str, dict[str, int]] = {}
    for fs in scores:
        d = per_format.setdefault(
            fs.format, {"files": 0, "outline_files": 0, "findings_right": 0, "findings_wrong": 0}
        )
        d["files"] += 1
        d["outline_files"] += fs.error is None and not fs.outline_missing and not fs.outline_extra
        d["findings_right"] += sum(1 for _, r, _ in fs.findings if r)
        d["findings_wrong"] += sum(1 for _, r, _ in fs.findings if not r)
    right = sum(fs.outline_right for fs in scores)
    denom = sum(max(fs.outline_truth, fs.outline_found) for fs in scores)
    return {
        "files": len(scores),
        "errors": [f"{fs.name}: {fs.error}" for fs in scores if fs.error],
        "rules": per_rule,
        "formats": per_format,
        "outline": {
            "headings_right": right,
            "headings_truth": sum(fs.outline_truth for fs in scores),
            "headings_found": sum(fs.outline_found for fs in scores),
            "agreement": round(right / denom, 4) if denom else None,
            "files_exact": sum(
                1 for fs in scores if fs.error is None and not fs.outline_missing and not fs.outline_extra
            ),
        },
        "blanks": {
            "files": sum(fs.blanks_scored for fs in scores),
            "empty_truth": sum(fs.empty_truth for fs in scores),
            "empty_found": sum(fs.empty_found for fs in scores),
            "empty_right": sum(fs.empty_right for fs in scores),
            "empty_missed": sum(fs.empty_missed for fs in scores),
            "collapsed": sum(fs.collapsed for fs in scores),
            "collapsed_found": sum(fs.collapsed_found for fs in scores),
            "optional_truth": sum(fs.optional_truth for fs in scores),
            "optional_found": sum(fs.optional_found for fs in scores),
            "filled_truth": sum(fs.filled_truth for fs in scores),
            "filled_right": sum(fs.filled_right for fs in scores),
            "filled_found": sum(fs.filled_found for fs in scores),
            "filled_found_right": sum(fs.filled_found_right for fs in scores),
            "values_altered": sum(len(fs.altered) for fs in scores),
        },
        "titles_right": sum(fs.title_right for fs in scores),
        "parties": {
            "right": sum(fs.parties_right for fs in scores),
            "truth": sum(fs.parties_truth for fs in scores),
        },
    }


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   — "


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--details", action="store_true", help="per file: wrong findings, outline differences")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--corpus", type=Path, default=None, help="the corpus folder (default ../shared/corpus)")
    args = ap.parse_args()
    corpus = args.corpus or corpus_dir()
    if not corpus.is_dir():
        print(f"accuracy: no corpus at {corpus} (set HETONG_CORPUS or --corpus)", file=sys.stderr)
        return 2
    scores, skipped = run(corpus)
    s = summary(scores)
    filled = run_filled()
    s["filled_documents"] = filled_summary(filled)
    templates = run_filled(TEMPLATES)
    s["template_documents"] = filled_summary(templates)
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    print(f"{s['files']} real documents scored ({len(skipped)} truth files without their document)")
    for e in s["errors"]:
        print(f"  unreadable: {e}")
    print("\nstructure rules           found right wrong  precision  truth faults found  recall")
    for rule in STRUCTURE:
        d = s["rules"].get(rule, {"right": 0, "wrong": 0, "faults": 0, "found": 0})
        n = d["right"] + d["wrong"]
        print(
            f"  {rule:24s} {n:5d} {d['right']:5d} {d['wrong']:5d}     {_pct(d['right'], n)}"
            f"  {d['faults']:12d} {d['found']:5d}  {_pct(d['found'], d['faults'])}"
        )
    o = s["outline"]
    print(
        f"\noutline: {o['headings_right']} headings right of {o['headings_truth']} in the truth, "
        f"{o['headings_found']} found; agreement {100 * (o['agreement'] or 0):.1f}%; "
        f"files exact {o['files_exact']}/{s['files']}"
    )
    print(f"titles right: {s['titles_right']}/{s['files']}")
    p = s["parties"]
    print(f"party names right: {p['right']}/{p['truth']} ({_pct(p['right'], p['truth']).strip()})")
    b = s["blanks"]
    if b["files"]:
        false_e = b["empty_found"] - b["empty_right"]
        missed = b["empty_missed"]
        print(
            f"blanks ({b['files']} files with a blanks truth): empty reported {b['empty_found']}, of which false "
            f"{false_e} ({_pct(false_e, b['empty_found']).strip()}); real empty {b['empty_truth']}, missed {missed} "
            f"({_pct(missed, b['empty_truth']).strip()}); {b['collapsed']} more lost from the text itself, {b['collapsed_found']} of them found; "
            f"optional (备注) {b['optional_truth']}, reported {b['optional_found']}"
        )
        print(
            f"filled values right: {b['filled_right']}/{b['filled_truth']}; reported as written "
            f"{b['filled_found']}, right {b['filled_found_right']}; values not the text or with digits "
            f"changed: {b['values_altered']}"
        )
    f = s["filled_documents"]
    if f["files"]:
        print(
            f"filled contracts ({f['files']} in tests/realworld/filled): values right {f['right']}/{f['values']} "
            f"({_pct(f['right'], f['values']).strip()}), of which after a label or in brackets "
            f"{f['marked_right']}/{f['marked']} ({_pct(f['marked_right'], f['marked']).strip()}); "
            f"party names right {f['parties_right']}/{f['parties'] - f['parties_masked']} "
            f"(and {f['parties_masked']} masked by the publisher, {f['parties_masked_kept']} of them kept as "
            "written and reported as placeholders); "
            f"empty blanks reported {f['empty_found']}, false {f['empty_false']}; "
            f"left empty {f['empty']}, missed {f['empty_missed']}; "
            f"values not the text or with digits changed: {f['values_altered']}"
        )
        print(
            f"filled contracts, what hetong reports as written: {f['reported']} values, right "
            f"{f['reported_right']} ({_pct(f['reported_right'], f['reported']).strip()})"
        )
    t = s["template_documents"]
    if t["files"]:
        print(
            f"blank templates ({t['files']} in tests/realworld/templates): parties found {t['parties_right']}/"
            f"{t['parties']}; empty blanks reported {t['empty_found']}, false {t['empty_false']} "
            f"({_pct(t['empty_false'], t['empty_found']).strip()}); left empty {t['empty']}, missed "
            f"{t['empty_missed']} ({_pct(t['empty_missed'], t['empty']).strip()}); values reported as written "
            f"{t['reported']}, right {t['reported_right']}"
        )
    print("\nper format          files  outline exact  findings right/wrong")
    for fmt, d in sorted(s["formats"].items()):
        print(
            f"  {fmt:18s} {d['files']:5d}  {d['outline_files']:13d}  {d['findings_right']:5d}/{d['findings_wrong']}"
        )
    if args.details:
        for fs in scores:
            wrong = [m for _, r, m in fs.findings if not r]
            missed = [f"{rule} at {at}" for rule, found, at in fs.faults if not found]
            if (
                not (
                    wrong
                    or missed
                    or fs.outline_missing
                    or fs.outline_extra
                    or fs.party_diff
                    or fs.blank_diff
                )
                and not fs.altered
            ):
                continue
            print(f"\n== {fs.name}")
            for m in wrong:
                print(f"  false finding: {m}")
            for m in missed:
                print(f"  missed fault: {m}")
            if fs.outline_missing or fs.outline_extra:
                print(
                    f"  outline: {fs.outline_right}/{fs.outline_truth} right, {len(fs.outline_extra)} not in the truth"
                )
                for p in fs.outline_missing[:8]:
                    print(f"    missing: {p}")
                for p in fs.outline_extra[:8]:
                    print(f"    extra:   {p}")
            for m in fs.party_diff:
                print(f"  party: {m}")
            for m in fs.blank_diff:
                print(f"  blank: {m}")
            for m in fs.altered:
                print(f"  value: {m}")
        for folder, fl in [*(("filled", x) for x in filled), *(("templates", x) for x in templates)]:
            if fl.diff or fl.altered:
                print(f"\n== {folder}/{fl.name}")
                for m in [*fl.diff, *fl.altered]:
                    print(f"  {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
