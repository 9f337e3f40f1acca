"""Exact, faster stand-ins for the model's `attribute_ruler` and `lemmatizer`.

Why: a profile of `extract` (docs/reliability.md, "Speed, fifth round") found these two rule-based
components taking a fifth of spaCy's own time on news text (~18 and ~15 µs a token), more than all
of powderkeg's analysis after the parse. Both spend it in Python, token by token: the ruler builds a
`Span` and sets attributes for the one tag pattern every token matches; the lemmatizer asks every
token for its morphology, though it caches only nouns, verbs, adjectives and adverbs.

Both stand-ins compute the same thing from the stock components' own patterns and tables, and the
stock components stay in the pipeline, disabled, as their source:

- `TableAttributeRuler`: a pattern group that is one token and only tests TAG, LOWER, DEP or
  IS_SPACE for equality, IN or NOT_IN depends on nothing but those four values of the token, so
  its outcome is worked out once per distinct combination and kept. Every other group (several
  tokens, other attributes, operators) still goes through spaCy's `Matcher`. The groups' attributes
  are applied in the ruler's own order (later groups win), and written with `Doc.from_array`.
- `MemoLemmatizer`: the rule lemmatizer's answer depends on the token's text, part of speech and
  morphology only, so it is kept for every such triple, not only the four parts of speech spaCy
  caches.

tests/test_nlp_attributes.py checks that every token attribute equals the stock pipeline's.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lookups import Lookups, Table
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

# The token attributes a one-token pattern may test and still be decided by a table.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
_TESTED_IDS = [TAG, LOWER, DEP, IS_SPACE]
OTHER = 2**64 - 1  # stands for every value no pattern names
MEMO_LIMIT = 100_000  # lemmas kept before the memo (and the twin's own cache) start afresh: bounded on a stream


def _value_test(vocab, value: Any) -> Optional[tuple[frozenset, bool]]:
    """The attribute values (as `Doc.to_array` gives them) a pattern value names, and whether it
    accepts those (equality, IN) or all others (NOT_IN); None for anything else (regular
    expressions, comparisons, ...): the group then stays with the Matcher."""
    def one(v):
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, str):
            return vocab.strings.add(v)
        return None
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
            return None
        op, listed = next(iter(value.items()))
        if not isinstance(listed, list):
            return None
        out = [one(v) for v in listed]
        return None if any(v is None for v in out) else (frozenset(out), op == "NOT_IN")
    v = one(value)
    return None if v is None else (frozenset([v]), False)


Test = dict[int, tuple[frozenset, bool]]  # column of _TESTED -> (values named, accept all others)


def _one_token_tests(vocab, group: dict) -> Optional[list[Test]]:
    """For a ruler group whose every alternative is one token tested only on `_TESTED`, each
    alternative's tests; otherwise None."""
    if group.get("index", 0) not in (0, -1):
        return None
    tests = []
    for pattern in group["patterns"]:
        if len(pattern) != 1:
            return None
        test: Test = {}
        for key, value in pattern[0].items():
            name = key.upper() if isinstance(key, str) else None
            column = _TESTED.index(name) if name in _TESTED else None
            if column is None or column in test:  # another attribute, or one tested twice
                return None
            accepted = _value_test(vocab, value)
            if accepted is None:
                return None
            test[column] = accepted
        tests.append(test)
    return tests


class TableAttributeRuler:
    """The stock attribute ruler's effect, decided per combination of the tested attributes."""

    def __init__(self, stock) -> None:
        self.vocab = stock.vocab
        self._attrs: list[dict] = stock.attrs  # per group: {attribute id: value}, as the ruler sets them
        # Table groups by the TAG they need (most test one), the rest under None: a token is checked
        # against the groups of its own tag and the tag-free ones only.
        self._by_tag: dict[Optional[int], list[tuple[int, Test]]] = {}
        self._matcher = Matcher(self.vocab)
        self._indices: dict[int, int] = {}
        for attr_id, group in enumerate(stock.patterns):
            tests = _one_token_tests(self.vocab, group)
            if tests is None:
                self._matcher.add(str(attr_id), group["patterns"])
                self._indices[attr_id] = group.get("index", 0)
                continue
            for test in tests:
                tags, others = test.get(0, ((None,), True))
                for tag in ((None,) if others else tags):
                    self._by_tag.setdefault(tag, []).append((attr_id, test))
        # A value no table test names behaves like any other such value, so the key keeps only the
        # values some test names (the rest become OTHER): a few hundred keys, not one per word.
        named: list[set[int]] = [set() for _ in _TESTED]
        for entries in self._by_tag.values():
            for _, test in entries:
                for c, (values, _others) in test.items():
                    named[c] |= values
        self._named = [np.fromiter(sorted(v), dtype=np.uint64, count=len(v)) for v in named]
        if any(OTHER in v for v in named):
            raise ValueError("attribute_ruler pattern names the placeholder value")
        self._columns = sorted({a for attrs in self._attrs for a in attrs})
        self._col = {a: i for i, a in enumerate(self._columns)}
        self._decided: dict[tuple, list[int]] = {}

    def _keys(self, doc: Doc) -> list[tuple]:
        """Each token's tested values, those no test names replaced by OTHER."""
        tested = doc.to_array(_TESTED_IDS)
        for c, values in enumerate(self._named):
            tested[~np.isin(tested[:, c], values), c] = OTHER
        return list(map(tuple, tested.tolist()))

    def _groups_for(self, key: tuple) -> list[int]:
        """The table groups a token with these tested values matches, in the ruler's order."""
        found = self._decided.get(key)
        if found is None:
            candidates = self._by_tag.get(key[0], []) + self._by_tag.get(None, [])
            found = sorted({attr_id for attr_id, test in candidates
                            if all((key[c] in named) != others for c, (named, others) in test.items())})
            self._decided[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self._columns:
            return doc
        per_token = [self._groups_for(k) for k in self._keys(doc)]
        if len(self._matcher):
            extra: dict[int, list[int]] = {}
            for match_id, start, end in self._matcher(doc, allow_missing=True):
                attr_id = int(self.vocab.strings[match_id])
                target = range(start, end)[self._indices[attr_id]]
                extra.setdefault(target, []).append(attr_id)
            for i, ids in extra.items():
                per_token[i] = sorted(per_token[i] + ids)
        values = doc.to_array(self._columns).reshape(len(doc), len(self._columns))  # 1-D for one column
        col, attrs = self._col, self._attrs
        for i, ids in enumerate(per_token):
            for attr_id in ids:
                for attr, value in attrs[attr_id].items():
                    values[i, col[attr]] = value
        doc.from_array(self._columns, values)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


class MemoLemmatizer:
    """The stock rule lemmatizer, its answer kept per (text, part of speech, morphology).

    It runs on a twin of the stock component whose word index per part of speech is a set: spaCy
    keeps it as a list (57,528 nouns) and asks `form in index` for every candidate form, a linear
    scan. Membership is all the lemmatizer asks of it, so the answers are the same."""

    def __init__(self, stock) -> None:
        tables = Lookups()
        for name in stock.lookups.tables:
            table = stock.lookups.get_table(name)
            if name == "lemma_index":
                indexed = Table(name=name)
                for key, words in table.items():
                    indexed[key] = frozenset(words)
                table = indexed
            tables.set_table(name, table)
        self._lemmatizer = type(stock)(stock.vocab, None, stock.name, mode=stock.mode, overwrite=stock.overwrite)
        self._lemmatizer.initialize(lookups=tables)
        self._overwrite = bool(stock.overwrite)
        self._lemma: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatize, memo, strings = self._lemmatizer.lemmatize, self._lemma, doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self._overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                    self._lemmatizer.cache.clear()  # spaCy's own cache of the twin, bounded with it
                found = memo[key] = strings.add(lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory("powderkeg_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("powderkeg_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
    return MemoLemmatizer(nlp.get_pipe("lemmatizer"))


# Token attributes `Doc.from_array` writes exactly as the ruler's `set_token_attrs` does: fields of
# the token alone. A lexical attribute (LOWER, NORM, flags) or an extension would be set on the
# shared lexeme by the stock ruler, so a ruler that sets one keeps the stock component.
TOKEN_FIELDS = frozenset([TAG, POS, MORPH, LEMMA, DEP])


def use_fast_attributes(nlp: Language) -> None:
    """Put the stand-ins after the stock components and disable those (kept: they are the source
    of the patterns and tables). Only the rule lemmatizer is memoised; another mode is left as is.
    The stand-ins copy the stock components' patterns and tables when built, so a pipeline with
    them is made by `load_nlp`, not saved with `to_disk` and loaded back."""
    names = nlp.component_names
    if "attribute_ruler" in names and all(
            isinstance(a, int) and a in TOKEN_FIELDS for attrs in nlp.get_pipe("attribute_ruler").attrs for a in attrs):
        nlp.add_pipe("powderkeg_attribute_ruler", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    if "lemmatizer" in names and getattr(nlp.get_pipe("lemmatizer"), "mode", None) == "rule":
        nlp.add_pipe("powderkeg_lemmatizer", after="lemmatizer")
        nlp.disable_pipe("lemmatizer")


__all__ = ["TableAttributeRuler", "MemoLemmatizer", "use_fast_attributes"]
