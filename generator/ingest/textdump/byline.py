"""Ingest stage: find the byline of a text dump (English, European and Korean forms) and its photo credits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from generator.ingest.textdump.features import Line

# --- byline -----------------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string (one word or phrase per `sep`, blanks by default)."""
    return tuple(w for w in text.split(sep) if w)


_MONTH = (
    r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero"
    r"|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\.?(?!\w)"
)
# One word of a name: capitalised, an initial, or a particle that names carry ("de", "van", "bin").
_NAME_WORD = (
    r"(?!(?i:" + _MONTH + r"))(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*\.?|[A-ZÀ-Þ]\.(?:\s?[A-ZÀ-Þ]\.)*"
    r"|(?:de|da|das|do|dos|del|della|di|du|la|le|van|von|der|den|ter|bin|al|el)(?=\s))"
)
_ONE_NAME = _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,5}"
_NAMES = _ONE_NAME + r"(?:\s*(?:,|and|und|&|y|et)\s+" + _ONE_NAME + r"){0,3}"
_HANDLE = r"[\w][\w.\-]{1,30}"  # blog bylines are often user names: "Posted by gnaddrig"
_EMAIL_AFTER = r"\s+[\w.+-]{1,64}@[\w-]{1,63}\.\w"
_AFTER_NAME = (
    r"(?=$|\s*[|·•,\[(@/]|\s+(?:[-–—]|on|at|am|um|le|el|il|the|\d)|\s+(?i:" + _MONTH + r")|" + _EMAIL_AFTER + r")"
)
# Byline markers: after the plain ones a user name may follow ("Posted by gnaddrig"); after the ones
# that are also everyday words ("por", "de", "door") only a capitalised name will do.
_BY = (
    r"(?:(?:written|posted|published|reported|compiled)\s+by|by|von|veröffentlicht\s+von|eingestellt\s+von"
    r"|geschrieben\s+von|gepostet\s+von|publié\s+par|écrit\s+par|publicado\s+por|escrito\s+por"
    r"|pubblicato\s+da|scritto\s+da)"
)
_BY_WEAK = r"(?:par|por|door|av|af|de|di|da)"
_AUTHOR_LABEL = (
    r"(?:author|authors|autor|autorin|auteur|autore|text|texte|verfasser|verfasst von|redakteur|reporter"
    r"|written by|byline)"
)
_DATE_FIRST = r"(?:[\d./\-\s]+|\w+,?\s+\d{1,2},?\s+\d{4}\s+)?"  # "12.05.2020 von Jane Doe"
_BYLINE_PATTERNS = (
    # "Author: Jane Doe", "Text: Jane Doe"
    re.compile(r"^(?i:" + _AUTHOR_LABEL + r")\s*:\s*(" + _NAMES + r"|" + _HANDLE + r")" + _AFTER_NAME),
    # "By JANE DOE [jane@example.com]", "12.05.2020 von Jane Doe", "Posted by gnaddrig"
    re.compile(r"^" + _DATE_FIRST + r"(?i:" + _BY + r")\s*:?\s+(" + _NAMES + r"|" + _HANDLE + r")" + _AFTER_NAME),
    # "Par Jane Doe | 3 mai 2020"
    re.compile(r"^" + _DATE_FIRST + r"(?i:" + _BY_WEAK + r")\s+(" + _NAMES + r")" + _AFTER_NAME),
    # "Posted on March 3, 2020 by Jane Doe"
    re.compile(
        r"^(?i:posted|published|veröffentlicht|publié|publicado)\b.{0,60}?\b(?i:by|von|par|por)\s+("
        + _NAMES
        + r"|"
        + _HANDLE
        + r")"
        + _AFTER_NAME
    ),
)
# Words that a name captured after "by" is never made of ("By Monday, ...", "by clicking").
_NOT_NAMES = frozenset(
    _words(
        "the a an our this us me you him her them staff admin clicking using continuing signing subscribing  "
        "email e-mail home news uhr monday tuesday wednesday thursday friday saturday sunday today tomorrow  "
        "yesterday montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi  "
        "vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo"
    )
)
# Words a captured name may trail that are not part of it ("Jane Doe, Staff Writer").
_DANGLING = frozenset(
    _words("and & und y et de van von der la le di da du del of staff writer ein kommentar comments comment")
)


def _clean_name(raw: str) -> str | None:
    name = _ROLE_TAIL.sub("", raw).strip(" :;-–—,")
    words = name.split()
    if words and name.endswith(".") and len(words[-1]) > 3:  # keep "Jr." and initials, drop a full stop
        name = name[:-1]
        words = name.split()
    while words and words[-1].lower().strip(".") in _DANGLING:
        words.pop()
    if (
        not words
        or any(w.lower() in _NOT_NAMES for w in words)
        or (len(words) > 1 and any(ch.isdigit() for ch in name))
    ):
        return None
    name = " ".join(words).strip(" ,")
    if len(name) > 80:
        return None
    if name.isupper() and len(name) > 3:  # shouted bylines: "MICHAEL LEE" → "Michael Lee"
        name = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name.lower())
    return name


# Forms that stand anywhere on a short line: "Published 3 hours ago By Jane Doe", "… by Na-Ri Shin
# journari@donga.com", "AsiaToday reporter Hong Sun-mi", "Jane Doe, Staff Reporter".
_ROLE = r"(?:staff\s+)?(?:reporter|writer|correspondent|editor|contributor|columnist)"
_ROLE_TAIL = re.compile(r",?\s+(?i:" + _ROLE + r")\b.*$")
_ANYWHERE = (
    re.compile(r"(?:^|[\s|·•(\[])(?i:by)\s+(" + _NAMES + r")" + _AFTER_NAME),
    re.compile(r"(?:^|\s)(?i:" + _ROLE + r")\s+(" + _NAMES + r")" + _AFTER_NAME),
    re.compile(r"^(?!(?i:by)\s)(" + _NAMES + r"),?\s+(?i:" + _ROLE + r")\b"),
)
# Korean: a name of two to four syllables before 기자 / 특파원 ("류재민 기자", "[서울=뉴시스] 박준호 기자 =",
# "머니투데이 박가영 기자 | 2024.01.24", "김철수·이영희 기자").
_HANGUL_NAME = r"[가-힣]{2,4}"
_KOREAN = re.compile(
    r"(?<![가-힣])(" + _HANGUL_NAME + r"(?:\s*[·,]\s*" + _HANGUL_NAME + r")*)\s*"
    r"(?:기자|특파원|선임기자|전문기자|객원기자|인턴기자|수습기자|논설위원|통신원)(?![가-힣])"
)
# Words that end in the same way as a name but are not one ("사회부 기자", "취재 기자").
# A reporter's role before 기자 is no name either ("최종학 선임기자", "춘추관 출입기자", "현장 기자").
_NOT_KOREAN_NAMES = frozenset(
    _words("사회부 정치부 경제부 국제부 문화부 체육부 취재 사진 영상 온라인 디지털 뉴스 인턴 전문 수습 객원")
    + _words("선임 출입 담당 현장 기획 전속 편집 주재 견습 일선 종군 방송 신문 외신 시민 학생 청소년 명예")
)
# A dateline-byline that opens the lead: "[서울=뉴시스] 박준호 기자 = 본문…", "(서울=연합뉴스) 홍길동 기자 =",
# or the outlet and reporter in brackets: "[아시아경제 박지환 기자] 본문…", "[더팩트 | 정병근 기자] 본문…".
_LEAD_PREFIX = re.compile(
    r"^[\[(【][^\])】]{1,30}[\])】]\s*[^=]{0,40}?(?:기자|특파원)\s*=\s*"
    r"|^[\[【][^\]】=]{0,30}?[가-힣]{2,4}\s*(?:기자|특파원)\s*[\]】]\s*"
)
EMAIL = re.compile(r"\s*[\[(<]?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+[\])>]?")
# Forms precise enough to be looked for on a line of any length: a broadcast's reporter introduced by
# the anchor ("황정호 기자가 보도합니다", "김대겸 기자의 보도입니다") and a byline closing a paragraph
# with the reporter's address ("… 말했다. 손성태 기자 mrhand@hankyung.com").
_KOREAN_REPORTS = re.compile(
    r"(?<![가-힣])(" + _HANGUL_NAME + r")\s*기자(?:가\s*보도합니다|의\s*보도입니다|가\s*전합니다)"
)
_ADDRESS = r"[\[(<]?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+[\])>]?"
_KOREAN_CLOSING = re.compile(
    r"(?:^|[.!?”\"'’]\s*|\s)("
    + _HANGUL_NAME
    + r")\s*(?:(?:선임|전문|객원|인턴|수습|사진)\s*)?(?:기자|특파원)\s*"
    + _ADDRESS
    + r"\s*$"
)
# A name beside the reporter's address with no title ("YTN 조은지 (zone4@ytn.co.kr)"): short lines only.
_KOREAN_BY_EMAIL = re.compile(r"^(?:[A-Za-z0-9가-힣]{1,12}\s+)?(" + _HANGUL_NAME + r")\s*" + _ADDRESS + r"$")
_NOT_EMAIL_NAMES = frozenset(_words("문의 제보 메일 이메일 연락처 연락 주소 구독 후원 광고 문의처 보도자료 기사제보"))


def _korean_names(text: str) -> str | None:
    for m in _KOREAN.finditer(text):
        names = [n for n in re.split(r"\s*[·,]\s*", m.group(1)) if n not in _NOT_KOREAN_NAMES]
        if names:
            return ", ".join(names)
    return None


def _korean_precise(text: str) -> str | None:
    """A Korean byline in a form that cannot be prose, wherever the line is and however long."""
    lead = _LEAD_PREFIX.match(text)
    if lead:
        return _korean_names(lead.group(0))
    for pattern in (_KOREAN_REPORTS, _KOREAN_CLOSING):
        m = pattern.search(text)
        if m and m.group(1) not in _NOT_KOREAN_NAMES:
            return m.group(1)
    m = _KOREAN_BY_EMAIL.match(text) if len(text) <= 80 else None
    if m and m.group(1) not in _NOT_EMAIL_NAMES and m.group(1) not in _NOT_KOREAN_NAMES:
        return m.group(1)
    return None


# A wire's staff line under its story: "Reporting by Hyonhee Shin and Christine Kim; editing by Richard Pullin".
# The reporters are the authors; "Additional reporting by …" and the editors are not.
_WIRE_STAFF = re.compile(
    r"^(?:Reporting|Writing|Reported|Written)\s+by\s+(" + _NAMES + r")(?:\s+in\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)?"
    r"\s*(?:[;.]|$)"
)
# Credit lines for everyone but the author: "Editing by …", "Additional reporting by Jane Doe in Tokyo".
_NOT_AUTHORS = re.compile(r"^(?i:additional\s+reporting|editing|edited|graphics|photos?|video)\s+by\b")


def byline_in(text: str) -> str | None:
    """The author named on one line, in any of the forms above, or None."""
    words = len(text.split())
    precise = _korean_precise(text)
    if precise:
        return precise
    if len(text) > 200:
        return None
    staff = _WIRE_STAFF.match(text.strip())
    if staff:
        return _clean_name(staff.group(1))
    if _NOT_AUTHORS.match(text.strip()):
        return None
    korean = _korean_names(text) if len(text) <= 120 else None
    if korean:
        return korean
    for pattern in _BYLINE_PATTERNS:
        m = pattern.search(text)
        name = _clean_name(m.group(1)) if m else None
        if name:
            return name
    # mid-line forms only on short lines (or beside an e-mail address): in prose "by" is a preposition
    if words <= 14 or EMAIL.search(text):
        for pattern in _ANYWHERE:
            m = pattern.search(text)
            name = _clean_name(m.group(1)) if m else None
            if name:
                return name
    return None


def find_byline(lines: Sequence[Line], body: Sequence[Line]) -> tuple[int, str] | None:
    """(line index, name) of the byline nearest the article: above it, at its top, or just below it."""
    start, end = (body[0].index, body[-1].index) if body else (0, min(len(lines) - 1, 40))
    best: tuple[int, int, str] | None = None
    for ln in lines:
        i = ln.index
        if start - 25 <= i < start:
            distance = start - i
        elif start <= i <= start + 2:
            distance = 1
        elif end - 2 <= i <= end + 12:  # a byline under the article ("BY JANE DOE [jane@paper.com]")
            distance = max(i - end, 0) + 2
        elif start < i < end:  # inside the article only the forms that cannot be prose count
            distance = 50 + i - start
        else:
            continue
        if best is not None and distance >= best[0]:
            continue
        name = byline_in(ln.text) if distance < 50 else _korean_precise(ln.text)
        if name:
            best = (distance, i, name)
    return (best[1], best[2]) if best else None


# A name alone on its line, maybe with the date after it ("Marina Mucha", "Christoph von Ritter 24. April
# 2020", "Marie Merlet | lundi 9 décembre 2019"): taken only right above the article or right below it,
# and only when it opens with a known given name, since "North Korea" or "Breaking News" look the same.
_BARE = re.compile(
    r"^(" + _ONE_NAME + r")(?:\s*[|•·]\s*.*|\s*,(?!\s*[a-z]).*|\s+\d.*"
    r"|\s+(?i:stand|zuletzt|updated|published|veröffentlicht|aktualisiert|am|on|le|il|el)\b.*)?$"
)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """US census given names from the `names` package (lower case), or none without it."""
    out: set[str] = set()
    for filename in ("dist.male.first", "dist.female.first"):
        try:
            data = resources.files("names").joinpath(filename).read_text(encoding="ascii")
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            continue
        out.update(line.split()[0].lower() for line in data.splitlines() if line.strip())
    return frozenset(out)


# An agency glued to the name by a dump that lost the line break between them ("Jack KimReuters").
_GLUED_AGENCY = re.compile(r"(?<=[a-z])(?:Reuters|Bloomberg|AFP|AP|Yonhap|Kyodo|Xinhua)$")


def bare_name(text: str) -> str | None:
    """The name on a line that holds only a name (and maybe a date), or None.  A caption that opens
    with a name ("Moon Jae-in, at a press conference …") is no byline: after a comma only a date or a
    title may follow."""
    text = _GLUED_AGENCY.sub("", text)
    m = _BARE.match(text) if len(text) <= 100 else None
    name = _clean_name(m.group(1)) if m else None
    words = name.split() if name else []
    if name and 2 <= len(words) <= 4 and words[0].lower() in _given_names():
        return name
    return None


def find_bare_byline(lines: Sequence[Line], body: Sequence[Line]) -> tuple[int, str] | None:
    """A name alone on the line just above the article (a few lines up at most) or just below it."""
    if not body:
        return None
    start, end = body[0].index, body[-1].index
    near = [
        *range(start - 1, max(start - 6, -1), -1),
        *range(start, min(start + 2, end + 1)),  # under a headline the article's span opens with
        *range(end + 1, min(end + 3, len(lines))),
    ]
    for i in near:
        name = bare_name(lines[i].text)
        if name:
            return i, name
    return None


def find_wire_byline(lines: Sequence[Line], body: Sequence[Line]) -> tuple[int, str] | None:
    """(line index, names) of a wire's staff line from the article's start on, when no byline was found."""
    start = body[0].index if body else 0
    for ln in lines[start:]:
        m = _WIRE_STAFF.match(ln.text.strip())
        name = _clean_name(m.group(1)) if m else None
        if name:
            return ln.index, name
    return None


def opens_with_byline(text: str) -> bool:
    """A lead that opens with its dateline-byline ("[서울=뉴시스] 박준호 기자 = …", "[아시아경제 박지환 기자] …")."""
    return bool(_LEAD_PREFIX.match(text))


def strip_lead_prefix(text: str) -> str:
    """A lead without the dateline-byline it opens with ("[서울=뉴시스] 박준호 기자 = …")."""
    m = _LEAD_PREFIX.match(text)
    return text[m.end() :] if m and len(text) > m.end() + 20 else text


def strip_closing_byline(text: str) -> str:
    """A paragraph without the byline and address it closes with ("… 말했다. 손성태 기자 mrhand@…")."""
    m = _KOREAN_CLOSING.search(text)
    return text[: m.start(1)].rstrip() if m and m.start(1) > 20 else text


# Photo credits and captions' credit lines: never article text (nor, downstream, people).
_CREDIT_LINE = re.compile(
    r"^(?:[ⓒ©]|\(?(?i:photo|photos|foto|fotos|bild|image|picture|credit|illustration|graphic)\s*(?:[:=]|by\b|courtesy))"
    r"|^(?:사진|자료|그래픽|영상|제공)\s*[=:]"
    r"|\s/\s?(?:AFP|AP|EPA|Reuters|Getty Images|Getty|Yonhap|dpa|Xinhua|EFE|ANSA|Bloomberg|Shutterstock"
    r"|연합뉴스|뉴시스|뉴스1)\b.{0,20}$"
    r"|\((?:AFP|AP|EPA|Reuters|Yonhap|dpa|Xinhua|EFE|ANSA|연합뉴스|뉴시스|뉴스1)(?:\s+(?i:photo))?\)\s*$"
    r"|[.!?]\s+(?i:photo|photograph|image|picture)s?\s*:\s*[^.:]{1,40}$"
    r"|\b(?:Getty Images|Shutterstock|AP Photo|AFP Photo|Reuters Photo|iStock)\b.{0,30}$"
    r"|(?:사진|자료)\s*=\s*\S{1,20}(?:\s*제공)?\s*$|\[사진\s*=[^\]]{1,30}\]\s*$"
)
_CAPTION_MARKS = " |↑↓▲△▼◀▶"  # a caption's pointer and the table cell it sits in ("↑ 사진=KBO 제공 |")


def is_credit(text: str) -> bool:
    """A photo credit or a caption ending in one ("Saul Loeb / AFP", "Photo: …", "… (Yonhap)", "ⓒ …")."""
    text = text.strip(_CAPTION_MARKS)
    return len(text.split()) <= 40 and bool(_CREDIT_LINE.search(text))
