"""Discovery: the contract files under the given paths, in a stable order.

A file is a candidate when its extension names a contract format (``readers.sniff.EXTENSIONS``); the
worker then confirms it by sniffing the bytes, so a ``.pdf`` full of random bytes becomes an error row
rather than vanishing. A ``.xml`` or ``.ftl`` file (``readers.sniff.SNIFFED_EXTENSIONS``) is one only when
its first bytes are those of a Word XML document (Flat OPC or Word 2003 XML, FreeMarker template or not):
other XML (configuration, data, web templates) is skipped and counted, never an error row. Skipped too:
Word/WPS lock and temp files (``~$x.docx``, ``.~x.wps``, ``~WRL0001.tmp``), hidden files and folders,
folders already visited (symlink loops, a folder given twice) and the folders the audit writes into. A
file named on the command line is always a candidate, whatever its name.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections import Counter
from dataclasses import dataclass, field

from ..readers.sniff import EXTENSIONS, SNIFFED_EXTENSIONS, XML_HEAD, is_word_xml

#: the skip reason of a .xml/.ftl file that is no Word document
NOT_WORD_XML = "XML that is not a Word document"


def printable(name: str) -> str:
    r"""``name`` with the undecodable bytes of a file name (surrogate escapes) written as ``\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class Item:
    """One contract file to audit."""

    path: str  # as reported (``source.path``): the user's root joined with the path inside it
    rel: str  # POSIX path for mirrored outputs (--out, --html), relative to the roots' common folder
    loc: str  # what a worker opens: an absolute local path or an fsspec URL
    size: int
    mtime: int  # st_mtime_ns (0 when unknown)
    error: tuple[str, str] | None = None  # (kind, reason) when discovery already knows it cannot be read

    def __post_init__(self) -> None:
        # a name that is not valid UTF-8 (a share copied from a GBK system) is shown with its bad bytes
        # escaped (\xba\xcf.txt): reports and the cache hold text; ``loc`` keeps the real name to open
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "rel", printable(self.rel))

    @property
    def declared(self) -> str | None:
        dot = self.path.rfind(".")
        return EXTENSIONS.get(self.path[dot:].lower()) if dot >= 0 else None


@dataclass
class Discovery:
    items: list[Item]
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count
    warnings: list[str] = field(default_factory=list)


class DiscoveryError(Exception):
    """A path given on the command line does not exist (a usage error)."""


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def skip_reason(name: str) -> str | None:
    """Why a file or folder name found while walking is skipped, or None."""
    if name.startswith(("~$", ".~", "~WR")) or (name.startswith("~") and name.lower().endswith(".tmp")):
        return "lock or temp file"
    if name.startswith("."):
        return "hidden"
    return None


def _is_dir(e: os.DirEntry) -> bool:
    try:
        return e.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(e: os.DirEntry) -> bool:
    try:
        return e.is_file(follow_symlinks=True)
    except OSError:
        return False


def is_candidate(name: str) -> bool:
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in EXTENSIONS


def sniffed(name: str) -> bool:
    """A .xml or .ftl file: a candidate only when its bytes are Word XML (:func:`word_xml_file`)."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in SNIFFED_EXTENSIONS


def word_xml_file(path: str) -> bool:
    """Whether the local file at ``path`` starts as a Word XML document (True when it cannot be read:
    the worker then reports why, rather than the file vanishing)."""
    try:
        with open(path, "rb") as fh:
            return is_word_xml(fh.read(XML_HEAD))
    except OSError:
        return True


def sort_key(path: str) -> tuple[str, ...]:
    """Order by path components, so a folder's files stay together (``a/b`` before ``a-b``)."""
    return tuple(path.replace("\\", "/").split("/"))


def discover(paths: list[str], *, exclude: list[str] = ()) -> Discovery:  # type: ignore[assignment]
    """Walk ``paths`` (files, folders, or fsspec URLs) into a sorted, de-duplicated list of items."""
    out = Discovery(items=[])
    local = [p[len("file://") :] if p.startswith("file://") else p for p in paths if not is_url(p)]
    urls = [p for p in paths if is_url(p)]
    excluded = {_ident(p) for p in exclude if os.path.exists(p)}
    excluded.discard(None)
    if local:
        base = _common_base(local)
        seen_dirs: set[tuple[int, int]] = set()
        seen_files: set[tuple[int, int]] = set()
        for root in local:
            _walk_root(root, base, out, seen_dirs, seen_files, excluded)  # type: ignore[arg-type]
    if urls:
        from .remote import discover_urls

        out.items.extend(discover_urls(urls, out))
    out.items.sort(key=lambda it: sort_key(it.path))
    return out


def _ident(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _common_base(roots: list[str]) -> str:
    folders = []
    for r in roots:
        a = os.path.abspath(r)
        folders.append(a if os.path.isdir(a) else os.path.dirname(a))
    try:
        return os.path.commonpath(folders)
    except ValueError:  # different drives on Windows
        return ""


def _rel(abs_path: str, base: str) -> str:
    rel = os.path.relpath(abs_path, base) if base else abs_path.lstrip("/\\")
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


def _walk_root(
    root: str,
    base: str,
    out: Discovery,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[tuple[int, int]],
    excluded: set[tuple[int, int]],
) -> None:
    try:
        st = os.stat(root)
    except FileNotFoundError:
        raise DiscoveryError(f"{root}: no such file or folder") from None
    except OSError as exc:
        raise DiscoveryError(f"{root}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        _walk_dir(root, os.path.abspath(root), base, out, seen_dirs, seen_files, excluded)
    elif stat.S_ISREG(st.st_mode):
        _add_file(os.path.normpath(root), os.path.abspath(root), base, st, out, seen_files)
    else:
        absolute = os.path.abspath(root)
        why = ("unreadable", "not a regular file (a pipe, socket or device)")
        out.items.append(Item(os.path.normpath(root), _rel(absolute, base), absolute, 0, 0, why))


def _walk_dir(
    shown: str,
    absolute: str,
    base: str,
    out: Discovery,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[tuple[int, int]],
    excluded: set[tuple[int, int]],
) -> None:
    # an explicit stack, not recursion: deep trees must not hit the recursion limit
    stack = [(shown, absolute)]
    while stack:
        shown_dir, abs_dir = stack.pop()
        try:
            st = os.stat(abs_dir)
        except OSError as exc:
            out.warnings.append(f"{shown_dir}: {exc.strerror or exc}")
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in excluded:
            out.skipped["output folder"] += 1
            continue
        if ident in seen_dirs:
            out.skipped["folder seen before (symlink loop or duplicate)"] += 1
            continue
        seen_dirs.add(ident)
        try:
            with os.scandir(abs_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            out.warnings.append(f"{shown_dir}: {exc.strerror or exc}")
            # a row too: the contracts inside must not vanish from the reports without a trace
            why = ("unreadable", f"a folder that cannot be listed: {exc.strerror or exc}")
            out.items.append(Item(shown_dir, _rel(abs_dir, base), abs_dir, 0, 0, why))
            continue
        subdirs = []
        for e in entries:
            reason = skip_reason(e.name)
            if reason:
                if reason == "lock or temp file" or is_candidate(e.name):
                    out.skipped[reason] += 1
                elif reason == "hidden" and _is_dir(e):
                    out.skipped["hidden folder"] += 1  # .git/, .svn/: said, not walked
                continue
            shown_child = os.path.normpath(os.path.join(shown_dir, e.name))
            abs_child = os.path.join(abs_dir, e.name)
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append((shown_child, abs_child))
            elif sniffed(e.name) and not (_is_file(e) and word_xml_file(abs_child)):
                out.skipped[NOT_WORD_XML] += 1  # never opened when not a regular file (a pipe would block)
            elif is_candidate(e.name) or sniffed(e.name):
                try:
                    fst = os.stat(abs_child)
                except FileNotFoundError:  # a broken symbolic link: say so rather than drop it
                    out.items.append(
                        Item(
                            shown_child,
                            _rel(abs_child, base),
                            abs_child,
                            0,
                            0,
                            ("unreadable", "a broken symbolic link"),
                        )
                    )
                    continue
                except OSError as exc:
                    out.items.append(
                        Item(
                            shown_child,
                            _rel(abs_child, base),
                            abs_child,
                            0,
                            0,
                            ("unreadable", exc.strerror or str(exc)),
                        )
                    )
                    continue
                if stat.S_ISREG(fst.st_mode):
                    _add_file(shown_child, abs_child, base, fst, out, seen_files)
                else:  # a FIFO or a device named like a contract: a row, never a read that blocks
                    out.items.append(
                        Item(
                            shown_child,
                            _rel(abs_child, base),
                            abs_child,
                            0,
                            0,
                            ("unreadable", "not a regular file (a pipe, socket or device)"),
                        )
                    )
        stack.extend(reversed(subdirs))


def _add_file(
    shown: str, absolute: str, base: str, st: os.stat_result, out: Discovery, seen_files: set[tuple[int, int]]
) -> None:
    ident = (st.st_dev, st.st_ino)
    if ident in seen_files:
        out.skipped["file seen before"] += 1
        return
    seen_files.add(ident)
    out.items.append(Item(shown, _rel(absolute, base), absolute, st.st_size, st.st_mtime_ns))


def url_rel(url: str, root: str, many: bool) -> str:
    """The mirrored path of ``url`` found under ``root`` (prefixed with the root's name when several)."""
    inner = url[len(root) :].lstrip("/") if url.startswith(root) else posixpath.basename(url)
    if many:
        name = posixpath.basename(root.rstrip("/")) or "root"
        return f"{name}/{inner}"
    return inner or posixpath.basename(url)
