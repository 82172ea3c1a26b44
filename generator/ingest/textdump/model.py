"""Ingest stage: load the fitted line model (boosted trees stored as JSON data) and score feature rows."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# The model is fitted by eval/textdump_fit.py (`make model`) with LightGBM and stored as plain JSON:
# for each tree, parallel lists of split feature, threshold and children (a negative child ~k is leaf
# k), as LightGBM's own dump gives them.  Reading it needs nothing but the standard library, and a
# refit changes this data file only, never code.
MODEL_FILE = "line_model.json"
FORMAT = "briefing-trees/1"


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]  # column of the row each split reads
    threshold: tuple[float, ...]  # go left when value <= threshold
    left: tuple[int, ...]
    right: tuple[int, ...]
    leaf: tuple[float, ...]

    def value(self, row: Sequence[float]) -> float:
        if not self.feature:
            return self.leaf[0]
        node = 0
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        while node >= 0:
            node = left[node] if row[feature[node]] <= threshold[node] else right[node]
        return self.leaf[~node]


@dataclass(frozen=True)
class Stage:
    """One boosted ensemble: the sum of its trees' leaves (plus `init`) is the log-odds of "article"."""

    features: tuple[str, ...]  # the names of the row's columns, in order
    init: float
    trees: tuple[Tree, ...]

    def log_odds(self, row: Sequence[float]) -> float:
        return self.init + sum(t.value(row) for t in self.trees)

    def probability(self, row: Sequence[float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(min(self.log_odds(row), 30.0), -30.0)))

    def probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [self.probability(row) for row in rows]


@dataclass(frozen=True)
class LineModel:
    """Two stages: the first scores each line on its own features, the second also sees the first
    stage's scores of the lines around it (an article's lines vouch for the table rows between them)."""

    first: Stage
    second: Stage
    meta: Mapping[str, Any]  # how it was fitted (learner, data, settings), for people reading the file

    def first_probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [self.first.probability(row) for row in rows]

    def second_probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [self.second.probability(row) for row in rows]


def _tree(data: Mapping[str, Any]) -> Tree:
    return Tree(
        tuple(int(v) for v in data["feature"]),
        tuple(float(v) for v in data["threshold"]),
        tuple(int(v) for v in data["left"]),
        tuple(int(v) for v in data["right"]),
        tuple(float(v) for v in data["leaf"]),
    )


def _stage(data: Mapping[str, Any]) -> Stage:
    return Stage(tuple(data["features"]), float(data["init"]), tuple(_tree(t) for t in data["trees"]))


def parse_model(data: Mapping[str, Any]) -> LineModel:
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} model: {data.get('format')!r}")
    return LineModel(_stage(data["first"]), _stage(data["second"]), data.get("meta", {}))


def _read(name: str) -> dict[str, Any]:
    data = json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{name} is not a {FORMAT} model")
    return data


@lru_cache(maxsize=1)
def shipped_model() -> LineModel:
    """The line model shipped in this package (read once)."""
    return parse_model(_read(MODEL_FILE))


def load_stage(name: str, key: str) -> Stage:
    """One ensemble (e.g. the headline ranker) from a data file of this package."""
    return _stage(_read(name)[key])
