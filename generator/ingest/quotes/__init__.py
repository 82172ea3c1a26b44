"""Ingest stage, quotes: the direct quotes of an article, each with its speaker when the text says who.

One pass over the paragraphs, in order (modules of this package, one per step):

1. marks pairs the quotation marks of a paragraph and splits it into sentences;
2. a quotation is a quote when it is said: in English four words or more (shorter ones are
   scare quotes, terms and titles: "quasi-state of war"; a shorter one opening its sentence is
   kept when an attribution follows, “That's perfect,” Boudreau said, or when it is a whole
   sentence after a quote of the same paragraph), in Korean followed by a quotative
   (“…”라고 말했다; korean);
3. its speaker is found in its own sentence: English attributions by pattern (english: the one
   nearest the quote, none when a new clause stands between), the Korean sentence's subject
   (korean); speakers then names them through the article's people and the registry;
4. what the sentence does not say is taken only where the text binds it, in this order: the quote
   a paragraph continues (a paragraph that ends inside a quotation runs on into the next one); a
   second quotation joined to the first by "and that" (one verb's words); for "he/she said", who
   the sentence before is about (the speaker of its quotes, else the person it opens with as its
   subject, else the one person it names: never a guess between two), in this paragraph or at the
   end of the one before; for "it said", that
   speaker if a body; for a Korean sentence with no subject, who the nearest sentence before it is
   about; a paragraph whose attributed quotes are all one speaker's, unless another person is the
   subject of one of its sentences; a paragraph that opens with a quote and names no one, the
   speaker of the quote that ended the paragraph before, if nothing came after it. "They" and "we"
   are more than one speaker. Otherwise the quote is kept with no speaker: never guessed.

Patterns, not a parser: spaCy's dependency parse would find the subject of "said" too, but it is
not a dependency and would add a model and its load to every ingest process, while these patterns
take about 9 ms an article on the gold set's texts and reach its dev speakers without it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...hangul import has_hangul
from ..entities import FoundEntity
from . import english, korean, marks
from .speakers import Lookup, Speakers

MAX_QUOTES = 30  # per brief (the front matter allows 100): what was said, not a transcript
MAX_CHARS = 1200  # per quote (the front matter allows 2000); longer ones are cut at a sentence
MIN_WORDS_EN = 4
MIN_WORDS_KO = 2
MIN_WORDS_UNSAID = 8  # an English quotation inside a sentence and next to no verb of saying

__all__ = ["Quote", "find_quotes"]


@dataclass
class Quote:
    text: str
    speaker: str  # "" when the text does not say who
    paragraph: int  # index of the paragraph it is in
    how: str = ""  # how the speaker was found (for `briefing extract --json` and the eval)
    continued: bool = False  # runs on into the next paragraph
    inside: bool = False  # stands inside a sentence (not at its start): a partial quote
    sentence: int = -1  # where its sentence starts in the paragraph
    dropped: bool = False  # too short to keep (its speaker still tells the quotation after it)

    def to_json(self) -> dict[str, str]:
        return {"speaker": self.speaker, "text": self.text} if self.speaker else {"text": self.text}


def find_quotes(
    paragraphs: Sequence[str], entities: Sequence[FoundEntity], lookup: Lookup | None = None
) -> list[Quote]:
    """The quotes of an article in order, at most MAX_QUOTES, each at most MAX_CHARS, no repeats."""
    finder = _Finder(paragraphs, Speakers(entities, lookup))
    quotes: list[Quote] = []
    seen: set[str] = set()
    for quote in finder.run():
        text = _bounded(quote.text)
        key = " ".join(text.casefold().split())
        if key in seen:
            continue
        seen.add(key)
        quote.text = text
        quotes.append(quote)
        if len(quotes) == MAX_QUOTES:
            break
    return quotes


def _bounded(text: str) -> str:
    # “…,” Kirby said: the comma is the writer's, standing for the speaker's full stop
    text = " ".join(text.split()).rstrip(",")
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS]
    stop = max(cut.rfind(". "), cut.rfind("다. "), cut.rfind("? "), cut.rfind("! "))
    return (cut[: stop + 1] if stop > MAX_CHARS // 2 else cut.rsplit(" ", 1)[0]) + " …"


class _Finder:
    def __init__(self, paragraphs: Sequence[str], speakers: Speakers) -> None:
        self.paragraphs = list(paragraphs)
        self.speakers = speakers
        self.found: list[Quote] = []
        self.before = ""  # the article up to the paragraph being read
        self.said = ""  # its Korean paragraphs with their quotations blanked
        self.about: tuple[int, str | None] = (-2, None)  # a Korean paragraph's last sentence is about…

    def run(self) -> list[Quote]:
        for index, paragraph in enumerate(self.paragraphs):
            self._paragraph(index, paragraph)
            self.before += paragraph + "\n"
            if _korean(paragraph):
                self.said += _unquoted(paragraph, marks.spans(paragraph, False)) + "\n"
        return self.found

    def _paragraph(self, index: int, paragraph: str) -> None:
        if _korean(paragraph):
            self._korean_paragraph(index, paragraph)
            return
        spans = marks.spans(paragraph, latin=True)
        if not spans:
            return
        sentences = marks.sentence_bounds(paragraph, spans)
        previous = self.found[-1] if self.found else None
        runs_on = previous is not None and previous.continued and previous.paragraph == index - 1
        mine: list[Quote] = []
        last: tuple[int, str] | None = None  # the sentence of the span before and its speaker, short ones too
        for n, span in enumerate(spans):
            text = paragraph[span.start : span.end].strip()
            s0, s1 = next(((a, b) for a, b in sentences if a <= span.outer_start < b), (0, len(paragraph)))
            left = max(s0, spans[n - 1].outer_end if n else 0)
            right = min(s1, spans[n + 1].outer_start if n + 1 < len(spans) else len(paragraph))
            before, after = paragraph[left : span.outer_start], paragraph[span.outer_end : right]
            continuing = n == 0 and runs_on and not paragraph[: span.outer_start].strip()
            opening = not paragraph[: span.outer_start].strip()
            earlier = paragraph[s0_prev(sentences, s0) : s0] if not before.strip() else ""
            at = _At(index, s0, left == s0, before, after, earlier, opening, continuing)
            conjoined = last[1] if last is not None and last[0] == s0 and _CONJOINED.fullmatch(before) else ""
            quote = self._english(text, span, at, sentences, mine, conjoined)
            if quote is None:
                continue
            last = (s0, quote.speaker if quote.how != "unclear" else "")
            if quote.dropped:
                continue
            quote.inside = bool(before.strip()) and left == s0  # not the second half of “…,” he said, “…”
            if continuing and previous is not None:
                if not quote.speaker and previous.speaker:
                    quote.speaker, quote.how = previous.speaker, "continued"
                elif quote.speaker and not previous.speaker:
                    previous.speaker, previous.how = quote.speaker, "continued"
            mine.append(quote)
        # A paragraph whose attributed quotes are all one speaker's: the others are theirs too, unless the
        # paragraph names someone else outside its quotes ("“…” Blinken disagreed. “…,” Kirby said").
        named = {q.speaker for q in mine if q.speaker and q.how in _ATTRIBUTED}
        if len(named) == 1:
            speaker = next(iter(named))
            if all(self.speakers.same(name, speaker) for name in self._subjects(paragraph, spans, sentences)):
                for quote in mine:
                    if not quote.speaker and not quote.inside and quote.how != "unclear":
                        quote.speaker, quote.how = speaker, "paragraph"
        self.found.extend(mine)

    def _english(
        self,
        text: str,
        span: marks.Span,
        at: _At,
        sentences: list[tuple[int, int]],
        mine: Sequence[Quote],
        conjoined: str,
    ) -> Quote | None:
        """The quote of one span with its speaker; a quote too short to keep comes back dropped (its speaker
        still tells the span after it in the sentence: “is patently false,” and that “…”); None for no quote."""
        index, before, after = at.index, at.before, at.after
        # “… endangers lives.” She said …: a full stop inside the closing mark ends the sentence, and what
        # follows is the next one's (“…?” he asked and “…!” an officer shouts still attribute)
        stopped = (
            text.endswith(".")
            and not re.search(r"(?:\.\.|\b(?:[A-Z]\.){2,})$", text)
            and after[:1].isspace()
            and after.strip()[:1].isupper()
        )
        found = english.after(after) if span.closed and not stopped else None
        if found is not None and found.how == "later":
            # “…” announced in October, said Derek Scissors: the sentence is the quote's; inside a sentence
            # of the writer's ("the so-called “…” plan, said Kirby") the words may be no one's
            found = english.Attribution(found.who, "after") if at.first and not before.strip() else None
        found = found or english.before(before)
        if found is None and at.earlier:
            # a quote opening a sentence after "Cornyn issued a statement." or "Kirby said:"
            found = english.introduced(at.earlier)
        quote = Quote(text, "", index, continued=not span.closed, sentence=at.s0)
        words = len(text.split())
        if found is None:
            said = english.has_verb(after if span.closed else "") or english.has_verb(before)
            if conjoined:
                # Kirby told reporters the claim was “patently false” and that “the United States is not …”
                quote.speaker, quote.how = conjoined, "conjoined"
            elif not said and before.strip() and not at.continuing and words < MIN_WORDS_UNSAID:
                return None  # a slogan, title or phrase inside a sentence that nobody is said to say
            elif at.opening and index and not at.continuing and not said:
                # A paragraph that opens with a quote and says nothing of who: the speaker of the quote
                # that ended the paragraph before, if nothing came between (see the module's docstring).
                quote.speaker, quote.how = self._running(index), "previous"
            if words < MIN_WORDS_EN and not at.continuing:
                # a short quote is kept when it is a whole sentence of what someone said: “It is working.”
                # after a quote of theirs in the paragraph; else a phrase, a chant or a title
                whole = at.first and not before.strip() and span.closed and text[-1:] in ".!?"
                quote.dropped = not (whole and any(q.speaker for q in mine))
            return quote
        pronoun = found.who.lower()
        if pronoun in english.PRONOUNS:
            # "He said": who the sentence before is about (its subject, or the speaker of its quote),
            # in this paragraph or at the end of the one before; "it said" is a body's, the speaker of
            # the quote before if nothing came between; "they" and "we" are more than one speaker.
            quote.how = "pronoun"
            antecedent = self._antecedent(index, at.s0, sentences, mine)
            if pronoun in ("he", "she"):
                quote.speaker = antecedent if self.speakers.is_person(antecedent) else ""
            elif pronoun == "it":
                quote.speaker = antecedent if antecedent and not self.speakers.is_person(antecedent) else ""
        else:
            context = self.before + self.paragraphs[index]
            quote.speaker = self.speakers.english(found.who, context) or ""
            quote.how = found.how if quote.speaker else "unclear"
        if words < MIN_WORDS_EN and not at.continuing:
            # “That’s perfect,” Boudreau said: a short quote said in so many words, opening its sentence;
            # inside a sentence ("told them to “believe in yourselves”") it is a phrase
            quote.dropped = not (at.first and not before.strip() and span.closed and found.how == "after")
        return quote

    def _sentences(self, index: int) -> tuple[str, list[tuple[int, int]]]:
        paragraph = self.paragraphs[index]
        return paragraph, marks.sentence_bounds(paragraph, marks.spans(paragraph, latin=True))

    def _antecedent(self, index: int, s0: int, sentences: list[tuple[int, int]], mine: Sequence[Quote]) -> str:
        """Who the sentence before the one at s0 is about: the speaker of its quotes, if one and it names
        no one else; else the one person it names. The sentence before is in this paragraph or, for a
        first sentence, the last of the paragraph before. "" when that is not exactly one person or body."""
        earlier = [(a, b) for a, b in sentences if b <= s0]
        if earlier:
            where, (a, b), quotes = index, earlier[-1], [q for q in mine if q.sentence == earlier[-1][0]]
        elif index and not _korean(self.paragraphs[index - 1]):
            paragraph, bounds = self._sentences(index - 1)
            if not bounds:
                return ""
            where, (a, b) = index - 1, bounds[-1]
            quotes = [q for q in self.found if q.paragraph == index - 1 and q.sentence == a]
        else:
            return ""
        paragraph = self.paragraphs[where]
        sentence = _unquoted(paragraph[a:b], marks.spans(paragraph[a:b], latin=True))
        people = self.speakers.people_in(sentence)
        if quotes:
            spoken = {q.speaker for q in quotes}
            if len(spoken) != 1 or not all(q.speaker for q in quotes):
                return ""
            speaker = next(iter(spoken))
            return speaker if all(self.speakers.same(name, speaker) for name in people) else ""
        # the person the sentence opens with, its subject ("Rathbun requested donations … to help Montalvo."),
        # else the one person it names; "For Kevin Allton, Warhol was a legend. He said, “…”" names two and
        # opens with neither: for the reader to tell
        opener = self.speakers.opener(sentence.strip())
        if opener:
            return opener
        return next(iter(people)) if len(people) == 1 else ""

    def _subjects(self, paragraph: str, spans: list[marks.Span], sentences: list[tuple[int, int]]) -> set[str]:
        """The people the sentences of a paragraph open with, outside its quotations."""
        unquoted = _unquoted(paragraph, spans)
        found = {self.speakers.subject(unquoted[a:b]) for a, b in sentences}
        return {name for name in found if name}

    def _running(self, index: int) -> str:
        """The speaker of the quote that ends the paragraph before (its last sentence), for a paragraph
        opening with an unattributed quote; "" when the paragraph before ends on anything else."""
        quotes = [q for q in self.found if q.paragraph == index - 1]
        if not quotes or not quotes[-1].speaker or _korean(self.paragraphs[index - 1]):
            return ""
        bounds = self._sentences(index - 1)[1]
        if not bounds or quotes[-1].sentence != bounds[-1][0]:
            return ""  # a sentence after the quote may bring in someone else
        here = self.paragraphs[index]
        spans = marks.spans(here, latin=True)
        speaker = quotes[-1].speaker
        if any(
            not self.speakers.same(name, speaker)
            for name in self._subjects(here, spans, marks.sentence_bounds(here, spans))
        ):
            return ""  # someone else is the subject of a sentence here: who speaks is for the reader to tell
        return speaker

    def _korean_paragraph(self, index: int, paragraph: str) -> None:
        """Korean quotes, sentence by sentence. Each sentence leaves who it is about: the speaker of its
        quote, the person its subject names, someone unknown (a subject nobody resolves) or no one (no
        subject); a quote with no subject is the speaker of the nearest sentence before that is about
        someone, in this paragraph or at the end of the previous one, and unclear if that someone is unknown."""
        spans = marks.spans(paragraph, False)
        sentences = marks.sentence_bounds(paragraph, spans)
        unquoted = _unquoted(paragraph, spans)
        last: str | None = self.about[1] if self.about[0] == index - 1 else None
        for s0, s1 in sentences:
            inside = [sp for sp in spans if s0 <= sp.outer_start < s1]
            masked = _mask(paragraph, spans, s0, s1)
            quote_at = (inside[0].outer_start - s0) if inside else s1 - s0
            # the article so far with its quotations blanked: "the 국장" is someone it named, not a name inside
            # what someone said (“바이든 행정부는 …”)
            context = self.said + unquoted[:s0] + masked[:quote_at]
            subject = self._subject(masked, quote_at, context)
            about = subject
            for span in inside:
                after = paragraph[span.outer_end : s1]
                text = paragraph[span.start : span.end].strip()
                if not span.closed or not korean.quoted(after) or len(text.split()) < MIN_WORDS_KO:
                    continue
                quote = Quote(text, "", index)
                he = korean.PRONOUN.search(masked[: span.outer_start - s0]) is not None
                if subject:
                    quote.speaker, quote.how = subject, "subject"
                elif subject is None and korean.written(masked, span.outer_start - s0, after):
                    quote.how, about = "unclear", ""  # 기소장에는 “…”고 명시됐다: a document's words, no one's
                elif subject is None and last and (not he or self.speakers.kind.get(last) == "person"):
                    quote.speaker, quote.how = last, "previous"  # 이어 (그는) “…”라고 말했다: the same speaker
                if subject is None and quote.how != "unclear":
                    about = quote.speaker
                self.found.append(quote)
            if about is not None:
                last = about
        self.about = (index, last)

    def _subject(self, masked: str, quote_at: int, context: str) -> str | None:
        """Who a Korean sentence is about: its subject's name, "" for a subject nobody resolves,
        None when it has none before its quotation (the topic 은/는 first: "중국과 러시아가 “…”" is
        inside what was said)."""
        phrases = korean.subjects(masked, quote_at)
        topics = [phrase for phrase, topic, _ in phrases if topic]
        # a topic that names nobody known (양국은, 관계자는) leaves the sentence to someone unknown, even
        # when a subject inside it names someone ("양국은 … 라미 외무장관이 … 만나 … 밝혔습니다")
        for phrase in topics or [phrase for phrase, _, first in phrases if first]:
            name = self.speakers.korean(phrase, context)
            if name:
                return name
        if any(first for _, _, first in phrases):
            return ""
        for phrase in korean.people_after(masked, quote_at):
            if self.speakers.is_person(self.speakers.korean(phrase, context) or ""):
                return ""  # “…”라며 김정은이 약속을 어겼다고 비판했다: a person after it, the speaker not told
        return None  # no subject: the sentence goes on with whoever the one before was about


@dataclass(frozen=True)
class _At:
    """Where an English quotation stands: its paragraph and sentence, and the words around it."""

    index: int  # the paragraph
    s0: int  # where its sentence starts
    first: bool  # the first quotation of its sentence
    before: str  # the sentence's words before it (after the quotation before, if any)
    after: str  # the sentence's words after it (up to the next quotation)
    earlier: str  # the sentence before, for a quotation opening its sentence
    opening: bool  # opens the paragraph
    continuing: bool  # continues the quote the paragraph before ran on with


# What stands between two quotations of one sentence that are one speaker's words: “…,” and that “…”
_CONJOINED = re.compile(r"\s*,?\s*(?:(?:and|or|but)\s+)?(?:(?:that|also|adding|added)\s+)?,?\s*")
_ATTRIBUTED = ("after", "before", "according", "subject", "pronoun")


def _unquoted(text: str, spans: Sequence[marks.Span]) -> str:
    """text with its quotations blanked: the names inside them are what was said, not who said it."""
    chars = list(text)
    for span in spans:
        for i in range(max(span.outer_start, 0), min(span.outer_end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _korean(paragraph: str) -> bool:
    """A paragraph written in Korean: Hangul is most of its letters (an English one may name 김정은)."""
    if not has_hangul(paragraph):
        return False
    hangul = sum(1 for ch in paragraph if "가" <= ch <= "힣")
    latin = sum(1 for ch in paragraph if ch.isascii() and ch.isalpha())
    return hangul * 3 >= latin  # a syllable block is a word's worth of two or three Latin letters


def s0_prev(sentences: list[tuple[int, int]], s0: int) -> int:
    """Start of the sentence before the one starting at s0 (s0 itself for the first)."""
    return next((a for a, b in reversed(sentences) if b <= s0), s0)


def _mask(paragraph: str, spans: list[marks.Span], s0: int, s1: int) -> str:
    """The sentence paragraph[s0:s1] with its quotations blanked (their subjects are not the speaker's)."""
    chars = list(paragraph[s0:s1])
    for span in spans:
        for i in range(max(span.outer_start, s0), min(span.outer_end, s1)):
            chars[i - s0] = " "
    return "".join(chars)
