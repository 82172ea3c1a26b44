"""Command layer: the `briefing` group; each command lives with its stage's commands and calls that stage."""

from __future__ import annotations

import click

from .. import __version__
from .ingest import extract, ingest
from .options import BriefingGroup
from .publish import deploy, init
from .site import build, check, serve


@click.group(cls=BriefingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefing")
def main() -> None:
    """Briefing: turn collected news articles into a static briefing site.

    \b
    seeds/ → briefing ingest → content/ → briefing build → public/
    """


for command in (build, check, serve, ingest, extract, deploy, init):
    main.add_command(command)
