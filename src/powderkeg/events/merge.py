"""Duplicates merged: one event per (type, source, target) in an article, as analysts count them.

An event told twice (the title and the body, or two sentences about the same strikes) is one
record whose `mentions` counts the tellings. An event with no target is folded into an event of
the same type and source that has one ("Israeli jets struck a base" joins "Israel's offensive
against Hamas"). Negated and hypothetical events are kept apart from real ones.
"""
from __future__ import annotations

from powderkeg.events.candidate import Candidate


def _codes(ms) -> frozenset:
    return frozenset((m.actor.country or (m.actor.name or m.actor.text).lower()) for m in ms)


def _names(ms) -> frozenset:
    return frozenset((m.actor.name or m.actor.text).lower() for m in ms)


def _is_code(c: str) -> bool:
    return len(c) == 3 and c.isupper()


def key(c: Candidate) -> tuple:
    return (c.type, _codes(c.source), _codes(c.target), c.negated, c.hypothetical)


def merge(cands: list[Candidate]) -> list[tuple[Candidate, int]]:
    """Merged candidates with how many tellings each stands for, in order of first telling."""
    groups: dict[tuple, list[Candidate]] = {}
    for c in cands:
        groups.setdefault(key(c), []).append(c)
    # fold target-less events into one of the same type and source that has a target
    countries = {k: {c for c in k[2] if _is_code(c)} for k in groups}
    for k in list(groups):
        t, src, tgt, neg, hyp = k
        if countries[k] or not src:
            continue
        homes = [k2 for k2 in groups if k2 != k and k2[0] == t and k2[1] == src and countries.get(k2) and k2[3] == neg
                 and k2[4] == hyp]
        if homes:
            home = max(homes, key=lambda k2: len(groups[k2]))
            groups[home].extend(groups.pop(k))
    # a hypothetical or negated telling of an event that is also told as real adds nothing; the
    # same actors by name, not only by country: in a civil war "the army did not attack the RSF"
    # is not a retelling of "the RSF attacked El Fasher"
    real = {(k[0], _names(c.source), _names(c.target)) for k, cs in groups.items() if not k[3] and not k[4]
            for c in cs}
    # a telling with no actors at all ("the protests began in October") adds nothing to a row of
    # the same type that has them
    for k in list(groups):
        t, src, tgt, neg, hyp = k
        if src or tgt:
            continue
        homes = [k2 for k2 in groups if k2 != k and k2[0] == t and (k2[1] or k2[2]) and k2[3] == neg and k2[4] == hyp]
        if homes:
            home = max(homes, key=lambda k2: len(groups[k2]))
            groups[home].extend(groups.pop(k))
    out = []
    for k, cs in groups.items():
        if (k[3] or k[4]) and all((k[0], _names(c.source), _names(c.target)) in real for c in cs):
            continue
        own = [c for c in cs if _codes(c.target) == k[2] and _codes(c.source) == k[1]] or cs
        best = max(own, key=lambda c: (c.mode is not None, c.confidence, -c.token.i))
        first = min(own, key=lambda c: c.token.i)
        chosen = first if first.confidence >= best.confidence - 0.15 else best
        if chosen.mode is None and best.mode is not None:
            chosen.mode = best.mode
        chosen.confidence = min(0.98, max(c.confidence for c in cs) + 0.05 * (len(cs) - 1))
        for c in cs:
            if c.issue and not chosen.issue:
                chosen.issue = c.issue
        out.append((chosen, len(cs)))
    out.sort(key=lambda x: x[0].token.i)
    return out
