"""hetong: read Chinese contracts, build their clause tree, extract parties and blanks, flag problems.

>>> import extractor
>>> result = extractor.check("samples/seed.txt")
>>> result.to_dict()["findings"][0]["rule"]
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (
    EncryptedFile,
    FileTooLarge,
    HetongError,
    MissingDependency,
    TextTooLarge,
    UnreadableFile,
    UnsupportedFormat,
)

__all__ = [
    "Caps",
    "EncryptedFile",
    "FileTooLarge",
    "HetongError",
    "MissingDependency",
    "TextTooLarge",
    "UnreadableFile",
    "UnsupportedFormat",
    "__version__",
    "check",
    "check_bytes",
]


def __getattr__(name: str):
    # the pipeline is imported on first use, so that `import extractor.readers.x` stays light
    if name in ("check", "check_bytes"):
        from . import api

        return getattr(api, name)
    if name == "Caps":
        from .readers.caps import Caps

        return Caps
    raise AttributeError(name)
