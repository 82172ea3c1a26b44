"""Assemble stage: resolve terms through the registry, give everything a URL, relate briefs to each other."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..config.site import Config, Taxonomy
from ..content.loader import Content
from ..errors import Problems
from ..model import Brief, Entry, Month, Site, TaxonomyIndex, Term
from ..slugs import slugify
from ..urls import Urls, brief_route, draft_route, feed_route, month_route, taxonomy_route, term_route

ALONGSIDE_LIMIT = 10
RELATED_WINDOW = 8
# The taxonomy whose terms relate briefs and are listed "alongside" on term pages.
PEOPLE = "actors"


@dataclass(frozen=True)
class Selection:
    """Which briefs make it into the site."""

    drafts: bool = False  # include draft: true
    future: bool = False  # include briefs dated after `now`
    now: dt.datetime | None = None  # the moment "future" is measured from (None: the clock)


class Registry:
    """Looks up terms by any of their spellings: name, slug or alias, compared as slugs."""

    def __init__(self, taxonomy: Taxonomy, entries: Iterable[Entry], problems: Problems) -> None:
        self.taxonomy = taxonomy
        self.by_key: dict[str, Entry] = {}
        self.ambiguous: dict[str, list[Entry]] = {}
        by_slug: dict[str, Entry] = {}
        entries = list(entries)
        for entry in entries:
            other = by_slug.get(entry.slug)
            if other is not None:
                problems.error(
                    entry.path,
                    1,
                    "slug",
                    f"{taxonomy.singular.lower()} '{entry.slug}' is already defined in {other.path}",
                    "merge the two entries, or give one a different slug",
                )
                continue
            by_slug[entry.slug] = entry
        # Names and slugs claim their keys first; aliases only fill what is left, so an
        # alias never steals another entry's own name.
        for entry in by_slug.values():
            for key in {entry.slug, slugify(entry.name)} - {""}:
                other = self.by_key.get(key)
                if other is not None and other is not entry:
                    problems.error(
                        entry.path,
                        1,
                        "name",
                        f"'{entry.name}' is also the name of {other.path}",
                        "two registry entries cannot share a name; merge them or make one an alias",
                    )
                    continue
                self.by_key[key] = entry
        claims: dict[str, list[Entry]] = defaultdict(list)
        for entry in by_slug.values():
            for alias in entry.aliases:
                key = slugify(alias)
                if key and key not in self.by_key and entry not in claims[key]:
                    claims[key].append(entry)
        for key, claimants in claims.items():
            if len(claimants) == 1:
                self.by_key[key] = claimants[0]
                continue
            self.ambiguous[key] = claimants
            first, *others = claimants
            alias = next(a for a in first.aliases if slugify(a) == key)
            problems.warning(
                first.path,
                1,
                "aliases",
                f"alias '{alias}' is also claimed by {', '.join(o.path for o in others)}; briefs must name one in full",
                "keep an alias on one entry only",
            )


def assemble(config: Config, content: Content, selection: Selection | None = None) -> tuple[Site, Problems]:
    """Build the site model from loaded content. Errors go into the returned problems."""
    selection = selection or Selection()
    problems = Problems()
    urls = Urls(config.base_url)
    now = selection.now or dt.datetime.now(dt.UTC)
    for brief in content.briefs:
        brief.detach()
    briefs = sorted(
        (b for b in content.briefs if _selected(b, selection, now)),
        key=lambda b: b.sort_key,
    )
    _give_routes(briefs, config, urls, problems)
    indexes: dict[str, TaxonomyIndex] = {}
    for taxonomy in config.taxonomies:
        registry = Registry(taxonomy, content.entries.get(taxonomy.name, []), problems)
        terms = _resolve(taxonomy, registry, briefs, urls, problems)
        index = TaxonomyIndex(
            taxonomy=taxonomy,
            terms=sorted(terms, key=lambda t: (-t.count, t.name.casefold(), t.slug)),
            route=taxonomy_route(taxonomy.name),
        )
        index.url = urls.url(index.route)
        indexes[taxonomy.name] = index
    for newer, older in itertools.pairwise(briefs):
        newer.older, older.newer = older, newer
    relations = Relations(config.related, briefs)
    for brief in briefs:
        brief.relations = relations
    for index in indexes.values():
        for term in index.terms:
            term.relations = relations
    site = Site(
        config=config,
        briefs=briefs,
        taxonomies=indexes,
        months=_months(briefs, urls),
        updated=max((_moment(b) for b in briefs), default=None),
    )
    return site, problems


def _selected(brief: Brief, selection: Selection, now: dt.datetime) -> bool:
    if brief.draft and not selection.drafts:
        return False
    if brief.date is None:
        return selection.drafts
    if not selection.future:
        if brief.time is not None and brief.time > now:
            return False
        if brief.time is None and brief.date > now.date():
            return False
    return True


def _give_routes(briefs: list[Brief], config: Config, urls: Urls, problems: Problems) -> None:
    taken: dict[str, Brief] = {}
    for brief in sorted(briefs, key=lambda b: b.path):
        if brief.date is None:
            route = draft_route(brief.slug)
        else:
            d = brief.date
            route = brief_route(config.permalink, brief.slug, d.year, d.month, d.day)
        other = taken.get(route)
        if other is not None:
            problems.error(
                brief.path,
                None,
                "slug",
                f"{other.path} and {brief.path} both map to {route}",
                "give one of them a different 'slug:' in its front matter",
            )
            continue
        taken[route] = brief
        brief.route = route
        brief.url = urls.url(route)
        brief.permalink = urls.absolute(route)


def _resolve(taxonomy: Taxonomy, registry: Registry, briefs: list[Brief], urls: Urls, problems: Problems) -> list[Term]:
    """Turn every brief's values into terms; variants that slug alike are one term."""
    terms: dict[str, Term] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for brief in briefs:
        resolved: list[Term] = []
        values = brief.values.get(taxonomy.name, [])
        lines = brief.value_lines.get(taxonomy.name, [])
        for value, line in zip(values, lines, strict=False):
            key = slugify(value)
            if not key:
                problems.error(
                    brief.path,
                    line,
                    taxonomy.key,
                    f"'{value[:80]}' has no letters or digits, so it cannot have a page",
                    "remove it or write the name out",
                )
                continue
            if key in registry.ambiguous:
                names = " or ".join(f"{e.name} ({e.path})" for e in registry.ambiguous[key])
                problems.error(brief.path, line, taxonomy.key, f"'{value}' could be {names}", "write the full name")
                continue
            entry = registry.by_key.get(key)
            slug = entry.slug if entry else key
            term = terms.get(slug)
            if term is None:
                route = term_route(taxonomy.name, slug)
                term = Term(
                    taxonomy=taxonomy.name,
                    slug=slug,
                    name=entry.name if entry else value,
                    entry=entry,
                    route=route,
                    url=urls.url(route),
                    feed_url=urls.url(feed_route(route)) if taxonomy.feeds else "",
                )
                terms[slug] = term
            if entry is None:
                spellings[slug][value] += 1
            if term not in resolved:
                resolved.append(term)
                term.briefs.append(brief)
        brief.terms[taxonomy.name] = resolved
    for slug, counts in spellings.items():
        # The most used spelling names the term; ties go to mixed case over SHOUTING, then order.
        terms[slug].name = min(counts, key=lambda v: (-counts[v], v.isupper(), v))
    return list(terms.values())


def _topic_of(brief: Brief) -> Term | None:
    topics = brief.terms.get("topics")
    return topics[0] if topics else None


class Relations:
    """Related briefs and co-occurring actors, computed per brief or term when first asked.

    Related briefs are looked for among the briefs nearest in time under each of the brief's
    actors and its topic (RELATED_WINDOW on each side), so a brief costs the same on a site of
    a hundred or a hundred thousand briefs; on small sites the window holds every brief and the
    ranking is exact. Ranking: actors shared (within those windows), then the same topic, then
    nearness in time, then newest first.
    """

    def __init__(self, limit: int, briefs: list[Brief]) -> None:
        self.limit = limit
        self._positions: dict[int, dict[int, int]] = {}
        # Looked up for every candidate of every brief: a plain dict beats the property.
        self._topic = {id(b): _topic_of(b) for b in briefs}
        self._ordinal = {id(b): -b.sort_key[0] for b in briefs}

    def related(self, brief: Brief) -> list[Brief]:
        if self.limit == 0:
            return []
        shared: Counter[int] = Counter()
        candidates: dict[int, Brief] = {}
        for term in brief.terms.get(PEOPLE, []):
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
            for actor in brief.terms.get(PEOPLE, []):
                if actor is not term:
                    counts[actor.slug] += 1
                    by_slug[actor.slug] = actor
        ranked = sorted(counts, key=lambda slug: (-counts[slug], by_slug[slug].name.casefold(), slug))
        return [(by_slug[slug], counts[slug]) for slug in ranked[:ALONGSIDE_LIMIT]]


def _months(briefs: list[Brief], urls: Urls) -> list[Month]:
    months: dict[tuple[int, int], Month] = {}
    for brief in briefs:
        if brief.date is None:
            continue
        key = (brief.date.year, brief.date.month)
        month = months.get(key)
        if month is None:
            route = month_route(*key)
            month = months[key] = Month(key[0], key[1], [], route, urls.url(route))
        month.briefs.append(brief)
    return [months[k] for k in sorted(months, reverse=True)]


def _moment(brief: Brief) -> dt.datetime:
    """A brief's newest date as an aware datetime (dates count as midnight UTC)."""
    stamps: list[dt.datetime] = []
    if brief.time is not None:
        stamps.append(brief.time.astimezone(dt.UTC))
    for day in (brief.date, brief.updated):
        if day is not None:
            stamps.append(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
    return max(stamps) if stamps else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
