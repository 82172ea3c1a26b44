"""Ingest stage: split a plain-text page dump into lines and describe each line by numbers for the line model."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import justext

# Scoring costs a fraction of a millisecond a line, so a pathological dump (a megabyte of one-word lines) is
# cut down to this many lines around its densest prose before anything else; real pages have a few
# hundred to a couple of thousand lines.
MAX_LINES = 3000
_MAX_LINE_CHARS = 2000  # a line's statistics are taken from its head; longer lines are prose anyway

# --- how lines look ---------------------------------------------------------------------------

WORD = re.compile(r"\w+")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENT_END = frozenset(".!?…:;)]\"'”’»。！？」』")
_CLAUSE_PUNCT = re.compile(r"[,.;:!?，。、；：！？]")
_SENTENCE_BREAK = re.compile(r"[.!?。！？][\"'”’)]?\s+\S|[。！？]")
_QUOTE = re.compile(r"[\"“”«»„]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_URL = re.compile(r"https?://|www\.|[\w.+-]{1,64}@[\w-]{1,63}\.\w")  # bounded: no backtracking blow-up
_BULLET = re.compile(r"^(?:[-*•·▪►>|]|\d{1,2}[.)])\s")
# A copyright notice proper (a bare "©" also credits photos inside articles).
_COPYRIGHT = re.compile(
    r"\b(?:copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés|derechos reservados"
    r"|direitos reservados|diritti riservati)\b|무단\s?전재|版权所有|版權所有|著作権|無断転載",
    re.IGNORECASE,
)
_BYLINE_START = re.compile(r"^(?i:by|von|par|por|door|di|written by|posted by)\s+[A-ZÀ-Þ]")
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_AGO = re.compile(r"\b\d+\s?(?:s|m|h|d|mins?|minutes?|hours?|hrs?|days?|weeks?)\s+ago\b", re.IGNORECASE)


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string (one word or phrase per `sep`, blanks by default)."""
    return tuple(w for w in text.split(sep) if w)


# Function words of Chinese and Japanese, which justext has no stoplists for; counted per character.
_CJK_STOP = frozenset(
    "的了是在和有我这不也就人都一他们你为与及之而但其所以于被对将"  # Chinese
    "の、はをにがでともへやからまでなどです"
)  # Japanese

# Words and phrases that mark page chrome rather than article prose, in the languages we meet most.
# A hit is only evidence, weighed with everything else (a prose line may well say "share").  Words
# match as prefixes of a line's lower-cased words; phrases (and Chinese/Japanese/Korean) as substrings.
_BOILER_WORDS = _words(
    "copyright cookie privacy subscri newsletter login logout register share tweet facebook twitter  "
    "instagram linkedin pinterest whatsapp youtube email print advertis sponsored related recommended  "
    "trending comment reply tags categor photo image credit getty shutterstock download menu search  "
    "homepage previous impressum datenschutz anmelden abonn teilen kommentar weiterlesen werbung anzeige  "
    "foto bild partager connexion publicité compartir publicidad comentário comentario commentaire"
)
_BOILER_PHRASES = _words(
    "©|rights reserved|terms of use|terms of service|sign up|sign in|log in|log out|e-mail|follow us|"
    "read more|most popular|most read|most viewed|posted in|filed under|click here|skip to|home page|"
    "next article|next post|next story|back to top|you may also like|more from|recent posts|alle rechte|"
    "droits réservés|lire aussi|derechos reservados|leia também|direitos reservados|무단|재배포|저작권|구독|공유|版权|"
    "版權|著作権|転載|分享|评论|関連|相关|많이 본|관련기사|관련 기사|댓글|글자크기|인쇄|스크랩|페이스북|트위터|카카오|"
    "좋아요|추천 기사|기사 공유|이 시각|랭킹|전체 메뉴|로그인",
    "|",
)


def is_boiler(text: str) -> bool:
    # The head of a line is enough: chrome says what it is up front, and long lines are prose anyway.
    head = text[:200].lower()
    return any(w.startswith(_BOILER_WORDS) for w in WORD.findall(head)) or any(p in head for p in _BOILER_PHRASES)


# Lines of reader-comment chrome: "NAME says:", "Reply", "12 Comments", "Leave a Reply".
COMMENT = re.compile(
    r"^.{1,60}\s(?:says|said|wrote|sagt|schreibt|dit|a écrit|dice|disse|escreveu|пишет)\s?:$"
    r"|^(?:reply|antworten|répondre|responder|responda|rispondi|ответить|回复|返信|답글)$"
    r"|^\d+\s+(?:comments?|responses?|replies|kommentare?|commentaires?|comentários?|comentarios?|commenti"
    r"|комментари\w*)\b"
    r"|leave a (?:reply|comment)|post a comment|add a comment|kommentar schreiben|laisser un commentaire"
    r"|deixe uma resposta|deja un comentario|lascia un commento|добавить комментарий",
    re.IGNORECASE,
)
# The header of one reader comment ("Jane says:", "Antworten"); several close together open a thread.
COMMENT_HEADER = re.compile(
    r"^.{1,80}\s(?:says|said|wrote|sagt|schreibt|dit|a écrit|dice|disse|escreveu|пишет|kirjoitti|schreef"
    r"|skriver|napisał)\s?:$"
    r"|^(?:reply|antworten|répondre|responder|responda|rispondi|ответить|回复|返信|답글|odpowiedz|svara"
    r"|beantwoorden|vastaa)(?:\s*↓)?$",
    re.IGNORECASE,
)


@dataclass
class Line:
    index: int
    text: str
    block: int  # id of the blank-line separated block the line sits in
    block_size: int = 1
    features: list[float] = field(default_factory=list)  # values of FEATURES, in order
    prob: float = 0.0  # how likely the line is article text


def split_lines(text: str, limit: int | None = None) -> list[Line]:
    """Non-empty lines, whitespace-normalised, remembering which blank-line separated block each is in.

    With a `limit`, a longer dump keeps only its first line (the headline) and the `limit` consecutive
    lines holding the most long-line text (see MAX_LINES).
    """
    text = _SPACE.sub(" ", _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    kept: list[tuple[str, int]] = []
    block = 0
    blank = False
    for raw in text.split("\n"):
        s = raw.strip()
        if not s:
            blank = True
            continue
        if blank:
            block += 1
            blank = False
        kept.append((s, block))
    if limit is not None and len(kept) > limit:
        kept = _focus(kept, limit)
    sizes = Counter(b for _, b in kept)
    return [Line(index=i, text=s, block=b, block_size=sizes[b]) for i, (s, b) in enumerate(kept)]


def _focus(lines: list[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    mass = [len(s) if len(s) >= 80 else 0 for s, _ in lines]
    window = best = sum(mass[1 : limit + 1])
    start = 1
    for i in range(limit + 1, len(lines)):
        window += mass[i] - mass[i - limit]
        if window > best:
            best, start = window, i - limit + 1
    return [lines[0], *lines[start : start + limit]]


# --- the document's language ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stoplists() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    # Sorted, so that a tie between two languages goes the same way whatever the hash seed.
    lists = {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}
    index: dict[str, list[str]] = {}
    for name, words in lists.items():
        for w in words:
            index.setdefault(w, []).append(name)
    return lists, {w: tuple(v) for w, v in index.items()}


@dataclass(frozen=True)
class DocProfile:
    stop: frozenset[str]  # stopwords of the document's language (justext's list that matches most words)
    cjk: bool  # mostly Chinese/Japanese, so characters stand in for words
    latin: bool  # the document's letters are mostly Latin script


def profile(lines: Sequence[Line]) -> DocProfile:
    lists, index = _stoplists()
    counts: Counter[str] = Counter()
    cjk = latin = letters = 0
    budget = 300_000  # the head of a huge dump is enough to tell its language
    for ln in lines:
        t = ln.text[:_MAX_LINE_CHARS]
        counts.update(w.lower() for w in WORD.findall(t))
        cjk += len(_CJK_CHAR.findall(t))
        letters += len(_LETTER.findall(t))
        latin += len(_LATIN.findall(t))
        budget -= len(t)
        if budget < 0:
            break
    hits: Counter[str] = Counter()
    for w, n in counts.items():
        for lang in index.get(w, ()):
            hits[lang] += n
    stop = lists[max(sorted(hits), key=lambda lang: hits[lang])] if hits else frozenset()
    return DocProfile(stop=stop, cjk=cjk > 0.3 * max(letters, 1), latin=latin > 0.5 * max(letters, 1))


def _tokens(text: str, prof: DocProfile) -> list[str]:
    if prof.cjk:
        # Chinese/Japanese are not space separated: every ideograph/kana is a token.
        return [t for w in WORD.findall(text) for t in (list(w) if _CJK_CHAR.match(w) else [w])]
    return WORD.findall(text)


# --- features ---------------------------------------------------------------------------------

# Every feature is a number that means the same in any language: lengths, punctuation, shares of
# capitals or digits, where the line stands relative to the page's densest prose, how often it or its
# first word comes back, and the same summarised over the lines around it.  Word lists (stoplists,
# chrome words) only add evidence; a Korean or a Polish page is read by the same numbers.
BASE_FEATURES = (
    *[
        "len",
        "words",
        "stop",
        "stop_long",
        "stop_rel",
        "end",
        "punct",
        "caps",
        "digits",
        "boiler",
        "boiler_short",
        "dup",
        "block",
        "offscript",
    ],
    *[
        "url",
        "bullet",
        "title",
        "comment",
        "clock",
        "after_title",
        "title_dist",
        "topic",
        "prev_colon",
        "lead_caps",
        "ago",
        "dup_long",
    ],
    *["same_start", "sentences", "quote", "copyright", "byline", "foreign"],
    # where the line stands: in the page, and relative to the page's prose
    *["rel_pos", "prose_before", "prose_after", "core_in", "core_dist", "len_rel"],
    # lists, menus, credits
    *["repeats", "first_word_run", "short_run", "email", "credit", "prose", "title_grams"],
    # how far above the next repeat of the headline: what stands just above it is a promo, not the article
    "title_below",
)
# Neighbourhood summaries: the mean of some base features over the previous / next few lines, so that
# the classifier sees whether a line sits among prose or among menus, like jusText's context pass.
_CONTEXT_OF = (
    *["len", "stop_long", "end", "caps", "block", "boiler_short", "dup", "comment", "topic", "prose", "title_grams"],
    *["clock", "lead_caps", "punct"],  # a teaser: a capitalised headline, then its date
)
_CONTEXT_AT = tuple(BASE_FEATURES.index(f) for f in _CONTEXT_OF)
_WINDOWS = ((1, 0), (0, 1), (4, 0), (0, 4), (15, 0), (0, 15))
FEATURES = BASE_FEATURES + tuple(
    f"{f}@{'p' if before else 'n'}{before or after}" for before, after in _WINDOWS for f in _CONTEXT_OF
)

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.\w")
# Photo credits and captions' tails: "Saul Loeb / AFP", "Photo: …", "(Yonhap)", "ⓒ …", "사진=…".
_CREDIT = re.compile(
    r"(?:^|\s)[/©ⓒ]\s*[\w\u00c0-\u024f][\w\u00c0-\u024f .&-]{0,40}$"
    r"|^(?:[ⓒ©]|\((?:photo|foto|사진)\b)"
    r"|\b(?i:photo|photos|picture|image|foto|fotos|bild|credit|illustration|graphic|video)\s*(?:[:=]|by\b)"
    r"|(?:사진|자료|그래픽|영상)\s*[=:]|\b(?:AP|AFP|EPA|Reuters|Getty|Yonhap|dpa|Xinhua|EFE|ANSA)\)?\s*$"
    r"|\((?:AP|AFP|EPA|Reuters|Yonhap|연합뉴스|뉴시스|dpa|EFE|ANSA)\)\s*$"
)
# Bylines in their commonest forms, wherever they stand on a short line.
_BYLINE_ANY = re.compile(
    r"\b(?i:by|von|par|por|door|di|written by|posted by)\s+[A-ZÀ-Þ]|기자\b|특파원\b|\breporter\b|\b(?i:staff writer)\b"
)


def compute_features(lines: Sequence[Line], prof: DocProfile) -> None:
    """Fill `features` of every line with the values named by FEATURES, in that order."""
    if not lines:
        return
    counts = Counter(ln.text.lower() for ln in lines)
    first_words = [ln.text.split(" ", 1)[0].lower() for ln in lines]
    title_words = {w.lower() for w in WORD.findall(lines[0].text)}
    # Content words of the headline: article paragraphs keep coming back to them, teasers for other
    # stories and comment threads mostly do not.
    topic_words = {w for w in title_words if len(w) > 2 and w not in prof.stop and not w.isdigit()}
    stops = prof.stop | _CJK_STOP if prof.cjk else prof.stop
    # The headline's letter trigrams: a script-agnostic topic (Korean particles glue onto words, and
    # Chinese or Japanese have no spaces, so whole words match badly there).
    title_grams = grams(lines[0].text)
    has_blocks = len({ln.block for ln in lines}) > 1
    last_title = -1  # where the headline was last repeated (the in-page <h1> usually)
    prev_text = ""
    n = len(lines)
    for ln in lines:
        t = ln.text[:_MAX_LINE_CHARS]
        toks = _tokens(t, prof)
        nw = len(toks) / (2.0 if prof.cjk else 1.0)
        sd = sum(1 for w in toks if w.lower() in stops) / len(toks) if toks else 0.0
        worded = [w for w in toks if w[:1].isalpha()]
        caps = sum(1 for w in worded if w[:1].isupper()) / len(worded) if worded else 0.0
        letters = len(_LETTER.findall(t))
        line_latin = len(_LATIN.findall(t)) > 0.5 * letters if letters else prof.latin
        boiler = 1.0 if is_boiler(t) else 0.0
        words = {w.lower() for w in toks} if not prof.cjk else {w.lower() for w in WORD.findall(t)}
        in_title = len(words & title_words) / len(words) if words and ln.index > 0 else 0.0
        is_title = in_title >= 0.8 and len(words) >= min(3, len(title_words))
        repeated = counts[ln.text.lower()] > 1
        ends = t[-1] in _SENT_END
        ln.features = [
            math.log1p(len(ln.text)),  # len
            math.log1p(nw),  # words
            sd,  # stop: stopword density, jusText's main signal
            sd * min(nw, 40.0) / 40.0,  # stop_long
            0.0,  # stop_rel, filled in below
            1.0 if ends else 0.0,  # end
            min(len(_CLAUSE_PUNCT.findall(t)) / max(nw, 1.0), 1.0),  # punct
            caps,  # caps: share of capitalised words, high in menus and headlines
            len(_DIGIT.findall(t)) / len(t),  # digits
            boiler,  # boiler
            boiler if nw <= 12 else 0.0,  # boiler_short
            1.0 if repeated else 0.0,  # dup
            math.log(ln.block_size) if has_blocks else 0.0,  # block: menus come as blocks of lines
            1.0 if letters and line_latin != prof.latin else 0.0,  # offscript: Korean UI on an English page
            1.0 if _URL.search(t) else 0.0,  # url
            1.0 if _BULLET.match(t) else 0.0,  # bullet
            1.0 if is_title else 0.0,  # title: the headline again
            1.0 if len(t) <= 120 and COMMENT.search(t) else 0.0,  # comment
            1.0 if nw <= 10 and _CLOCK.search(t) else 0.0,  # clock
            1.0 if last_title >= 0 else 0.0,  # after_title
            math.log1p(ln.index - last_title) if last_title >= 0 else 0.0,  # title_dist
            len(words & topic_words) / len(topic_words) if topic_words and ln.index > 0 else 0.0,  # topic
            1.0 if prev_text.endswith(":") else 0.0,  # prev_colon: a list is announced
            _leading_capitalised(toks),  # lead_caps
            1.0 if nw <= 8 and _AGO.search(t) else 0.0,  # ago
            1.0 if nw > 8 and repeated else 0.0,  # dup_long
            1.0 if prev_text and prev_text.split(" ", 1)[0] == t.split(" ", 1)[0] else 0.0,  # same_start
            float(min(len(_SENTENCE_BREAK.findall(t)), 5)),  # sentences
            1.0 if _QUOTE.search(t) else 0.0,  # quote
            1.0 if _COPYRIGHT.search(t) else 0.0,  # copyright
            1.0 if nw <= 12 and (_BYLINE_START.match(t) or _BYLINE_ANY.search(t)) else 0.0,  # byline
            1.0 if letters and prof.latin and not line_latin else 0.0,  # foreign: Hangul UI on a Latin page
            ln.index / max(n - 1, 1),  # rel_pos
            0.0,  # prose_before, filled in below
            0.0,  # prose_after
            0.0,  # core_in
            0.0,  # core_dist
            0.0,  # len_rel
            math.log(counts[ln.text.lower()]),  # repeats: menus and teasers come back, paragraphs do not
            0.0,  # first_word_run
            0.0,  # short_run
            1.0 if _EMAIL.search(t) else 0.0,  # email
            1.0 if len(t) <= 200 and _CREDIT.search(t) else 0.0,  # credit
            1.0 if (nw >= 8 and ends) or nw >= 25 else 0.0,  # prose: reads like a sentence or more
            len(grams(t[:400]) & title_grams) / len(title_grams) if title_grams and ln.index > 0 else 0.0,
            0.0,  # title_below, filled in below
        ]
        if is_title:
            last_title = ln.index
        prev_text = t
    _add_page_relative(lines, first_words)
    _add_context(lines)


_AT = {f: i for i, f in enumerate(BASE_FEATURES)}


def grams(text: str) -> set[str]:
    """Trigrams of letters inside the words of a text (lower case)."""
    return {w[i : i + 3] for w in WORD.findall(text.lower()) for i in range(len(w) - 2)}


def _add_page_relative(lines: Sequence[Line], first_words: Sequence[str]) -> None:
    """Features that compare a line with the rest of its page (filled in after every line is seen)."""
    n = len(lines)
    # Stoplists differ a lot in size (Russian's is ten times English's), so also compare each line
    # with the document's own typical prose line.
    stop, words_at = _AT["stop"], _AT["words"]
    long_stops = sorted(ln.features[stop] for ln in lines if ln.features[words_at] >= math.log1p(8))
    typical = max(long_stops[int(0.75 * (len(long_stops) - 1))] if long_stops else 0.0, 0.05)
    mass = [len(ln.text) if ln.features[_AT["prose"]] else 0 for ln in lines]
    total = sum(mass) or 1
    core_i, core_j = densest_prose(mass)
    longest = max(len(ln.text) for ln in lines)
    short = [ln.features[_AT["words"]] <= math.log1p(6) and not ln.features[_AT["end"]] for ln in lines]
    short_runs = _runs(short)
    same_first = _runs([i > 0 and first_words[i] == first_words[i - 1] for i in range(n)])
    next_title = None
    for ln in reversed(lines):
        ln.features[_AT["title_below"]] = math.log1p(next_title - ln.index) if next_title is not None else 0.0
        if ln.features[_AT["title"]]:
            next_title = ln.index
    before = 0
    for i, ln in enumerate(lines):
        f = ln.features
        f[_AT["stop_rel"]] = min(f[stop] / typical, 2.0)
        f[_AT["prose_before"]] = before / total
        before += mass[i]
        f[_AT["prose_after"]] = (total - before) / total if total > 1 else 0.0
        f[_AT["core_in"]] = 1.0 if core_i <= i <= core_j else 0.0
        f[_AT["core_dist"]] = -math.log1p(core_i - i) if i < core_i else math.log1p(i - core_j) if i > core_j else 0.0
        f[_AT["len_rel"]] = len(ln.text) / longest
        f[_AT["short_run"]] = math.log1p(short_runs[i]) if short[i] else 0.0
        # a run of lines opening with the same word: "- item", "Posted …", dates of a calendar
        f[_AT["first_word_run"]] = math.log1p(max(same_first[i], same_first[i + 1] if i + 1 < n else 0))


def _runs(flags: Sequence[bool]) -> list[int]:
    """For each position, the length of the run of True values it belongs to (0 where False)."""
    out = [0] * len(flags)
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        out[i:j] = [j - i] * (j - i)
        i = j
    return out


def densest_prose(mass: Sequence[int], gap_cost: int = 60) -> tuple[int, int]:
    """The run of lines holding the most prose, where every line without prose costs `gap_cost`
    characters (Kadane's scan): the page's core, which article lines stand in or near."""
    best, best_i, best_j = 0, 0, -1
    current, start = 0, 0
    for i, m in enumerate(mass):
        if current <= 0:
            current, start = 0, i
        current += m if m else -gap_cost
        if current > best:
            best, best_i, best_j = current, start, i
    return best_i, best_j


def _leading_capitalised(toks: Sequence[str]) -> float:
    """How many words in a row open the line capitalised: a teaser's headline glued to its blurb runs long."""
    run = 0
    for w in toks:
        if not w[:1].isupper():
            break
        run += 1
    return float(min(run, 10))


def window_means(values: Sequence[float], before: int, after: int) -> list[float]:
    """Mean of `values` over the `before` previous (or the `after` next) positions, 0 at the edge."""
    n = len(values)
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    if before:
        return [(prefix[i] - prefix[max(i - before, 0)]) / min(i, before) if i else 0.0 for i in range(n)]
    return [
        (prefix[min(i + 1 + after, n)] - prefix[i + 1]) / min(n - 1 - i, after) if i < n - 1 else 0.0 for i in range(n)
    ]


def _add_context(lines: Sequence[Line]) -> None:
    columns = [
        window_means([ln.features[f] for ln in lines], before, after) for before, after in _WINDOWS for f in _CONTEXT_AT
    ]
    for i, ln in enumerate(lines):
        ln.features.extend(col[i] for col in columns)


def analyse(text: str) -> list[Line]:
    """Split a dump into lines and compute their features (no scoring yet)."""
    lines = split_lines(text, MAX_LINES)
    compute_features(lines, profile(lines))
    return lines
