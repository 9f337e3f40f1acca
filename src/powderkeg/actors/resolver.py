"""Actor mentions in a parsed document, resolved in context: the resolver's passes, in order.

Each pass is a function in its own module over explicit inputs (the parse, the mentions so far,
the `ActorWords`):
1. match (`match.py`): knowledge-base names and role nouns, longest first; spaCy's entities fill
   the gaps; then personal names the model missed (`unknown_names.py`);
2. compose (`compose.py`, `describe.py`): role nouns take their country from what stands beside
   them and appositions merge into the name; a person's description gives country and sector;
3. refer back (`coreference.py`): surnames, pronouns, "the group" take an earlier actor;
4. fill in (`focus.py`): what still has no country takes a recent actor's, or the article's state;
   then "I" and "we" take their speaker (`speakers.py`: a quotation's, an interview answer's);
5. offices (`offices.py`): "Iran's President" is the person holding that office on the article's date.
"""
from __future__ import annotations

from typing import Mapping, Optional, Sequence

from powderkeg.actors.compose import compose
from powderkeg.actors.coreference import refer_back
from powderkeg.actors.describe import describe
from powderkeg.actors.focus import fill_in
from powderkeg.actors.kb import KnowledgeBase
from powderkeg.actors.match import match_names
from powderkeg.actors.mentions import ActorWords, DocActors, Mention
from powderkeg.actors.offices import OfficeTitles, resolve_offices
from powderkeg.actors.speakers import quoted_speakers
from powderkeg.nlp.model import sentence_index
from powderkeg.actors.unknown_names import loose_names, unclaimed_names


class Resolver:
    """Resolves a parsed document's actor mentions with one knowledge base and word lists."""

    def __init__(self, kb: KnowledgeBase, words: dict):
        self.vocab = ActorWords.build(kb, words)
        self.kb = kb
        self.titles = OfficeTitles(words)

    def resolve(self, doc, date: Optional[str] = None, tokens: Optional[Sequence] = None,
                sentence_of: Optional[Mapping[int, int]] = None) -> DocActors:
        """The document's mentions. `tokens` (`list(doc)`) and `sentence_of` (token index ->
        sentence index) are passed when the caller has them already: the passes that walk every
        token index the list instead of building Tokens with `doc[i]`."""
        vocab = self.vocab
        toks = list(doc) if tokens is None else tokens
        sent_of = sentence_index(doc.sents) if sentence_of is None else sentence_of
        ments = match_names(vocab, doc, date, sent_of, toks)
        ments = unclaimed_names(vocab, doc, ments, sent_of)
        ments = loose_names(vocab, doc, ments, sent_of, toks)
        ments = compose(vocab, doc, ments, date, toks)
        describe(vocab, doc, ments)
        refer_back(vocab, doc, ments, sent_of)
        fill_in(vocab, ments, doc)
        quoted_speakers(vocab, doc, ments, sent_of)
        resolve_offices(self.kb, self.titles, doc, ments, date)
        return index(ments, vocab.member_nouns)


def index(ments: list[Mention], member_nouns: frozenset = frozenset()) -> DocActors:
    """The mentions of a document indexed by token, with its places apart."""
    by_token: dict[int, Mention] = {}
    places = []
    for m in ments:
        for i in range(m.start, m.end):
            by_token[i] = m
        if m.place is not None:
            places.append(m)
    return DocActors(ments, by_token, places, member_nouns)
