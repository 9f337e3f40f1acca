"""The language check's fast automaton walk gives py3langid's own scores, bit for bit."""
import json
import random

import numpy as np
import pytest
from helpers import ROOT
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from powderkeg.ingest import language as L


@pytest.fixture(scope="module")
def pair():
    orig = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)  # py3langid's own walk
    orig.set_languages(L.LANGUAGES)
    new = L.identifier()
    assert isinstance(new, L._Identifier), "the cached, vectorised identifier was not used"
    return orig, new


def _texts() -> list:
    rng = random.Random(14)
    with open(ROOT / "data" / "gold" / "dev" / "articles.jsonl", encoding="utf-8") as f:
        gold = [json.loads(line)["text"] for line in f]
    texts = [t[:L.SAMPLE] for t in gold[:12]]
    texts += ["", "a", "Die Regierung hat heute beschlossen, die Truppen abzuziehen, sagte ein Sprecher.",
              "Президент России Владимир Путин встретился с президентом Турции в Сочи во вторник.",
              "Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Sochi.",
              "東京で会議が開かれた。"]
    texts += [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300))) for _ in range(40)]
    for t in gold[:12]:  # corrupted UTF-8
        b = bytearray(t[:2000].encode())
        for _ in range(30):
            b[rng.randrange(len(b))] = rng.randrange(256)
        texts.append(bytes(b))
    return texts


def test_fast_walk_counts_and_scores_equal_py3langid(pair):
    orig, new = pair
    for t in _texts():
        enc = orig._encode(t)
        counts = visit_counts(orig.tk_nextmove, orig._rowbase, orig.tk_output, enc)
        assert list((counts or {}).items()) == list(new.visits(enc).items())
        a, b = orig._decide(t), new._decide(t)
        assert a.dtype == b.dtype and np.array_equal(a, b)
        assert orig.classify(t) == new.classify(t)


def test_automaton_is_definite_of_the_cached_order(pair):
    _orig, new = pair
    assert new._depth == 6  # py3langid 0.4.0's scanner: a state depends on the last 6 bytes
    rng = np.random.default_rng(14)
    b = rng.integers(0, 256, 20_000, dtype=np.uint8).tobytes()
    state, walked = 0, []  # the sequential walk, one byte at a time
    for c in b:
        state = int(new._np_next[new._np_base[state] + c])
        walked.append(state)
    n, window = len(b), np.zeros(len(b), dtype=np.intp)
    arr = np.frombuffer(b, dtype=np.uint8)
    for k in range(new._depth - 1, -1, -1):
        window[k:] = new._np_next[new._np_base[window[k:]] + arr[:n - k]]
    assert window.tolist() == walked
