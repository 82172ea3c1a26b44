"""Korean entity finding: people with no cue (a name's shape, WikiData's humans, brackets, lists), and
the other mentions of the people found."""

from __future__ import annotations

from generator.ingest.entities.ko_lexicon import (
    DOUBLE_SURNAMES,
    FOREIGN_NAME_VETO,
    LOCATIVE_PARTICLES,
    PLACE_ENDINGS,
    SOUTH_SURNAMES,
    SURNAMES,
    foreign_looking,
    korean_name_shape,
    strip_particle,
)
from generator.ingest.entities.ko_wikidata import name_parts
from generator.ingest.entities.korean.base import MAX_FOREIGN_WORDS, SYLLABLES, FinderBase, KoreanPerson
from generator.ingest.entities.morph import common_noun, one_name
from generator.ingest.entities.text import units

# One word with no cue is a name when WikiData's humans' names have it this often, and this many
# times more often than the names of anything else (ko_wikidata.NameParts.name_odds).
_MIN_NAME_PARTS = 2
_NAME_PART_ODDS = 3
_TOWN_NAME_ODDS = 10  # a word that is also a city's name needs ten times more: "데이비스" (138 to 6)
# Particles after a subject, an object, an owner or a partner: what a person's name takes
# ("셰리프는", "수아레스에게", "만델라와"); not a copula or an ending.
_SWALLOWED = ("은", "는", "이", "가", "을", "를", "의", "와", "과", "에게")
_CASE_TAGS = frozenset(["JKS", "JX", "JKO", "JKG", "JKB", "JC"])


class UncuedRules(FinderBase):
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
                if (parts.human(glued) or given) and SYLLABLES.fullmatch(c.stem) and not self._is_thing(c.stem):
                    self._add(i, i, "known")  # a full name written as one word: "빌게이츠가" (빌/게이츠)
                    continue
            if i in self.claimed or len(morphs) != 1 or morphs[0].tag != "NNP" or " " not in c.stem:
                continue
            words = c.stem.split()
            if len(words) > 4 or not SYLLABLES.fullmatch(c.stem) or parts.other(c.stem):
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
            and j - i + 1 < MAX_FOREIGN_WORDS
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
            names += [a for a in person.entity.aliases if SYLLABLES.fullmatch(a)]
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
