"""Imported once by the forkserver: the pipeline, the compiled patterns and the readers, shared by every
worker forked from it (a worker then starts in milliseconds). Failures are ignored here: a reader that
cannot be imported fails later, for its files only, as an error row."""

from __future__ import annotations

import contextlib
import importlib

with contextlib.suppress(Exception):
    from .. import api, pattern_set, rules  # noqa: F401

    pattern_set.load(None)
    rules.all_rules()

for _name in ("text", "docx", "flatopc", "word2003", "doc", "rtf", "html", "pdf"):
    with contextlib.suppress(Exception):
        importlib.import_module(f"extractor.readers.{_name}")
