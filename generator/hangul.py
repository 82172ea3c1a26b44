"""Slugs: Korean in Latin letters: Hangul by the Revised Romanization (sound changes), Hanja by Korean readings.

The Revised Romanization of Korean (National Institute of Korean Language, 2000; 문화체육관광부
고시 제2014-42호) writes what is said, not the letters: 대통령 is *daetongnyeong*, 신라
*silla*, 같이 *gachi*. koroman applies those sound changes. Two rules of the standard need to
know the word, and are applied here:

- in nouns, ㄱ, ㄷ, ㅂ before ㅎ keep the ㅎ (묵호 *mukho*, 집현전 *jiphyeonjeon*, 북한
  *bukhan*), while verbs fuse them (잡혀 *japyeo*): a syllable of the passive and causative
  suffix 히 (히, 혀, 혔, 힌…) is taken as a verb ending, anything else as part of a noun;
- in personal names, the given name is written without sound changes (한복남 *Han Boknam*,
  홍빛나 *Hong Bitna*): romanize_name.

Hanja in Korean headlines (北, 美, 中) are read the Korean way (북, 미, 중), with the initial-sound
rule (두음법칙: 李 at the start of a word is 이). The readings come from the table of the `hanja`
package (WTFPL), copied into data/hanja.json by ``make model-hanja`` (``python -m generator.hangul``):
the package itself pins an old PyYAML and test tools as requirements, so it is read at build time only.
"""

from __future__ import annotations

import argparse
import functools
import importlib.resources
import json
import re
from pathlib import Path

import koroman

TABLE_FILE = "hanja.json"
TABLE_FORMAT = 1
DEFAULT_OUT = Path(__file__).resolve().parent / "data" / TABLE_FILE

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_BASE = 0xAC00
_HIEUT = 18  # ㅎ as an initial
_FUSING_FINALS = frozenset([1, 7, 17])  # ㄱ, ㄷ, ㅂ as finals
# Syllables of the verb suffix 히 (잡히다, 잡혀, 막혔다, 박힌, 먹힐).
_VERB_SYLLABLES = frozenset("히혀혔힌힐힘힙")


def _parts(syllable: str) -> tuple[int, int, int]:
    code = ord(syllable) - _BASE
    return code // 588, (code // 28) % 21, code % 28


def _noun_breaks(run: str) -> list[str]:
    """run cut where a noun keeps its ㅎ ("북|한"), so koroman does not fuse the two."""
    pieces: list[str] = []
    start = 0
    for i in range(1, len(run)):
        _, _, final = _parts(run[i - 1])
        initial, _, _ = _parts(run[i])
        if final in _FUSING_FINALS and initial == _HIEUT and run[i] not in _VERB_SYLLABLES:
            pieces.append(run[start:i])
            start = i
    pieces.append(run[start:])
    return pieces


def romanize_run(run: str) -> str:
    """One run of Hangul syllables by the Revised Romanization, in lower case ("대통령" -> "daetongnyeong")."""
    return "".join(str(koroman.romanize(piece)) for piece in _noun_breaks(run))


def romanize(text: str) -> str:
    """Hangul (and, in Korean text, Hanja) by the Revised Romanization; everything else is kept."""
    text = hanja_to_hangul(text) if has_hangul(text) else text
    return HANGUL_RUN.sub(lambda m: romanize_run(m.group(0)), text)


def romanize_name(name: str) -> str:
    """A Korean personal name as the standard writes it: "한복남" -> "Han Boknam", "남궁민" -> "Namgung Min".

    Surname, then the given name syllable by syllable with no sound changes across them.
    Names of other shapes (foreign names in Hangul) are romanized as ordinary text, word by word.
    """
    from generator.ingest.entities.ko_lexicon import DOUBLE_SURNAMES, korean_name_shape

    if not korean_name_shape(name, sino=False):
        return " ".join(romanize(word).capitalize() for word in name.split())
    cut = 2 if name[:2] in DOUBLE_SURNAMES and len(name) >= 3 else 1
    surname, given = name[:cut], name[cut:]
    return f"{romanize(surname).capitalize()} {''.join(romanize(s) for s in given).capitalize()}"


def has_hangul(text: str) -> bool:
    return HANGUL_RUN.search(text) is not None


@functools.lru_cache(maxsize=1)
def readings() -> dict[str, str]:
    """Hanja -> its Korean reading, from the packaged table."""
    raw = importlib.resources.files("generator").joinpath("data", TABLE_FILE).read_text(encoding="utf-8")
    data = json.loads(raw)
    if data.get("format") != TABLE_FORMAT:
        raise RuntimeError(f"{TABLE_FILE} has format {data.get('format')}, expected {TABLE_FORMAT}: run make model")
    return {char: reading for reading, chars in data["readings"].items() for char in chars}


def initial_rule(reading: str) -> str:
    """The initial-sound rule (두음법칙): 녀 -> 여, 리 -> 이, 로 -> 노 at the start of a word."""
    initial, vowel, final = _parts(reading)
    if (initial == 2 and vowel in (6, 12, 17, 20)) or (initial == 5 and vowel in (2, 6, 7, 12, 17, 20)):  # 녀 뇨 뉴 니
        initial = 11
    elif initial == 5 and vowel in (0, 1, 8, 11, 13, 18):  # 라 래 로 뢰 루 르
        initial = 2
    return chr(_BASE + initial * 588 + vowel * 28 + final)


def hanja_to_hangul(text: str) -> str:
    """Hanja in text replaced by their Korean readings (北韓 -> 북한, 李 -> 이 at a word start)."""
    table = readings()
    out: list[str] = []
    previous = " "
    for char in text:
        reading = table.get(char)
        if reading is None:
            out.append(char)
            previous = char
            continue
        word_start = not previous.isalnum()
        if word_start:
            reading = initial_rule(reading)
        elif reading in ("렬", "률") and _parts(previous)[2] in (0, 4) and "\uac00" <= previous <= "\ud7a3":
            reading = "열" if reading == "렬" else "율"  # after a vowel or ㄴ: 규율, 비율
        out.append(reading)
        previous = reading
    return "".join(out)


def build_table() -> dict[str, object]:
    """The readings of the `hanja` package's table, grouped by reading (build time only)."""
    import importlib.metadata

    import yaml

    source = importlib.resources.files("hanja").joinpath("table.yml").read_text(encoding="utf-8")
    table: dict[str, str] = yaml.safe_load(source)
    grouped: dict[str, list[str]] = {}
    for char, reading in table.items():
        if len(char) == 1 and len(reading) == 1 and HANGUL_RUN.fullmatch(reading):
            grouped.setdefault(reading, []).append(char)
    return {
        "format": TABLE_FORMAT,
        "source": "hanja (https://github.com/suminb/hanja, WTFPL), hanja/table.yml",
        "version": importlib.metadata.version("hanja"),
        "readings": {reading: "".join(sorted(chars)) for reading, chars in sorted(grouped.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Write data/hanja.json from the hanja package's table.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    text = json.dumps(build_table(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text) / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
