"""Ingest stage: choose a text dump's headline among its lines (a fitted ranker), or say there is none."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from generator.ingest.dates import is_stamp_line, opens_with_stamp
from generator.ingest.textdump.byline import EMAIL, byline_in, is_credit, opens_with_byline
from generator.ingest.textdump.features import FEATURES as LINE_FEATURES
from generator.ingest.textdump.features import WORD, Line, grams, is_boiler
from generator.ingest.textdump.model import Stage, load_stage

# How it works.  Every short line above the article (and its first lines) is a candidate.  Each is
# described by numbers that hold in any language: how far above the article it stands and how many
# headline-like lines come between, whether the page's first line (a <title>, when the dump has one)
# holds it or it holds the first line, whether it is repeated, whether the article's text comes back
# to its words, whether it reads like a sentence, a menu entry, a date or a byline.  Boosted trees
# fitted on the meta-dev / meta-extra pages (eval/textdump_fit.py) score them; the best one is the
# headline.  A page whose only candidates are its paragraphs, or whose best candidate scores under
# HEADLINE_FROM (nothing like a headline at all), has none: the caller takes a title from the lead and
# says so (the lead stays in the body).  The ranker's scores are not calibrated across pages (the dev
# pages nearly all have a headline), so the floor is low: it only rules out lines that are no headline.
HEADLINE_FILE = "headline_model.json"
HEADLINE_FROM = 1e-4
MAX_CHARS = 250  # longer lines are paragraphs, not headlines
MAX_ABOVE = 400  # candidates are looked for this many lines above the article at most

FEATURES = (
    *[
        "first",
        "above",
        "above_rank",
        "below",
        "words",
        "chars",
        "end_stop",
        "end_mark",
        "caps",
        "digits",
        "boiler",
        "menu_run",
    ],
    *["repeats", "in_first", "holds_first", "first_share", "sep", "body_words", "body_grams", "prob", "next_prob"],
    *["prev_short", "next_short", "dateish", "block"],
    # what a headline never is: the site or section name beside it in the <title>, a label, a byline
    *["title_part", "end_colon", "byline"],
)
_DATEISH = re.compile(r"\d{1,4}[./\-]\s?\d{1,2}[./\-]\s?\d{1,4}|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
_SHORT_RUN = LINE_FEATURES.index("short_run")
_SEPARATOR = re.compile(r"\s(?:\||–|—|::|»|·|•|-)\s|\|")


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _headlike(ln: Line) -> bool:
    return 2 <= len(ln.text) <= MAX_CHARS and ln.text[-1] not in ".:;," and len(ln.text.split()) <= 30


def _paragraph(ln: Line) -> bool:
    """A line of the article that reads as a sentence (12+ words, a full stop): never its headline."""
    return (ln.text[-1] in ".。" and len(ln.text.split()) >= 12) or (len(ln.text) > 140 and ln.text[-1] in ".!?。다")


# Lines that are never a headline, wherever they stand: a Korean sentence ("…권장합니다.", "…발간했다.",
# "…쏟아졌다. 연합뉴스" with its credit), a date stamp ("입력 2021-08-31 14:27"), a caption with its
# credit, a byline, a lead that opens with its dateline-byline, a news agency's or a paper's name alone
# ("매일신문"), a list item of the furniture ("▷ 카카오톡 : …", "■ 제보하기"), a skip link ("본문 바로가기",
# "Skip to content"), an image ("![alt](…)", "로고 배경이미지"), a copyright notice, a board's header
# with its view count ("제목 … 게시일 … 조회수 1215").
_KOREAN_SENTENCE = re.compile(
    r"[다요]\.[\s\"'”’)]*(?:(?:연합뉴스|뉴시스|뉴스1|AP|AFP|EPA|로이터|[가-힣]{2,4}\s?(?:선임|사진)?\s?기자)\s*)?$"
)
_PAPER_ALONE = re.compile(r"^[가-힣]{2,8}(?:신문|일보|뉴스|방송|타임스|저널|데일리)$")
_SKIP_LINK = re.compile(r"바로\s?가기\s*$|^skip\s+to\s+(?:main\s+)?(?:content|navigation|menu)", re.IGNORECASE)
_IMAGE = re.compile(r"^!\[|^(?:로고|logo)(?:\s\S+){0,2}$|^\S+\s(?:로고|logo)$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^(?:copyright|ⓒ|©|\(c\)|저작권자)|all rights reserved|무단\s?전재|재배포\s?금지", re.IGNORECASE
)
# the count closes the line, or follows a post's date label ("게시일 … 조회수 1215"): not "조회수 1억 돌파"
_VIEW_COUNT = re.compile(r"조회(?:수)?\s*[:：]?\s*[\d,]+\s*회?\s*$|(?:게시일|작성일|등록일|작성자).*조회")
# share buttons run together ("트위터페이스북구글플러스", "Facebook Twitter Email"), a speaker's or
# section's label alone ("[앵커]", "[기자]"), a call to subscribe ("한겨레 구독신청 하기"), a menu bar
# ("Home All news Contact us English")
_SHARE_WORD = re.compile(
    r"트위터|페이스북|구글\s?플러스|구글|카카오\s?톡|카카오\s?스토리|카카오|네이버|밴드|라인|링크\s?복사|url\s?복사"
    r"|주소\s?복사|공유하기|공유|메일|프린트|인쇄|facebook|twitter|google\s?plus|google\+|kakao(?:talk)?|whatsapp"
    r"|telegram|linkedin|reddit|pinterest|e-?mail|print|share|copy\s?link|\bx\b"
    r"|후속\s?취재\s?요청|좋아요|슬퍼요|화나요|공감|추천|댓글|스크랩|가장\s?작게|가장\s?크게|작게|크게",
    re.IGNORECASE,
)
_LABEL_ALONE = re.compile(r"^[\[【<(][^\]】>)]{1,8}[\]】>)]$")
_PROMO = re.compile(r"구독\s?신청|구독\s?하기|후원\s?하기")
_MENU_WORDS = frozenset(
    re.findall(
        r"\S+",
        "home all news contact us about english korean latest world business sports sport politics opinion "
        "login sign in up search menu subscribe more video videos photos lifestyle culture entertainment "
        "홈 전체 뉴스 메뉴 로그인 회원가입 검색 구독 정치 경제 사회 문화 국제 스포츠 연예 오피니언 포토 영상",
    )
)


# "donga - 25 days ago", "3시간 전": when, not what
_AGO = re.compile(
    r"\b\d{1,3}\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\d{1,3}\s*(?:분|시간|일)\s*전$"
)


def _share_buttons(t: str) -> bool:
    rest = _SHARE_WORD.sub(" ", t)
    return rest != t and not re.sub(r"[\W_]+", "", rest)


def _menu_bar(t: str) -> bool:
    words = t.casefold().split()
    return len(words) >= 4 and all(w.strip("|·•/") in _MENU_WORDS for w in words)


_AGENCY_ALONE = re.compile(
    r"^(?:the\s+)?(?:associated\s+press|ap|reuters|afp|agence\s+france-presse|bloomberg|xinhua|kyodo(?:\s+news)?"
    r"|yonhap(?:\s+news(?:\s+agency)?)?|연합뉴스|뉴시스|뉴스1)$",
    re.IGNORECASE,
)
_FURNITURE_MARK = re.compile(r"^[▷▶■□※☞☎▲△▼]")


def never_headline(text: str) -> bool:
    """A line that cannot be a page's headline, whatever the ranker would make of it."""
    t = text.strip()
    return bool(
        _KOREAN_SENTENCE.search(t)
        or is_stamp_line(t)
        or _PAPER_ALONE.match(t)
        or _SKIP_LINK.search(t)
        or _IMAGE.search(t)
        or _COPYRIGHT.search(t)
        or _VIEW_COUNT.search(t)
        or _LABEL_ALONE.match(t)
        or _PROMO.search(t)
        or _share_buttons(t)
        or _menu_bar(t)
        or (len(t) <= 40 and _AGO.search(t))
        or is_credit(t)
        or opens_with_byline(t)
        or _AGENCY_ALONE.match(t)
        or _FURNITURE_MARK.match(t)
        or (byline_in(t) and (len(t.split()) <= 6 or EMAIL.search(t)))
    )


def candidates(lines: Sequence[Line], body: Sequence[Line]) -> list[Line]:
    """Lines that may be the headline: short lines above the article and among its first lines."""
    start = body[0].index if body else min(len(lines), 60)
    lo = max(start - MAX_ABOVE, 0)
    in_body = {ln.index for ln in body}
    return [
        ln
        for ln in lines[lo : start + 3]
        if 2 <= len(ln.text) <= MAX_CHARS and not (ln.index in in_body and _paragraph(ln))
    ]


def rows(lines: Sequence[Line], body: Sequence[Line], cands: Sequence[Line]) -> list[list[float]]:
    """The FEATURES of each candidate, in order."""
    start = body[0].index if body else min(len(lines), 60)
    first = _norm(lines[0].text) if lines else ""
    first_words = set(WORD.findall(first))
    # the <title>'s pieces beside its longest one: the site's and the section's names
    pieces = sorted((p.strip() for p in _SEPARATOR.split(first) if p.strip()), key=len)
    names = set(pieces[:-1])
    text = " ".join(ln.text for ln in body[:12]).lower()
    body_words = set(WORD.findall(text))
    body_grams = grams(text[:4000])
    counts: dict[str, int] = {}
    for ln in lines:
        key = _norm(ln.text)
        counts[key] = counts.get(key, 0) + 1
    headlike_before = [0] * (len(lines) + 1)  # headline-like lines above each index
    for ln in lines:
        headlike_before[ln.index + 1] = headlike_before[ln.index] + (1 if _headlike(ln) else 0)
    out = []
    for ln in cands:
        t = ln.text
        norm = _norm(t)
        words = WORD.findall(norm)
        worded = [w for w in WORD.findall(t) if w[:1].isalpha()]
        own = grams(t)
        nxt = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
        prv = lines[ln.index - 1] if ln.index > 0 else None
        out.append(
            [
                1.0 if ln.index == 0 else 0.0,
                math.log1p(start - ln.index) if ln.index < start else 0.0,
                float(min(headlike_before[start] - headlike_before[ln.index + 1], 50)) if ln.index < start else 0.0,
                math.log1p(ln.index - start + 1) if ln.index >= start else 0.0,
                math.log1p(len(words)),
                math.log1p(len(t)),
                1.0 if t[-1] == "." and not t.endswith("...") else 0.0,
                1.0 if t[-1] in "?!" else 0.0,
                sum(1 for w in worded if w[:1].isupper()) / len(worded) if worded else 0.0,
                sum(ch.isdigit() for ch in t) / len(t),
                1.0 if is_boiler(t) else 0.0,
                ln.features[_SHORT_RUN] if ln.features else 0.0,
                math.log(counts.get(norm, 1)),
                1.0 if ln.index > 0 and len(norm) >= 0.3 * len(first) and norm in first else 0.0,
                1.0 if ln.index > 0 and first and first in norm else 0.0,
                len(set(words) & first_words) / len(set(words)) if words else 0.0,
                1.0 if _SEPARATOR.search(t) else 0.0,
                len({w for w in words if len(w) > 2} & body_words) / max(len({w for w in words if len(w) > 2}), 1),
                len(own & body_grams) / len(own) if own else 0.0,
                ln.prob,
                nxt.prob if nxt else 0.0,
                1.0 if prv is not None and len(prv.text) < 30 else 0.0,
                1.0 if nxt is not None and len(nxt.text) < 30 else 0.0,
                1.0 if _DATEISH.search(t) else 0.0,
                math.log(ln.block_size),
                1.0 if ln.index > 0 and norm in names else 0.0,
                1.0 if t[-1] in ":：" else 0.0,
                1.0 if byline_in(t) else 0.0,
            ]
        )
    return out


@lru_cache(maxsize=1)
def shipped_ranker() -> Stage:
    stage = load_stage(HEADLINE_FILE, "ranker")
    if stage.features != FEATURES:
        raise RuntimeError("the headline model was fitted on other features: refit it with `make model`")
    return stage


class Ranker(Protocol):
    """What scores candidates: the shipped Stage, or (in evaluation) LightGBM's booster itself."""

    def probs(self, rows: Sequence[Sequence[float]]) -> list[float]: ...


RANKER: Ranker | None = None  # when set (evaluation does), used instead of the shipped ranker


def choose(lines: Sequence[Line], body: Sequence[Line], ranker: Ranker | None = None) -> Line | None:
    """The headline line, or None when no line reads enough like one."""
    model = ranker or RANKER or shipped_ranker()
    cands = candidates(lines, body)
    if not cands:
        return None
    # the ranker scores every candidate (it was fitted on all of them); the lines that can never be a
    # headline are then set aside whatever their score
    scores = model.probs(rows(lines, body, cands))
    allowed = [i for i, ln in enumerate(cands) if not never_headline(ln.text)]
    if not allowed:
        return None
    best = max(allowed, key=lambda i: (scores[i], -i))
    if scores[best] < HEADLINE_FROM:
        return None
    # A page that says its headline twice says which line it is: the one its first (<title>-like) line
    # holds ("제목 새해 이렇게 바뀝니다 게시일 …" over "[알림] 새해 이렇게 바뀝니다"), or the one line standing
    # just above the article's date stamp ("서울 도심서 총격전…경찰 1명 숨져" / "입력 2016.10.19 (23:07)").
    # Such a line is looked for a little into the article too (the span found may open above it).  These
    # are Korean pages' conventions: on the multilingual dev pages (meta-dev / meta-extra) the same
    # evidence found site names and menus (held-out title -3 and -7 pages), so only Korean lines count.
    chosen = cands[best]
    if chosen.index == 0:
        return chosen
    start = body[0].index if body else min(len(lines), 60)
    near = [
        ln
        for ln in lines[max(start - MAX_ABOVE, 1) : start + EVIDENCE_BELOW]
        if _HANGUL.search(ln.text)
        and _headlike(ln)
        and not _paragraph(ln)
        and not _DATEISH.search(ln.text)
        and not never_headline(ln.text)
    ]
    for evidence in (_echoes_first(lines, near), _above_stamp(lines, near)):
        if chosen.index in {ln.index for ln in evidence}:
            return chosen
        if len(evidence) == 1:
            return evidence[0]
    return chosen


_HANGUL = re.compile(r"[가-힣]")
EVIDENCE_BELOW = 20  # lines into the article where the headline's evidence is looked for
_LABEL = re.compile(r"^(?:[\[【<(][^\]】>)]{1,12}[\]】>)]\s*)+")


def _echoes_first(lines: Sequence[Line], near: Sequence[Line]) -> list[Line]:
    """Lines (not the first) whose words, without a leading label ("[알림]"), the first line holds."""
    first = _norm(lines[0].text) if lines else ""
    if len(first) < 15:
        return []
    out = []
    for ln in near:
        core = _norm(_LABEL.sub("", ln.text))
        if len(core.split()) >= 2 and len(core) >= max(8, 0.2 * len(first)) and core in first:
            out.append(ln)
    return out


def _above_stamp(lines: Sequence[Line], near: Sequence[Line]) -> list[Line]:
    """Lines followed by a date stamp, on the next line or after a cue word alone ("입력")."""
    out = []
    for ln in near:
        if len(ln.text.split()) < 2:
            continue
        nxt = lines[ln.index + 1 : ln.index + 3]
        if nxt and (
            is_stamp_line(nxt[0].text)
            or opens_with_stamp(nxt[0].text)
            or (len(nxt) == 2 and len(nxt[0].text) <= 6 and is_stamp_line(f"{nxt[0].text} {nxt[1].text}"))
        ):
            out.append(ln)
    return out
