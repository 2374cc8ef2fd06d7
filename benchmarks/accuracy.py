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
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import HetongError  # noqa: E402
from extractor.api import check  # noqa: E402
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
        scores.append(score(truth, result))
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
    print("\nper format          files  outline exact  findings right/wrong")
    for fmt, d in sorted(s["formats"].items()):
        print(
            f"  {fmt:18s} {d['files']:5d}  {d['outline_files']:13d}  {d['findings_right']:5d}/{d['findings_wrong']}"
        )
    if args.details:
        for fs in scores:
            wrong = [m for _, r, m in fs.findings if not r]
            missed = [f"{rule} at {at}" for rule, found, at in fs.faults if not found]
            if not (wrong or missed or fs.outline_missing or fs.outline_extra or fs.party_diff):
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
