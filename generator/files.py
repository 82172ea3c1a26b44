"""Files for every stage: only regular files, read with a bound, never through a link out of the site.

Every reader of a site's files (site.yml, briefs and registry entries, seeds and sidecars, the
ingest ledger, templates, static files, the build cache's theme key, the dev server) goes through
read_bytes() with the Area it reads from. A file is opened without blocking (a FIFO cannot hang the
reader), checked on the opened descriptor (a regular file, and really inside its area: a file
swapped for a link after it was listed is still caught), and read up to a limit. Writes go through
write_atomic() (a fresh temporary file, never an existing link, removed when the write fails) and
create_new(). No stage imports: the stages import this.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import BriefingError

MB = 1024 * 1024

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_PROC_FD = Path("/proc/self/fd")


class Refused(BriefingError):
    """A file that is not read: not a regular file, too large, or reached through a link out of its area."""


@dataclass(frozen=True)
class Area:
    """A folder files are read from (content/, seeds/, a static or templates folder, a theme).

    Its real path is taken when the Area is made; every file read from it must really lie inside
    that path. `inside` says whether the folder itself lies in the site (a folder that is a link
    out of the site is not read at all); a built-in theme is an area of its own.
    """

    folder: Path
    real: str  # the folder's real path
    inside: bool  # the real path lies in the site's root (always true for a trusted root)
    shown: str  # how messages name the folder, e.g. "content/"

    def holds(self, real: str) -> bool:
        return real == self.real or real.startswith(self.real + os.sep)


def area(folder: Path, root: Path | None, shown: str | None = None) -> Area:
    """The area of folder, which must lie in root (None: folder is a root of its own, e.g. a built-in theme)."""
    real = os.path.realpath(folder)
    name = shown or (folder.name + "/")
    if root is None:
        return Area(folder, real, True, name)
    base = os.path.realpath(root)
    return Area(folder, real, real == base or real.startswith(base + os.sep), name)


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse_kind(mode: int) -> Refused:
    what = kind_of(mode)
    return Refused(
        f"is {what}, not a regular file; it was not read" if what != "not a regular file" else f"is {what}",
        hint="only ordinary files are read; remove it or replace it with a file",
    )


def _refuse_link(where: Area) -> Refused:
    return Refused(
        f"is a link to a file outside {where.shown}; it was not read",
        hint=f"copy the file into {where.shown} instead of linking to it",
    )


def refuse_folder(where: Area) -> Refused:
    return Refused(
        f"{where.shown} is a link to a folder outside the site; nothing in it was read",
        hint="copy the folder into the site instead of linking to it",
    )


def real_path_of(fd: int, path: Path) -> str:
    """The real path of an open file: from the descriptor itself where the system says (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            return str((_PROC_FD / str(fd)).readlink())
    return os.path.realpath(path)


@contextlib.contextmanager
def opened(path: Path, where: Area | None) -> Iterator[tuple[BinaryIO, int]]:
    """(binary file, size) of a regular file inside where; Refused or OSError otherwise.

    The file's type is looked at before opening (a device is never opened) and again on the
    descriptor, with its real path: what was checked is what is read.
    """
    if where is not None and not where.inside:
        raise refuse_folder(where)
    before = path.stat()
    if not stat.S_ISREG(before.st_mode):
        raise _refuse_kind(before.st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refuse_kind(st.st_mode)
        if where is not None and not where.holds(real_path_of(fd, path)):
            raise _refuse_link(where)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle, st.st_size


def too_large(size: int, limit: int, what: str) -> Refused:
    return Refused(
        f"too large ({size // MB} MB; {what} are limited to {limit // MB} MB)"
        if size >= MB
        else f"too large ({size} bytes; {what} are limited to {limit} bytes)",
        hint="save just the article page" if what == "seeds" else "split it or keep only what the site needs",
    )


def read_bytes(path: Path, where: Area | None, limit: int, what: str = "files") -> bytes:
    """A regular file's bytes, at most limit of them (Refused past that), never through a link out of where."""
    with opened(path, where) as (handle, size):
        if size > limit:
            raise too_large(size, limit, what)
        # What fstat says and a byte more (asking for limit + 1 at once allocates that much for
        # every file); the file may have grown since, so the rest is read up to the limit.
        data = handle.read(size + 1)
        if len(data) > size:
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise too_large(len(data), limit, what)
    return data


def read_head(path: Path, where: Area | None, count: int) -> bytes:
    """The first count bytes of a regular file inside where (for a quick look at a large file)."""
    with opened(path, where) as (handle, _):
        return handle.read(count)


def is_regular(path: Path) -> bool:
    """path is (or links to) a regular file now; a listing's test, checked again when read."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def walk(folder: Path, keep: Callable[[Path, list[str]], bool] | None = None) -> list[Path]:
    """Everything under folder that is not a folder (files, links to files, pipes), sorted as Path sorts.

    Links to folders are not followed, and the walk keeps its own stack: a tree 2,000 folders deep
    is walked, not a RecursionError (os.walk and Path.rglob recurse). keep(folder, names) says
    whether to go into a folder (names: what it holds).
    """
    found: list[str] = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as scan:
                entries = list(scan)
        except OSError:
            continue  # gone, or not readable: nothing of it is listed
        if keep is not None and current != str(folder) and not keep(Path(current), [e.name for e in entries]):
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_folder:
                stack.append(entry.path)
            elif not entry.is_dir():  # a link to a folder is neither followed nor listed
                found.append(entry.path)
    return [Path(p) for p in sorted(found, key=lambda name: name.split(os.sep))]  # noqa: PTH206 - strings are faster


# --- writing --------------------------------------------------------------------------------


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def write_atomic(path: Path, data: bytes, where: Area | None = None) -> None:
    """Write through a new temporary file beside path and a rename, so a file is never half-written.

    The temporary file is made afresh (never an existing name, so never through a planted link)
    and removed if anything fails: a full disk leaves the old file and nothing else. With where,
    the folder must really lie inside it.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if where is not None:
        if not where.inside:
            raise refuse_folder(where)
        if not where.holds(os.path.realpath(folder)):
            raise Refused(
                f"{folder.name}/ is a link to a folder outside {where.shown}; nothing was written there",
                hint="replace the link with a folder of its own",
            )
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(data)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def create_new(path: Path, data: bytes) -> None:
    """Write data to a file that must not exist yet (never through a link); nothing is left if it fails."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


# Why a write failed, in words a person can act on.
_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run it again",
    errno.EDQUOT: "your disk quota is used up: free some space and run it again",
    errno.EROFS: "that folder is on a read-only file system: choose a writable one",
    errno.EACCES: "you have no permission to write there",
    errno.EPERM: "you have no permission to write there",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EIO: "the disk reported an input/output error",
}


def write_problem(exc: OSError) -> tuple[str, str | None]:
    """(reason, hint) for a failed write: 'No space left on device', 'the disk is full: …'."""
    reason = exc.strerror or type(exc).__name__
    return reason, _WRITE_HINTS.get(exc.errno or 0)
