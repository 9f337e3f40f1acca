"""The pipeline's stand-ins for spaCy's attribute ruler and lemmatizer (powderkeg.nlp.attributes)
must annotate every token exactly as the stock components do: the event coder, the resolver and the
trained models read tags, parts of speech, morphology and lemmas."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.attrs import ORTH

ROOT = Path(__file__).resolve().parents[1]

# Text that reaches the ruler's patterns the table does not decide (several tokens, regular
# expressions) and the ones it decides with NOT_IN (auxiliaries, "there is", spaces).
ODD = [
    "We're gonna win, and y'all know it ain't over; let's go. C'mon, nothin' is lost.",
    "There is no deal, there were talks and there's hope.  The talks  were  held\n\nagain.",
    "Those who'd fought said that that was what they'd have done; this is it.",
    "",
]


def _texts() -> list[str]:
    with open(ROOT / "data/gold/dev/articles.jsonl", encoding="utf-8") as f:
        articles = [json.loads(line) for line in f][:12]
    seed = (ROOT / "data/gold/dev/article.txt").read_text(encoding="utf-8")
    return [seed, *ODD, *(a["title"] + "\n\n" + a["text"] for a in articles)]


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]


def _pipeline(fast: bool):
    """The model with powderkeg's line breaks, with the stand-ins or the stock components."""
    from powderkeg.nlp.attributes import use_fast_attributes
    from powderkeg.nlp.model import MODEL

    nlp = spacy.load(MODEL)
    nlp.add_pipe("powderkeg_line_breaks", before="parser")
    if fast:
        use_fast_attributes(nlp)
    return nlp


@pytest.fixture(scope="module")
def stock():
    return _pipeline(fast=False)


def test_the_pipeline_uses_the_stand_ins():
    from powderkeg.nlp.model import load_nlp

    names = load_nlp().pipe_names
    assert "powderkeg_attribute_ruler" in names and "powderkeg_lemmatizer" in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names


def test_every_token_is_annotated_as_the_stock_components_do(stock):
    from powderkeg.nlp.model import load_nlp

    texts = _texts()
    fast = load_nlp()
    compared = 0
    for text, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts)):
        assert _annotations(a) == _annotations(b), text[:80]
        compared += len(a)
    assert compared > 5000


def test_the_lemma_memo_starting_afresh_changes_nothing(stock, monkeypatch):
    from powderkeg.nlp import attributes

    fast = _pipeline(fast=True)
    monkeypatch.setattr(attributes, "MEMO_LIMIT", 7)
    text = _texts()[0]
    assert _annotations(fast(text)) == _annotations(stock(text))
    assert len(fast.get_pipe("powderkeg_lemmatizer")._lemma) <= 7


def test_patterns_the_table_cannot_decide_stay_with_the_matcher():
    from powderkeg.nlp.attributes import _one_token_tests

    vocab = spacy.blank("en").vocab
    assert _one_token_tests(vocab, {"patterns": [[{"TAG": "NN", "LOWER": "it"}]], "index": 0}) is not None
    assert _one_token_tests(vocab, {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}}]], "index": 0}) is not None
    for group in (
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "index": 0},  # a regular expression
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "index": 1},  # two tokens
        {"patterns": [[{"TAG": "NN", "OP": "?"}]], "index": 0},  # an operator
        {"patterns": [[{"LENGTH": 3}]], "index": 0},  # an attribute the table does not read
        {"patterns": [[{"TAG": {"IN": ["NN"], "NOT_IN": ["NNS"]}}]], "index": 0},  # two tests at once
        {"patterns": [[{"TAG": "NN", "tag": "NNS"}]], "index": 0},  # one attribute tested twice
        {"patterns": [[{ORTH: "it"}]], "index": 0},  # an attribute given by its id
    ):
        assert _one_token_tests(vocab, group) is None, group


def test_a_ruler_that_sets_a_lexical_attribute_keeps_the_stock_component():
    """The stand-in writes token fields only; the stock ruler writes NORM, LOWER or flags on the
    shared lexeme, so such a ruler is left in place."""
    from powderkeg.nlp.attributes import use_fast_attributes

    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add([[{"LOWER": "gov"}]], {"NORM": "government"})
    use_fast_attributes(nlp)
    assert "attribute_ruler" in nlp.pipe_names and "powderkeg_attribute_ruler" not in nlp.pipe_names
    assert nlp("the gov said")[1].norm_ == "government"
    plain = spacy.blank("en")
    plain.add_pipe("attribute_ruler").add([[{"LOWER": "gov"}]], {"LEMMA": "government"})
    use_fast_attributes(plain)
    assert plain.pipe_names == ["powderkeg_attribute_ruler"]
    assert plain("the gov said")[1].lemma_ == "government"
