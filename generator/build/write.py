"""Write stage: collect rendered files, refuse collisions and escapes, then swap the new site in atomically."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import subprocess
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ..errors import BuildError, Problems
from ..files import write_problem

# A marker in every built site: we only ever replace a folder that we built ourselves, so
# `--output ~` or `--output .` can never wipe a user's files.
MARKER = ".briefing"
MARKER_TEXT = b"This folder is written by briefing build; it is replaced on every build.\n"
# The build cache's folder for the site the last swap took out: the next build stages in it (staged).
SPARE = "previous-site"

# One relative path of segments that are not "", "." or "..", hold no control character, backslash
# or character Windows forbids in names, and are at most 255 characters long. A single compiled
# expression: this is checked for every file of the site.
_SEGMENT = r"(?!\.{1,2}(?:/|$))[^\x00-\x1f\\:*?\"<>|/]{1,255}"
_SAFE_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")


# No page or static file of a site lies this deep: deeper paths only come from a hostile tree, and
# every system limits how long a path may be.
MAX_DEPTH = 32
MAX_PATH = 1024


def safe_path(path: str) -> str | None:
    """path if it is a clean relative POSIX path inside the output folder, else None."""
    return path if _SAFE_PATH.fullmatch(path) else None


class Output:
    """Every file of the site, in memory, with the input it came from."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.origins: dict[str, str] = {}
        self.problems = Problems()

    def claim(self, path: str, origin: str) -> str | None:
        """Reserve path for origin: the clean path, or None (with a problem) if it is unsafe or taken."""
        clean = safe_path(path)
        if clean is None:
            self.problems.error(
                origin, None, None, f"refusing to write {path!r}: it would land outside the output folder"
            )
            return None
        if clean.count("/") >= MAX_DEPTH or len(clean) > MAX_PATH:
            self.problems.error(
                origin,
                None,
                None,
                f"refusing to write {clean[:60]!r}…: {clean.count('/') + 1} folders deep and {len(clean)} characters "
                f"long (at most {MAX_DEPTH} and {MAX_PATH})",
                "move the file nearer the top of its folder",
            )
            return None
        if clean in self.origins:
            self.problems.error(
                origin,
                None,
                None,
                f"{clean} would be written twice: by {self.origins[clean]} and by {origin}",
                "change a slug, a permalink or a static file name so each page has its own URL",
            )
            return None
        self.origins[clean] = origin
        return clean

    def add(self, path: str, data: bytes | str, origin: str) -> None:
        clean = self.claim(path, origin)
        if clean is not None:
            self.files[clean] = data.encode("utf-8") if isinstance(data, str) else data


def check_output_folder(output: Path, protected: list[Path], sources: Sequence[Path] = ()) -> None:
    """Refuse output folders that hold the site's sources, that lie inside them (seeds/, content/, a
    theme: the next ingest or build would read the built pages back), or that we did not create."""
    resolved = output.resolve()
    for folder in protected:
        folder = folder.resolve()
        if resolved == folder or resolved in folder.parents:
            raise BuildError(
                f"refusing to build into {output}: it contains {folder}",
                hint="choose an output folder of its own, e.g. --output public",
            )
    for folder in sources:
        real = folder.resolve()
        if resolved == real or resolved.is_relative_to(real):
            raise BuildError(
                f"refusing to build into {output}: it is inside {folder}, which the site is made from",
                hint="choose an output folder outside the sources, e.g. --output public",
            )
    if resolved.exists() and not resolved.is_dir():
        raise BuildError(f"output {output} exists and is not a folder", hint="remove it or choose another --output")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise BuildError(
            f"refusing to replace {output}: it holds files that briefing did not write",
            hint="empty that folder or choose another --output",
        )


class Stage(NamedTuple):
    folder: Path  # where the new site is written
    kept: set[str]  # files of keep already there (a spare's): they need no link


@contextmanager
def staged(output: Path, spare: Path | None = None, keep: Collection[str] = ()) -> Iterator[Stage]:
    """A staging folder beside output that replaces it when the block ends without an error.

    A build that fails or is killed before the swap leaves the previous site untouched; the swap
    itself is one atomic renameat2(RENAME_EXCHANGE) where the kernel has it.

    With spare (a folder of the build cache), the site the swap takes out is kept there rather
    than deleted, and the next build stages in it (see reuse): most of its files are the live
    site's own, so the next build makes none of its folders and links only what is not there.
    keep: the files the build will link from the live site.
    """
    output = output.resolve()
    staging = output.parent / f".{output.name}.briefing-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    with writing(output):
        output.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(output)
        reused = bool(keep) and _moved(spare, staging)
        if not reused:
            if spare is not None and spare.is_dir() and not spare.is_symlink():
                _remove(spare)  # nothing to keep (a first or full build): removed aside, as a swapped-out site
            staging.mkdir()
    swapped = False
    try:
        yield Stage(staging, reuse(staging, output, set(keep)) if reused else set())
        with writing(output):
            (staging / MARKER).write_bytes(MARKER_TEXT)
            swapped = _swap(staging, output)
    finally:
        if staging.exists() and not (swapped and _moved(staging, spare)):
            _remove(staging)


def _moved(source: Path | None, target: Path | None) -> bool:
    """source renamed to target, if both are given, source is a folder and target is free (the
    same file system: a spare in a cache on another disk is never used)."""
    if source is None or target is None or not source.is_dir() or source.is_symlink():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
    except OSError:
        return False
    return True


def reuse(folder: str | Path, live: str | Path, keep: set[str]) -> set[str]:
    """Make a staging folder that is an earlier site hold only the files of keep that are the live
    site's own files (the same inode: hard-linked between the two by an earlier build), and nothing
    else; the paths kept.

    Every other file is unlinked, never written to: a file shared with the live site is only ever
    replaced, so the live site stays as it was until the swap. Folders left empty are removed.
    """
    base, origin = str(folder), str(live)
    kept: set[str] = set()
    alive: set[str] = set()  # folders (relative) that still hold something
    with writing(folder):
        for root, dirs, names in os.walk(base, topdown=False):
            rel_root = os.path.relpath(root, base)
            prefix = "" if rel_root == "." else rel_root + "/"
            holds = False
            for name in names:
                rel = prefix + name
                path = os.path.join(root, name)
                if rel in keep and same_file(path, os.path.join(origin, rel)):
                    kept.add(rel)
                    holds = True
                else:
                    os.unlink(path)
            for name in dirs:
                if os.path.islink(os.path.join(root, name)):
                    os.unlink(os.path.join(root, name))  # never made by a build; not followed
                elif prefix + name in alive:
                    holds = True
            if holds:
                alive.add(rel_root)
            elif root != base:
                os.rmdir(root)
    return kept


def same_file(a: str, b: str) -> bool:
    try:
        first, second = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return stat.S_ISREG(first.st_mode) and (first.st_ino, first.st_dev) == (second.st_ino, second.st_dev)


@contextmanager
def writing(output: Path | str) -> Iterator[None]:
    """A failed write (full disk, read-only folder) as a message, not as a bug: the previous site stays."""
    try:
        yield
    except OSError as exc:
        reason, hint = write_problem(exc)
        folder = Path(output)
        staging = re.fullmatch(r"\.(.+)\.briefing-\d+-\w+", folder.name)
        shown = folder.with_name(staging.group(1)) if staging else folder  # the staging folder's output
        raise BuildError(
            f"cannot write the site into {shown}: {reason}; the previous site is left as it was", hint=hint
        ) from None


def write_files(folder: str | Path, files: dict[str, bytes]) -> None:
    """Write relative paths (already checked by safe_path) under folder; plain strings are
    noticeably faster than Path objects for tens of thousands of files."""
    with writing(folder):
        for rel, target in _targets(folder, sorted(files)):
            with open(target, "wb") as fh:
                fh.write(files[rel])


def link_files(source: str | Path, folder: str | Path, paths: list[str]) -> None:
    """Hard-link unchanged files from the previous site into the staging folder (copy if linking fails).

    A link shares the file, not a copy of it: the previous tree is left as it was until the swap,
    and the next build sees the same size and mtime, so it can link it again.
    """
    origin = str(source)
    with writing(folder):
        for rel, target in _targets(folder, paths):
            try:
                os.link(os.path.join(origin, rel), target)
            except OSError:
                shutil.copy2(os.path.join(origin, rel), target)


def _targets(folder: str | Path, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(relative path, folder/path) for each path, with its parent folder made (once)."""
    base = str(folder)
    made: set[str] = {base}
    for rel in paths:
        target = os.path.join(base, rel)
        parent = os.path.dirname(target)
        if parent not in made:
            _make_folder(parent)
            made.add(parent)
        yield rel, target


def _make_folder(folder: str) -> None:
    """os.makedirs(folder, exist_ok=True), in one system call when the parent is there (most
    folders of a site: each brief page has its own)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def _swap(staging: Path, output: Path) -> bool:
    """staging made the output; True when staging now holds the previous site (swapped atomically)."""
    if not output.exists():
        staging.rename(output)
        return False
    if _exchange(staging, output):
        return True  # the caller keeps the previous site as the spare, or removes it
    previous = output.parent / f".{output.name}.briefing-old-{uuid.uuid4().hex[:8]}"
    output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
    return False


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


# Deleting a big site's previous tree takes seconds on slow disks; past this many files it is
# left to a background process (the folder is hidden, and the next build removes any leftover).
_BACKGROUND_REMOVAL = 5000


def _remove(folder: Path) -> None:
    count = 0
    for _, _, files in os.walk(folder):
        count += len(files)
        if count > _BACKGROUND_REMOVAL:
            break
    if count > _BACKGROUND_REMOVAL and shutil.which("rm"):
        old = folder.with_name(folder.name.replace(".briefing-", ".briefing-old-", 1))
        try:
            folder.rename(old)
            subprocess.Popen(  # fixed arguments: rm on our own hidden folder
                ["rm", "-rf", "--", str(old)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return
        except OSError:
            folder = old if old.exists() else folder
    shutil.rmtree(folder, ignore_errors=True)


def listing(folder: str | Path) -> set[str]:
    """Every file under folder (relative POSIX paths; links and other non-folders count as files)."""
    base = str(folder)
    found: set[str] = set()
    for root, _, names in os.walk(base):
        rel = os.path.relpath(root, base)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def holds(output: str | Path, files: dict[str, bytes]) -> bool:
    """output's files at these paths have these bytes (regular files, not links)."""
    base = str(output)
    for rel, data in files.items():
        path = os.path.join(base, rel)
        try:
            if os.path.islink(path) or os.path.getsize(path) != len(data):
                return False
            with open(path, "rb") as fh:
                if fh.read() != data:
                    return False
        except OSError:
            return False
    return True


def _remove_stale_staging(output: Path) -> None:
    """Remove staging folders left by builds that were killed, unless their process still runs."""
    for leftover in output.parent.glob(f".{output.name}.briefing-*"):
        match = re.match(r".*\.briefing-(\d+)-", leftover.name)
        if match and match.group(1) != str(os.getpid()) and _alive(int(match.group(1))):
            continue
        _remove(leftover)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
