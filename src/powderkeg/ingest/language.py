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

    try:
        ident = _from_cache(LanguageIdentifier)
    except (OSError, ValueError, KeyError):
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def _from_cache(cls):
    """The model shipped in the wheel is xz-compressed: decompressing it takes ~2.5 s, a tenth of a
    200-article run. The decompressed arrays are kept in the user's cache (written once, atomically,
    from the wheel's own file: nothing is downloaded) and loaded from there."""
    import lzma
    import os
    import shutil
    from array import array
    from importlib.metadata import version
    from pathlib import Path

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "powderkeg"
    path = cache / f"py3langid-{version('py3langid')}.npz"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with lzma.open(MODEL_DIR / MODEL_FILE) as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 20)
        os.replace(tmp, path)

    def arr(a):
        out = array({2: "H", 4: "I", 8: "L"}[a.dtype.itemsize])
        out.frombytes(memoryview(np.ascontiguousarray(a)).cast("B"))
        return out

    with np.load(path, allow_pickle=False) as d:
        return cls(np.asarray(d["ptc"]), np.asarray(d["pc"]), d["classes"].tolist(), arr(d["nextmove"]),
                   d["out_feat"].tolist(), norm_probs=True, tk_row=arr(d["nextmove_row"]))


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
