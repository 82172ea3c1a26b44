"""The typed model every stage shares: briefs, registry entries, terms, the assembled site.

Model objects compare (and hash) by identity: two briefs with the same fields are still two briefs,
and what a page read of one is told apart from what it read of the other (site/reads.py).

Each field says what it holds and which stage fills it: `load` (content.py) reads files,
`assemble` (assemble.py) resolves terms, URLs and relations, `render` (render.py) adds HTML.
This module imports no other stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .config.site import Config, Taxonomy


class Relations(Protocol):
    """How briefs and terms relate; assemble provides it, and answers are computed when first asked.

    Lazy because a page that is never rendered (the dev server renders on request) should not
    pay for them, and because on a big site these are the costliest part of the model.
    """

    def related(self, brief: Brief) -> list[Brief]: ...

    def alongside(self, term: Term) -> list[tuple[Term, int]]: ...

    def network(self, term: Term | None) -> Network | None: ...


@dataclass(eq=False)
class Entry:
    """A registry entry: content/<taxonomy>/<file>.md, the canonical form of one term."""

    taxonomy: str  # load: taxonomy name, e.g. "actors"
    path: str  # load: source file relative to the site root
    slug: str  # load: URL segment of the term page (front matter `slug` or the file name)
    name: str  # load: canonical name
    aliases: tuple[str, ...]  # load: other surface forms that resolve to this entry
    role: str  # load: e.g. "Supreme Leader of North Korea"
    country: str  # load
    bio: str  # load: Markdown body
    bio_line: int  # load: file line the body starts on
    bio_html: str = ""  # render


# Brief fields that assemble fills in: dropped when a brief is cached, reset when it is reused.
# (and what reads.py caches on a brief: its token and the key of its file)
ASSEMBLED = (
    "terms",
    "relations",
    "newer",
    "older",
    "topic",
    "route",
    "url",
    "permalink",
    "_related",
    "_signature",
    "_token",
    "_file_key",
)


@dataclass(eq=False)
class Brief:
    """One brief: content/briefs/<file>.md."""

    path: str  # load: source file relative to the site root
    slug: str  # load: last URL segment
    title: str  # load
    date: dt.date | None  # load: publication date; None only for undated drafts
    time: dt.datetime | None  # load: publication time with offset, when the front matter gives one
    updated: dt.date | None  # load: last substantive change
    source: str  # load: publication name
    source_url: str  # load
    byline: str  # load
    summary: str  # load
    label: str  # load: "News", "Official statement"…
    credit: str  # load: attribution line
    license: str  # load
    license_url: str  # load
    draft: bool  # load
    seed: str  # load: seed path it was ingested from
    values: dict[str, list[str]]  # load: taxonomy name → terms as written in the front matter
    value_lines: dict[str, list[int | None]]  # load: file line of each of those values
    extra: dict[str, Any]  # load: front-matter keys declared in site.yml extra_keys
    body: str  # load: Markdown
    body_line: int  # load: file line the body starts on
    digest: str = ""  # load: hash of the file's bytes (caches, change detection)
    lang: str = ""  # load: language tag (front matter `lang`, else site.yml `language`)
    quotes: list[Quote] = field(default_factory=list)  # load: direct quotes; speakers resolved by assemble
    route: str = ""  # assemble: URL path under the site root, e.g. "/2023/09/kim-putin/"
    url: str = ""  # assemble: route under the base path, for links
    permalink: str = ""  # assemble: absolute URL, for feeds and the sitemap
    terms: dict[str, list[Term]] = field(default_factory=dict)  # assemble: taxonomy name → terms
    relations: Relations | None = field(default=None, repr=False, compare=False)  # assemble
    newer: Brief | None = None  # assemble: next brief in time
    older: Brief | None = None  # assemble: previous brief in time
    topic: Term | None = None  # assemble: the brief's term of the topics taxonomy (site.yml kind: topics)
    html: str = ""  # render: body as HTML
    toc: list[Heading] = field(default_factory=list)  # render: the body's headings
    text: str = ""  # render: the body's words, as the search index takes them (made with html)

    @cached_property
    def sort_key(self) -> tuple[int, float, str]:
        """Newest first, then by slug: a total order, so output never depends on file order."""
        ordinal = self.date.toordinal() if self.date else 0
        seconds = self.time.timestamp() if self.time else 0.0
        return (-ordinal, -seconds, self.slug)

    def __getstate__(self) -> dict[str, Any]:
        """What the build cache keeps: what load read and render made, not the assembled links."""
        state = self.__dict__.copy()
        for name in ASSEMBLED:
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.detach()

    def take_content_of(self, other: Brief) -> None:
        """Become other, keeping what assemble filled in (both go to the same place in the site)."""
        speakers = {id(q): q.term for q in self.quotes}
        for name, value in other.__dict__.items():
            if name not in ASSEMBLED and name != "_related":
                self.__dict__[name] = value
        self.html, self.toc, self.text = other.html, other.toc, other.text
        self.__dict__.pop("_signature", None)
        for quote in self.quotes:  # the quotes are other's now: they belong to this brief
            quote.brief = self
            quote.term = speakers.get(id(quote))

    def detach(self) -> None:
        """Forget what assemble filled in, so a reused brief can join a new model."""
        self.route = self.url = self.permalink = ""
        self.terms = {}
        self.relations = None
        self.newer = self.older = self.topic = None
        for quote in self.quotes:
            quote.term = None
        self.__dict__.pop("_related", None)
        self.__dict__.pop("_signature", None)

    @property
    def related(self) -> list[Brief]:
        """Briefs sharing the most actors, then the topic, then nearest in time (see assemble)."""
        if self.relations is None:
            return []
        cached: list[Brief] | None = self.__dict__.get("_related")
        if cached is None:
            cached = self.__dict__["_related"] = self.relations.related(self)
        return cached

    @property
    def summary_is_lead(self) -> bool:
        """True when the body opens with the summary, so a page need not show it twice."""
        if not self.summary:
            return False
        first = self.body.strip().split("\n\n", 1)[0].replace("\\", "")
        return " ".join(first.split()).startswith(" ".join(self.summary.split())[:80])


@dataclass(eq=False)
class Quote:
    """A direct quote in a brief: what was said, and who said it, as the front matter names them."""

    text: str  # load
    speaker: str  # load: "" when the speaker is not clear
    brief: Brief = field(repr=False)  # load: the brief it is quoted in
    term: Term | None = None  # assemble: the speaker's term in the people taxonomy, when there is one


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(eq=False)
class Term:
    """One term of a taxonomy (an actor, a place, a topic) with every brief that names it."""

    taxonomy: str  # assemble: taxonomy name
    slug: str  # assemble: URL segment
    name: str  # assemble: registry name, or the most used spelling
    entry: Entry | None  # assemble: registry entry, None when unregistered
    # assemble: newest first (left out of repr: brief → term → brief would repeat the site many times)
    briefs: list[Brief] = field(default_factory=list, repr=False)
    route: str = ""  # assemble
    url: str = ""  # assemble
    feed_url: str = ""  # assemble: "" when the taxonomy has no feeds
    relations: Relations | None = field(default=None, repr=False)  # assemble

    quotes: list[Quote] = field(default_factory=list, repr=False)  # assemble: what this person said, newest first

    @property
    def count(self) -> int:
        return len(self.briefs)

    @property
    def first_seen(self) -> dt.date | None:
        """The date of the oldest brief naming this term."""
        return next((b.date for b in reversed(self.briefs) if b.date), None)

    @property
    def last_seen(self) -> dt.date | None:
        return next((b.date for b in self.briefs if b.date), None)

    @property
    def by_month(self) -> list[tuple[dt.date, int]]:
        """Briefs per month, oldest first, every month from the first to the last (empty ones at 0)."""
        counts: dict[tuple[int, int], int] = {}
        for brief in self.briefs:
            if brief.date:
                key = (brief.date.year, brief.date.month)
                counts[key] = counts.get(key, 0) + 1
        if not counts:
            return []
        (y, m), last = min(counts), max(counts)
        months: list[tuple[dt.date, int]] = []
        while (y, m) <= last:
            months.append((dt.date(y, m, 1), counts.get((y, m), 0)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return months

    @property
    def alongside(self) -> list[tuple[Term, int]]:
        """The actors that appear most often in this term's briefs, with counts."""
        if self.relations is None:
            return []
        cached: list[tuple[Term, int]] | None = self.__dict__.get("_alongside")
        if cached is None:
            cached = self.__dict__["_alongside"] = self.relations.alongside(self)
        return cached

    @property
    def network(self) -> Network | None:
        """This term and the people most often alongside it, laid out to draw (None: nobody alongside)."""
        if self.relations is None:
            return None
        if "_network" not in self.__dict__:
            self.__dict__["_network"] = self.relations.network(self)
        found: Network | None = self.__dict__["_network"]
        return found


@dataclass(frozen=True)
class Node:
    """A term drawn in a network: where (in the drawing's units), how big, how many briefs."""

    term: Term
    x: float
    y: float
    r: float
    weight: int  # briefs naming it (in the network's briefs)
    center: bool = False  # the term whose page this is


@dataclass(frozen=True)
class Edge:
    a: Node
    b: Node
    weight: int  # briefs naming both


@dataclass(frozen=True)
class Network:
    """Who appears with whom, laid out at build time (the same layout for the same input)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]  # heaviest first
    width: int
    height: int


@dataclass(eq=False)
class TaxonomyIndex:
    """A taxonomy with its terms, for the index page (/actors/) and the term pages."""

    taxonomy: Taxonomy
    terms: list[Term]  # assemble: most briefs first, then by name
    route: str = ""
    url: str = ""


@dataclass(eq=False)
class Month:
    year: int
    month: int
    briefs: list[Brief] = field(repr=False)  # newest first
    route: str = ""
    url: str = ""
    people_taxonomy: str = ""  # assemble: the taxonomy of people (site.yml kind: people), "" for none

    @property
    def date(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def people(self) -> list[tuple[Term, int]]:
        """The people named in most of this month's briefs (at most 6), with counts."""
        counts: dict[int, int] = {}
        terms: dict[int, Term] = {}
        for brief in self.briefs:
            for term in brief.terms.get(self.people_taxonomy, ()):
                counts[id(term)] = counts.get(id(term), 0) + 1
                terms[id(term)] = term
        ranked = sorted(counts, key=lambda k: (-counts[k], terms[k].name.casefold(), terms[k].slug))
        return [(terms[k], counts[k]) for k in ranked[:6]]


@dataclass(eq=False)
class Site:
    """Everything the renderer needs, gathered before any page is written."""

    config: Config
    briefs: list[Brief]  # published briefs, newest first
    taxonomies: dict[str, TaxonomyIndex]  # in site.yml order
    months: list[Month]  # newest first
    updated: dt.datetime | None  # newest date in the site, for feeds (never the clock: output is reproducible)
    relations: Relations | None = field(default=None, repr=False)  # assemble

    def of_kind(self, kind: str) -> TaxonomyIndex | None:
        taxonomy = self.config.taxonomy(kind)
        return self.taxonomies.get(taxonomy.name) if taxonomy else None

    @property
    def network(self) -> Network | None:
        """The people who appear most, and who appears with whom (the /network/ page)."""
        if self.relations is None:
            return None
        if "_network" not in self.__dict__:
            self.__dict__["_network"] = self.relations.network(None)
        found: Network | None = self.__dict__["_network"]
        return found

    @property
    def people(self) -> TaxonomyIndex | None:
        """The taxonomy of people (site.yml kind: people), for templates: site.people.terms."""
        return self.of_kind("people")

    @property
    def topics(self) -> TaxonomyIndex | None:
        return self.of_kind("topics")
