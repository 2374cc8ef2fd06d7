"""Mutation fuzz, small and repeatable: real files of each format with bytes flipped, cut and inserted
(a fixed seed, so a failure is the same failure on every run). Every outcome is a result or one of
hetong's errors (a one-line message), never another exception. The red-team run of the hostile-input
issue did the same for ten minutes (22,487 inputs); this keeps a slice of it in CI."""

from __future__ import annotations

import random

import pytest

from extractor.api import check_bytes
from extractor.errors import HetongError
from extractor.report.json import dumps

from ..conftest import ROOT

SEEDS = [
    ROOT / "samples" / "service-numbered.docx",
    ROOT / "samples" / "seed.txt",
    ROOT / "tests" / "fixtures" / "pdf" / "contract.pdf",
    ROOT / "tests" / "fixtures" / "doc" / "basic.doc",
    ROOT / "tests" / "fixtures" / "doc" / "rtf-as.doc",
    ROOT / "tests" / "fixtures" / "doc" / "contract.mht",
]
CASES = 16  # a file: each of the six formats, some seconds in all


def _mutate(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 20)):
        pos = rnd.randrange(len(out))
        op = rnd.random()
        if op < 0.5:
            out[pos] = rnd.randrange(256)
        elif op < 0.75:
            del out[pos : pos + rnd.randint(1, 64)]
        else:
            out[pos:pos] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16)))
    return bytes(out)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_mutated_files_give_a_result_or_a_clear_error(seed):
    rnd = random.Random(seed.name)  # the same mutations on every run
    data = seed.read_bytes()
    for case in range(CASES):
        mutated = _mutate(data, rnd)
        try:
            result = check_bytes(mutated, seed.name)
        except HetongError as exc:
            assert exc.reason and "\n" not in exc.reason, (case, exc.reason)
            continue
        except Exception as exc:  # pragma: no cover - the failure to report
            pytest.fail(f"{seed.name}, mutation {case}: {type(exc).__name__}: {exc}")
        dumps(result.to_dict()).encode("utf-8")  # the JSON writes out: no surrogate, nothing unserialisable
