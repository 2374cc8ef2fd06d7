"""The notes readers leave for the document rules (D003 tracked changes, D005 pages without text):
made in one place so every reader says the same thing."""

from __future__ import annotations

from ..model import Note


def review_note(revisions: int, comments: int, line: int | None = None) -> Note | None:
    """Tracked changes and comments still in the file, or None when there are none."""
    if not revisions and not comments:
        return None
    key = "both" if revisions and comments else ("revisions" if revisions else "comments")
    return Note(
        rule="unaccepted-revisions",
        key=key,
        args={"revisions": revisions, "comments": comments},
        line=line,
        data={"revisions": revisions, "comments": comments},
    )


def pages_text(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> "1–3, 5"."""
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)


def pages_note(key: str, pages: list[int]) -> Note:
    """Pages with no usable text layer (``no_text``) or that OCR could not read (``ocr_failed``)."""
    return Note(rule="no-text-layer", key=key, args={"pages": pages_text(pages)}, data={"pages": list(pages)})
