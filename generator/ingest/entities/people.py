"""Ingest stage, entity finding: discover people's names from role cues in the text.

A capitalised run of words ("Russian Defense Minister Sergei Shoigu") is cut after its last
title word; what is left is a name candidate, kept only with evidence that it names a
person: a title or role noun before it, a verb of saying or an appositive role after it,
an East Asian name shape, or a surname already confirmed in the same article. Lone
surnames then resolve to the full names found ("Shoigu" -> "Sergei Shoigu").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.ingest.entities.credits import credit_tokens
from generator.ingest.entities.gazetteer import Gazetteer, given_names, surnames
from generator.ingest.entities.lexicon import (
    AGENT_VERBS,
    AMBIGUOUS_ROLE_NOUNS,
    CHARACTER_CUES,
    COMMON_WORD_GIVEN_NAMES,
    EAST_ASIAN_SURNAMES,
    KNOWN_INSTITUTIONS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NON_NAME_TAILS,
    NON_NAME_WORDS,
    ORG_HEADS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    SENTENCE_INITIAL_TRAPS,
    SPEECH_VERBS,
    STRONG_SINGLE_TITLES,
    UPPER_TITLES,
)
from generator.ingest.entities.text import ABBR, INITIAL, PUNCT, WORD, Doc, norm_token

_LINKED_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|abu|bin|ibn|bint)[-\u2010\u2019'][A-Z]")
_ASIAN_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]{1,4}$")
_SPEAKER_LABEL = re.compile(r"^(MR|MRS|MS|DR|SEN|REP|GOV|GEN|AMBASSADOR|SECRETARY|PRESIDENT)\.?$")
_DEPARTMENT_WORDS = frozenset(
    [
        "state",
        "defense",
        "defence",
        "energy",
        "commerce",
        "treasury",
        "justice",
        "health",
        "education",
        "labor",
        "labour",
        "agriculture",
        "interior",
        "transportation",
        "homeland",
        "security",
        "veterans",
        "affairs",
        "foreign",
    ]
)
_APPOSITIVE_EXTRA = frozenset(
    [
        "administrator",
        "president",
        "chief",
        "executive",
        "officer",
        "founder",
        "co-founder",
        "cofounder",
        "partner",
        "director",
        "head",
        "member",
        "deputy",
        "manager",
        "vice",
        "associate",
    ]
)
_AGE = re.compile(r"^\d{1,3}$")
# English plural endings; Greek and Latin name endings (-as, -is, -os, -us) are not plurals.
_PLURAL = re.compile(r"(?:[^aiousy']s|ies)$")

# The recognizer's odds below which a candidate with no cue but a given name ("Davis Gym"), or
# with only a person beside it in a list ("Chick Corea and Weather Report"), is dropped. Chosen
# on the dev fold of eval/people_model.py (trained without it), never on the held-out text.
UNCUED_FLOOR = 0.3
COORDINATION_FLOOR = 0.05

# Evidence that makes a multi-word candidate a person on its own.
STRONG = frozenset(
    [
        "title",
        "title-strong",
        "title-object",
        "role",
        "role-ambiguous",
        "appositive",
        "age",
        "handle",
        "speaker",
        "asian-name",
        "place-possessive",
    ]
)
# Evidence that needs a known given name as well ("Human Rights said" is not a person).
WEAK = frozenset(["speech", "agent", "demonym", "coordination", "propagated"])


@dataclass
class Person:
    """A person found in one text; tokens are (first, last) token indices per mention."""

    core: list[int]  # token indices of the fullest name
    evidence: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    title_prefix: str = ""  # "Prince" for royal titles kept in the name
    upper_label: bool = False  # found only as an all-capitals speaker label

    def first_token(self) -> int:
        return self.core[0]


def _is_name_word(doc: Doc, i: int) -> bool:
    """A word that can be part of a person's name."""
    if i < 0 or i >= len(doc):
        return False
    if not doc.caps[i]:
        return doc.texts[i][:1] in "aeib" and _LINKED_PARTICLE.match(doc.texts[i]) is not None
    kind = doc.kinds[i]
    if kind == INITIAL:
        return True
    if kind == ABBR:
        return doc.lower(i) in PERSON_TITLES or doc.lower(i) in NAME_SUFFIXES or _is_initials(doc.texts[i])
    return not any(c.isdigit() for c in doc.texts[i])


def _is_initials(text: str) -> bool:
    """ "J.J." or "P.J." (a dotted run of single capitals, two or three of them)."""
    return re.fullmatch(r"(?:[A-Z]\.){2,3}", text) is not None


def name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of name-shaped tokens on one line (particles only inside)."""
    runs: list[tuple[int, int]] = []
    n = len(doc)
    i = 0
    while i < n:
        if not _is_name_word(doc, i) or doc.lower(i) in NAME_PARTICLES:
            i += 1
            continue
        j = i
        while j + 1 < n and doc.same_line(j, j + 1):
            nxt = j + 1
            if _is_name_word(doc, nxt):
                j = nxt
                continue
            if (
                doc.kinds[nxt] == WORD
                and doc.texts[nxt] in NAME_PARTICLES
                and nxt + 1 < n
                and _is_name_word(doc, nxt + 1)
                and doc.same_line(nxt, nxt + 1)
            ):
                j = nxt + 1
                continue
            break
        runs.append((i, j))
        i = j + 1
    return runs


class PeopleFinder:
    """Finds people in one tokenised text."""

    def __init__(
        self, doc: Doc, gaz: Gazetteer, uncued_given: bool = True, person_odds: Sequence[float] | None = None
    ) -> None:
        self.doc = doc
        self.gaz = gaz
        # The recognizer's P(part of a person's name) per token (recognizer.Tagging.person), or None
        # (rules alone): a candidate with no cue but its given name, or only a list to stand in,
        # needs the recognizer not to be sure it is something else ("Alton Light Railway",
        # "Jimmy Manopo Band", "Weather Report").
        self.person_odds = person_odds
        self.given = given_names()
        self.surnames = surnames()
        self.uncued_given = uncued_given
        self.credits = credit_tokens(doc)  # photo credits, captions' agency lines, bylines
        self.runs: list[tuple[int, int]] = []  # capitalised runs (name_runs), set by discover
        self.vetoed: set[int] = set()  # tokens that are never a person (a role played)
        self.people: list[Person] = []
        self.singles: list[tuple[int, set[str]]] = []  # lone capitalised words and their cues
        self.rejected: list[tuple[list[int], set[str]]] = []  # valid multi-word cores, too little evidence

    # ---- helpers -------------------------------------------------------------------
    def _key(self, toks: list[int]) -> tuple[str, ...]:
        return tuple(w for t in toks for w in norm_token(self.doc.texts[t]).split())

    def _places(self, toks: list[int]) -> list[str]:
        return [p.kind for p in self.gaz.by_key.get(self._key(toks), [])]

    def _big_place(self, toks: list[int]) -> bool:
        """A country, state, continent, region or city of 100,000+ people."""
        return any(
            p.kind in ("country", "state", "continent", "subdivision") or p.population >= 100_000
            for p in self.gaz.by_key.get(self._key(toks), [])
        )

    def _title_index(self, i: int, j: int) -> int:
        """Index of the last title word in run i..j that has a name after it, or -1.
        A capitalised role noun opening a sentence is a title too ("Defenseman Jonas Brodin")."""
        last = -1
        doc = self.doc
        for t in range(i, j):
            low = doc.lower(t)
            # An all-capitals title is an acronym's word ("NATO"), but "CEO" is a title written so;
            # a hyphenated one is a title when every part is ("Secretary-General", "Vice-Premier").
            title = low in PERSON_TITLES or ("-" in low and all(part in PERSON_TITLES for part in low.split("-")))
            if (title and (doc.kinds[t] == ABBR or not doc.is_upper(t) or low in UPPER_TITLES)) or (
                t == i and doc.sent_start[t] and low in PERSON_ROLE_NOUNS and low not in AMBIGUOUS_ROLE_NOUNS
            ):
                last = t
        return last

    def _words(self, core: list[int]) -> list[int]:
        """The name's words: everything but suffixes ("Jr.") and particles; initials count."""
        doc = self.doc
        return [
            t
            for t in core
            if (doc.kinds[t] == WORD and doc.texts[t] not in NAME_PARTICLES)
            or (doc.kinds[t] == ABBR and _is_initials(doc.texts[t]) and not self._places([t]))
        ]

    def _valid_core(self, core: list[int], cued: bool = False) -> bool:
        doc = self.doc
        words = self._words(core)
        named = cued and self._given_and_surname(core)
        if not words or len(words) > 4:
            return False
        if len(doc.texts[words[0]]) < 2:
            return False
        for t in core:
            low = doc.lower(t)
            if doc.kinds[t] == WORD and doc.is_upper(t):
                return False
            common_given = named and t in words  # "actor Bill Murray", "prime minister Theresa May"
            if low in ORG_HEADS or (low in NON_NAME_TAILS and not common_given):
                return False
            if t == words[0] and low in self.gaz.demonyms:
                return False
            liu_he = t != words[0] and doc.lower(words[0]) in EAST_ASIAN_SURNAMES  # "Liu He"
            if low in NON_NAME_WORDS and not liu_he and not common_given:
                return False
            if low in PERSON_TITLES and not (t == core[-1] and t != words[0] and self.given_ok(core)):
                return False  # but "Kevin King"
            if doc.kinds[t] == ABBR and low not in NAME_SUFFIXES and not _is_initials(doc.texts[t]):
                return False
        if doc.lower(core[-1]) in NAME_PARTICLES or doc.kinds[core[-1]] == INITIAL:
            return False
        if doc.kinds[core[-1]] == ABBR and doc.lower(core[-1]) not in NAME_SUFFIXES:
            return False  # "U.S.", "P.O."
        if " ".join(doc.lower(t) for t in core) in KNOWN_INSTITUTIONS:
            return False
        kinds = self._places(core)
        return not (kinds and (len(words) > 1 or any(k in ("country", "state", "continent") for k in kinds)))

    def given_ok(self, core: list[int]) -> bool:
        """The candidate opens with a census given name that is not also a common word,
        a month or a big place, and does not end like a team ("Houston Rockets")."""
        doc = self.doc
        words = self._words(core)
        if len(words) < 2 and not (words and _is_initials(doc.texts[core[0]])):
            return False
        if _is_initials(doc.texts[core[0]]):
            return not self._places(core[:1])  # "J.J. Abrams", "P.J. Fleck"; not "U.S. Navy"
        first = doc.lower(words[0]).split("-")[0]
        if first not in self.given or first in COMMON_WORD_GIVEN_NAMES or first in self.gaz.demonyms:
            return False
        return not any(k in ("country", "state", "continent") for k in self._places(words[:1]))

    def _given_and_surname(self, core: list[int]) -> bool:
        """Two words, a census given name and a census surname: after a role or a title, a full
        name even when the given name is also a common word ("actor Bill Murray", "Actor Will Arnett")."""
        words = self._words(core)
        doc = self.doc
        return len(words) == 2 and doc.lower(words[0]) in self.given and doc.lower(words[1]) in self.surnames

    def _strip_front(self, core: list[int], cued: bool = False) -> tuple[list[int], bool]:
        """Drop a leading place, discourse words, demonyms and sentence-initial gerunds.
        Returns the core and whether a demonym was dropped ("Australian Timothy Weeks")."""
        doc = self.doc
        demonym = False
        if cued and self._given_and_surname(core):
            return core, False
        for k in range(min(3, len(core) - 2), 0, -1):
            if self._big_place(core[:k]):
                core = core[k:]
                break
        while core:
            t = core[0]
            low = doc.lower(t)
            if low in self.gaz.demonyms:
                demonym = True
                core = core[1:]
                continue
            if low in NON_NAME_WORDS:
                core = core[1:]
                continue
            if (
                doc.sent_start[t]
                and len(core) > 1
                and (low in SENTENCE_INITIAL_TRAPS or (low.endswith("ing") and low not in self.given))
            ):
                core = core[1:]
                continue
            break
        return core, demonym

    def _strip_object(self, core: list[int]) -> list[int]:
        """ "[Ambassador to] North Korea Alexander Matsegora" -> "Alexander Matsegora"."""
        words = self._words(core)
        if len(words) < 3:
            return []
        if len(core) >= 4 and self.doc.lower(core[-3]) in self.given:
            return core[-3:]
        return core[-2:]

    def _role_word(self, t: int) -> str:
        """A lower-case role noun at token t ("spokesman", "vice-premier")."""
        doc = self.doc
        if t < 0 or doc.kinds[t] != WORD or not doc.texts[t].islower():
            return ""
        low = doc.texts[t]
        if low not in PERSON_ROLE_NOUNS and "-" in low:
            low = low.rsplit("-", 1)[1]
        if low not in PERSON_ROLE_NOUNS and low.endswith("s") and low[:-1] in PERSON_ROLE_NOUNS:
            low = low[:-1]  # "founding members Tom Johnston, ...", "judges Len Goodman"
        if low in PERSON_ROLE_NOUNS:
            return "role-ambiguous" if low in AMBIGUOUS_ROLE_NOUNS else "role"
        return ""

    def _left_cue(self, i: int) -> str:
        """Evidence from the words right before a run starting at token i."""
        doc = self.doc
        prev = i - 1
        if prev < 0 or not doc.same_line(prev, i):
            return ""
        low = doc.lower(prev)
        role = self._role_word(prev)
        if role:
            return role
        if doc.texts[prev] == "," and prev > 0:
            # "The suspect, Michael Webb", "former CEO, Adam Neumann"
            before = prev - 1
            if self._role_word(before) or doc.lower(before) in ("ceo", "cfo", "coo", "cto"):
                return "role"
        if doc.texts[prev] in ("'", "\u2019") or doc.texts[prev] == "s":
            return self._possessor_cue(prev)
        if doc.kinds[prev] != WORD or not doc.texts[prev].islower():
            return ""
        if low in ("said", "says", "told"):
            return "speech"
        if low == "by" and doc.lower(prev - 1) in AGENT_VERBS:
            return "agent"
        if low == "as" and doc.lower(prev - 1) in CHARACTER_CUES:
            return "character"
        if low == "to" and doc.lower(prev - 1) == "according":
            return "speech"
        # "Ambassador to North Korea Alexander Matsegora", "Secretary of State Mike Pompeo".
        if low == "the" and doc.lower(prev - 1) in ("to", "of", "for", "at"):
            prev -= 1
            low = doc.lower(prev)
        if low in ("to", "of", "for", "at"):
            k = prev - 1
            if k >= 0 and doc.same_line(k, i) and doc.is_cap(k) and doc.lower(k) in PERSON_TITLES:
                return "title-object"
        return ""

    def _possessor_cue(self, apostrophe: int) -> str:
        """ "Serbia's Novak Djokovic": a place's possessive before the run."""
        doc = self.doc
        k = apostrophe
        if doc.lower(k) == "s":
            k -= 1
        if doc.texts[k] not in ("'", "\u2019"):
            return ""
        owner = k - 1
        if owner >= 0 and doc.is_cap(owner) and self._big_place([owner]):
            return "place-possessive"
        return ""

    def _right_cue(self, j: int) -> str:
        """Evidence from the words right after a run ending at token j."""
        doc = self.doc
        nxt = j + 1
        if nxt >= len(doc) or not doc.same_line(j, nxt):
            return ""
        low = doc.lower(nxt)
        if low in SPEECH_VERBS:
            return "speech"
        if doc.texts[nxt] == "(" and nxt + 1 < len(doc) and doc.texts[nxt + 1] == "@":
            return "handle"
        if doc.texts[nxt] == ",":
            k = nxt + 1
            if (
                k + 1 < len(doc)
                and _AGE.match(doc.texts[k])
                and doc.kinds[k] != PUNCT
                and doc.texts[k + 1] in (",", ")", ";", "of", "from", "was", "is", "who")
            ):
                return "age"  # "Michael Webb, 51, was", "Elizabeth A. Burton, 32, of"
            # ", a senior military analyst at", ", PG&E's principal meteorologist"
            for step in range(k, min(k + 7, len(doc))):
                if not doc.same_line(j, step):
                    break
                w = doc.lower(step)
                if doc.kinds[step] == PUNCT and w not in ("'", "\u2019", "&", "-"):
                    break
                if w in ("who", "whose"):
                    return "appositive"
                if w in PERSON_ROLE_NOUNS or w in _APPOSITIVE_EXTRA or w in PERSON_TITLES:
                    if doc.is_cap(step) and step == k and w not in ("ceo", "cfo", "coo", "cto"):
                        break
                    return "appositive"
                if w in ("which", "that", "where"):
                    break
            if k < len(doc) and doc.lower(k) in SPEECH_VERBS:
                return "speech"
        return ""

    # ---- discovery -----------------------------------------------------------------
    def discover(self) -> None:
        doc = self.doc
        self.runs = name_runs(doc)
        for i, j in self.runs:
            if i in self.credits or j in self.credits:
                continue
            if self._speaker_label(i, j):
                continue
            style = doc.line_style[doc.lines[i]]
            if style == 1:
                continue
            t = self._title_index(i, j)
            core = list(range(t + 1, j + 1)) if t >= 0 else list(range(i, j + 1))
            evidence: set[str] = set()
            title_word = doc.lower(t) if t >= 0 else ""
            if t >= 0:
                evidence.add("title-strong" if title_word in STRONG_SINGLE_TITLES else "title")
            else:
                cue = self._left_cue(i)
                if cue == "title-object":
                    core = self._strip_object(core)
                if cue:
                    evidence.add(cue)
            cued = bool(evidence & {"role", "title", "title-strong"})
            core, demonym = self._strip_front(core, cued)
            if demonym:
                evidence.add("demonym")
            if "character" in evidence:
                self.vetoed.update(range(i, j + 1))  # a role played is nobody, whatever else says so
                continue
            if not core or not self._valid_core(core, cued):
                continue
            if core[-1] == j:
                right = self._right_cue(j)
                if right:
                    evidence.add(right)
            words = self._words(core)
            if (
                len(words) >= 2
                and doc.lower(words[0]) in EAST_ASIAN_SURNAMES
                and _ASIAN_GIVEN.match(doc.texts[words[1]])
            ):
                evidence.add("asian-name")
            if style == 2:
                evidence &= {"asian-name"}
            royal = title_word if title_word in ("prince", "princess", "queen", "king", "pope") else ""
            if len(words) == 1:
                self.singles.append((core[0], evidence))
                strong = evidence & {"title-strong", "role"}
                if "role-ambiguous" in evidence and doc.is_cap(i - 2) and doc.same_line(i - 2, i):
                    strong = {"role"}  # "Brazil star Neymar", not "market leader Apple"
                if strong and self._single_ok(core[0]):
                    self._add(core, evidence, royal)
                continue
            if self._accepts(core, evidence, style):
                self._add(core, evidence, royal)
            else:
                self.rejected.append((core, evidence))

    def _plural_tail(self, core: list[int]) -> bool:
        """Ends like a plural noun: "Goo Goo Dolls", "Demand Side Platforms", "Houston Rockets"."""
        last = self.doc.lower(core[-1])
        return _PLURAL.search(last) is not None and last not in self.surnames

    def _accepts(self, core: list[int], evidence: set[str], style: int) -> bool:
        if evidence & STRONG:
            return True
        if self._plural_tail(core):
            return False
        given = self.given_ok(core)
        if evidence & WEAK:
            return given
        return self.uncued_given and given and style == 0 and self._model_allows(core, UNCUED_FLOOR)

    def _model_allows(self, core: list[int], floor: float) -> bool:
        """The recognizer gives every token of ``core`` at least ``floor`` odds of being a name."""
        return self.person_odds is None or min(self.person_odds[t] for t in core) >= floor

    def _single_ok(self, t: int) -> bool:
        """A lone word may stand for a person: not a place, demonym or common word."""
        low = self.doc.lower(t)
        if low in self.gaz.demonyms or low in NON_NAME_WORDS:
            return False
        return not any(k in ("country", "state", "continent") for k in self._places([t]))

    def _speaker_label(self, i: int, j: int) -> bool:
        """ "MR. KIRBY:" at the start of a transcript paragraph."""
        doc = self.doc
        if i != doc.line_first[doc.lines[i]] or j + 1 >= len(doc) or doc.texts[j + 1] != ":":
            return False
        if _SPEAKER_LABEL.match(doc.texts[i]) and j > i and doc.is_upper(j):
            self._add(list(range(i + 1, j + 1)), {"title-strong", "speaker"}, "", upper=True)
            return True
        return False

    def add_person(self, core: list[int], evidence: set[str]) -> None:
        """A person found by other means (the recognizer, confirmed by the rules)."""
        self._add(core, evidence, "")

    def _add(self, core: list[int], evidence: set[str], royal: str, upper: bool = False) -> None:
        self.people.append(Person(core=core, evidence=set(evidence), title_prefix=royal.title(), upper_label=upper))

    def propagate(self) -> None:
        """Second look at the candidates the first pass left out: one whose surname is
        confirmed by a lone cued mention ("owned by Yevgeniy Prigozhin" ... "Mr. Prigozhin";
        "Lopez said"), or that stands in a list with a person ("Marcel Granollers and
        Feliciano Lopez"). Repeats while lists keep growing."""
        doc = self.doc
        confirmed: set[str] = set()
        for t, ev in self.singles:
            if ev & {"speech", "title-strong", "role", "age", "appositive"}:
                confirmed.add(doc.texts[t].lower())
        pending = list(self.rejected)
        for _ in range(4):
            full_surnames = {doc.texts[p.core[-1]].lower() for p in self.people if len(p.core) > 1}
            edges = {p.core[-1] for p in self.people if len(p.core) > 1} | {
                p.core[0] for p in self.people if len(p.core) > 1
            }
            left = []
            for core, evidence in pending:
                surname = doc.texts[core[-1]].lower()
                if surname in confirmed and surname not in full_surnames:
                    self._add(core, evidence | {"propagated"}, "")
                elif (
                    self._coordinated(core, edges)
                    and len(self._words(core)) in (2, 3)
                    and (self.given_ok(core) or not self._plural_tail(core))
                    and self._model_allows(core, COORDINATION_FLOOR)
                ):
                    self._add(core, evidence | {"coordination"}, "")
                else:
                    left.append((core, evidence))
            if len(left) == len(pending):
                break
            pending = left

    def _coordinated(self, core: list[int], people_edges: set[int]) -> bool:
        """The candidate and an accepted person are joined by "and" or a list comma."""
        doc = self.doc
        before, after = core[0] - 1, core[-1] + 1
        if doc.lower(before) in ("and", ",", "&") and (before - 1) in people_edges:
            return True
        if doc.lower(before) == "and" and doc.lower(before - 1) == "," and (before - 2) in people_edges:
            return True
        return bool(doc.lower(after) in ("and", ",", "&") and after + 1 in people_edges)
