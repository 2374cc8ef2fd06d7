"""Errors for bad input: one type per kind, each rendered by the CLI as one line naming the file."""

from __future__ import annotations


class HetongError(Exception):
    """Base of every error hetong raises on purpose. ``kind`` is a stable slug for reports."""

    kind = "error"

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnreadableFile(HetongError):
    """The bytes are corrupt, cut, empty or not a document."""

    kind = "unreadable"


class EncryptedFile(HetongError):
    """The file is password-protected."""

    kind = "encrypted"


class UnsupportedFormat(HetongError):
    """The bytes are a format hetong does not read."""

    kind = "unsupported"


class FileTooLarge(HetongError):
    """The file exceeds the configured size limit."""

    kind = "too-large"


class TextTooLarge(FileTooLarge):
    """The text read from the file runs past the character budget (``--max-chars``)."""

    @classmethod
    def over(cls, path: str, limit: int) -> TextTooLarge:
        return cls(path, f"its text runs past the limit of {limit:,} characters (raise it with --max-chars)")


class TooManyPages(FileTooLarge):
    """The PDF has more pages than the page cap (``--max-pages``)."""

    @classmethod
    def over(cls, path: str, pages: int, limit: int) -> TooManyPages:
        return cls(
            path, f"the PDF has {pages:,} pages, past the limit of {limit:,} (raise it with --max-pages)"
        )


class MissingDependency(HetongError):
    """Reading this format needs an optional package or program that is not installed."""

    kind = "missing-dependency"
