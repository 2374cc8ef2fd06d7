"""Each sample's JSON output equals its golden file. `pytest --update-golden` rewrites them on purpose."""

from __future__ import annotations

import json

import pytest

from extractor import check
from extractor.report.json import dumps

from .conftest import GOLDEN, ROOT, sample_files


def output(path) -> dict:
    d = check(path).to_dict()
    d["source"]["path"] = str(path.relative_to(ROOT))
    del d["hetong_version"]  # a release must not rewrite every golden file
    return d


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_golden(path, update_golden, zh):
    """The goldens hold what a user gets by default: messages in Chinese."""
    golden = GOLDEN / f"{path.name}.json"
    actual = dumps(output(path)) + "\n"
    if update_golden:
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run pytest --update-golden and review the diff"
    assert json.loads(golden.read_text(encoding="utf-8")) == json.loads(actual), (
        f"{path.name} output changed; if intended, run pytest --update-golden and review the diff"
    )


def test_every_golden_has_a_sample():
    names = {p.name for p in sample_files()}
    orphans = [g.name for g in GOLDEN.glob("*.json") if g.name[: -len(".json")] not in names]
    assert not orphans, f"golden files without a sample: {orphans}"


def test_goldens_match_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from extractor.schema import SCHEMA

    for g in sorted(GOLDEN.glob("*.json")):
        data = json.loads(g.read_text(encoding="utf-8"))
        data["hetong_version"] = "0"
        jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize(
    ("name", "state"),
    [("seed.txt", "template"), ("seed-signed.txt", "filled"), ("lease-articles.txt", "partly-filled")],
)
def test_what_the_document_is(name, state):
    assert check(ROOT / "samples" / name).summary()["state"] == state
