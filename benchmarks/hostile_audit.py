"""Peak memory and time of ``hetong audit`` over the hostile files the tests build (docs/limits.md).

    python benchmarks/hostile_audit.py [--workers 2] [--timeout 60] [--no-each] [--keep DIR] [--json]

Builds, in a temporary folder, the hostile files of tests/hostile at the sizes that pass the default
limits (a 1 GB PDF stream, 17 million XML elements, 250 MB of zip part, 3 million HTML elements, a .doc
whose pieces overlap, an OLE2 file whose DIFAT loops, 2,001 PDF pages, scans for OCR, a page of 14,400
points square …), the largest ones that just fit inside them, and two ordinary contracts. Then:

- each file alone (``audit FILE --workers 1``, unless ``--no-each``): its row, wall time, and the peak
  resident memory of the worker and of the whole process tree;
- the whole folder (``audit DIR --workers N --timeout T``): wall time, the peak of the whole process
  tree (the sum of its processes' resident memory, sampled every 20 ms), each role's own peak (the audit
  process, the fork server, the largest worker: ``VmHWM``, read at every sample), and the largest
  ``ru_maxrss`` of the processes reaped (``RUSAGE_CHILDREN`` of a wrapper process);
- that every file ends as a row, and that no ``soffice`` process and no new ``hetong-*`` folder in the
  temporary folder is left behind.

Every run has its own empty cache (``--no-cache`` too). Linux only (``/proc``). The figures in
docs/limits.md ("The whole audit: memory and time over the hostile files") come from here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.terminal import printable  # noqa: E402
from tests.hostile.make_bombs import paragraphs_docx, spaces_docx, spaces_pdf  # noqa: E402
from tests.hostile.make_doc import word_doc  # noqa: E402
from tests.hostile.make_pdf import scan_pdf, text_pdf  # noqa: E402
from tests.hostile.test_budgets import many_lines  # noqa: E402
from tests.hostile.test_early_stop import rtf  # noqa: E402
from tests.hostile.test_markup import flat_opc, word2003_xml  # noqa: E402
from tests.hostile.test_names import NASTY  # noqa: E402
from tests.hostile.test_ole import patched  # noqa: E402

SEED = ROOT / "samples" / "seed.txt"
DOCX = ROOT / "samples" / "service-numbered.docx"
CLAUSE = "第一条 甲方应当按照本合同约定向乙方支付租金人民币壹万元整。"
SAMPLE_EVERY = 0.02
MB = 1 << 20


def _huge_text() -> bytes:
    line = f"{CLAUSE}\n".encode()
    return "合同\n".encode() + line * (30_000_000 // len(line))


#: file name -> its bytes (None: a sparse file of 201 MB, over the size limit before it is read)
FILES: dict[str, Callable[[], bytes | None]] = {
    "seed.txt": SEED.read_bytes,
    "service-numbered.docx": DOCX.read_bytes,
    f"{NASTY}.txt": SEED.read_bytes,
    "empty.txt": lambda: b"",
    "oversize-201mb.txt": lambda: None,
    "text-30mb.txt": _huge_text,
    "one-line-50mb.txt": lambda: "租赁合同甲方乙方".encode() * (50 * MB // 24),
    "lines-5m.txt": many_lines,
    "zip-part-250mb.docx": lambda: spaces_docx(250),
    "zip-part-199mb.docx": lambda: spaces_docx(199),
    "xml-17m-elements.docx": lambda: paragraphs_docx(17_000_000, empty=True),
    "xml-1.99m-elements.docx": lambda: paragraphs_docx(1_990_000, empty=True),
    "flat-opc-3m-elements.xml": lambda: flat_opc("<w:p/>" * 3_000_000),
    "word2003-3m-elements.xml": lambda: word2003_xml("<w:p/>" * 3_000_000),
    "html-3m-elements.html": lambda: b"<html><body>" + b"<p>x</p>" * 3_000_000 + b"</body></html>",
    "html-249k-elements.html": lambda: b"<html><body>" + b"<p>x</p>" * 249_000 + b"</body></html>",
    "rtf-200k-paragraphs.rtf": lambda: rtf([CLAUSE] * 200_000),
    "doc-overlapping-pieces.doc": lambda: word_doc((CLAUSE + "\r") * 50, repeat=100_000),
    "doc-difat-loop.doc": lambda: patched(109 + 127 * 2, [-1, -1], pad_to=23_400),
    "doc-fat-sectors.doc": lambda: patched(109 + 127 * 400, [-1, -1], count=400),
    "pdf-stream-1gb.pdf": lambda: spaces_pdf(1024),
    "pdf-stream-99mb.pdf": lambda: spaces_pdf(99),
    "pdf-2001-pages.pdf": lambda: text_pdf(2001, 0),
    "pdf-300-pages-of-text.pdf": lambda: text_pdf(300, 50),
    "scan-3-pages.pdf": lambda: scan_pdf(3),
    "scan-page-14400pt.pdf": lambda: scan_pdf(1, size=(14_400.0, 14_400.0)),
}


def build(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in FILES.items():
        data = make()
        path = folder / name
        if data is None:
            with open(path, "wb") as fh:
                fh.truncate(201 * MB)
        else:
            path.write_bytes(data)


# --- measuring a process tree ------------------------------------------------------------------------


def _status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM and Pss of ``pid`` in kB (empty once it is gone). Pss shares each page among the
    processes that map it: workers forked from the audit share its pages, which RSS counts in each."""
    out = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line[:5]] = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    out["Pss"] = int(line.split()[1])
    except (OSError, ValueError):
        return {}
    return out


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(root: int) -> list[int]:
    kids = _children()
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(kids.get(pid, ()))
    return out


def _role(pid: int, root: int) -> str:
    if pid == root:
        return "audit"
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return "?"
    if "forkserver" in cmd:
        return "forkserver"
    if "resource_tracker" in cmd:
        return "resource-tracker"
    if "soffice" in cmd:
        return "soffice"
    return "worker"


@dataclass
class Run:
    seconds: float = 0.0
    tree_peak_mb: float = 0.0  # the most the tree held at once (sum of VmRSS: shared pages counted in each)
    tree_peak_pss_mb: float = 0.0  # the same, sum of Pss (shared pages counted once)
    peaks_mb: dict[str, float] = field(default_factory=dict)  # role -> the largest VmHWM of a process
    reaped_maxrss_mb: float = 0.0  # RUSAGE_CHILDREN of the wrapper: the largest process reaped
    returncode: int = 0
    rows: list[dict] = field(default_factory=list)
    stderr: str = ""


WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "sys.stderr.write(f'\\nMAXRSS {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
    "sys.exit(code)\n"
)


def audit(paths: list[Path], tmp: Path, *args: str) -> Run:
    """One ``hetong audit`` of ``paths``, measured."""
    jsonl = tmp / "rows.jsonl"
    cache = tmp / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HETONG_CACHE_DIR": str(cache), "HETONG_LANG": "en"}
    cmd = [sys.executable, "-m", "extractor", "audit", *map(str, paths), "--jsonl", str(jsonl)]
    cmd += ["--progress", "off", "--no-cache", *args]
    run = Run()
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *cmd], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    hwm: dict[int, tuple[str, int]] = {}
    root = None
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    while proc.poll() is None:
        if root is None:
            kids = _children().get(proc.pid, [])
            root = kids[0] if kids else None
        if root is not None:
            total = pss = 0
            for pid in _tree(root):
                st = _status(pid)
                if not st:
                    continue
                total += st.get("VmRSS", 0)
                pss += st.get("Pss", 0)
                role = hwm[pid][0] if pid in hwm else _role(pid, root)
                hwm[pid] = (role, max(hwm.get(pid, ("", 0))[1], st.get("VmHWM", 0)))
            run.tree_peak_mb = max(run.tree_peak_mb, total / 1024)
            run.tree_peak_pss_mb = max(run.tree_peak_pss_mb, pss / 1024)
        time.sleep(SAMPLE_EVERY)
    reader.join()
    run.seconds = time.monotonic() - started
    run.returncode = proc.returncode
    text = b"".join(err).decode("utf-8", "replace")
    head, _, tail = text.rpartition("\nMAXRSS ")
    run.stderr = head.strip()
    run.reaped_maxrss_mb = int(tail.strip() or 0) / 1024
    for role, kb in hwm.values():
        run.peaks_mb[role] = max(run.peaks_mb.get(role, 0.0), kb / 1024)
    if jsonl.exists():
        run.rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    return run


def leftovers() -> tuple[list[str], list[str]]:
    """soffice processes running, and hetong-* folders in the temporary folder."""
    running = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                comm = Path(f"/proc/{entry.name}/comm").read_text().strip()
            except OSError:
                continue
            if comm.startswith(("soffice", "oosplash")):
                running.append(f"{entry.name} {comm}")
    temp = Path(tempfile.gettempdir())
    return running, sorted(p.name for p in temp.iterdir() if p.name.startswith("hetong-"))


def outcome(row: dict) -> str:
    if "error" in row:
        return f"{row['error']['kind']}: {row['error']['message'][:70]}"
    src = row["source"]
    extra = f", OCR pages {src['ocr_pages']}" if src.get("ocr_pages") else ""
    return f"ok ({src['format']}, {len(row['findings'])} findings{extra})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--no-each", action="store_true", help="only the whole folder")
    ap.add_argument("--keep", metavar="DIR", help="build the files here and keep them")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not sys.platform.startswith("linux"):
        print("Linux only (/proc)", file=sys.stderr)
        return 2
    before_soffice, before_temp = leftovers()
    with tempfile.TemporaryDirectory(prefix="hostile-audit-") as tmp_name:
        tmp = Path(tmp_name)
        folder = Path(args.keep) if args.keep else tmp / "hostile"
        t0 = time.monotonic()
        build(folder)
        built = time.monotonic() - t0
        each: dict[str, dict] = {}
        if not args.no_each:
            for name in FILES:
                r = audit([folder / name], tmp, "--workers", "1", "--timeout", str(args.timeout))
                each[name] = {
                    "size_mb": (folder / name).stat().st_size / MB,
                    "seconds": r.seconds,
                    "worker_peak_mb": r.peaks_mb.get("worker", 0.0),
                    "tree_peak_mb": r.tree_peak_mb,
                    "row": outcome(r.rows[0])
                    if r.rows
                    else f"NO ROW (exit {r.returncode}: {r.stderr[-200:]})",
                }
                if not args.json:
                    e = each[name]
                    print(
                        f"{printable(name)[:34]:34} {e['size_mb']:8.1f} MB {e['seconds']:6.1f} s "
                        f"worker {e['worker_peak_mb']:7.0f} MB  tree {e['tree_peak_mb']:7.0f} MB  {e['row']}",
                        flush=True,
                    )
        whole = audit([folder], tmp, "--workers", str(args.workers), "--timeout", str(args.timeout))
        after_soffice, after_temp = leftovers()
    names = {Path(row["source"]["path"]).name for row in whole.rows}
    report = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "files": len(FILES),
        "built_seconds": built,
        "each": each,
        "whole": {k: v for k, v in asdict(whole).items() if k != "rows"},
        "rows": len(whole.rows),
        "missing_rows": sorted(set(FILES) - names),
        "outcomes": {Path(row["source"]["path"]).name: outcome(row) for row in whole.rows},
        "soffice_left": sorted(set(after_soffice) - set(before_soffice)),
        "temp_folders_left": sorted(set(after_temp) - set(before_temp)),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    w = report["whole"]
    print(
        f"\nwhole folder, --workers {args.workers} --timeout {args.timeout:g}: {w['seconds']:.1f} s, exit {w['returncode']}"
    )
    print(f"  peak of the process tree: {w['tree_peak_mb']:.0f} MB RSS, {w['tree_peak_pss_mb']:.0f} MB PSS")
    for role, mb in sorted(w["peaks_mb"].items()):
        print(f"  largest {role}: {mb:.0f} MB")
    print(f"  largest process reaped (ru_maxrss): {w['reaped_maxrss_mb']:.0f} MB")
    print(f"  rows: {report['rows']} of {report['files']} files; missing: {report['missing_rows'] or 'none'}")
    for name, said in sorted(report["outcomes"].items()):
        print(f"    {printable(name)[:40]:40} {said}")
    print(
        f"  soffice left: {report['soffice_left'] or 'none'}; hetong-* folders left: {report['temp_folders_left'] or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
