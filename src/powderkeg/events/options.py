"""The registry of trigger options: every key an events.yaml trigger may carry, with its one meaning.

A trigger entry (`TYPE -> verb|noun -> trigger -> {options}`) is a lemma plus conditions and
settings. Each key is declared here once, as an `Option`:
- a *condition* has a predicate per part of speech, `check(site, value) -> bool`, True when the
  trigger counts. Conditions are pure, and each is evaluated once what it reads is known: `parse`
  conditions read only the trigger and its objects, `subject` conditions the grammatical subject,
  `arguments` conditions the picked source and target;
- a *setting* (`check` None) is read where it applies (typing, argument picking).
The events.yaml header is checked against `header_lines()`, and `events.lexicon.validate` reports
an unknown key as an error naming file, entry and key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from powderkeg.actors import sectors
from powderkeg.actors import syntax as S
from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.events.clauses import condemning, for_doing, stative, to_clause

POPULATION_KINDS = {"population"}


@dataclass
class Site:
    """What an option's predicate may look at: the trigger in its sentence, as far as it is read."""

    tok: object
    entry: Any  # events.lexicon.Entry
    lex: Any  # events.lexicon.Lexicon
    objs: list = field(default_factory=list)
    subject: list[Mention] = field(default_factory=list)  # the grammatical subject's mentions
    source: list[Mention] = field(default_factory=list)
    target: list[Mention] = field(default_factory=list)
    da: Optional[DocActors] = None
    allow_place: bool = False

    @property
    def obj_lemmas(self) -> set[str]:
        return {o.lemma_.lower() for o in self.objs} | {o.lower_ for o in self.objs}


Check = Callable[[Site, Any], bool]


@dataclass(frozen=True)
class Option:
    key: str
    meaning: str  # one line for the events.yaml header
    stage: str = "setting"  # parse | subject | arguments | setting
    checks: dict[str, Check] = field(default_factory=dict)  # part of speech -> predicate
    values: Optional[tuple[str, ...]] = None  # the allowed values, when they are a closed set

    @property
    def pos(self) -> tuple[str, ...]:
        return tuple(self.checks) or ("verb", "noun")


# ---------------------------------------------------------------------------- predicates
def _noun_modifiers(n) -> set[str]:
    return {c.lemma_.lower() for c in n.children if c.dep_ in ("amod", "compound", "nmod")} | \
           {n.doc[j].lower_ for j in range(max(n.sent.start, n.i - 3), n.i)}


def _noun_preps(n) -> set[str]:
    return {c.lower_ for c in n.children if c.dep_ == "prep"}


def _verb_not_with(s: Site, v) -> bool:
    words = {c.lemma_.lower() for c in s.tok.children} | {
        m.lemma_.lower() for o in s.objs for m in o.children if m.dep_ in ("amod", "compound")}
    return not (words & set(v))


def _intransitive(s: Site, v) -> bool:
    t = s.tok
    return not (any(c.dep_ in ("dobj", "ccomp", "auxpass") for c in t.children) or t.dep_ == "acl" and t.tag_ == "VBN")


def _obj_any(s: Site, v) -> bool:
    t = s.tok
    return any(c.dep_ in ("dobj", "dative") for c in t.children) or to_clause(t) is not None or bool(s.entry.extra)


def _needs_complement(s: Site, v) -> bool:
    t = s.tok
    return any(c.dep_ in ("dobj", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("against", "to", "over"))
               for c in t.children) or to_clause(t) is not None or bool(s.entry.extra)


def _with_words(s: Site, v) -> bool:
    sub = list(s.tok.subtree)
    return bool(({t.lower_ for t in sub} | {t.lemma_.lower() for t in sub}) & set(v))


def subject_is(want: str, source: list[Mention]) -> bool:
    """Is the doer of the kind `want` (population | state | armed)?"""
    if want == "population":
        return not source or any(m.actor.kind in POPULATION_KINDS or m.actor.sector in sectors.PROTESTING
                                 for m in source)
    if not source:
        return False
    if want == "state":
        return any(m.actor.kind in ("state", "igo", "person", "organization") and m.actor.sector not in sectors.CIVIL
                   and m.actor.kind != "population" for m in source)
    if want == "armed":
        return any(is_armed(m) for m in source)
    return True


def is_armed(m: Mention) -> bool:
    return m.actor.sector in sectors.ARMED or m.actor.kind == "armed_group"


def singular(word: str) -> str:
    """A plural's singular by its last "s" ("workers" -> "worker"); a word not ending in "s" as is."""
    return word[:-1] if word.endswith("s") else word


def object_is_actor(v, da: DocActors, allow_place: bool = False) -> bool:
    """The object itself (not something inside it) is an actor: "received the envoy", not
    "how much Iranian assistance is received"."""
    for c in v.children:
        if c.dep_ in ("dobj", "dative", "iobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in S.TARGET_PREPS):
            heads = [c] if c.dep_ != "prep" else [p for p in c.children if p.dep_ == "pobj"]
            if any(S.mentions_of(h, da, allow_place) or (allow_place and S.inner_target(h, da, True)) for h in heads):
                return True
    return False


def has_content(v, violent_nouns: frozenset, target) -> bool:
    """Does a bare threat say what it threatens ("warned of war", "threatened that ...")?"""
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "against", "about"):
            for p in c.children:
                if p.lemma_.lower() in violent_nouns:
                    return True
        if c.dep_ == "dobj" and c.lemma_.lower() in violent_nouns:
            return True
        if c.dep_ in ("ccomp", "xcomp") and target:
            return True
    return False


# ---------------------------------------------------------------------------- the registry
def _o(key, meaning, stage="setting", values=None, **checks) -> Option:
    return Option(key, meaning, stage, checks, values)


OPTIONS: dict[str, Option] = {o.key: o for o in [
    _o("mode", "PLOVER mode of the type"),
    _o("obj_mode", "mode chosen by the object's lemma ({lemma: mode})"),
    _o("cameo", "CAMEO code (else the default of the type and mode in types.yaml)"),
    _o("context", "PLOVER contexts this trigger implies"),
    _o("as", "(nouns) the type to code instead of the section's type"),
    _o("domestic_as", "type to use when source and target are of the same country (a ban on a foreign "
                      "airline is SANCTION, on a domestic newspaper COERCE)"),
    _o("future_as", "type to use when the event is announced for the future (a meeting announced is AGREE)"),
    _o("reciprocal", "two-sided (\"clashes between A and B\"): coded once each way"),
    # conditions on the parse
    _o("obj", "counts only if its object (or passive subject) has one of these lemmas", "parse",
       verb=lambda s, v: not v or bool(s.obj_lemmas & set(v))),
    _o("not_obj", "... and not if the object is one of these", "parse",
       verb=lambda s, v: not (v and s.obj_lemmas & set(v))),
    _o("obj_if_any", "like obj, but a trigger with no object counts too (\"forces began deploying\")", "parse",
       verb=lambda s, v: not (v and s.objs and not (s.obj_lemmas & set(v)))),
    _o("not_prt", "(verbs) not with one of these particles", "parse",
       verb=lambda s, v: not (v and any(c.dep_ == "prt" and c.lower_ in v for c in s.tok.children))),
    _o("intransitive", "(verbs) not with an object or a that-clause, nor passive (\"demonstrate that ...\")", "parse",
       verb=lambda s, v: not v or _intransitive(s, v)),
    _o("not_with", "not if one of these words modifies the trigger (verbs: its dependents and its object's "
                   "modifiers, \"pleaded not guilty\"; nouns: its modifiers and the three words before it)", "parse",
       verb=lambda s, v: not v or _verb_not_with(s, v),
       noun=lambda s, v: not (v and _noun_modifiers(s.tok) & set(v))),
    _o("obj_any", "(verbs) needs an object, a dative or a to-clause (\"what ..., she asked\" is a question)", "parse",
       verb=lambda s, v: not v or _obj_any(s, v)),
    _o("for_doing", "(verbs) needs blame \"for doing\" (\"attacked the paper for refusing\")", "parse",
       verb=lambda s, v: not v or for_doing(s.tok)),
    _o("not_own", "(verbs) not when the object is the subject's own (\"defended his decision\")", "parse",
       verb=lambda s, v: not (v and any(c.dep_ == "poss" and c.pos_ == "PRON" for o in s.objs for c in o.children))),
    _o("not_stative", "(verbs) not a standing state (\"soldiers, backed by Djiboutian troops\")", "parse",
       verb=lambda s, v: not (v and stative(s.tok))),
    _o("not_pobj", "(verbs) not with a prepositional object of these lemmas (\"retreated from a goal\")", "parse",
       verb=lambda s, v: not (v and any(p.dep_ == "pobj" and p.lemma_.lower() in v for c in s.tok.children
                                        if c.dep_ == "prep" for p in c.children))),
    _o("needs_complement", "(verbs) needs an object, a clause or \"against/to/over\" (\"the governor agreed, "
                           "saying ...\" is no deal)", "parse",
       verb=lambda s, v: not v or _needs_complement(s, v)),
    _o("evaluates", "(verbs) needs a damning description of the object (\"called the deal lousy\")", "parse",
       verb=lambda s, v: not v or condemning(s.tok, s.lex.negative_evaluation)),
    _o("needs_clause", "(verbs) needs an infinitive clause (\"told Iran to leave\", not \"told reporters\")", "parse",
       verb=lambda s, v: not v or to_clause(s.tok) is not None),
    _o("with_words", "(verbs) needs one of these words in the verb's phrase", "parse",
       verb=lambda s, v: not v or _with_words(s, v)),
    _o("plural_only", "(nouns) only in the plural", "parse",
       noun=lambda s, v: not v or s.tok.tag_ in ("NNS", "NNPS")),
    _o("only_with", "(nouns) only with one of these modifiers or words just before", "parse",
       noun=lambda s, v: not v or bool(_noun_modifiers(s.tok) & set(v))),
    _o("only_prep", "(nouns) only with a phrase of one of these prepositions", "parse",
       noun=lambda s, v: not v or bool(_noun_preps(s.tok) & set(v))),
    _o("not_prep", "(nouns) not with a phrase of these prepositions (\"a demonstration of our commitment\")", "parse",
       noun=lambda s, v: not (v and _noun_preps(s.tok) & set(v))),
    _o("not_under", "(nouns) not as the object of these prepositions (\"in protest\")", "parse",
       noun=lambda s, v: not (v and s.tok.head.lower_ in v and s.tok.dep_ == "pobj")),
    # conditions on the grammatical subject
    _o("subj", "the source must be of this kind (protesters march, states protest diplomatically)", "subject",
       values=("population", "state", "armed"), verb=lambda s, v: not v or subject_is(v, s.subject)),
    _o("subj_sector", "(verbs) the source must be of one of these sectors", "subject",
       verb=lambda s, v: not v or any(m.actor.sector in v for m in s.subject)),
    _o("not_subj", "(verbs) not when the source's head noun is one of these (\"workers strike\")", "subject",
       verb=lambda s, v: not (v and any(singular(m.actor.text.split()[-1].lower()) in v for m in s.subject))),
    # conditions on the picked arguments
    _o("obj_actor", "(verbs) the object itself must be an actor (\"received the envoy\")", "arguments",
       verb=lambda s, v: not v or bool(s.target and object_is_actor(s.tok, s.da, s.allow_place))),
    _o("needs_target", "needs a target (\"the commission will discuss the events\": nobody to consult)", "arguments",
       verb=lambda s, v: not v or bool(s.target), noun=lambda s, v: not v or bool(s.target)),
    _o("unarmed_needs_target", "without an armed source, the event needs a target (\"he struck a guard rail\")",
       "arguments", verb=lambda s, v: not v or bool(s.target) or any(is_armed(m) for m in s.source)),
    _o("needs_content", "(verbs) a bare threat must say what it threatens (\"warned of war\")", "arguments",
       verb=lambda s, v: not v or has_content(s.tok, s.lex.violent_nouns, s.target)),
]}

SETTING_POS = {"as": ("noun",), "obj_mode": ("verb",)}
# the shape of each option's value: a word list, a flag, one word or code, or a word -> mode map
SHAPES = {
    **{k: list for k in ("obj", "not_obj", "obj_if_any", "not_prt", "not_with", "not_pobj", "with_words", "only_with",
                         "only_prep", "not_prep", "not_under", "subj_sector", "not_subj", "context")},
    **{k: bool for k in ("intransitive", "obj_any", "for_doing", "not_own", "not_stative", "needs_complement",
                         "evaluates", "needs_clause", "plural_only", "obj_actor", "needs_target",
                         "unarmed_needs_target", "needs_content", "reciprocal")},
    **{k: str for k in ("cameo", "as", "domestic_as", "future_as", "subj")},
    "mode": (str, type(None)),  # "mode: null": the type's default mode, said explicitly
    "obj_mode": dict,
}
TYPE_VALUED = ("as", "domestic_as", "future_as")


def passes(site: Site, stage: str, pos: str) -> bool:
    """Do all of the entry's conditions of `stage` hold at this site?"""
    for key, value in site.entry.opts.items():
        opt = OPTIONS[key]
        if opt.stage == stage:
            check = opt.checks.get(pos)
            if check is not None and not check(site, value):
                return False
    return True


def allowed_pos(opt: Option) -> tuple[str, ...]:
    return SETTING_POS.get(opt.key, opt.pos)


def header_lines() -> list[str]:
    """The option lines of the events.yaml header, generated from the registry."""
    out = []
    for o in OPTIONS.values():
        out.append(f"#   {o.key:<21}{o.meaning}")
    return out
