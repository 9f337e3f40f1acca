"""The lexicon's triggers: events read off the words `events.yaml` lists, under its conditions.

For each sentence: verbal triggers (`verbal.py`), then nominal ones (`nominal.py`) that are not the
content of a verbal trigger. Each is detected and typed from the lexicon (conditions in
`options.py`); its source and target come from the `pick` function it is handed (the argument
model, `learn.arguments`, bound to the sentence by `learn.coder.EventCoder`, through
`arguments.pick_arguments`); its modality from `nlp.modality`.
"""
from __future__ import annotations

from powderkeg.actors.mentions import DocActors
from powderkeg.events.arguments import Picker
from powderkeg.events.candidate import CONTENT_TYPES, Candidate
from powderkeg.events.clauses import is_content_clause
from powderkeg.events.lexicon import Lexicon
from powderkeg.events.nominal import code_noun
from powderkeg.events.verbal import code_verb
from powderkeg.nlp.modality import ModalWords, Modality

# entity labels of words that are never events ("In March", "the Arab Spring" as a date)
NOT_EVENT_ENTS = {"DATE", "TIME"}


def event_modality(lex: Lexicon) -> Modality:
    """The modality helper with the lexicon's notion of a content clause ("urged Iran to stop")."""
    return Modality(ModalWords.from_words(lex.words), content_clause=lambda v: is_content_clause(v, lex))


class LexiconTriggers:
    """The lexicon's events in a sentence: verbal triggers, then nominal ones that are not the
    content of a verbal trigger; arguments from `pick` (the argument model bound to the sentence)."""

    def __init__(self, lex: Lexicon, modality: Modality):
        self.lex = lex
        self.modality = modality

    def sentence(self, sent, da: DocActors, pick: Picker) -> list[Candidate]:
        """The lexicon's events in one sentence."""
        lex, modality = self.lex, self.modality
        found: list[Candidate] = []
        verbal: set[int] = set()
        owned: dict[int, str] = {}  # object nouns a verb trigger was coded for, and its type
        for tok in sent:
            if tok.pos_ == "VERB":
                c = code_verb(tok, da, lex, modality, pick)
                if c:
                    found.extend(c)
                    if c[0].type in CONTENT_TYPES:
                        verbal.add(tok.i)
                    owned.update({i: c[0].type for i in c[0].content})
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("pobj", "nsubj", "dobj")):
                if tok.i in verbal or tok.ent_type_ in NOT_EVENT_ENTS:
                    continue
                if tok.i in owned and all(e.type != owned[tok.i] for e in lex.noun_entries(tok.lemma_.lower())):
                    continue  # "announced a withdrawal" is the announcement (CONCEDE), not the withdrawal
                found.extend(code_noun(tok, da, lex, modality, verbal, pick))
        return found
