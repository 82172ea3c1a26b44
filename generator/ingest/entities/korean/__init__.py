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
  기자"), an anchor ("김경호 앵커>"), a name in a credit line ("영상편집:하동우") or a sign-off
  ("KBS 뉴스 문영규입니다.") is a credit, never an actor (credits.py).
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

from generator.ingest.entities.korean.base import KoreanEntities, KoreanPerson, KoreanThing
from generator.ingest.entities.korean.credits import CreditRules
from generator.ingest.entities.korean.cued import CuedRules
from generator.ingest.entities.korean.things import ThingRules
from generator.ingest.entities.korean.uncued import UncuedRules

__all__ = ["KoreanEntities", "KoreanFinder", "KoreanPerson", "KoreanThing"]


class KoreanFinder(ThingRules, CreditRules, CuedRules, UncuedRules):
    """Finds the entities of the Hangul part of one text."""

    def find(self) -> KoreanEntities:
        self._registry()
        self._places()
        self._credits()
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
