"""Is this English? A maintained language identifier (py3langid, its model inside the wheel) decides.

The identifier is loaded once per process, on first use, and limited to the languages of world news
so that short texts full of names are not taken for a minority language they resemble. A text is
refused only when the identifier is confident (probability >= `CONFIDENT`) that it is another
language: short English sentences made mostly of names ("Turkish President Recep Tayyip Erdogan met
Russian President Vladimir Putin in Sochi.") are uncertain and kept. Zero-width characters are
removed before the check, so that they cannot hide the words.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from powderkeg.ingest.encoding import ZERO_WIDTH

LANGUAGES = ("en de fr es it pt nl ru uk ar zh ja ko tr pl sv da no fi cs hu ro el he fa hi ur id vi th sr "
             "hr bg sk sl lt lv et sw ms tl bn ta").split()
CONFIDENT = 0.9
SAMPLE = 5000
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@functools.lru_cache(maxsize=1)
def identifier():
    """The process's language identifier (loaded on first use; a forked worker inherits it)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def english_problem(text: str) -> Optional[str]:
    """Reason the text is not English prose the pipeline can analyse, or None."""
    sample = ZERO_WIDTH.sub("", text[:SAMPLE])
    words = _WORD.findall(sample)
    if not words:
        return "no words in text"
    latin = sum(1 for w in words if w.isascii() or all(c < "\u0250" for c in w))
    if latin / len(words) < 0.5:
        return "not English (mostly non-Latin script)"
    lang, prob = identifier().classify(sample)
    if lang != "en" and prob >= CONFIDENT:
        return f"not English (identified as '{lang}', p={prob:.2f})"
    return None
