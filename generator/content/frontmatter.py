"""Front matter: the declared keys of briefs and registry entries, and splitting a file into YAML and body."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..config import schema as s
from ..errors import FrontMatterError

# Keys of a brief besides its taxonomies (actors, places, organizations, topic — declared in site.yml).
BRIEF_SCHEMA: Mapping[str, s.Key] = {
    "title": s.Key("string", "headline of the brief", s.nonempty_string, required=True),
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
    "seed": s.Key("string", "seed file the brief was ingested from (written by ingest)", s.string, ""),
    "seed_sha256": s.Key("string", "SHA-256 of that seed (written by ingest)", s.string, ""),
}

# Registry entries: content/<taxonomy>/<slug>.md; the body is the term page's bio.
ENTRY_SCHEMA: Mapping[str, s.Key] = {
    "name": s.Key("string", "canonical name, as term pages and briefs show it", s.nonempty_string, required=True),
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

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Split:
    yaml: str  # the YAML between the fences
    yaml_line: int  # file line the YAML starts on (1-based)
    body: str  # the Markdown after the closing fence
    body_line: int  # file line the body starts on


def split(text: str) -> Split:
    """Separate `---` fenced YAML from the Markdown body; fails loudly rather than guessing."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise FrontMatterError(
            "no front matter",
            1,
            "the file must start with a line '---', then YAML keys (title:, date:… or name:), then another '---'",
        )
    for index in range(1, len(lines)):
        if _END.match(lines[index]):
            return Split(
                yaml="\n".join(lines[1:index]),
                yaml_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise FrontMatterError("front matter is never closed", 1, "add a line '---' after the last YAML key")


def join(yaml_text: str, body: str) -> str:
    """The inverse of split: a file as ingest writes it."""
    body = body.strip("\n")
    return f"---\n{yaml_text.rstrip()}\n---\n\n{body}\n" if body else f"---\n{yaml_text.rstrip()}\n---\n"
