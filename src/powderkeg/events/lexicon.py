"""The trigger lexicon (data/lexicon/events.yaml) and the function-word lists, loaded once."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import yaml

from powderkeg.actors.build import DATA

LEXICON = DATA / "lexicon"


@dataclass
class Entry:
    """One trigger: a lemma (plus words that must hang on it) that codes one type."""

    type: str
    pos: str  # verb | noun
    lemma: str
    extra: tuple[str, ...] = ()  # particle/preposition ("call for") or, for nouns, words before ("air strike")
    opts: dict = field(default_factory=dict)

    def opt(self, key, default=None):
        return self.opts.get(key, default)

    @property
    def specificity(self) -> int:
        o = self.opts
        return 10 * len(self.extra) + 5 * bool(o.get("obj")) + 3 * bool(o.get("subj") or o.get("only_with")
                                                                          or o.get("only_prep") or o.get("obj_actor"))


@dataclass
class Lexicon:
    verbs: dict[str, list[Entry]]
    nouns: dict[str, list[Entry]]
    types: dict[str, dict]
    words: dict
    light: frozenset
    reporting: frozenset
    modal: frozenset
    future: frozenset
    intent: frozenset
    irrealis: frozenset
    ending: frozenset
    member_nouns: frozenset = frozenset()
    commitment: frozenset = frozenset()
    accusation_nouns: frozenset = frozenset()
    negative_evaluation: frozenset = frozenset()
    natural_causes: frozenset = frozenset()
    negation_transparent: frozenset = frozenset()
    hypothetical_marks: frozenset = frozenset()
    no_what_nouns: frozenset = frozenset()  # "no ceasefire": a refusal, not an absent event
    violent_nouns: frozenset = frozenset()  # "warned of war": what a bare threat threatens

    def verb_entries(self, lemma: str) -> list[Entry]:
        return self.verbs.get(lemma, [])

    def noun_entries(self, lemma: str) -> list[Entry]:
        return self.nouns.get(lemma, [])

    def scores(self, type_: str, mode: Optional[str]) -> tuple[str, float, int, float]:
        """CAMEO code, Goldstein score, quad class and PLOVER score of a type and mode."""
        t = self.types[type_]
        m = (t.get("modes") or {}).get(mode) if mode else None
        d = m or t["default"]
        return d["cameo"], float(d["goldstein"]), int(t["quad"]), float(t["plover_score"])


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = yaml.safe_load((LEXICON / "events.yaml").read_text(encoding="utf-8"))
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    for type_, parts in raw.items():
        for pos, triggers in (parts or {}).items():
            for trig, opts in (triggers or {}).items():
                words = trig.lower().split()
                opts = opts or {}
                if pos == "verb":
                    e = Entry(type_, "verb", words[0], tuple(words[1:]), opts)
                    verbs.setdefault(words[0], []).append(e)
                else:
                    e = Entry(type_, "noun", words[-1], tuple(words[:-1]), opts)
                    nouns.setdefault(words[-1], []).append(e)
    for d in (verbs, nouns):
        for k in d:
            d[k].sort(key=lambda e: -e.specificity)
    types = yaml.safe_load((LEXICON / "types.yaml").read_text(encoding="utf-8"))
    words = yaml.safe_load((LEXICON / "words.yaml").read_text(encoding="utf-8"))
    return Lexicon(verbs=verbs, nouns=nouns, types=types, words=words,
                   light=frozenset(words["light"]), reporting=frozenset(words["reporting"]),
                   modal=frozenset(words["modal"]), future=frozenset(words["future"]),
                   intent=frozenset(words["intent"]), irrealis=frozenset(words["irrealis_nouns"]),
                   ending=frozenset(w.split()[0] for w in words["ending"]),
                   member_nouns=frozenset(words.get("member_nouns", ())),
                   commitment=frozenset(words.get("commitment", ())),
                   accusation_nouns=frozenset(words.get("accusation_nouns", ())),
                   negative_evaluation=frozenset(words.get("negative_evaluation", ())),
                   natural_causes=frozenset(words.get("natural_causes", ())),
                   negation_transparent=frozenset(words.get("negation_transparent", ())),
                   hypothetical_marks=frozenset(words.get("hypothetical_marks", ())),
                   no_what_nouns=frozenset(words["no_what_nouns"]),
                   violent_nouns=frozenset(words["violent_nouns"]))
