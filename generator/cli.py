"""Command layer: parses options, calls one stage, and turns every BriefingError into a message and exit 1."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .config import CONFIG_NAME, Config, load_config
from .errors import BriefingError, Problem, plural

F = TypeVar("F", bound=Callable[..., Any])


class BriefingGroup(click.Group):
    """The one place errors become messages: no tracebacks for anything a user can cause."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, where a closed pipe can still be met quietly
            return result
        except BriefingError as exc:
            click.echo(exc.format(), err=True)
            _quiet_flush()
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `briefing ingest | head`: the reader has what it wanted; stop as SIGPIPE would
            _stdout_to_devnull()
            sys.exit(141)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug in briefing, not the user's fault: say so plainly
            if os.environ.get("BRIEFING_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"Error: unexpected {type(exc).__name__}: {exc}\n"
                "This is a bug in briefing. Please report it with the command you ran "
                "(set BRIEFING_DEBUG=1 to see the traceback).",
                err=True,
            )
            sys.exit(1)


def _stdout_to_devnull() -> None:
    """After a closed pipe, point stdout at nothing so that the interpreter's last flush cannot fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _quiet_flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_to_devnull()


def config_option(func: F) -> F:
    return click.option(
        "--config",
        "-c",
        "config_path",
        type=click.Path(path_type=Path),
        default=CONFIG_NAME,
        show_default=True,
        help="Site configuration file.",
    )(func)


def selection_options(func: F) -> F:
    func = click.option("--strict", is_flag=True, help="Treat warnings as errors.")(func)
    func = click.option("--future", is_flag=True, help="Include briefs dated in the future.")(func)
    func = click.option("--drafts", is_flag=True, help="Include drafts (draft: true, or no date yet).")(func)
    return func


def print_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        click.echo(warning.format(), err=True)


@click.group(cls=BriefingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefing")
def main() -> None:
    """Briefing: turn collected news articles into a static briefing site.

    \b
    seeds/ → briefing ingest → content/ → briefing build → public/
    """


@main.command()
@config_option
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Output folder (default: site.yml output).")
@click.option("--base-url", help="Override site.yml base_url, e.g. https://user.github.io/repo/.")
@selection_options
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=0, help="Worker processes (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Render every page, ignoring and not updating the build cache.")
def build(
    config_path: Path,
    output: Path | None,
    base_url: str | None,
    drafts: bool,
    future: bool,
    strict: bool,
    quiet: bool,
    jobs: int,
    no_cache: bool,
) -> None:
    """Build the site from content/ into the output folder."""
    from .build import BuildOptions
    from .build import build as run_build
    from .workers import default_jobs

    config = load_config(config_path).with_overrides(output=output, base_url=base_url)
    options = BuildOptions(drafts=drafts, future=future, strict=strict, jobs=jobs or default_jobs(), cache=not no_cache)
    result = run_build(config, options)
    print_warnings(result.warnings)
    if not quiet:
        site = result.site
        terms = sum(len(i.terms) for i in site.taxonomies.values())
        unchanged = result.pages - result.rendered
        pages = f"{plural(result.rendered, 'page')} rendered" + (f", {unchanged} unchanged" if unchanged > 0 else "")
        click.echo(
            f"Built {plural(len(site.briefs), 'brief')}, {plural(terms, 'term')}, "
            f"{plural(result.files, 'file')} ({pages}) "
            f"into {_shown(config, config.output)} in {result.seconds:.2f} s."
        )


@main.command()
@config_option
@click.option("--base-url", help="Check links as if published at this URL.")
@selection_options
def check(config_path: Path, base_url: str | None, drafts: bool, future: bool, strict: bool) -> None:
    """Validate config and content, build in memory, and check every internal link and #anchor."""
    from .build import BuildOptions, render
    from .check import check_links

    config = load_config(config_path).with_overrides(base_url=base_url)
    result = render(config, BuildOptions(drafts=drafts, future=future, strict=strict))
    print_warnings(result.warnings)
    assert result.output is not None
    broken = check_links(result.output.files, config.base_url)
    for link in broken:
        click.echo(link.format(), err=True)
    if broken:
        raise BriefingError(f"{plural(len(broken), 'broken link')} found")
    pages = sum(1 for name in result.output.files if name.endswith(".html"))
    click.echo(f"OK: {plural(pages, 'page')} checked, every internal link and anchor resolves.")


def _shown(config: Config, path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


@main.command()
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
    from .ingest.pool import default_workers
    from .ingest.report import print_report
    from .ingest.run import ingest as run_ingest

    config = load_config(config_path)
    progress = _progress_bar if sys.stderr.isatty() else None
    report = run_ingest(
        config, paths, force=force, register=register, progress=progress, workers=jobs or default_workers()
    )
    print_report(report)
    if report.failed:
        raise BriefingError(f"{plural(report.count('failed'), 'seed')} could not be ingested; the others were")


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


@main.command()
@config_option
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the brief.")
def extract(config_path: Path, file: Path, as_json: bool) -> None:
    """Show what ingest would make of FILE, without writing anything."""
    import json

    from .config import default_config
    from .content import load_registry
    from .errors import Problems
    from .ingest.decode import SeedError
    from .ingest.extract import Registry
    from .ingest.extract import extract as run_extract
    from .ingest.writer import brief_text

    config = load_config(config_path) if config_path.exists() else default_config(Path.cwd())
    registry = Registry.from_entries(load_registry(config, Problems()))
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
    if path is None:
        return ""
    name = path.name
    return name if len(name) <= 30 else name[:14] + "…" + name[-15:]


@main.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port."
)
@click.option("--drafts", is_flag=True, help="Include drafts.")
@click.option("--future", is_flag=True, help="Include briefs dated in the future.")
def serve(config_path: Path, host: str, port: int, drafts: bool, future: bool) -> None:
    """Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages."""
    from .assemble import Selection
    from .serve import serve as run_serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"Warning: listening on {host} makes the site, drafts included, reachable from other machines.",
            err=True,
        )
    run_serve(config_path, host, port, Selection(drafts=drafts, future=future), log=lambda m: click.echo(m, err=True))


from . import cli_publish  # noqa: E402,F401 - registers `deploy` and `init`
