"""Output file names derived from a contract's path: never too long for the file system.

A file name may hold 255 bytes; the JSON or HTML written for a contract adds a suffix, and the atomic
write a temporary name around it. A name that would not fit keeps what fits and a short hash of the
whole, so two long names that share their start still get distinct outputs.
"""

from __future__ import annotations

import hashlib

#: the longest file name (bytes) the common file systems take
NAME_MAX = 255
#: what write_atomic puts around a name: "." before, ".<pid>.tmp" after
TMP_ROOM = 24


def _size(s: str) -> int:
    return len(s.encode("utf-8", "surrogateescape"))


def safe_rel(rel: str, suffix: str) -> str:
    """``rel`` (a/b/合同.docx) with ``suffix`` (.json), each part short enough to write."""
    parts = rel.split("/")
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        room = NAME_MAX - (TMP_ROOM + _size(suffix) if last else 0)
        if _size(part) > room:
            tag = "~" + hashlib.sha256(part.encode("utf-8", "surrogateescape")).hexdigest()[:10]
            keep = part
            while keep and _size(keep + tag) > room:
                keep = keep[:-1]
            part = keep + tag
        out.append(part)
    return "/".join(out) + suffix
