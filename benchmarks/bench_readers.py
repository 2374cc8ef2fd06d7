"""Reader and pipeline speed against the raw extraction of the same files.

    python benchmarks/bench_readers.py            # the samples, median of 15 runs each
    python benchmarks/bench_readers.py --runs 50  FILE...

For each file it prints the raw baseline (python-docx paragraph text for .docx, olefile's read of the
WordDocument stream for .doc, striprtf for RTF, BeautifulSoup's get_text for HTML, a plain decode for
.txt), our reader alone, and the whole `check` pipeline, with the ratios to the baseline. Then a cold start
(`hetong check` as a new process against `python -c` loading the same .docx with python-docx) and a
linearity check (the pipeline on 1×, 10× and 100× the same text). PDFs: benchmarks/bench_pdf.py.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import check_bytes  # noqa: E402
from extractor.readers import read_bytes  # noqa: E402
from extractor.readers.sniff import sniff  # noqa: E402

DEFAULT = [
    ROOT / "samples" / "service-numbered.docx",
    ROOT / "samples" / "formats" / "consulting.docx",
    ROOT / "samples" / "formats" / "consulting.doc",
    ROOT / "samples" / "formats" / "consulting-rtf.doc",
    ROOT / "samples" / "formats" / "consulting-html.doc",
    ROOT / "samples" / "formats" / "consulting.txt",
    ROOT / "samples" / "seed.txt",
]


def timed(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm: imports and caches are not what we measure
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def baseline(fmt: str, data: bytes, path: Path) -> tuple[str, Callable[[], object]]:
    import io

    if fmt == "docx":
        import docx

        return "python-docx paragraphs", lambda: [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    if fmt == "doc":
        import olefile

        def ole() -> bytes:
            with olefile.OleFileIO(io.BytesIO(data)) as f:
                return f.openstream("WordDocument").read()

        return "olefile stream read", ole
    if fmt == "rtf":
        from striprtf.striprtf import rtf_to_text

        text = data.decode("latin-1")
        return "striprtf", lambda: rtf_to_text(text)
    if fmt == "html":
        from bs4 import BeautifulSoup

        return "bs4 get_text", lambda: BeautifulSoup(data, "lxml").get_text()
    return "decode", lambda: data.decode("utf-8", errors="replace").splitlines()


def per_file(paths: list[Path], runs: int) -> None:
    print(
        f"{'file':34} {'baseline':24} {'base ms':>8} {'read ms':>8} {'check ms':>9} {'read/base':>9} {'check/base':>10}"
    )
    for path in paths:
        data = path.read_bytes()
        fmt = sniff(data, path.name)
        name, raw = baseline(fmt, data, path)
        base = timed(raw, runs)
        read = timed(lambda d=data, p=path: read_bytes(d, source=str(p)), runs)
        whole = timed(lambda d=data, p=path: check_bytes(d, str(p)), runs)
        print(
            f"{path.name:34} {name:24} {base:8.2f} {read:8.2f} {whole:9.2f} {read / base:9.2f} {whole / base:10.2f}"
        )


def cold_start(docx_path: Path, runs: int) -> None:
    def proc(args: list[str]) -> float:
        samples = []
        for _ in range(max(3, runs // 3)):
            t = time.perf_counter()
            subprocess.run(args, check=False, capture_output=True, cwd=ROOT)
            samples.append(time.perf_counter() - t)
        return statistics.median(samples) * 1000

    ours = proc([sys.executable, "-m", "extractor", "check", str(docx_path), "--json"])
    raw = proc(
        [sys.executable, "-c", f"import docx; [p.text for p in docx.Document({str(docx_path)!r}).paragraphs]"]
    )
    print(
        f"\ncold start, whole process, {docx_path.name}: hetong check --json {ours:.0f} ms, "
        f"python -c python-docx {raw:.0f} ms, ratio {ours / raw:.2f} (target <= 3)"
    )


def linearity(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body = "\n".join(lines[2:])  # repeat the clauses; one title
    print(f"\nlinearity, {path.name} repeated:")
    base = None
    for n in (1, 10, 100):
        data = (lines[0] + "\n" + "\n".join([body] * n)).encode()
        ms = timed(lambda d=data: check_bytes(d, "x.txt"), 3)
        base = base or ms
        print(f"  {n:4}×  {len(data) / 1024:8.0f} KB  {ms:9.1f} ms  {ms / base:7.1f}× the 1× time")


def one_line() -> None:
    """A contract flattened to one line (a PDF or web page copied badly): blanks, labels and columns galore."""
    import random

    rnd = random.Random(1)
    pieces = ["甲方：", "  ", "____", "（ ）", "年 月 日", "　　", "□", "1.1", "第一条", "：", "住  所  地：",
              "电    话：", "XX", "{{a}}", "__3__", "，", "。", " ", "乙", "方", "章", "合同",
              # amounts and date ranges written into sentences, and the runs that once made them quadratic
              "贰拾", "元", "（¥", "1,", "2024年3月1日", "至", "大写：", "??", "|", "（甲方）", "甲方:",
              # collapsed gaps, letter-spaced labels, ticks after options, one field per party in turn
              "年月日", "200年月日", "**", "XX元", "签字:", "甲 方:", "（3）", "☑", "是", "室", "元整", "负责人:",
              "☑是 ", "杭州某公司　　", "（签字：）",
              # gaps a web copy narrowed or lost (one space before a unit, one underscore, ???? for spaces)
              "签订 只", "为 。", "_", "????", "于 月 日", "“”", "1. 2.", "在  签订", "XXX___"]  # fmt: skip
    print("\nlinearity, one long line of blank-like pieces:")
    base = None
    for n in (10_000, 20_000, 40_000):
        data = ("协议\n" + "".join(rnd.choice(pieces) for _ in range(n))).encode()
        ms = timed(lambda d=data: check_bytes(d, "x.txt"), 3)
        base = base or ms
        print(f"  {n:6} pieces  {len(data) / 1024:6.0f} KB  {ms:9.1f} ms  {ms / base:7.1f}× the first")


def party_lines() -> None:
    """Many short lines of parties and their run-together fields (a scraped form repeated): every role line
    is a party, so anything that compares parties pairwise shows here."""
    unit = (
        "合同G11.013甲方(出租方):珠海市某公司乙方(承租方):梁家明本着互惠互利的原则,工程名称:工程地点:"
        "总价:1480 元/孔,(小写:129000元)(大写:),姓名:,性别:民族:"
    )
    print("\nlinearity, lines of run-together party fields:")
    base = None
    for n in (500, 1000, 2000):
        data = ("物业租赁合同\n" + (unit + "\n") * n).encode()
        ms = timed(lambda d=data: check_bytes(d, "x.txt"), 3)
        base = base or ms
        print(f"  {n:6} lines   {len(data) / 1024:6.0f} KB  {ms:9.1f} ms  {ms / base:7.1f}× the first")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    paths = args.files or [p for p in DEFAULT if p.exists()]
    per_file(paths, args.runs)
    cold_start(ROOT / "samples" / "service-numbered.docx", args.runs)
    linearity(ROOT / "samples" / "lease-articles.txt")
    one_line()
    party_lines()


if __name__ == "__main__":
    main()
