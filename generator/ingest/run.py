"""Ingest stage, the run: every seed through extract and the writer; one bad seed never stops the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..config.site import Config
from ..content.loader import BRIEFS_DIR
from ..content.registry import load_registry
from ..errors import Problems
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

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return self.count(FAILED) > 0


# --- the run ----------------------------------------------------------------------------


def discover(paths: Sequence[Path], config: Config) -> list[Path]:
    """Seeds under the given paths (default: the seeds folder), sorted; sidecars are not seeds."""
    roots = list(paths) or [config.seeds]
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(p for p in sorted(root.rglob("*")) if p.is_file() and is_seed(p))
        else:
            found.append(root)  # named explicitly: try it whatever its extension
    return sorted(dict.fromkeys(p.resolve() for p in found))


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
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(config.content / MANIFEST)
    by_seed = briefs_by_seed(folder)
    report = Report()
    seeds = discover(paths, config)
    present = [p for p in seeds if p.exists()]
    landed: dict[Path, Outcome] = {}
    with progress(len(present)) if progress else nullcontext(None) as done:
        for result in extract_all(present, config, registry, today, workers, done):
            landed[result.path] = _land(result, config, manifest, by_seed, force, report)
    for path in seeds:
        report.outcomes.append(landed.get(path) or Outcome(config.relative(path), FAILED, message="no such file"))
    manifest.save()
    if register:
        report.registered_stubs = write_stubs(config, report.unregistered)
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
    folder = config.content / BRIEFS_DIR
    recorded = manifest.entries.get(x.seed)
    existing = _existing(config, recorded, by_seed.get(x.seed))
    if existing is None and recorded is not None and not force:
        return Outcome(
            shown, KEPT, recorded["brief"], "its brief was deleted; --force writes it again", None, x.warnings
        )
    if existing is None:
        target = _free_name(folder, brief_name(x), by_seed)
        write_atomic(target, text)
        by_seed[x.seed] = target
        manifest.entries[x.seed] = {"brief": config.relative(target), "sha256": sha(text)}
        return Outcome(shown, NEW, config.relative(target), warnings=x.warnings)
    current = existing.read_text(encoding="utf-8", errors="replace")
    entry = {"brief": config.relative(existing), "sha256": sha(text)}
    if current == text:
        manifest.entries[x.seed] = entry
        return Outcome(shown, UNCHANGED, config.relative(existing), warnings=x.warnings)
    ours = recorded is not None and recorded.get("sha256") == sha(current)
    if not ours and not force:
        return Outcome(
            shown,
            KEPT,
            config.relative(existing),
            "edited since it was ingested",
            "--force replaces it (keeping a backup)",
            x.warnings,
        )
    status = UPDATED
    if not ours:
        backup = existing.with_name(f"{existing.name}.{dt.datetime.now():%Y%m%d-%H%M%S}.bak")
        backup.write_text(current, encoding="utf-8")
        status = REPLACED
    write_atomic(existing, text)
    manifest.entries[x.seed] = entry
    return Outcome(shown, status, config.relative(existing), warnings=x.warnings)


def _existing(config: Config, recorded: dict[str, str] | None, named: Path | None) -> Path | None:
    if recorded is not None:
        path = config.root / recorded.get("brief", "")
        if path.is_file():
            return path
    return named if named is not None and named.is_file() else None


def _free_name(folder: Path, name: str, by_seed: dict[str, Path]) -> Path:
    """name, or name-2, name-3… when another seed's (or an editor's) brief has it."""
    taken = set(by_seed.values())
    stem = name.removesuffix(".md")
    candidate, number = folder / name, 1
    while candidate.exists() or candidate in taken:
        number += 1
        candidate = folder / f"{stem}-{number}.md"
    return candidate
