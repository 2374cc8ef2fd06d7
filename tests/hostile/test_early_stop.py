"""Readers stop at the character budget as they read (issue: hostile input; docs/limits.md): the .doc,
RTF and HTML readers give up at the first line past ``max_chars`` instead of reading the whole file and
leaving the measure to ``read_bytes``. Each reader is called directly (``read_bytes`` would measure the
result anyway), and the lines it started are counted. The files are built at test time."""

from __future__ import annotations

import pytest

from extractor.errors import FileTooLarge, TextTooLarge, UnreadableFile
from extractor.readers import doc as doc_reader
from extractor.readers import html as html_reader
from extractor.readers import linebuf, read_bytes, text_size
from extractor.readers import rtf as rtf_reader
from extractor.readers.caps import DEFAULT_CAPS

from .make_doc import word_doc

CLAUSE = "第一条 甲方应当按时付款。"  # 13 characters, a line break after each: 14
LINES = 5000
BUDGET = 1400  # a hundred lines


def counting_lines(monkeypatch, module) -> list[int]:
    """Count the lines ``module`` starts (each a LineBuf)."""
    made: list[int] = []

    class Counting(linebuf.LineBuf):
        __slots__ = ()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(1)

    monkeypatch.setattr(module, "LineBuf", Counting)
    return made


def rtf(lines: list[str]) -> bytes:
    body = "".join("".join(f"\\u{ord(c)}?" for c in line) + "\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\uc1 " + body + "}").encode("ascii")


def html(lines: list[str]) -> bytes:
    return ("<html><body>" + "".join(f"<p>{line}</p>\n" for line in lines) + "</body></html>").encode()


CASES = {
    "rtf": (rtf_reader, lambda: rtf([CLAUSE] * LINES)),
    "html": (html_reader, lambda: html([CLAUSE] * LINES)),
    "doc": (doc_reader, lambda: word_doc((CLAUSE + "\r") * LINES)),
}


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_reader_stops_at_the_first_line_past_the_budget(monkeypatch, fmt):
    module, make = CASES[fmt]
    data = make()
    assert len(module.read(data, source=f"all.{fmt}").lines) == LINES  # no budget: every line
    made = counting_lines(monkeypatch, module)
    with pytest.raises(TextTooLarge) as info:
        module.read(data, source=f"long.{fmt}", max_chars=BUDGET)
    assert info.value.reason == "its text runs past the limit of 1,400 characters (raise it with --max-chars)"
    assert BUDGET // 14 <= len(made) <= BUDGET // 14 + 3  # not the 5,000 lines of the file


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_a_file_within_the_budget_reads_whole(fmt):
    """The count the reader keeps is the one read_bytes measures: a budget of exactly the text passes."""
    module, make = CASES[fmt]
    data = make()
    exact = text_size(module.read(data, source=f"all.{fmt}"))
    assert exact == 14 * LINES
    assert len(read_bytes(data, source=f"x.{fmt}", max_chars=exact).lines) == LINES
    with pytest.raises(TextTooLarge):
        module.read(data, source=f"x.{fmt}", max_chars=exact - 1)


def test_one_long_rtf_paragraph_stops_inside_it(monkeypatch):
    """No paragraph end for the budget to wait for: the text is counted as it is decoded."""
    made = counting_lines(monkeypatch, rtf_reader)
    data = b"{\\rtf1\\ansi " + b"Article 1. The Buyer shall pay. " * 200_000 + b"}"
    with pytest.raises(TextTooLarge):
        rtf_reader.read(data, source="one.rtf", max_chars=BUDGET)
    assert len(made) <= 4


def test_soft_line_breaks_of_an_rtf_count_as_they_come(monkeypatch):
    """A million \\line in one paragraph: a line each, not a million LineBufs waiting for the \\par."""
    made = counting_lines(monkeypatch, rtf_reader)
    with pytest.raises(TextTooLarge):
        rtf_reader.read(
            b"{\\rtf1\\ansi x" + b"\\line " * 1_000_000 + b"\\par}", source="br.rtf", max_chars=BUDGET
        )
    assert len(made) <= BUDGET + 4


def test_a_doc_whose_pieces_reuse_their_text_is_refused_before_it_is_decoded():
    """100,000 pieces that all point at the same 1,400 bytes: a 1.3 MB file that would decode to 70 million
    characters."""
    data = word_doc((CLAUSE + "\r") * 50, repeat=100_000)
    assert len(data) < 1_500_000
    with pytest.raises(UnreadableFile) as info:
        doc_reader.read(data, source="pieces.doc")
    assert info.value.reason.startswith("the piece table holds 140,000,000 bytes of text, more than the ")
    assert info.value.reason.endswith(" of the WordDocument stream (its pieces overlap)")


def test_an_html_page_of_too_many_elements_is_refused_before_it_is_parsed(monkeypatch):
    made = counting_lines(monkeypatch, html_reader)
    n = DEFAULT_CAPS.html_elements
    data = b"<html><body>" + b"<p>x</p>" * n + b"</body></html>"
    with pytest.raises(FileTooLarge) as info:
        read_bytes(data, source="bomb.html")
    assert info.value.reason == (
        f"the page holds {n + 2:,} HTML elements, past {n:,}: an HTML bomb? (raise it with --max-html-elements)"
    )
    assert made == []  # not one line: the page was never walked
