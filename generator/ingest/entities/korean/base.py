"""Korean entity finding: the finder's state, the facts about a chunk that every rule asks, and
how a person is recorded (see __init__.py for what is found and how)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.ingest.entities.gazetteer import CITY_ANYWHERE, Gazetteer, PlaceIndex
from generator.ingest.entities.ko_lexicon import (
    BYLINE_ROLES,
    COUNTRY_SHORT_FORMS,
    FOREIGN_NAME_VETO,
    ORG_SUFFIXES,
    PEOPLE_AND_LANGUAGES,
    PEOPLE_BASES,
    PLACE_PREFIXES,
    ROLE_AFTER,
    ROLE_MODIFIERS,
    ROLE_PREFIXES,
    foreign_looking,
    korean_name_shape,
    role_suffix,
    strip_particle,
)
from generator.ingest.entities.ko_wikidata import name_parts
from generator.ingest.entities.morph import chunks, common_noun
from generator.ingest.entities.registry import RegistryIndex
from generator.ingest.entities.text import units
from generator.ingest.entities.types import EntityType, KnownEntity

SYLLABLES = re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*")
NAME_TAGS = frozenset(["NNP", "NNG", "MM", "NNB", "XPN", "XSN", "NR"])
MAX_FOREIGN_WORDS = 3
QUOTES = frozenset("'\"‘’“”「」『』")
_CLIPS: dict[int, frozenset[str]] = {}
_CLIPPED_FROM = 5  # syllables of a country's name that headlines clip ("우크라이나" -> "우크라")


def country_clips(gaz: Gazetteer) -> frozenset[str]:
    """Headlines' clipped Hangul names of countries: the first three syllables or more of a
    country's name of five or more ("우크라" of 우크라이나, "아르헨", "카자흐"), unless WikiData's
    humans' names begin or end so more often than other names hold it ("크리스" of 크리스마스섬)."""
    made = _CLIPS.get(id(gaz.by_key))
    if made is None:
        by_key = gaz.by_key
        if isinstance(by_key, PlaceIndex):
            joined = by_key.keys_of_kind("country")
        else:
            joined = [" ".join(k) for k, places in by_key.items() if any(p.kind == "country" for p in places)]
        names = {unicodedata.normalize("NFC", j) for j in joined}
        names = {n for n in names if SYLLABLES.fullmatch(n) and " " not in n and len(n) >= _CLIPPED_FROM}
        odds = name_parts()
        clips = {n[:k] for n in names for k in range(3, len(n))}
        made = _CLIPS[id(by_key)] = frozenset(c for c in clips if odds.name_odds(c)[0] <= odds.name_odds(c)[1])
    return made


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


class FinderBase:
    """The text's chunks and what the rules have claimed of them, with the facts rules share."""

    def __init__(self, text: str, index: RegistryIndex, gaz: Gazetteer) -> None:
        self.text = text
        self.chunks = chunks(text)
        self.index = index
        self.gaz = gaz
        self.people: list[KoreanPerson] = []
        self.things: list[KoreanThing] = []
        self.claimed: set[int] = set()
        self.thing_chunks: set[int] = set()  # claimed by a place or an organization

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
        opened = c.gap.strip()[-1:] in QUOTES
        return opened and self.text[c.start + len(c.stem) : c.start + len(c.stem) + 1] in QUOTES

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
        if self._people_or_language(stem) or stem in country_clips(self.gaz):
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
        if not SYLLABLES.fullmatch(stem) or i in self.claimed:
            return False
        if self._is_thing(stem) or self._role(i) or stem in ROLE_MODIFIERS:
            return False
        morphs = c.stem_morphs()
        if not morphs or any(m.tag not in NAME_TAGS for m in morphs) or morphs[-1].tag == "NNB":
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

    def _plain_name(self, k: int) -> bool:
        """A word of two to four syllables that can be a name (given name alone included)."""
        c = self.chunks[k]
        if not 2 <= len(c.stem) <= 4 or not SYLLABLES.fullmatch(c.stem) or self._is_thing(c.stem):
            return False
        if self._role(k) or c.stem in ROLE_MODIFIERS or (len(c.stem) == 2 and c.stem[1] == "모"):
            return False
        morphs = c.stem_morphs()
        return all(m.tag in NAME_TAGS for m in morphs) and morphs[-1].tag != "NNB" and not common_noun(morphs)

    def _unknown_proper(self, k: int) -> bool:
        """Chunk k is one proper noun Kiwi does not know, not a place: after a title and a foreign
        first name, the rest of the name, whatever it ends in ("사형수 사지다 알리샤위": 위)."""
        c = self.chunks[k]
        morphs = c.stem_morphs()
        if len(morphs) != 1 or morphs[0].tag != "NNP" or not morphs[0].oov or k in self.claimed:
            return False
        return bool(SYLLABLES.fullmatch(c.stem)) and len(c.stem) >= 2 and not self._is_thing(c.stem)

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

    def _extend_left(self, k: int) -> int:
        """A foreign name's first words ("세르게이" before "라브로프"); Korean names are one word,
        but a surname of two syllables may be a foreign one ("데이비드 라미")."""
        stem = self.chunks[k].stem
        if korean_name_shape(stem):
            return k - 1 if len(stem) == 2 and self._foreign_before(k) else k
        first = k
        while (
            first - 1 >= 0
            and k - first + 1 < MAX_FOREIGN_WORDS
            and self._joined(first)
            and self._bare(first - 1)
            and not korean_name_shape(self.chunks[first - 1].stem)
            and self._name_like(first - 1, foreign_part=True)
        ):
            first -= 1
        return first
