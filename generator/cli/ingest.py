"""Command layer for ingest: `ingest` (seeds → briefs) and `extract` (one seed, nothing written)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..config.site import load_config
from ..errors import BriefingError, plural
from .options import config_option


@click.command()
@config_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace briefs an editor changed (a .bak copy is kept).")
@click.option("--register", is_flag=True, help="Write registry stubs for people, places and organizations found.")
def ingest(config_path: Path, paths: tuple[Path, ...], force: bool, register: bool) -> None:
    """Turn seeds (default: the seeds folder) into briefs in content/briefs/."""
    from ..ingest.report import print_report
    from ..ingest.run import ingest as run_ingest

    config = load_config(config_path)
    progress = None
    if sys.stderr.isatty():

        def progress(seeds: Any) -> Any:
            seeds = list(seeds)
            if len(seeds) < 10:
                return seeds
            return click.progressbar(seeds, label="Ingesting", file=sys.stderr, item_show_func=_seed_name)

    report = run_ingest(config, paths, force=force, register=register, progress=_entered(progress))
    print_report(report)
    if report.failed:
        raise BriefingError(f"{plural(report.count('failed'), 'seed')} could not be ingested; the others were")


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
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(brief_text(result, config), nl=False)
    for warning in result.warnings:
        click.echo(f"{file}: warning: {warning}", err=True)


def _seed_name(path: Path | None) -> str:
    return path.name if path is not None else ""


def _entered(progress: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """click's progressbar is a context manager; run the whole iteration inside it."""
    if progress is None:
        return None

    def run(seeds: Any) -> Any:
        bar = progress(seeds)
        if isinstance(bar, list):
            yield from bar
            return
        with bar as items:
            yield from items

    return run
