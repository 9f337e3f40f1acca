"""The learned trigger detector: which words of a sentence are events, of what type and mode.

Every candidate token (verb, common noun) is scored by the detector; above the threshold the typer
names its PLOVER type and the mode model its mode; the argument model (`learn.arguments`) fills
source and target, "talks/clashes between A and B" name both sides. Negation, hypotheticals and
attribution keep their precise rules (`nlp.modality`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

import numpy as np

from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.actors.syntax import claimant
from powderkeg.events.arguments import model_arguments
from powderkeg.events.candidate import Candidate
from powderkeg.learn.arguments import ArgumentPicker
from powderkeg.learn.features import is_candidate, trigger_dense, trigger_features
from powderkeg.learn.models import LearnedModels


class TriggerDetector:
    """The learned triggers of a sentence, typed, with mode, modality and arguments."""

    def __init__(self, lex, modality, models: LearnedModels, picker: ArgumentPicker):
        self.lex = lex
        self.modality = modality  # nlp.modality.Modality: negation, hypotheticals, attribution anchors
        self.m = models
        self._ev = self.m.detector.classes.index("EVENT")
        self.picker = picker

    def triggers(self, sent, da: DocActors, ments: list[Mention], headline: bool,
                 carry: Optional[tuple[Mention, int]], skip: frozenset = frozenset()) -> list[Candidate]:
        """The detector's events in one sentence (tokens in `skip` are left alone: another reader
        coded them), each way for a two-sided trigger."""
        found: list[Candidate] = []
        for tok in sent:
            if tok.i in skip or not is_candidate(tok):
                continue
            c = self._trigger(tok, da, ments, headline=headline, carry=carry)
            if c is None:
                continue
            found.append(c)
            if c.target and self._reciprocal(tok, c.type):
                found.append(replace(c, source=c.target, target=c.source))
        return found

    def probability(self, tok, da: DocActors, headline: bool) -> float:
        """How likely the detector finds the token an event."""
        return float(self.m.detector.proba(trigger_features(tok, da, self.lex, headline), trigger_dense(tok))[self._ev])

    def _trigger(self, tok, da: DocActors, ments: list[Mention], headline: bool,
                 carry: Optional[tuple[Mention, int]] = None) -> Optional[Candidate]:
        feats = trigger_features(tok, da, self.lex, headline)
        dense = trigger_dense(tok)
        p_event = float(self.m.detector.proba(feats, dense)[self._ev])
        if p_event < self.m.threshold:
            return None
        etype, _ = self.m.typer.predict(feats, dense)
        mode = self._mode(etype, feats, dense)
        # any noun may be two-sided here ("clashes/talks between A and B"): the detector has no entry to say so
        source, target = model_arguments(tok, etype, da, lambda t, e: self.picker.pick(t, e, ments, da, carry),
                                         two_sided=tok.pos_ == "NOUN")
        neg, hyp, fut = self.modality.of_verb(tok) if tok.pos_ == "VERB" else self.modality.of_noun(tok)
        att = claimant(tok, da, source, self.modality)
        return Candidate(type=etype, mode=mode, token=tok, trigger_span=(tok.i, tok.i + 1), source=source,
                         target=target, negated=neg, hypothetical=hyp, future=fut, attributed_to=att,
                         confidence=round(p_event, 3), nominal=tok.pos_ == "NOUN")

    def _reciprocal(self, tok, etype: str) -> bool:
        """Does the lexicon mark this word two-sided for this type ("A and B clashed", "clashes
        between A and B")? Then the event is coded once each way, as annotation.md counts it."""
        lemma = tok.lemma_.lower()
        entries = self.lex.noun_entries(lemma) if tok.pos_ == "NOUN" else self.lex.verb_entries(lemma)
        return any(e.type == etype and e.opt("reciprocal") for e in entries or ())

    def _mode(self, etype: str, feats: dict, dense: np.ndarray) -> Optional[str]:
        p = self.m.mode.proba({**feats, f"T={etype}": 1.0}, dense)
        best, best_p = None, -1.0
        for k, cls in enumerate(self.m.mode.classes):
            t, _, mode = cls.partition(":")
            if t == etype and p[k] > best_p:
                best, best_p = mode, p[k]
        return None if best in (None, "-") else best
