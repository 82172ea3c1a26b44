"""Ingest stage, entity finding: the kinds of entity and what is known or found of each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntityType = Literal["person", "place", "organization"]


@dataclass(frozen=True)
class KnownEntity:
    """An entry of the editors' registry."""

    name: str  # canonical name
    aliases: tuple[str, ...]  # other surface forms


@dataclass(frozen=True)
class FoundEntity:
    """An entity found in one text."""

    name: str  # canonical name (registry name, or fullest form seen in the text)
    type: EntityType
    mentions: tuple[str, ...]  # surface strings as they appear, in order, deduplicated
    registered: bool  # True when it resolved to a registry entry
