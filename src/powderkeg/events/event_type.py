"""Event typing: the type and mode a trigger codes, given its entry, its arguments and modality.

Kept apart from argument picking so that either can be replaced on its own: the entry's type,
its mode (or the mode its object picks), the type for a domestic act ("domestic_as"), for an
announced meeting ("future_as"), and a cooperative act announced rather than done (PROMISED).
"""
from __future__ import annotations

from typing import Callable, Optional

from powderkeg.events.arguments import same_country
from powderkeg.events.candidate import COOPERATIVE, PROMISED


def type_event(entry, obj_words: list[str], source, target, negated: bool, hypothetical: bool, future: bool,
               committed: Callable[[], bool]) -> tuple[str, Optional[str], bool]:
    """(type, mode, hypothetical) of an event coded by `entry`. `obj_words` are the objects' lemmas
    and words in text order (the first with an `obj_mode` decides: "deployed troops and weapons" is
    troops). `committed` says, when asked, whether the act is announced or promised rather than done
    (a promise is not hypothetical)."""
    mode = entry.opt("mode")
    by_object = entry.opt("obj_mode") or {}
    for lemma in obj_words:
        if lemma in by_object:
            mode = by_object[lemma]
            break
    type_ = entry.opt("as") or entry.type
    if entry.opt("domestic_as") and source and target and same_country(source, target):
        type_ = entry.opt("domestic_as")
    if type_ == "CONSULT" and future and entry.opt("future_as"):
        type_, hypothetical = entry.opt("future_as"), False
    if type_ in COOPERATIVE and not negated and committed():
        type_, mode, hypothetical = PROMISED[type_], (mode if PROMISED[type_] == type_ else None), False
    return type_, mode, hypothetical
