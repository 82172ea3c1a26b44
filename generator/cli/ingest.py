"""Command layer for ingest: `ingest` (seeds → briefs) and `extract` (one seed, nothing written)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from ..config.site import load_config
from ..errors import BriefingError, plural
from ..terminal import echo, json_text, printable
from .options import config_option


@click.command()
@config_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace briefs an editor changed (a .bak copy is kept).")
@click.option("--register", is_flag=True, help="Write registry stubs for people, places and organizations found.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Seeds extracted at once, each in its own process [default: the number of cores].",
)
def ingest(config_path: Path, paths: tuple[Path, ...], force: bool, register: bool, jobs: int | None) -> None:
    """Turn seeds (default: the seeds folder) into briefs in content/briefs/."""
    from ..ingest.report import print_report
    from ..ingest.run import ingest as run_ingest
    from ..workers import default_jobs

    config = load_config(config_path)
    progress = _progress_bar if sys.stderr.isatty() else None
    report = run_ingest(
        config, paths, force=force, register=register, progress=progress, workers=jobs or default_jobs()
    )
    print_report(report)
    if report.count("failed"):
        raise BriefingError(f"{plural(report.count('failed'), 'seed')} could not be ingested; the others were")
    if report.errors:
        raise BriefingError(f"{plural(len(report.errors), 'file')} could not be written; the briefs were")


@contextlib.contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[Path], None]]:
    """A bar on the terminal's stderr while seeds are extracted (not for one or two seeds)."""
    if total < 3:
        yield lambda path: None
        return
    with click.progressbar(
        length=total, label="Ingesting", file=sys.stderr, item_show_func=_seed_name, show_pos=True
    ) as bar:
        yield lambda path: bar.update(1, path)


@click.command()
@config_option
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the brief.")
def extract(config_path: Path, file: Path, as_json: bool) -> None:
    """Show what ingest would make of FILE, without writing anything."""
    import json

    from ..config.site import default_config
    from ..content.registry import load_registry
    from ..errors import Problems, SeedError
    from ..ingest.extract import extract as run_extract
    from ..ingest.writer import brief_text

    config = load_config(config_path) if config_path.exists() else default_config(Path.cwd())
    registry = load_registry(config, Problems())
    try:
        result = run_extract(file.resolve(), config, registry)
    except SeedError as exc:
        raise BriefingError(f"{file}: {exc.message}", hint=exc.hint) from None
    if as_json:
        click.echo(json_text(json.dumps(result.to_json(), ensure_ascii=False, indent=2)))
        return
    echo(brief_text(result, config), nl=False)
    for warning in result.warnings:
        echo(f"{file}: warning: {warning}", err=True)


def _seed_name(path: Path | None) -> str:
    if path is None:
        return ""
    name = printable(path.name, one_line=True)
    return name if len(name) <= 30 else name[:14] + "…" + name[-15:]
