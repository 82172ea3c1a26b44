"""Ingest stage, quotes: who an English quotation is attributed to, from the words around it.

The attributions news writing uses are few and fixed, so patterns find them (a dependency parse
would find the subject of "said" too, at the cost of loading a parser for every ingest):

    “…,” Kirby said.              “…,” said John Kirby, a spokesman.     Kirby said: “…”
    “…,” the spokesman, John Kirby, said.    Kirby told reporters that the talks were “…”
    “…,” he added.                According to Kirby, “…”

What comes back is the words that name the speaker, as written ("the spokesman, John Kirby",
"he"); speakers.py decides who that is, or that it is unclear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .marks import words

# Verbs that attribute words to a speaker. "according to" is handled on its own.
_VERBS = words(
    "said says say told tells added adds wrote writes stated states explained explains noted notes "
    "warned warns argued argues asked asks insisted insists declared declares stressed stresses "
    "urged urges continued continues replied replies recalled recalls commented comments remarked "
    "claimed claims announced announces tweeted posted observed concluded acknowledged acknowledges "
    "admitted asserted asserts emphasized emphasised reiterated responded maintained cautioned "
    "predicted conceded suggested described describes testified joked quipped mused"
)
VERB = r"(?:" + "|".join(sorted(_VERBS, key=lambda v: (-len(v), v))) + r")"
# Before a quote only: "Noem called the new campaign a “…”" is Noem's words ("so-called" is not a verb here:
# the speaker pattern wants a space before the verb).
_BEFORE_VERB = r"(?:" + VERB + r"|called|calls|dubbed|labeled|labelled|chanted|shouted|yelled|pointed\s+out)"
# Words that may stand between a speaker and the verb ("Kirby also said", "he later added").
_ADVERB = r"(?:(?:also|later|then|further|previously|earlier|once|had|has|have|was|is|recently|simply|"
_ADVERB += r"again|then|only|repeatedly|publicly|separately)\s+)*"

PRONOUNS = frozenset({"he", "she", "they", "it", "we"})

# A speaker: a pronoun, or up to ten words that are names, roles, "the", commas of an apposition.
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[a-z][\w'’-]*)"
_SPEAKER = r"(?P<who>(?:" + _NAME_WORD + r"(?:,?\s+|\s*,\s*)){0,9}?" + _NAME_WORD + r")"

# A parenthesis between a speaker and the verb, inside commas: ", who led the study," ", a planetary scientist
# at NASA's Goddard Space Flight Center in Greenbelt, Maryland, and American University," (no mark, no stop,
# no verb of saying inside: the verb after it is the speaker's own).
_ASIDE = (
    r"(?P<aside>,\s+(?:[^“”\"‘’.;:!?]|(?<=\w)’(?=\w)|\.(?=[\w,])|(?<=\b[A-Z])\.\s|(?<=\b(?:Mr|Ms|Dr|St|Jr))\.\s)"
    r"{3,240}?,)?"
)
# “…,” Kirby said / “…,” the spokesman, John Kirby, said / “…,” he added
_AFTER_SUBJECT = re.compile(r"^\s*[,–—-]?\s*" + _SPEAKER + r",?\s+" + _ADVERB + VERB + r"\b")
# “…,” study lead author Lucas Paganini, a planetary scientist at …, said in a statement.
_AFTER_ASIDE = re.compile(r"^\s*[,–—-]?\s*" + _SPEAKER + _ASIDE + r"\s+" + _ADVERB + VERB + r"\b")
# “… Bigger than just the little deal" announced in October, said Derek Scissors: the writer's words run on
# after the closing mark, then the attribution, in the same sentence, after a comma.
_AFTER_LATER = re.compile(r"^[^“”\"‘’.;:!?]{1,80}?,\s*(?=" + VERB + r"\s)")
# “…,” said John Kirby, … / “…,” said the White House. (the words after the verb: _after_verb)
_AFTER_VERB = re.compile(r"^\s*[,–—-]?\s*" + VERB + r"\s+")
# Words that end the speaker after "said": "said a spokesperson when contacted", "said Kirby in a statement".
_PHRASE_STOPS = words("when who as in at on to after before during while from and with about last this that of by")
_ABBREVIATIONS = words("mr. mrs. ms. dr. st. jr. sr. sen. rep. gov. gen. lt. col. prof. capt. sgt. adm. maj.")
# “…,” according to Kirby
_AFTER_ACCORDING = re.compile(r"^\s*[,–—-]?\s*according\s+to\s+" + _SPEAKER + r"\s*(?:[,.;]|$)")
# Kirby said: “…” / Kirby told reporters that the talks were “…” (the first speaker + verb of the sentence)
_BEFORE = re.compile(
    r"(?:^\s*|[,;:–—]\s+|\b(?:and|but|while|as)\s+)"
    + _SPEAKER
    + r"(?:,?|"
    + _ASIDE
    + r")\s+"
    + _ADVERB
    + _BEFORE_VERB
    + r"\b",
    re.S,
)
# The sentence before a quote that introduces it: "Cornyn issued a statement." "Kirby said:"
_INTRODUCED = re.compile(
    r"^\s*" + _SPEAKER + r",?\s+" + _ADVERB + r"(?:" + VERB + r"|issued|released|published|gave|posted)\b", re.S
)
_ANY_VERB = re.compile(r"\b(?:" + VERB + r"|according to|asked|shouts|shouted|ordered|announced)\b")
_BEFORE_ACCORDING = re.compile(r"\b(?:[Aa]ccording\s+to|[Ii]n\s+the\s+words\s+of)\s+" + _SPEAKER + r"\s*,")
# "… and in the words of the Crown prosecutor, Mark Tedeschi, QC, “…”": the whole phrase up to the mark
_BEFORE_ACCORDING_END = re.compile(r"\b(?:[Aa]ccording\s+to|[Ii]n\s+the\s+words\s+of)\s+" + _SPEAKER + r"\s*,\s*$")

# Lower-case words a speaker phrase may contain: articles, roles and their qualifiers.
_ROLE_WORDS = words(
    "the a an his her its their our white house national security council former deputy senior chief "
    "spokesman spokeswoman spokesperson official officials minister ministry secretary president "
    "prime director head leader chairman chairwoman chair ambassador envoy adviser advisor aide "
    "senator representative governor mayor general commander professor analyst researcher expert "
    "curator lawyer attorney prosecutor judge police officer agency statement report government "
    "department office news agency of for state foreign defence defense press u.s. us "
    "executive vice assistant associate correspondent editor author representative's"
)


_DOCUMENTS = words("statement letter post tweet blog release memo message email e-mail website account")
_FUNCTION_WORDS = words("the a an his her its their our of for")
_CLAUSE_WORDS = words(
    "that which who whom whose is was were are be been would will could should can may might must not"
)


@dataclass(frozen=True)
class Attribution:
    """The words naming a quote's speaker, and how they were found."""

    who: str  # as written: "Kirby", "the spokesman, John Kirby", "he"
    how: str  # "after" (the words follow the quote), "before" (the sentence's subject), "according",
    # "later" (after the writer's words that run on from the quote: only for a quote opening its sentence)


def _plausible(who: str) -> bool:
    """A pronoun; words ending in a name, descriptions before it allowed ("JPL scientist and study
    co-author Michael Malaska", "the 14th-ranked Schwartzman"); or role words alone ("the spokesman")."""
    tokens = who.replace(",", " ").split()
    lowered = [w.lower() for w in tokens]
    if not tokens:
        return False
    if len(tokens) == 1 and lowered[0] in PRONOUNS:
        return True
    if len(tokens) >= 2 and re.fullmatch(r"[A-Z][\w.-]*['’]s", tokens[0]) and all(w in _DOCUMENTS for w in lowered[1:]):
        return True  # "Cornyn's statement added": the words are Cornyn's ("Kirby's spokesman" is someone else)
    if any(w in PRONOUNS or w in _CLAUSE_WORDS or w in _VERBS for w in lowered):
        return False  # a clause, not a name: "the talks were", "he told them", "announced in October"
    if tokens[-1][:1].isupper():
        return True
    return all(w in _ROLE_WORDS for w in lowered) and any(w not in _FUNCTION_WORDS for w in lowered)


def _after_verb(text: str) -> str:
    """The words naming the speaker after "said": up to a comma, a full stop or a word that starts
    what else the sentence says ("said a WeWork spokesperson when contacted", "said U.S. Attorney Nealy Cox.")."""
    m = _AFTER_VERB.match(text)
    if m is None:
        return ""
    kept: list[str] = []
    for token in text[m.end() :].split()[:10]:
        if token.lower() in _PHRASE_STOPS:
            break  # "said a spokesperson when contacted"; "announced in October": no speaker after the verb
        bare = token.rstrip(",;:!?")
        if bare != token:
            kept.append(bare)
            break
        if token.endswith(".") and token.lower() not in _ABBREVIATIONS and not re.fullmatch(r"(?:[A-Z]\.)+", token):
            kept.append(token[:-1])
            break
        kept.append(token)
    return " ".join(kept)


def _tails(who: str) -> list[str]:
    """The ways to read a speaker phrase, longest first: its tails, then the head before an
    apposition ("U.S. Senator John Cornyn, Republican from Texas," gives "U.S. Senator John Cornyn")."""
    words = who.split()
    tails = [" ".join(words[start:]) for start in range(len(words))]
    if "," in who:
        tails.insert(1, who.split(",", 1)[0])
    return tails


def after(text: str) -> Attribution | None:
    """The attribution right after a closing mark, in the text up to the next quotation."""
    for pattern, how in ((_AFTER_ACCORDING, "according"), (_AFTER_SUBJECT, "after")):
        m = pattern.match(text)
        if m and _plausible(m.group("who")):
            return Attribution(m.group("who").strip(" ,"), how)
    who = _after_verb(text)
    if who and _plausible(who):
        return Attribution(who, "after")
    m = _AFTER_ASIDE.match(text)
    if m and m.group("aside") and _plausible(m.group("who")) and not _ANY_VERB.search(m.group("aside")):
        return Attribution(m.group("who").strip(" ,"), "after")
    m = _AFTER_LATER.match(text)
    if m and not re.search(r"\b(?:[A-Z][\w'’.-]*|he|she|they|it|we)\s+" + _ADVERB + VERB + r"\b", m.group()):
        who = _after_verb(text[m.end() :])
        if who and _plausible(who) and who.lower() not in PRONOUNS:
            return Attribution(who, "later")
    return None


def has_verb(text: str) -> bool:
    """Whether text has a verb of saying: a quote next to one is attributed, if not to anyone clear."""
    return bool(_ANY_VERB.search(text))


def before(text: str) -> Attribution | None:
    """The speaker of the sentence part before an opening mark: "Kirby said: ", "Rathbun wrote, "."""
    for pattern in (_BEFORE_ACCORDING_END, _BEFORE_ACCORDING):
        m = pattern.search(text)
        if m and _plausible(m.group("who")):
            return Attribution(m.group("who").strip(" ,"), "according")
    # The attribution nearest the quote is the one bound to it ("Asked whether Kirby said so, Blinken told
    # reporters: “…”"); a new clause after it ("Kirby said the talks failed, and the envoy called it “…”")
    # leaves the quote to that clause's subject, whom the patterns may not see: no speaker then.
    found: Attribution | None = None
    end = 0
    for m in _BEFORE.finditer(text):
        if m.group("aside") and _ANY_VERB.search(m.group("aside")):
            continue
        # the pattern is lazy from the left: keep the longest plausible tail ("officials, Kirby said")
        for start, tail in enumerate(_tails(m.group("who"))):
            if _plausible(tail) and (tail[:1].isupper() or tail.lower() in PRONOUNS or start == 0):
                found, end = Attribution(tail.strip(" ,"), "before"), m.end()
                break
    if found is not None and _NEW_CLAUSE.search(text[end:]):
        return None
    return found


_NEW_CLAUSE = re.compile(
    r"(?:;|,\s*(?:and|but|while|whereas|although|though)\s+(?!that\b|also\b|then\b|" + VERB + r"\b|adding\b))"
)


def introduced(sentence: str) -> Attribution | None:
    """The speaker of a sentence that introduces the quote after it ("Cornyn issued a statement …")."""
    m = _INTRODUCED.match(sentence)
    if m is None:
        return None
    for start, tail in enumerate(_tails(m.group("who"))):
        if _plausible(tail) and (tail[:1].isupper() or start == 0):
            return Attribution(tail.strip(" ,"), "introduced")
    return None
