"""Ingest stage, quotes: the direct quotes of an article, each with its speaker when the text says who.

One pass over the paragraphs, in order (modules of this package, one per step):

1. marks pairs the quotation marks of a paragraph and splits it into sentences;
2. a quotation is a quote when it is said: in English four words or more (shorter ones are
   scare quotes, terms and titles: "quasi-state of war"), in Korean followed by a quotative
   (“…”라고 말했다; korean);
3. its speaker is found in its own sentence: English attributions by pattern (english), the
   Korean sentence's subject (korean); speakers then names them through the article's people
   and the registry;
4. what the sentence does not say is taken, in this order, from: the quote a paragraph continues
   (a paragraph that ends inside a quotation runs on into the next one); for "he/she said", the
   person a sentence before it in the paragraph opens with, else the speaker of the quote before
   (in this or the previous paragraph) if a person; for "it said", that speaker if a body; for a
   Korean sentence with no subject, who the nearest sentence before it is about; a paragraph whose
   attributed quotes are all one speaker's; a paragraph that opens with a quote and names no one,
   the speaker of the paragraph before. "They" and "we" are more than one speaker. Otherwise the
   quote is kept with no speaker: never guessed.

Patterns, not a parser: spaCy's dependency parse would find the subject of "said" too, but it is
not a dependency and would add a model and its load to every ingest process, while these patterns
take about 2.5 ms a seed on the demo seeds and reach the dev set's speakers without it.
"""

from __future__ import annotations

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
        self.about: tuple[int, str | None] = (-2, None)  # a Korean paragraph's last sentence is about…

    def run(self) -> list[Quote]:
        for index, paragraph in enumerate(self.paragraphs):
            self._paragraph(index, paragraph)
            self.before += paragraph + "\n"
        return self.found

    def _recent_speaker(self, index: int, mine: Sequence[Quote] = ()) -> str:
        """The speaker of the last quote of this paragraph or the previous one, if it had one."""
        for quote in reversed([*self.found, *mine]):
            if quote.paragraph < index - 1:
                break
            return quote.speaker
        return ""

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
        for n, span in enumerate(spans):
            text = paragraph[span.start : span.end].strip()
            s0, s1 = next(((a, b) for a, b in sentences if a <= span.outer_start < b), (0, len(paragraph)))
            left = max(s0, spans[n - 1].outer_end if n else 0)
            right = min(s1, spans[n + 1].outer_start if n + 1 < len(spans) else len(paragraph))
            before, after = paragraph[left : span.outer_start], paragraph[span.outer_end : right]
            continuing = n == 0 and runs_on and not paragraph[: span.outer_start].strip()
            opening = not paragraph[: span.outer_start].strip()
            earlier = paragraph[s0_prev(sentences, s0) : s0] if not before.strip() else ""
            quote = self._english(index, text, span, before, after, continuing, opening, earlier, mine)
            if quote is not None:
                quote.inside = bool(before.strip()) and left == s0  # not the second half of “…,” he said, “…”
            if quote is None:
                continue
            if continuing and previous is not None:
                if not quote.speaker and previous.speaker:
                    quote.speaker, quote.how = previous.speaker, "continued"
                elif quote.speaker and not previous.speaker:
                    previous.speaker, previous.how = quote.speaker, "continued"
            mine.append(quote)
        # A paragraph whose attributed quotes are all one speaker's: the others are theirs too.
        named = {q.speaker for q in mine if q.speaker and q.how in ("after", "before", "according", "subject")}
        if len(named) == 1:
            for quote in mine:
                if not quote.speaker and not quote.inside and quote.how != "unclear":
                    quote.speaker, quote.how = next(iter(named)), "paragraph"
        self.found.extend(mine)

    def _english(
        self,
        index: int,
        text: str,
        span: marks.Span,
        before: str,
        after: str,
        continuing: bool,
        opening: bool,
        earlier: str,
        mine: Sequence[Quote],
    ) -> Quote | None:
        if len(text.split()) < MIN_WORDS_EN and not continuing:
            return None
        found = english.after(after) if span.closed else None
        found = found or english.before(before)
        if found is None and earlier:
            # a quote opening a sentence after "Cornyn issued a statement." or "Kirby said:"
            found = english.introduced(earlier)
        quote = Quote(text, "", index, continued=not span.closed)
        if found is None:
            said = english.has_verb(after if span.closed else "") or english.has_verb(before)
            if not said and before.strip() and not continuing and len(text.split()) < MIN_WORDS_UNSAID:
                return None  # a slogan, title or phrase inside a sentence that nobody is said to say
            if opening and index and not continuing and not said:
                # A paragraph that opens with a quote and says nothing of who: the speaker of the
                # paragraph before, by the convention of running quotes (see the module's docstring).
                quote.speaker, quote.how = self._recent_speaker(index), "previous"
            return quote
        pronoun = found.who.lower()
        if pronoun in english.PRONOUNS:
            # "He said": the person a sentence before it in this paragraph is about, else the speaker
            # before, if a person; "it said" is a body's; "they" and "we" are more than one speaker.
            quote.how = "pronoun"
            if pronoun in ("he", "she"):
                subject = self.speakers.sentence_subject(self.paragraphs[index][: span.outer_start])
                recent = self._recent_speaker(index, mine)
                quote.speaker = subject or (recent if self.speakers.is_person(recent) else "")
            elif pronoun == "it":
                recent = self._recent_speaker(index, mine)
                quote.speaker = recent if recent and not self.speakers.is_person(recent) else ""
            return quote
        context = self.before + self.paragraphs[index]
        quote.speaker = self.speakers.english(found.who, context) or ""
        quote.how = found.how if quote.speaker else "unclear"
        return quote

    def _korean_paragraph(self, index: int, paragraph: str) -> None:
        """Korean quotes, sentence by sentence. Each sentence leaves who it is about: the speaker of its
        quote, the person its subject names, someone unknown (a subject nobody resolves) or no one (no
        subject); a quote with no subject is the speaker of the nearest sentence before that is about
        someone, in this paragraph or at the end of the previous one, and unclear if that someone is unknown."""
        spans = marks.spans(paragraph, False)
        sentences = marks.sentence_bounds(paragraph, spans)
        context = self.before + paragraph
        last: str | None = self.about[1] if self.about[0] == index - 1 else None
        for s0, s1 in sentences:
            inside = [sp for sp in spans if s0 <= sp.outer_start < s1]
            masked = _mask(paragraph, spans, s0, s1)
            subject = self._subject(masked, (inside[0].outer_start - s0) if inside else s1 - s0, context)
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
                elif subject is None and last and (not he or self.speakers.kind.get(last) == "person"):
                    quote.speaker, quote.how = last, "previous"  # 이어 (그는) “…”라고 말했다: the same speaker
                about = quote.speaker if subject is None else subject
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
        return "" if any(first for _, _, first in phrases) else None  # after the quote: inside what follows


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
