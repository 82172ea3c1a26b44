"""Ingest stage, entity finding: the people of Kiwi's WikiData dictionary, as evidence for Korean names.

Kiwi's model (the kiwipiepy-model package, Apache-2.0) ships ``multi.dict``: names of several
words taken from WikiData labels in Korean, each with the WikiData class of what it names in a
comment (``Q5`` for a human, ``Q11424`` for a film…). It is what lets Kiwi read "테일러 스위프트"
as one proper noun; here it also says which of those names are people's:

- a full name of two words or more that WikiData gives to a human only ("닉 부이치치", "고토
  겐지"), and not to a film or a place ("스파이 브릿지");
- for one word, how often it is a part of a human's name (the first word: "데이비드", "클로이";
  the last: "데이비스", "히메네스") against how often it is a part of other names ("서울",
  "오사카"). A transliterated word that is mostly a part of people's names is a name.

The file is read from the installed package on first use (about a second, once per process)
and never copied into this project; without it (another Kiwi build) the counts are empty and the
rules of korean/ that use them find nothing more.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

log = logging.getLogger(__name__)

HUMAN = "Q5"
_DICT_FILE = "multi.dict"


@dataclass(frozen=True)
class NameParts:
    """What Kiwi's WikiData names say about words: full names of humans, and word counts."""

    humans: frozenset[str] = frozenset()  # full names, words joined by one space
    others: frozenset[str] = frozenset()  # names of anything else
    first: Counter[str] = field(default_factory=Counter)  # word -> humans' names it begins
    last: Counter[str] = field(default_factory=Counter)  # word -> humans' names it ends
    elsewhere: Counter[str] = field(default_factory=Counter)  # word -> other names it is in

    def human(self, name: str) -> bool:
        """WikiData names a human so, and nothing else."""
        return name in self.humans and name not in self.others

    def other(self, name: str) -> bool:
        """WikiData names something that is not a human so, and no human."""
        return name in self.others and name not in self.humans

    def given_name(self, word: str, floor: int = 10) -> bool:
        """A word that begins many humans' names and few other names ("데이비드", "크리스")."""
        n = self.first[word]
        return n >= floor and n >= 3 * (self.elsewhere[word] + self.last[word])

    def foreign_word(self, word: str) -> bool:
        """A word of many WikiData names of several words: a transliteration ("마리오", "오사카",
        "오초아"), however much it looks like a Korean surname and given name. Korean names are
        written as one word, and seldom stand in other names ("김정은" in one, "박진영" in two)."""
        return self.first[word] + self.last[word] >= 3 or self.elsewhere[word] >= 5

    def name_odds(self, word: str) -> tuple[int, int]:
        """(humans' names the word begins or ends, other names it is in)."""
        return self.first[word] + self.last[word], self.elsewhere[word]


# A name of two words or more and its WikiData class: ``form \t tag-or-lemma \t score \t # Qclass``.
_LINE = re.compile(r"^([^#\t\n][^\t\n]*? [^\t\n]*)\t[^\t\n]*\t[^\t\n]*\t#\s*(Q\d+)", re.MULTILINE)


def parse(text: str) -> NameParts:
    """The name parts of multi.dict's text (its lines found by one expression: the file is 250,000 lines)."""
    humans: list[str] = []
    others: list[str] = []
    for form, kind in _LINE.findall(text):
        (humans if kind == HUMAN else others).append(" ".join(form.split()))
    return NameParts(
        frozenset(humans),
        frozenset(others),
        Counter(name.partition(" ")[0] for name in humans),
        Counter(name.rpartition(" ")[2] for name in humans),
        Counter(chain.from_iterable(set(name.split(" ")) for name in others)),
    )


@functools.lru_cache(maxsize=1)
def name_parts() -> NameParts:
    """Kiwi's WikiData names, read once; empty when the model package has no such file."""
    try:
        text = importlib.resources.files("kiwipiepy_model").joinpath(_DICT_FILE).read_text("utf-8")
    except (ModuleNotFoundError, OSError, UnicodeDecodeError):
        log.warning("Kiwi's %s could not be read; Korean names get no WikiData evidence", _DICT_FILE)
        return NameParts()
    return parse(text)
