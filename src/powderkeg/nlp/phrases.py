"""A small phrase index over token sequences, shared by the readers that look for named things
(issues of stances, relation nouns): longest match first, single words matched on their lemma so
that "sanctions" finds "sanction", phrases matched on lower-cased surface words.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence


@lru_cache(maxsize=1)
def _tokenizer():
    """The pipeline's own tokenizer: the process loads the pipeline anyway, and building a blank
    English tokenizer besides cost ~0.2 s at every start (it splits the vocabulary's 11,733 strings
    exactly as the blank one did)."""
    from powderkeg.nlp.model import load_nlp

    return load_nlp().tokenizer


def words_of(phrase: str) -> tuple[str, ...]:
    """The lower-cased tokens of a phrase, split as spaCy splits running text ("cease-fire")."""
    return tuple(t.text.lower() for t in _tokenizer()(phrase.strip()))


class PhraseIndex:
    """Maps phrases to labels; `find` yields non-overlapping (start, end, label) over a token span."""

    def __init__(self, table: dict[str, Iterable[str]]):
        self.index: dict[tuple[str, ...], str] = {}
        for label, phrases in table.items():
            for p in phrases:
                self.index.setdefault(words_of(p), label)
        self.longest = max((len(k) for k in self.index), default=1)
        self.firsts = frozenset(k[0] for k in self.index if k)

    def match_at(self, tokens, i: int, end: int) -> Optional[tuple[int, str]]:
        """Longest phrase starting at token i (not past `end`): (length, label). A word no phrase
        begins with is answered from its lemma alone (most tokens: no slicing of the Doc), and the
        lower-cased words are read once, not once per phrase length."""
        m = min(self.longest, end - i)
        if m <= 0:
            return None
        tok = tokens[i]
        if tok.lower_ not in self.firsts:
            label = self.index.get((tok.lemma_.lower(),))
            return (1, label) if label is not None else None
        lows = [t.lower_ for t in tokens[i:i + m]]
        for n in range(m, 0, -1):
            label = self.index.get(tuple(lows[:n]))
            if label is None and n == 1:
                label = self.index.get((tok.lemma_.lower(),))
            if label is not None:
                return n, label
        return None

    def find(self, span, tokens: Sequence) -> Iterator[tuple[int, int, str]]:
        """Matches over `span`; `tokens` is the list of its document's tokens (indexing it builds
        no Token, unlike indexing the Doc)."""
        i = span.start
        while i < span.end:
            hit = self.match_at(tokens, i, span.end)
            if hit:
                yield i, i + hit[0], hit[1]
                i += hit[0]
            else:
                i += 1

    def label_of_text(self, text: str) -> Optional[str]:
        """The label of the longest phrase found anywhere in a free text (used to normalise gold issues)."""
        words = words_of(text)
        best: Optional[tuple[int, str]] = None
        for i in range(len(words)):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                label = self.index.get(words[i:i + n])
                if label is None and n == 1 and words[i].endswith("s"):
                    label = self.index.get((words[i][:-1],))
                if label is not None:
                    if best is None or n > best[0]:
                        best = (n, label)
                    break
        return best[1] if best else None
