"""Assemble stage, networks: who appears with whom, laid out at build time to be drawn as a static SVG.

A term's page shows the term in the middle and the people most often alongside it around it
(networkx's shell layout: no randomness, cheap enough for every term of a big site); the site's
/network/ page shows the people who appear most and the pairs named together most (networkx's
spring layout with a fixed seed and a fixed node order). Coordinates are rounded, so the drawing is
the same bytes on every machine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

import networkx as nx

from ..model import Brief, Edge, Network, Node, Term

SIZE = 640  # the drawing's width and height, in SVG units
MARGIN = 90  # room for labels around the nodes
SITE_PEOPLE = 40  # people on the site's network
SITE_EDGES = 120  # pairs drawn on it, heaviest first
TERM_BRIEFS = 400  # the newest briefs of a term counted for the links between its neighbours
SEED = 7


def term_network(term: Term, alongside: Sequence[tuple[Term, int]], people: str) -> Network | None:
    """The term and the people alongside it (with counts), and how often those appear together."""
    if not alongside:
        return None
    others = [other for other, _ in alongside]
    weights = {other.slug: count for other, count in alongside}
    pairs = _pairs(term.briefs[:TERM_BRIEFS], {o.slug for o in others}, people)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_node(term.slug)
    graph.add_nodes_from(o.slug for o in others)
    positions = _reaching(nx.shell_layout(graph, nlist=[[term.slug], [o.slug for o in others]]))
    top = max(weights.values())
    nodes = {term.slug: _node(term, positions[term.slug], term.count, top, center=True)}
    for other in others:
        nodes[other.slug] = _node(other, positions[other.slug], weights[other.slug], top)
    edges = [Edge(nodes[term.slug], nodes[o.slug], weights[o.slug]) for o in others]
    edges += [Edge(nodes[a], nodes[b], n) for (a, b), n in pairs.most_common()]
    return Network(tuple(nodes.values()), tuple(sorted(edges, key=_heaviest)), SIZE, SIZE)


def site_network(briefs: Sequence[Brief], terms: Sequence[Term], people: str) -> Network | None:
    """The SITE_PEOPLE people named in most briefs, and the pairs of them named together most."""
    chosen = [t for t in terms[:SITE_PEOPLE] if t.count > 0]
    if len(chosen) < 2:
        return None
    by_slug = {t.slug: t for t in chosen}
    pairs = _pairs(briefs, set(by_slug), people)
    strongest = pairs.most_common(SITE_EDGES)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(by_slug))  # a fixed order: the layout depends on it
    graph.add_weighted_edges_from(sorted((a, b, n) for (a, b), n in strongest))
    spread = 2.5 / len(chosen) ** 0.5  # farther apart than networkx's default (1/√n): room for labels
    positions = _filled(nx.spring_layout(graph, k=spread, seed=SEED, iterations=200, weight="weight"))
    top = max(t.count for t in chosen)
    nodes = {slug: _node(by_slug[slug], positions[slug], by_slug[slug].count, top) for slug in by_slug}
    edges = [Edge(nodes[a], nodes[b], n) for (a, b), n in strongest]
    return Network(tuple(nodes[t.slug] for t in chosen), tuple(sorted(edges, key=_heaviest)), SIZE, SIZE)


def _reaching(positions: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Positions scaled alike on both axes, the centre kept, the farthest node on the edge (-1 … 1)."""
    reach = max((max(abs(float(p[0])), abs(float(p[1]))) for p in positions.values()), default=0.0) or 1.0
    return {key: (float(p[0]) / reach, float(p[1]) / reach) for key, p in positions.items()}


def _filled(positions: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Positions stretched so that the nodes fill the drawing (-1 … 1 on each axis)."""
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]

    def stretch(value: float, low: float, high: float) -> float:
        return 0.0 if high - low < 1e-9 else 2 * (value - low) / (high - low) - 1

    return {
        key: (stretch(float(p[0]), min(xs), max(xs)), stretch(float(p[1]), min(ys), max(ys)))
        for key, p in positions.items()
    }


def _pairs(briefs: Iterable[Brief], among: set[str], people: str) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for brief in briefs:
        present = sorted({t.slug for t in brief.terms.get(people, ()) if t.slug in among})
        counts.update(combinations(present, 2))
    return counts


def _node(term: Term, position: Any, weight: int, top: int, center: bool = False) -> Node:
    half = (SIZE - 2 * MARGIN) / 2
    x = round(SIZE / 2 + float(position[0]) * half, 1)
    y = round(SIZE / 2 + float(position[1]) * half, 1)
    radius = 10.0 if center else round(4 + 8 * (weight / top) ** 0.5, 1)
    return Node(term, x + 0.0, y + 0.0, radius, weight, center)  # + 0.0: never "-0.0"


def _heaviest(edge: Edge) -> tuple[int, str, str]:
    return (-edge.weight, edge.a.term.slug, edge.b.term.slug)
