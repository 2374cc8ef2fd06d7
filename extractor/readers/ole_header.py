"""What olefile must not be given: an OLE2 compound file header whose FAT would take minutes to load.

olefile loads the FAT one sector at a time, copying the whole table for each sector it adds, so the time
grows with the square of the FAT sectors the header declares; and it follows the DIFAT chain (the list
of FAT sectors past the header's 109) for as many sectors as the header says, whether or not the chain
loops. A 23 KB .doc whose header declares 50,000 FAT sectors in a DIFAT sector that points at itself
kept olefile busy for five minutes. :func:`problem` checks the header against the file's size and walks
the DIFAT chain itself (a few reads) before olefile is called ([MS-CFB] 2.2, 2.5).
"""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: the header's sector shift (offset 0x1E) -> the sector size
SECTOR_SIZES = {9: 512, 12: 4096}
#: FAT sectors listed in the header itself; more are listed in DIFAT sectors
HEADER_FAT_SECTORS = 109
ENDOFCHAIN, FREESECT = 0xFFFFFFFE, 0xFFFFFFFF

_u16 = struct.Struct("<H").unpack_from
_u32 = struct.Struct("<I").unpack_from


def problem(data: bytes) -> str | None:
    """Why the FAT of the compound file ``data`` cannot be right (one line), or None. Only what would make
    olefile loop is checked here; a bad signature or sector size is left for olefile to refuse."""
    if len(data) < 512 or not data.startswith(MAGIC):
        return None
    size = SECTOR_SIZES.get(_u16(data, 0x1E)[0])
    if size is None:
        return None
    sectors = (len(data) + size - 1) // size - 1  # after the header (olefile counts them so)
    fat_sectors, difat_start, difat_sectors = _u32(data, 0x2C)[0], *struct.unpack_from("<II", data, 0x44)
    if difat_sectors == 0:
        return None  # olefile reads the 109 FAT sectors of the header and no more
    # each FAT sector maps size/4 sectors: a file needs no more than enough to map all of its own
    # (twice that is allowed, for a writer that keeps spare FAT sectors)
    needed = (sectors + size // 4 - 1) // (size // 4)
    if fat_sectors > max(HEADER_FAT_SECTORS, 2 * needed):
        return (
            f"its header declares {fat_sectors:,} FAT sectors, a file of {sectors:,} sectors needs {needed:,}"
        )
    # the chain of DIFAT sectors, each pointing at the next with its last entry: inside the file, and
    # never back to a sector it has passed (at most ``sectors`` steps, whatever the header says)
    seen: set[int] = set()
    sect = difat_start
    for _ in range(difat_sectors):
        next_at = (sect + 2) * size - 4
        if sect >= sectors or next_at + 4 > len(data):
            return f"its DIFAT chain leads to sector {sect:#x}, outside the file"
        if sect in seen:
            return f"its DIFAT chain loops back to sector {sect:,}"
        seen.add(sect)
        sect = _u32(data, next_at)[0]
    return None
