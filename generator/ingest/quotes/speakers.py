"""Ingest stage, quotes: the words naming a speaker as a name, through the article's people and the registry.

The people finder (generator.ingest.entities) has already tied every mention of a person to
the fullest name the article uses ("Kirby" to John Kirby, "설리번" to 댄 설리번) and to the
registry; a speaker is looked up among those mentions first. A name the finder did not keep
is looked up in the registry; a name of two capitalised words or more is kept as written. A
lone surname or a role that fits nobody in the article ("the official") stays unclear: a quote
without a speaker is better than one given to the wrong person. (A Korean name the finder found
alone is kept when a role follows it in the subject, 루지에로 전 국장은: the role says it is a person.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..entities import FoundEntity, is_full_name
from ..entities.gazetteer import given_names
from ..entities.ko_lexicon import PLAIN_TITLES, ROLE_MODIFIERS, SURNAMES
from ..entities.lexicon import PERSON_TITLES
from .english import PRONOUNS
from .korean import ROLES, organization_like, speaker_words, strip_particle
from .marks import words

# The registry's entry for a name: (its name, "person" or "organization"), or None.
Lookup = Callable[[str], tuple[str, str] | None]

_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|al|da|di|le|la))*(?<!\s[a-z]{2})")
_NOT_NAMES = words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december today yesterday reuters"
)
_ROLE_TITLES = PERSON_TITLES | words(
    "mr mrs ms dr u.s. us federal deputy assistant former acting interim the administrator spokesperson curator"
)
_ROLE_NOUNS = words("actor actress doctor minister spokesman spokeswoman official curator researcher scientist author")
_KOREAN_NAME = re.compile(r"[가-힣]{2,4}")
_ROLE_LIKE = (
    _ROLE_TITLES
    | _ROLE_NOUNS
    | words(
        "a an former senior junior chief deputy assistant associate head lead co-author author writer editor reporter "
        "correspondent columnist analyst economist expert scientist researcher engineer doctor nurse physician surgeon "
        "teacher student professor lawyer attorney player defenseman forward goalie striker midfielder captain coach "
        "manager singer musician artist actor actress director producer owner founder chairman president treasurer "
        "activist resident witness survivor veteran soldier officer detective agent diplomat envoy aide adviser advisor"
    )
)


def _role_like(token: str) -> bool:
    """A word that may stand before a name at the start of a sentence: capitalised (a title, an
    organisation: "Wild", "NASA") or a role ("defenseman", "study co-author")."""
    bare = token.strip("()")
    return bare[:1].isupper() or bare.lower() in _ROLE_LIKE


_INTRODUCERS = words(
    "when while as since although though if because once asked speaking meanwhile however despite during following "
    "according"
)
_PREPOSITIONS = words(
    "about with to by for of from against at on in into than like and or but after before over under toward towards "
    "between among beside besides including unlike despite"
)
_HANGUL_WORD = re.compile(r"[가-힣]+")
# Roles of a body, not a person: 바이든 행정부 is the administration, never 바이든.
_BODY_ROLES = frozenset({"행정부", "정부", "정권", "내각"})


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").replace("‐", " ").split())


class Speakers:
    """Who a speaker phrase names, in one article."""

    def __init__(self, entities: Sequence[FoundEntity], lookup: Lookup | None = None) -> None:
        self.lookup = lookup or (lambda name: None)
        self.by_form: dict[str, str] = {}  # any form of a mention → its entity's name
        self.kind: dict[str, str] = {}  # entity name → person / organization / place
        surnames: dict[str, set[str]] = {}
        self.lone: dict[str, str] = {}  # a Hangul name the finder found alone ("루지에로", "장쥔") → itself
        for entity in entities:
            if entity.type == "person" and not entity.registered and not is_full_name(entity.name):
                # a lone surname ("Trump", "바이든") that nothing ties to a full name names nobody, unless a role
                # says who it is ("루지에로 전 국장은", "장쥔 유엔주재 중국대사는": see korean)
                if _KOREAN_NAME.fullmatch(entity.name) and len(entity.name) >= 2:
                    self.lone.setdefault(_key(entity.name), entity.name)
                continue
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
        entry = self.lookup(form)
        if entry is None:
            return None
        self.kind.setdefault(entry[0], entry[1])
        return entry[0]

    # --- English -------------------------------------------------------------------------

    def english(self, who: str, before: str) -> str | None:
        """The name an English speaker phrase stands for; before is the article up to the quote."""
        if who.lower() in PRONOUNS:
            return None
        who = re.sub(r"['’]s\b", "", who)  # "Cornyn's statement"
        who = re.sub(r"^(?:The|A|An)\s+(?=[a-z])", lambda m: m.group().lower(), who)  # "The president said"
        runs = [r.strip() for r in _RUN.findall(who)]
        for run in reversed(runs):
            words = run.split()
            for start in range(len(words)):  # a known form first: "Doctor" may be a surname
                found = self.known(" ".join(words[start:]))
                if found is not None:
                    return self._clean(found, before)
            if re.search(r"\b(?:of|for)\s+(?:the\s+)?$", who[: who.rfind(run)]):
                continue  # "CEO of Take-Two", "Commissioner for Human Rights": what they head, not who
            titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in _ROLE_TITLES]
            if titles:
                words = words[titles[-1] + 1 :]  # "U.S. Attorney Nealy Cox", "CPUC President Marybel Batjer"
            given = given_names()
            if len(words) >= 3 and any(w.lower() in given for w in words[1:-1]):
                while words[0].lower() not in given:
                    words = words[1:]  # "Singer-guitarists Tom Johnston": a name starts at its given name
            if len(words) >= 2 and not any(w.lower().rstrip(".") in _NOT_NAMES | _ROLE_TITLES for w in words):
                name = " ".join(words)
                place = self.by_form.get(_key(name))
                if place is None or self.kind.get(place) != "place":
                    if len(words) == 2 and words[0].lower() not in given:
                        name = self._fuller(words[1], before) or name  # "Administrator Bolden": Charles Bolden
                    self._learn(name)
                    return name  # a full name the finder did not tag: as written
        lowered = who.lower().replace(",", " ").split()
        if not runs and lowered[:1] == ["the"]:
            # "the spokesman said": the one person the article gave that role to; "an officer" is nobody known
            role = [w for w in lowered if w in PERSON_TITLES or w in _ROLE_NOUNS]
            if role:
                return self.role_holder(role[-1], before)
        return None

    def _clean(self, name: str, before: str) -> str:
        """A name the finder kept with a word of title or role on it: "Administrator Bolden" is Charles
        Bolden if the article named him so, "Singer-guitarists Tom Johnston" is Tom Johnston."""
        words = name.split()
        if len(words) == 2 and words[0].lower().rstrip(".") in _ROLE_TITLES:
            return self._fuller(words[1], before) or name
        given = given_names()
        role = words[0][:1].islower() or any(part in _ROLE_LIKE for part in words[0].lower().rstrip("s").split("-"))
        if len(words) >= 3 and role and words[0].lower() not in given and words[1].lower() in given:
            return " ".join(words[1:])
        return name

    @staticmethod
    def _fuller(surname: str, before: str) -> str | None:
        """The one full name the article wrote before with this surname after a given name ("NASA
        Administrator Charles Bolden" for "Administrator Bolden")."""
        given = given_names()
        found = {
            f"{m.group(1)} {surname}"
            for m in re.finditer(r"\b([A-Z][a-z]+)\s+" + re.escape(surname) + r"\b", before)
            if m.group(1).lower() in given
        }
        return next(iter(found)) if len(found) == 1 else None

    @staticmethod
    def same(a: str, b: str) -> bool:
        """Whether two names are one person's: equal, or one is a title and the other's surname
        ("Administrator Bolden", a form the finder kept, and Charles Bolden)."""
        if a == b:
            return True
        wa, wb = a.split(), b.split()
        if not wa or not wb or wa[-1] != wb[-1]:
            return False
        if len(wa) != len(wb) and (a.endswith(" " + b) or b.endswith(" " + a)) and min(len(wa), len(wb)) >= 2:
            return True  # "Singer-guitarists Tom Johnston", as the finder kept it, and Tom Johnston
        return wa[0].lower().rstrip(".") in _ROLE_TITLES or wb[0].lower().rstrip(".") in _ROLE_TITLES

    def is_person(self, name: str) -> bool:
        """Whether name is a person of the article (the finder's, the registry's or one met as a speaker)."""
        return bool(name) and self.kind.get(name) == "person"

    def _learn(self, name: str) -> None:
        """A full name met as a speaker: its surname names them from now on, unless it names another."""
        self.kind[name] = "person"
        self.by_form.setdefault(_key(name), name)
        surname = _key(name.split()[-1])
        if surname not in self.by_form:
            self.by_form[surname] = name

    def sentence_subject(self, text: str) -> str | None:
        """The person the last sentence of text that opens with a name is about ("Rathbun requested …")."""
        for sentence in reversed(re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)[:-1]):
            m = _RUN.match(sentence.strip())
            if m:
                name = self.by_form.get(_key(re.sub(r"['’]s$", "", m.group().strip())))
                if name is not None and self.kind.get(name) == "person":
                    return name
        return None

    def _person_forms(self) -> list[tuple[str, str]]:
        """Every form naming a person of the article, longest first."""
        forms = [(form, name) for form, name in self.by_form.items() if self.kind.get(name) == "person" and form]
        return sorted(forms, key=lambda fn: -len(fn[0]))

    def people_in(self, text: str) -> set[str]:
        """The people of the article that text names (any form the finder tied to them, or a speaker met)."""
        folded = " ".join(text.casefold().replace("-", " ").split())
        return {
            name for form, name in self._person_forms() if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", folded)
        }

    def subject(self, sentence: str) -> str | None:
        """The person a sentence opens with, as its subject: the first name among its first words, not
        after a preposition nor a possessive ("Wild defenseman Ryan Suter, who …, could see" gives Suter;
        "Parise's goals gave" and "With Kirby, the team" give no one)."""
        tokens = sentence.split()
        if tokens and tokens[0].lower() in _INTRODUCERS | _PREPOSITIONS:
            # "After meeting Kirby, Blinken said …": the subject follows the opening phrase
            comma = next((i for i, t in enumerate(tokens) if t.endswith(",")), None)
            if comma is None:
                return None
            tokens = tokens[comma + 1 :]
        forms = self._person_forms()
        for i in range(min(len(tokens), 8)):
            if i and tokens[i - 1].lower().strip(",") in _PREPOSITIONS:
                continue
            name = _name_at(tokens, i, forms)
            if name is not None:
                return name
        return None

    def opener(self, sentence: str) -> str | None:
        """The person a sentence opens with as its subject, strictly: the name comes first, after at most
        three words of titles and roles and no comma ("Rathbun requested …", "Wild defenseman Ryan Suter,
        who …, could see"); "For Kevin Allton, Warhol was a legend" opens with no one."""
        tokens = sentence.split()
        forms = self._person_forms()
        for i in range(min(len(tokens), 4)):
            if i and (tokens[i - 1].endswith(",") or not _role_like(tokens[i - 1])):
                return None
            name = _name_at(tokens, i, forms)
            if name is not None:
                return name
        return None

    def surname_holder(self, surname: str) -> str | None:
        """The one Korean person of the article whose name starts with this surname."""
        names = {n for n, k in self.kind.items() if k == "person" and _KOREAN_NAME.fullmatch(n) and n[0] == surname}
        return next(iter(names)) if len(names) == 1 else None

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
            if role and _key(candidate) in self.lone and phrase.split()[-1] not in _BODY_ROLES:
                alone = self.lone[_key(candidate)]  # a name with its role: the person, named as the text names them
                self.kind.setdefault(alone, "person")
                return alone
            name = self.by_form.get(_key(candidate))
            if name is not None and self.kind.get(name) == "place" and " " not in candidate:
                return name  # a country speaks: 북한은 “…”라고 주장했다
            words = candidate.split()
            if len(words) == 2 and words[1] in ("정부", "당국") and self.by_form.get(_key(words[0])):
                return candidate  # 미국 정부
            if not role and len(words) == 1 and organization_like(candidate) and candidate not in ROLES:
                return candidate  # 외교부, 백악관: a body the finder does not list
            if role and len(candidate) == 1 and candidate in SURNAMES and candidate not in ROLE_MODIFIERS:
                holder = self.surname_holder(candidate)  # 채 총장, 박 씨: the one person of that surname
                if holder is not None:
                    return holder
            if len(words) == 1 and candidate in ROLES and candidate not in PLAIN_TITLES | _BODY_ROLES:
                return self.role_holder(candidate, before)  # 대변인은: the article's one 대변인; 씨 follows a name
        return None


def is_pronoun(who: str) -> bool:
    return who.lower() in PRONOUNS


def hangul_words(text: str) -> list[str]:
    return _HANGUL_WORD.findall(text)


def _name_at(tokens: list[str], i: int, forms: list[tuple[str, str]]) -> str | None:
    """The person whose name (one of forms: its key and the name) starts at tokens[i], not as a possessive."""
    for form, name in forms:
        size = len(form.split())
        words = " ".join(t.strip(",;:()") for t in tokens[i : i + size])
        if _key(words) == form and not re.search(r"['’]s?$", tokens[i + size - 1].strip(",;:")):
            return name
    return None
