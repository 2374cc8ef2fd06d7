"""The caps on what reading one file may cost besides its size, its text and its pages (docs/limits.md).

How far a .docx's zip parts and a PDF's streams may inflate, how many elements a Word XML or an HTML page
may hold, how much of a scan OCR reads and at how many pixels, and how long LibreOffice may take over a
.doc. A :class:`Caps` holds them all; the readers take one (``caps=``) from ``readers.read_bytes``,
``read_path`` and ``extractor.check``, and an audit hands its own to every worker. :data:`OPTIONS` is the
command line's view of them: one ``check``/``audit`` option per cap, whose long name is its ``hetong.toml``
key too (``--max-zip-part MB``, ``max-zip-part = 300``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Caps:
    #: bytes one part of a Word package may inflate to (.docx/.docm/.dotx; the parts of a Word XML file)
    zip_part: int = 200 * MB
    #: bytes the parts of one package may inflate to together
    zip_total: int = 400 * MB
    #: bytes one stream of a PDF may inflate to
    pdf_stream: int = 100 * MB
    #: bytes the streams of one PDF may inflate to together
    pdf_total: int = 1024 * MB
    #: elements the XML parts of a Word package (or one Word XML file) may hold together
    xml_elements: int = 2_000_000
    #: elements an HTML page may hold
    html_elements: int = 250_000
    #: scanned pages of one PDF read by OCR; the pages past it are named in a note, not read
    ocr_pages: int = 200
    #: seconds OCR may spend on one PDF; the pages left when they are spent are named in a note
    ocr_seconds: float = 900.0
    #: pixels a page is rendered with for OCR: a larger page is rendered at a lower resolution
    ocr_pixels: int = 40_000_000
    #: seconds LibreOffice may take to convert one .doc
    convert_seconds: float = 120.0

    def key(self) -> dict[str, float]:
        """The caps as plain values (for a cache key)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_CAPS = Caps()


@dataclass(frozen=True, slots=True)
class Option:
    """One cap on the command line: ``--{flag}`` takes the value in ``unit`` (``MB`` is 2**20 bytes)."""

    cap: str  # the field of Caps
    flag: str
    unit: str  # MB, N or SECONDS
    help: str
    #: the least value allowed; 0 for the OCR caps: no OCR at all
    minimum: float = 1
    #: the value must be above ``minimum``, not equal to it
    above: bool = False

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")

    @property
    def scale(self) -> int:
        return MB if self.unit == "MB" else 1

    def default(self) -> float:
        """The default in the option's unit."""
        value = getattr(DEFAULT_CAPS, self.cap) / self.scale
        return int(value) if float(value).is_integer() else value


OPTIONS: tuple[Option, ...] = (
    Option("zip_part", "--max-zip-part", "MB", "refuse a .docx whose one zip part inflates past MB", 0, True),
    Option(
        "zip_total",
        "--max-zip-total",
        "MB",
        "refuse a .docx whose zip parts inflate past MB together",
        0,
        True,
    ),
    Option("pdf_stream", "--max-pdf-stream", "MB", "refuse a PDF whose one stream inflates past MB", 0, True),
    Option(
        "pdf_total", "--max-pdf-total", "MB", "refuse a PDF whose streams inflate past MB together", 0, True
    ),
    Option("xml_elements", "--max-xml-elements", "N", "refuse Word XML of more than N elements"),
    Option("html_elements", "--max-html-elements", "N", "refuse an HTML page of more than N elements"),
    Option(
        "ocr_pages", "--max-ocr-pages", "N", "read at most N scanned pages of a PDF by OCR (0: no OCR)", 0
    ),
    Option("ocr_seconds", "--max-ocr-seconds", "SECONDS", "stop OCR of a PDF after this long", 0),
    Option("ocr_pixels", "--max-ocr-pixels", "N", "render a page for OCR with at most N pixels", 10_000),
    Option(
        "convert_seconds",
        "--max-convert-seconds",
        "SECONDS",
        "give LibreOffice this long for a .doc",
        0,
        True,
    ),
)
_BY_CAP = {o.cap: o for o in OPTIONS}


def flag(cap: str) -> str:
    """The option that sets ``cap``: ``flag("zip_part")`` is ``--max-zip-part``."""
    return _BY_CAP[cap].flag


def raise_hint(cap: str) -> str:
    """The end of a refusal's reason: ``(raise it with --max-zip-part)``."""
    return f"(raise it with {flag(cap)})"


def from_values(values: Mapping[str, float | None]) -> Caps:
    """The caps of the options' values (by dest, in their units; a missing or None value: the default)."""
    kw = {}
    for o in OPTIONS:
        value = values.get(o.dest)
        if value is not None:
            scaled = value * o.scale
            kw[o.cap] = float(scaled) if o.unit == "SECONDS" else int(scaled)
    return Caps(**kw)


def problem(values: Mapping[str, float | None]) -> str | None:
    """What is wrong with the options' values (by dest, in their units), or None."""
    for o in OPTIONS:
        value = values.get(o.dest)
        if value is None:
            continue
        if o.above and value <= o.minimum:
            return f"{o.flag} must be above {o.minimum:g}"
        if value < o.minimum:
            return f"{o.flag} must be at least {o.minimum:,g}"
    return None


def mb(n: int) -> str:
    """Bytes as MB for a message: ``200``, ``1,024``, ``2.5``, ``0.00954``."""
    value = n / MB
    return f"{value:,.0f}" if value >= 100 or value.is_integer() else f"{value:.3g}"
