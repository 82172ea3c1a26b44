"""Ingest stage, quotes: Korean quotations, which a quotative ending marks, and their speaker.

Korean news quotes with a mark and a quotative right after it: “…”라고 말했다, “…”고 밝혔다,
“…”며 강조했다, “…”이라면서. A quotation without one is a headline, a name or a label
(“담대한 구상”), never a quote. The speaker is the subject of the sentence, marked as the topic
(설리번 의원은, 외교부는) or subject (백악관이, 대변인도), usually before the quotation; a
sentence with no subject continues the speaker of the quote before it (이어 “…”라고 말했다).
A subject phrase ending in a role reaches back to the name it is of, across the body between
(…플레이츠 ‘아메리카 퍼스트 정책연구소’ 부소장은), but never past another person's role (바이든
대통령 보좌관은: the aide, no one named); a subject inside a clause of its own (미국도 … 하는 만큼
“…”) is not the speaker; what a document holds (기소장에는 “…”고 명시됐다) is no one's.
"""

from __future__ import annotations

import re

from ..entities.ko_lexicon import ORG_SUFFIXES, ROLE_AFTER, ROLE_PREFIXES
from .marks import words

# A quotative right after the closing mark: 라고, 이라고, 고, 라며, 며, 라면서, 면서 (space allowed), and the
# past copula's (“…”였다고, “…”이었다며: the words said of what was).
QUOTATIVE = re.compile(
    r"^\s?(?:이?라고|고|이?라며|며|이?라면서|면서|하고|라고도|고도|이?라는\s*(?:입장|말|뜻|주장|설명)|는\s*(?:것|겁니다)"
    r"|(?:이었|였)다(?:고|며|면서))"
)
# Endings that make the word before them the subject: topic, subject, "also", honorific.
_SUBJECT_PARTICLES = ("께서는", "께서", "은", "는", "이", "가", "도")
_TOPIC = ("께서는", "은", "는")
# 그는, 그녀는: he, she (a person, never a ministry).
PRONOUN = re.compile(r"(?:^|\s)(?:그|그녀)(?:는|가|도)\s")
# "X에 따르면": according to X.
_ACCORDING = re.compile(r"(\S+(?:\s+\S+){0,2}?)(?:에|의)\s?따르면")
# Nouns for a group or body that speaks ("미국 정부", "북한 당국", "우리 측"), kept with the word before.
_BODIES = frozenset({"정부", "당국", "측", "대변인실", "성명", "보고서"})
# Roles that follow a name ("설리번 의원", "페스코프 대변인"), the role-only subject included.
ROLES = ROLE_AFTER | frozenset({"상원의원", "하원의원", "국무위원장", "대변인", "선임연구원", "국장", "전 국장"})
# Last syllables of a speaking body: a ministry, agency, office, institute (국가정보원, 백악관).
_ORG_ENDINGS = ORG_SUFFIXES | frozenset("원관국")
# Endings of a topic-marked word that is not a noun (관련해서는, 경우에는, 앞으로는).
_NOT_NOUN_ENDINGS = ("해서", "에서", "에게", "에", "으로", "하게", "면서", "지만", "이고")
# Words that are never a speaker though they take a subject particle.
_NOT_SPEAKERS = words(
    "이 그 이번 이날 오늘 당시 이는 이것 그것 회담 결과 문제 방안 가능성 조치 경우 것 점 수 때 바 등 "
    "제재 회의 정상회담 대응 사실 상황 입장 발표 성명 결의 결의안 전쟁 이후 이전 지난 최근"
)


def strip_particle(word: str) -> tuple[str, str]:
    """(stem, particle) of a word ending in a subject or topic particle; (word, "") otherwise."""
    for particle in _SUBJECT_PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            return word[: -len(particle)], particle
    return word, ""


def quoted(after: str) -> bool:
    """A quotation is a quote when a quotative follows its closing mark."""
    return bool(QUOTATIVE.match(after))


def subjects(text: str, quote_at: int) -> list[tuple[str, bool, bool]]:
    """The subject phrases of a sentence (quotations masked out), in order, each with whether it is
    the topic (은/는) and whether it stands before the quotation: up to three words ending in the
    particle'd word ("상원 군사위원회 소속의 설리번 의원"), up to six when it ends in a role (the name,
    the body and the role: "프레드 플레이츠 ‘아메리카 퍼스트 정책연구소’ 부소장"), never reaching back
    past a word that ends a clause or takes a case ("…을 지낸", "…와").
    A subject (이/가) after the quotation, at quote_at, is in what follows it, not the speaker (unless the
    verb alone follows it: “…”라고 김 장관이 말했다, given as a topic after the quotation); one before
    it with a clause ending between ("미국도 … 인식하고 있는 만큼 “…”") is that clause's, not the speaker."""
    found: list[tuple[str, bool, bool]] = []
    m = _ACCORDING.search(text)
    if m:
        found.append((m.group(1), True, m.start() < quote_at))
    words = text[:quote_at].split()
    topic_only = len(words)
    words += text[quote_at:].split()
    for i, word in enumerate(words):
        stem, particle = strip_particle(word.strip("(),.·"))
        stem = stem.strip("‘’'\"()")
        if not particle or stem in _NOT_SPEAKERS or (len(stem) < 2 and stem not in _BODIES | ROLES):
            continue
        if stem.endswith(_NOT_NOUN_ENDINGS):
            continue  # 관련해서는, 이에는: a verb or adverbial, not a subject
        if i + 1 < len(words) and is_role(strip_particle(words[i + 1].strip("(),.·"))[0]):
            continue  # 김정은 국무위원장이: a name ending like a particle, its role after it
        if i >= topic_only and particle not in _TOPIC and i != len(words) - 2:
            continue  # a subject after the quotation is in what follows it, unless only the verb comes after:
            # “…”라고 김 장관이 말했다
        if particle not in _TOPIC and i < topic_only and any(_other_clause(w) for w in words[i + 1 : topic_only]):
            continue  # 그러면서 미국도 … 인식하고 있는 만큼 “…”라고 말했다: the clause's subject, not the speaker's
        reach = 6 if is_role(stem) else 3
        start = i
        while start > max(0, i - reach) and not _bounds_phrase(words[start - 1]):
            start -= 1
        phrase = [w.strip("(),.·") for w in words[start:i]] + [stem]
        found.append((" ".join(phrase), particle in _TOPIC or i >= topic_only, i < topic_only))
    return found


def people_after(text: str, quote_at: int) -> list[str]:
    """The subject phrases (이/가/도) after a sentence's quotation: what follows may be someone else's
    (“…”라며 김정은이 약속을 어겼다고 비판했다)."""
    found = []
    after = text[quote_at:].split()
    for i, word in enumerate(after):
        stem, particle = strip_particle(word.strip("(),.·"))
        stem = stem.strip("‘’'\"()")
        if particle and particle not in _TOPIC and len(stem) >= 2 and stem not in _NOT_SPEAKERS:
            found.append(" ".join([w.strip("(),.·") for w in after[max(0, i - 2) : i]] + [stem]))
    return found


# Endings of a word that closes a clause (a connective: 만큼, 면서, 지만, 는데, 어서, 니까, 므로) or a
# verb's object or place (을, 를, 에게, 에서): what comes before it is not the next subject's phrase (a noun joined by
# 과/와 is: 한국과 영국은 is one phrase, two speakers). Bare 로 and 고 are not here: names end so (루지에로, 디에고).
_CLAUSE_ENDINGS = tuple(sorted(words("만큼 면서 지만 는데 은데 어서 아서 해서 니까 므로 으며 하며")))
_CASE_ENDINGS = tuple(sorted(words("을 를 에게 에서 에 으로 하고 하며 지낸 했던 맡은 역임한")))
# Connectives whose clause has a subject of its own (…는 만큼, …지만, …는데, …니까, …므로) or is reported
# speech (…했다며, …라면서): its subject is not the speaker's. -면서 and -며 alone keep the subject
# (김 장관이 웃으면서 “…”라고 말했다), so they are not here.
_OTHER_CLAUSE = tuple(sorted(words("만큼 지만 는데 은데 니까 므로 다며 다면서 라며 라면서")))


def _ends_clause(word: str) -> bool:
    return word.rstrip(",").endswith(_CLAUSE_ENDINGS) or word.endswith(",")


def _other_clause(word: str) -> bool:
    return word.rstrip(",").endswith(_OTHER_CLAUSE)


def _bounds_phrase(word: str) -> bool:
    """A word the noun phrase of a subject does not reach back past."""
    bare = word.strip("‘’'\"(),.·")
    return not bare or word.endswith(",") or _ends_clause(bare) or bare.endswith(_CASE_ENDINGS)


# Verbs that say a quotation is written, not said: 기소장에는 “…”고 명시됐습니다, 편지에는 “…”라고 적혀 있었다.
_WRITTEN = re.compile(r"^\S*\s*(?:\S+\s+)?(?:명시|명기|기재|적혀|적시돼|적시되|쓰여|담겨|담겼|게재돼|나와\s*있)")
# A topic of place before the quotation: 기소장에는, 성명에는, 보고서에선 (what the quotation is written in).
_IN = re.compile(r"(?:^|\s)(\S{2,})(?:에는|에선)\s")
_TIMES = tuple(sorted(words("최근 지난해 올해 내년 작년 당시 앞으로 이번 그동안 이날 오늘 과거 현재 경우")))


def written(masked: str, quote_at: int, after: str) -> bool:
    """Whether a Korean sentence gives its quotation as written in something, no one's words: a topic of
    place before it (기소장에는 “…”) or a verb of writing after it (“…”고 명시됐다)."""
    if _WRITTEN.match(after):
        return True
    for m in _IN.finditer(masked[:quote_at] + " "):
        stem = m.group(1).strip("‘’'\"()")
        if not stem.endswith(_TIMES) and not stem[-1:].isdigit() and not re.search(r"\d[년월일]$", stem):
            return True
    return False


def speaker_words(phrase: str) -> tuple[list[str], bool]:
    """Candidate names in a subject phrase, nearest the particle first, and whether it ends in a
    person's role: "설리번 의원" gives "설리번" (a role), "미국 정부" gives "미국 정부" and "미국",
    "한국 외교부" gives "외교부"."""
    words = [w.strip("‘’'\"()") for w in phrase.split()]
    role = False
    if not words:
        return [], role
    last = words[-1]
    candidates: list[str] = []
    if len(words) >= 2 and (words[-2].endswith(("과", "와")) or words[-2] in ("및", "등")):
        return [], role  # 한국과 영국은: a joint statement has no one speaker
    if last in _BODIES and len(words) >= 2:
        candidates += [f"{words[-2]} {last}", words[-2]]
    elif is_role(last):
        role = True
        for word in reversed(words[:-1]):
            if is_role(word.removesuffix("의")) and word not in _MODIFIER_ROLES:
                # 바이든 대통령 보좌관: the aide of someone, neither that someone nor "the 보좌관"
                return candidates, role
            candidates.append(word.removesuffix("의"))
        candidates.append(last)  # a role alone ("대변인은"): resolved through an earlier mention, if any
    else:
        candidates.append(last)
        if len(words) >= 2:
            candidates.append(f"{words[-2]} {last}")
    return candidates, role


# Roles that also end the name of a body or a thing (국가안보전략연구원, 주식시장, 미 행정부): never read as
# "country or body + role" when written as one word.
_NOT_COMPOUND_ROLES = frozenset({"연구원", "행정부", "지사", "시장", "위원", "대표", "소장", "부장", "단장", "회장"})
_COMPOUND_ROLES = sorted((r for r in ROLES if len(r) >= 2 and r not in _NOT_COMPOUND_ROLES), key=len, reverse=True)


# Role words that stand inside a longer role's phrase without being someone else's role (담당관 of 담당).
_MODIFIER_ROLES = frozenset({"전", "현", "당시", "담당"})


def is_role(word: str) -> bool:
    """A person's role: 의원, 대변인, a compound of one (국방부장관, 미국대사) or one with a prefix (부소장,
    부차관보, 수석대변인)."""
    if word in ROLES or _role_compound(word):
        return True
    return any(word.startswith(p) and word[len(p) :] in ROLES for p in ROLE_PREFIXES if len(word) > len(p) + 1)


def _role_compound(word: str) -> bool:
    """A role written onto what it is of: 미국대사, 중국대사, 국방부장관, 외교부대변인 (the ambassador, not the
    country; the minister, not the ministry)."""
    return any(word.endswith(r) and len(word) >= len(r) + 2 for r in _COMPOUND_ROLES)


# Common nouns for someone's company or office, not a name (the agency of whom?): 소속사 측은 “…”.
_GENERIC_BODIES = words(
    "소속사 기획사 제작사 배급사 방송사 출판사 운영사 제조사 시행사 협력사 자회사 모회사 대행사 투자사 보험사 "
    "항공사 여행사 통신사 언론사 신문사 관계사 주최사 해당사 구단주 사무국 사무실 대사관 영사관 위원회"
)


def organization_like(word: str) -> bool:
    """A Hangul word of three syllables or more ending like a ministry, agency or office (외교부, 백악관), not
    a common noun for one (소속사, 위원회)."""
    return (
        len(word) >= 3
        and word[-1] in _ORG_ENDINGS
        and all("가" <= ch <= "힣" for ch in word)
        and word not in _GENERIC_BODIES
    )
