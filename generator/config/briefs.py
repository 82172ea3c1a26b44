"""Declared keys of briefs and registry entries (front matter): type, one-line doc and check of each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import schema as s

if TYPE_CHECKING:
    from .site import Config

# Keys of a brief besides its taxonomies (actors, places, organizations, topic — declared in site.yml).
BRIEF_SCHEMA: Mapping[str, s.Key] = {
    "title": s.Key("string", "headline of the brief (at most 300 characters)", s.title, required=True),
    "date": s.Key(
        "date",
        "publication date: YYYY-MM-DD or an ISO date-time with offset; required unless draft: true",
        s.date_or_datetime,
    ),
    "updated": s.Key("date", "date of the last substantive change (feeds, sitemap)", s.date_or_datetime),
    "source": s.Key("string", "publication the article comes from, e.g. Korea JoongAng Daily", s.string, ""),
    "source_url": s.Key("URL", "address of the original article", s.url, ""),
    "byline": s.Key("string", "author(s) of the original article", s.string, ""),
    "summary": s.Key("string", "one or two sentences shown in listings and feeds", s.string, ""),
    "label": s.Key("string", "kind of text shown as a badge, e.g. News or Official statement", s.string, ""),
    "credit": s.Key("string", "attribution line shown under the brief (licence terms, changes made)", s.string, ""),
    "license": s.Key("string", "licence of the original text, e.g. CC BY 2.5", s.string, ""),
    "license_url": s.Key("URL", "link to the licence", s.url, ""),
    "draft": s.Key("boolean", "left out of the site unless built with --drafts", s.boolean, False),
    "slug": s.Key("string", "last URL segment (default: the file name without its date)", s.nonempty_string, ""),
    "lang": s.Key(
        "language tag",
        "language of the brief (`en`, `ko`, …; default: site.yml `language`); written by ingest when it differs",
        s.language,
        "",
    ),
    "quotes": s.Key(
        "list of {speaker, text}",
        "direct quotes in the brief: `text` as said, `speaker` as the registry names them (left out when unclear)",
        s.quote_list,
        [],
    ),
    "seed": s.Key("string", "seed file the brief was ingested from (written by ingest)", s.path_text, ""),
    "seed_sha256": s.Key("string", "SHA-256 of that seed (written by ingest)", s.string, ""),
}

# Registry entries: content/<taxonomy>/<slug>.md; the body is the term page's bio.
ENTRY_SCHEMA: Mapping[str, s.Key] = {
    "name": s.Key("string", "canonical name, as term pages and briefs show it", s.name, required=True),
    "aliases": s.Key(
        "list of strings",
        "other spellings that resolve to this entry: surname alone, other romanizations, Korean",
        s.string_list,
        [],
    ),
    "role": s.Key("string", "what the entity is, e.g. Supreme Leader of North Korea", s.string, ""),
    "country": s.Key("string", "country the entity belongs to", s.string, ""),
    "slug": s.Key("string", "URL segment of the term page (default: the file name)", s.nonempty_string, ""),
}


def brief_schema(config: Config) -> dict[str, s.Key]:
    """The brief schema plus one list-of-strings key per taxonomy (a single string is a list of one)."""
    keys = dict(BRIEF_SCHEMA)
    for taxonomy in config.taxonomies:
        keys[taxonomy.key] = s.Key("list of strings", f"{taxonomy.title} named in the brief", s.string_list, [])
    return keys
