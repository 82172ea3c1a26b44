"""Command layer for publishing: `briefing deploy` (push to a gh-pages branch) and `briefing init` (a new site)."""

from __future__ import annotations

from pathlib import Path

import click

from ..config.site import load_config
from ..errors import plural
from ..publish.deploy import DEFAULT_BRANCH, DEFAULT_REMOTE, DeployOptions
from ..publish.deploy import deploy as run_deploy
from ..terminal import echo
from .options import config_option, print_warnings


@click.command()
@config_option
@click.option("--remote", default=DEFAULT_REMOTE, show_default=True, metavar="NAME", help="Git remote to push to.")
@click.option("--branch", default=DEFAULT_BRANCH, show_default=True, metavar="NAME", help="Branch GitHub Pages serves.")
@click.option(
    "--message", "-m", metavar="TEXT", help="Subject of the deploy commit (source commit and version are added)."
)
@click.option("--base-url", metavar="URL", help="Build for this address instead of site.yml base_url.")
@click.option("--allow-dirty", is_flag=True, help="Deploy even if the site's sources have uncommitted changes.")
def deploy(
    config_path: Path, remote: str, branch: str, message: str | None, base_url: str | None, allow_dirty: bool
) -> None:
    """Publish the site to the gh-pages branch of a git remote.

    Builds for the production address, then pushes the site as one new commit on the branch.
    The working tree, the index and the current branch are left exactly as they are.
    """
    config = load_config(config_path)
    options = DeployOptions(remote=remote, branch=branch, message=message, base_url=base_url, allow_dirty=allow_dirty)
    result = run_deploy(config, options)
    print_warnings(result.build.warnings)
    for warning in result.warnings:
        echo(f"warning: {warning}", err=True)
    site = result.build.site
    echo(
        f"Built {plural(len(site.briefs), 'brief')}, {plural(result.files, 'file')} "
        f"for {result.base_url} in {result.build.seconds:.2f} s."
    )
    if result.pushed:
        after = f" on top of {result.parent[:12]}" if result.parent else " as its first commit"
        echo(f"Committed {result.commit[:12]} to {branch}{after}, from {result.source[:12]}; pushed to {remote}.")
    else:
        echo(f"{branch} on {remote} already holds this site ({result.commit[:12]}); nothing to push.")
    echo(f"Published at {result.url}")


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=True, dir_okay=True))
@click.option("--force", is_flag=True, help="Add the missing files to a non-empty folder (never overwrites).")
def init(directory: Path, force: bool) -> None:
    """Create a new site in DIRECTORY that builds at once.

    Writes site.yml, an example brief and registry entry, a GitHub Pages workflow, .gitignore and a
    README; existing files are never overwritten.
    """
    from ..publish.scaffold import init_site

    result = init_site(directory, force=force)
    for rel in result.written:
        echo(f"  created {rel}")
    for rel in result.skipped:
        echo(f"  skipped {rel} (exists)")
    echo(
        f"Created a site in {directory}: {plural(len(result.written), 'file')} written"
        + (f", {plural(len(result.skipped), 'existing file')} left as they were." if result.skipped else ".")
    )
    echo(f"Next: cd {directory} && briefing build")
