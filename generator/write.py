"""Write stage: collect rendered files, refuse collisions and escapes, then swap the new site in atomically."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import uuid
from pathlib import Path

from .errors import BuildError, Problems

# A marker in every built site: we only ever replace a folder that we built ourselves, so
# `--output ~` or `--output .` can never wipe a user's files.
MARKER = ".briefing"
MARKER_TEXT = b"This folder is written by briefing build; it is replaced on every build.\n"

_SEGMENT_FORBIDDEN = re.compile(r"[\x00-\x1f\\:*?\"<>|]")


def safe_path(path: str) -> str | None:
    """path if it is a clean relative POSIX path inside the output folder, else None."""
    if not path or path.startswith("/") or "\\" in path:
        return None
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", "..") or _SEGMENT_FORBIDDEN.search(part) or len(part) > 255:
            return None
    return path


class Output:
    """Every file of the site, in memory, with the input it came from."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.origins: dict[str, str] = {}
        self.problems = Problems()

    def add(self, path: str, data: bytes | str, origin: str) -> None:
        clean = safe_path(path)
        if clean is None:
            self.problems.error(
                origin, None, None, f"refusing to write {path!r}: it would land outside the output folder"
            )
            return
        if clean in self.files:
            self.problems.error(
                origin,
                None,
                None,
                f"{clean} would be written twice: by {self.origins[clean]} and by {origin}",
                "change a slug, a permalink or a static file name so each page has its own URL",
            )
            return
        self.files[clean] = data.encode("utf-8") if isinstance(data, str) else data
        self.origins[clean] = origin


def check_output_folder(output: Path, protected: list[Path]) -> None:
    """Refuse output folders that hold the site's sources or that we did not create."""
    resolved = output.resolve()
    for folder in protected:
        folder = folder.resolve()
        if resolved == folder or resolved in folder.parents:
            raise BuildError(
                f"refusing to build into {output}: it contains {folder}",
                hint="choose an output folder of its own, e.g. --output public",
            )
    if resolved.exists() and not resolved.is_dir():
        raise BuildError(f"output {output} exists and is not a folder", hint="remove it or choose another --output")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise BuildError(
            f"refusing to replace {output}: it holds files that briefing did not write",
            hint="empty that folder or choose another --output",
        )


def write_site(output: Path, files: dict[str, bytes]) -> None:
    """Write files into a staging folder beside output, then swap it in.

    A build that fails or is killed before the swap leaves the previous site untouched;
    the swap itself is one atomic renameat2(RENAME_EXCHANGE) where the kernel has it.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(output)
    staging = output.parent / f".{output.name}.briefing-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        made: set[Path] = {staging}
        for rel, data in sorted(files.items()):
            target = staging / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.update(target.parents)
            target.write_bytes(data)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        _swap(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    if _exchange(staging, output):
        return  # staging now holds the previous site; the caller removes it
    previous = output.parent / f".{output.name}.briefing-old-{uuid.uuid4().hex[:8]}"
    output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


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


def _remove_stale_staging(output: Path) -> None:
    """Remove staging folders left by builds that were killed, unless their process still runs."""
    for leftover in output.parent.glob(f".{output.name}.briefing-*"):
        match = re.match(r".*\.briefing-(\d+)-", leftover.name)
        if match and match.group(1) != str(os.getpid()) and _alive(int(match.group(1))):
            continue
        shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
