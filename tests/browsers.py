"""Chromium for the browser tests: found on PATH (or BRIEFING_CHROMIUM), driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

# Headless, as root in a container, with no connections of its own to the network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def chromium_path() -> str:
    """BRIEFING_CHROMIUM if set, else the first Chromium or Chrome on PATH (Playwright cannot download one here)."""
    given = os.environ.get("BRIEFING_CHROMIUM")
    if given:
        assert Path(given).is_file(), f"BRIEFING_CHROMIUM={given} is not a file"
        return given
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError(
        "no Chromium on PATH: install Debian's chromium (see .ci/run) or set BRIEFING_CHROMIUM to its path"
    )


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()
