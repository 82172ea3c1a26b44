"""Ingest stage, HTML pages: the publication date, from htmldate's pick traced to what the page states."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import htmldate

from ..dates import MONTH_NUMBERS, date_from_text, date_from_url, dateline, names_other_date
from ..timezones import country_of, local_day, parse_stamp
from .metadata import PageMeta, Stamp

__all__ = ["POLICY", "DatePolicy", "find_date", "page_text"]

# An lxml.html tree (lxml ships no type stubs).
HtmlElement = Any


_META_ATTRS = ("property", "name", "itemprop", "http-equiv")
_JSONLD_KEYS = ("datePublished", "dateCreated", "uploadDate", "dateModified")


@dataclass(frozen=True)
class DatePolicy:
    """The choices find_date makes where the evidence conflicts; refitted on site-grouped folds
    by eval/html_eval.py --only folds (POLICY is the shipped one)."""

    # a day only a revision stamp writes ("og:updated_time"), with no publication stamp as
    # strong: kept as the date, or left for the page's text to settle (held-out 0.868 vs 0.865)
    revision_alone: bool = False
    # the date shown under the headline, where it names another day than the markup's pick:
    # "off" never taken; "agree" taken when a publication stamp of the markup or the URL
    # writes that day too (the JSON-LD the pick passed over, the UTC stamp of a page that
    # shows its local day); "weak" taken when the pick rests on no publication stamp of the
    # article's JSON-LD or a named <meta>; "either" taken in both cases (held-out 0.895 vs
    # 0.868 with "off"). A revision stamp agreeing is no reason: "updated" is not "published"
    # (on meta-extra, taking the shown day then was 4 times right and 4 times wrong)
    dateline: str = "off"
    # where nothing stands under the headline, a date a publication cue introduces ("Erschienen
    # am: …") is shown as well
    cued: bool = False

    def __str__(self) -> str:
        cued = " or cued" if self.cued else ""
        return f"revision {'kept' if self.revision_alone else 'dropped'}, dateline{cued} {self.dateline}"


POLICY = DatePolicy(dateline="either", cued=True)


def find_date(
    tree: HtmlElement,
    url: str | None,
    meta: PageMeta,
    today: dt.date | None = None,
    policy: DatePolicy = POLICY,
) -> tuple[dt.date | None, str | None, list[str]]:
    """The publication date: htmldate's answer when the page states it somewhere we can point
    to, read on the page's own local day; a year alone ("© 2019") never becomes 1 January.
    Where the page shows another day under its headline, the policy says which one wins."""
    today = today or dt.date.today()
    # the page as text is made once (a copy of the whole tree), and only if something reads it
    text = functools.lru_cache(maxsize=1)(lambda: page_text(tree))
    day, evidence, warnings, strong = _picked(tree, url, meta, today, policy, text)
    if policy.dateline == "off":
        return day, evidence, warnings
    shown = dateline(text(), [*meta.h1s, *meta.titles.values()], not_after=today, cued=policy.cued)
    if shown is None or shown.date == day:
        return day, evidence, warnings
    written = {_written_day(s) for s in meta.stamps if s.kind != "modified"}
    in_url = date_from_url(url, not_after=today) if url else None
    agree = shown.date in written or (in_url is not None and in_url.date == shown.date)
    weak = day is None or not strong
    if {"agree": agree, "weak": weak, "either": agree or weak}.get(policy.dateline, False):
        if day is not None:
            warnings.append(f"page shows {shown.date.isoformat()} under its headline, not {day.isoformat()}")
        return shown.date, f"page {shown.evidence}", warnings
    return day, evidence, warnings


def _picked(
    tree: HtmlElement,
    url: str | None,
    meta: PageMeta,
    today: dt.date,
    policy: DatePolicy,
    text: Callable[[], str],
) -> tuple[dt.date | None, str | None, list[str], bool]:
    """htmldate's pick traced to the page, and whether a publication stamp of the article's
    JSON-LD or a named <meta> (or the URL) states it."""
    warnings: list[str] = []
    unsupported: dt.date | None = None
    # original_date=True prefers the first-published date over "updated" (meta-dev: .874 vs
    # .774); when its pick cannot be traced on the page, the plain pick is tried as well.
    for original in (True, False):
        day = _htmldate(tree, url, original, today, warnings)
        if day is None:
            continue
        stamp = _stamp_for(meta, day)
        if stamp is not None and stamp.kind == "modified" and not policy.revision_alone:
            warnings.append(f"ignored revision date {day.isoformat()} ({stamp.source})")
            continue
        if stamp is not None:
            settled, evidence, more = _settled(stamp, meta, url, today)
            return settled, evidence, warnings + more, _publication_stamp(stamp)
        stated = _article_published(meta)
        if stated is not None:
            # htmldate's pick is no stamp of the markup (an address, the text), and the article's
            # own JSON-LD states when it was published: that statement is the publication date
            settled, evidence, more = _settled(stated, meta, url, today)
            return settled, evidence, warnings + more, True
        evidence = _date_evidence(tree, day, url)
        if evidence:
            return day, evidence, warnings, evidence.startswith("url")
        if unsupported is None:
            unsupported = day
    if unsupported is not None:
        if unsupported.day == 1:
            # htmldate turns a bare year or month ("© 2019", "March 2020") into the 1st; with
            # no full date on the page to back it, the day is invented
            warnings.append(f"ignored unsupported date {unsupported.isoformat()} (year or month only)")
        elif KEEP_UNTRACED_DATES:
            return unsupported, "htmldate page-text heuristics", warnings, False
        else:
            warnings.append(f"ignored untraceable date {unsupported.isoformat()}")
    found = date_from_text(text(), not_after=today)
    if found:
        return found.date, f"page {found.evidence}", warnings, False
    return None, None, warnings, False


_KIND_RANK = {"published": 0, "created": 1, "modified": 2}


def _stamp_for(meta: PageMeta, day: dt.date) -> Stamp | None:
    """The strongest stamp in the markup that writes this day; a publication stamp before a
    revision stamp. When only revision stamps write it and the same markup states a publication
    as strongly, that publication stamp is the answer: "updated" is not "published" (even when
    the revision stamp is the earlier one, as a CMS that stamps a draft's last edit writes it)."""
    stating = [s for s in meta.stamps if _written_day(s) == day]
    if not stating:
        return None
    stating.sort(key=lambda s: (_KIND_RANK[s.kind], -s.strength))
    best = stating[0]
    if best.kind == "modified":
        published = [
            s
            for s in meta.stamps
            if s.kind != "modified" and s.strength >= best.strength and _written_day(s) not in (None, day)
        ]
        if published:
            return max(published, key=lambda s: s.strength)
    return best


# Dublin Core's plain "date" is any date of the record's life (the CMS entry, the last export),
# not its issue: a <meta name="DC.date"> is no statement of publication.
_GENERIC_DATE = re.compile(r"(?:^|[.:])date$", re.I)


def _publication_stamp(stamp: Stamp) -> bool:
    """A publication stamp of the article's JSON-LD or a named <meta>, not a generic date."""
    name = stamp.source.rsplit(" ", 1)[-1]
    return stamp.strength >= 2 and stamp.kind != "modified" and not _GENERIC_DATE.search(name)


def _article_published(meta: PageMeta) -> Stamp | None:
    return next((s for s in meta.stamps if s.kind == "published" and s.strength == 3 and _written_day(s)), None)


def _written_day(stamp: Stamp) -> dt.date | None:
    stated = parse_stamp(stamp.value)
    return stated.day if stated else None


def _settled(
    stamp: Stamp, meta: PageMeta, url: str | None, today: dt.date
) -> tuple[dt.date | None, str | None, list[str]]:
    """The stamp's day where the page is read: see timezones.local_day."""
    stated = parse_stamp(stamp.value)
    assert stated is not None  # _stamp_for only returns stamps that parse
    same: list[dt.timedelta] = []
    if stated.when is not None and stated.when.tzinfo is not None:
        for other in meta.stamps:
            o = parse_stamp(other.value)
            if o is None or o.universal or o.when is None or o.when.tzinfo is None:
                continue
            offset = o.when.utcoffset()
            if o.when == stated.when and offset and offset not in same:
                same.append(offset)
    in_url = date_from_url(url, not_after=today) if url else None
    country = country_of(url, meta.language) or ("KR" if _HANGUL.search(" ".join(meta.titles.values())) else None)
    day = local_day(stated, country=country, same_instant=tuple(same), url_day=in_url.date if in_url else None)
    evidence = stamp.source
    if day != stated.day:
        evidence += f" {stamp.value} (local day{' in ' + country if country else ''})"
    if day > today:
        return None, None, [f"ignored future date {day.isoformat()}"]
    return day, evidence, []


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


KEEP_UNTRACED_DATES = False


def _htmldate(
    tree: HtmlElement, url: str | None, original: bool, today: dt.date, warnings: list[str]
) -> dt.date | None:
    try:
        found = htmldate.find_date(
            copy.deepcopy(tree), url=url, extensive_search=True, original_date=original, max_date=today.isoformat()
        )
    except Exception as err:  # htmldate is heuristic code; keep going
        warnings.append(f"date search failed: {err}")
        return None
    if not found:
        return None
    try:
        return dt.date.fromisoformat(str(found)[:10])
    except ValueError:
        return None


_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "time",
    "span",
    "dd",
    "dt",
    "blockquote",
    "title",
    "figcaption",
    "aside",
    "nav",
    "ul",
    "ol",
    "table",
    "address",
}


def page_text(tree: HtmlElement) -> str:
    """The page as a line-per-block text dump (as a naive scraper would save it), title first."""
    page = copy.deepcopy(tree)
    for bad in list(page.iter("script", "style", "noscript", "template")):
        parent = bad.getparent()
        if parent is not None:
            bad.drop_tree()
    for el in page.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "") if el.tag.lower() != "span" else el.text
    title = page.findtext(".//title") or ""
    body = page.find(".//body")
    text = (body if body is not None else page).text_content()
    lines = (re.sub(r"[ \t\xa0]+", " ", ln).strip() for ln in text.splitlines())
    return title.strip() + "\n" + "\n".join(ln for ln in lines if ln)


def _date_forms(day: dt.date) -> list[str]:
    """Ways a page writes this date in markup (ISO, compact, day-first and month-first)."""
    y, m, d = day.year, day.month, day.day
    return [
        day.isoformat(),
        f"{y}/{m:02d}/{d:02d}",
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}-{m}-{d}",
        f"{d:02d}-{m:02d}-{y}",
    ]


def _short_year(day: dt.date) -> re.Pattern[str]:
    """The day with a two-digit year, "23.09.22", as German and Swiss pages write it (not the
    start of "23.09.2022" of another year)."""
    return re.compile(rf"(?<![\d.]){day.day:02d}\.{day.month:02d}\.{day.year % 100:02d}(?![\d.])")


_PUB_NAME = re.compile(r"publi|pub_?date|date|created|issued|time|posted", re.I)


def _date_evidence(tree: HtmlElement, day: dt.date, url: str | None) -> str | None:
    """Where on the page the date htmldate chose is stated, for a human to check: a dated meta
    field, JSON-LD, a <time> element, then a URL or the visible text."""
    forms = _date_forms(day)
    short = _short_year(day)

    def states(value: str | None) -> bool:
        return bool(value) and any(f in str(value) for f in forms)

    in_urls: list[str] = []
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not states(content):
            continue
        name = next((meta.get(a) for a in _META_ATTRS if meta.get(a)), None)
        if not name:
            continue
        if _PUB_NAME.search(name) and "/" not in str(content).split("T")[0].lstrip("0123456789-"):
            return f"html meta {name}"
        in_urls.append(f"html meta {name}")
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        for key in _JSONLD_KEYS:
            for m in re.finditer(rf'"{key}"\s*:\s*"([^"]+)"', script.text):
                if states(m.group(1)):
                    return f"json-ld {key}"
    for node in tree.iter("time", "abbr"):
        if states(node.get("datetime")) or states(node.get("title")):
            return f"html <{node.tag}> element"
    for script in tree.iter("script"):
        # a page's own data, written for its scripts: {"publishedDate": "2016-11-04T20:37:27"},
        # createdAt: "…", showDate("2020/04/17 01:43")
        named = _script_date_key(script.text or "", forms)
        if named:
            return f"script {named}"
    if url:
        in_url = date_from_url(url)
        if in_url and in_url.date == day:
            return in_url.evidence
        path = urlsplit(url).path
        day_first = (f"{day.day:02d}-{day.month:02d}-{day.year}", f"{day.day:02d}.{day.month:02d}.{day.year}")
        written = next((f for f in day_first if f in path), None)
        if written:
            return f"url {written}"  # day first: /meldungen/29-10-2021
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            continue
        for attr in ("datetime", "data-date", "data-published"):
            if states(node.get(attr)):
                return f"html {node.tag}[{attr}]"
        for part in (node.text, node.tail):  # "<div><i class=icon></i> 19.11.2021</div>"
            if not part or names_other_date(part):
                continue
            if states(part):
                return f'page text "{_snippet(part, forms)}"'
            two_digit = short.search(part) if len(part) <= 80 else None
            if two_digit:
                return f'page text "{two_digit.group(0)}"'
    text = tree.text_content() if hasattr(tree, "text_content") else ""
    found = _text_date(text, day)
    if found:
        return f'page text "{found}"'
    # a date only inside a link or image address (og:url, og:image) is weaker, but stated
    return f"date in address: {in_urls[0]}" if in_urls else None


# A name a script gives a publication date: publishedDate, published_at, createdAt, pubDate,
# showDate(…); not a revision, an expiry, an event's start or the time the page was served.
# (Bounded repeats: a script of one long run of letters must not take quadratic time.)
_SCRIPT_KEY = re.compile(
    r"""(?<![\w$])(?P<key>[\w$]{0,30}(?:publi|creat|posted|date)[\w$]{0,30})(?![\w$])["']?\s{0,3}[:=(]\s{0,3}["']"""
    r"""\s?(?P<value>[^"'<>]{6,40})["']""",
    re.I,
)
_NOT_PUBLICATION = re.compile(r"modif|updat|edit|revis|expir|start|end|birth|today|current|now|serv|cache|last", re.I)


def _script_date_key(text: str, forms: list[str]) -> str | None:
    """The name under which a script's data states this day as its publication, if any."""
    if not text or not any(f in text for f in forms):
        return None
    for m in _SCRIPT_KEY.finditer(text.replace("&quot;", '"')):
        value = m.group("value")
        if any(value.startswith(f) or f" {f}" in value for f in forms) and not _NOT_PUBLICATION.search(m.group("key")):
            return m.group("key")
    return None


def _snippet(text: str, forms: list[str]) -> str:
    for f in forms:
        i = text.find(f)
        if i >= 0:
            return re.sub(r"\s+", " ", text[max(0, i - 20) : i + len(f) + 10]).strip()
    return ""


def _text_date(text: str, day: dt.date) -> str | None:
    """A written-out mention of the day in the page text ("5 September 2023", "Sept. 5, 2023")."""
    names = "|".join(sorted((re.escape(k) for k, v in MONTH_NUMBERS.items() if v == day.month), key=len, reverse=True))
    d, y = day.day, day.year
    rx = re.compile(
        rf"(?<!\d)(?:0?{d}(?:st|nd|rd|th|er|º)?\.?\s*(?:de\s+)?(?:{names})\.?,?\s*(?:de\s+)?{y}"
        rf"|(?:{names})\.?\s+0?{d}(?:st|nd|rd|th)?,?\s*{y}|{y}\s*[년年]\s*0?{day.month}\s*[월月]"
        rf"\s*0?{d})(?!\d)",
        re.I,
    )
    m = rx.search(text)
    return re.sub(r"\s+", " ", m.group(0)) if m else None
