"""Command layer for the site: `build`, `check` and `serve`."""

from __future__ import annotations

from pathlib import Path

import click

from ..config.site import Config, load_config
from ..errors import BriefingError, plural
from ..terminal import echo
from .options import config_option, print_warnings, selection_options


@click.command()
@config_option
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Output folder (default: site.yml output).")
@click.option("--base-url", help="Override site.yml base_url, e.g. https://user.github.io/repo/.")
@selection_options
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(0, 256),
    default=0,
    help="Processes that build: this one and N - 1 forked workers (default: one per core).",
)
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
    from ..build.pipeline import BuildOptions
    from ..build.pipeline import build as run_build
    from ..workers import default_jobs

    config = load_config(config_path).with_overrides(output=output, base_url=base_url)
    options = BuildOptions(drafts=drafts, future=future, strict=strict, jobs=jobs or default_jobs(), cache=not no_cache)
    result = run_build(config, options)
    print_warnings(result.warnings)
    if not quiet:
        site = result.site
        terms = sum(len(i.terms) for i in site.taxonomies.values())
        unchanged = result.pages - result.rendered
        pages = f"{plural(result.rendered, 'page')} rendered" + (f", {unchanged} unchanged" if unchanged > 0 else "")
        echo(
            f"Built {plural(len(site.briefs), 'brief')}, {plural(terms, 'term')}, "
            f"{plural(result.files, 'file')} ({pages}) "
            f"into {_shown(config, config.output)} in {result.seconds:.2f} s."
        )


@click.command()
@config_option
@click.option("--base-url", help="Check links as if published at this URL.")
@selection_options
def check(config_path: Path, base_url: str | None, drafts: bool, future: bool, strict: bool) -> None:
    """Validate config and content, build in memory, and check every internal link and #anchor."""
    from ..build.pipeline import BuildOptions, site_in_memory
    from ..check import check_links

    config = load_config(config_path).with_overrides(base_url=base_url)
    result = site_in_memory(config, BuildOptions(drafts=drafts, future=future, strict=strict))
    print_warnings(result.warnings)
    assert result.output is not None
    broken = check_links(result.output.files, config.base_url)
    for link in broken:
        echo(link.format(), err=True)
    if broken:
        raise BriefingError(f"{plural(len(broken), 'broken link')} found")
    pages = sum(1 for name in result.output.files if name.endswith(".html"))
    echo(f"OK: {plural(pages, 'page')} checked, every internal link and anchor resolves.")


def _shown(config: Config, path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


@click.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port."
)
@click.option("--drafts", is_flag=True, help="Include drafts.")
@click.option("--future", is_flag=True, help="Include briefs dated in the future.")
def serve(config_path: Path, host: str, port: int, drafts: bool, future: bool) -> None:
    """Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages."""
    from ..serve.server import serve as run_serve
    from ..site.session import Options

    if host not in ("127.0.0.1", "localhost", "::1"):
        echo(
            f"Warning: listening on {host} makes the site, drafts included, reachable from other machines.",
            err=True,
        )
    run_serve(config_path, host, port, Options(drafts=drafts, future=future), log=lambda m: echo(m, err=True))
