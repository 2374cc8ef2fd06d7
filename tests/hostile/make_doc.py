"""Word 97 binary documents written from scratch for the hostile-input tests: an OLE2 compound file
([MS-CFB]: 512-byte sectors, one FAT, no mini stream) holding a WordDocument stream with a FIB and the
text, and a 1Table stream with the piece table ([MS-DOC] Clx). No styles, lists or formatting: every
paragraph is plain body text, which is all the tests need, and the file is as small as the text."""

from __future__ import annotations

import struct

SECTOR = 512
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: streams smaller than this would go to the mini stream: every stream is padded to it
MINI_CUTOFF = 4096
FIB_SIZE = 1024  # the text starts after the FIB
FC_CLX = 33  # the (fc, lcb) pair of the Clx in FibRgFcLcb97


def word_doc(text: str, repeat: int = 1, *, compressed: bool = False) -> bytes:
    """A .doc whose main text is ``text`` (paragraphs end with "\\r") ``repeat`` times: one piece of
    UTF-16 text (8-bit "compressed" text when ``compressed``: Latin-1 only, half the size), or ``repeat``
    pieces that all point at the same bytes (a piece table that makes a small file hold a huge text)."""
    encoded = text.encode("latin-1" if compressed else "utf-16-le")
    n = len(text)
    cps = [i * n for i in range(repeat + 1)]
    # fc: the byte offset of UTF-16 text; of 8-bit text, twice the offset with bit 30 set
    fc = (FIB_SIZE * 2) | 0x40000000 if compressed else FIB_SIZE
    pcds = [struct.pack("<HIH", 0, fc, 0) for _ in range(repeat)]
    plc = struct.pack(f"<{repeat + 1}i", *cps) + b"".join(pcds)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    table = _pad(clx)
    fib = _fib(ccp_text=n * repeat, clx=(0, len(clx)))
    word = _pad(fib.ljust(FIB_SIZE, b"\0") + encoded)
    return compound_file({"WordDocument": word, "1Table": table})


def _fib(ccp_text: int, clx: tuple[int, int]) -> bytes:
    base = struct.pack("<6H", 0xA5EC, 0x00C1, 0, 0, 0, 0x0200)  # wIdent, nFib, unused, lid, pnNext, flags
    base = base.ljust(32, b"\0")
    csw, cslw, cb = 14, 22, 93
    rgw = struct.pack("<H", csw) + bytes(2 * csw)
    lw = [0] * cslw
    lw[3] = ccp_text  # ccpText; footnotes, headers... none
    rglw = struct.pack("<H", cslw) + struct.pack(f"<{cslw}i", *lw)
    pairs = [(0, 0)] * cb
    pairs[FC_CLX] = clx
    rgfclcb = struct.pack("<H", cb) + b"".join(struct.pack("<II", fc, lcb) for fc, lcb in pairs)
    return base + rgw + rglw + rgfclcb


def _pad(data: bytes) -> bytes:
    size = max(MINI_CUTOFF, -(-len(data) // SECTOR) * SECTOR)
    return data.ljust(size, b"\0")


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 file of the root storage and ``streams`` (each a multiple of 512 bytes, at least 4096)."""
    counts = [len(data) // SECTOR for data in streams.values()]
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + 1 + sum(counts):
        fat_sectors += 1
    assert fat_sectors <= 109, "a DIFAT would be needed"
    fat = [FATSECT] * fat_sectors + [ENDOFCHAIN]  # the FAT sectors, then the directory
    starts = []
    for count in counts:
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (fat_sectors * (SECTOR // 4) - len(fat))
    entries = [_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1)]
    names = list(streams)
    for i, (name, start) in enumerate(zip(names, starts, strict=True)):
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        entries.append(_entry(name, 2, start, len(streams[name]), right=right))
    directory = b"".join(entries).ljust(SECTOR, b"\0")
    header = _header(fat_sectors, dir_start=fat_sectors)
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(streams.values())
    return header + body


def _entry(
    name: str, kind: int, start: int, size: int, *, child: int = NOSTREAM, right: int = NOSTREAM
) -> bytes:
    raw = (name + "\0").encode("utf-16-le")
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB", len(raw), kind, 1)  # name length, object type, colour (black)
        + struct.pack("<III", NOSTREAM, right, child)  # left sibling, right sibling, child
        + bytes(16 + 4 + 16)  # CLSID, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def _header(fat_sectors: int, dir_start: int) -> bytes:
    head = MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    head += struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, MINI_CUTOFF, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    return head + struct.pack("<109I", *difat)
