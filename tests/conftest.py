"""Shared fixtures: the samples folder, the golden folder, the shared corpus, and --update-golden."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Messages are Chinese by default. The unit tests read the English ones (a finding's words are easier to
# assert on), so the test session, and the hetong processes it starts, speak English; the goldens and
# tests/test_messages.py check the Chinese default.
os.environ["HETONG_LANG"] = "en"

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
CORPUS = ROOT.parent / "shared" / "corpus"
#: files in samples/ that are not contracts
NOT_SAMPLES = {"README.md", "build_docx.py", ".gitattributes"}


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.name not in NOT_SAMPLES)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/*.json from the current output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(
            f"the shared corpus is not at {CORPUS} (it lives beside the repository in ../shared/corpus)"
        )
    return CORPUS


def run_text(text: str, name: str = "contract.txt", **kw):
    """Run the whole pipeline on a contract given as text."""
    from extractor import check_bytes

    return check_bytes(text.encode("utf-8"), name, **kw)


@pytest.fixture
def zh():
    """Messages in Chinese, the default a user gets, for this test."""
    from extractor.messages import set_lang

    set_lang("zh")
    yield
    set_lang(None)
