"""Ingest stage, entity finding: organizations (head-word names and acronyms).

An organization is a capitalised run ending in an organization head ("National Security
Council", "New York Times", "Pacific Gas & Electric Co."), or opening with one and an
"of" phrase ("Department of the Treasury"), or an all-capitals acronym in a context only
organizations take ("the IRGC", "agency TASS", "(KCNA)" after its full name).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from generator.ingest.entities.lexicon import (
    KNOWN_INSTITUTIONS,
    NON_NAME_WORDS,
    ORG_HEADS,
    ORG_HEADS_OF,
    PERSON_TITLES,
    SPEECH_VERBS,
)
from generator.ingest.entities.text import ABBR, PUNCT, WORD, Doc, norm, norm_token, units

_CONNECTORS = frozenset(["of", "for", "on", "and", "&", "de", "du", "des", "la", "the"])
_ORG_NOUNS_BEFORE = frozenset(
    [
        "agency",
        "company",
        "group",
        "network",
        "firm",
        "broadcaster",
        "newspaper",
        "channel",
        "bank",
        "carrier",
        "airline",
        "maker",
        "giant",
        "outlet",
        "service",
        "organization",
        "organisation",
        "union",
        "party",
        "militia",
        "regulator",
        "watchdog",
        "exchange",
        "retailer",
        "startup",
        "insurer",
        "automaker",
        "outlet",
        "daily",
    ]
)
_STOP_BACK = frozenset(
    [
        "the",
        "its",
        "their",
        "his",
        "her",
        "our",
        "of",
        "by",
        "to",
        "from",
        "with",
        "for",
        "at",
        "in",
        "on",
        "and",
        "or",
        "as",
        "into",
        "than",
        "that",
        "which",
        "who",
    ]
)
_ORG_NOUNS_AFTER = frozenset(["agency", "newspaper", "broadcaster", "spokesman", "spokeswoman", "spokesperson"])
_ACRONYM_STOP = frozenset(
    [
        "ceo",
        "cfo",
        "coo",
        "cto",
        "tv",
        "ok",
        "am",
        "pm",
        "gmt",
        "utc",
        "est",
        "pst",
        "edt",
        "pdt",
        "id",
        "ipo",
        "gdp",
        "ai",
        "pr",
        "vp",
        "mp",
        "hiv",
        "aids",
        "dna",
        "rna",
        "usb",
        "faq",
        "suv",
        "ev",
        "gps",
        "led",
        "lcd",
        "pdf",
        "url",
        "html",
        "rss",
        "ii",
        "iii",
        "iv",
        "vi",
        "vii",
        "viii",
        "ix",
        "xi",
        "xii",
        "xiii",
        "rip",
        "aka",
        "diy",
        "fyi",
        "lol",
        "omg",
        "wtf",
        "asap",
        "tba",
        "tbd",
        "qb",
        "td",
        "tfl",
        "qh",
        "int",
        "ff",
        "pbu",
        "rb",
        "wr",
        "te",
        "ol",
        "dl",
        "lb",
        "cb",
        "ot",
        "nfl",
        "mph",
        "kph",
        "pct",
        "hr",
        "ad",
        "bc",
        "ce",
        "ufo",
        "vip",
        "ceo",
        "covid",
        "sars",
        "mers",
    ]
)


@dataclass(frozen=True)
class OrgHit:
    """One organization mention: tokens first..last, and its display text."""

    name: str
    first: int
    last: int
    acronym_of: str = ""  # the full name when this hit is "(KCNA)" after it


def _words(doc: Doc, first: int, last: int) -> list[int]:
    return [t for t in range(first, last + 1) if doc.kinds[t] != PUNCT and doc.lower(t) not in _CONNECTORS]


def initials(doc: Doc, first: int, last: int) -> str:
    """ "Korean Central News Agency" -> "KCNA" (connectors skipped)."""
    out = []
    for t in _words(doc, first, last):
        text = doc.texts[t]
        out.append(text.replace(".", "") if doc.kinds[t] == ABBR or doc.is_upper(t) else text[0])
    return "".join(out).upper()


class OrgFinder:
    """Finds organizations in one tokenised text, skipping tokens owned by people."""

    def __init__(self, doc: Doc, taken: set[int], place_keys: Container[tuple[str, ...]]) -> None:
        self.doc = doc
        self.taken = taken
        self.place_keys = place_keys
        self.hits: list[OrgHit] = []

    def _org_word(self, i: int) -> bool:
        doc = self.doc
        if i in self.taken or not doc.is_cap(i):
            return False
        return not any(c.isdigit() for c in doc.texts[i]) or doc.is_upper(i)

    def _extended_run(self, i: int) -> int:
        """Last token of the capitalised run starting at i, connectors and "&" allowed inside."""
        doc = self.doc
        n = len(doc)
        j = i
        while j + 1 < n and doc.same_line(j, j + 1):
            nxt = j + 1
            if self._org_word(nxt):
                j = nxt
                continue
            low = doc.lower(nxt)
            if (low in _CONNECTORS and doc.texts[nxt].islower()) or low == "&":
                if low in ("and", "&") and (norm_token(doc.texts[j]),) in self.place_keys:
                    break  # "Japan and National Security Office" is two things
                k = nxt + 1
                if k < n and doc.lower(k) == "the" and low != "and":
                    k += 1
                if k < n and doc.same_line(nxt, k) and self._org_word(k):
                    j = k
                    continue
            # "People's Liberation Army": a possessive inside a name, not after a place.
            if (
                doc.texts[nxt] in ("'", "\u2019")
                and nxt + 2 < n
                and doc.texts[nxt + 1] == "s"
                and self._org_word(nxt + 2)
                and doc.lower(j) in ("people", "governor", "women", "children", "veterans")
            ):
                j = nxt + 2
                continue
            break
        return j

    def find(self) -> list[OrgHit]:
        doc = self.doc
        n = len(doc)
        i = 0
        while i < n:
            if not self._org_word(i) or doc.line_style[doc.lines[i]] == 1:
                i += 1
                continue
            j = self._extended_run(i)
            self._scan_run(i, j)
            i = j + 1
        self._acronyms()
        return self.hits

    def _scan_run(self, i: int, j: int) -> None:
        doc = self.doc
        start = i
        # Leading function words and titles are not part of the name ("The", "President").
        while start <= j and (doc.lower(start) in NON_NAME_WORDS and doc.lower(start) not in ("new",)):
            start += 1
        if start > j:
            return
        text = " ".join(doc.lower(t) for t in range(start, j + 1))
        for inst in KNOWN_INSTITUTIONS:
            if text == inst or text.startswith(inst + " "):
                width = len(inst.split())
                self._emit(start, start + width - 1)
                start += width
                break
        if start > j:
            return
        head = -1
        for t in range(start, j + 1):
            if doc.lower(t) in ORG_HEADS and doc.kinds[t] != PUNCT:
                head = t
        if head < 0:
            return
        last = head
        # "Ministry of Defense": an "of" phrase after the head belongs to the name.
        if doc.lower(head) in ORG_HEADS_OF and head + 1 <= j and doc.lower(head + 1) in ("of", "for", "on"):
            last = j
        # "Commanders of the Korean People's Army": an "of" only joins after a head word.
        for t in range(head - 1, start, -1):
            if doc.lower(t) in ("of", "for", "on") and doc.texts[t].islower():
                left = t - 1
                if doc.lower(left) == "the":
                    left -= 1
                if doc.lower(left) not in ORG_HEADS_OF and doc.lower(left) not in ORG_HEADS:
                    start = t + 1
                    if doc.lower(start) == "the":
                        start += 1
                    break
        if len(_words(doc, start, last)) < 2:
            return
        if self._generic(start):
            return
        if any(doc.lower(t) in PERSON_TITLES for t in (last,)):
            return
        self._emit(start, last)

    def _generic(self, start: int) -> bool:
        """ "a significant Transnational Criminal Organization" names a category, not an org."""
        doc = self.doc
        k = start - 1
        for _ in range(3):
            if k < 0 or not doc.same_line(k, start) or doc.kinds[k] != WORD or not doc.texts[k].islower():
                return False
            if doc.texts[k] in ("a", "an", "any", "every", "each"):
                return True
            if doc.texts[k] in _STOP_BACK:
                return False
            k -= 1
        return False

    def _emit(self, first: int, last: int, acronym_of: str = "") -> None:
        doc = self.doc
        if doc.texts[first] in ("The", "the") and first < last:
            first += 1
        self.hits.append(OrgHit(doc.span_text(first, last), first, last, acronym_of))
        # "Korean Central News Agency (KCNA)": the acronym joins the full name.
        if last + 3 < len(doc) and doc.texts[last + 1] in ("(", "[") and doc.texts[last + 3] in (")", "]"):
            acr = last + 2
            if doc.is_upper(acr) and _acronym_fits(doc.texts[acr], initials(doc, first, last)):
                self.hits.append(OrgHit(doc.texts[acr], acr, acr, doc.span_text(first, last)))
                self.taken.add(acr)

    def _acronyms(self) -> None:
        """Stand-alone acronyms in organization-only contexts."""
        doc = self.doc
        inside = {t for h in self.hits for t in range(h.first, h.last + 1)}
        counts: dict[str, int] = {}
        shouted = [i for i, up in enumerate(doc.uppers) if up and doc.kinds[i] == WORD]
        for i in shouted:
            counts[doc.texts[i]] = counts.get(doc.texts[i], 0) + 1
        for i in shouted:
            if i in inside or i in self.taken or doc.kinds[i] != WORD or not doc.is_upper(i):
                continue
            text = doc.texts[i]
            if not text.isalpha() or not 3 <= len(text) <= 6 or norm_token(text) in _ACRONYM_STOP:
                continue
            if (norm_token(text),) in self.place_keys:
                continue
            if doc.line_style[doc.lines[i]] == 1:
                continue
            if (doc.is_cap(i - 1) and doc.same_line(i - 1, i)) or (doc.is_cap(i + 1) and doc.same_line(i, i + 1)):
                continue
            prev = doc.lower(i - 1) if i > 0 else ""
            nxt = doc.lower(i + 1) if i + 1 < len(doc) else ""
            # "the HIMARS" once is as likely a weapon as an organization; twice, or with a
            # stronger cue, it is taken.
            if (
                prev in _ORG_NOUNS_BEFORE
                or nxt in SPEECH_VERBS
                or doc.possessive_after(i)
                or (prev == "the" and counts.get(text, 0) >= 2)
                or nxt in _ORG_NOUNS_AFTER
            ):
                self.hits.append(OrgHit(text, i, i))
        self._named_agencies()

    def _named_agencies(self) -> None:
        """ "Yonhap news agency", "Reuters news agency": a name right before its kind."""
        doc = self.doc
        inside = {t for h in self.hits for t in range(h.first, h.last + 1)}
        for i in range(1, len(doc) - 1):
            if i in inside or i in self.taken or not self._org_word(i) or doc.is_cap(i + 1):
                continue
            if doc.lower(i + 1) == "news" and doc.lower(i + 2) in ("agency", "service", "outlet"):
                first = i
                while first - 1 >= 0 and self._org_word(first - 1) and doc.same_line(first - 1, i):
                    first -= 1
                if doc.lower(first) in NON_NAME_WORDS:
                    first += 1
                if first <= i and (norm_token(doc.texts[first]),) not in self.place_keys:
                    self.hits.append(OrgHit(doc.span_text(first, i), first, i))


def _acronym_fits(acronym: str, letters: str) -> bool:
    """The acronym's letters appear in order in the full name's initials, first one first."""
    if not acronym or not letters or acronym[0] != letters[0]:
        return False
    pos = 0
    for ch in acronym:
        pos = letters.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _org_key(name: str) -> tuple[str, ...]:
    """Comparison words of an organization name: "The U.N. Security Council" ==
    "United Nations Security Council"."""
    key = list(units(name))
    if key[:1] == ["the"]:
        key = key[1:]
    if key[:1] == ["un"]:
        key = ["united", "nations", *key[1:]]
    return tuple(key)


def merge_org_hits(hits: list[OrgHit]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Group mentions of one organization: same words, an acronym given in parentheses,
    or a shorter name that ends a longer one ("Security Council" in a text that said
    "United Nations Security Council")."""
    groups: dict[tuple[str, ...], list[OrgHit]] = {}
    acronyms: dict[str, tuple[str, ...]] = {}
    for hit in hits:
        if hit.acronym_of:
            target = _org_key(hit.acronym_of)
            acronyms[norm(hit.name)] = target
            groups.setdefault(target, []).append(hit)
            continue
        key = _org_key(hit.name)
        if not key:
            continue
        groups.setdefault(acronyms.get(" ".join(key), key), []).append(hit)
    for short in sorted(groups, key=len):
        if short not in groups:
            continue
        longer = [k for k in groups if len(k) > len(short) and k[-len(short) :] == short]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(short))
    out = []
    for group in groups.values():
        full = [h.name for h in group if not h.acronym_of]
        names = full or [h.name for h in group]
        name = max(names, key=lambda s: (len(s.split()), len(s)))
        if name.startswith(("The ", "the ")):
            name = name[4:]
        if name.startswith(("UN ", "U.N. ")):
            name = "United Nations " + name.split(" ", 1)[1]
        out.append((name, [(h.first, h.last) for h in group]))
    return out
