"""Ingest stage: the ledger (content/.ingest.json) that remembers which brief each seed became and what we wrote."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from ..config.site import Config
from ..content.loader import BRIEFS_DIR, content_area, content_files
from ..files import Refused, read_bytes, read_head
from .writer import write_atomic

MANIFEST = ".ingest.json"  # in content/: hidden, so the loader never reads it as a brief
# A ledger line per seed is about 200 bytes: this is half a million seeds.
MAX_MANIFEST_BYTES = 100 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Manifest:
    """seed → (brief path, hash of the text we wrote). A brief whose hash differs was edited.

    The ledger is a file in the site, so what it says is checked like any other input: an entry
    whose brief is not a Markdown file inside content/briefs/ (an absolute path, `../`, a link out)
    is dropped, and its seed named in `ignored`, so that ingest never reads or writes elsewhere.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.path = config.content / MANIFEST
        self.entries: dict[str, dict[str, str]] = {}
        self.ignored: set[str] = set()  # seeds whose entry named a brief outside content/briefs/
        data: Any = None
        try:
            data = json.loads(read_bytes(self.path, content_area(config), MAX_MANIFEST_BYTES, "ledgers"))
        except FileNotFoundError:
            pass
        except (OSError, Refused, ValueError):
            pass  # a damaged manifest only makes ingest more careful: briefs count as edited
        seeds = data.get("seeds") if isinstance(data, dict) else None
        for seed, entry in (seeds if isinstance(seeds, dict) else {}).items():
            if self._valid(entry):
                self.entries[str(seed)] = {"brief": entry["brief"], "sha256": entry["sha256"]}
            else:
                self.ignored.add(str(seed))
        self._original = json.dumps(self.entries, sort_keys=True)

    def _valid(self, entry: object) -> bool:
        if not isinstance(entry, dict):
            return False
        brief, digest = entry.get("brief"), entry.get("sha256")
        return isinstance(digest, str) and _SHA256.fullmatch(digest) is not None and self.brief_path(brief) is not None

    def brief_path(self, brief: object) -> Path | None:
        """The file a recorded brief path names, when it is a Markdown file inside content/briefs/."""
        if not isinstance(brief, str) or not brief.endswith(".md") or "\\" in brief or "\x00" in brief:
            return None
        rel = PurePosixPath(brief)
        if rel.is_absolute() or any(part in ("", ".", "..") for part in brief.split("/")):
            return None
        path = self.config.root.joinpath(*rel.parts)
        return path if path.is_relative_to(self.config.content / BRIEFS_DIR) else None

    def save(self) -> None:
        if json.dumps(self.entries, sort_keys=True) == self._original:
            return  # unchanged seeds change no file, not even this one
        data = {
            "note": "Written by briefing ingest: which brief each seed became. Safe to delete.",
            "seeds": self.entries,
        }
        write_atomic(self.path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", self.config)


_SEED_LINE = re.compile(r"^seed:\s*['\"]?(.+?)['\"]?\s*$", re.M)


def briefs_by_seed(config: Config) -> dict[str, Path]:
    """Existing briefs that name their seed, found even after an editor renamed the file."""
    found: dict[str, Path] = {}
    where = content_area(config)
    for path in content_files(config.content / BRIEFS_DIR):
        try:
            head = read_head(path, where, 8192).decode("utf-8", errors="replace")
        except (OSError, Refused):
            continue  # not a file ingest could have written (a link out, a pipe): not a brief of a seed
        match = _SEED_LINE.search(head.split("\n---", 2)[0] if head.startswith("---") else "")
        if match:
            found.setdefault(match.group(1), path)
    return found
