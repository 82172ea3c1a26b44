"""Assemble stage, relations: related briefs and the people most often alongside a term, computed when first asked."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence

from ..model import Brief, Network, Term
from .network import site_network, term_network

ALONGSIDE_LIMIT = 10
RELATED_WINDOW = 8


class Relations:
    """Related briefs and co-occurring actors, computed per brief or term when first asked.

    Related briefs are looked for among the briefs nearest in time under each of the brief's
    actors and its topic (RELATED_WINDOW on each side), so a brief costs the same on a site of
    a hundred or a hundred thousand briefs; on small sites the window holds every brief and the
    ranking is exact. Ranking: actors shared (within those windows), then the same topic, then
    nearness in time, then newest first.
    """

    def __init__(self, limit: int, briefs: list[Brief], people: str | None, people_terms: Sequence[Term] = ()) -> None:
        self.limit = limit
        self.people = people  # the taxonomy of people (site.yml kind: people), None when the site has none
        self.briefs = briefs
        self.people_terms = list(people_terms)  # most briefs first
        self._positions: dict[int, dict[int, int]] = {}
        # Looked up for every candidate of every brief: a plain dict beats the property.
        self._topic = {id(b): b.topic for b in briefs}
        self._ordinal = {id(b): -b.sort_key[0] for b in briefs}

    def related(self, brief: Brief) -> list[Brief]:
        if self.limit == 0:
            return []
        shared: Counter[int] = Counter()
        candidates: dict[int, Brief] = {}
        for term in brief.terms.get(self.people, []) if self.people else []:
            for other in self._near(term, brief):
                shared[id(other)] += 1
                candidates[id(other)] = other
        topic = brief.topic
        if topic is not None:
            for other in self._near(topic, brief):
                candidates.setdefault(id(other), other)
        candidates.pop(id(brief), None)
        ordinal = self._ordinal.get(id(brief), 0)
        topics, ordinals = self._topic, self._ordinal
        # Plain tuples, built in one pass: this runs for every brief of the site.
        ranked = [
            (
                -shared[key],
                topic is None or topics.get(key) is not topic,
                abs(ordinal - ordinals.get(key, 0)),
                other.sort_key,
                key,
            )
            for key, other in candidates.items()
        ]
        return [candidates[row[-1]] for row in heapq.nsmallest(self.limit, ranked)]

    def _near(self, term: Term, brief: Brief) -> list[Brief]:
        if len(term.briefs) <= 2 * RELATED_WINDOW + 1:
            return term.briefs
        positions = self._positions.get(id(term))
        if positions is None:
            positions = self._positions[id(term)] = {id(b): i for i, b in enumerate(term.briefs)}
        at = positions.get(id(brief), 0)
        return term.briefs[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1]

    def alongside(self, term: Term) -> list[tuple[Term, int]]:
        counts: Counter[str] = Counter()
        by_slug: dict[str, Term] = {}
        for brief in term.briefs:
            for actor in brief.terms.get(self.people, []) if self.people else ():
                if actor is not term:
                    counts[actor.slug] += 1
                    by_slug[actor.slug] = actor
        ranked = sorted(counts, key=lambda slug: (-counts[slug], by_slug[slug].name.casefold(), slug))
        return [(by_slug[slug], counts[slug]) for slug in ranked[:ALONGSIDE_LIMIT]]

    def network(self, term: Term | None) -> Network | None:
        """A term's network (it and the people alongside it), or with None the site's."""
        if self.people is None:
            return None
        if term is None:
            return site_network(self.briefs, self.people_terms, self.people)
        return term_network(term, term.alongside, self.people)
