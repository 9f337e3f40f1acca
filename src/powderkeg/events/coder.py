"""The event coder: PLOVER events out of a parsed, actor-resolved document.

For each sentence: find trigger words (lexicon), check the trigger's conditions (its object,
its subject's kind), read source and target off the parse, then modality (negated, hypothetical,
future), attribution (reported speech, "according to"), and two derived readings:
- a future or conditional act of force inside someone's statement is a THREATEN by the speaker
  ("Ashtiani stated that ... the US will be hit hard");
- "there will be no ceasefire" is a REJECT by the speaker.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from powderkeg.actors.resolver import DocActors, Mention
from powderkeg.events import arguments as A
from powderkeg.nlp.clauses import speech_verb
from powderkeg.events.lexicon import Entry, Lexicon

CONFLICT_FOR_THREAT = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "MOBILIZE": "violence"}
POPULATION = {"population"}
# triggers whose object is something wished, refused or threatened, not something that happened
CONTENT_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE", "CONCEDE", "RETREAT", "SUPPORT"}
ARMED_SECTORS = {"MIL", "REB", "UAF", "COP", "PRM", "SPY"}
# the people who take to the streets: never a state protesting through diplomatic channels
CIVIL_SECTORS = {"OPP", "CVL", "EDU", "LAB", "REF", "SOC", "AGR"}
# cooperative acts that, announced or promised, are an AGREE (PLOVER: future-tense cooperation)
COOPERATIVE = {"CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "SUPPORT"}
# what a cooperative act becomes when it is announced or promised rather than done: a concession
# promised is still a concession (CONCEDE has no immediate effect by definition), a withdrawal
# promised is a concession (RETREAT is the one with immediate effect), anything else an AGREE
PROMISED = {"CONSULT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE", "SUPPORT": "AGREE",
            "CONCEDE": "CONCEDE", "RETREAT": "CONCEDE"}
# types whose trigger governs the clause of what is asked, refused, threatened or agreed to
CLAUSE_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE"}
# verbal types whose addressee may be named only through the event they are about
ABOUT_EVENT_TYPES = {"ACCUSE", "REQUEST", "REJECT"}
# entity labels of words that are never events ("In March", "the Arab Spring" as a date)
NOT_EVENT_ENTS = {"DATE", "TIME"}


@dataclass
class Candidate:
    """An event as first read, before merging and before it becomes a record."""

    type: str
    mode: Optional[str]
    token: object  # the trigger token
    trigger_span: tuple[int, int]  # token indices
    source: list[Mention]
    target: list[Mention]
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    attributed_to: Optional[Mention] = None
    context: list[str] = field(default_factory=list)
    cameo: Optional[str] = None
    issue: Optional[str] = None
    confidence: float = 0.6
    nominal: bool = False
    derived: bool = False
    content: tuple = ()  # token indices of the object nouns the trigger was chosen for


class Coder:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        # verbs whose clause is someone's statement: reporting verbs and the verbs of threatening
        self.speech_verbs = lex.reporting | {"threaten", "warn", "vow"}

    # ------------------------------------------------------------------ entry point
    def code(self, doc, da: DocActors) -> list[Candidate]:
        out: list[Candidate] = []
        for sent in doc.sents:
            found = [c for c in self._sentence(sent, da) if not self._natural(c)]
            self._targets_from_events(found, out, da)
            # no one on either side gives no row; a protest by a crowd the text does not place still counts
            out.extend(c for c in found if c.source or c.target or c.type == "PROTEST")
        return out

    def _natural(self, c: Candidate) -> bool:
        """An ASSAULT whose own clause names a natural or accidental cause ("killed by the
        hurricane", "injured when it crashed", "33 dead in a boat fire"): a disaster, not an attack."""
        if c.type != "ASSAULT" or c.derived:
            return False
        tok = c.token
        clause = list(tok.subtree) + [t for h in (tok.head,) if h.i != tok.i
                                      for ch in h.children if ch.dep_ in ("advcl", "prep", "agent")
                                      for t in ch.subtree]
        return any((t.lemma_.lower() in self.lex.natural_causes or t.lower_ in self.lex.natural_causes)
                   and t.pos_ in ("NOUN", "PROPN") and t.i != tok.i for t in clause)  # "fired missiles" is no fire

    def _sentence(self, sent, da: DocActors) -> list[Candidate]:
        found: list[Candidate] = []
        verbal: set[int] = set()
        owned: dict[int, str] = {}  # object nouns a verb trigger was coded for, and its type
        for tok in sent:
            if tok.pos_ == "VERB":
                c = self._verb(tok, da)
                if c is not None:
                    found.extend(c)
                    if c[0].type in CONTENT_TYPES:
                        verbal.add(tok.i)
                    owned.update({i: c[0].type for i in c[0].content})
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("pobj", "nsubj", "dobj")):
                if tok.i in verbal or tok.ent_type_ in NOT_EVENT_ENTS:
                    continue
                if tok.i in owned and all(e.type != owned[tok.i] for e in self.lex.noun_entries(tok.lemma_.lower())):
                    continue  # "announced a withdrawal" is the announcement (CONCEDE), not the withdrawal
                c = self._noun(tok, da, verbal)
                if c is not None:
                    found.extend(c)
                if tok.lower_ in self.lex.no_what_nouns or tok.lemma_.lower() in self.lex.no_what_nouns:
                    r = self._no_x(tok, da)
                    if r is not None:
                        found.append(r)
        found.extend(self._threats_from_speech(found, da))
        found.extend(self._damning_statements(sent, da))
        return found

    # ------------------------------------------------------------------ verbs
    def _verb(self, v, da: DocActors) -> Optional[list[Candidate]]:
        lemma = v.lemma_.lower()
        entries = self.lex.verb_entries(lemma)
        if not entries:
            return None
        for e in entries:
            if e.opt("verbal_only"):
                continue
            if not self._extra_ok(v, e):
                continue
            objs = A.object_tokens(v, e.extra)
            obj_lemmas = {o.lemma_.lower() for o in objs} | {o.lower_ for o in objs}
            if e.opt("obj") is not None and e.opt("obj") and not (obj_lemmas & set(e.opt("obj"))):
                continue
            if e.opt("not_obj") and obj_lemmas & set(e.opt("not_obj")):
                continue
            if e.opt("obj_if_any") and objs and not (obj_lemmas & set(e.opt("obj_if_any"))):
                continue  # "deploy troops" mobilises; "deploy the software" does not
            if e.opt("not_prt") and any(c.dep_ == "prt" and c.lower_ in e.opt("not_prt") for c in v.children):
                continue
            if e.opt("intransitive") and (any(c.dep_ in ("dobj", "ccomp", "auxpass") for c in v.children)
                                          or v.dep_ == "acl" and v.tag_ == "VBN"):
                continue  # "demonstrate that ...", "samples gathered from the walls"
            if e.opt("not_with") and ({c.lemma_.lower() for c in v.children} | {
                    m.lemma_.lower() for o in objs for m in o.children if m.dep_ in ("amod", "compound")}) \
                    & set(e.opt("not_with")):
                continue  # "pleaded not guilty", "dispatched the research ship": not a plea, not forces
            if e.opt("obj_any") and not (any(c.dep_ in ("dobj", "dative") for c in v.children)
                                         or self._to_clause(v) is not None or e.extra):
                continue  # "Bugajski asked.", "what ..., she asked": a question, not a request
            if e.opt("for_doing") and not self._for_doing(v):
                continue
            if e.opt("stance") and v.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in v.children):
                continue  # "the group opposes Chinese investment": a standing position, not an act
            if e.opt("not_own") and any(c.dep_ == "poss" and c.pos_ == "PRON" for o in objs for c in o.children):
                continue  # "defended his decision": one's own course, not support for another
            if e.opt("not_stative") and self._stative(v):
                continue  # "soldiers, backed by Djiboutian troops": a standing relation, not an act
            if e.opt("not_pobj") and any(p.dep_ == "pobj" and p.lemma_.lower() in e.opt("not_pobj")
                                         for c in v.children if c.dep_ == "prep" for p in c.children):
                continue  # "retreated from a previous goal": a figure of speech, not a pull-back
            if e.opt("needs_complement") and not (any(c.dep_ in ("dobj", "xcomp", "ccomp") or
                                                      (c.dep_ == "prep" and c.lower_ in ("against", "to", "over"))
                                                      for c in v.children)
                                                  or self._to_clause(v) is not None or e.extra):
                continue  # "the governor agreed, saying ...": agreeing with a view, not to a deal
            if e.opt("evaluates") and not self._condemning(v):
                continue  # "called the deal lousy" accuses; "called the meeting" does not
            if e.opt("needs_clause") and self._to_clause(v) is None:
                continue  # "told Iran to leave" asks; "told reporters that ..." reports
            if e.opt("with_words") and not ({t.lower_ for t in v.subtree} | {t.lemma_.lower() for t in v.subtree}) \
                    & set(e.opt("with_words")):
                continue
            source, fallback = A.source_of_verb(v, da)
            if e.opt("subj") and not self._subj_ok(e.opt("subj"), source, v):
                continue
            if e.opt("subj_sector") and not any(m.actor.sector in e.opt("subj_sector") for m in source):
                continue
            if e.opt("not_subj") and any(
                    (m.actor.text.split()[-1].lower().rstrip("s") in e.opt("not_subj")) for m in source):
                continue
            allow_place = e.type in ("ASSAULT", "CONSULT", "AID", "COERCE", "SANCTION")
            preps = A.TARGET_PREPS + tuple(e.opt("target_preps") or ())
            target = A.target_of_verb(v, da, source, e.extra, allow_place=allow_place,
                                      use_object=e.type != "MOBILIZE", preps=preps)
            if not target and e.type in ("REQUEST", "ACCUSE"):
                target = self._clause_subject(v, da, source)
            if not target and e.type in CLAUSE_TYPES | {"ASSAULT"}:
                target = self._clause_target(v, da, source)
            if not target and v.dep_ == "conj" and v.head.pos_ == "VERB" and not e.opt("obj_actor") \
                    and e.type not in ("MOBILIZE", "PROTEST"):
                target = A.target_of_verb(v.head, da, source, allow_place=allow_place)
            if not source and A.is_passive(v):
                source = self.source_from_event_noun(v, da)
            if e.opt("obj_actor") and not (target and self._object_is_actor(v, da, allow_place)):
                continue
            if e.opt("needs_target") and not target:
                continue  # "the commission will discuss the events": nobody to consult
            if e.opt("unarmed_needs_target") and not target and not any(
                    m.actor.sector in ARMED_SECTORS or m.actor.kind == "armed_group" for m in source):
                continue  # "he struck a guard rail": a driver hitting a thing is no attack
            if e.type == "PROTEST":
                source, target = self._protest_sides(v, da, source, target)
            if e.opt("needs_content") and not self._has_content(v, da, target):
                continue
            neg, hyp, fut = self.modality(v)
            if not source and not (e.type == "PROTEST" or e.opt("subj") == "population"):
                if not ((hyp or fut) and target and e.type in CONFLICT_FOR_THREAT):
                    return None  # nobody named does it: nothing an analyst can put in a row
                # kept (hypothetical) so that a threat can be read off it
            mode = e.opt("mode")
            om = e.opt("obj_mode") or {}
            for l in obj_lemmas:
                if l in om:
                    mode = om[l]
                    break
            type_ = e.type
            if e.opt("domestic_as") and source and target and self._same_country(source, target):
                type_ = e.opt("domestic_as")
            if type_ == "CONSULT" and fut and e.opt("future_as"):
                type_, hyp = e.opt("future_as"), False
            if type_ in COOPERATIVE and not neg and self._committed(v):
                type_, mode, hyp = PROMISED[type_], (mode if PROMISED[type_] == type_ else None), False
            c = Candidate(type_, mode, v, (v.i, v.i + 1), source, target, neg, hyp, fut,
                          context=list(e.opt("context") or []), cameo=e.opt("cameo"),
                          issue=self._issue(objs) if type_ in ("REQUEST", "REJECT", "AGREE", "SUPPORT", "CONCEDE") else None)
            c.confidence = self._confidence(c, fallback)
            c.attributed_to = self.attribution(v, da, source)
            if e.opt("obj") or e.extra:
                c.content = tuple(o.i for o in objs)
            out = [c]
            if e.opt("reciprocal") and target:
                out.append(Candidate(type_, mode, v, (v.i, v.i + 1), target, source, neg, hyp, fut,
                                     confidence=c.confidence - 0.1))
            return out
        return None

    def source_from_event_noun(self, v, da: DocActors) -> list[Mention]:
        """'killed in Israeli strikes': the source of the strikes."""
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "by", "during"):
                for p in c.children:
                    if p.dep_ == "pobj" and self.lex.noun_entries(p.lemma_.lower()):
                        ms = A.source_of_noun(p, da)
                        if ms:
                            return ms
        return []

    def _extra_ok(self, v, e: Entry) -> bool:
        if not e.extra:
            return True
        own = {c.lower_ for c in v.children if c.dep_ in ("prep", "prt", "dobj", "mark", "advmod", "dative", "agent")} | \
              {g.lower_ for c in v.children if c.dep_ in ("xcomp", "advcl") for g in c.children if g.dep_ == "aux"}
        near = own | {g.lower_ for c in v.children for g in c.children}
        if e.extra[0] not in own:
            return False  # "calling it an aggression on Iraq" is not "call on"
        return all(w in near for w in e.extra)

    def _subj_ok(self, want: str, source: list[Mention], v) -> bool:
        if want == "population":
            return not source or any(m.actor.kind in POPULATION or m.actor.sector in ("OPP", "CVL", "LAB", "EDU", "REF")
                                     for m in source)
        if not source:
            return False
        if want == "state":
            return any(m.actor.kind in ("state", "igo", "person", "organization") and m.actor.sector not in CIVIL_SECTORS
                       and m.actor.kind != "population" for m in source)
        if want == "armed":
            return any(m.actor.sector in ARMED_SECTORS or m.actor.kind == "armed_group" for m in source)
        return True

    def _has_content(self, v, da: DocActors, target) -> bool:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "against", "about"):
                for p in c.children:
                    if p.lemma_.lower() in self.lex.violent_nouns:
                        return True
            if c.dep_ == "dobj" and c.lemma_.lower() in self.lex.violent_nouns:
                return True
            if c.dep_ in ("ccomp", "xcomp") and target:
                return True
        return False

    # ------------------------------------------------------------------ nouns
    def _noun(self, n, da: DocActors, verbal: set[int]) -> Optional[list[Candidate]]:
        lemma = n.lemma_.lower()
        entries = self.lex.noun_entries(lemma) or self.lex.noun_entries(n.lower_)
        if not entries:
            return None
        m = da.at(n.i)
        if m is not None and m.role in ("name", "ner") and m.actor.kind != "place":
            return None  # part of a name ("Strike Force", "Operation Peace Spring" is handled by its head)
        for e in entries:
            if e.extra and not self._words_before(n, e.extra):
                continue
            if not e.extra and self._longer_noun_entry(n, e):
                continue
            if e.opt("plural_only") and n.tag_ not in ("NNS", "NNPS"):
                continue
            mods = {c.lemma_.lower() for c in n.children if c.dep_ in ("amod", "compound", "nmod")} | \
                   {n.doc[j].lower_ for j in range(max(n.sent.start, n.i - 3), n.i)}
            if e.opt("only_with") and not (mods & set(e.opt("only_with"))):
                continue
            if e.opt("not_with") and mods & set(e.opt("not_with")):
                continue
            preps = {c.lower_ for c in n.children if c.dep_ == "prep"}
            if e.opt("only_prep") and not (preps & set(e.opt("only_prep"))):
                continue
            if e.opt("not_prep") and preps & set(e.opt("not_prep")):
                continue  # "a demonstration of our commitment"
            if e.opt("not_under") and n.head.lower_ in e.opt("not_under") and n.dep_ == "pobj":
                continue
            if self._dominated_by_trigger(n, verbal):
                return None
            light = self._light_verb(n)
            if light is not None and light.lemma_.lower() in self.lex.ending:
                return None  # "end the offensive", "halt strikes": not the event itself
            reciprocal = bool(e.opt("reciprocal"))
            sides = A.between(n, da) if reciprocal or lemma in ("talk", "meeting", "negotiation") else []
            fallback = False
            if len(sides) >= 2:
                source, target = [sides[0]], sides[1:]
            else:
                source = A.source_of_noun(n, da, from_is_source=not e.opt("from_is_target"))
                if not source and light is not None:
                    source, fallback = A.source_of_verb(light, da)
                if not source and n.dep_ == "pobj" and n.head.head.pos_ in ("VERB", "AUX") and e.type in (
                        "THREATEN", "REQUEST", "ACCUSE", "REJECT"):
                    source, fallback = A.source_of_verb(n.head.head, da)
                allow_place = e.type in ("ASSAULT", "CONSULT", "AID", "COERCE", "SANCTION")
                preps = A.NOUN_TARGET_PREPS + (("from",) if e.opt("from_is_target") else ()) + \
                    tuple(e.opt("target_preps") or ())
                target = A.target_of_noun(n, da, source, allow_place=allow_place or bool(e.opt("from_is_target")),
                                          preps=preps)
                if not target and light is not None:
                    target = A.target_of_verb(light, da, source, allow_place=allow_place)
            if e.type == "PROTEST":
                source, target = self._protest_sides(n, da, source, target)
            if not source and e.type != "PROTEST":
                return None
            if e.opt("needs_target") and not target:
                continue
            type_ = e.opt("as") or e.type
            if e.opt("domestic_as") and source and target and self._same_country(source, target):
                type_ = e.opt("domestic_as")
            holder = light if light is not None else n
            neg, hyp, fut = self.modality(holder) if light is not None else self._noun_modality(n)
            if type_ == "CONSULT" and fut and e.opt("future_as"):
                type_, hyp = e.opt("future_as"), False
            mode = e.opt("mode")
            if type_ in COOPERATIVE and not neg and light is not None and self._committed(light):
                type_, mode, hyp = PROMISED[type_], (mode if PROMISED[type_] == type_ else None), False
            c = Candidate(type_, mode, n, self._trigger_span(n, e), source, target, neg, hyp, fut,
                          context=list(e.opt("context") or []), cameo=e.opt("cameo"), nominal=True)
            c.confidence = self._confidence(c, fallback) - 0.1
            c.attributed_to = self.attribution(n, da, source)
            out = [c]
            if reciprocal and target:
                out.append(Candidate(type_, mode, n, c.trigger_span, target, source, neg, hyp, fut,
                                     nominal=True, confidence=c.confidence - 0.05))
            return out
        return None

    def _words_before(self, n, words: tuple[str, ...]) -> bool:
        k = len(words)
        if n.i - k < n.sent.start:
            return False
        before = [t.lower_ for t in n.doc[n.i - k:n.i]]
        lemmas = [t.lemma_.lower() for t in n.doc[n.i - k:n.i]]
        return before == list(words) or lemmas == list(words)

    def _longer_noun_entry(self, n, e: Entry) -> bool:
        """A bare entry ("strike") yields to a longer one that fits ("hunger strike")."""
        return any(x.extra and self._words_before(n, x.extra) and x.type != e.type
                   for x in self.lex.noun_entries(e.lemma))

    @staticmethod
    def _trigger_span(n, e: Entry) -> tuple[int, int]:
        return (n.i - len(e.extra), n.i + 1)

    def _dominated_by_trigger(self, n, verbal: set[int]) -> bool:
        """A noun inside the object of another trigger is that trigger's content, not an event
        ("called for an end to the aggression", "rejected the idea of a ceasefire")."""
        t = n
        for _ in range(6):
            h = t.head
            if h.i == t.i:
                return False
            if h.i in verbal and h.lemma_.lower() not in self.lex.light:
                return t.dep_ not in ("nsubj", "nsubjpass", "advcl", "advmod", "npadvmod") and not (
                    t.dep_ == "prep" and t.lower_ in ("after", "before", "since", "despite", "amid", "following", "during"))
            if t.dep_ in ("relcl", "ccomp", "advcl", "conj") and h.pos_ == "VERB":
                return False
            t = h
        return False

    def _light_verb(self, n):
        """The light verb whose object this event noun is ("launched an attack", "led hours of talks")."""
        if n.dep_ in ("dobj", "nsubjpass") and n.head.pos_ == "VERB" and n.head.lemma_.lower() in self.lex.light:
            return n.head
        if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.dep_ in ("dobj", "nsubjpass") and \
                n.head.head.pos_ == "NOUN" and not self.lex.noun_entries(n.head.head.lemma_.lower()):
            v = n.head.head.head  # "held two rounds of talks", "launched a wave of strikes"
            if v.pos_ == "VERB" and v.lemma_.lower() in self.lex.light:
                return v
        if n.dep_ == "pobj" and n.head.dep_ == "prep" and n.head.head.pos_ in ("VERB", "AUX") and \
                n.head.head.lemma_.lower() in ("be", "go", "engage", "take", "remain", "join") and \
                n.head.lower_ in ("on", "in"):
            return n.head.head  # "is on a Middle East tour", "went on strike"
        if n.dep_ == "attr" and n.head.lemma_ == "be":
            return n.head
        return None

    # ------------------------------------------------------------------ clauses and commitments
    def _condemning(self, v) -> bool:
        """Does a verb of naming give its object a damning description: "called the deal
        'lousy'", "described the attacks as a 'dastardly act'", "named the YPG as terrorists"?"""
        pred = []
        for c in v.children:
            if c.dep_ in ("oprd", "ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as"):
                pred.extend(c.subtree)
            elif c.dep_ == "dobj":
                for g in c.children:
                    if g.dep_ in ("appos", "oprd", "acl") or (g.dep_ == "prep" and g.lower_ == "as"):
                        pred.extend(g.subtree)
        words = {t.lower_ for t in pred} | {t.lemma_.lower() for t in pred}
        return bool(words & self.lex.negative_evaluation)

    @staticmethod
    def _to_clause(v):
        """An infinitive clause governed by the verb: "told foreign powers to leave"."""
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp", "advcl") and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                return c
        return None

    @staticmethod
    def _clause_of(v):
        """The clause a verb governs as its content: "urged Iran to stop", "demanded that Israel
        withdraw", "called for the Taliban to lift the ban" (parsed as an adverbial clause)."""
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
                return c
            if c.dep_ == "advcl" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                return c
        return None

    def _clause_subject(self, v, da: DocActors, source: list[Mention]) -> list[Mention]:
        """The addressee of a request or the accused of an allegation when it is the subject of
        the clause: "called for the Taliban to lift", "alleged the government is hiding"."""
        cl = self._clause_of(v)
        if cl is None:
            return []
        keys = {(m.actor.name, m.actor.country) for m in source}
        for c in cl.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                ms = [m for m in A.mentions_of(c, da) if (m.actor.name, m.actor.country) not in keys
                      and m.actor.country]
                if ms:
                    return ms
        return []

    def _is_content_clause(self, v) -> bool:
        """Is `v` the clause of what its head verb asks, refuses, threatens or agrees to?"""
        h = v.head
        for e in self.lex.verb_entries(h.lemma_.lower()):
            if e.type not in CLAUSE_TYPES or e.opt("evaluates"):
                continue
            cl = self._to_clause(h) if e.opt("needs_clause") else self._clause_of(h)
            if cl is not None and cl.i == v.i and (not e.extra or self._extra_ok(h, e)):
                return True
        return False

    def _clause_target(self, v, da: DocActors, source: list[Mention]) -> list[Mention]:
        """Whom the act in a trigger's clause is aimed at: "committed to send troops to Saudi
        Arabia", "launched an operation to flush out al-Shabab"."""
        cl = self._to_clause(v)
        if cl is None:
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ == "to":
                    cl = next((p for p in c.children if p.dep_ == "pcomp" and p.pos_ == "VERB"), None)
                if c.dep_ in ("dobj",):
                    cl = cl or next((g for g in c.children if g.dep_ == "acl" and self._to_clause_aux(g)), None)
        if cl is None:
            return []
        src = {m.actor.country for m in source}
        return [m for m in A.target_of_verb(cl, da, source) if m.actor.country and m.actor.country not in src]

    @staticmethod
    def _to_clause_aux(v) -> bool:
        return any(x.dep_ == "aux" and x.lower_ == "to" for x in v.children)

    @staticmethod
    def _for_doing(v) -> bool:
        """"attacked the newspaper for refusing to ...": blame for a deed, a verbal attack."""
        return any(c.dep_ == "prep" and c.lower_ == "for" and any(p.dep_ == "pcomp" or p.tag_ == "VBG" for p in c.children)
                   for c in v.children)

    @staticmethod
    def _object_is_actor(v, da: DocActors, allow_place: bool = False) -> bool:
        """The object itself (not something inside it) is an actor: "received the envoy", not
        "how much Iranian assistance is received"."""
        for c in v.children:
            if c.dep_ in ("dobj", "dative", "iobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in A.TARGET_PREPS):
                heads = [c] if c.dep_ != "prep" else [p for p in c.children if p.dep_ == "pobj"]
                if any(A.mentions_of(h, da, allow_place) or (allow_place and A.inner_target(h, da, True)) for h in heads):
                    return True
        return False

    @staticmethod
    def _stative(v) -> bool:
        """A verb describing a standing state: a participle modifying a noun ("forces backed by
        Iran"), a present-tense passive ("the rebels are backed by Iran") or a present-tense
        relative clause ("militia which support the PKK")."""
        if v.tag_ == "VBN" and v.dep_ in ("acl", "amod"):
            return True
        aux = [c for c in v.children if c.dep_ == "auxpass"]
        if aux and all(a.tag_ in ("VBZ", "VBP") for a in aux):
            return True
        return v.dep_ == "relcl" and v.tag_ in ("VBZ", "VBP")

    def _committed(self, v) -> bool:
        """Is this act announced rather than done: future tense ("will resume cooperation"),
        "would" in someone's statement, or the clause of a commitment ("agreed to withdraw",
        "is due to meet")? Conditions ("if ...") and mere possibility ("could") are not."""
        t = v
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in self.lex.hypothetical_marks for c in t.children):
                return False
            if t.dep_ in ("ROOT",) or t.head.i == t.i:
                break
            t = t.head
        for c in v.children:  # "would vote for it if ...": a condition, not a commitment
            if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
                return False
        aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        if aux & self.lex.future or ("going" in aux and any(c.lower_ == "to" for c in v.children)):
            return True
        if "would" in aux and self._speech_verb(v) is not None:
            return True
        if v.dep_ in ("xcomp", "advcl", "pcomp") and "to" in aux | {c.lower_ for c in v.children}:
            h = v.head
            if h.dep_ == "prep" and h.lower_ == "to":  # "committed to sending"
                h = h.head
            if h.lemma_.lower() in self.lex.commitment:
                return True
            # "is ready to accept", "are due to meet": a predicate adjective that commits
            if any(c.dep_ == "acomp" and c.lemma_.lower() in self.lex.commitment for c in h.children):
                return True
        if v.dep_ == "pcomp" and v.head.lower_ == "to" and v.head.head.lemma_.lower() in self.lex.commitment:
            return True
        return False

    # ------------------------------------------------------------------ protests
    @staticmethod
    def _protest_sides(tok, da: DocActors, source, target):
        """Protesters whose country is not said protest where they are, and unless the text
        names someone else, against their own authorities ("anti-government protests in Baghdad")."""
        if not target and tok.pos_ != "VERB":
            target = A.anti_targets(tok, da)
        if not any(m.actor.country for m in source):
            for t in tok.subtree if tok.pos_ == "VERB" else list(tok.subtree) + list(tok.head.subtree):
                m = da.at(t.i)
                if m is not None and m.actor.country and (m.role == "place" or m.place is not None):
                    source = [m]
                    break
        if source and not target and all(m.actor.country for m in source):
            target = [source[0]]
        return source, target

    # ------------------------------------------------------------------ events named by their effect
    def _targets_from_events(self, found: list[Candidate], before: list[Candidate], da: DocActors) -> None:
        """A condemnation, demand or denial aimed at an event is aimed at whoever did it:
        "condemned the attack" (the attackers), "called for an investigation into the shooting"
        (the police), "denied the accusation" (the accuser)."""
        for c in found:
            if c.type not in ABOUT_EVENT_TYPES or c.target or not c.source or c.derived:
                continue
            got = self._event_doer(c.token, found + before, c, da)
            if got:
                c.target = got

    def _event_doer(self, tok, pool: list[Candidate], c: Candidate, da: DocActors) -> list[Mention]:
        src = {m.actor.country for m in c.source}
        for o in self._about_nouns(tok):
            lemma = o.lemma_.lower()
            if c.type == "REJECT" and lemma in self.lex.accusation_nouns:
                want = {"ACCUSE"}
            else:
                want = {e.type for e in self.lex.noun_entries(lemma)} - {"PROTEST"}
            if not want:
                continue
            ms = [m for m in A.source_of_noun(o, da) if m.actor.country and m.actor.country not in src]
            if ms:
                return ms
            earlier = [p for p in pool if p.type in want and p.source and not p.negated and not p.hypothetical
                       and p.token.i < o.i and p is not c and
                       all(m.actor.country and m.actor.country not in src for m in p.source)]
            if earlier:
                return list(max(earlier, key=lambda p: p.token.i).source)
        return []

    @staticmethod
    def _about_nouns(tok) -> list:
        """Nouns a verbal trigger is about: its object, a "for"/"into"/"over" phrase, and the noun an
        "of"/"into" phrase of those hangs on ("an investigation into the shooting")."""
        out = []
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("for", "into", "over", "of", "about"):
                out.extend(p for p in c.children if p.dep_ == "pobj")
        for n in list(out):
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ in ("into", "of", "for", "over"):
                    out.extend(p for p in c.children if p.dep_ == "pobj")
        return out

    # ------------------------------------------------------------------ derived readings
    def _damning_statements(self, sent, da: DocActors) -> list[Candidate]:
        """"Trump said the EU is 'one of the most hostile ... authorities'": a speaker who calls an
        actor something damning accuses it (ACCUSE speaker -> subject)."""
        out = []
        for tok in sent:
            if tok.lemma_ != "be" or tok.pos_ not in ("AUX", "VERB"):
                continue
            pred = [t for c in tok.children if c.dep_ in ("attr", "acomp") for t in c.subtree]
            words = {t.lower_ for t in pred} | {t.lemma_.lower() for t in pred}
            if not words & self.lex.negative_evaluation or any(c.dep_ == "neg" for c in tok.children):
                continue
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            target = [m for s in subj for m in A.mentions_of(s, da) if m.actor.country]
            speaker = self._speaker(tok, da)
            if not target or not speaker:
                continue
            keys = {(m.actor.name, m.actor.country) for m in speaker}
            target = [m for m in target if (m.actor.name, m.actor.country) not in keys]
            if target:
                out.append(Candidate("ACCUSE", "disapprove", tok, (tok.i, tok.i + 1), speaker, target,
                                     confidence=0.6, derived=True))
        return out

    def _no_x(self, n, da: DocActors) -> Optional[Candidate]:
        """'there will be no ceasefire' / 'no talks until ...' -> REJECT by the speaker."""
        if not any(c.dep_ == "det" and c.lower_ == "no" for c in n.children):
            return None
        speaker = self._speaker(n, da)
        if not speaker:
            return None
        c = Candidate("REJECT", None, n, (n.i, n.i + 1), speaker, [], issue=n.lemma_.lower(), confidence=0.65)
        return c

    def _threats_from_speech(self, found: list[Candidate], da: DocActors) -> list[Candidate]:
        """A future or conditional act of force in someone's statement is a threat by the speaker."""
        out = []
        for c in found:
            if c.type not in CONFLICT_FOR_THREAT or c.derived or c.negated:
                continue
            if not (c.hypothetical or c.future):
                continue
            speech = self._speech_verb(c.token)
            if speech is None:
                continue
            speaker, _ = A.source_of_verb(speech, da)
            if not speaker:
                continue
            if {m.actor.country for m in speaker} & {m.actor.country for m in c.source} - {None}:
                # "we will strike": the speaker's own act announced -> still a threat by the speaker
                pass
            target = c.target or []
            if not target:
                continue  # an announced act with nobody named is an intention, not a threat
            t = Candidate("THREATEN", CONFLICT_FOR_THREAT[c.type], speech, (speech.i, speech.i + 1), speaker,
                          target, confidence=0.7, derived=True)
            c.hypothetical = True
            out.append(t)
        return out

    def _speech_verb(self, tok):
        """The reporting (or threatening) verb whose clause holds `tok`, if any."""
        return speech_verb(tok, self.speech_verbs)

    def _speaker(self, tok, da: DocActors) -> list[Mention]:
        v = self._speech_verb(tok)
        if v is not None:
            s, _ = A.source_of_verb(v, da)
            return s
        return []

    # ------------------------------------------------------------------ modality
    def modality(self, v) -> tuple[bool, bool, bool]:
        neg = any(c.dep_ == "neg" for c in v.children) or self._no_longer(v)
        aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        fut = bool(aux & self.lex.future) or ("going" in aux and any(c.lower_ == "to" for c in v.children))
        hyp = bool(aux & self.lex.modal) or fut
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in self.lex.intent:
            hyp = True
            if v.head.lemma_.lower() in ("refuse", "fail"):
                neg = True
        if v.dep_ == "xcomp" and any(c.dep_ == "neg" for c in v.head.children) \
                and v.head.lemma_.lower() not in self.lex.negation_transparent:
            neg = True  # "are not allowed to undertake trips"; but "did not hesitate to strike" did
        if v.dep_ in ("xcomp", "ccomp", "advcl") and v.head.pos_ == "VERB" and self._is_content_clause(v):
            hyp = True  # what is asked, refused, threatened or agreed to has not happened
        if v.dep_ in ("xcomp",) or (v.dep_ in ("advcl", "ccomp") and self._to_clause_aux(v)):
            haux = {c.lower_ for c in v.head.children if c.dep_ in ("aux", "auxpass")}
            if haux & (self.lex.modal | self.lex.future):
                hyp = True  # "a law that would have allowed the government to extradite"
        t = v
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in self.lex.hypothetical_marks for c in t.children):
                hyp = True
                break
            if t.dep_ in ("ROOT",):
                break
            h = t.head
            if h.pos_ == "NOUN" and h.lemma_.lower() in self.lex.irrealis and t.dep_ in ("acl", "ccomp", "relcl"):
                hyp = True
                break
            if t.dep_ == "xcomp" and h.lemma_.lower() in self.lex.intent:
                hyp = True
            t = h
        return neg, hyp, fut

    @staticmethod
    def _no_longer(v) -> bool:
        """'will no longer grant access', 'no more allowed': the act is denied, not done."""
        return any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in ("longer", "more")
                   and any(g.lower_ == "no" for g in c.children) for c in v.children)

    def _noun_modality(self, n) -> tuple[bool, bool, bool]:
        neg = any(c.dep_ == "det" and c.lower_ == "no" for c in n.children)
        h = n.head
        if n.dep_ in ("nsubj", "nsubjpass") and h.pos_ in ("VERB", "AUX") and \
                any(c.dep_ == "neg" for c in h.children):
            neg = True  # "protests are not reported in Mosul"
        hyp = False
        if n.dep_ in ("dobj",) and h.lemma_.lower() in self.lex.intent:
            hyp = True
        if n.dep_ == "pobj" and h.head.pos_ == "NOUN" and h.head.lemma_.lower() in ("threat", "risk", "fear", "possibility", "plan"):
            hyp = True
        return neg, hyp, False

    # ------------------------------------------------------------------ helpers
    def attribution(self, tok, da: DocActors, source: list[Mention]) -> Optional[Mention]:
        sent = tok.sent
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < sent.end and tok.doc[t.i + 1].lower_ == "to":
                for c in tok.doc[t.i + 1].children:
                    if c.dep_ == "pobj":
                        ms = A.mentions_of(c, da)
                        if ms:
                            return ms[0]
        v = self._speech_verb(tok)
        if v is None and tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "for") \
                and tok.head.head.lemma_.lower() in self.lex.words.get("accusing_verbs", ()):
            v = tok.head.head  # "Congo accused Rwanda of backing M23": the backing is Congo's claim
        if v is not None:
            s, _ = A.source_of_verb(v, da)
            if s and {(m.actor.name, m.actor.country) for m in s} != {(m.actor.name, m.actor.country) for m in source}:
                return s[0]
        return None

    @staticmethod
    def _same_country(source, target) -> bool:
        sc = {m.actor.country for m in source if m.actor.country}
        tc = {m.actor.country for m in target if m.actor.country}
        return bool(sc) and sc == tc

    @staticmethod
    def _issue(objs) -> Optional[str]:
        for o in objs:
            if o.pos_ in ("NOUN", "PROPN", "VERB"):
                return o.lemma_.lower()
        return None

    @staticmethod
    def _confidence(c: Candidate, fallback: bool) -> float:
        conf = 0.55
        if c.source and all(m.actor.country for m in c.source):
            conf += 0.15
        if any(m.via in ("context", "focus") for m in c.source):
            conf -= 0.1
        if c.target:
            conf += 0.1
        if fallback:
            conf -= 0.15
        return max(0.05, min(0.95, conf))
