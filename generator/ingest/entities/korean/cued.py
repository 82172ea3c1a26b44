"""Korean entity finding: people with a cue, a role after the name or before it, an age, a spelling."""

from __future__ import annotations

import re

from generator.hangul import initial_rule, readings
from generator.ingest.entities.ko_lexicon import (
    BODY_ROLES,
    BYLINE_ROLES,
    GROUP_NOUNS,
    ORG_SUFFIXES,
    PLAIN_TITLES,
    ROLE_AFTER,
    ROLE_BEFORE,
    ROLE_MODIFIERS,
    korean_name_shape,
    role_suffix,
)
from generator.ingest.entities.ko_wikidata import name_parts
from generator.ingest.entities.korean.base import MAX_FOREIGN_WORDS, NAME_TAGS, SYLLABLES, FinderBase
from generator.ingest.entities.morph import common_noun
from generator.ingest.entities.text import units

_AGE = re.compile(r"\(\s*(\d{1,3})\s*(?:세|살)?\s*[,)·]")
_MAX_MODIFIERS = 4  # words between a name and its role ("매튜 올슨 법무부 국가안보 담당 차관보")


class CuedRules(FinderBase):
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
        return bool(morphs) and all(m.tag in NAME_TAGS for m in morphs) and not known_noun

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
        return all(m.tag in NAME_TAGS for m in morphs) and not common_noun(morphs)

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
                and last - i + 1 < MAX_FOREIGN_WORDS
                and self._bare(last)
                and self._spaced(last + 1)
                and (self._name_like(last + 1, foreign_part=True) or self._unknown_proper(last + 1))
            ):
                last += 1
        self._add(i, last, role)

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
            if not (titled and proper and 2 <= len(name) <= 6 and SYLLABLES.fullmatch(name)) or name[-1] == "모":
                return ""
        if not all(m.tag in NAME_TAGS for m in morphs) or common_noun(tuple(morphs)) or self._is_thing(name):
            return ""
        return role
