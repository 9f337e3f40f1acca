"""The argument model at work: the source and target of one trigger among its sentence's mentions.

In every coder every trigger, whichever reader found it, gets
its source and target here (except "talks between A and B" and crowds, which keep their coding
rules: `events/arguments.py`): the trained model scores each resolved actor mention of the
sentence as source, target or neither of the trigger, and the best-scoring mention of each role
(with its coordinated conjuncts) fills it.
"""
from __future__ import annotations

from typing import Optional

from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.learn.features import argument_features, carry_features, mention_head, trigger_view
from powderkeg.learn.linear import LinearModel

# Defaults when the argument model's meta does not set them (chosen by cross-validation, `make train`):
SOURCE_MIN = 0.25  # the most likely source among the mentions fills the role at this probability
TARGET_MIN = 0.35
CONJUNCT_MIN = 0.3  # a conjunct of the chosen mention joins it at this probability


class ArgumentPicker:
    """Source and target mentions of a trigger, chosen by the trained argument model."""

    def __init__(self, model: LinearModel, lex):
        self.model = model
        self.lex = lex
        meta = model.meta or {}
        self.source_min = float(meta.get("source_min", SOURCE_MIN))
        self.target_min = float(meta.get("target_min", TARGET_MIN))

    def pick(self, tok, etype: str, ments: list[Mention], da: DocActors,
             carry: Optional[tuple[Mention, int]] = None) -> tuple[list[Mention], list[Mention]]:
        """The source and target mentions of a trigger among its sentence's mentions, and the
        source carried over from an earlier sentence (mention, sentences back) as one more
        candidate for the source."""
        classes = self.model.classes
        view = trigger_view(tok, self.lex) if ments else None
        probs = [self.model.proba(argument_features(tok, etype, m, da, self.lex, ments, view)) for m in ments]
        if carry is not None:
            ments = ments + [carry[0]]
            p = self.model.proba(carry_features(tok, etype, carry[1], ments[:-1]))
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
            same = {actor_key(m) for m in chosen["source"]}
            ranked = sorted(((p[k], i) for i, p in enumerate(probs) if i not in taken and p[k] >= least
                             and (role == "source" or actor_key(ments[i]) not in same)), reverse=True)
            if not ranked:
                continue
            best = ranked[0][1]
            group = [best] + [i for pk, i in ranked[1:] if pk >= CONJUNCT_MIN and conjuncts(ments[best], ments[i], tok.doc)]
            for i in group:
                taken.add(i)
                chosen[role].append(ments[i])
        return chosen["source"], chosen["target"]


def actor_key(m: Mention) -> tuple:
    """Who a mention names: its resolved actor's name (or words) and country."""
    return (m.actor.name or m.actor.text, m.actor.country)


def conjuncts(a: Mention, b: Mention, doc) -> bool:
    """Are two mentions coordinated ("Iran and Syria")?"""
    ha, hb = mention_head(a, doc), mention_head(b, doc)
    return (hb.dep_ == "conj" and hb.head.i == ha.i) or (ha.dep_ == "conj" and ha.head.i == hb.i) or \
        (ha.dep_ == "conj" and hb.dep_ == "conj" and ha.head.i == hb.head.i)
