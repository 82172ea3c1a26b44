"""Ingest stage: the ledger (content/.ingest.json) that remembers which brief each seed became and what we wrote."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..content.loader import content_files
from .writer import write_atomic

MANIFEST = ".ingest.json"  # in content/: hidden, so the loader never reads it as a brief


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Manifest:
    """seed → (brief path, hash of the text we wrote). A brief whose hash differs was edited."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.entries = {str(k): dict(v) for k, v in data.get("seeds", {}).items()}
            except (ValueError, AttributeError, TypeError):
                self.entries = {}  # a damaged manifest only makes ingest more careful: briefs count as edited
        self._original = json.dumps(self.entries, sort_keys=True)

    def save(self) -> None:
        if json.dumps(self.entries, sort_keys=True) == self._original:
            return  # unchanged seeds change no file, not even this one
        data = {
            "note": "Written by briefing ingest: which brief each seed became. Safe to delete.",
            "seeds": self.entries,
        }
        write_atomic(self.path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


_SEED_LINE = re.compile(r"^seed:\s*['\"]?(.+?)['\"]?\s*$", re.M)


def briefs_by_seed(folder: Path) -> dict[str, Path]:
    """Existing briefs that name their seed, found even after an editor renamed the file."""
    found: dict[str, Path] = {}
    for path in content_files(folder):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:8192]
        except OSError:
            continue
        match = _SEED_LINE.search(head.split("\n---", 2)[0] if head.startswith("---") else "")
        if match:
            found.setdefault(match.group(1), path)
    return found
