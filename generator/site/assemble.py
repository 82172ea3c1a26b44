"""Assemble stage: resolve terms through the registry, give everything a URL, relate briefs to each other."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..config.site import Config, Taxonomy
from ..content.loader import Content
from ..content.registry import Registry, TermRegistry
from ..errors import Problems
from ..model import Brief, Month, Site, TaxonomyIndex, Term
from ..slugs import slugify
from ..urls import Urls, brief_route, draft_route, feed_route, month_route, taxonomy_route, term_route
from .relations import Relations


@dataclass(frozen=True)
class Selection:
    """Which briefs make it into the site."""

    drafts: bool = False  # include draft: true
    future: bool = False  # include briefs dated after `now`
    now: dt.datetime | None = None  # the moment "future" is measured from (None: the clock)


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
    registries = Registry(config, content.entries, problems)
    for taxonomy in config.taxonomies:
        registry = registries.of(taxonomy.name)
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
    people, topics = config.taxonomy("people"), config.taxonomy("topics")
    if people is not None:
        _speakers(briefs, indexes[people.name], registries.of(people.name))
    for brief in briefs:
        chosen = brief.terms.get(topics.name) if topics else None
        brief.topic = chosen[0] if chosen else None
    people_terms = indexes[people.name].terms if people else []
    relations = Relations(config.related, briefs, people.name if people else None, people_terms)
    for brief in briefs:
        brief.relations = relations
    for index in indexes.values():
        for term in index.terms:
            term.relations = relations
    site = Site(
        config=config,
        briefs=briefs,
        taxonomies=indexes,
        months=_months(briefs, urls, people.name if people else ""),
        updated=max((_moment(b) for b in briefs), default=None),
        relations=relations,
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


def _resolve(
    taxonomy: Taxonomy, registry: TermRegistry, briefs: list[Brief], urls: Urls, problems: Problems
) -> list[Term]:
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
            candidates = registry.candidates(value)
            if candidates:
                names = " or ".join(f"{e.name} ({e.path})" for e in candidates)
                problems.error(brief.path, line, taxonomy.key, f"'{value}' could be {names}", "write the full name")
                continue
            entry = registry.resolve(value)
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


def _speakers(briefs: list[Brief], people: TaxonomyIndex, registry: TermRegistry) -> None:
    """Each quote's speaker as a term of the people taxonomy (when there is one); each person's quotes, newest first."""
    by_slug = {term.slug: term for term in people.terms}
    for brief in briefs:  # newest first, so each term's quotes are too
        for quote in brief.quotes:
            if not quote.speaker:
                continue
            entry = registry.resolve(quote.speaker)
            term = by_slug.get(entry.slug if entry else slugify(quote.speaker))
            if term is not None:
                quote.term = term
                term.quotes.append(quote)


def _months(briefs: list[Brief], urls: Urls, people: str) -> list[Month]:
    months: dict[tuple[int, int], Month] = {}
    for brief in briefs:
        if brief.date is None:
            continue
        key = (brief.date.year, brief.date.month)
        month = months.get(key)
        if month is None:
            route = month_route(*key)
            month = months[key] = Month(key[0], key[1], [], route, urls.url(route), people)
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
