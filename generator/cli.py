"""Command layer: parses options, calls one stage, and turns every BriefingError into a message and exit 1."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
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
            return super().invoke(ctx)
        except BriefingError as exc:
            click.echo(exc.format(), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
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
def build(
    config_path: Path, output: Path | None, base_url: str | None, drafts: bool, future: bool, strict: bool, quiet: bool
) -> None:
    """Build the site from content/ into the output folder."""
    from .build import BuildOptions
    from .build import build as run_build

    config = load_config(config_path).with_overrides(output=output, base_url=base_url)
    result = run_build(config, BuildOptions(drafts=drafts, future=future, strict=strict))
    print_warnings(result.warnings)
    if not quiet:
        site = result.site
        terms = sum(len(i.terms) for i in site.taxonomies.values())
        click.echo(
            f"Built {plural(len(site.briefs), 'brief')}, {plural(terms, 'term')}, "
            f"{plural(len(result.output.files), 'file')} into {_shown(config, config.output)} "
            f"in {result.seconds:.2f} s."
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
