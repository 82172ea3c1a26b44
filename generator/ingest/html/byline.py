"""Ingest stage, HTML pages: the article's authors, from the bylines and metadata the page gives."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .headline import site_like, site_words
from .metadata import PageMeta

__all__ = ["choose_byline"]

# An lxml.html tree (lxml ships no type stubs).
HtmlElement = Any

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


_EMAIL = re.compile(r"\S+@\S+\.\w+")
# Labels that bylines carry in many languages; they are not part of a name.
_BYLINE_LABEL = re.compile(
    r"^(?:view all posts by|all posts by|posts by|written by|posted by|published by|by|por|par|"
    r"von|vom|door|di|auteur|autor|author|autorin|redacción|redaccion|text und interview|text|interview|"
    r"责任编辑|作者|编辑|記者|기자)"
    r"(?:\s*[:：]\s*|\s+)",
    re.I,
)
# A web address, whole or as trafilatura leaves it ("facebook.com/jane.doe", "Facebook Com").
_ADDRESS = re.compile(r"/|\b(?:www|com|net|org)\b", re.I)
_CREDIT = re.compile(r"^(?:foto|fotos|photo|photos|bild|bilder|image|images|picture|grafik|video)s?\b", re.I)
# "Quelle: Shanghai Electric", "Source: Reuters": the source of a story or a picture, not its author
_SOURCE = re.compile(r"^(?:quelle|quellen|source|sources|fuente)\b", re.I)
_NOT_A_NAME = re.compile(
    r"^(?:posted|published|by|admin|administrator|editor|staff|no author|text|interview|"
    r"anonymous|anonym|datum|date)$",
    re.I,
)


def _byline(author: object, tree: HtmlElement, site: str | None) -> str | None:
    """A stated author string → the names in it, cleaned, "; "-joined."""
    if not isinstance(author, str):
        return None
    site_words = set(_words(site or ""))
    page_text: tuple[str, str] | None = None  # (visible text, author <meta> contents)
    names: list[str] = []
    parts = author.split(";")
    for part in parts:
        part = _EMAIL.sub("", part.replace("\xad", ""))
        part = re.sub(r"[()\[\]<>]", " ", part)
        part = re.sub(r"\s+", " ", part).strip(" ,;|©")
        part = re.sub(r"^(.+) \1$", r"\1", _BYLINE_LABEL.sub("", part).strip())  # "© Jane Doe Jane Doe"
        # what follows a name in a byline: "says", and the start of its date ("vor 5 Stunden", "Stand: …")
        part = re.sub(r"\s+(?:says|schreibt|dit|dice|vor|stand|am|um|on|le|el)$", "", part, flags=re.I)
        if _CREDIT.match(part) or _SOURCE.match(part):
            continue  # "Foto: Ingo Schneider" credits a picture, not the article
        if len(part.split()) > 2:
            part = _after_label(part)  # "Zeige alle Beiträge von Petra Ruland" → "Petra Ruland"
        if not part or _NOT_A_NAME.match(part):
            continue
        if len(parts) > 1 and _ADDRESS.search(part):
            continue  # "facebook.com/evgenia.karp; Evgenia Karp": a profile's address beside the name
        if len(parts) > 1 and site_words and set(_words(part)) <= site_words:
            continue  # "El Espectador; Felipe Morales": the publication is the source
        if page_text is None:
            page_text = _author_haystack(tree)
        part = _as_written(part, "\n".join(page_text))
        part = _full_name(part, page_text[0])
        if part not in names:
            names.append(part)
    if len(names) >= 2 and page_text is not None:
        return _joined_as_written(names, page_text[0]) or "; ".join(names)
    return "; ".join(names) or None


_JOINER = r"\s*(?:[,;/&]|\s(?:and|und|et|y|e|og|en|i)\s)\s*"


def _joined_as_written(names: list[str], haystack: str) -> str | None:
    """Several authors the way the page's byline writes them ("Lars Fischer und Alina
    Schadwinkel", "Daniel Braun, Davor Pasoski"), when it writes them in one run."""
    rx = re.compile(r"(?<!\w)" + _JOINER.join(re.escape(n) for n in names) + r"(?!\w)", re.I)
    m = rx.search(haystack)
    return re.sub(r"\s+", " ", m.group(0)).strip() if m else None


def _visible_text(tree: HtmlElement) -> str:
    if not hasattr(tree, "xpath"):
        return ""
    texts = tree.xpath("//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
    return "\n".join(str(t) for t in texts)


def _author_haystack(tree: HtmlElement) -> tuple[str, str]:
    body = _visible_text(tree)
    metas = [
        m.get("content") or ""
        for m in tree.iter("meta")
        if "author" in (m.get("name") or m.get("property") or "").lower()
    ]
    # visible text first; author meta fields often hold profile URLs, not names
    return body[:500_000], "\n".join(c for c in metas if "/" not in c)


_CAPITALISED_PAIR = re.compile(r"(?<!\w)([A-ZÀ-Þ][\w'’-]+) ([A-ZÀ-Þ][\w'’-]+)(?!\w)")


def _as_written(name: str, haystack: str) -> str:
    """trafilatura normalises names ("Perry Bacon Jr.", "T. V. Raman", "Beyß" lose their
    dots or letters); take the spelling the page itself uses when it can be found."""
    tokens = [t for t in re.split(r"[\W_]+", name) if t]
    if not tokens or len(tokens) > 8:
        return name
    if len(tokens) == 1 and len(tokens[0]) >= 8 and tokens[0].islower():
        # an account name ("arianschlichenmayer"): the person's name as the page writes it
        for pair in _CAPITALISED_PAIR.finditer(haystack):
            if (pair.group(1) + pair.group(2)).casefold() == tokens[0]:
                return f"{pair.group(1)} {pair.group(2)}"
    parts = [re.escape(t).replace("ss", "(?:ss|ß)") for t in tokens]
    last = tokens[-1].lower()
    tail = r"\.?" if len(last) <= 2 or last in ("jr", "sr") else ""
    rx = re.compile(r"(?<!\w)" + r"[\s._'’]{0,3}".join(parts) + tail + r"(?!\w)", re.I)
    # the spelling a reader sees: words apart and capitalised ("Luke Kemp", not "luke_kemp")
    best = max(rx.finditer(haystack), key=_readable, default=None)
    written = re.sub(r"\s+", " ", best.group(0)).strip() if best else name
    if re.fullmatch(r"[^\W\d_A-Z]+(?:[._][^\W\d_A-Z]+){1,3}", written) and len(re.split(r"[._]", written)[-1]) > 3:
        # an account name the page shows nowhere else ("robert.stitz", not "tagesschau.de"): the name in it
        return " ".join(t.capitalize() for t in re.split(r"[._]", written))
    return written


def _full_name(name: str, visible: str) -> str:
    """A given name alone ("Nils") → the full name the page shows it in ("Nils Pickert"), when
    the page writes it with one surname, at least twice."""
    if not re.fullmatch(r"[A-ZÀ-Þ][\w'’-]+", name):
        return name
    following = Counter(m.group(1) for m in re.finditer(rf"(?<!\w){re.escape(name)} ([A-ZÀ-Þ][\w'’-]+)(?!\w)", visible))
    if not following:
        return name
    surname, count = following.most_common(1)[0]
    return f"{name} {surname}" if count >= 2 and count * 2 > sum(following.values()) else name


def _readable(match: re.Match[str]) -> tuple[bool, bool]:
    text = match.group(0)
    return " " in text or len(text.split()) > 1, text[:1].isupper()


# --- bylines in the markup ---------------------------------------------------------------------

# Class names that mark a byline or an author's name in page templates, in several languages.
_AUTHOR_CLASS = re.compile(
    r"(?:^|[\s_-])(?:author|authors|author-name|authorname|byline|by-line|autor|autorin|autoren|auteur|autore|"
    r"verfasser|writer|reporter|fn|credit-author)(?:$|[\s_-])|author-?name|byline__|__author|ACredit-Author",
    re.I,
)
# Containers whose authors are not the article's: comments, related stories, page furniture.
_ELSEWHERE = re.compile(r"comment|related|teaser|sidebar|widget|footer|recommend|promo|reply", re.I)
_DATE_BIT = re.compile(
    r"\d{1,2}[./-]\d{1,2}|\b(?:19|20)\d\d\b|\d{1,2}:\d{2}|\b(?:hace|ago|publicado|veröffentlicht|"
    r"aktualisiert|updated|published|posted on|am|on)\b",
    re.I,
)
_INLINE_LABEL = re.compile(r"(?:^|\s)(?:by|von|par|por|door|di|de|av|af)(?:\s*:\s*|\s+)(?=\S)", re.I)
_PIECES = re.compile(r"\s+[|•·–—-]\s+|\s*[|•·]\s*|\s*\n\s*")


def _usable(node: HtmlElement) -> bool:
    for el in (node, *node.iterancestors()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("footer", "aside", "nav", "script", "style", "noscript"):
            return False
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if el is not node and _ELSEWHERE.search(marks) and next(el.iter("h1"), None) is None:
            return False  # a box that holds the headline is the page's layout ("has-sidebar"), not a sidebar
    return True


# Words that stand inside names as well as before them ("Alexa von Heyden", "Verónica De Vita").
_PARTICLES = {"von", "de", "di"}


def _after_label(text: str) -> str:
    """The text after its last byline label ("Posted on 21 Sept 2020 by Adi Tzlil" → "Adi Tzlil"),
    where a particle between capitalised words ("Alexa von Heyden") is part of a name, not a label."""
    for label in reversed(list(_INLINE_LABEL.finditer(text))):
        if label.end() >= len(text):
            continue
        before, after = text[: label.start()].split(), text[label.end() :]
        word = label.group(0).strip().lower()
        inside = 1 <= len(before) <= 2 and all(w[:1].isupper() for w in before) and after[:1].isupper()
        if word in _PARTICLES and inside:
            continue
        return text[label.end() :]
    return text


def _spaced_text(node: HtmlElement) -> str:
    """The node's text with a " | " where two elements' texts touch with no space between:
    "<a>Jil Schuller</a><a>Alle Artikel</a>" is a name, then a link, not one name."""
    out = ""
    for piece in node.itertext():
        touching = out and not out[-1].isspace() and not piece[:1].isspace()
        out += (" | " if touching else "") + piece
    return out


def _shown_name(node: HtmlElement) -> str:
    """The name a byline element shows; without what follows it in touching elements
    ("Jil Schuller" + "Alle Artikel"), unless that is another name ("Clara Löw" + ", Klaus Jacob")."""
    whole, spaced = _byline_text(node.text_content()), _byline_text(_spaced_text(node))
    rest = whole[len(spaced) :] if spaced and whole.startswith(spaced) else ""
    label = len(spaced.split()) < 2 or _INLINE_LABEL.search(spaced + " ")
    return spaced if rest and not label and not re.match(_JOINER, rest) else whole


def _byline_text(text: str) -> str:
    """'Posted on 21 Sept 2020 by Adi Tzlil' → 'Adi Tzlil'; 'Name | Publicado hace 3 horas' → 'Name'."""
    text = _after_label(re.sub(r"\s+", " ", text).strip())
    pieces = [p.strip(" ,:;") for p in _PIECES.split(text)]
    pieces = [p for p in pieces if p and not _DATE_BIT.search(p)]
    return pieces[0] if pieces else ""


# Addresses of an author's page ("/author/jane-doe", "/autoren/max-muster/").
_AUTHOR_PAGE = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|auteurs|autore|journalist|redakteur)/[\w.%-]+/?$", re.I
)
# A short line that opens with a byline label, perhaps after a date: "Von Andreas Kürten",
# "Autor: Peter Maahn/SP-X", "06.11.2023 13:30 von Olga".
_LABEL_LINE = re.compile(
    r"^(?:[\d.:/|-]+\s+)*(?i:by|von|par|por|door|di|av|af|autor|autorin|author|auteur|text|texte)(?:\s*:\s*|\s+)(?=[A-ZÀ-Þ])"
)
_BLOCKISH = ("p", "div", "span", "li", "dd", "td", "small", "strong", "em", "b", "i", "address", "h5", "h6")
# A label in an element of its own, the name after it: "<h5>Autor: </h5>Peter Maahn", "<b>Von:</b><br>Götz Warnke".
_LABEL_ONLY = re.compile(r"(?i:by|von|par|por|door|autor|autorin|author|auteur|text|texte)\s*[:：]?")
_INLINE = ("a", "span", "strong", "b", "em", "i", "font")


def _first_line(node: HtmlElement, text: str) -> str:
    """A labelled line without the links beside the name: "Von <a>Jil Schuller</a><a>Alle
    Artikel</a>" (elements that touch) and "<h3>Autor</h3><h4>Jil Schuller</h4><div>Alle Artikel"
    (lines of their own) give "Von Jil Schuller" and "Autor Jil Schuller"."""
    spaced = re.sub(r"\s+", " ", _spaced_text(node)).strip()
    if not _LABEL_LINE.match(spaced):
        spaced = text
    rows = [r for r in (re.sub(r"\s+", " ", r).strip() for r in node.text_content().split("\n")) if r]
    if len(rows) >= 3:
        label = _LABEL_LINE.match(rows[0] + " " + rows[1])
        if label and label.end() > len(rows[0]) and len(rows[1].split()) >= 2:
            return f"{rows[0]} {rows[1]}"  # the label alone on its line, the name on the next
    return spaced


def _after_label_element(node: HtmlElement, label: str) -> str:
    """The label and the text that follows its element up to the end of that line: past line
    breaks before any text, through inline elements ("<b>Von:</b><br><br>Götz Warnke<br>")."""
    run = node.tail or ""
    sib = node.getnext()
    while sib is not None and len(run) <= 80:
        tag = sib.tag.lower() if isinstance(sib.tag, str) else ""
        if tag == "br" and run.strip():
            break
        if tag != "br":
            if tag not in _INLINE:
                break
            run += sib.text_content()
        run += sib.tail or ""
        sib = sib.getnext()
    if ":" in run:
        return ""  # "Author: <span>Cuisine: Asian</span>": the next field of a list, not a name
    return label + " " + " ".join(run.split())


def labelled_bylines(tree: HtmlElement) -> list[str]:
    """Names from short labelled lines ("Von Andreas Kürten", "<h5>Autor:</h5> Peter Maahn"), in
    document order, outside comments, related stories and page furniture."""
    found: list[str] = []
    for node in tree.iter(*_BLOCKISH):
        text = re.sub(r"\s+", " ", node.text_content()).strip()
        if _LABEL_ONLY.fullmatch(text):
            text = _after_label_element(node, text)
            line = text
        else:
            line = ""
        if not 4 <= len(text) <= 80 or not _LABEL_LINE.match(text):
            continue
        if not _usable(node):
            continue
        name = _byline_text(_LABEL_LINE.sub("", line or _first_line(node, text), count=1))
        name = name.split("/")[0].strip()  # "Peter Maahn/SP-X": the agency after the slash is a source
        if ":" in name:
            continue  # "By Cuisine: Asian": a menu's label and its items, not a name
        words = name.split()
        capitalised = all(w[:1].isupper() for w in words if w.lower() not in _PARTICLES)
        if 2 <= len(words) <= 5 and capitalised and name not in found:
            found.append(name)
        if len(found) >= 3:
            break
    return found


def page_bylines(tree: HtmlElement) -> list[str]:
    """Author names the page's markup shows: rel=author links, itemprop=author, byline classes,
    outside comments, related stories and page furniture; in document order."""
    found: list[str] = []
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("meta", "link", "script", "style", "body", "html"):
            continue
        rel = (node.get("rel") or "").lower()
        prop = (node.get("itemprop") or "").lower()
        link = node.tag == "a" and _AUTHOR_PAGE.search(node.get("href") or "")
        if not ("author" in rel.split() or prop == "author" or link or _AUTHOR_CLASS.search(node.get("class") or "")):
            continue
        if not _usable(node):
            continue
        inner = node.find(".//*[@itemprop='name']") if prop == "author" else None
        text = _shown_name(inner if inner is not None else node)
        if text and len(text) <= 80 and 1 <= len(text.split()) <= 8 and text not in found:
            found.append(text)
        if len(found) >= 3:
            break
    return found


# Where an author can come from, in the order they are trusted: the article's JSON-LD, a short
# labelled line ("Von Andreas Kürten", "Autor: Peter Maahn"), trafilatura's pick, the byline shown
# on the page, then <meta name=author> (often a site or a CMS account). Chosen on site-grouped folds
# of meta-dev + meta-extra (eval/html_eval.py --only folds): best on all pages, and on 3 of 5 folds.
ORDER = ("json-ld", "label", "trafilatura", "byline", "meta")


def byline_candidates(
    tree: HtmlElement, meta: PageMeta, extracted: str | None, site: str | None
) -> dict[str, str | None]:
    """Each source's author(s), cleaned and as the page writes them (see ORDER)."""
    shown = page_bylines(tree)
    labelled = labelled_bylines(tree)
    stated = {
        "json-ld": "; ".join(meta.authors.get("json-ld", [])),
        "trafilatura": extracted or "",
        "byline": shown[0] if shown else "",
        "meta": "; ".join(n for key, names in meta.authors.items() if key.startswith("meta ") for n in names[:1]),
        "label": labelled[0] if labelled else "",
    }
    # a "name" of five words or more that is the page's headline is one mistaken for the other
    headlines = {t.casefold() for t in [*meta.titles.values(), *meta.h1s] if len(t.split()) >= 5}
    found = {source: _byline(text, tree, site) if text else None for source, text in stated.items()}
    return {source: None if names and names.casefold() in headlines else names for source, names in found.items()}


def choose_byline(
    tree: HtmlElement,
    meta: PageMeta,
    extracted: str | None,
    site: str | None,
    url: str | None = None,
) -> str | None:
    """The article's author(s) as the page writes them ("; "-joined when stated as a list)."""
    return pick_byline(byline_candidates(tree, meta, extracted, site), site_words(meta, site, url))


def pick_byline(candidates: dict[str, str | None], site_names: set[str], order: tuple[str, ...] = ORDER) -> str | None:
    """The first source's names in ORDER; a name that is only the site's ("tagesschau.de",
    "DIE FURCHE") is kept for when nothing else is found."""
    fallback: str | None = None
    for source in order:
        names = candidates.get(source)
        if names and site_names and all(site_like(n, site_names, 0.5) for n in names.split("; ")):
            fallback = fallback or names
        elif names:
            return names
    return fallback
