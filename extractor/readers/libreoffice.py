"""Converting a file with LibreOffice (``soffice --headless --convert-to``): the .doc reader's fallback.

Whatever becomes of a conversion, nothing of it is left behind (docs/limits.md):

- soffice runs in a session (process group) of its own: the launcher, oosplash and soffice.bin are
  killed together, when the conversion runs past :data:`CONVERT_TIMEOUT` and when the wait for it ends
  any other way (an exception, ``check --timeout``'s alarm, Ctrl-C), and any of them still there after
  a conversion that finished is killed too;
- where coreutils' ``timeout`` is installed, soffice runs under ``timeout -s KILL``, which kills the
  group a little after :data:`CONVERT_TIMEOUT` even when this process was killed first (an audit worker
  past its time for the file) and could not;
- the conversion's temporary folder (``hetong-lo-PID-…``) is removed on every way out, and the private
  profile (``hetong-lo-profile-PID-…``, one per process) at exit and after a conversion that had to be
  killed (it may be left locked); folders whose process died without removing them (killed) are removed
  by the next conversion.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .caps import DEFAULT_CAPS

#: seconds a conversion may take by default (``Caps.convert_seconds``, ``--max-convert-seconds``); one takes
#: ~2 s (the first, which creates the profile, a bit more)
CONVERT_TIMEOUT = DEFAULT_CAPS.convert_seconds
#: how much later than CONVERT_TIMEOUT ``timeout`` kills the group, should this process not be there to
TIMEOUT_BACKSTOP = 10
#: the name of every folder a conversion makes, followed by the process id
TEMP_PREFIX = "hetong-lo-"


class ConversionFailed(Exception):
    """LibreOffice could not convert the file (message is one line)."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_profile: tuple[int, str] | None = None
_convert_lock = threading.Lock()


def _profile_dir() -> str:
    """One private LibreOffice profile per process: concurrent soffice runs must not share one."""
    global _profile
    if _profile is None or _profile[0] != os.getpid():
        path = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}profile-{os.getpid()}-")
        atexit.register(shutil.rmtree, path, True)
        _profile = (os.getpid(), path)
    return _profile[1]


def _drop_profile() -> None:
    """Remove this process's profile: the next conversion makes a fresh one."""
    global _profile
    if _profile is not None and _profile[0] == os.getpid():
        shutil.rmtree(_profile[1], ignore_errors=True)
    _profile = None


def convert_with_libreoffice(
    data: bytes, suffix: str, target: str = "docx", *, timeout: float | None = None
) -> bytes:
    """Convert ``data`` (a file with extension ``suffix``) with LibreOffice within ``timeout`` seconds
    (default :data:`CONVERT_TIMEOUT`); return the bytes of the result."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionFailed("LibreOffice (soffice) is not installed")
    remove_stale_folders()
    prefix = f"{TEMP_PREFIX}{os.getpid()}-"
    with tempfile.TemporaryDirectory(prefix=prefix, ignore_cleanup_errors=True) as tmp:
        src = Path(tmp) / f"in.{suffix}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        with _convert_lock:  # one profile per process: conversions in threads take turns
            cmd = [
                soffice,
                f"-env:UserInstallation={Path(_profile_dir()).as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(src),
            ]
            run_soffice(cmd, CONVERT_TIMEOUT if timeout is None else timeout)
        result = out / f"in.{target}"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionFailed("LibreOffice could not convert the file")
        return result.read_bytes()


def run_soffice(cmd: list[str], timeout: float) -> None:
    """Run ``cmd`` in a process group of its own for at most ``timeout`` seconds; the group is killed on
    the way out, however the wait ends."""
    backstop = shutil.which("timeout")
    if backstop is not None:
        cmd = [backstop, "-s", "KILL", str(round(timeout + TIMEOUT_BACKSTOP, 3)), *cmd]
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise ConversionFailed(f"LibreOffice could not start ({exc.strerror or exc})") from None
    finished = False
    try:
        proc.wait(timeout=timeout)
        finished = True
    except subprocess.TimeoutExpired:
        raise ConversionFailed(
            f"LibreOffice did not finish within {timeout:g} s (raise it with --max-convert-seconds)"
        ) from None
    finally:
        _kill_group(proc)
        if not finished:
            _drop_profile()  # killed mid-way: it may be locked or half written


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process group led by ``proc`` (nothing happens to a group that is gone) and reap
    ``proc``. A killed process still in a system call may finish it: a file it writes into the
    conversion's folder then is left, and the folder with it, until a later conversion removes it."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    else:  # Windows: no process groups
        with contextlib.suppress(OSError):
            proc.kill()
    proc.wait()


def remove_stale_folders() -> None:
    """Remove the conversion folders and profiles in the temporary folder whose process is gone (it was
    killed before it could remove them). POSIX only: elsewhere a process id cannot be asked safely."""
    if os.name != "posix":
        return
    root = tempfile.gettempdir()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        if not name.startswith(TEMP_PREFIX):
            continue
        rest = name[len(TEMP_PREFIX) :].removeprefix("profile-")
        pid = rest.split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        path = os.path.join(root, name)
        with contextlib.suppress(OSError):
            if os.stat(path, follow_symlinks=False).st_uid == os.getuid():
                shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True
