""".doc files whose OLE2 header would keep olefile loading a FAT for minutes (issue: hostile input;
docs/limits.md): a DIFAT chain that loops, or more FAT sectors than the file could hold, are a corrupt
file before olefile is called. Each case patches the header of a small valid .doc at test time."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.errors import UnreadableFile
from extractor.readers import read_bytes
from extractor.readers.ole_header import problem

ROOT = Path(__file__).resolve().parent.parent.parent
BASIC = ROOT / "tests" / "fixtures" / "doc" / "basic.doc"
SECTOR = 512


def patched(fat_sectors: int, difat: list[int], *, pad_to: int = 0, count: int | None = None) -> bytes:
    """basic.doc (512-byte sectors) padded with empty sectors to ``pad_to`` sectors, then one DIFAT
    sector appended whose last entry (the next DIFAT sector) is ``difat[1]`` (ENDOFCHAIN when absent);
    the header names ``fat_sectors`` FAT sectors and a DIFAT chain of ``count`` sectors from ``difat[0]``
    (``-1``: the appended sector)."""
    data = bytearray(BASIC.read_bytes())
    assert len(data) % SECTOR == 0 and struct.unpack_from("<H", data, 0x1E)[0] == 9
    sectors = len(data) // SECTOR - 1
    if pad_to > sectors:
        data += bytes(SECTOR * (pad_to - sectors))
        sectors = pad_to
    appended = sectors
    first_fat = struct.unpack_from("<I", data, 0x4C)[0]
    chain = [appended if s == -1 else s for s in difat]
    nxt = chain[1] if len(chain) > 1 else 0xFFFFFFFE
    data += struct.pack("<127I", *[first_fat] * 127) + struct.pack("<I", nxt)
    struct.pack_into("<I", data, 0x2C, fat_sectors)
    struct.pack_into("<II", data, 0x44, chain[0], len(chain) if count is None else count)
    return bytes(data)


def refused(data: bytes) -> str:
    with pytest.raises(UnreadableFile) as info:
        read_bytes(data, source="hostile.doc")
    assert info.value.kind == "unreadable" and "\n" not in str(info.value)
    assert info.value.reason.startswith("corrupt OLE compound file: ")
    return info.value.reason.removeprefix("corrupt OLE compound file: ")


def test_more_fat_sectors_than_the_file_holds():
    """The case that kept olefile busy (400 DIFAT sectors in a loop: five minutes; 50 here): the header
    names 6,459 FAT sectors for a file of 44 sectors, which needs one."""
    data = patched(109 + 127 * 50, [-1, -1], count=50)
    assert refused(data) == "its header declares 6,459 FAT sectors, a file of 44 sectors needs 1"


def test_a_difat_chain_that_loops():
    """As many FAT sectors as a 12 MB file can use, listed by a DIFAT sector that points at itself."""
    data = patched(109 + 127 * 2, [-1, -1], pad_to=23_400)
    assert refused(data) == "its DIFAT chain loops back to sector 23,400"


def test_a_difat_chain_that_leaves_the_file():
    data = patched(109 + 127 * 2, [50_000], pad_to=23_400, count=2)
    assert refused(data) == "its DIFAT chain leads to sector 0xc350, outside the file"


def test_the_command_line_gives_one_line(tmp_path: Path, capsys):
    path = tmp_path / "loop.doc"
    path.write_bytes(patched(109 + 127 * 50, [-1, -1], count=50))
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hetong: {path}: corrupt OLE compound file: ") and err.count("\n") == 1


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "doc").glob("*.doc")), ids=str)
def test_real_files_pass_the_check(path: Path):
    assert problem(path.read_bytes()) is None


def test_a_valid_difat_passes_the_check():
    """A 12 MB file whose 110 FAT sectors are listed by the header and one DIFAT sector that ends the
    chain: nothing wrong with that."""
    assert problem(patched(110, [-1], pad_to=23_400)) is None
