"""The event coder: PLOVER event candidates out of a parsed, actor-resolved document.

For each sentence, triggers come from the lexicon (`events.coder.LexiconTriggers`), from the
learned detector (`learn.detector`) on the tokens the lexicon left alone, or from both, as the
coder is set (`powderkeg.coders`); source and target are chosen by the argument model
(`learn.arguments`), under the two coding rules of `events/arguments.py`; then the readings derived
from other events and statements (`events.derived`). A source named in an earlier sentence is
carried on as one more candidate source for sentences that go on without naming theirs ("He also
called for ...").
"""
from __future__ import annotations

from typing import Optional

from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.events.candidate import Candidate
from powderkeg.events.coder import LexiconTriggers
from powderkeg.events.derived import derived_readings
from powderkeg.events.remention import take_earlier_sides
from powderkeg.learn.arguments import ArgumentPicker
from powderkeg.learn.detector import TriggerDetector
from powderkeg.learn.features import sentence_mentions
from powderkeg.learn.models import LearnedModels


class EventCoder:
    """`code(doc, da) -> list[Candidate]` with triggers from `sources` ("lexicon", "learned")."""

    def __init__(self, lex, modality, models: LearnedModels, sources: tuple[str, ...] = ("lexicon", "learned")):
        if not sources or set(sources) - {"lexicon", "learned"}:
            raise ValueError(f"trigger sources: lexicon and/or learned, not {sources!r}")
        if models is None:
            raise ValueError("the event coder needs the trained weights (powderkeg/models, `make train`)")
        self.lex = lex
        self.modality = modality
        self.m = models
        self.picker = ArgumentPicker(models.argument, lex)
        self.lexicon = LexiconTriggers(lex, modality) if "lexicon" in sources else None
        self.detector = TriggerDetector(lex, modality, models, self.picker) if "learned" in sources else None
        # apply `derived_readings` (a setting of the argument model's meta)
        self.derived = bool((models.argument.meta or {}).get("derived", True))

    def code(self, doc, da: DocActors) -> list[Candidate]:
        out: list[Candidate] = []
        title_end = getattr(doc, "user_data", {}).get("title_end_token", -1)
        carried: Optional[tuple[Mention, int]] = None  # the latest source named in an earlier sentence
        for si, sent in enumerate(doc.sents):
            ments = sentence_mentions(da, sent.start, sent.end)
            carry = (carried[0], si - carried[1]) if carried is not None else None
            pick = self._bound(ments, da, carry)
            headline = sent.start <= title_end
            found = self.lexicon.sentence(sent, da, pick) if self.lexicon is not None else []
            if self.detector is not None:
                # the lexicon's words are the lexicon's even where the gate drops them
                coded = frozenset(i for c in found for i in (*range(*c.trigger_span), *c.content))
                found = self._gated(found, da, headline)
                found.extend(self.detector.triggers(sent, da, ments, headline, carry, skip=coded))
            take_earlier_sides(found, out, da, self.lex)
            if self.derived:
                found = derived_readings(sent, found, out, da, self.lex, self.modality)
            kept = keep_named(found)
            out.extend(kept)
            carried = carried_source(kept, ments, si) or carried
        return out

    def _bound(self, ments: list[Mention], da: DocActors, carry):
        """The argument model bound to one sentence: (trigger, type) -> (source, target)."""
        def pick(tok, etype: str):
            return self.picker.pick(tok, etype, ments, da, carry)
        return pick

    def _gated(self, found: list[Candidate], da: DocActors, headline: bool) -> list[Candidate]:
        """The lexicon's triggers the detector finds likely enough events (`lexicon_gate`, below
        its own threshold: a listed word needs less evidence), with that probability as their
        confidence. Cross-validated, this keeps the lexicon's typing and constructions while
        dropping most of what it reads into stories with no event (docs/evaluation.md)."""
        kept = []
        for c in found:
            p = self.detector.probability(c.token, da, headline)
            if p >= self.m.lexicon_gate:
                c.confidence = round(p, 3)
                kept.append(c)
        return kept


def keep_named(found: list[Candidate]) -> list[Candidate]:
    """No one on either side gives no row; a protest by a crowd the text does not place still counts."""
    return [c for c in found if c.source or c.target or c.type == "PROTEST"]


def carried_source(kept: list[Candidate], ments: list[Mention], si: int) -> Optional[tuple[Mention, int]]:
    """The first source named in sentence `si` by its last event that names one, carried on to
    the next sentences as a candidate source ("He also called for ..."); an event told again
    ("the protests continued", `events/remention.py`) carries the source of the telling it
    points back to."""
    found = None
    for c in kept:
        named = [] if c.derived else c.source if c.retold else [m for m in c.source if any(m is x for x in ments)]
        if named:
            found = (named[0], si)
    return found
