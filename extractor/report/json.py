"""The JSON output: one object per contract, stable and versioned (see ``hetong schema``)."""

from __future__ import annotations

import json
from typing import Any

from ..model import Result


def dumps(obj: dict[str, Any], *, indent: int | None = 2) -> str:
    """Deterministic JSON with readable Chinese."""
    return json.dumps(obj, ensure_ascii=False, indent=indent, sort_keys=True)


def render(result: Result, *, indent: int | None = 2) -> str:
    return dumps(result.to_dict(), indent=indent)
