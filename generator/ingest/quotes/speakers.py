"""Ingest stage, quotes: the words naming a speaker as a name, through the article's people and the registry.

The people finder (generator.ingest.entities) has already tied every mention of a person to
the fullest name the article uses ("Kirby" to John Kirby, "설리번" to 댄 설리번) and to the
registry; a speaker is looked up among those mentions first. A name the finder did not keep
is looked up in the registry; a name of two capitalised words or more is kept as written. A
lone surname or a role that fits nobody in the article ("the official") stays unclear: a quote
without a speaker is better than one given to the wrong person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..entities import FoundEntity
from ..entities.lexicon import PERSON_TITLES
from .english import PRONOUNS
from .korean import ROLES, organization_like, speaker_words, strip_particle
from .marks import words

# The registry's name for a name (people, then organizations), or None.
Lookup = Callable[[str], str | None]

_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|al|da|di|le|la))*(?<!\s[a-z]{2})")
_NOT_NAMES = words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december today yesterday reuters"
)
_HANGUL_WORD = re.compile(r"[가-힣]+")


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").replace("‐", " ").split())


class Speakers:
    """Who a speaker phrase names, in one article."""

    def __init__(self, entities: Sequence[FoundEntity], lookup: Lookup | None = None) -> None:
        self.lookup = lookup or (lambda name: None)
        self.by_form: dict[str, str] = {}  # any form of a mention → its entity's name
        self.kind: dict[str, str] = {}  # entity name → person / organization / place
        surnames: dict[str, set[str]] = {}
        for entity in entities:
            self.kind[entity.name] = entity.type
            for form in (entity.name, *entity.mentions):
                for variant in {form, strip_particle(form)[0]}:
                    self.by_form.setdefault(_key(variant), entity.name)
            if entity.type == "person" and len(entity.name.split()) >= 2:
                surnames.setdefault(_key(entity.name.split()[-1]), set()).add(entity.name)
        for surname, names in surnames.items():
            if len(names) == 1:  # "Kim" in an article about Kim Jong-un and Kim Yo-jong names nobody
                self.by_form.setdefault(surname, next(iter(names)))
        self.mentions = [(_key(m), e.name) for e in entities if e.type == "person" for m in e.mentions]

    def known(self, form: str) -> str | None:
        """The entity an exact form names, or the registry's entry for it."""
        name = self.by_form.get(_key(form))
        if name is not None and self.kind.get(name) in ("person", "organization"):
            return name
        return self.lookup(form)

    # --- English -------------------------------------------------------------------------

    def english(self, who: str, before: str) -> str | None:
        """The name an English speaker phrase stands for; before is the article up to the quote."""
        if who.lower() in PRONOUNS:
            return None
        runs = [r.strip() for r in _RUN.findall(re.sub(r"['’]s\b", "", who))]  # "Cornyn's statement"
        for run in reversed(runs):
            words = run.split()
            while words and words[0].lower().rstrip(".") in PERSON_TITLES | {"mr", "mrs", "ms", "dr"}:
                words = words[1:]  # "Sen. Dan Sullivan", "Spokesman Kirby"
            for start in range(len(words)):
                found = self.known(" ".join(words[start:]))
                if found is not None:
                    return found
            if len(words) >= 2 and not any(w.lower() in _NOT_NAMES for w in words):
                name = " ".join(words)
                place = self.by_form.get(_key(name))
                if place is None or self.kind.get(place) != "place":
                    return name  # a full name the finder did not tag: as written
        if not runs:
            role = [w for w in who.lower().replace(",", " ").split() if w in PERSON_TITLES]
            if role:
                return self.role_holder(role[-1], before)
        return None

    def sentence_subject(self, text: str) -> str | None:
        """The person the last sentence of text that opens with a name is about ("Rathbun requested …")."""
        for sentence in reversed(re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)[:-1]):
            m = _RUN.match(sentence.strip())
            if m:
                name = self.by_form.get(_key(re.sub(r"['’]s$", "", m.group().strip())))
                if name is not None and self.kind.get(name) == "person":
                    return name
        return None

    def role_holder(self, role: str, before: str) -> str | None:
        """The one person the article names with a role before ("spokesman John Kirby" for "the spokesman")."""
        holders: list[str] = []
        for m in re.finditer(re.escape(role), before, flags=re.I):
            near = before[max(0, m.start() - 40) : m.end() + 40]
            for form, name in self.mentions:
                if form and re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", near.casefold()):
                    holders.append(name)
        names = set(holders)
        return holders[-1] if len(names) == 1 else None

    # --- Korean --------------------------------------------------------------------------

    def korean(self, phrase: str, before: str) -> str | None:
        """The name a Korean subject phrase stands for ("설리번 의원" → 댄 설리번)."""
        candidates, role = speaker_words(phrase)
        for candidate in candidates:
            found = self.known(candidate)
            if role and found is not None and self.kind.get(found, "person") != "person":
                continue  # "클레벌리 영국 외무장관": a minister is a person, not the country
            if role and found is None and self.kind.get(self.by_form.get(_key(candidate), ""), "") == "place":
                continue
            if found is not None:
                return found
            name = self.by_form.get(_key(candidate))
            if name is not None and self.kind.get(name) == "place" and " " not in candidate:
                return name  # a country speaks: 북한은 “…”라고 주장했다
            words = candidate.split()
            if len(words) == 2 and words[1] in ("정부", "당국") and self.by_form.get(_key(words[0])):
                return candidate  # 미국 정부
            if not role and len(words) == 1 and organization_like(candidate) and candidate not in ROLES:
                return candidate  # 외교부, 백악관: a body the finder does not list
            if len(words) == 1 and candidate in ROLES:
                return self.role_holder(candidate, before)
        return None


def is_pronoun(who: str) -> bool:
    return who.lower() in PRONOUNS


def hangul_words(text: str) -> list[str]:
    return _HANGUL_WORD.findall(text)
