"""Korean entity finding: the people who made the page, whose names are credits, never actors.

A byline names its reporters ("노효동 이상헌 김승욱 기자 ="), a credit line its editors and
photographers ("영상편집:하동우", "<제작: 문관현·손수지>"), a broadcast its anchor ("김경호 앵커>",
"[김종석 앵커]", "진행 : 김대근 앵커") and its reporter's sign-off ("KBS 뉴스 문영규입니다."). These
run before the other rules: a credit's name is claimed, so none of them takes it for an actor,
and its other bare mentions (the anchor's name alone on a speaker line) are the credit's too.
"""

from __future__ import annotations

from generator.ingest.entities.ko_lexicon import BYLINE_ROLES, CREDIT_LABELS, PRESENTER_ROLES, korean_name_shape
from generator.ingest.entities.korean.base import SYLLABLES, FinderBase

_MAX_CREDITED = 6  # names in one byline or credit line
_LIST_GAPS = frozenset(["", "·", ",", "/", "、", "ㆍ"])  # between names of one credit, spaces aside
_TURN_ENDS = (">", "]", ":", "\n", "")  # what follows a presenter's label of a speaker's turn


class CreditRules(FinderBase):
    def _credits(self) -> None:
        credited: set[int] = set()
        for r, c in enumerate(self.chunks):
            if c.stem in BYLINE_ROLES and r > 0:
                credited.update(self._names_before(r))
            elif c.stem in PRESENTER_ROLES and r > 0 and self._turn_label(r):
                credited.update(self._names_before(r, most=1))
            elif self._credit_label(r):
                credited.update(self._names_after(r + 1))
            elif self._sign_off(r):
                credited.add(r)
        for k in sorted(credited):
            self._credit(k)
        keys = {p.key for p in self.people if p.credit and len(p.key) >= 3}
        for k, c in enumerate(self.chunks):
            if k not in self.claimed and c.text in keys:
                self._credit(k)

    def _credit(self, k: int) -> None:
        c = self.chunks[k]
        person = self._person(c.text, None)
        person.credit = True
        person.mentions.append((c.start, c.end))
        self.claimed.add(k)

    def _credited_name(self, k: int) -> bool:
        """Chunk k is a name as credits write them: a Korean name of two to four syllables, with
        no particle; Kiwi may read its last syllable as a word of its own ("김승욱": 김/승/욱)."""
        c = self.chunks[k]
        if k in self.claimed or not SYLLABLES.fullmatch(c.text) or not 2 <= len(c.text) <= 4:
            return False
        if any(m.tag.startswith(("J", "E", "VC")) for m in c.morphs if m.start >= c.stem_end):
            return False
        return korean_name_shape(c.text) and not self._is_thing(c.text) and not self._role(k)

    def _names_before(self, r: int, most: int = _MAX_CREDITED) -> list[int]:
        """The names right before chunk r, spaced or listed ("노효동 이상헌 김승욱 기자")."""
        out: list[int] = []
        k = r - 1
        while k >= 0 and len(out) < most and self._credited_name(k):
            out.append(k)
            if not self._listed(k):
                break
            k -= 1
        return out if out and self._listed(r) else []

    def _names_after(self, k: int) -> list[int]:
        """The names from chunk k on, in a list on one line ("문관현·손수지")."""
        out: list[int] = []
        while k < len(self.chunks) and len(out) < _MAX_CREDITED and self._credited_name(k):
            out.append(k)
            if k + 1 >= len(self.chunks) or not self._listed(k + 1):
                break
            k += 1
        return out

    def _listed(self, k: int) -> bool:
        """Chunk k follows the previous one on the same line past spaces or a list's separator."""
        gap = self.chunks[k].gap
        return k > 0 and "\n" not in gap and gap.strip(" \t\u00a0") in _LIST_GAPS

    def _turn_label(self, r: int) -> bool:
        """Presenter chunk r labels a speaker's turn or ends its line: "김경호 앵커>", "김종석 앵커]"."""
        c = self.chunks[r]
        after = self.text[c.end : c.end + 3].lstrip(" \t\u00a0")
        return c.stem == c.text and after[:1] in _TURN_ENDS

    def _credit_label(self, r: int) -> bool:
        """Chunk r is a credit's label followed by ":" or "=" ("영상편집:", "제작:", "사진=")."""
        c = self.chunks[r]
        if r + 1 >= len(self.chunks) or c.stem != c.text:
            return False
        if not any(c.stem.endswith(label) for label in CREDIT_LABELS):
            return False
        gap = self.chunks[r + 1].gap.strip(" \t\u00a0")
        return gap in (":", "=")

    def _sign_off(self, r: int) -> bool:
        """ "KBS 뉴스 문영규입니다.", "YTN 김도원입니다.": a reporter's name and the copula closing a
        line, after the broadcaster's name or 뉴스."""
        c = self.chunks[r]
        if r == 0 or not c.text.endswith("입니다") or c.stem + "입니다" != c.text or not self._spaced(r):
            return False
        rest = self.text[c.end : c.end + 2]
        if rest[:1] not in (".", "\n", "") or (rest[:1] == "." and rest[1:2] not in ("\n", "")):
            return False
        before = self.chunks[r - 1]
        broadcaster = before.stem.endswith("뉴스") or all(m.tag == "SL" for m in before.morphs)
        return broadcaster and korean_name_shape(c.stem) and 2 <= len(c.stem) <= 4 and self._name_like(r)
