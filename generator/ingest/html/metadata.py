"""Ingest stage, HTML pages: what a page states about itself in markup (JSON-LD, <meta>, <time>, <h1>)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = ["PageMeta", "Stamp", "read_meta"]

# An lxml.html tree (lxml ships no type stubs).
HtmlElement = Any

# schema.org types that are one article (the thing a brief is about), as opposed to the site,
# a person, a breadcrumb list or an image.
ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "discussionforumposting",
    "techarticle",
    "scholarlyarticle",
    "medicalscholarlyarticle",
    "report",
    "review",
    "recipe",
    "howto",
    "creativework",
    "videoobject",
    "podcastepisode",
    "event",
}
PAGE_TYPES = {"webpage", "itempage", "aboutpage", "collectionpage", "profilepage", "qapage", "faqpage"}


@dataclass(frozen=True)
class Stamp:
    """A date or date-time the page's markup states, as written, with where it stood."""

    value: str
    kind: str  # "published", "modified" or "created"
    source: str  # e.g. "json-ld datePublished", "html meta article:published_time"
    strength: int  # 3 the article's own JSON-LD, 2 a named <meta>, 1 <time>/itemprop elsewhere


@dataclass
class PageMeta:
    """The evidence a page gives about its title, authors and dates, before any choice is made."""

    titles: dict[str, str] = field(default_factory=dict)  # source → title ("json-ld", "og", "title", …)
    h1s: list[str] = field(default_factory=list)
    authors: dict[str, list[str]] = field(default_factory=dict)  # source → names as stated
    site_names: list[str] = field(default_factory=list)
    stamps: list[Stamp] = field(default_factory=list)
    language: str = ""  # <html lang>, og:locale or content-language, lower case ("ko", "en-us")


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return re.sub(r"\s+", " ", value).strip()


# --- JSON-LD ----------------------------------------------------------------------------------


def _json_blocks(tree: HtmlElement) -> Iterator[Any]:
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$", "", raw).strip()
        if not raw:
            continue
        try:
            yield json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            # a trailing comma or two objects in one script are common; try the first object alone
            try:
                yield json.JSONDecoder(strict=False).raw_decode(raw)[0]
            except (ValueError, RecursionError):
                continue


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _top_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The objects a JSON-LD block describes at its top level (lists and @graph unrolled)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _top_objects(item, depth + 1)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _top_objects(data["@graph"], depth + 1)
        if "@type" in data:
            yield data
            main = data.get("mainEntity")
            if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
                yield main  # a WebPage whose mainEntity is the article


def _names(value: Any, depth: int = 0) -> list[str]:
    """Author names from a JSON-LD author value: a string, a Person, or a list of them."""
    if depth > 3:
        return []
    if isinstance(value, str):
        return [_text(value)] if _text(value) and not value.strip().startswith("http") else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v, depth + 1)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return _names(name, depth + 1)
        if isinstance(name, str) and _text(name):
            return [_text(name)]
        given, family = _text(value.get("givenName")), _text(value.get("familyName"))
        return [f"{given} {family}".strip()] if given or family else []
    return []


def _is_org(value: Any) -> bool:
    return isinstance(value, dict) and bool(
        _types(value) & {"organization", "newsmediaorganization", "corporation", "governmentorganization"}
    )


def _same_page(obj: dict[str, Any], url: str | None) -> bool:
    if not url:
        return False
    want = _url_key(url)
    for key in ("url", "mainEntityOfPage", "@id"):
        val = obj.get(key)
        if isinstance(val, dict):
            val = val.get("@id") or val.get("url")
        if isinstance(val, str) and _url_key(val) == want:
            return True
    return False


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).lower()


def _read_json_ld(tree: HtmlElement, url: str | None, meta: PageMeta) -> None:
    articles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    for block in _json_blocks(tree):
        for obj in _top_objects(block):
            types = _types(obj)
            if types & ARTICLE_TYPES:
                articles.append(obj)
            elif types & PAGE_TYPES:
                pages.append(obj)
            elif types & {"organization", "newsmediaorganization", "website"} and _text(obj.get("name")):
                meta.site_names.append(_text(obj.get("name")))
    # The article of this page: the one that names this page's address, else the first one
    # (later ones are related stories, live-blog updates or a carousel).
    articles.sort(key=lambda o: not _same_page(o, url))
    if articles:
        art = articles[0]
        headline = _text(art.get("headline")) or _text(art.get("name"))
        if headline:
            meta.titles["json-ld"] = headline
        author = art.get("author") or art.get("creator")
        people = [a for a in (author if isinstance(author, list) else [author]) if not _is_org(a)]
        names = _names(people)
        if names:
            meta.authors["json-ld"] = names
        elif _names(author):
            meta.authors["json-ld organization"] = _names(author)
        publisher = art.get("publisher")
        if isinstance(publisher, dict) and _text(publisher.get("name")):
            meta.site_names.append(_text(publisher.get("name")))
        for key, kind in (("datePublished", "published"), ("dateCreated", "created"), ("dateModified", "modified")):
            value = _text(art.get(key))
            if value:
                meta.stamps.append(Stamp(value, kind, f"json-ld {key}", 3))
    for page in pages[:1]:
        for key, kind in (("datePublished", "published"), ("dateModified", "modified")):
            value = _text(page.get(key))
            if value:
                meta.stamps.append(Stamp(value, kind, f"json-ld WebPage {key}", 2))
        if "json-ld" not in meta.authors and _names(page.get("author")):
            meta.authors["json-ld page"] = _names(page.get("author"))


# --- <meta> and markup -------------------------------------------------------------------------

_PUBLISHED_META = {
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
    "article.published",
    "datepublished",
    "date_published",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "pub_date",
    "publication_date",
    "publication-date",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article_date_original",
    "originalpublicationdate",
    "displaydate",
    "created",
    "datecreated",
    "article:created",
    "og:pubdate",
    "release_date",
    "prism.publicationdate",
}
_MODIFIED_META = {
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "article:modified",
    "modified_time",
    "datemodified",
    "date_modified",
    "last-modified",
    "lastmodified",
    "dc.date.modified",
    "dcterms.modified",
    "revised",
    "updated",
    "article.updated",
}
_AUTHOR_META = {
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
    "citation_author",
    "twitter:creator",
    "cxenseparse:author",
    "authors",
}
_TITLE_META = {"og:title": "og", "twitter:title": "twitter", "dc.title": "dc", "citation_title": "citation"}
_SITE_META = {"og:site_name", "application-name", "publisher", "twitter:site", "dc.publisher", "cxenseparse:site"}


_OTHER_DATE_META = re.compile(r"publi|pubdate|created|issued|modif|updat|revis")


def _read_meta_tags(tree: HtmlElement, meta: PageMeta) -> None:
    for node in tree.iter("meta"):
        name = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = _text(node.get("content"))
        if not name or not content:
            if (node.get("http-equiv") or "").lower() == "content-language" and content and not meta.language:
                meta.language = content.lower()
            continue
        if name in _TITLE_META:
            meta.titles.setdefault(_TITLE_META[name], content)
        elif name in _SITE_META:
            meta.site_names.append(content.lstrip("@"))
        elif name in _AUTHOR_META:
            if not content.startswith("http") and not content.startswith("@"):
                meta.authors.setdefault(f"meta {name}", []).append(content)
        elif name in _PUBLISHED_META or name in _MODIFIED_META:
            kind = "published" if name in _PUBLISHED_META else "modified"
            strength = 1 if name in ("date", "created", "updated", "revised") else 2
            meta.stamps.append(Stamp(content, kind, f"html meta {name}", strength))
        elif name == "og:locale" and not meta.language:
            meta.language = content.lower().replace("_", "-")
        elif _OTHER_DATE_META.search(name) and re.match(r"\s*\d{4}-\d", content):
            # fields of one analytics or CMS vendor or another ("cXenseParse:recs:publishtime")
            kind = "modified" if re.search(r"modif|updat|revis", name) else "published"
            meta.stamps.append(Stamp(content, kind, f"html meta {name}", 1))


def _read_markup(tree: HtmlElement, meta: PageMeta) -> None:
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    lang = _text(root.get("lang") or root.get("xml:lang")) if root is not None else ""
    if lang:
        meta.language = lang.lower()
    title = tree.find(".//title")
    if title is not None:
        text = _text(title.text_content())
        if text:
            meta.titles["title"] = text
    for node in tree.iter("h1"):
        text = _text(node.text_content())
        if text and len(text) <= 300 and text not in meta.h1s:
            meta.h1s.append(text)
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        # microdata itemprop="datePublished", or RDFa property="schema:dateCreated"
        prop = (node.get("itemprop") or node.get("property") or "").lower().rsplit(":", 1)[-1]
        if node.tag == "meta":
            continue
        if prop in ("datepublished", "datecreated", "datemodified"):
            value = _text(node.get("datetime") or node.get("content") or node.text_content())
            kind = {"datepublished": "published", "datecreated": "created"}.get(prop, "modified")
            if value:
                meta.stamps.append(Stamp(value, kind, f"html itemprop {prop}", 2))
        elif node.tag == "time" and node.get("datetime"):
            cls = f"{node.get('class') or ''} {(node.get('pubdate') is not None and 'pubdate') or ''}".lower()
            kind = "modified" if re.search(r"updat|modif", cls) else "published"
            meta.stamps.append(Stamp(_text(node.get("datetime")), kind, "html <time> element", 1))


def read_meta(tree: HtmlElement, url: str | None) -> PageMeta:
    """Every statement the page makes about its title, authors, site and dates."""
    meta = PageMeta()
    _read_markup(tree, meta)
    _read_meta_tags(tree, meta)
    _read_json_ld(tree, url, meta)
    _mend_cut_titles(meta)
    return meta


def _mend_cut_titles(meta: PageMeta) -> None:
    """A meta tag's title cut short at a quotation mark the page left unescaped (content="… de
    "incapacitado"" reads as "… de "): the <title> that goes on from it with that mark is its whole."""
    whole = meta.titles.get("title", "")
    for key in ("og", "twitter", "dc"):
        part = meta.titles.get(key, "").rstrip()
        if part and len(part) < len(whole) and whole.startswith(part) and whole[len(part) :].lstrip()[:1] in "\"'":
            meta.titles[key] = whole
