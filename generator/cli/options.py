"""Command layer: the one place errors become messages, and the options commands share."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config.site import CONFIG_NAME
from ..errors import BriefingError, Problem
from ..terminal import echo

F = TypeVar("F", bound=Callable[..., Any])


class BriefingGroup(click.Group):
    """The one place errors become messages: no tracebacks for anything a user can cause."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, where a closed pipe can still be met quietly
            return result
        except BriefingError as exc:
            echo(exc.format(), err=True)
            _quiet_flush()
            sys.exit(1)
        except KeyboardInterrupt:
            echo("Interrupted.", err=True)
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
            echo(
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
        echo(warning.format(), err=True)
