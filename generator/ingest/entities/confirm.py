"""Ingest stage, entity finding: the recognizer's person proposals, confirmed or vetoed by the rules.

Precision first. The recognizer (recognizer.py) proposes names the role cues miss: results
lists ("beat Mark Woodforde (Australia) 6-4"), line-ups, label lines, names with the role after
them. A proposal becomes a person only when the rules do not object:
- never on a shouting line, a credit, a caption's agency line or a byline (credits.py);
- never a place, a demonym, a title, or a run ending like an organization or a thing
  ("Human Rights", "Goo Goo Dolls", "Cynthia Woods Mitchell Pavilion") (PeopleFinder._valid_core);
- never the front of a longer name: a proposal followed by "Foundation", "Center", "&"… is the
  organization or place named after a person, not the person;
- a multi-word name needs MULTI confidence; a single word (a surname or given name alone)
  needs SINGLE confidence and a name-like word: in the census lists, never seen in lower case
  in the same text, and not a place. A single word that matches a person already found is
  resolved to that person later (entities/__init__), whatever its confidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.ingest.entities.gazetteer import world_given_names
from generator.ingest.entities.lexicon import (
    COMMON_WORD_GIVEN_NAMES,
    NAME_PARTICLES,
    NON_NAME_TAILS,
    NON_NAME_WORDS,
    ORG_HEADS,
)
from generator.ingest.entities.people import _PLURAL, PeopleFinder, _is_name_word
from generator.ingest.entities.recognizer import Proposal
from generator.ingest.entities.text import WORD

# Confidence (the lowest token marginal of the span) a proposal needs.
MULTI = 0.5
SURE = 0.9  # a multi-word name the census lists do not back needs this much
SINGLE = 0.85


def confirm(finder: PeopleFinder, proposals: Iterable[Proposal]) -> None:
    """Add the proposals the rules accept to ``finder`` as people (evidence "model")."""
    doc = finder.doc
    have = {t for p in finder.people for t in p.core}
    lowered = {doc.texts[t] for t in range(len(doc)) if doc.kinds[t] == WORD and doc.texts[t].islower()}
    for proposal in proposals:
        if proposal.label != "PER" or doc.line_style[doc.lines[proposal.first]] == 1:
            continue
        for tokens in _pieces(finder, proposal.first, proposal.last):
            if not any(t in finder.credits or t in have or t in finder.vetoed for t in tokens):
                _consider(finder, tokens, proposal.confidence_of(tokens[0], tokens[-1]), have, lowered)


def _pieces(finder: PeopleFinder, first: int, last: int) -> list[list[int]]:
    """The proposal cut at words no name holds ("Pete Sampras [beat] Mark Woodforde")."""
    pieces: list[list[int]] = [[]]
    for t in range(first, last + 1):
        if _is_name_word(finder.doc, t) or finder.doc.texts[t] in NAME_PARTICLES:
            pieces[-1].append(t)
        elif pieces[-1]:
            pieces.append([])
    return [p for p in pieces if p]


def _strip(finder: PeopleFinder, tokens: list[int]) -> list[int]:
    """A leading title, demonym, function word or big place off the name ("Russian President",
    "Serbia"). Unlike the rules' own stripping, a given name opening a sentence stays: the
    recognizer has looked at it ("1. Mark Woodforde")."""
    doc = finder.doc
    title = finder._title_index(tokens[0], tokens[-1]) if len(tokens) > 1 else -1
    core = tokens[title + 1 :]
    for k in range(min(3, len(core) - 2), 0, -1):
        if finder._big_place(core[:k]):
            core = core[k:]
            break
    while core and (doc.lower(core[0]) in finder.gaz.demonyms or doc.lower(core[0]) in NON_NAME_WORDS):
        core = core[1:]
    return core


def _consider(finder: PeopleFinder, tokens: list[int], confidence: float, have: set[int], lowered: set[str]) -> None:
    doc = finder.doc
    core = _strip(finder, tokens)
    if not core or not finder._valid_core(core) or not _whole_name(finder, core):
        return
    words = finder._words(core)
    if len(words) >= 2 and doc.sent_start[words[0]] and doc.lower(words[0]) in lowered:
        core = core[core.index(words[0]) + 1 :]  # "Rival Lowe's": a common word opening a sentence
        words = words[1:]
    if len(words) >= 2:
        if confidence >= MULTI and (_supported(finder, words) or confidence >= SURE):
            finder.add_person(core, {"model"})
            have.update(core)
        return
    t = words[0] if words else core[0]
    finder.singles.append((t, {"model"}))
    low = doc.lower(t)
    if (
        confidence >= SINGLE
        and finder._single_ok(t)
        and (low in finder.surnames or low in finder.given)
        and low not in lowered
        and not finder._places([t])
        and not doc.is_upper(t)
        and not (_PLURAL.search(low) and low not in finder.given)
        and not doc.possessive_after(t)  # "Macy’s", "Kellogg’s", "Dawson’s Creek": brands and titles
    ):
        finder.add_person([t], {"model"})
        have.add(t)


def _listed(finder: PeopleFinder, t: int) -> bool:
    low = finder.doc.lower(t)
    return low in finder.given or low in finder.surnames


def _supported(finder: PeopleFinder, words: list[int]) -> bool:
    """The name lists back a multi-word name: one of its words is a given name (census or
    world lists, not also an everyday word) or a census surname, and no plural noun stands before the last word
    ("#Browns Greedy Williams")."""
    doc = finder.doc
    if any(_PLURAL.search(doc.lower(t)) and doc.lower(t) not in finder.given for t in words[:-1]):
        return False
    if doc.lower(words[0]) in COMMON_WORD_GIVEN_NAMES:
        return False  # "Star Trek", "Grant Park": the confidence alone must carry them
    world = world_given_names()
    return any(
        ((low in finder.given or low in world) and low not in COMMON_WORD_GIVEN_NAMES) or low in finder.surnames
        for low in (doc.lower(t).split("-")[0] for t in words)
    )


def _whole_name(finder: PeopleFinder, core: list[int]) -> bool:
    """Every word capitalised, and the core is all of its capitalised run but for a leading
    title, demonym or place: not "[San] Diego Union-Tribune", "beyond Earth", "Gates [Foundation]"."""
    doc = finder.doc
    if any(doc.kinds[t] == WORD and not _is_name_word(doc, t) and doc.texts[t] not in NAME_PARTICLES for t in core):
        return False
    for k in range(len(core) - 2, -1, -1):
        if finder._places(core[k:]):
            return False  # "Hyatt Regency Santa Clara": ends in a place of two words or more
    before = core[0] - 1
    if before >= 0 and doc.same_line(before, core[0]) and doc.texts[before] == "&":
        return False  # "Frost & [Sullivan]"
    run = next(((i, j) for i, j in finder.runs if i <= core[0] <= j), None)
    if run is None or core[-1] != run[1] or _continues(finder, core[-1]):
        return False
    if core[0] == run[0]:
        return True
    title = finder._title_index(run[0], run[1])
    stripped, _ = finder._strip_front(list(range(title + 1, run[1] + 1)))
    return bool(stripped) and stripped[0] == core[0]


def _continues(finder: PeopleFinder, last: int) -> bool:
    """ "[Bill & Melinda] Gates Foundation", "[Cynthia Woods Mitchell] Pavilion": the name goes on."""
    doc = finder.doc
    nxt = last + 1
    if nxt >= len(doc) or not doc.same_line(last, nxt):
        return False
    if doc.texts[nxt] == "&":
        return True
    if doc.texts[nxt] in ("'", "\u2019") and nxt + 2 < len(doc) and doc.same_line(nxt, nxt + 2):
        nxt += 2  # "McDonald's Corporation"
    low = doc.lower(nxt)
    return doc.is_cap(nxt) and (low in ORG_HEADS or low in NON_NAME_TAILS)
