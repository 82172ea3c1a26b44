"""Ingest stage, HTML pages: the article's headline, from its <h1> checked against the page's stated titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .metadata import PageMeta

__all__ = ["Tuning", "choose_title", "site_like", "site_words"]

# An lxml.html tree (lxml ships no type stubs).
HtmlElement = Any

_WORD = re.compile(r"\w+")
# Separators between a headline and the site's name or section in <title>/og:title (the bar
# also as a box-drawing or a full-width one: "Headline │ Site", "제목｜사이트"). A colon only
# counts with a space before it too ("Headline : Site"); "Kim: talks" is one headline.
_TITLE_SEP = re.compile(r"\s+(?:[|│｜\-–—·»:~/]|::|\|\|)\s+|\s*[|│｜»·]\s*")
# Headings that are there for screen readers or page furniture, not a headline.
_HIDDEN = re.compile(r"sr-only|visually-?hidden|screen-?reader|aural|navskip|skip|hidden|offscreen|logo", re.I)
# Class names that mark the small line above a headline (kicker, overline, Dachzeile…).
_KICKER = re.compile(
    r"kicker|overline|over-title|overtitle|dachzeile|topline|toptitle|top-title|roofline|eyebrow|"
    r"supertitle|super-title|superline|pretitle|pre-title|preheadline|rubric|category|label",
    re.I,
)
# Tags that split a heading into separately styled parts (formatting inside a sentence does not).
_PART_TAGS = {"span", "small", "div", "p", "strong", "b", "em", "i", "mark", "sup"}


@dataclass(frozen=True)
class Tuning:
    """The choices that were measured with site-grouped folds (eval/html_eval.py --folds)."""

    # chosen on 4 of 5 site-grouped folds of meta-dev + meta-extra (eval/html_eval.py --only folds)
    min_overlap: float = 0.8  # a heading is the headline when this share of its words is in a stated title
    site_share: float = 0.34  # a title part is the site's name when this share of its words names the site


TUNING = Tuning()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("\xad", "").casefold())


def _clean(text: str) -> str:
    # soft hyphens are hyphenation hints for the browser, invisible to readers: not the headline's;
    # NFC so that the same letters are the same characters whichever form the page wrote them in
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text.replace("\xad", ""))).strip()


def _host(url: str | None) -> str:
    """The host a page comes from; for a web-archive capture, the archived page's host."""
    if not url or "://" not in url:
        return ""
    # "https://web.archive.org/web/20160330101229/http:/muffinrezept.net/…" (its canonical has one slash)
    archived = re.search(r"/web/\d+[a-z_]*/(?:https?:/+)?([\w.-]+)", url)
    if archived and "archive.org" in (urlsplit(url).hostname or ""):
        return archived.group(1).lower()
    return (urlsplit(url).hostname or "").lower()


def site_words(meta: PageMeta, site: str | None, url: str | None) -> set[str]:
    """Words that name the site: its stated names and the labels of its host name."""
    words: set[str] = set()
    for name in [*meta.site_names, site or ""]:
        # a "site name" of many words is usually the page's own title misfiled (trafilatura and
        # some sites fall back to it); it would make every headline look like the site's name
        if len(_words(name)) <= 5 and not _TITLE_SEP.search(name):
            words.update(_words(name))
    host = _host(url)
    if host:
        # the host name written whole, as a title part ("Disfunctions.de", "Selbstversorger.de")
        words.add("".join(_words(re.sub(r"^(?:www\d?|m|amp)\.", "", host))))
    for label in host.split(".")[:-1]:
        if label not in ("www", "m", "amp", "blog", "news", "com", "co", "org", "net"):
            words.update(w for w in re.split(r"[-_]", label) if len(w) >= 3)
            words.add(label)
    return words


def site_like(part: str, site: set[str], share: float) -> bool:
    words = [w for w in _words(part) if len(w) >= 2 and not w.isdigit()]
    if not words or not site:
        return False
    if "".join(words) in site:
        return True  # "Krimiblog-Archiv" for archiv.krimiblog.de, "MDR.DE"

    def names(w: str) -> bool:
        return w in site or (len(w) >= 4 and any(w in s for s in site))

    if share < 1.0 and len(words[0]) >= 4 and names(words[0]):
        return True  # "Bibliothek 2.0 und mehr" on bibliothek2null.de: a site's name leads with it
    return sum(map(names, words)) / len(words) >= share


def strip_site(title: str, site: set[str], share: float) -> str:
    """ "Headline | Site | tagline" → "Headline": the site's name, and what stands on its far side
    of it, go; "Site » Headline" → "Headline"."""
    return split_site(title, site, share)[0]


def split_site(title: str, site: set[str], share: float) -> tuple[str, list[str]]:
    """strip_site's answer, and the parts of the title it took for the site's name."""
    title = _clean(title)
    parts = [p for p in _TITLE_SEP.split(title) if p.strip()]
    if len(parts) < 2:
        return ("", [title]) if site_like(title, site, 1.0) else (title, [])
    seps = _TITLE_SEP.findall(title)
    # a trailing part names the site when most of its words do; a leading one ("Site » Headline")
    # only when all of them do, since headlines often open with a word the site's name shares
    # ("Four Years Remaining » Blog Archive » Headline": a title of three parts or more that opens
    # with a part mostly naming the site opens with the site's name)
    lead = share if len(parts) >= 3 else 1.0
    flags = [site_like(p, site, share if i else lead) for i, p in enumerate(parts)]
    if not any(flags):
        return title, []
    first = flags.index(True)
    named = [p.strip() for p, flag in zip(parts, flags, strict=True) if flag]
    keep = [i for i in (range(0, first) if first > 0 else range(1, len(parts))) if not flags[i]]
    if first == 0 and len(keep) >= 2:
        # "Site » Blog Archive » Headline", "Site - Section - Headline": a title that opens with
        # the site's name goes from the general to the particular, and ends with the headline
        keep = keep[-1:]
    if not keep:
        return "", named
    # rejoin the kept parts with the separators the page used between them
    out = parts[keep[0]]
    for i in keep[1:]:
        out += seps[i - 1] + parts[i]
    return out.strip(), named


def _parts(node: HtmlElement) -> list[tuple[str, bool]]:
    """A heading's separately styled parts (text, is-a-kicker), in order; formatting inside a
    sentence (<a>, <em> without a class) stays in its part."""
    while (
        len(node) == 1
        and isinstance(node[0].tag, str)
        and not (node.text or "").strip()
        and not (node[0].tail or "").strip()
        and not _KICKER.search(node[0].get("class") or "")
    ):
        node = node[0]  # "<h1><span itemprop=headline><small>…</small><br>…</span></h1>": look inside
    parts: list[list[Any]] = [[node.text or "", False]]
    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        cls = child.get("class") or "" if tag else ""
        if tag == "br":
            parts.append(["", False])
        elif not tag or _HIDDEN.search(cls):
            pass  # a comment, or "<span class='visually-hidden'>: </span>"
        elif tag in _PART_TAGS and (cls or tag in ("small", "div", "p")):
            parts.append([child.text_content(), bool(_KICKER.search(cls)) or tag == "small"])
            parts.append(["", False])
        else:
            parts[-1][0] += child.text_content()
        parts[-1][0] += child.tail or ""
    out = [(_clean(text), kicker) for text, kicker in parts]
    return [(t, k) for t, k in out if t and not re.fullmatch(r"[\W_]+", t)]


def heading_text(node: HtmlElement, titles: list[str], given: Sequence[str] = ()) -> str:
    """A heading without its kicker: "<span class=kicker>Klimaschutz</span><span>Bohren…</span>"
    → "Bohren…". A leading part without such a class goes too when it is shorter than what
    follows and what follows agrees at least as well with the page's stated titles (`titles`, without
    the site's name), unless a title as the page gives it (`given`) holds the whole heading as it reads."""
    parts = _parts(node)
    whole = _clean(node.text_content())
    stated = {_folded(t) for t in titles}
    given_folded = [t.casefold() for t in given]
    while len(parts) >= 2 and len(_words(parts[0][0])) <= 8:
        rest = " ".join(t for t, _ in parts[1:])
        # (what follows the leading part being a stated title word for word, the part goes whatever
        # its length: "Energiewende Oberland: | Klimavorreiter Oberland?")
        if not parts[0][1] and _folded(rest) not in stated:
            # a heading a stated title gives whole ("<span>Ehezoff</span> der Pochers eskaliert")
            # has no kicker to lose
            if any(_clean(" ".join(t for t, _ in parts)).casefold() in t for t in given_folded):
                break
            shorter = len(_words(parts[0][0])) < max(len(_words(t)) for t, _ in parts[1:])
            agrees = max((_overlap(rest, t) for t in titles), default=0.0) >= max(
                (_overlap(whole, t) for t in titles), default=1.0
            )
            if not (shorter and agrees and titles):
                break
        parts = parts[1:]
    return _clean(" ".join(t for t, _ in parts)) if parts else whole


def _folded(text: str) -> str:
    return " ".join(_words(text))


def _visible_headings(tree: HtmlElement) -> Iterable[HtmlElement]:
    for node in tree.iter("h1"):
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _HIDDEN.search(marks) or node.get("hidden") is not None or "display:none" in (node.get("style") or ""):
            continue
        if any(a.tag in ("nav", "footer") for a in node.iterancestors() if isinstance(a.tag, str)):
            continue
        yield node


def _overlap(heading: str, title: str) -> float:
    words = _words(heading)
    if not words:
        return 0.0
    stated = set(_words(title))
    return sum(w in stated for w in words) / len(words)


def choose_title(
    tree: HtmlElement, meta: PageMeta, fallback: str | None, site: str | None, url: str | None, tuning: Tuning = TUNING
) -> str | None:
    """The headline readers see. The <h1> that agrees with a title the page states (JSON-LD
    headline, og:title, <title>) wins; a single <h1> stands on its own; otherwise the stated
    titles, in that order, without the site's name."""
    names = site_words(meta, site, url)
    offered = [meta.titles.get(k) for k in ("json-ld", "og", "twitter", "dc", "title")] + [fallback]
    stated = [_clean(s) for s in offered if s]
    split = [split_site(s, names, tuning.site_share) for s in stated]
    titles = [t for t, _ in split if t]
    # the parts of the stated titles that name the site: an <h1> that says just that is the site's logo
    logos = {_folded(n) for _, named in split for n in named}
    given = {s.casefold() for s in stated}
    # a heading or title that only names the site ("Disfunctions.de", a logo in an <h1>) is no headline
    headings: list[str] = []
    for node in _visible_headings(tree):
        text = heading_text(node, titles, stated)
        if text.casefold() not in given:
            # (a heading the page also states as its title, word for word, is the headline whole:
            # "Welpen kaufen – Tipps zu jeder Hunderasse" on welpenkaufen24.de)
            text = strip_site(text, names, tuning.site_share)
        fit = text and len(text) <= 300 and text not in headings
        if fit and not _only_site(text, names) and _folded(text) not in logos:
            headings.append(text)
    # the heading that agrees best with a stated title; between equals, the one more titles agree
    # with, then the one the more trusted title (JSON-LD, og:title before trafilatura's) agrees with
    best, best_score = None, (0.0, 0.0, 0)
    for h in headings:
        scores = [_overlap(h, t) for t in titles]
        top = max(scores, default=0.0)
        score = (top, sum(scores), -scores.index(top) if scores else 0)
        if score > best_score:
            best, best_score = h, score
    if best is not None and best_score[0] >= tuning.min_overlap:
        return best
    if len(headings) == 1 and len(_words(headings[0])) >= 2:
        return headings[0]
    found = next((t for t in titles if not _only_site(t, names)), titles[0] if titles else None)
    # a headline made of the site's name ("Gitarre & Bass 02/2022" on GITARRE & BASS) is still the headline
    return found or next(iter(stated), None)


def _only_site(text: str, names: set[str]) -> bool:
    """Every word of three letters or more names the site ("Disfunctions.de", "jan-grosser.de")."""
    words = [w for w in _words(text) if len(w) >= 3]
    return bool(words) and all(w in names or (len(w) >= 4 and any(w in n for n in names)) for w in words)
