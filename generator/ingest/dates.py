"""Ingest stage: find a page's publication date in its text or URL, never inventing one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["MONTH_NUMBERS", "FoundDate", "cued_date", "date_from_text", "date_from_url", "dateline", "names_other_date"]

# Dates before this are almost always history mentioned in the article, not its publication date.
MIN_YEAR = 1990


@dataclass(frozen=True)
class FoundDate:
    """A date found in a source, with the evidence a reviewer can check."""

    date: dt.date
    # Set when the source also states a time. Aware only when the source implies its zone
    # (an explicit "GMT"/"+09:00", Korean cue words or Hangul text, a single-zone country TLD);
    # otherwise naive, because guessing a zone could move the date across midnight.
    datetime: dt.datetime | None
    evidence: str


# --- month names -------------------------------------------------------------------------
# Languages seen in the seed and evaluation data: English, German, French, Spanish,
# Portuguese, Italian, Dutch (and Polish, below). Abbreviations are matched with or without a
# trailing dot.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "januar",
        "jänner",
        "janvier",
        "janv",
        "enero",
        "ene",
        "janeiro",
        "gennaio",
        "gen",
        "januari",
    ),
    2: (
        "february",
        "feb",
        "februar",
        "feber",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "febrero",
        "fevereiro",
        "fev",
        "fév",
        "febbraio",
        "februari",
    ),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mrz"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maio", "maggio", "mag", "mei"),
    6: ("june", "jun", "juni", "juin", "junio", "junho", "giugno", "giu"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sept", "sep", "septembre", "septiembre", "setiembre", "setembro", "set", "settembre"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "novemb"),
    12: (
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dezembro",
        "dicembre",
    ),
}
# Polish, in the nominative ("marzec 2021") and the genitive a date takes ("3 marca 2021").
_POLISH_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("styczeń", "stycznia", "styczen", "sty"),
    2: ("luty", "lutego", "lut"),
    3: ("marzec", "marca"),
    4: ("kwiecień", "kwietnia", "kwiecien", "kwi"),
    5: ("maj", "maja"),
    6: ("czerwiec", "czerwca", "cze"),
    7: ("lipiec", "lipca", "lip"),
    8: ("sierpień", "sierpnia", "sierpien", "sie"),
    9: ("wrzesień", "września", "wrzesien", "wrzesnia", "wrz"),
    10: ("październik", "października", "pazdziernik", "pazdziernika", "paź"),
    11: ("listopad", "listopada", "lis"),
    12: ("grudzień", "grudnia", "grudzien", "gru"),
}
MONTH_NUMBERS: dict[str, int] = {
    w: m for table in (_MONTH_WORDS, _POLISH_MONTHS) for m, words in table.items() for w in words
}
# "out"/"set"/"mag"/"gen"/"ago"/"dic" are also ordinary words; they only count inside a
# full day-month-year pattern, which is rare enough in prose to be safe.
_MONTH_RE = "|".join(sorted(map(re.escape, MONTH_NUMBERS), key=len, reverse=True))
_L = r"(?<![^\W\d_])"  # no letter before
_R = r"(?![^\W\d_])"  # no letter after
_ORD = r"(?:st|nd|rd|th|er|e|º|°)?"

# Each pattern names its groups y, m (number) or mon (word), d.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2023-09-05, 2023/09/05, 2023.09.05., 2023. 9. 5.
    (
        "ymd",
        re.compile(
            r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<s>[-/.])\s?(?P<m>\d{1,2})(?P=s)\s?"
            r"(?P<d>\d{1,2})(?![\d])(?!(?P=s)\d)"
        ),
    ),
    # 2023년 9월 5일, 2023年9月5日
    (
        "cjk",
        re.compile(
            r"(?P<y>(?:19|20)\d\d)\s*[년年]\s*(?P<m>\d{1,2})\s*[월月]\s*"
            r"(?P<d>\d{1,2})\s*[일日]?"
        ),
    ),
    # 05.09.2023 (dotted numeric dates are day-first wherever they are used)
    (
        "dmy_dot",
        re.compile(
            r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?"
            r"(?P<y>(?:19|20)\d\d)(?!\d)"
        ),
    ),
    # 05/09/2023 or 05-09-2023: order unknown, resolved only when unambiguous
    (
        "xxy",
        re.compile(
            r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[/-])(?P<b>\d{1,2})(?P=s)"
            r"(?P<y>(?:19|20)\d\d)(?!\d)"
        ),
    ),
    # September 5, 2023 / Sept. 5 2023 / Dec 24th, 2018 / mayo 11, 2022
    (
        "mdy",
        re.compile(
            _L
            + r"(?P<mon>"
            + _MONTH_RE
            + r")"
            + _R
            + r"\.?\s+(?P<d>\d{1,2})"
            + _ORD
            + r"(?!\d)\s*,?\s*(?P<y>(?:19|20)\d\d)(?!\d)",
            re.I,
        ),
    ),
    # 5 September 2023 / 5. September 2023 / 4 de mayo de 2022 / 20 Jan, 2020 / 1er mars 2020
    (
        "dmy",
        re.compile(
            r"(?<![\d.])(?P<d>\d{1,2})"
            + _ORD
            + r"\.?\s*(?:de\s+)?(?P<mon>"
            + _MONTH_RE
            + r")"
            + _R
            + r"\.?,?\s*(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d)"
            r"(?!\d)",
            re.I,
        ),
    ),
]

_TIME_RE = re.compile(
    r"(?P<H>\d{1,2})[:h.](?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)\s*"
    r"(?P<ap>[ap]\.?\s?m\.?(?![^\W\d_]))?\s*(?:h(?:rs?|s)?\.?\s*)?(?:uhr\s*)?"
    r"(?P<tz>\(?(?:UTC|GMT|KST|JST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|BST|MEZ|MESZ)\)?"
    r"|[+-]\d{2}:?\d{2})?",
    re.I,
)
_TZ_HOURS = {
    "UTC": 0.0,
    "GMT": 0.0,
    "KST": 9.0,
    "JST": 9.0,
    "CET": 1.0,
    "MEZ": 1.0,
    "CEST": 2.0,
    "MESZ": 2.0,
    "EST": -5.0,
    "EDT": -4.0,
    "CST": -6.0,
    "CDT": -5.0,
    "PST": -8.0,
    "PDT": -7.0,
    "BST": 1.0,
}
_KST = dt.timezone(dt.timedelta(hours=9))

# Words that introduce the publication date, and words that introduce a later revision.
_PUB_CUE = re.compile(
    r"(?:(?<![^\W\d_])(?:published|publication date|date published|posted|released|first published|"
    r"written|created|erschienen|veröffentlicht|gepostet|erstellt|publié|publiée|publicado|"
    r"publicada|pubblicato|gepubliceerd|geplaatst|dátum|datum|date|fecha|data)"
    r"(?![^\W\d_])|입력|등록|작성|게재|기사입력|発行|公開|投稿|发布|發布|发表|發表|发稿|時間)\s*(?:on|am|le|el|em|il|op|:)?",
    re.I,
)
_UPD_CUE = re.compile(
    r"(?:(?<![^\W\d_])(?:last updated|updated|update|modified|last edited|edited|revised|aktualisiert|"
    r"zuletzt bearbeitet|geändert|mis à jour|modifié|actualizado|actualización|atualizado|"
    r"aggiornato|bijgewerkt)(?![^\W\d_])|수정|최종수정|업데이트|更新|修改)",
    re.I,
)
# A byline counts only at the start of a line or after a separator, not "approved by" in prose.
_BYLINE_CUE = re.compile(r"(?:^|[|•·/]\s*)(?:by|von|par|por|door|posted by)\s", re.I)
# Lines that carry dates that are not the publication date.
_REJECT_LINE = re.compile(
    r"©|\(c\)|copyright|all rights reserved|alle rechte|todos los derechos|"
    r"abgerufen|zugriff am|accessed|retrieved|consultado|born|geboren|né le|archiv|"
    r"무단전재|재배포|引用日期",
    re.I,
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KOREAN_CUE = re.compile(r"입력|등록|작성|수정|게재|기사입력")


@dataclass(frozen=True)
class _Candidate:
    date: dt.date
    when: dt.datetime | None
    line_no: int
    start: int
    snippet: str
    kind: str  # "pub", "byline", "upd" or "plain"
    short: bool


def _valid(y: int, m: int, d: int, not_after: dt.date) -> dt.date | None:
    """A real calendar date in the plausible window, else None (never raises)."""
    if not MIN_YEAR <= y <= not_after.year:
        return None
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return day if day <= not_after else None


def _ymd(kind: str, m: re.Match[str]) -> tuple[int, int, int] | None:
    g = m.groupdict()
    y = int(g["y"])
    if kind == "xxy":
        a, b = int(g["a"]), int(g["b"])
        if a == b:
            return (y, a, b)
        if a > 12 >= b:
            return (y, b, a)  # day first
        if b > 12 >= a:
            return (y, a, b)  # month first
        return None  # 05/09/2023: May 9 or 5 September, cannot tell
    month = MONTH_NUMBERS.get(g["mon"].lower().rstrip(".")) if g.get("mon") else int(g["m"])
    if month is None:
        return None
    return (y, month, int(g["d"]))


def _tz_for(label: str | None, korean: bool) -> dt.tzinfo | None:
    if label:
        lab = label.strip("()").upper()
        if lab in _TZ_HOURS:
            return dt.timezone(dt.timedelta(hours=_TZ_HOURS[lab]))
        sm = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", lab)
        if sm:
            sign = 1 if sm.group(1) == "+" else -1
            return dt.timezone(sign * dt.timedelta(hours=int(sm.group(2)), minutes=int(sm.group(3))))
    return _KST if korean else None


def _time_near(line: str, start: int, end: int) -> tuple[re.Match[str] | None, int, int]:
    """A clock time right after the date (or right before it), with the widened span."""
    after = line[end : end + 30]
    lead = re.match(r"[\s.,|\-–—:]*(?:at|um|à|a las|às|alle|om|kl\.?)?\s*", after, re.I)
    off = lead.end() if lead else 0
    tm = _TIME_RE.match(after, off)
    if tm and (tm.group("S") or ":" in tm.group(0) or tm.group("ap") or "h" in tm.group(0).lower()):
        return tm, start, end + tm.end()
    before = line[max(0, start - 25) : start]
    bm = next(reversed(list(_TIME_RE.finditer(before))), None)  # the time closest to the date
    if bm and re.fullmatch(r"[\s,|\-–—]*", before[bm.end() :]) and ":" in bm.group(0):
        return bm, start - len(before) + bm.start(), end
    return None, start, end


def _to_datetime(day: dt.date, tm: re.Match[str] | None, korean: bool) -> dt.datetime | None:
    if tm is None:
        return None
    hour, minute = int(tm.group("H")), int(tm.group("M"))
    sec = int(tm.group("S") or 0)
    ap = (tm.group("ap") or "").lower().replace(".", "").replace(" ", "")
    if ap == "pm" and hour < 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or sec > 59:
        return None
    return dt.datetime(day.year, day.month, day.day, hour, minute, sec, tzinfo=_tz_for(tm.group("tz"), korean))


def _cue_kind(line: str, start: int, prev_line: str) -> str:
    """Classify the words just before a date: publication cue, revision cue, byline or none."""
    lo = max(0, start - 45)
    window = line[lo:start]
    if not window.strip() and len(prev_line) <= 25:
        window, lo = prev_line, 0  # "Published" alone on the line above the date
        line = prev_line
    best: tuple[int, int, str] | None = None
    for kind, rx in (("pub", _PUB_CUE), ("upd", _UPD_CUE)):
        for m in rx.finditer(window):
            # the nearest cue before the date wins: "Published: … | Updated: …"
            if best is None or m.end() > best[0]:
                best = (m.end(), lo + m.start(), kind)
    if best is not None:
        # in running prose ("the video was posted on …") a cue says nothing about the page
        if len(line) <= 160 or best[1] <= 40:
            return best[2]
        return "plain"
    by = _BYLINE_CUE.search(line[:start])
    if by and start - by.end() <= 60:
        return "byline"
    if re.search(r"gepostet|veröffentlicht|publié", line[start : start + 80], re.I):
        return "pub"
    return "plain"


def _candidates(text: str, not_after: dt.date) -> list[_Candidate]:
    korean_page = bool(_HANGUL.search(text[:20000]))
    out: list[_Candidate] = []
    prev = ""
    for no, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line or _REJECT_LINE.search(line) or not re.search(r"\d", line):
            prev = line if line else prev
            continue
        taken: list[tuple[int, int]] = []
        found: list[_Candidate] = []
        for kind, rx in _PATTERNS:
            for m in rx.finditer(line):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                parts = _ymd(kind, m)
                if parts is None:
                    continue
                day = _valid(*parts, not_after=not_after)
                if day is None:
                    continue
                taken.append((m.start(), m.end()))
                tm, s0, e0 = _time_near(line, m.start(), m.end())
                cue = _cue_kind(line, s0, prev)
                korean = korean_page or bool(_KOREAN_CUE.search(line))
                when = _to_datetime(day, tm, korean)
                if when is not None and when.date() > not_after:
                    continue
                # evidence: the date with its time and the word just before it ("입력 …")
                lead_word = re.search(r"\S+\s*$", line[max(0, s0 - 20) : s0])
                s_snip = s0 - (len(line[max(0, s0 - 20) : s0]) - lead_word.start()) if lead_word else s0
                snippet = line[max(0, s_snip) : e0].strip()
                found.append(_Candidate(day, when, no, m.start(), snippet[:80], cue, short=False))
        if found:
            # "short": apart from its dates, times and cue words the line says little, as a
            # date line or byline does; a date inside a sentence is usually about something else
            rest = line
            for s, e in sorted(taken, reverse=True):
                rest = rest[:s] + rest[e:]
            rest = _TIME_RE.sub(" ", _UPD_CUE.sub(" ", _PUB_CUE.sub(" ", rest)))
            short = len(re.sub(r"\W+", " ", rest).strip()) <= 45
            out.extend(dataclasses.replace(c, short=short) for c in found)
        prev = line
    out.sort(key=lambda c: (c.line_no, c.start))
    return out


def _title_lines(lines: list[str]) -> set[int]:
    """Lines that repeat the page title (the first line of a dump), where a headline sits."""
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s*\|\s*", first) if p.strip()]
    core = max(parts, key=len, default="")
    if len(core) < 12:
        return set()
    key = core.lower()
    return {i for i, ln in enumerate(lines) if i > 0 and key in ln.lower() and len(ln.strip()) <= len(core) * 1.6 + 10}


# Day names, and what else a date-only line may hold beside its date and time.
_WEEKDAYS = re.compile(
    r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    r"|\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\b"
    r"|[월화수목금토일]요일|\([월화수목금토일]\)"
)
_LEFT_OF_DATE = re.compile(r"[\W_]*", re.UNICODE)


def is_date_line(line: str) -> bool:
    """The line is a date and nothing more ("Friday, August 21, 2015", "2023. 9. 13. 13:59",
    "21 August 2015 10:30 GMT"): a dateline, page furniture rather than a sentence of the article."""
    if len(line) > 80:
        return False
    rest, found = line, False
    for _, rx in _PATTERNS:
        rest, n = rx.subn(" ", rest)
        found = found or n > 0
    if not found:
        return False
    rest = _WEEKDAYS.sub(" ", _TIME_RE.sub(" ", rest))
    return _LEFT_OF_DATE.fullmatch(rest) is not None


# What a date stamp holds beside its dates: the words that label them ("입력", "기사입력 :", "최종수정",
# "승인", "Published:", "Updated"), a Korean time ("오후 4:50", "02시 59분") and the print page ("27면").
_STAMP_CUE = re.compile(
    r"(?:기사)?(?:승인|송고|발행|게시|출고|등록일|작성일|게시일|입력일|수정일)(?:일시|시간)?"
    r"|일자|일시"
)
_STAMP_EXTRA = re.compile(r"오전|오후|\b\d{1,2}\s*시(?:\s*\d{1,2}\s*분)?(?:\s*\d{1,2}\s*초)?|\b\d{1,3}\s*면\b")


def is_stamp_line(line: str) -> bool:
    """The line is a date stamp: a date line (is_date_line), or dates with the words that label them
    and nothing else ("입력 2021-08-31 14:27", "기사입력 : 2024년03월16일 16:50", "입력 2024.03.16 16:50 |
    수정 2024.03.16 17:00", "Published: Friday, August 21, 2015", "2016-01-04 27면"): furniture of the
    page, never its headline nor a paragraph of the article."""
    line = line.strip()
    if len(line) > 120:
        return False
    if is_date_line(line):
        return True
    rest = _STAMP_EXTRA.sub(" ", _STAMP_CUE.sub(" ", _UPD_CUE.sub(" ", _PUB_CUE.sub(" ", line))))
    return rest != line and is_date_line(rest)


# A line that opens with the cue of a publication date and the date ("입력 2016.10.19 (23:07) | 수정 …
# 뉴스라인", "Published 7 April 2020 · 3 min read").
_STAMP_OPEN = re.compile(
    r"^(?:기사)?(?:입력|등록|승인|송고|게재|발행|작성)\s*[:：]?\s*(?:19|20)\d{2}"
    # the day or month after an English cue is capitalised: "Published: Friday, 21 August", not "Published reports"
    r"|^(?:[Pp]ublished|PUBLISHED|[Pp]osted|POSTED|[Ff]irst published)\s*(?:on\s*|:\s*)?(?:[A-Z][a-z]+\.?,?\s+){0,2}\d"
)


def opens_with_stamp(line: str) -> bool:
    """A short line that opens with a cued publication date, whatever follows it (a stamp line with the
    programme's or section's name after it): the page's furniture, not the article's text."""
    line = line.strip()
    return len(line) <= 100 and _STAMP_OPEN.match(line) is not None


def date_from_text(text: str, *, not_after: dt.date | None = None) -> FoundDate | None:
    """The publication date a plain-text page states, or None when it is not clear.

    Only dates with day, month and year count. A date is taken when a cue word introduces it
    (Published/입력/Veröffentlicht…, or a byline), or when it stands nearly alone on a short line
    next to the headline; a revision date ("Updated …", "수정 …") is used only if nothing better
    exists. Dates after ``not_after`` (default today) and before 1990 are ignored.
    """
    try:
        return _date_from_text(text, not_after or dt.date.today())
    except (ValueError, OverflowError, re.error):  # defensive: a date must never break ingest
        return None


def _date_from_text(text: str, not_after: dt.date) -> FoundDate | None:
    if not text:
        return None
    cands = _candidates(text, not_after)
    if not cands:
        return None
    lines = text.splitlines()
    near: set[int] = set()
    for t in _title_lines(lines):
        near.update(range(t - 12, t + 13))
    # The article proper starts at its first long paragraph. A date line or byline stands
    # before it (or beside the repeated headline); short dates further down are comments,
    # related links and archive lists.
    first_long = next((i for i, ln in enumerate(lines) if len(ln.strip()) >= 150), len(lines))

    def top(c: _Candidate) -> bool:
        # with a repeated headline, the date must be beside it: a date line above it in the
        # page header is often just today's date
        return c.line_no in near if near else c.line_no <= first_long + 2

    def first(pool: list[_Candidate]) -> _Candidate | None:
        close = [c for c in pool if c.line_no in near]
        return (close or pool)[0] if pool else None

    chosen = (
        first([c for c in cands if c.kind == "pub"])
        or first([c for c in cands if c.kind == "byline" and top(c)])
        or first([c for c in cands if c.kind == "plain" and c.short and top(c)])
        or first([c for c in cands if c.kind == "upd"])
    )
    if chosen is None:
        return None
    return FoundDate(chosen.date, chosen.when, f'text "{chosen.snippet}"')


def names_other_date(line: str) -> bool:
    """The line's dates are of something else: a copyright, an access date, a birth."""
    return bool(_REJECT_LINE.search(line))


def cued_date(text: str, *, not_after: dt.date | None = None) -> FoundDate | None:
    """The first date a publication cue introduces on a short line ("Veröffentlicht am
    16.08.2019", "Erschienen am: 01.11.2023", "Published: 7 April 2020", "입력 2023.09.05")."""
    try:
        return _cued(_candidates(text, not_after or dt.date.today()))
    except (ValueError, OverflowError, re.error):
        return None


def _cued(cands: list[_Candidate]) -> FoundDate | None:
    c = next((c for c in cands if c.kind == "pub" and c.short), None)
    return FoundDate(c.date, c.when, f'text "{c.snippet}"') if c else None


def dateline(
    text: str,
    headlines: list[str],
    *,
    not_after: dt.date | None = None,
    before: bool = False,
    cued: bool = False,
) -> FoundDate | None:
    """The date the page shows under its headline: the first line below the headline (within a
    few lines, before the article's first long paragraph) that is a date and little else
    ("12.01.2022", "Mittwoch, 26.01.2022 - 14:30", "Stand: 28.04.2020 18:00 Uhr", "von X am
    20.09.2020"). A line with two dates (a range, "14. - 20. Januar") is no dateline; a revision
    cue ("Aktualisiert: …") counts only where nothing else is shown. With ``before``, a date line
    just above the headline (a kicker) counts when none stands below it. With ``cued``, where no
    date is shown there, the date cued_date finds (read from the same candidates)."""
    try:
        cands = _candidates(text, not_after or dt.date.today())
        return _dateline(text, headlines, cands, before) or (_cued(cands) if cued else None)
    except (ValueError, OverflowError, re.error):
        return None


def _dateline(text: str, headlines: list[str], cands: list[_Candidate], before: bool) -> FoundDate | None:
    lines = text.splitlines()
    at = _headline_line(lines, headlines)
    if at is None:
        return None
    by_line: dict[int, list[_Candidate]] = {}
    for c in cands:
        if at - 3 <= c.line_no <= at + 8:
            by_line.setdefault(c.line_no, []).append(c)
    below: list[int] = []
    long_lines = 0
    for no in range(at + 1, min(len(lines), at + 9)):
        long_lines += len(lines[no].strip()) >= 150
        if long_lines == 2:
            break  # past a standfirst, the article has begun
        below.append(no)
    above = list(range(at - 1, max(0, at - 4), -1)) if before else []
    for pool in (below, above):
        found = [c for no in pool for c in _dateline_candidates(lines[no], by_line.get(no, []))]
        chosen = next((c for c in found if c.kind != "upd"), None) or next(iter(found), None)
        if chosen is not None:
            return FoundDate(chosen.date, chosen.when, f'dateline "{chosen.snippet}"')
    return None


# the end of a range before a date: "14. - 20. Januar 2022", "9-23 Feb 2017", "vom 3. bis 5. Mai"
_RANGE_BEFORE = re.compile(r"\d\.?\s*(?:[-–—]|bis|to|au)\s*$", re.I)


def _dateline_candidates(line: str, cands: list[_Candidate]) -> list[_Candidate]:
    if len(cands) != 1 or _RANGE_BEFORE.search(line.strip()[: cands[0].start]):
        return []
    c = cands[0]
    if c.kind in ("pub", "byline", "upd") and c.short:
        return [c]
    return [c] if c.short and (is_date_line(line.strip()) or len(line.strip()) <= 40) else []


def _headline_line(lines: list[str], headlines: list[str]) -> int | None:
    """The line of the dump (after its first, the <title>) that repeats the page's headline,
    trying each headline in turn (the <h1> before the <title> and og:title)."""
    for head in (h.casefold() for h in headlines if len(h) >= 8):
        for i, raw in enumerate(lines[1:], start=1):
            ln = raw.strip().casefold()
            if ln == head or (len(ln) >= 12 and (ln in head or head in ln) and len(ln) <= len(head) * 1.6 + 10):
                return i
    return None


# --- URLs ------------------------------------------------------------------------------------
_URL_SEP = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<s>[/_-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"(?!\d)"
)
_URL_COMPACT = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)"
    r"(?P<H>\d\d)?(?P<M>\d\d)?(?P<S>\d\d)?(?P<ms>\d{3})?(?!\d)"
)
_ARCHIVED = re.compile(r"/(?:19|20)\d{12}(?:[a-z]{2}_)?/(?P<inner>(?:https?://)?[\w-]+(?:\.[\w-]+)+.*)$")
# Countries with a single time zone and no daylight saving: a time in their URLs is local.
_TLD_TZ = {"kr": 9.0, "jp": 9.0, "cn": 8.0, "tw": 8.0, "hk": 8.0, "sg": 8.0, "in": 5.5}


def date_from_url(url: str, *, not_after: dt.date | None = None) -> FoundDate | None:
    """A date encoded in a URL path: /2023/09/05/, 2023-09-05, 20230905, or a compact
    timestamp such as Daum's /v/20230905174434487 (yyyymmddHHMMSS + milliseconds)."""
    try:
        return _date_from_url(url, not_after or dt.date.today())
    except (ValueError, OverflowError):
        return None


def _date_from_url(url: str, not_after: dt.date) -> FoundDate | None:
    if not url:
        return None
    url = url.strip()
    # Web-archive addresses (/web/20160218174457/http://site/2010/05/…) carry the capture
    # time, not the publication date: read only the archived address inside them.
    archived = _ARCHIVED.search(url)
    if archived:
        inner = archived.group("inner")
        return _date_from_url(inner if "://" in inner else "http://" + inner, not_after)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    where = parts.path + ("?" + parts.query if parts.query else "")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    tz = dt.timezone(dt.timedelta(hours=_TLD_TZ[tld])) if tld in _TLD_TZ else None
    for m in _URL_SEP.finditer(where):
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]), not_after)
        if day:
            return FoundDate(day, None, f"url {_segment(where, m.start(), m.end())}")
    for m in _URL_COMPACT.finditer(where):
        digits = len(m.group(0))
        if digits not in (8, 12, 14, 17):
            continue  # other lengths are ids that merely start like a year
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]), not_after)
        if day is None:
            continue
        when = None
        if m["H"] is not None and m["M"] is not None:
            hour, minute, sec = int(m["H"]), int(m["M"]), int(m["S"] or 0)
            if hour > 23 or minute > 59 or sec > 59:
                continue  # not a timestamp after all
            when = dt.datetime(day.year, day.month, day.day, hour, minute, sec, tzinfo=tz)
        return FoundDate(day, when, f"url {_segment(where, m.start(), m.end())}")
    return None


def _segment(path: str, start: int, end: int) -> str:
    """The path around a match, for evidence: '/v/20230905174434487'."""
    left = path.rfind("/", 0, max(0, start - 1)) if start and path[start - 1] == "/" else path.rfind("/", 0, start)
    right = path.find("/", end)
    seg = path[max(0, left) : right if right != -1 else len(path)]
    return seg[:80]
