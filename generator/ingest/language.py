"""Ingest stage, language: the language of an article, as the tag its brief's `lang:` key takes.

Hangul says Korean outright (a Korean article quotes English names and Hanja, but a third of its
letters in Hangul is plenty), with no model to load. Anything else goes to py3langid, the maintained
NumPy port of Lui and Baldwin's langid.py (97 languages, trained on news among other domains): its
model loads once per process (about 0.8 s, before ingest's workers fork), then an article takes a
few milliseconds. An article with too few letters to tell gets None, and its brief the site's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LETTER = re.compile(r"[^\W\d_]")
READ = 20_000  # characters: the head of an article tells its language
FEWEST = 40  # letters below which nobody can tell (a headline alone is not enough)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loads NumPy and the model: only when needed

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(title: str, paragraphs: Sequence[str]) -> str | None:
    """'ko', 'en', 'de'… for the article, or None when it has too little text to tell."""
    text = "\n".join([title, *paragraphs])[:READ]
    letters = len(LETTER.findall(text))
    if letters < FEWEST:
        return None
    if len(HANGUL.findall(text)) >= 0.3 * letters:
        return "ko"
    language, probability = _identifier().classify(text)
    return str(language) if probability >= 0.5 else None
