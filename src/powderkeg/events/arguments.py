"""Who and whom of a lexicon event: `pick_arguments`, where a lexicon trigger's source and target are chosen.

The trained argument model (`learn.arguments.ArgumentPicker`, handed in bound to the sentence as
`pick`) chooses among the sentence's resolved mentions, for lexicon and detector triggers alike
(`model_arguments`). Two readings stay rules because they state the coding rules rather than guess
from the parse: "talks/clashes between A and B" name both sides, and protesters whose country the
text does not say protest where they are (`docs/annotation.md`). The hand-written parse rules that
chose arguments before the model (the `rules` coder) were deleted once the learned coder became
the default; docs/evaluation.md (fifth round) has their last figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from powderkeg.actors import syntax as S
from powderkeg.actors.mentions import DocActors, Mention

# event nouns that name both sides when a "between" phrase or a hyphenated pair is there
TWO_SIDED_NOUNS = ("talk", "meeting", "negotiation")

# the argument model bound to one sentence: (trigger token, event type) -> (source, target)
Picker = Callable[[object, str], tuple[list[Mention], list[Mention]]]


@dataclass
class Arguments:
    source: list[Mention]
    target: list[Mention]
    subject: list[Mention]  # the grammatical subject's mentions: what "subj" conditions read


def pick_arguments(trigger, da: DocActors, entry, lex, pick: Picker) -> Arguments:
    """Source and target mentions of the event `entry` (a lexicon entry) coded on `trigger`; `da`
    are the document's resolved mentions, `pick` the argument model bound to the trigger's
    sentence. The lexicon's "subj" conditions read the chosen source."""
    two_sided = entry.pos != "verb" and (bool(entry.opt("reciprocal")) or trigger.lemma_.lower() in TWO_SIDED_NOUNS)
    source, target = model_arguments(trigger, entry.type, da, pick, two_sided)
    return Arguments(source, target, source)


def model_arguments(trigger, etype: str, da: DocActors, pick: Picker,
                    two_sided: bool) -> tuple[list[Mention], list[Mention]]:
    """Source and target by the argument model `pick`, under the two coding rules it does not
    replace: a two-sided trigger with "between A and B" names both sides, and a crowd protests
    where it is (`protest_sides`). Lexicon and detector triggers both come here."""
    sides = S.between(trigger, da) if two_sided else []
    if len(sides) >= 2:
        source, target = [sides[0]], sides[1:]
    else:
        source, target = pick(trigger, etype)
    if etype == "PROTEST":
        source, target = protest_sides(trigger, da, source, target)
    return source, target


def source_from_event_noun(v, da: DocActors, lex) -> list[Mention]:
    """'killed in Israeli strikes': the source of the strikes (who killed, for the figures)."""
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "by", "during"):
            for p in c.children:
                if p.dep_ == "pobj" and lex.noun_entries(p.lemma_.lower()):
                    ms = S.source_of_noun(p, da)
                    if ms:
                        return ms
    return []


def protest_sides(tok, da: DocActors, source, target):
    """Protesters whose country is not said protest where they are, and unless the text
    names someone else, against their own authorities ("anti-government protests in Baghdad")."""
    if not target and tok.pos_ != "VERB":
        target = S.anti_targets(tok, da)
    if not any(m.actor.country for m in source):
        for t in tok.subtree if tok.pos_ == "VERB" else list(tok.subtree) + list(tok.head.subtree):
            m = da.at(t.i)
            if m is not None and m.actor.country and (m.role == "place" or m.place is not None):
                source = [m]
                break
    elif all(m.via in ("focus", "context") for m in source if m.actor.country):
        # a crowd placed only by the article's focus protests where its own clause places it
        # ("35 thousand students protesting in Belgium" in an article about Sweden)
        guessed = {m.actor.country for m in source}
        for t in tok.subtree:
            m = da.at(t.i)
            if m is not None and m.actor.country and m.actor.country not in guessed and \
                    (m.role == "place" or m.place is not None):
                source = [m]
                break
    if source and not target and all(m.actor.country for m in source):
        target = [source[0]]
    return source, target


def same_country(source, target) -> bool:
    sc = {m.actor.country for m in source if m.actor.country}
    tc = {m.actor.country for m in target if m.actor.country}
    return bool(sc) and sc == tc
