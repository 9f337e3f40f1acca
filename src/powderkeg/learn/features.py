"""Features of candidate triggers and of (trigger, actor mention) pairs.

Every feature is a readable string (a word, a lemma, a dependency path), so a model's weights can
be read as a list of cues. The trigger lexicon of the rule coder enters only as a feature
("this lemma is listed as a REQUEST verb"): the model learns when to trust it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np

from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.actors import syntax

CANDIDATE_POS = {"VERB", "NOUN"}
CHILD_DEPS = {"dobj", "nsubj", "nsubjpass", "prep", "prt", "xcomp", "ccomp", "neg", "aux", "auxpass",
              "agent", "attr", "amod", "compound", "poss", "dative", "acomp", "det", "mark"}


def sentence_mentions(da: DocActors, start_tok: int, end_tok: int) -> list[Mention]:
    """The resolver's actor mentions inside a token range that can fill a role: they have a
    country, or they are a population (protesters) that the coding rules keep."""
    return [m for m in da.mentions if start_tok <= m.start < end_tok and m.is_actor
            and (m.actor.country or m.actor.kind == "population")]


def is_candidate(tok) -> bool:
    """Tokens that may express an event: verbs and common nouns (not names, dates or numbers)."""
    return tok.pos_ in CANDIDATE_POS and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT") \
        and tok.is_alpha and len(tok.text) > 1


def _mention_at(tok, da: DocActors) -> Optional[Mention]:
    m = da.at(tok.i)
    return m if m is not None and (m.actor.country or m.actor.kind == "population") else None


def _actor_of_subtree(tok, da: DocActors) -> Optional[Mention]:
    m = _mention_at(tok, da)
    if m is not None:
        return m
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "poss", "nmod"):
            m = _mention_at(c, da)
            if m is not None:
                return m
    return None


def trigger_features(tok, da: DocActors, lex, headline: bool = False) -> dict[str, float]:
    # Every candidate token of every sentence comes here (the learned coder's largest cost): the
    # token's own attributes, its head and its neighbours are read once each, not once per feature
    # (each `tok.head` or `doc[i]` builds a new Token). The features and their insertion order,
    # which fixes the order of the model's sum, are unchanged.
    lemma = tok.lemma_.lower()
    pos, dep, head = tok.pos_, tok.dep_, tok.head
    head_lemma = head.lemma_.lower()
    f: dict[str, float] = {
        "bias": 1.0, f"w={tok.lower_}": 1.0, f"l={lemma}": 1.0, f"pos={pos}": 1.0, f"tag={tok.tag_}": 1.0,
        f"dep={dep}": 1.0, f"l+pos={lemma}|{pos}": 1.0, f"l+dep={lemma}|{dep}": 1.0,
        f"hl={head_lemma}": 1.0, f"dep+hl={dep}|{head_lemma}": 1.0,
        f"hpos={head.pos_}": 1.0,
    }
    if headline:
        f["headline"] = 1.0
    for e in (lex.verb_entries(lemma) if pos == "VERB" else lex.noun_entries(lemma)):
        f[f"lex={e.type}"] = 1.0
        f[f"lex+l={e.type}|{lemma}"] = 1.0
    if lemma in lex.reporting:
        f["reporting"] = 1.0
    if head_lemma in lex.reporting and dep in ("ccomp", "xcomp"):
        f["under_reporting"] = 1.0
    for c in tok.children:
        cdep = c.dep_
        if cdep not in CHILD_DEPS:
            continue
        cl = c.lemma_.lower()
        f[f"c={cdep}"] = 1.0
        f[f"c={cdep}:{cl}"] = 1.0
        f[f"l+c={lemma}|{cdep}:{cl}"] = 1.0
        if cdep == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    f[f"pp={cl}:{g.lemma_.lower()}"] = 1.0
                    f[f"l+pp={lemma}|{cl}"] = 1.0
                    m = _actor_of_subtree(g, da)
                    if m is not None:
                        f[f"pp_actor={cl}"] = 1.0
        if cdep in ("nsubj", "nsubjpass", "dobj", "poss", "agent", "dative"):
            m = _actor_of_subtree(c, da)
            if m is not None:
                f[f"{cdep}_actor"] = 1.0
                f[f"{cdep}_sector={m.actor.sector}"] = 1.0
                f[f"{cdep}_kind={m.actor.kind}"] = 1.0
                f[f"l+{cdep}_actor={lemma}"] = 1.0
    doc = tok.doc
    i = tok.i
    if i > 0:
        f[f"prev={doc[i - 1].lower_}"] = 1.0
    if i + 1 < len(doc):
        nxt = doc[i + 1].lower_
        f[f"next={nxt}"] = 1.0
        f[f"l+next={lemma}|{nxt}"] = 1.0
    return f


def trigger_dense(tok) -> np.ndarray:
    t = tok.doc.tensor
    if t is None or t.shape[0] <= tok.i or t.shape[1] == 0:
        return np.zeros(96, dtype=np.float32)
    return t[tok.i]


# ---------------------------------------------------------------------- arguments
def _ancestors(tok, limit: int = 12) -> list:
    out, t = [tok], tok
    for _ in range(limit):
        if t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def dep_path(a, b, up_a: Optional[list] = None) -> tuple[str, int]:
    """The dependency path from token a up to the common ancestor and down to token b, as a string
    like 'nsubj^|v' (up through nsubj, down ...), and its length. `up_a`: a's ancestors, when the
    caller has them already."""
    up_a, up_b = up_a if up_a is not None else _ancestors(a), _ancestors(b)
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            j = ids_b[t.i]
            ups = [x.dep_ + "^" for x in up_a[:k]]
            downs = [x.dep_ + "v" for x in reversed(up_b[:j])]
            path = ups + downs
            return "|".join(path), len(path)
    return "none", 99


def mention_head(m: Mention, doc):
    """The syntactic head of a mention's tokens (the one whose head lies outside)."""
    for i in range(m.start, m.end):
        t = doc[i]
        if not (m.start <= t.head.i < m.end) or t.head.i == t.i:
            return t
    return doc[m.end - 1]


def _bucket(n: int) -> str:
    return "0" if n <= 1 else "1" if n <= 3 else "2" if n <= 6 else "3" if n <= 12 else "4"


@dataclass
class TriggerView:
    """What the argument features read of the trigger itself, worked out once per trigger: the
    argument model scores every mention of the sentence against it, and these parts (ancestors,
    subtree, grammatical roles, the speaker of a governing reporting verb) do not depend on the
    mention."""

    lemma: str
    pos: str
    ancestors: list
    subtree: frozenset
    passive: bool
    # (role name, [(token index, indexes of its subtree)]) in syntactic_roles' order
    roles: list[tuple[str, list[tuple[int, frozenset]]]]
    # the tokens under the subject of a reporting verb the trigger hangs on ("X said Y attacked
    # Z"), None when there is none
    governor_subject: Optional[frozenset]


def trigger_view(trig, lex) -> TriggerView:
    """The mention-independent part of a trigger's argument features."""
    roles = [(name, [(t.i, frozenset(x.i for x in t.subtree)) for t in toks])
             for name, toks in syntactic_roles(trig).items()]
    governor = None
    up = trig
    for _ in range(4):
        if up.dep_ in ("ccomp", "xcomp", "advcl", "conj") and up.head.i != up.i:
            up = up.head
            if up.lemma_.lower() in lex.reporting:
                subj = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    governor = frozenset(t.i for s in subj for t in s.subtree)
                break
        else:
            break
    return TriggerView(lemma=trig.lemma_.lower(), pos=trig.pos_, ancestors=_ancestors(trig),
                       subtree=frozenset(t.i for t in trig.subtree),
                       passive=any(c.dep_ == "auxpass" for c in trig.children), roles=roles,
                       governor_subject=governor)


def argument_features(trig, etype: str, m: Mention, da: DocActors, lex, sent_mentions: Iterable[Mention],
                      view: Optional[TriggerView] = None) -> dict[str, float]:
    """Features of one (trigger, mention) pair; `view`: the trigger's own part, when the caller
    scores several mentions against one trigger (`trigger_view`)."""
    if view is None:
        view = trigger_view(trig, lex)
    doc = trig.doc
    h = mention_head(m, doc)
    path, plen = dep_path(trig, h, view.ancestors)
    short = path if plen <= 4 else "long"
    before = m.end <= trig.i
    dist = (trig.i - m.end + 1) if before else (m.start - trig.i)
    between = sum(1 for o in sent_mentions if o is not m and
                  (m.end <= o.start and o.end <= trig.i if before else trig.i < o.start and o.end <= m.start))
    tl, pos = view.lemma, view.pos
    side = "L" if before else "R"
    hdep = h.dep_
    kind = m.actor.kind
    f: dict[str, float] = {
        "bias": 1.0, f"path={short}": 1.0, f"path+T={short}|{etype}": 1.0, f"path+pos={short}|{pos}": 1.0,
        f"path+l={short}|{tl}": 1.0, f"side={side}": 1.0,
        f"side+T={side}|{etype}": 1.0, f"dist={_bucket(dist)}": 1.0,
        f"between={min(between, 3)}": 1.0, f"hdep={hdep}": 1.0, f"hdep+T={hdep}|{etype}": 1.0,
        f"hdep+pos={hdep}|{pos}": 1.0, f"T={etype}": 1.0, f"kind={kind}": 1.0,
        f"sector={m.actor.sector}": 1.0, f"role={m.role}": 1.0, f"kind+T={kind}|{etype}": 1.0,
        f"side+pos={side}|{pos}": 1.0,
    }
    if plen <= 6:
        first = path.split("|")[0]
        last = path.split("|")[-1]
        f[f"first={first}"] = 1.0
        f[f"last={last}"] = 1.0
        f[f"first+T={first}|{etype}"] = 1.0
        f[f"last+T={last}|{etype}"] = 1.0
    h_head = h.head
    if hdep == "pobj":
        prep = h_head.lower_
        f[f"prep={prep}"] = 1.0
        f[f"prep+T={prep}|{etype}"] = 1.0
        if h_head.head.i == trig.i:
            f[f"own_prep={prep}"] = 1.0
            f[f"own_prep+T={prep}|{etype}"] = 1.0
    if view.passive:
        f["passive"] = 1.0
        f[f"passive+path={short}"] = 1.0
    if h_head.i == trig.i:
        f[f"child={hdep}"] = 1.0
    if m.start <= trig.i < m.end:
        f["contains_trigger"] = 1.0
    f["in_subtree" if h.i in view.subtree else "out_subtree"] = 1.0
    for name, toks in view.roles:
        for ti, under in toks:
            if m.start <= ti < m.end:
                f[f"syn={name}"] = 1.0
                f[f"syn+T={name}|{etype}"] = 1.0
                break
            if h.i in under:
                f[f"in_role={name}"] = 1.0
                f[f"in_role+T={name}|{etype}"] = 1.0
                break
    if m is _nearest_left_actor(trig, sent_mentions):
        f["nearest_left"] = 1.0
        f[f"nearest_left+T={etype}"] = 1.0
    # the speaker of a reporting verb that governs the trigger: "X said Y attacked Z"
    if view.governor_subject is not None and h.i in view.governor_subject:
        f["speaker_of_governor"] = 1.0
        f[f"speaker_of_governor+T={etype}"] = 1.0
    return f


def syntactic_roles(trig) -> dict[str, list]:
    """Generic grammatical relations of a trigger, following the parse across coordination,
    control and light verbs: its logical subject, passive agent, objects and the objects of each
    preposition on it; for a noun its possessor and the subject of the verb it is the object of
    ("Hezbollah held talks with X": talks <- held <- Hezbollah)."""
    roles: dict[str, list] = {}
    if trig.pos_ in ("VERB", "AUX"):
        roles["subject"] = syntax.subject_tokens(trig)
        if syntax.is_passive(trig):
            roles["agent"] = [p for c in trig.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        roles["object"] = [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass", "dative", "attr", "oprd")]
    else:
        roles["possessor"] = [c for c in trig.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        h = trig.head
        if trig.dep_ in ("dobj", "attr", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
            roles["head_subject"] = syntax.subject_tokens(h)
        if trig.dep_ in ("nsubj",) and h.pos_ in ("VERB", "AUX"):
            roles["head_object"] = [c for c in h.children if c.dep_ == "dobj"]
        if trig.dep_ == "pobj" and h.head.pos_ in ("VERB", "AUX"):
            roles["clause_subject"] = syntax.subject_tokens(h.head)
    for c in trig.children:
        if c.dep_ == "prep":
            roles[f"pp_{c.lower_}"] = [p for p in c.children if p.dep_ == "pobj"]
    return roles


def _nearest_left_actor(trig, ments: Iterable[Mention]) -> Optional[Mention]:
    best = None
    for m in ments:
        if m.end <= trig.i and (best is None or m.end > best.end):
            best = m
    return best


def carry_features(trig, etype: str, distance: int, sent_mentions: list[Mention]) -> dict[str, float]:
    """Features of the 'carried speaker' candidate: the source of the latest event in an earlier
    sentence, for sentences that go on with what someone said or did without naming them
    ("He also called for ...", a quote continued)."""
    subj = syntactic_roles(trig).get("subject", []) if trig.pos_ in ("VERB", "AUX") else []
    f = {"carry": 1.0, f"carry+T={etype}": 1.0, f"carry_dist={min(distance, 3)}": 1.0,
         f"carry+pos={trig.pos_}": 1.0, f"carry_mentions={min(len(sent_mentions), 2)}": 1.0}
    if subj:
        s = subj[0]
        f[f"carry_subj={'pron' if s.pos_ == 'PRON' else s.pos_}"] = 1.0
        if any(m.start <= s.i < m.end for m in sent_mentions):
            f["carry_subj_is_actor"] = 1.0
    else:
        f["carry_no_subj"] = 1.0
    text = trig.sent.text.lstrip()
    if text[:1] in "\"“'‘":
        f["carry_quote_start"] = 1.0
    return f
