"""The learned event coder: triggers, types, modes and argument roles from trained linear models.

For each sentence: every candidate token (verb, common noun) is scored by the detector; above the
threshold the typer names its PLOVER type and the mode model its mode. The argument model scores
each of the sentence's resolved actor mentions as source, target or neither of that trigger;
the best-scoring mention of each role (with its coordinated conjuncts) fills it. Negation,
hypotheticals and attribution keep their precise rules (`modality`), the knowledge base still
resolves the chosen mentions to actors.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.actors import syntax
from powderkeg.actors.syntax import claimant
from powderkeg.events.candidate import Candidate
from powderkeg.events.derived import damning_statements, natural, no_x, targets_from_events, threats_from_speech
from powderkeg.learn.features import (argument_features, carry_features, is_candidate, mention_head,
                                      sentence_mentions, trigger_dense, trigger_features)
from powderkeg.learn.linear import LinearModel, ModelFileError

MODELS = Path(__file__).resolve().parents[1] / "models"
# Defaults when the argument model's meta does not set them (chosen by cross-validation, `make train`):
SOURCE_MIN = 0.25  # the most likely source among the mentions fills the role at this probability
TARGET_MIN = 0.35
CONJUNCT_MIN = 0.3  # a conjunct of the chosen mention joins it at this probability


@dataclass
class LearnedModels:
    detector: LinearModel
    typer: LinearModel
    mode: LinearModel
    argument: LinearModel
    threshold: float
    digest: str = ""  # hash of the weight files: part of the coder hash a store keeps per document

    @classmethod
    def load(cls, folder: Path = MODELS) -> "LearnedModels":
        names = ("detector", "typer", "mode", "argument")
        det, typer, mode, argument = (LinearModel.load(folder, n) for n in names)  # each checks its files
        h = hashlib.sha256()
        for name in names:
            for ext in ("json", "npz"):
                h.update((folder / f"{name}.{ext}").read_bytes())
        ms = cls(det, typer, mode, argument, float((det.meta or {}).get("threshold", 0.5)), h.hexdigest()[:16])
        if set(ms.detector.classes) != {"O", "EVENT"}:
            raise ModelFileError(f"{folder}/detector.json: classes must be O and EVENT")
        if set(ms.argument.classes) - {"none", "source", "target"}:
            raise ModelFileError(f"{folder}/argument.json: classes must be none/source/target")
        return ms


@lru_cache(maxsize=2)
def load_models(folder: str = str(MODELS)) -> LearnedModels:
    return LearnedModels.load(Path(folder))


class LearnedCoder:
    """Drop-in for the rule coder's `code(doc, da) -> list[Candidate]`."""

    def __init__(self, lex, modality, models: Optional[LearnedModels] = None):
        self.lex = lex
        self.modality = modality  # nlp.modality.Modality: negation, hypotheticals, attribution anchors
        self.m = models or load_models()
        self._ev = self.m.detector.classes.index("EVENT")
        meta = self.m.argument.meta or {}
        self.source_min = float(meta.get("source_min", SOURCE_MIN))
        self.target_min = float(meta.get("target_min", TARGET_MIN))
        self.derived = bool(meta.get("derived", True))  # apply the derived readings of `_derived`

    def code(self, doc, da: DocActors) -> list[Candidate]:
        out: list[Candidate] = []
        title_end = getattr(doc, "user_data", {}).get("title_end_token", -1)
        carried: Optional[tuple[Mention, int]] = None  # the latest source named in an earlier sentence
        for si, sent in enumerate(doc.sents):
            ments = sentence_mentions(da, sent.start, sent.end)
            found: list[Candidate] = []
            for tok in sent:
                if not is_candidate(tok):
                    continue
                carry = (carried[0], si - carried[1]) if carried is not None else None
                c = self._trigger(tok, da, ments, headline=sent.start <= title_end, carry=carry)
                if c is None:
                    continue
                found.append(c)
                if c.target and self._reciprocal(tok, c.type):
                    found.append(replace(c, source=c.target, target=c.source))
            if self.derived:
                found = self._derived(sent, found, out, da)
            kept = [c for c in found if c.source or c.target or c.type == "PROTEST"]
            out.extend(kept)
            for c in kept:  # the first named source of the sentence's last event is carried on
                named = [] if c.derived else [m for m in c.source if any(m is x for x in ments)]
                if named:
                    carried = (named[0], si)
        return out

    def _derived(self, sent, found: list[Candidate], before: list[Candidate], da: DocActors) -> list[Candidate]:
        """The readings the rule coder derives from other events and statements, which are precise
        constructions rather than word choices (`events/derived.py`): natural causes are no
        attack, a condemnation of an event targets its doer, "there will be no ceasefire" is a
        REJECT, a future act of force in a statement is a THREATEN, damning labels accuse."""
        found = [c for c in found if not natural(c, self.lex)]
        targets_from_events(found, before, da, self.lex)
        for tok in sent:
            if tok.lower_ in self.lex.no_what_nouns or tok.lemma_.lower() in self.lex.no_what_nouns:
                r = no_x(tok, da, self.modality)
                if r is not None:
                    found.append(r)
        found.extend(threats_from_speech(found, da, self.modality))
        found.extend(damning_statements(sent, da, self.lex, self.modality))
        return found

    def _trigger(self, tok, da: DocActors, ments: list[Mention], headline: bool,
                 carry: Optional[tuple[Mention, int]] = None) -> Optional[Candidate]:
        feats = trigger_features(tok, da, self.lex, headline)
        dense = trigger_dense(tok)
        p_event = float(self.m.detector.proba(feats, dense)[self._ev])
        if p_event < self.m.threshold:
            return None
        etype, _ = self.m.typer.predict(feats, dense)
        mode = self._mode(etype, feats, dense)
        sides = syntax.between(tok, da) if tok.pos_ == "NOUN" else []  # "clashes/talks between A and B"
        if len(sides) >= 2:
            source, target = [sides[0]], sides[1:]
        else:
            source, target = self.arguments(tok, etype, ments, da, carry)
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

    def arguments(self, tok, etype: str, ments: list[Mention], da: DocActors,
                  carry: Optional[tuple[Mention, int]] = None) -> tuple[list[Mention], list[Mention]]:
        """The source and target mentions of a trigger among its sentence's mentions, and the
        source carried over from an earlier sentence as one more candidate for the source."""
        classes = self.m.argument.classes
        probs = [self.m.argument.proba(argument_features(tok, etype, m, da, self.lex, ments)) for m in ments]
        if carry is not None:
            ments = ments + [carry[0]]
            p = self.m.argument.proba(carry_features(tok, etype, carry[1], ments[:-1]))
            p[classes.index("target")] = 0.0  # a carried speaker is only ever a source
            probs.append(p)
        if not ments:
            return [], []
        chosen: dict[str, list[Mention]] = {"source": [], "target": []}
        taken: set[int] = set()
        for role, least in (("source", self.source_min), ("target", self.target_min)):
            k = classes.index(role)
            # an actor does not act on itself: a mention of the chosen source's own actor ("launched
            # at Israel, intercepted by Israel") is no target
            same = {_actor_key(m) for m in chosen["source"]}
            ranked = sorted(((p[k], i) for i, p in enumerate(probs) if i not in taken and p[k] >= least
                             and (role == "source" or _actor_key(ments[i]) not in same)), reverse=True)
            if not ranked:
                continue
            best = ranked[0][1]
            group = [best] + [i for pk, i in ranked[1:] if pk >= CONJUNCT_MIN and _conjuncts(ments[best], ments[i], tok.doc)]
            for i in group:
                taken.add(i)
                chosen[role].append(ments[i])
        return chosen["source"], chosen["target"]


def _actor_key(m: Mention) -> tuple:
    """Who a mention names: its resolved actor's name (or words) and country."""
    return (m.actor.name or m.actor.text, m.actor.country)


def _conjuncts(a: Mention, b: Mention, doc) -> bool:
    ha, hb = mention_head(a, doc), mention_head(b, doc)
    return (hb.dep_ == "conj" and hb.head.i == ha.i) or (ha.dep_ == "conj" and ha.head.i == hb.i) or \
        (ha.dep_ == "conj" and hb.dep_ == "conj" and ha.head.i == hb.head.i)
