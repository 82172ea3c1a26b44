"""Site configuration: site.yml's keys, each declared once on a field of the typed Config; loading reports every error.

A key's declaration (`setting(...)`: its type, one-line doc, check and default) is the metadata of
the field that holds its value, so the schema the loader validates against, the Config that code
reads and the README's table (`make docs`, checked by a test) all come from this one place.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import files
from ..errors import ConfigError, Invalid, Problems, YamlError, plural
from . import schema as s
from .briefs import BRIEF_SCHEMA
from .yamlio import Document, load

CONFIG_NAME = "site.yml"
MAX_CONFIG_BYTES = 4 * 1024 * 1024  # far more than any site.yml, topic rules included

# Paths the build itself uses at the site root; taxonomies must not take them.
RESERVED_ROUTES = frozenset(
    {"page", "archive", "timeline", "network", "drafts", "search", "static", "css", "js", "img", "pagefind"}
)

# What a taxonomy holds: ingest fills the first three from the people, places and organizations it
# finds and the fourth from the topic rules; the build relates briefs through people and topics.
KINDS = ("people", "places", "organizations", "topics", "tags")
# The kind of a taxonomy that does not say, by its name (the default taxonomies keep theirs).
KIND_BY_NAME = {"actors": "people", "places": "places", "organizations": "organizations", "topics": "topics"}


def setting(
    type: str,
    doc: str,
    check: s.Check,
    default: Any = None,
    *,
    shown: str | None = None,
    required: bool = False,
    table: type[Any] | None = None,
    fields: type[Any] | None = None,
) -> Any:
    """A site.yml key, declared on the field that holds its value (see the module docstring).

    shown: how the README shows the default, when not the value itself; table: the dataclass of each
    value of a mapping of named tables (taxonomies); fields: the dataclass of a fixed sub-mapping.
    """
    key = s.Key(
        type,
        doc,
        check,
        default,
        required=required,
        table=schema_of(table) if table else None,
        fields=schema_of(fields) if fields else None,
        shown=shown,
    )
    return dataclasses.field(metadata={"key": key})


def schema_of(cls: type[Any]) -> dict[str, s.Key]:
    """The schema a dataclass declares: its fields made with setting(), in order."""
    return {f.name: f.metadata["key"] for f in dataclasses.fields(cls) if "key" in f.metadata}


@dataclass(frozen=True)
class Taxonomy:
    """A tag system: actors, places, organizations, topics, or one a site declares."""

    name: str  # URL segment and registry folder, e.g. "actors"
    key: str = setting("string", "front-matter key holding the terms", s.nonempty_string, shown="its name")
    title: str = setting(
        "string", "heading of the taxonomy's index page, e.g. Actors", s.nonempty_string, shown="its name, capitalised"
    )
    singular: str = setting("string", "name of one term, e.g. Actor", s.nonempty_string, shown="the title")
    feeds: bool = setting("boolean", "write an Atom feed for every term", s.boolean, True)
    kind: str = setting(
        "one of " + ", ".join(KINDS),
        "what the terms are: ingest fills people, places, organizations and topics; related briefs and "
        "'most often alongside' come from people and topics",
        s.choice(*KINDS, ""),
        "",
        shown="by name: `people` for actors, the same word for places, organizations and topics; else `tags`",
    )


@dataclass(frozen=True)
class TopicRule:
    """One topic and the keywords that give it to a brief (ingest)."""

    slug: str
    title: str = setting("string", "the topic as briefs name it in `topic:`", s.nonempty_string, required=True)
    keywords: Mapping[str, float] = setting(
        "mapping keyword → weight",
        "words or phrases and their weights; ingest gives a brief the topic with the highest total",
        s.weights,
        {},
    )


@dataclass(frozen=True)
class MarkdownOptions:
    html: bool = setting(
        "boolean",
        "let raw HTML in briefs through; off by default because ingested text comes from the open web",
        s.boolean,
        False,
    )
    typographer: bool = setting("boolean", "smart quotes and dashes", s.boolean, False)


DEFAULT_TAXONOMIES: dict[str, dict[str, Any]] = {
    "actors": {"key": "actors", "title": "Actors", "singular": "Actor", "kind": "people"},
    "places": {"key": "places", "title": "Places", "singular": "Place", "kind": "places"},
    "organizations": {
        "key": "organizations",
        "title": "Organizations",
        "singular": "Organization",
        "kind": "organizations",
    },
    "topics": {"key": "topic", "title": "Topics", "singular": "Topic", "kind": "topics"},
}


@dataclass(frozen=True)
class Config:
    """The validated site.yml, with paths resolved against the folder holding it."""

    root: Path  # folder holding site.yml
    path: Path  # site.yml itself
    title: str = setting("string", "the site's name, shown in the header and feeds", s.title, "Briefing")
    description: str = setting("string", "one sentence under the title and in feeds", s.string, "")
    base_url: str = setting(
        "URL",
        "where the site is published; may carry a path (`https://user.github.io/repo/`)",
        s.url,
        "http://127.0.0.1:8000/",
    )
    language: str = setting(
        "language tag", "the `lang` of every page (`en`, `ko`, …); `ko` also gives Korean dates", s.language, "en"
    )
    author: str = setting("string", "publisher named in feeds", s.string, "", shown="the title")
    theme: str = setting("string", "theme folder under `themes/` (built in: `default`)", s.folder_name, "default")
    output: Path = setting("path", "folder the site is written to", s.nonempty_string, "public")
    content: Path = setting(
        "path", "folder holding `briefs/` and the entity registry, inside the site", s.nonempty_string, "content"
    )
    seeds: Path = setting(
        "path", "folder of raw articles for `briefing ingest`, inside the site", s.nonempty_string, "seeds"
    )
    pagination: int = setting("integer", "briefs per listing page (home, term pages)", s.integer(1, 1000), 10)
    feed_limit: int = setting("integer", "entries per Atom feed", s.integer(1, 10000), 20)
    search: bool = setting(
        "boolean",
        "full-text search: the Pagefind index under `/pagefind/`, the `/search/` page and a search box on every page",
        s.boolean,
        True,
    )
    related: int = setting("integer", "related briefs shown under a brief (0 hides them)", s.integer(0, 100), 5)
    permalink: str = setting(
        "pattern",
        "URL of a brief, from `{year}` `{month}` `{day}` `{slug}`",
        s.nonempty_string,
        "/{year}/{month}/{slug}/",
    )
    cname: str = setting(
        "host name", "custom domain for GitHub Pages (`briefing deploy` writes it as `CNAME`)", s.string, ""
    )
    extra_keys: tuple[str, ...] = setting(
        "list of strings",
        "front-matter keys briefs may use beyond the built-in ones (templates see them as `brief.extra`)",
        s.string_list,
        [],
    )
    markdown: MarkdownOptions = setting("mapping", "Markdown options (below)", s.mapping, fields=MarkdownOptions)
    taxonomies: tuple[Taxonomy, ...] = setting(
        "mapping name → taxonomy",
        "the tag systems (below); each name is a URL segment and a registry folder",
        s.mapping,
        DEFAULT_TAXONOMIES,
        shown="actors, places, organizations, topics",
        table=Taxonomy,
    )
    topics: tuple[TopicRule, ...] = setting(
        "mapping slug → topic rule",
        "topic rules `briefing ingest` uses to give each brief one topic (below)",
        s.mapping,
        {},
        table=TopicRule,
    )
    extra: Mapping[str, Any] = setting("mapping", "free values for themes (`config.extra`)", s.mapping, {})

    def relative(self, path: Path) -> str:
        """A path as messages show it: relative to the site root when inside it."""
        text = os.path.abspath(path)  # noqa: PTH100 - no symlink resolution: this runs per file
        root = _resolved(self.root)
        if text.startswith(root + os.sep):
            return text[len(root) + 1 :].replace(os.sep, "/")
        resolved = str(path.resolve())  # the site may have been reached through a symlink
        if resolved.startswith(root + os.sep):
            return resolved[len(root) + 1 :].replace(os.sep, "/")
        return str(path)

    def taxonomy(self, kind: str) -> Taxonomy | None:
        """The taxonomy holding terms of this kind (people, places, organizations, topics), if any."""
        return next((t for t in self.taxonomies if t.kind == kind), None)

    def with_overrides(self, output: Path | None = None, base_url: str | None = None) -> Config:
        changes: dict[str, Any] = {}
        if output is not None:
            changes["output"] = output.resolve()
        if base_url is not None:
            problems = Problems()
            try:
                changes["base_url"] = _normalise_base_url(s.url(base_url))
            except Invalid as exc:
                problems.error("--base-url", None, None, exc.message, exc.hint)
                raise ConfigError("invalid --base-url", problems.items) from None
        return replace(self, **changes)


SCHEMA: Mapping[str, s.Key] = schema_of(Config)


@lru_cache(maxsize=16)
def _resolved(path: Path) -> str:
    return str(path.resolve())


def load_config(path: Path) -> Config:
    """Read and validate site.yml; raises ConfigError listing every problem."""
    path = Path(os.path.abspath(path))  # noqa: PTH100 - site.yml itself is checked below, not resolved
    if path.is_dir():
        path = path / CONFIG_NAME
    path = path.parent.resolve() / path.name  # the site is the folder holding site.yml, whatever leads to it
    shown = path.name
    if not (path.exists() or path.is_symlink()) or path.is_dir():
        raise ConfigError(
            f"no {CONFIG_NAME} at {path}",
            hint="run `briefing init DIR` to start a site, or pass --config PATH",
        )
    problems = Problems()
    try:
        raw = files.read_bytes(path, files.area(path.parent, None, "the site"), MAX_CONFIG_BYTES, "site.yml files")
    except files.Refused as exc:
        raise ConfigError(f"{shown} {exc.message}", hint=exc.hint) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {shown}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(shown, line, None, "not UTF-8 text", "save site.yml as UTF-8")
        raise ConfigError(f"{shown} is not UTF-8 text", problems.items) from None
    try:
        doc = load(text)
    except YamlError as exc:
        problems.error(shown, exc.line, None, exc.message, exc.hint)
        raise ConfigError(f"{shown} is not valid YAML", problems.items) from None
    values, _ = s.validate(doc, SCHEMA, problems, shown)
    config = _build(path, values, doc, problems)
    if problems.errors:
        raise ConfigError(f"{shown}: {plural(len(problems.errors), 'error')}", problems.items)
    return config


def _build(path: Path, v: dict[str, Any], doc: Document, problems: Problems) -> Config:
    """Validated values → Config; the rules that span keys are checked here."""
    root = path.parent
    shown = path.name
    values = {name: v[name] for name in SCHEMA}
    values.update(
        base_url=_normalise_base_url(v["base_url"]),
        author=v["author"] or v["title"],
        output=(root / v["output"]).resolve(),
        content=(root / v["content"]).resolve(),
        seeds=(root / v["seeds"]).resolve(),
        extra_keys=tuple(v["extra_keys"]),
        markdown=MarkdownOptions(**v["markdown"]),
        taxonomies=_taxonomies(v["taxonomies"], doc, shown, problems),
        topics=tuple(TopicRule(slug=slug, **t) for slug, t in v["topics"].items()),
    )
    for key in ("content", "seeds"):
        # Sources are read from inside the site only: a site.yml must not make ingest or the build
        # read (and publish) a folder elsewhere on the machine.
        # Judged as written (a folder that is a link out is refused where it is read: files.Area).
        folder = Path(os.path.normpath(root / v[key]))
        if folder != root and not folder.is_relative_to(root):
            problems.error(
                shown,
                doc.line(key),
                key,
                f"'{v[key]}' is outside the site's folder",
                f"keep {key}/ inside the folder that holds {CONFIG_NAME}",
            )
            values[key] = (root / SCHEMA[key].default).resolve()
    if not _valid_permalink(v["permalink"]):
        problems.error(
            shown,
            doc.line("permalink"),
            "permalink",
            f"'{v['permalink']}' must start and end with '/' and contain {{slug}}",
            "e.g. /{year}/{month}/{slug}/ or /briefs/{slug}/",
        )
        values["permalink"] = SCHEMA["permalink"].default
    cname = v["cname"]
    if cname and not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}", cname):
        problems.error(shown, doc.line("cname"), "cname", f"'{cname}' is not a host name", "e.g. briefs.example.org")
    return Config(root=root, path=path, **values)


def _taxonomies(
    tables: dict[str, dict[str, Any]], doc: Document, shown: str, problems: Problems
) -> tuple[Taxonomy, ...]:
    taxonomies: list[Taxonomy] = []
    keys_seen: dict[str, str] = {}
    kinds_seen: dict[str, str] = {}
    defaults = {key: spec.default for key, spec in schema_of(Taxonomy).items()}
    for name, given in tables.items():
        t = {**defaults, **given}  # the default taxonomies give only what differs
        title = t["title"] or name.replace("-", " ").title()
        taxonomy = Taxonomy(
            name=name,
            key=t["key"] or name,
            title=title,
            singular=t["singular"] or title,
            feeds=t["feeds"],
            kind=t["kind"] or KIND_BY_NAME.get(name, "tags"),
        )
        line = doc.line("taxonomies", name)
        where = f"taxonomies.{name}"
        if name in RESERVED_ROUTES:
            problems.error(shown, line, where, f"'{name}' is a path the site uses itself", "rename it")
        if taxonomy.key in BRIEF_SCHEMA:
            problems.error(
                shown, line, f"{where}.key", f"'{taxonomy.key}' is a built-in front-matter key", "pick another key"
            )
        if taxonomy.key in keys_seen:
            problems.error(
                shown,
                line,
                f"{where}.key",
                f"front-matter key '{taxonomy.key}' is already used by taxonomy '{keys_seen[taxonomy.key]}'",
            )
        if taxonomy.kind != "tags" and taxonomy.kind in kinds_seen:
            problems.error(
                shown,
                line,
                f"{where}.kind",
                f"taxonomy '{kinds_seen[taxonomy.kind]}' already holds the {taxonomy.kind}",
                "give one of them kind: tags",
            )
        keys_seen[taxonomy.key] = name
        kinds_seen[taxonomy.kind] = name
        taxonomies.append(taxonomy)
    return tuple(taxonomies)


def _valid_permalink(pattern: str) -> bool:
    if not (pattern.startswith("/") and pattern.endswith("/") and "{slug}" in pattern):
        return False
    leftover = re.sub(r"\{(year|month|day|slug)\}", "", pattern)
    return re.fullmatch(r"[/a-z0-9_-]*", leftover) is not None and "//" not in pattern


def _normalise_base_url(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def default_config(root: Path, **values: Any) -> Config:
    """A Config with every default, for callers that have no site.yml (tests, `extract`)."""
    doc = Document({})
    problems = Problems()
    v, _ = s.validate(doc, SCHEMA, problems, CONFIG_NAME)
    v.update(values)
    return _build(root / CONFIG_NAME, v, doc, problems)
