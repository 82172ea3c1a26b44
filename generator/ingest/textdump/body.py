"""Ingest stage: score the lines of a plain-text page dump and keep the article's."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeAlias, cast

import justext

from generator.ingest.textdump import trees as textdump_model

# How it works.  Every non-empty line of the dump gets ~80 numbers describing it and its neighbours
# (length, stopword density in the page's language as justext's stoplists know it, punctuation, capitals,
# chrome vocabulary, repeats, distance from the repeated headline, the same averaged over the lines
# around it).  Boosted regression trees, fitted on the aeb-dev pages by eval/textdump_eval.py, turn
# them into the probability that the line is article text.  The article is then the one contiguous run
# of lines that best trades likely lines against unlikely ones; inside it, only clearly unlikely lines
# (captions, "Advertisement") are dropped.  A few things are rules rather than learnt, because the dev
# pages show too few of them: a reader-comment thread is never article, nor is anything past a
# copyright notice, and a line in another script than its Latin-script page is heavily discounted.

# Scoring costs tens of microseconds a line, so a pathological dump (a megabyte of one-word lines) is
# cut down to this many lines around its densest prose before anything else; real pages have a few
# hundred to a couple of thousand lines.
MAX_LINES = 3000
_MAX_LINE_CHARS = 2000  # a line's statistics are taken from its head; longer lines are prose anyway

# --- how lines look ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
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

# Function words of Chinese and Japanese, which justext has no stoplists for; counted per character.
_CJK_STOP = frozenset(
    "的了是在和有我这不也就人都一他们你为与及之而但其所以于被对将"  # Chinese
    "の、はをにがでともへやからまでなどです"
)  # Japanese

# Words and phrases that mark page chrome rather than article prose, in the languages we meet most.
# A hit is only evidence, weighed with everything else (a prose line may well say "share").  Words
# match as prefixes of a line's lower-cased words; phrases (and Chinese/Japanese/Korean) as substrings.
_BOILER_WORDS = (
    "copyright",
    "cookie",
    "privacy",
    "subscri",
    "newsletter",
    "login",
    "logout",
    "register",
    "share",
    "tweet",
    "facebook",
    "twitter",
    "instagram",
    "linkedin",
    "pinterest",
    "whatsapp",
    "youtube",
    "email",
    "print",
    "advertis",
    "sponsored",
    "related",
    "recommended",
    "trending",
    "comment",
    "reply",
    "tags",
    "categor",
    "photo",
    "image",
    "credit",
    "getty",
    "shutterstock",
    "download",
    "menu",
    "search",
    "homepage",
    "previous",
    "impressum",
    "datenschutz",
    "anmelden",
    "abonn",
    "teilen",
    "kommentar",
    "weiterlesen",
    "werbung",
    "anzeige",
    "foto",
    "bild",
    "partager",
    "connexion",
    "publicité",
    "compartir",
    "publicidad",
    "comentário",
    "comentario",
    "commentaire",
)
_BOILER_PHRASES = (
    "©",
    "rights reserved",
    "terms of use",
    "terms of service",
    "sign up",
    "sign in",
    "log in",
    "log out",
    "e-mail",
    "follow us",
    "read more",
    "most popular",
    "most read",
    "most viewed",
    "posted in",
    "filed under",
    "click here",
    "skip to",
    "home page",
    "next article",
    "next post",
    "next story",
    "back to top",
    "you may also like",
    "more from",
    "recent posts",
    "alle rechte",
    "droits réservés",
    "lire aussi",
    "derechos reservados",
    "leia também",
    "direitos reservados",
    "무단",
    "재배포",
    "저작권",
    "구독",
    "공유",
    "版权",
    "版權",
    "著作権",
    "転載",
    "分享",
    "评论",
    "関連",
    "相关",
)


def _is_boiler(text: str) -> bool:
    # The head of a line is enough: chrome says what it is up front, and long lines are prose anyway.
    head = text[:200].lower()
    return any(w.startswith(_BOILER_WORDS) for w in _WORD.findall(head)) or any(p in head for p in _BOILER_PHRASES)


# Lines of reader-comment chrome: "NAME says:", "Reply", "12 Comments", "Leave a Reply".
_COMMENT = re.compile(
    r"^.{1,60}\s(?:says|said|wrote|sagt|schreibt|dit|a écrit|dice|disse|escreveu|пишет)\s?:$"
    r"|^(?:reply|antworten|répondre|responder|responda|rispondi|ответить|回复|返信|답글)$"
    r"|^\d+\s+(?:comments?|responses?|replies|kommentare?|commentaires?|comentários?|comentarios?|commenti"
    r"|комментари\w*)\b"
    r"|leave a (?:reply|comment)|post a comment|add a comment|kommentar schreiben|laisser un commentaire"
    r"|deixe uma resposta|deja un comentario|lascia un commento|добавить комментарий",
    re.IGNORECASE,
)
# The header of one reader comment ("Jane says:", "Antworten"); several close together open a thread.
_COMMENT_HEADER = re.compile(
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
    lists = {name: frozenset(justext.get_stoplist(name)) for name in justext.get_stoplists()}
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
        counts.update(w.lower() for w in _WORD.findall(t))
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
    stop = lists[hits.most_common(1)[0][0]] if hits else frozenset()
    return DocProfile(stop=stop, cjk=cjk > 0.3 * max(letters, 1), latin=latin > 0.5 * max(letters, 1))


def _tokens(text: str, prof: DocProfile) -> list[str]:
    if prof.cjk:
        # Chinese/Japanese are not space separated: every ideograph/kana is a token.
        return [t for w in _WORD.findall(text) for t in (list(w) if _CJK_CHAR.match(w) else [w])]
    return _WORD.findall(text)


# --- features ---------------------------------------------------------------------------------

BASE_FEATURES = (
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
    "same_start",
    "sentences",
    "quote",
    "copyright",
    "byline",
    "foreign",
)
# Neighbourhood summaries: the mean of some base features over the previous / next few lines, so that
# the classifier sees whether a line sits among prose or among menus, like jusText's context pass.
_CONTEXT_OF = ("len", "stop_long", "end", "caps", "block", "boiler_short", "dup", "comment", "topic")
_CONTEXT_AT = tuple(BASE_FEATURES.index(f) for f in _CONTEXT_OF)
_WINDOWS = ((1, 0), (0, 1), (4, 0), (0, 4), (15, 0), (0, 15))
FEATURES = BASE_FEATURES + tuple(
    f"{f}@{'p' if before else 'n'}{before or after}" for before, after in _WINDOWS for f in _CONTEXT_OF
)


def compute_features(lines: Sequence[Line], prof: DocProfile) -> None:
    """Fill `features` of every line with the values named by FEATURES, in that order."""
    if not lines:
        return
    counts = Counter(ln.text.lower() for ln in lines)
    title_words = {w.lower() for w in _WORD.findall(lines[0].text)}
    # Content words of the headline: article paragraphs keep coming back to them, teasers for other
    # stories and comment threads mostly do not.
    topic_words = {w for w in title_words if len(w) > 2 and w not in prof.stop and not w.isdigit()}
    stops = prof.stop | _CJK_STOP if prof.cjk else prof.stop
    has_blocks = len({ln.block for ln in lines}) > 1
    last_title = -1  # where the headline was last repeated (the in-page <h1> usually)
    prev_text = ""
    for ln in lines:
        t = ln.text[:_MAX_LINE_CHARS]
        toks = _tokens(t, prof)
        nw = len(toks) / (2.0 if prof.cjk else 1.0)
        sd = sum(1 for w in toks if w.lower() in stops) / len(toks) if toks else 0.0
        worded = [w for w in toks if w[:1].isalpha()]
        caps = sum(1 for w in worded if w[:1].isupper()) / len(worded) if worded else 0.0
        letters = len(_LETTER.findall(t))
        line_latin = len(_LATIN.findall(t)) > 0.5 * letters if letters else prof.latin
        boiler = 1.0 if _is_boiler(t) else 0.0
        words = {w.lower() for w in toks} if not prof.cjk else {w.lower() for w in _WORD.findall(t)}
        in_title = len(words & title_words) / len(words) if words and ln.index > 0 else 0.0
        is_title = in_title >= 0.8 and len(words) >= min(3, len(title_words))
        repeated = counts[ln.text.lower()] > 1
        ln.features = [
            math.log1p(len(ln.text)),  # len
            math.log1p(nw),  # words
            sd,  # stop: stopword density, jusText's main signal
            sd * min(nw, 40.0) / 40.0,  # stop_long
            0.0,  # stop_rel, filled in below
            1.0 if t[-1] in _SENT_END else 0.0,  # end
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
            1.0 if len(t) <= 120 and _COMMENT.search(t) else 0.0,  # comment
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
            1.0 if nw <= 12 and _BYLINE_START.match(t) else 0.0,  # byline
            1.0 if letters and prof.latin and not line_latin else 0.0,  # foreign: Hangul UI on a Latin page
        ]
        if is_title:
            last_title = ln.index
        prev_text = t
    # Stoplists differ a lot in size (Russian's is ten times English's), so also compare each line
    # with the document's own typical prose line.
    stop, words_at, stop_rel = (BASE_FEATURES.index(f) for f in ("stop", "words", "stop_rel"))
    long_stops = sorted(ln.features[stop] for ln in lines if ln.features[words_at] >= math.log1p(8))
    typical = max(long_stops[int(0.75 * (len(long_stops) - 1))] if long_stops else 0.0, 0.05)
    for ln in lines:
        ln.features[stop_rel] = min(ln.features[stop] / typical, 2.0)
    _add_context(lines)


def _leading_capitalised(toks: Sequence[str]) -> float:
    """How many words in a row open the line capitalised: a teaser's headline glued to its blurb runs long."""
    run = 0
    for w in toks:
        if not w[:1].isupper():
            break
        run += 1
    return float(min(run, 10))


def _add_context(lines: Sequence[Line]) -> None:
    n = len(lines)
    columns: list[list[float]] = []
    for before, after in _WINDOWS:
        for f in _CONTEXT_AT:
            prefix = [0.0]
            for ln in lines:
                prefix.append(prefix[-1] + ln.features[f])
            if before:
                columns.append(
                    [(prefix[i] - prefix[max(i - before, 0)]) / min(i, before) if i else 0.0 for i in range(n)]
                )
            else:
                columns.append(
                    [
                        (prefix[min(i + 1 + after, n)] - prefix[i + 1]) / min(n - 1 - i, after) if i < n - 1 else 0.0
                        for i in range(n)
                    ]
                )
    for i, ln in enumerate(lines):
        ln.features.extend(col[i] for col in columns)


def analyse(text: str) -> list[Line]:
    """Split a dump into lines and compute their features (no scoring yet)."""
    lines = split_lines(text, MAX_LINES)
    compute_features(lines, profile(lines))
    return lines


# --- scoring ----------------------------------------------------------------------------------

# A regression tree: a leaf value, or (feature index, threshold, subtree if <= threshold, subtree if >).
Node: TypeAlias = "float | tuple[int, float, Node, Node]"


class TreeModel:
    """Boosted regression trees over line features; the sum of their leaves is the log-odds of "article".

    The trees are turned into one Python function of nested ifs when the model is built, which scores
    a line several times faster than walking the tuples.
    """

    def __init__(self, features: Sequence[str], base: float, trees: Sequence[Node]) -> None:
        self.features = tuple(features)
        self.base = base
        self.trees = tuple(trees)
        position = {f: i for i, f in enumerate(FEATURES)}
        self._log_odds = _compile(self.trees, [position[f] for f in self.features], base)

    def probability(self, values: Sequence[float], shift: float = 0.0) -> float:
        """P(article) for a line whose FEATURES values are given in order (log-odds moved by `shift`)."""
        total = self._log_odds(values) + shift
        return 1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0)))


def _compile(trees: Sequence[Node], at: Sequence[int], base: float) -> Callable[[Sequence[float]], float]:
    src = ["def log_odds(x):", f"    s = {base!r}"]

    def emit(node: Node, indent: str) -> None:
        if isinstance(node, tuple):
            src.append(f"{indent}if x[{at[node[0]]}] <= {node[1]!r}:")
            emit(node[2], indent + "    ")
            src.append(f"{indent}else:")
            emit(node[3], indent + "    ")
        else:
            src.append(f"{indent}s += {node!r}")

    for tree in trees:
        emit(tree, "    ")
    src.append("    return s")
    namespace: dict[str, Any] = {}
    # Safe: the source is generated here from the model's own numbers, never from input text.
    exec("\n".join(src), namespace)  # noqa: S102
    return cast(Callable[[Sequence[float]], float], namespace["log_odds"])


@lru_cache(maxsize=1)
def shipped_model() -> TreeModel:
    """The fitted model in textdump_model.py, built on first use (so that a refit can import this module)."""
    missing = set(textdump_model.FEATURES) - set(FEATURES)
    if missing:
        raise RuntimeError(
            f"textdump_model.py uses unknown features {sorted(missing)}: refit it with eval/textdump_eval.py --fit"
        )
    return TreeModel(textdump_model.FEATURES, textdump_model.BASE, textdump_model.TREES)


MODEL: TreeModel | None = None  # when set (evaluation does), used instead of the shipped model

# Span selection, chosen by cross-validation on the two halves of aeb-dev (eval/textdump_eval.py --cv):
SPAN_FROM = 0.2  # lines at least this likely pull the article span outwards, the others push back
KEEP_FROM = 0.1  # inside the span, lines at least this likely are kept
LINE_BASE = 10.0  # every line weighs this many characters more than it has (short lines still count)
GAP_GROWTH = 1.0  # the k-th junk line in a row costs (1 + GAP_GROWTH * (k - 1)) times its weight
# A line in another script than its Latin-script page (the Korean UI strings of an English article) is
# rarely article text, but the dev pages have too few of them for the trees to learn it: the odds of
# such a line are cut by this much (a quoted line of Japanese in an English article can still pass).
FOREIGN_LOG_ODDS = -2.5
_FOREIGN = FEATURES.index("foreign")
_COPYRIGHT_AT = FEATURES.index("copyright")


def thread_start(lines: Sequence[Line], need: int = 3, window: int = 40) -> int | None:
    """Where a reader-comment thread starts: `need` comment headers ("Jane says:", "Reply") within
    `window` lines, reaching back to a "12 Comments" / "Leave a Reply" line just above the first."""
    hits = [ln.index for ln in lines if len(ln.text) <= 120 and _COMMENT_HEADER.search(ln.text)]
    for a in range(len(hits) - need + 1):
        if hits[a + need - 1] - hits[a] <= window:
            first = hits[a]
            for ln in lines[max(first - 10, 0) : first]:
                if len(ln.text) <= 120 and _COMMENT.search(ln.text):
                    return ln.index
            return first
    return None


def article_span(lines: Sequence[Line]) -> tuple[int, int]:
    """The contiguous run of lines that best trades article-likely lines against junk (Kadane's scan).

    A junk line costs more the longer the run of junk it is in: articles are interrupted by a caption
    or an advert, not by twenty lines of menu, so long gaps split the page into separate candidates.
    """
    best, best_i, best_j = 0.0, 0, -1
    current, start, run = 0.0, 0, 0
    for ln in lines:
        weight = len(ln.text) + LINE_BASE
        if ln.features[_COPYRIGHT_AT] and ln.prob < SPAN_FROM:
            # A copyright notice closes the article: nothing on the far side of it belongs to the span.
            current, run = 0.0, 0
            continue
        if ln.prob >= SPAN_FROM:
            if current <= 0:
                current, start = 0.0, ln.index
            current += (ln.prob - SPAN_FROM) * weight
            run = 0
        else:
            run += 1
            current += (ln.prob - SPAN_FROM) * weight * (1 + GAP_GROWTH * (run - 1))
        if current > best:
            best, best_i, best_j = current, start, ln.index
    return best_i, best_j


def score_lines(lines: Sequence[Line], model: TreeModel | None = None) -> None:
    """Set `prob` on every line; a reader-comment thread and everything after it is never article."""
    model = model or MODEL or shipped_model()
    cut = thread_start(lines)
    for ln in lines:
        if cut is not None and ln.index >= cut:
            ln.prob = 0.0
        else:
            ln.prob = model.probability(ln.features, FOREIGN_LOG_ODDS if ln.features[_FOREIGN] else 0.0)


def select_body(lines: Sequence[Line], model: TreeModel | None = None) -> list[Line]:
    """The article's lines, in order."""
    if not lines:
        return []
    score_lines(lines, model)
    i, j = article_span(lines)
    return [ln for ln in lines[i : j + 1] if ln.prob >= KEEP_FROM]
