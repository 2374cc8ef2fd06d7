"""Assembling one Line from formatted pieces of text (shared by the .doc, RTF and HTML readers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Line


@dataclass(slots=True)
class LineBuf:
    """The text of a Line being built, with its underlined spans and how much of its ink is bold."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    underlines: list[tuple[int, int]] = field(default_factory=list)
    ink: int = 0  # non-space characters
    bold_ink: int = 0
    #: the list number a writer rendered in front of the text (RTF \listtext), if any
    numbering: str | None = None

    def add(self, text: str, underline: bool = False, bold: bool = False) -> None:
        if not text:
            return
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if underline:
            if self.underlines and self.underlines[-1][1] == start:
                self.underlines[-1] = (self.underlines[-1][0], self.length)
            else:
                self.underlines.append((start, self.length))
        ink = sum(map(len, text.split()))
        self.ink += ink
        if bold:
            self.bold_ink += ink

    @property
    def empty(self) -> bool:
        return not self.parts

    def text(self) -> str:
        return "".join(self.parts)

    def line(
        self,
        no: int,
        *,
        heading: int | None = None,
        cell: tuple[int, int, int] | None = None,
        role: str = "body",
    ) -> Line:
        return Line(
            no=no,
            text=self.text(),
            underlines=tuple(self.underlines),
            bold=self.ink > 0 and self.bold_ink == self.ink,
            heading=heading,
            numbering=self.numbering,
            cell=cell,
            role=role,
        )
