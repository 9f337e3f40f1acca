"""The trigger lexicon (data/lexicon/events.yaml), validated against the option registry.

`build_lexicon` turns a run's `Vocabulary` into the `Lexicon` the coder reads; `validate` reports
every unknown or misplaced option key, naming file, entry and key (`powderkeg lexicon check`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Optional

from powderkeg.events.options import OPTIONS, SHAPES, TYPE_VALUED, allowed_pos, header_lines
from powderkeg.vocabulary import Vocabulary


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
    ending: frozenset
    member_nouns: frozenset = frozenset()
    accusation_nouns: frozenset = frozenset()
    negative_evaluation: frozenset = frozenset()
    natural_causes: frozenset = frozenset()
    no_what_nouns: frozenset = frozenset()  # "no ceasefire": a refusal, not an absent event
    violent_nouns: frozenset = frozenset()  # "warned of war": what a bare threat threatens

    def verb_entries(self, lemma: str) -> list[Entry]:
        return self.verbs.get(lemma, [])

    def noun_entries(self, lemma: str) -> list[Entry]:
        return self.nouns.get(lemma, [])

    def demand_codes(self, type_: str, word: Optional[str]) -> Optional[dict]:
        """The type's `demand` codes when `word` (a trigger's lemma or form, any case) is one of its
        demand words ("demanded" -> demand; a headline's "Demands" -> demands -> demand)."""
        demand = self.types[type_].get("demand")
        if not demand or not word:
            return None
        w = word.lower()
        words = demand["words"]
        return demand if w in words or (w.endswith("s") and w[:-1] in words) else None

    def scores(self, type_: str, mode: Optional[str], *words: Optional[str]) -> tuple[str, float, int, float]:
        """CAMEO code, Goldstein score, quad class and PLOVER score of a type and mode; the trigger's
        `words` (its lemma, its form) pick a type's `demand` codes where CAMEO tells the words apart
        (a request that demands is CAMEO 10, one that appeals is 02)."""
        t = self.types[type_]
        codes = next((d for d in (self.demand_codes(type_, w) for w in words) if d), None) or t
        m = (codes.get("modes") or {}).get(mode) if mode else None
        d = m or codes["default"]
        return d["cameo"], float(d["goldstein"]), int(t["quad"]), float(t["plover_score"])


def cameo_root(cameo: Optional[str]) -> Optional[int]:
    """The two-digit root of a CAMEO code ("0874" -> 8), None for no code."""
    if not cameo or len(str(cameo)) < 2 or not str(cameo)[:2].isdigit():
        return None
    return int(str(cameo)[:2])


def quad_class(cameo: Optional[str]) -> Optional[int]:
    """GDELT's QuadClass of a CAMEO code, by its root: 01-05 verbal cooperation, 06-08 material
    cooperation, 09-13 verbal conflict, 14-20 material conflict (None without a code)."""
    root = cameo_root(cameo)
    if root is None:
        return None
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


class LexiconError(ValueError):
    """A problem in a lexicon file: the message names the file, the entry and the key."""


def validate(raw: dict, types: dict, path: str = "events.yaml") -> list[str]:
    """Problems of a parsed events.yaml: unknown types, parts of speech and option keys, options
    given to the wrong part of speech, values outside their declared set. Empty when sound."""
    problems = []
    for type_, parts in (raw or {}).items():
        if type_ not in types:
            problems.append(f"{path}: {type_}: unknown event type (types.yaml has {', '.join(sorted(types))})")
        for pos, triggers in (parts or {}).items():
            if pos not in ("verb", "noun"):
                problems.append(f"{path}: {type_}: unknown part of speech '{pos}' (verb or noun)")
                continue
            for trig, opts in (triggers or {}).items():
                where = f"{path}: {type_} {pos} '{trig}'"
                if opts is not None and not isinstance(opts, dict):
                    problems.append(f"{where}: options must be a mapping, not {opts!r}")
                    continue
                for key, value in (opts or {}).items():
                    opt = OPTIONS.get(key)
                    if opt is None:
                        near = get_close_matches(key, OPTIONS, n=1)
                        hint = f" (did you mean '{near[0]}'?)" if near else ""
                        problems.append(f"{where}: unknown option key '{key}'{hint}")
                    elif not isinstance(value, SHAPES[key]):
                        want = SHAPES[key].__name__ if isinstance(SHAPES[key], type) else "word or null"
                        problems.append(f"{where}: option '{key}' wants a {want}, not {value!r}")
                    elif pos not in allowed_pos(opt):
                        problems.append(f"{where}: option '{key}' applies to {' and '.join(allowed_pos(opt))}s only")
                    elif opt.values and value not in opt.values:
                        problems.append(f"{where}: option '{key}' is {value!r}, not one of {', '.join(opt.values)}")
                    elif key in TYPE_VALUED and value not in types:
                        problems.append(f"{where}: option '{key}' names unknown type {value!r}")
    return problems


def header_problems(text: str, path: str = "events.yaml") -> list[str]:
    """The option lines of the file's header must be those the registry generates."""
    lines = [l for l in text.splitlines() if l.startswith("#   ") and not l.startswith("#    ")]
    want = header_lines()
    got = [l for l in lines if not l.startswith("#   trigger")]
    if got != want:
        missing = [l.split()[1] for l in want if l not in got]
        extra = [l.split()[1] for l in got if l not in want]
        return [f"{path}: header: option lines differ from the registry (events/options.py): "
                f"missing or changed {missing}, not in the registry {extra}"]
    return []


def validate_types(types: dict, path: str = "types.yaml") -> list[str]:
    """Problems of a parsed types.yaml: each type needs a quad class (1-4), a PLOVER score, and
    CAMEO codes with Goldstein scores (`default`, per `modes`, and in a `demand` block with its
    lower-case `words`); a code must be CAMEO's shape (three or four digits, root 01-20), a score
    a number within -10..10."""
    problems: list[str] = []
    if not isinstance(types, dict) or not types:
        return [f"{path}: expected a mapping of event types"]

    def number(x) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    def codes(where: str, block, keys: set[str]) -> None:
        if not isinstance(block, dict) or not isinstance(block.get("default"), dict):
            problems.append(f"{where}: needs a `default` with cameo and goldstein")
            return
        unknown = set(block) - keys
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        modes = block.get("modes") or {}
        if not isinstance(modes, dict):
            problems.append(f"{where}: modes must map a mode to {{cameo, goldstein}}")
            modes = {}
        for name, d in [("default", block["default"])] + sorted(modes.items(), key=lambda kv: str(kv[0])):
            if not isinstance(d, dict):
                problems.append(f"{where}: {name}: expected {{cameo, goldstein}}")
                continue
            c, g = d.get("cameo"), d.get("goldstein")
            if not (isinstance(c, str) and c.isdigit() and len(c) in (3, 4) and 1 <= cameo_root(c) <= 20):
                problems.append(f"{where}: {name}: cameo must be a code of three or four digits with a root "
                                f"01-20, in quotes, not {c!r}")
            if not (number(g) and -10 <= g <= 10):
                problems.append(f"{where}: {name}: goldstein must be a number within -10..10, not {g!r}")

    for type_, t in types.items():
        where = f"{path}: {type_}"
        if not isinstance(t, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        if t.get("quad") not in (1, 2, 3, 4) or isinstance(t.get("quad"), bool):
            problems.append(f"{where}: quad must be 1, 2, 3 or 4, not {t.get('quad')!r}")
        if not number(t.get("plover_score")):
            problems.append(f"{where}: plover_score must be a number")
        codes(where, t, {"quad", "plover_score", "default", "modes", "demand"})
        if "demand" in t:
            demand = t["demand"]
            codes(f"{where}: demand", demand, {"words", "default", "modes"})
            words = demand.get("words") if isinstance(demand, dict) else None
            if not (isinstance(words, list) and words and all(isinstance(w, str) and w == w.lower() for w in words)):
                problems.append(f"{where}: demand: needs `words`, a list of lower-case trigger lemmas")
    return problems


def build_lexicon(vocab: Vocabulary) -> Lexicon:
    """The lexicon of a run, from its vocabulary; raises LexiconError on an invalid events.yaml or
    types.yaml."""
    raw, types, words = vocab["events"], vocab["types"], vocab.words
    path = str(vocab.paths.get("events", "events.yaml"))
    problems = validate_types(types, str(vocab.paths.get("types", "types.yaml"))) + validate(raw, types, path)
    if problems:
        raise LexiconError("\n".join(problems))
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    for type_, parts in raw.items():
        for pos, triggers in (parts or {}).items():
            for trig, opts in (triggers or {}).items():
                words_ = trig.lower().split()
                opts = opts or {}
                if pos == "verb":
                    e = Entry(type_, "verb", words_[0], tuple(words_[1:]), opts)
                    verbs.setdefault(words_[0], []).append(e)
                else:
                    e = Entry(type_, "noun", words_[-1], tuple(words_[:-1]), opts)
                    nouns.setdefault(words_[-1], []).append(e)
    for d in (verbs, nouns):
        for k in d:
            d[k].sort(key=lambda e: -e.specificity)
    return Lexicon(verbs=verbs, nouns=nouns, types=types, words=words,
                   light=frozenset(words["light"]), reporting=frozenset(words["reporting"]),
                   ending=frozenset(w.split()[0] for w in words["ending"]),
                   member_nouns=frozenset(words.get("member_nouns", ())),
                   accusation_nouns=frozenset(words.get("accusation_nouns", ())),
                   negative_evaluation=frozenset(words.get("negative_evaluation", ())),
                   natural_causes=frozenset(words.get("natural_causes", ())),
                   no_what_nouns=frozenset(words["no_what_nouns"]),
                   violent_nouns=frozenset(words["violent_nouns"]))
