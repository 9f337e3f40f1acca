"""The event coder: PLOVER event candidates out of a parsed, actor-resolved document.

For each sentence: verbal triggers (`verbal.py`), then nominal ones (`nominal.py`) that are not
the content of a verbal trigger, then the readings derived from them (`derived.py`). Each trigger
is detected and typed from the lexicon (`events.yaml`, conditions in `options.py`), its source and
target picked by `arguments.pick_arguments`, its modality read by `nlp.modality`.
"""
from __future__ import annotations

from powderkeg.actors.mentions import DocActors
from powderkeg.events.candidate import CONTENT_TYPES, Candidate
from powderkeg.events.clauses import is_content_clause
from powderkeg.events.derived import damning_statements, natural, no_x, targets_from_events, threats_from_speech
from powderkeg.events.lexicon import Lexicon
from powderkeg.events.nominal import code_noun
from powderkeg.events.verbal import code_verb
from powderkeg.nlp.modality import ModalWords, Modality

# entity labels of words that are never events ("In March", "the Arab Spring" as a date)
NOT_EVENT_ENTS = {"DATE", "TIME"}


def event_modality(lex: Lexicon) -> Modality:
    """The modality helper with the lexicon's notion of a content clause ("urged Iran to stop")."""
    return Modality(ModalWords.from_words(lex.words), content_clause=lambda v: is_content_clause(v, lex))


class Coder:
    def __init__(self, lex: Lexicon, modality: Modality):
        self.lex = lex
        self.modality = modality

    def code(self, doc, da: DocActors) -> list[Candidate]:
        out: list[Candidate] = []
        for sent in doc.sents:
            found = [c for c in self.sentence(sent, da) if not natural(c, self.lex)]
            targets_from_events(found, out, da, self.lex)
            # no one on either side gives no row; a protest by a crowd the text does not place still counts
            out.extend(c for c in found if c.source or c.target or c.type == "PROTEST")
        return out

    def sentence(self, sent, da: DocActors) -> list[Candidate]:
        lex, modality = self.lex, self.modality
        found: list[Candidate] = []
        verbal: set[int] = set()
        owned: dict[int, str] = {}  # object nouns a verb trigger was coded for, and its type
        for tok in sent:
            if tok.pos_ == "VERB":
                c = code_verb(tok, da, lex, modality)
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
                found.extend(code_noun(tok, da, lex, modality, verbal))
                if tok.lower_ in lex.no_what_nouns or tok.lemma_.lower() in lex.no_what_nouns:
                    r = no_x(tok, da, modality)
                    if r is not None:
                        found.append(r)
        found.extend(threats_from_speech(found, da, modality))
        found.extend(damning_statements(sent, da, lex, modality))
        return found
