"""Site configuration: the declared schema of site.yml, its defaults, and loading with every error at once."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..content.frontmatter import BRIEF_SCHEMA
from ..errors import ConfigError, Invalid, Problems, YamlError, plural
from . import schema as s
from .yamlio import Document, load

CONFIG_NAME = "site.yml"

# Paths the build itself uses at the site root; taxonomies must not take them.
RESERVED_ROUTES = frozenset({"page", "archive", "drafts", "search", "static", "css", "js", "img"})

TAXONOMY_SCHEMA: Mapping[str, s.Key] = {
    "key": s.Key("string", "front-matter key holding the terms (default: the taxonomy's name)", s.nonempty_string),
    "title": s.Key("string", "heading of the taxonomy's index page, e.g. Actors", s.nonempty_string),
    "singular": s.Key("string", "name of one term, e.g. Actor", s.nonempty_string),
    "feeds": s.Key("boolean", "write an Atom feed for every term", s.boolean, True),
}

TOPIC_SCHEMA: Mapping[str, s.Key] = {
    "title": s.Key("string", "the topic as briefs name it in `topic:`", s.nonempty_string, required=True),
    "keywords": s.Key(
        "mapping keyword → weight",
        "words or phrases and their weights; ingest gives a brief the topic with the highest total",
        s.weights,
        {},
    ),
}

MARKDOWN_SCHEMA: Mapping[str, s.Key] = {
    "html": s.Key(
        "boolean",
        "let raw HTML in briefs through; off by default because ingested text comes from the open web",
        s.boolean,
        False,
    ),
    "typographer": s.Key("boolean", "smart quotes and dashes", s.boolean, False),
}

DEFAULT_TAXONOMIES: dict[str, dict[str, Any]] = {
    "actors": {"key": "actors", "title": "Actors", "singular": "Actor", "feeds": True},
    "places": {"key": "places", "title": "Places", "singular": "Place", "feeds": True},
    "organizations": {"key": "organizations", "title": "Organizations", "singular": "Organization", "feeds": True},
    "topics": {"key": "topic", "title": "Topics", "singular": "Topic", "feeds": True},
}

SCHEMA: Mapping[str, s.Key] = {
    "title": s.Key("string", "the site's name, shown in the header and feeds", s.nonempty_string, "Briefing"),
    "description": s.Key("string", "one sentence under the title and in feeds", s.string, ""),
    "base_url": s.Key(
        "URL",
        "where the site is published; may carry a path (https://user.github.io/repo/)",
        s.url,
        "http://127.0.0.1:8000/",
    ),
    "language": s.Key("language tag", "the `lang` of every page (en, ko, …)", s.language, "en"),
    "author": s.Key("string", "publisher named in feeds (default: the title)", s.string, ""),
    "theme": s.Key("string", "theme folder under themes/ (built-in: default)", s.nonempty_string, "default"),
    "output": s.Key("path", "folder the site is written to", s.nonempty_string, "public"),
    "content": s.Key("path", "folder holding briefs/ and the entity registry", s.nonempty_string, "content"),
    "seeds": s.Key("path", "folder of raw articles for `briefing ingest`", s.nonempty_string, "seeds"),
    "pagination": s.Key("integer", "briefs per listing page (home, term pages)", s.integer(1, 1000), 10),
    "feed_limit": s.Key("integer", "entries per Atom feed", s.integer(1, 10000), 20),
    "related": s.Key("integer", "related briefs shown under a brief (0 hides them)", s.integer(0, 100), 5),
    "permalink": s.Key(
        "pattern",
        "URL of a brief, from {year} {month} {day} {slug}",
        s.nonempty_string,
        "/{year}/{month}/{slug}/",
    ),
    "cname": s.Key("host name", "custom domain for GitHub Pages (writes CNAME)", s.string, ""),
    "extra_keys": s.Key(
        "list of strings",
        "front-matter keys briefs may use beyond the built-in ones (templates see them as brief.extra)",
        s.string_list,
        [],
    ),
    "markdown": s.Key("mapping", "Markdown options", s.mapping, fields=MARKDOWN_SCHEMA),
    "taxonomies": s.Key(
        "mapping name → taxonomy",
        "the tag systems: each name is a URL segment and a registry folder",
        s.mapping,
        DEFAULT_TAXONOMIES,
        table=TAXONOMY_SCHEMA,
    ),
    "topics": s.Key(
        "mapping slug → topic rule",
        "topic rules ingest uses to give each brief one topic",
        s.mapping,
        {},
        table=TOPIC_SCHEMA,
    ),
    "extra": s.Key("mapping", "free values for themes (site.extra)", s.mapping, {}),
}


@dataclass(frozen=True)
class Taxonomy:
    """A tag system: actors, places, organizations, topics, or one a site declares."""

    name: str  # URL segment and registry folder, e.g. "actors"
    key: str  # front-matter key, e.g. "actors" or "topic"
    title: str  # "Actors"
    singular: str  # "Actor"
    feeds: bool  # an Atom feed per term


@dataclass(frozen=True)
class TopicRule:
    slug: str
    title: str
    keywords: Mapping[str, float]


@dataclass(frozen=True)
class Config:
    """The validated site.yml, with paths resolved against the folder holding it."""

    root: Path  # folder holding site.yml
    path: Path  # site.yml itself
    title: str
    description: str
    base_url: str  # always ends with "/"
    language: str
    author: str
    theme: str
    output: Path
    content: Path
    seeds: Path
    pagination: int
    feed_limit: int
    related: int
    permalink: str
    cname: str
    extra_keys: tuple[str, ...]
    markdown_html: bool
    typographer: bool
    taxonomies: tuple[Taxonomy, ...]
    topics: tuple[TopicRule, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

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


@lru_cache(maxsize=16)
def _resolved(path: Path) -> str:
    return str(path.resolve())


def load_config(path: Path) -> Config:
    """Read and validate site.yml; raises ConfigError listing every problem."""
    path = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
    shown = path.name
    if path.is_dir():
        path = path / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"no {CONFIG_NAME} at {path}",
            hint="run `briefing init DIR` to start a site, or pass --config PATH",
        )
    problems = Problems()
    try:
        raw = path.read_bytes()
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
    root = path.parent
    shown = path.name
    taxonomies: list[Taxonomy] = []
    keys_seen: dict[str, str] = {}
    for name, t in v["taxonomies"].items():
        taxonomy = Taxonomy(
            name=name,
            key=t["key"] or name,
            title=t["title"] or name.replace("-", " ").title(),
            singular=t["singular"] or (t["title"] or name.replace("-", " ").title()),
            feeds=t["feeds"],
        )
        line = doc.line("taxonomies", name)
        if name in RESERVED_ROUTES:
            problems.error(shown, line, f"taxonomies.{name}", f"'{name}' is a path the site uses itself", "rename it")
        if taxonomy.key in BRIEF_SCHEMA:
            problems.error(
                shown,
                line,
                f"taxonomies.{name}.key",
                f"'{taxonomy.key}' is a built-in front-matter key",
                "pick another key",
            )
        if taxonomy.key in keys_seen:
            problems.error(
                shown,
                line,
                f"taxonomies.{name}.key",
                f"front-matter key '{taxonomy.key}' is already used by taxonomy '{keys_seen[taxonomy.key]}'",
            )
        keys_seen[taxonomy.key] = name
        taxonomies.append(taxonomy)
    permalink = v["permalink"]
    if not _valid_permalink(permalink):
        problems.error(
            shown,
            doc.line("permalink"),
            "permalink",
            f"'{permalink}' must start and end with '/' and contain {{slug}}",
            "e.g. /{year}/{month}/{slug}/ or /briefs/{slug}/",
        )
        permalink = SCHEMA["permalink"].default
    cname = v["cname"]
    if cname and not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}", cname):
        problems.error(shown, doc.line("cname"), "cname", f"'{cname}' is not a host name", "e.g. briefs.example.org")
    topics = tuple(TopicRule(slug=slug, title=t["title"], keywords=t["keywords"]) for slug, t in v["topics"].items())
    return Config(
        root=root,
        path=path,
        title=v["title"],
        description=v["description"],
        base_url=_normalise_base_url(v["base_url"]),
        language=v["language"],
        author=v["author"] or v["title"],
        theme=v["theme"],
        output=(root / v["output"]).resolve(),
        content=(root / v["content"]).resolve(),
        seeds=(root / v["seeds"]).resolve(),
        pagination=v["pagination"],
        feed_limit=v["feed_limit"],
        related=v["related"],
        permalink=permalink,
        cname=cname,
        extra_keys=tuple(v["extra_keys"]),
        markdown_html=v["markdown"]["html"],
        typographer=v["markdown"]["typographer"],
        taxonomies=tuple(taxonomies),
        topics=topics,
        extra=v["extra"],
    )


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
