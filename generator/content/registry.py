"""Load stage: the entity registry (content/<taxonomy>/*.md) and its one rule for which entry a name means.

Ingest (to tag what it finds) and the build (to resolve what briefs name) ask the same Registry, so
they can never disagree on who "Kim" is. The rule:

- spellings are compared as slugs, so case, hyphens, accents and spacing never split a name;
- an entry's own name and slug claim their spelling first; an alias only takes what is left, so an
  alias never steals another entry's name;
- an alias claimed by two entries belongs to neither: it is *ambiguous* (a warning on the registry;
  a brief that uses it is an error naming both; ingest does not tag it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from ..config.site import Config, Taxonomy
from ..errors import Problems
from ..model import Entry
from ..slugs import slugify
from .loader import Loader


class TermRegistry:
    """The entries of one taxonomy, looked up by any of their spellings."""

    def __init__(self, taxonomy: Taxonomy, entries: Iterable[Entry], problems: Problems) -> None:
        self.taxonomy = taxonomy
        self.by_key: dict[str, Entry] = {}
        self.ambiguous: dict[str, list[Entry]] = {}
        self.entries: list[Entry] = []
        by_slug: dict[str, Entry] = {}
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
            self.entries.append(entry)
        for entry in self.entries:
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
        for entry in self.entries:
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

    def resolve(self, name: str) -> Entry | None:
        """The entry name means, or None when no entry has it or it is ambiguous."""
        return self.by_key.get(slugify(name))

    def candidates(self, name: str) -> list[Entry]:
        """The entries an ambiguous name could mean; [] when it is not ambiguous."""
        return self.ambiguous.get(slugify(name), [])

    def spellings(self, entry: Entry) -> tuple[str, ...]:
        """The aliases of entry that the rule gives it (or leaves ambiguous between it and others).

        An alias that is another entry's name is dropped: the name wins.
        """
        kept: list[str] = []
        for alias in entry.aliases:
            key = slugify(alias)
            if self.by_key.get(key) is entry or entry in self.ambiguous.get(key, ()):
                kept.append(alias)
        return tuple(kept)


class Registry:
    """Every taxonomy's registry, loaded once and shared by whoever needs to resolve a name."""

    def __init__(self, config: Config, entries: Mapping[str, Iterable[Entry]], problems: Problems) -> None:
        self.config = config
        self.taxonomies = {t.name: TermRegistry(t, entries.get(t.name, ()), problems) for t in config.taxonomies}

    def of(self, taxonomy: str) -> TermRegistry:
        return self.taxonomies[taxonomy]

    def kind(self, kind: str) -> TermRegistry | None:
        """The registry of the taxonomy holding this kind of term (people, places, …), if the site has one."""
        taxonomy = self.config.taxonomy(kind)
        return self.taxonomies[taxonomy.name] if taxonomy else None


def load_registry(config: Config, problems: Problems) -> Registry:
    """Read every registry entry; invalid files are reported into problems and left out."""
    content = Loader(config).load(briefs=False)
    problems.extend(content.problems.items)
    return Registry(config, content.entries, problems)
