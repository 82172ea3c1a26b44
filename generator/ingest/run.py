"""Ingest stage, the run: every seed through extract and the writer; one bad seed never stops the others."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..build.write import MARKER
from ..config.site import Config
from ..content.loader import BRIEFS_DIR, MAX_FILE_BYTES, content_area
from ..content.registry import load_registry
from ..errors import BriefingError, Problems
from ..files import Refused, create_new, read_bytes, walk, write_problem
from .entities import EntityType
from .ledger import MANIFEST, Manifest, briefs_by_seed, sha
from .pool import Extracted, extract_all
from .seeds import is_seed
from .writer import brief_name, brief_text, write_atomic, write_stubs

NEW, UPDATED, UNCHANGED, KEPT, REPLACED, FAILED = "new", "updated", "unchanged", "kept", "replaced", "failed"


@dataclass
class Outcome:
    seed: str
    status: str  # one of NEW, UPDATED, UNCHANGED, KEPT, REPLACED, FAILED
    brief: str = ""  # brief path relative to the site root
    message: str = ""  # why a seed failed or a brief was kept
    hint: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    # Entities found in the text but not in the registry: type → name → number of briefs.
    unregistered: dict[EntityType, dict[str, int]] = field(default_factory=dict)
    registered_stubs: list[str] = field(default_factory=list)  # registry files --register wrote
    errors: list[str] = field(default_factory=list)  # what failed beside the seeds (the ledger, a stub)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return self.count(FAILED) > 0 or bool(self.errors)


# --- the run ----------------------------------------------------------------------------


def discover(paths: Sequence[Path], config: Config) -> list[Path]:
    """Seeds under the given paths (default: the seeds folder), sorted; sidecars are not seeds.

    Paths are kept as they are found, links unresolved: reading a seed checks where it leads
    (seeds.read_seed). Anything with a seed's name that is not a folder is listed, so that a pipe
    or a link out of the site is reported rather than skipped in silence."""
    roots = list(paths) or [config.seeds]
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(_seeds_under(root))
        else:
            found.append(root)  # named explicitly: try it whatever its extension
    return sorted(dict.fromkeys(Path(os.path.abspath(p)) for p in found))  # noqa: PTH100 - links kept


def _seeds_under(root: Path) -> list[Path]:
    """Seed files under root, links to folders not followed, hidden folders skipped, and no built
    site's pages: a folder holding the build's marker is output (an older build into seeds/)."""

    def keep(folder: Path, names: list[str]) -> bool:
        return not folder.name.startswith(".") and MARKER not in names

    return [p for p in walk(root, keep) if is_seed(p)]


# Told the number of seeds, gives a context in which a callback is told of each seed extracted.
Progress = Callable[[int], AbstractContextManager[Callable[[Path], None]]]


def ingest(
    config: Config,
    paths: Sequence[Path] = (),
    force: bool = False,
    register: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> Report:
    """Turn seeds into briefs. One bad seed never stops the others; see Report for what happened.

    Seeds are extracted by ``workers`` processes; briefs are written here, in seed order, so
    the result is the same for any number of workers."""
    problems = Problems()
    registry = load_registry(config, problems)
    folder = config.content / BRIEFS_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason, hint = write_problem(exc)
        raise BriefingError(f"cannot make {config.relative(folder)}/: {reason}", hint=hint) from None
    manifest = Manifest(config)
    by_seed = briefs_by_seed(config)
    report = Report()
    seeds = discover(paths, config)
    present = [p for p in seeds if p.exists() or p.is_symlink()]
    landed: dict[Path, Outcome] = {}
    with progress(len(present)) if progress else nullcontext(None) as done:
        for result in extract_all(present, config, registry, today, workers, done):
            landed[result.path] = _land(result, config, manifest, by_seed, force, report)
    for path in seeds:
        report.outcomes.append(landed.get(path) or Outcome(config.relative(path), FAILED, message="no such file"))
    try:
        manifest.save()
    except Refused as exc:
        report.errors.append(f"{config.relative(manifest.path)} {exc.message}")
    except OSError as exc:
        reason, hint = write_problem(exc)
        report.errors.append(
            f"cannot write {config.relative(manifest.path)}: {reason}" + (f" (hint: {hint})" if hint else "")
        )
    if register:
        report.registered_stubs, failed = write_stubs(config, report.unregistered)
        report.errors.extend(failed)
    return report


def _land(
    result: Extracted,
    config: Config,
    manifest: Manifest,
    by_seed: dict[str, Path],
    force: bool,
    report: Report,
) -> Outcome:
    """Write one seed's brief unless an editor's work is in the way."""
    shown = config.relative(result.path)
    x = result.extraction
    if x is None:
        return Outcome(shown, FAILED, message=result.message, hint=result.hint)
    for entity in x.entities:
        if not entity.registered:
            names = report.unregistered.setdefault(entity.type, {})
            names[entity.name] = names.get(entity.name, 0) + 1
    text = brief_text(x, config)
    data = text.encode("utf-8")
    folder = config.content / BRIEFS_DIR
    warnings = list(x.warnings)
    if x.seed in manifest.ignored:
        warnings.append(f"{MANIFEST} named a brief outside content/briefs/ for this seed; that entry was ignored")
    recorded = manifest.entries.get(x.seed)
    existing = _existing(manifest, recorded, by_seed.get(x.seed))
    if existing is None and recorded is not None and not force:
        return Outcome(shown, KEPT, recorded["brief"], "its brief was deleted; --force writes it again", None, warnings)
    target = existing or _free_name(folder, brief_name(x), by_seed)
    try:
        if existing is None:
            write_atomic(target, text, config)
            by_seed[x.seed] = target
            manifest.entries[x.seed] = {"brief": config.relative(target), "sha256": sha(text)}
            return Outcome(shown, NEW, config.relative(target), warnings=warnings)
        # Bytes, not text: an editor's file in another encoding is compared, and kept, exactly.
        current = read_bytes(existing, content_area(config), MAX_FILE_BYTES, "briefs")
        entry = {"brief": config.relative(existing), "sha256": sha(text)}
        if current == data:
            manifest.entries[x.seed] = entry
            return Outcome(shown, UNCHANGED, config.relative(existing), warnings=warnings)
        ours = recorded is not None and recorded.get("sha256") == hashlib.sha256(current).hexdigest()
        if not ours and not force:
            return Outcome(
                shown,
                KEPT,
                config.relative(existing),
                "edited since it was ingested",
                "--force replaces it (keeping a backup)",
                warnings,
            )
        status = UPDATED
        if not ours:
            _back_up(existing, current)
            status = REPLACED
        write_atomic(existing, text, config)
    except Refused as exc:
        return Outcome(shown, FAILED, config.relative(target), exc.message, exc.hint, warnings)
    except OSError as exc:
        reason, hint = write_problem(exc)
        return Outcome(shown, FAILED, config.relative(target), f"cannot write it: {reason}", hint, warnings)
    manifest.entries[x.seed] = entry
    return Outcome(shown, status, config.relative(existing), warnings=warnings)


def _back_up(brief: Path, current: bytes) -> None:
    """The editor's file, byte for byte, as NAME.md.YYYYmmdd-HHMMSS.bak (-2, -3… if that is taken)."""
    stem = f"{brief.name}.{dt.datetime.now():%Y%m%d-%H%M%S}"
    for number in range(1, 100):
        backup = brief.with_name(f"{stem}.bak" if number == 1 else f"{stem}-{number}.bak")
        try:
            create_new(backup, current)
            return
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "too many backups of this brief this second", str(brief))


def _existing(manifest: Manifest, recorded: dict[str, str] | None, named: Path | None) -> Path | None:
    if recorded is not None:
        path = manifest.brief_path(recorded.get("brief", ""))
        if path is not None and (path.is_file() or path.is_symlink()):
            return path
    return named if named is not None and (named.is_file() or named.is_symlink()) else None


def _free_name(folder: Path, name: str, by_seed: dict[str, Path]) -> Path:
    """name, or name-2, name-3… when another seed's (or an editor's) brief has it."""
    taken = set(by_seed.values())
    stem = name.removesuffix(".md")
    candidate, number = folder / name, 1
    while candidate.exists() or candidate.is_symlink() or candidate in taken:
        number += 1
        candidate = folder / f"{stem}-{number}.md"
    return candidate
