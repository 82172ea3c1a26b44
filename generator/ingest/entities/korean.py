"""Ingest stage, entity finding: people, places and organizations in Korean text, from Kiwi's morphemes.

Korean has no capitals and glues particles to names, so the English finders see nothing in
Hangul. Here each word is a chunk of Kiwi morphemes (morph.py) whose noun stem, without its
particles, is what gets matched ("김정은이" -> 김정은); mentions keep the word as written.

- The registry (aliases in Hangul: 김정은 -> Kim Jong-un) names people, places and organizations.
- The gazetteer's Korean names (CLDR, pycountry, GeoNames alternate names) name places: a
  country always, a city when big enough or followed by a locative particle ("쿠르스크에서").
- A person needs evidence: a role noun after the name, maybe past a place or organization
  ("김정은 북한 국무위원장", "푸틴 대통령", "현송월 삼지연관현악단 단장"), a role before it
  ("배우 이아현 씨"), or an age in brackets ("김모(33)"). The name is a proper noun (NNP) or,
  for Korean names Kiwi does not know, a surname from the standard list and a given name.
  Foreign names may take two or three words ("세르게이 라브로프"). A reporter ("박준호
  기자") is a credit, never an actor.
- With no cue: a standard surname and a given name of Hanja syllables that Kiwi reads as one
  proper noun ("최운정"), a multi-word name Kiwi's WikiData dictionary knows ("테일러 스위프트"),
  an actor in brackets after a role ("강모연 팀장(송혜교)"), or an item of a list with a person.
- Also with no cue, what the humans of Kiwi's WikiData dictionary vouch for (ko_wikidata.py): a
  full name WikiData gives a human ("이비차 올리치"), a common first word of humans' names and a
  foreign word ("크리스 에반스"), or one foreign word with a particle that is mostly a part of
  humans' names ("힉스는"). A country's language or people ("한국어", "중국인") is never a name.
- A surname with a title ("김 위원장") is the full name with that surname found in the same
  article (when two share it, the one with that title); other mentions of a found name count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.hangul import initial_rule, readings
from generator.ingest.entities.gazetteer import CITY_ANYWHERE, CITY_LOCATIVE, Gazetteer, Place
from generator.ingest.entities.ko_lexicon import (
    BODY_ROLES,
    BYLINE_ROLES,
    COUNTRY_SHORT_FORMS,
    DOUBLE_SURNAMES,
    FOREIGN_NAME_VETO,
    GROUP_NOUNS,
    LOCATIVE_PARTICLES,
    ORG_SUFFIXES,
    PEOPLE_AND_LANGUAGES,
    PEOPLE_BASES,
    PLACE_ENDINGS,
    PLACE_PREFIXES,
    PLAIN_TITLES,
    ROLE_AFTER,
    ROLE_BEFORE,
    ROLE_MODIFIERS,
    ROLE_PREFIXES,
    SOUTH_SURNAMES,
    SURNAMES,
    foreign_looking,
    korean_name_shape,
    role_suffix,
    strip_particle,
)
from generator.ingest.entities.ko_wikidata import name_parts
from generator.ingest.entities.morph import chunks, common_noun, one_name
from generator.ingest.entities.registry import RegistryIndex
from generator.ingest.entities.text import units
from generator.ingest.entities.types import EntityType, KnownEntity

_SYLLABLES = re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*")
_AGE = re.compile(r"\(\s*(\d{1,3})\s*(?:세|살)?\s*[,)·]")
_NAME_TAGS = frozenset(["NNP", "NNG", "MM", "NNB", "XPN", "XSN", "NR"])
_MAX_MODIFIERS = 4  # words between a name and its role ("매튜 올슨 법무부 국가안보 담당 차관보")
_MAX_FOREIGN_WORDS = 3
# One word with no cue is a name when WikiData's humans' names have it this often, and this many
# times more often than the names of anything else (ko_wikidata.NameParts.name_odds).
_MIN_NAME_PARTS = 2
_NAME_PART_ODDS = 3
_TOWN_NAME_ODDS = 10  # a word that is also a city's name needs ten times more: "데이비스" (138 to 6)
# Particles after a subject, an object, an owner or a partner: what a person's name takes
# ("셰리프는", "수아레스에게", "만델라와"); not a copula or an ending.
_SWALLOWED = ("은", "는", "이", "가", "을", "를", "의", "와", "과", "에게")
_QUOTES = frozenset("'\"‘’“”「」『』")
_CASE_TAGS = frozenset(["JKS", "JX", "JKO", "JKG", "JKB", "JC"])


@dataclass
class KoreanPerson:
    """A person named in Hangul: the name as matched and every mention as written."""

    key: str  # particles and titles stripped ("현송월", "세르게이 라브로프")
    entity: KnownEntity | None = None
    roles: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # character spans
    credit: bool = False  # a reporter's name: never an actor

    @property
    def words(self) -> list[str]:
        return self.key.split()


@dataclass(frozen=True)
class KoreanThing:
    """A place or organization named in Hangul."""

    type: EntityType
    name: str  # registry name, or the gazetteer's display name ("Moscow")
    entity: KnownEntity | None
    start: int
    end: int


@dataclass
class KoreanEntities:
    people: list[KoreanPerson]
    things: list[KoreanThing]
    spans: list[tuple[int, int]]  # every character span claimed, credits included


class KoreanFinder:
    """Finds the entities of the Hangul part of one text."""

    def __init__(self, text: str, index: RegistryIndex, gaz: Gazetteer) -> None:
        self.text = text
        self.chunks = chunks(text)
        self.index = index
        self.gaz = gaz
        self.people: list[KoreanPerson] = []
        self.things: list[KoreanThing] = []
        self.claimed: set[int] = set()
        self.thing_chunks: set[int] = set()  # claimed by a place or an organization

    def find(self) -> KoreanEntities:
        self._registry()
        self._places()
        self._cued()
        self._shaped()
        self._known_foreign()
        self._wikidata_names()
        self._in_brackets()
        self._coordinated()
        self._titled_surnames()
        self._propagate()
        self._merge_surnames()
        spans = [m for p in self.people for m in p.mentions] + [(t.start, t.end) for t in self.things]
        return KoreanEntities([p for p in self.people if p.mentions], self.things, spans)

    # ---- chunk facts -----------------------------------------------------------------
    def _bare(self, i: int) -> bool:
        """Chunk i has no particle or ending: it may stand inside a longer noun phrase."""
        return self.chunks[i].tail == ""

    def _spaced(self, i: int) -> bool:
        """Chunk i follows the previous chunk after spaces only, on the same line."""
        gap = self.chunks[i].gap
        return i > 0 and gap != "" and gap.strip(" \t\u00a0") == ""

    def _spelling(self, i: int) -> bool:
        """Chunk i is a name's spelling in Hanja in brackets: "(薄熙來)". Latin letters there are
        more often an organization's acronym: "국가안보회의(NSC) 전략소통조정관"."""
        c = self.chunks[i]
        closed = self.text[c.end : c.end + 1] == ")"
        return c.gap.strip() == "(" and closed and bool(c.morphs) and all(m.tag == "SH" for m in c.morphs)

    def _quoted(self, i: int) -> bool:
        """Chunk i is the one word between quotation marks: with no other cue, the title of a film,
        a show or a song ("영화 '도희야'가") more often than a person's name."""
        c = self.chunks[i]
        opened = c.gap.strip()[-1:] in _QUOTES
        return opened and self.text[c.start + len(c.stem) : c.start + len(c.stem) + 1] in _QUOTES

    def _next_to(self, i: int) -> bool:
        """Chunk i follows the previous chunk after spaces, or across a spelling in brackets:
        "보시라이(薄熙來) 전", "후진타오(胡錦濤) 주석"."""
        if self._spaced(i) or (i > 0 and self._spelling(i)):
            return True
        gap = self.chunks[i].gap
        return i > 1 and gap.startswith(")") and gap[1:].strip(" \t\u00a0") == "" and self._spelling(i - 1)

    def _joined(self, i: int) -> bool:
        """Chunk i continues a name from the previous chunk: after spaces, or a hyphen with none
        ("린다 토마스-그린필드")."""
        return self._spaced(i) or (i > 0 and self.chunks[i].gap == "-")

    def _window(self, i: int, j: int) -> str:
        """The stems of chunks i..j as one name, or "" when they cannot form one."""
        if j >= len(self.chunks) or any(k in self.claimed for k in range(i, j + 1)):
            return ""
        name = self.chunks[i].stem
        for k in range(i + 1, j + 1):
            if not self._bare(k - 1) or not self._joined(k):
                return ""
            name += ("-" if self.chunks[k].gap == "-" else " ") + self.chunks[k].stem
        return name

    def _role(self, i: int, roles: frozenset[str] = ROLE_AFTER) -> str:
        """The role noun chunk i ends in ("국무위원장이" -> "위원장"), or ""."""
        c = self.chunks[i]
        found = role_suffix(c.stem, roles)
        if found and found != c.stem:
            # Inside a compound the role is a morpheme of its own ("국무/위원장"), follows a word
            # of its own ("공관위원장") or a title prefix ("부지사"), but does not end a word of one
            # syllable more ("발사장", a launch site, does not end in 사장).
            cut = c.start + len(c.stem) - len(found)
            prefix = c.stem[: len(c.stem) - len(found)]
            if len(prefix) == 1 and prefix not in ROLE_PREFIXES and not any(m.start == cut for m in c.stem_morphs()):
                found = ""
        if not found and c.stem == c.text and strip_particle(c.text) != c.text:
            # Kiwi sometimes reads a role and its particle as one unknown noun ("국방상과"); a
            # name it knows as one proper noun is no role for ending in one ("유상무": 상무).
            found = role_suffix(strip_particle(c.text), roles)
        return found

    def _is_thing(self, stem: str) -> bool:
        """A place or organization: a country or region, a big city, a registry entry. A small
        town's Korean name says little: "케리" (Kerry) and "데이비스" (Davis) are people's names too."""
        key = units(stem)
        if any(p.kind != "city" or p.population >= CITY_ANYWHERE for p in self.gaz.by_key.get(key, ())):
            return True
        if len(stem) > 2 and stem[0] in PLACE_PREFIXES and units(stem[1:]) in self.gaz.by_key:
            return True  # "주모스크바" (in Moscow), "대북" (toward the North), "친러" (pro-Russian)
        if self._people_or_language(stem):
            return True
        return any(self.index.lookup(key, kind) for kind in ("place", "organization"))

    def _people_or_language(self, stem: str) -> bool:
        """A country's language or people ("한국어", "중국인", "일본계", "조선족"): not a name, though
        "한국어" has a surname and syllables of Hanja."""
        for suffix in PEOPLE_AND_LANGUAGES:
            base = stem[: -len(suffix)]
            if len(base) >= 2 and stem.endswith(suffix):
                places = self.gaz.by_key.get(units(base), ())
                if base in COUNTRY_SHORT_FORMS or base in PEOPLE_BASES or any(p.kind != "city" for p in places):
                    return True
        return False

    def _name_like(self, i: int, foreign_part: bool = False) -> bool:
        """Chunk i's stem can be (part of) a person's name."""
        c = self.chunks[i]
        stem = c.stem
        if not _SYLLABLES.fullmatch(stem) or i in self.claimed:
            return False
        if self._is_thing(stem) or self._role(i) or stem in ROLE_MODIFIERS:
            return False
        morphs = c.stem_morphs()
        if not morphs or any(m.tag not in _NAME_TAGS for m in morphs) or morphs[-1].tag == "NNB":
            return False  # "조씨", "김군": a surname and a title
        if len(stem) == 2 and stem[1] in "모씨":
            return False  # "김모": a name withheld; "조씨" a surname and a title
        if korean_name_shape(stem) and not foreign_part:
            if len(morphs) == 1:
                known = morphs[0].tag == "NNP" or (morphs[0].tag == "NNG" and morphs[0].oov)
                return known and stem[-1] not in ORG_SUFFIXES
            # A name Kiwi does not know comes in pieces of a syllable or two ("현/송/월").
            return all(len(m.form) <= 2 for m in morphs) and stem[-1] not in ORG_SUFFIXES
        if len(stem.replace(" ", "")) < 2 and not foreign_part:
            return False
        # A foreign name in Hangul: a proper noun, or a word Kiwi does not know ("아쇼트").
        foreign = all(m.tag == "NNP" or (m.tag == "NNG" and m.oov) for m in morphs)
        return foreign and stem[-1] not in FOREIGN_NAME_VETO

    def _modifier(self, i: int) -> bool:
        """A bare noun between a name and its role: a place, an organization, "전" (former), or
        the name's own spelling in brackets ("보시라이(薄熙來) 전 충칭시 당서기")."""
        c = self.chunks[i]
        if c.gap.strip() == "(" and c.stem and all(m.tag in ("SH", "SL") for m in c.morphs):
            return True
        if not self._bare(i) or not c.stem:
            return False
        if i in self.thing_chunks:
            return True
        if c.stem in ROLE_MODIFIERS:
            return True
        return all(m.tag in ("NNP", "NNG", "SL", "SN", "XSN", "XPN") for m in c.stem_morphs())

    # ---- registry, places ------------------------------------------------------------------
    def _registry(self) -> None:
        """Registry aliases: people, places and organizations, longest window first."""
        i = 0
        n = len(self.chunks)
        while i < n:
            matched = 0
            for width in (3, 2, 1):
                name = self._window(i, i + width - 1)
                if not name:
                    continue
                key = units(name)
                for kind in ("person", "place", "organization"):
                    entity = self.index.lookup(key, kind)
                    if entity is None:
                        continue
                    first, last = i, i + width - 1
                    if kind == "person":
                        first = self._extend_left(i) if width == 1 else i
                        self._person(name, entity).mentions.append(self._span(first, last))
                    else:
                        c0, c1 = self.chunks[i], self.chunks[last]
                        self.things.append(KoreanThing(kind, entity.name, entity, c0.start, c1.end))
                        self.thing_chunks.update(range(i, last + 1))
                    self.claimed.update(range(first, last + 1))
                    matched = width
                    break
                if matched:
                    break
            i += matched or 1

    def _places(self) -> None:
        """Gazetteer names: countries always; cities when big or after a locative particle."""
        i = 0
        n = len(self.chunks)
        while i < n:
            matched = 0
            for width in (2, 1):
                name = self._window(i, i + width - 1)
                last = i + width - 1
                if not name or not self._proper(i, last):
                    continue
                place = self._accept(self.gaz.by_key.get(units(name), []), last)
                if place is not None:
                    c0, c1 = self.chunks[i], self.chunks[last]
                    self.things.append(KoreanThing("place", place.name, None, c0.start, c1.end))
                    self.claimed.update(range(i, last + 1))
                    self.thing_chunks.update(range(i, last + 1))
                    matched = width
                    break
            i += matched or 1

    def _proper(self, i: int, j: int) -> bool:
        """Chunks i..j are proper nouns to Kiwi ("동경" the longing is not Tokyo)."""
        return all(m.tag == "NNP" for k in range(i, j + 1) for m in self.chunks[k].stem_morphs())

    def _accept(self, places: list[Place], last: int) -> Place | None:
        if not places:
            return None
        top = places[0]
        if top.kind in ("country", "state", "continent", "subdivision"):
            return top
        city = max((p for p in places if p.kind == "city"), key=lambda p: p.population, default=None)
        if city is None:
            return None
        locative = self.chunks[last].tail in LOCATIVE_PARTICLES
        if city.population >= CITY_ANYWHERE or (locative and city.population >= CITY_LOCATIVE):
            return city
        return None

    # ---- people ----------------------------------------------------------------------------
    def _person(self, key: str, entity: KnownEntity | None) -> KoreanPerson:
        for person in self.people:
            if (entity is not None and person.entity == entity) or (entity is None and person.key == key):
                return person
        person = KoreanPerson(key, entity)
        self.people.append(person)
        return person

    def _span(self, i: int, j: int) -> tuple[int, int]:
        """Chunks i..j as a mention: the name and its particles, not a copula or ending that
        follows them ("겐지다" -> "겐지", "알렉산드라다" -> "알렉산드라", "푸틴과" stays)."""
        last = self.chunks[j]
        end = last.stem_end
        for m in last.morphs:
            if m.start < last.stem_end or m.end <= m.start:
                continue
            if not m.tag.startswith("J"):
                break
            end = m.end
        return self.chunks[i].start, max(end, last.stem_end)

    def _entity_for(self, name: str) -> KnownEntity | None:
        entity = self.index.lookup(units(name), "person")
        if entity is None and " " in name:
            # "세르게이 라브로프" in full, when the registry knows "라브로프".
            entity = self.index.lookup(units(name.split()[-1]), "person")
        return entity

    def _add(self, first: int, last: int, role: str) -> None:
        name = self._window(first, last)
        if not name:
            return
        person = self._person(name, self._entity_for(name))
        person.roles.add(role)
        person.credit = person.credit or role in BYLINE_ROLES
        person.mentions.append(self._span(first, last))
        self.claimed.update(range(first, last + 1))
        after = last + 1
        if after < len(self.chunks) and self._spelling(after):
            # The name in Hanja right after it is the same person's: "보시라이(薄熙來)".
            person.mentions.append(self._span(after, after))
            self.claimed.add(after)

    def _cued(self) -> None:
        """Names with a role after them (past modifiers), before them, or an age in brackets."""
        n = len(self.chunks)
        for r in range(n):
            if r in self.claimed:
                continue
            role = self._role(r, ROLE_AFTER | BYLINE_ROLES)
            if role and self._next_to(r):
                self._before_role(r, role)
            attached = self._attached_role(r)
            if attached:
                name = self.chunks[r].stem[: -len(attached)]
                person = self._person(name, self._entity_for(name))
                person.roles.add(attached)
                # The mention is the name as written, not its title: "이현우" of "이현우씨가", as
                # "김" of "김 위원장".
                start = self.chunks[r].start
                person.mentions.append((start, start + len(name)))
                self.claimed.add(r)
                continue
            if self._bare(r) and r + 1 < n and (self._title_before(r) or self._nationality(r)):
                self._after_title(r)
        for i in range(n):
            if i not in self.claimed and self._bare(i) and self._name_like(i):
                after = self.text[self.chunks[i].end : self.chunks[i].end + 12]
                match = _AGE.match(after)
                if not match and self._occupation(i + 1):
                    # An age after the word for what the person is: "유재선 조합원(34)".
                    match = _AGE.match(self.text[self.chunks[i + 1].end : self.chunks[i + 1].end + 12])
                if match and 0 < int(match.group(1)) <= 110:
                    self._add(i, i, "age")
            if i not in self.claimed and self._bare(i) and self._spelled_name(i):
                self._add(i, i, "hanja")

    def _occupation(self, k: int) -> bool:
        """Chunk k is a common noun right after a Korean name of three syllables before it, with
        nothing between: what the person is ("조합원", "회사원", "주부")."""
        if k >= len(self.chunks) or not self._spaced(k) or not self._bare(k) or k in self.claimed:
            return False
        name = self.chunks[k - 1].stem
        morphs = self.chunks[k].stem_morphs()
        return len(name) == 3 and korean_name_shape(name) and bool(morphs) and all(m.tag == "NNG" for m in morphs)

    def _spelled_name(self, i: int) -> bool:
        """A surname and a given name spelled in Hanja in brackets right after ("김덕천(金德天)",
        "왕가위(王家卫)"): the given name's syllables are its Hanja's readings, so it is a Sino-Korean
        name, not a transliteration; unless it ends like a body's name ("국립대(國立大)")."""
        c = self.chunks[i]
        if i + 1 >= len(self.chunks) or not self._spelling(i + 1) or self.chunks[i + 1].gap != "(":
            return False
        hanja = self.chunks[i + 1].stem
        if len(c.stem) != 3 or len(hanja) != 3 or not korean_name_shape(c.stem) or self._is_thing(c.stem):
            return False
        if c.stem[-1] in ORG_SUFFIXES:
            return False  # "국립대(國立大)", "인권위(人權委)": a body's name is spelled so too
        table = readings()
        for char, syllable in zip(hanja[1:], c.stem[1:], strict=True):
            reading = table.get(char, "")
            if syllable not in (reading, initial_rule(reading) if reading else ""):
                return False
        morphs = c.stem_morphs()
        known_noun = common_noun(morphs) and not morphs[0].oov
        return bool(morphs) and all(m.tag in _NAME_TAGS for m in morphs) and not known_noun

    def _before_role(self, r: int, role: str) -> None:
        """The nearest name before role chunk r, past at most _MAX_MODIFIERS modifiers."""
        k = r - 1
        if role in PLAIN_TITLES:
            # "광희 씨", "이동진 씨": the word right before 씨 is a name, given name or full.
            if k >= 0 and k not in self.claimed and self._bare(k) and self._plain_name(k):
                self._add(k, k, role)
            elif k >= 0 and self._bare(k) and self._unknown_proper(k):
                self._add(k, k, role)  # a long foreign name Kiwi does not know: "사무라고치 씨"
            return
        if k >= 0 and k not in self.claimed and self._misread_name(k):
            c = self.chunks[k]
            person = self._person(c.text, self._entity_for(c.text))
            person.roles.add(role)
            person.mentions.append((c.start, c.end))
            self.claimed.add(k)
            return
        if self._foreign_surname(k):
            self._add(k, k, role)
            return
        skipped = 0
        while k >= 0 and (k not in self.claimed or k in self.thing_chunks):
            if k not in self.claimed and self._bare(k) and self._name_like(k):
                stem = self.chunks[k].stem
                short = korean_name_shape(stem) and len(stem) == 2
                if k + 1 < r and self.chunks[k + 1].stem in GROUP_NOUNS:
                    return  # "후티 반군 대변인": the name is the group's
                if (not korean_name_shape(stem) or short or role in BODY_ROLES) and self._korean_before(k):
                    # "변희재 미디어워치 대표", "정의선 현대차 회장": the name, not the outlet or the
                    # company, which no later rule takes for a person either
                    self._add(k - 1, k - 1, role)
                    self.claimed.add(k)
                    return
                elif role in BODY_ROLES and self._known_body(k):
                    pass  # "구글 대표", "롯데 감독": the company's or the team's; a name may stand before it
                elif not short or skipped == 0 or self._foreign_before(k):
                    # A word of two syllables past modifiers is rarely a name ("한일 담당 부차관보").
                    self._add(self._extend_left(k), k, role)
                    return
            if skipped >= _MAX_MODIFIERS or not self._modifier(k) or not self._next_to(k + 1) or self._role(k):
                return
            # Places, "전" (former) and a spelling do not count: "전 폴란드 주재 미국 대사".
            if k not in self.thing_chunks and self.chunks[k].stem not in ROLE_MODIFIERS and not self._spelling(k):
                skipped += 1
            if not self._next_to(k):
                return
            k -= 1

    def _misread_name(self, k: int) -> bool:
        """Right before a role, a Korean name whose last syllable Kiwi took for a particle ("최홍만
        선수": 최/홍/만, 만 "only"): a particle cannot stand between a name and its title."""
        c = self.chunks[k]
        tail = [m for m in c.morphs if m.start >= c.stem_end]
        if len(c.text) != 3 or len(tail) != 1 or not tail[0].tag.startswith("J") or not self._spaced(k + 1):
            return False
        morphs = c.stem_morphs()
        if not korean_name_shape(c.text) or not morphs or morphs[0].tag != "NNP" or self._is_thing(c.stem):
            return False
        return all(m.tag in _NAME_TAGS for m in morphs) and not common_noun(morphs)

    def _known_body(self, k: int) -> bool:
        """Chunk k is one foreign-looking word Kiwi knows as a proper noun that WikiData's humans'
        names do not vouch for ("구글", "넥슨", "한화"): before a title a company, a team or
        another body has, the body's name; a known person's name is a part of humans' names
        ("케리", "바흐"), and a Korean name of three syllables has the shape of one."""
        c = self.chunks[k]
        morphs = c.stem_morphs()
        if len(morphs) != 1 or morphs[0].tag != "NNP" or morphs[0].oov:
            return False
        if korean_name_shape(c.stem) and len(c.stem) != 2:
            return False
        human, other = name_parts().name_odds(c.stem)
        return human == 0 or human < other

    def _foreign_surname(self, k: int) -> bool:
        """Two syllables Kiwi does not know, right before a role: a foreign surname, even one
        ending like a body's name would ("아소 부총리": 소), which _name_like turns down."""
        if k < 0 or not self._bare(k) or len(self.chunks[k].stem) != 2 or not self._unknown_proper(k):
            return False
        return not korean_name_shape(self.chunks[k].stem) and not self._name_like(k)

    def _foreign_before(self, k: int) -> bool:
        """A foreign given name stands right before chunk k ("데이비드 라미")."""
        j = k - 1
        return (
            j >= 0
            and self._joined(k)
            and self._bare(j)
            and foreign_looking(self.chunks[j].stem)
            and self._name_like(j, foreign_part=True)
        )

    def _plain_name(self, k: int) -> bool:
        """A word of two to four syllables that can be a name (given name alone included)."""
        c = self.chunks[k]
        if not 2 <= len(c.stem) <= 4 or not _SYLLABLES.fullmatch(c.stem) or self._is_thing(c.stem):
            return False
        if self._role(k) or c.stem in ROLE_MODIFIERS or (len(c.stem) == 2 and c.stem[1] == "모"):
            return False
        morphs = c.stem_morphs()
        return all(m.tag in _NAME_TAGS for m in morphs) and morphs[-1].tag != "NNB" and not common_noun(morphs)

    def _korean_before(self, k: int) -> bool:
        """Chunk k - 1 is a bare Korean name right before chunk k."""
        j = k - 1
        return (
            j >= 0
            and j not in self.claimed
            and self._spaced(k)
            and self._bare(j)
            and korean_name_shape(self.chunks[j].stem)
            and len(self.chunks[j].stem) >= 3
            and self._name_like(j)
        )

    def _extend_left(self, k: int) -> int:
        """A foreign name's first words ("세르게이" before "라브로프"); Korean names are one word,
        but a surname of two syllables may be a foreign one ("데이비드 라미")."""
        stem = self.chunks[k].stem
        if korean_name_shape(stem):
            return k - 1 if len(stem) == 2 and self._foreign_before(k) else k
        first = k
        while (
            first - 1 >= 0
            and k - first + 1 < _MAX_FOREIGN_WORDS
            and self._joined(first)
            and self._bare(first - 1)
            and not korean_name_shape(self.chunks[first - 1].stem)
            and self._name_like(first - 1, foreign_part=True)
        ):
            first -= 1
        return first

    def _title_before(self, r: int) -> bool:
        """Chunk r is a role that may stand before a name ("배우", "외무장관")."""
        return self._role(r, ROLE_BEFORE) == self.chunks[r].stem or (
            self._role(r, ROLE_BEFORE) != "" and self._role(r, ROLE_BEFORE) != self.chunks[r].stem[-1:]
        )

    def _nationality(self, r: int) -> bool:
        """ "슬로바키아인", "미국인": a country's name and 인 (a person of that country)."""
        stem = self.chunks[r].stem
        return len(stem) >= 3 and stem.endswith("인") and units(stem[:-1]) in self.gaz.by_key

    def _after_title(self, r: int) -> None:
        """ "배우 이아현", "외무장관 세르게이 라브로프", "슬로바키아인 아쇼트 므크르티체프"."""
        role = self._role(r, ROLE_BEFORE) or "nationality"
        i = r + 1
        if not self._spaced(i) or not self._name_like(i):
            return
        last = i
        if not korean_name_shape(self.chunks[i].stem):
            while (
                last + 1 < len(self.chunks)
                and last - i + 1 < _MAX_FOREIGN_WORDS
                and self._bare(last)
                and self._spaced(last + 1)
                and (self._name_like(last + 1, foreign_part=True) or self._unknown_proper(last + 1))
            ):
                last += 1
        self._add(i, last, role)

    def _unknown_proper(self, k: int) -> bool:
        """Chunk k is one proper noun Kiwi does not know, not a place: after a title and a foreign
        first name, the rest of the name, whatever it ends in ("사형수 사지다 알리샤위": 위)."""
        c = self.chunks[k]
        morphs = c.stem_morphs()
        if len(morphs) != 1 or morphs[0].tag != "NNP" or not morphs[0].oov or k in self.claimed:
            return False
        return bool(_SYLLABLES.fullmatch(c.stem)) and len(c.stem) >= 2 and not self._is_thing(c.stem)

    def _attached_role(self, i: int) -> str:
        """A name written together with its title ("김정은위원장은", "이현우씨가", "스즈키씨는"): the title,
        if the rest is a name."""
        c = self.chunks[i]
        role = role_suffix(c.stem, ROLE_AFTER)
        if not role and len(c.stem) >= 3 and c.stem[-1] in PLAIN_TITLES:
            role = c.stem[-1]
        if not role or role == c.stem:
            return ""
        name = c.stem[: -len(role)]
        morphs = [m for m in c.stem_morphs() if m.end <= c.start + len(name)]
        if sum(len(m.form) for m in morphs) != len(name):
            return ""
        if not korean_name_shape(name):
            # After 씨 read apart, any proper noun is a name: "스즈키씨는", "재국씨가" (a given name).
            titled = c.stem_morphs()[-1][:2] == (role, "NNB") and role in PLAIN_TITLES
            proper = all(m.tag == "NNP" or (m.tag == "NNG" and m.oov) for m in morphs)
            if not (titled and proper and 2 <= len(name) <= 6 and _SYLLABLES.fullmatch(name)) or name[-1] == "모":
                return ""
        if not all(m.tag in _NAME_TAGS for m in morphs) or common_noun(tuple(morphs)) or self._is_thing(name):
            return ""
        return role

    def _shaped(self) -> None:
        """A Korean name with no cue: a surname and a two-syllable given name that Kiwi reads as
        one proper noun, not ending like a place ("경복궁", "서초동") nor followed by a locative, nor
        a transliteration with a surname's first syllable ("마리오", "오사카": ko_wikidata.py)."""
        for i, c in enumerate(self.chunks):
            morphs = c.stem_morphs()
            if i in self.claimed or len(c.stem) != 3 or not one_name(morphs):
                continue
            if c.stem[0] not in SOUTH_SURNAMES or c.stem[-1] in PLACE_ENDINGS or not korean_name_shape(c.stem):
                continue
            if c.tail in LOCATIVE_PARTICLES or not self._name_like(i) or name_parts().foreign_word(c.stem):
                continue
            if self._quoted(i):
                continue  # a title: "영화 '도희야'가"
            if c.stem[-1] == "이" and (ord(c.stem[1]) - 0xAC00) % 28:
                continue  # a word and a subject's 이 read as one ("지진이"), or a given name and the
                # familiar 이 ("지현이"): a name of three syllables seldom ends in 이 after a coda
            if self._modifies_noun(i):
                continue
            if any(m.tag.startswith("Z") for m in c.morphs):
                continue  # a longer word Kiwi read only by adding a coda: "마라카낭" (마라카/나/ᆼ)
            self._add(i, i, "shape")

    def _modifies_noun(self, i: int) -> bool:
        """Chunk i has no particle and a common noun Kiwi knows follows it, not a role: with no other
        cue, the word says what the noun is of, and a rocket, a railway line, a police station or a
        band ("나로호 발사관리위원회", "장항선 승차권", "도봉서 사무실") is as likely there as a person."""
        if self.chunks[i].tail or i + 1 >= len(self.chunks) or not self._spaced(i + 1):
            return False
        return common_noun(self.chunks[i + 1].stem_morphs()) and not self._role(i + 1)

    def _known_foreign(self) -> None:
        """A name of two or more words Kiwi reads as one proper noun: a person when WikiData (Kiwi's
        dictionary, ko_wikidata.py) names a human so ("닉 부이치치", "고토 겐지"), never when it names
        something else ("스파이 브릿지", a film); a name WikiData does not class is a person when it
        looks foreign ("테일러 스위프트"), not a place or an institution, nor a title with digits."""
        parts = name_parts()
        for i, c in enumerate(self.chunks):
            morphs = c.stem_morphs()
            glued = " ".join(m.form for m in morphs)
            if i not in self.claimed and len(morphs) == 2 and all(m.tag == "NNP" for m in morphs):
                first, last = (m.form for m in morphs)
                given = parts.given_name(first) and parts.last[last] > parts.first[last]
                if (parts.human(glued) or given) and _SYLLABLES.fullmatch(c.stem) and not self._is_thing(c.stem):
                    self._add(i, i, "known")  # a full name written as one word: "빌게이츠가" (빌/게이츠)
                    continue
            if i in self.claimed or len(morphs) != 1 or morphs[0].tag != "NNP" or " " not in c.stem:
                continue
            words = c.stem.split()
            if len(words) > 4 or not _SYLLABLES.fullmatch(c.stem) or parts.other(c.stem):
                continue
            if not parts.human(c.stem) and not foreign_looking(c.stem):
                continue
            if self._is_thing(c.stem):
                continue
            if not parts.human(c.stem) and (
                any(self._is_thing(w) for w in words) or words[-1][-1] in FOREIGN_NAME_VETO
            ):
                continue  # a human's name may have a place's word or ending: "고토 겐지", "오무라 사토시"
            self._add(i, i, "known")

    def _wikidata_names(self) -> None:
        """Names with no cue that WikiData's humans vouch for (ko_wikidata.py):

        - two or three words Kiwi reads apart that are a human's full name ("이비차 올리치");
        - a common first word of humans' names and a foreign-looking word ("크리스 에반스",
          "피터 위팅엄");
        - one foreign word that is far more often a part of humans' names than of other names
          ("데이비스는", "히메네스가"), with a particle that is not a place's ("에서", "로").
        """
        parts = name_parts()
        n = len(self.chunks)
        for i in range(n):
            for last in (i + 2, i + 1):
                name = self._window(i, last)
                if not name or not all(self._name_like(k, foreign_part=True) for k in range(i, last + 1)):
                    continue
                if parts.human(name) and not self._is_thing(name):
                    self._add(i, last, "wikidata")
                    break
                second = self.chunks[last].stem
                if (
                    last == i + 1
                    and parts.given_name(self.chunks[i].stem)
                    and foreign_looking(second)
                    and not parts.given_name(second)
                    and second[-1] not in FOREIGN_NAME_VETO
                ):
                    # A third word goes on the name: "케빈-프린스 보아텡".
                    more = last + 1 < n and self._window(i, last + 1) and self._name_like(last + 1, foreign_part=True)
                    self._add(i, last + 1 if more and foreign_looking(self.chunks[last + 1].stem) else last, "wikidata")
                    break
        for i, c in enumerate(self.chunks):
            word = self._swallowed(i)
            cased = c.first_tail_tag() in _CASE_TAGS and c.tail not in LOCATIVE_PARTICLES
            if i in self.claimed or not (cased or word):
                continue  # with no particle, it may be a part of a longer noun phrase ("마리오 카트")
            word = word or c.stem
            if len(c.stem_morphs()) != 1 or len(word) < 2 or not self._name_like(i, foreign_part=True):
                continue
            human, other = parts.name_odds(word)
            if self._quoted(i):
                continue
            if any(
                p.kind != "city" or human < _TOWN_NAME_ODDS * (other + 1) for p in self.gaz.by_key.get(units(word), ())
            ):
                continue  # a place of that name: with no cue, a place is likelier, unless a town's name is a
                # common surname ("데이비스", Davis in California)
            # A word Kiwi does not know needs one human's name (a rare name: "쇼라크메도프"); one it
            # knows, two: Kiwi knows brands and bodies of one name ("나토", "엘지", "버버리").
            least = 1 if c.stem_morphs()[0].oov else _MIN_NAME_PARTS
            if human >= least and human >= _NAME_PART_ODDS * other:
                person = self._person(word, self._entity_for(word))
                person.roles.add("wikidata")
                person.mentions.append(self._span(i, i))
                self.claimed.add(i)

    def _swallowed(self, i: int) -> str:
        """The name in a word Kiwi did not know and read with its particle as one noun ("엠버가",
        "이글레시아스가"): the word without a subject, topic, object or genitive particle, or ""."""
        c = self.chunks[i]
        morphs = c.stem_morphs()
        if c.tail or len(morphs) != 1 or not morphs[0].oov:
            return ""
        for particle in _SWALLOWED:
            if c.stem.endswith(particle) and len(c.stem) - len(particle) >= 2:
                return c.stem[: -len(particle)]
        return ""

    def _in_brackets(self) -> None:
        """An actor's name in brackets after a role or a person: "강모연 팀장(송혜교)", "유재학(지진희)"."""
        people = {i for i in self.claimed if i not in self.thing_chunks}
        for i, c in enumerate(self.chunks):
            if i == 0 or i in self.claimed or c.gap.strip() != "(" or not self._bare(i):
                continue
            if self.text[c.end : c.end + 1] != ")" or not korean_name_shape(c.stem) or len(c.stem) < 3:
                continue  # "윤석영(전남)": a team or a region, not an actor
            if (i - 1 in people or self._role(i - 1)) and self._plain_name(i):
                self._add(i, i, "brackets")

    def _coordinated(self) -> None:
        """Names listed with a person found ("리혁철, 김창혁, 변원근 등", "푸틴과 시진핑", "스티비
        원더, 린킨 파크"): each item of the list, of one word or a foreign name of several."""
        people = {i for i in self.claimed if i not in self.thing_chunks}
        changed = True
        while changed:
            changed = False
            i = 0
            while i < len(self.chunks):
                j = self._item_end(i)
                if j < 0 or not self._listed_with(i, j, people) or not self._item_is_name(i, j):
                    i += 1
                    continue
                self._add(i, j, "list")
                people.update(range(i, j + 1))
                changed = True
                i = j + 1

    def _separated(self, i: int) -> bool:
        """A list separator stands between chunk i - 1 and chunk i."""
        return i > 0 and (self.chunks[i].gap.strip() in (",", "·", "\u30fb") or self.chunks[i - 1].tail in ("와", "과"))

    def _item_end(self, i: int) -> int:
        """The last chunk of the list item starting at chunk i, or -1 when none starts there."""
        if i in self.claimed:
            return -1
        j = i
        while (
            j + 1 < len(self.chunks)
            and j - i + 1 < _MAX_FOREIGN_WORDS
            and j + 1 not in self.claimed
            and self._bare(j)
            and self._joined(j + 1)
            and not self._separated(j + 1)
        ):
            j += 1
        return j

    def _listed_with(self, i: int, j: int, people: set[int]) -> bool:
        """Items i..j stand next to a person in a list: "A, B", "A·B", "A와 B"."""
        before = i - 1 in people and self._separated(i)
        after = j + 1 in people and self._separated(j + 1)
        return before or after

    def _item_is_name(self, i: int, j: int) -> bool:
        if i == j:
            stem = self.chunks[i].stem
            if korean_name_shape(stem):
                return len(stem) >= 3 and self._plain_name(i)  # "호남·전라": regions, not names
            return self._name_like(i)
        words = [self.chunks[k].stem for k in range(i, j + 1)]
        return foreign_looking("".join(words)) and all(self._name_like(k, foreign_part=True) for k in range(i, j + 1))

    def _titled_surnames(self) -> None:
        """ "김 위원장": the full name with that surname found in the article."""
        for i in range(len(self.chunks) - 1):
            if i in self.claimed or not self._bare(i):
                continue
            surname = self.chunks[i].stem
            if surname not in SURNAMES and surname not in DOUBLE_SURNAMES:
                continue
            r = i + 1
            role = self._role(r)
            if not role or not self._spaced(r) or r in self.claimed:
                continue
            found = [p for p in self.people if not p.credit and surname in self._surnames(p)]
            if len(found) > 1:
                found = [p for p in found if role in p.roles]
            if len(found) == 1:
                # The mention is the surname as written; the title is what resolved it.
                found[0].mentions.append(self._span(i, i))
                self.claimed.update((i, r))

    def _surnames(self, person: KoreanPerson) -> set[str]:
        names = [person.key]
        if person.entity is not None:
            names += [a for a in person.entity.aliases if _SYLLABLES.fullmatch(a)]
        out: set[str] = set()
        for name in names:
            if korean_name_shape(name):
                out.add(name[:2] if name[:2] in DOUBLE_SURNAMES and len(name) >= 3 else name[0])
        return out

    def _propagate(self) -> None:
        """Other mentions of a found name, with whatever particle they carry."""
        forms: dict[str, KoreanPerson] = {}
        for person in self.people:
            if person.credit:
                continue
            forms.setdefault(person.key, person)
            if len(person.words) > 1:
                forms.setdefault(person.words[-1], person)
        if not forms:
            return
        for i, c in enumerate(self.chunks):
            if i in self.claimed:
                continue
            found = forms.get(c.stem) or forms.get(strip_particle(c.text))
            if found is None and i + 1 < len(self.chunks) and self._bare(i) and self._spaced(i + 1):
                pair = forms.get(self._window(i, i + 1))
                if pair is not None:
                    pair.mentions.append(self._span(i, i + 1))
                    self.claimed.update((i, i + 1))
                    continue
            if found is not None:
                found.mentions.append(self._span(i, i))
                self.claimed.add(i)

    def _merge_surnames(self) -> None:
        """ "라브로프" found alone is the "세르게이 라브로프" found elsewhere."""
        merged: list[KoreanPerson] = []
        for person in self.people:
            if len(person.words) != 1 or person.entity is not None:
                continue
            longer = [p for p in self.people if len(p.words) > 1 and p.words[-1] == person.key]
            if len(longer) == 1:
                longer[0].mentions.extend(person.mentions)
                longer[0].roles |= person.roles
                merged.append(person)
        self.people = [p for p in self.people if p not in merged]
        for person in self.people:
            person.mentions.sort()
