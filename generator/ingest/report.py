"""Ingest stage: the end-of-run summary a person reads: a table of seeds, warnings, and entities to register."""

from __future__ import annotations

import click

from ..errors import plural
from .run import FAILED, KEPT, NEW, REPLACED, UNCHANGED, UPDATED, Report

_ORDER = (NEW, UPDATED, REPLACED, UNCHANGED, KEPT, FAILED)
_KIND_TITLE = {"person": "actors", "place": "places", "organization": "organizations"}


def print_report(report: Report) -> None:
    """One line per seed, then the totals, then what is not yet in the registry."""
    outcomes = sorted(report.outcomes, key=lambda o: (_ORDER.index(o.status), o.seed))
    width = max((len(o.seed) for o in outcomes), default=4)
    for o in outcomes:
        detail = o.brief
        if o.message:
            detail = f"{o.brief}: {o.message}" if o.brief else o.message
        if o.hint:
            detail += f" (hint: {o.hint})"
        click.echo(f"  {o.status:<9} {o.seed:<{width}}  {detail}", err=o.status == FAILED)
    for o in outcomes:
        for warning in o.warnings:
            click.echo(f"{o.brief or o.seed}: warning: {warning}", err=True)
    totals = ", ".join(f"{report.count(s)} {s}" for s in _ORDER if report.count(s))
    click.echo(f"Ingested {plural(len(report.outcomes), 'seed')}: {totals or 'nothing to do'}.")
    for kind, names in sorted(report.unregistered.items()):
        if not names:
            continue
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(names.items(), key=lambda n: (-n[1], n[0])))
        click.echo(f"New {_KIND_TITLE[kind]} not in the registry: {listed}")
    if report.registered_stubs:
        click.echo(
            f"Wrote {plural(len(report.registered_stubs), 'registry stub')}: {', '.join(report.registered_stubs)}"
        )
    elif any(report.unregistered.values()):
        click.echo("Run `briefing ingest --register` to write registry stubs for them.")
