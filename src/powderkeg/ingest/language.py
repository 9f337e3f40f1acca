"""Is this English? A maintained language identifier (py3langid, its model inside the wheel) decides.

The identifier is loaded once per process, on first use, and limited to the languages of world news
so that short texts full of names are not taken for a minority language they resemble. A text is
refused only when the identifier is confident (probability >= `CONFIDENT`) that it is another
language: short English sentences made mostly of names ("Turkish President Recep Tayyip Erdogan met
Russian President Vladimir Putin in Sochi.") are uncertain and kept. Zero-width characters are
removed before the check, so that they cannot hide the words.

Speed (docs/reliability.md, "Speed, third round"): py3langid walks its byte automaton in a Python
loop, one step per byte (~0.4 s per 200 articles of 5,000 characters). The automaton is an
Aho-Corasick scanner whose state after a byte depends only on the last k bytes (k = 6, checked
exhaustively by `definite_order` when the cache is written): `_Identifier` computes every
position's state at once with NumPy (k vectorised steps) and hands py3langid's own scorer the same
feature counts in the same order, so the probabilities are the same to the last bit
(tests/test_language.py compares both).
"""
from __future__ import annotations

import functools
import re
from typing import Optional

import numpy as np
from py3langid.langid import LanguageIdentifier

from powderkeg.ingest.encoding import ZERO_WIDTH

LANGUAGES = ("en de fr es it pt nl ru uk ar zh ja ko tr pl sv da no fi cs hu ro el he fa hi ur id vi th sr "
             "hr bg sk sl lt lv et sw ms tl bn ta").split()
CONFIDENT = 0.9
SAMPLE = 5000
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


class _Identifier(LanguageIdentifier):
    """py3langid's identifier with the automaton walked for all positions at once (exact: see the
    module docstring). Everything else (encoding, scoring, normalisation) is py3langid's own."""

    def __init__(self, *args, depth: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._np_next = np.asarray(self.tk_nextmove)
        self._np_base = np.asarray(self.tk_row, dtype=np.intp) << 8
        self._np_out = np.asarray(self.tk_output, dtype=np.int32)
        self._depth = depth

    def visits(self, text: bytes) -> dict[int, int]:
        """{feature: count} in order of first occurrence: what py3langid's `visit_counts` counts."""
        b = np.frombuffer(text, dtype=np.uint8)
        n = len(b)
        state = np.zeros(n, dtype=np.intp)
        for k in range(min(self._depth, n) - 1, -1, -1):  # position i: bytes i-k .. i from the start
            state[k:] = self._np_next[self._np_base[state[k:]] + b[:n - k]]
        feats = self._np_out[state]
        feats = feats[feats >= 0]
        uniq, first, counts = np.unique(feats, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return dict(zip(uniq[order].tolist(), counts[order].tolist()))

    def set_languages(self, langs=None) -> None:
        """py3langid's restriction, then the table in float32: the scorer multiplies it with float32
        counts, so NumPy widened the float16 rows it gathered on every call (exactly: every float16
        is a float32), a quarter of the check's time."""
        super().set_languages(langs)
        self.nb_ptc = np.ascontiguousarray(self.nb_ptc, dtype=np.float32)

    def _raw_score(self, text: bytes) -> np.ndarray:
        visits = self.visits(text)  # py3langid's `_encode` has made bytes of the text
        if visits:
            return self._sparse_score(visits, self.nb_ptc)
        return super()._raw_score(b"")  # no feature: py3langid's own answer for that


def definite_order(nextmove: np.ndarray, rows: np.ndarray, limit: int = 16) -> int:
    """The smallest k such that every state reads every k-byte string into the same state as the
    start state does (so a position's state depends only on its last k bytes), or 0 if none up to
    `limit`. Exhaustive: the pairs (state, start state) are advanced by every byte at once until
    all pairs agree (py3langid 0.4.0's automaton: k = 6, ~4 s, once per cache)."""
    base = np.asarray(rows, dtype=np.int64) << 8
    n = len(rows)
    pairs = np.arange(1, n, dtype=np.int64) * n  # (state, start state), the equal pair left out
    for k in range(1, limit + 1):
        out = []
        for chunk in np.array_split(pairs, max(1, len(pairs) // 20000)):
            a = nextmove[(base[chunk // n][:, None] + np.arange(256)).ravel()].astype(np.int64)
            b = nextmove[(base[chunk % n][:, None] + np.arange(256)).ravel()].astype(np.int64)
            out.append(np.unique(a[a != b] * n + b[a != b]))
        pairs = np.unique(np.concatenate(out))
        if not len(pairs):
            return k
    return 0


@functools.lru_cache(maxsize=1)
def identifier() -> LanguageIdentifier:
    """The process's language identifier (loaded on first use; a forked worker inherits it)."""
    from py3langid.langid import MODEL_FILE

    try:
        ident = _from_cache()
    except (OSError, ValueError, KeyError):
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def _from_cache() -> _Identifier:
    """The model shipped in the wheel is xz-compressed: decompressing it takes ~2.5 s, a tenth of a
    200-article run. The decompressed arrays are kept in the user's cache, one .npy file each plus
    the automaton's depth (written once, atomically, from the wheel's own file: nothing is
    downloaded), and mapped from there: only the pages the automaton visits are read."""
    import io
    import lzma
    import os
    import shutil
    from importlib.metadata import version
    from pathlib import Path

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "powderkeg"
    folder = cache / f"py3langid-{version('py3langid')}"
    if not (folder / "depth").exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".py3langid.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        with lzma.open(MODEL_DIR / MODEL_FILE) as src, np.load(io.BytesIO(src.read()), allow_pickle=False) as d:
            for name in _ARRAYS:
                np.save(tmp / f"{name}.npy", d[name], allow_pickle=False)
            (tmp / "depth").write_text(str(definite_order(d["nextmove"], d["nextmove_row"])))
        try:
            os.replace(tmp, folder)
        except OSError:  # another process wrote it first
            shutil.rmtree(tmp, ignore_errors=True)
        (cache / f"{folder.name}.npz").unlink(missing_ok=True)  # the single-file cache of before
    a = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    depth = int((folder / "depth").read_text())
    if not depth:  # not a definite automaton: py3langid's own walk
        raise ValueError("automaton is not definite")
    return _Identifier(np.asarray(a["ptc"]), np.asarray(a["pc"]), a["classes"].tolist(), a["nextmove"],
                       a["out_feat"], norm_probs=True, tk_row=a["nextmove_row"].tolist(),
                       depth=depth)


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
