"""Alignments the text asserts between actors: backs, ally_of, proxy_of, adversary_of.

Read from the forms news uses for them (vocabulary in `relations.yaml`):
- relation nouns: "Yemen's proxy, the Houthis", "Israel, Iran's foremost ally", "a close ally of
  Egypt", "Turkey's rival Greece", "Israel's proxies in Syria and Lebanon" (one relation per place);
- support: "its support for Israel", "Iranian-backed Hamas", "backed by Iran", "Cuba supports Maduro";
- "allied with", "the war between Russia and Ukraine".
Every relation is kept as written, true or not: the checker (`checks/`) decides what contradicts the
reference base, so a false statement is reported rather than silently dropped.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from powderkeg.actors import sectors
from powderkeg.actors import syntax as A
from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.context import DocContext
from powderkeg.nlp.modality import Modality
from powderkeg.records import Actor, Relation, Trigger

POSSESSIVE_PRONOUNS = {"its", "their"}


class RelationReader:
    """Reads relations from an analysed document (a `context.Reader`)."""

    def __init__(self, cfg: dict, words: dict, modality: Modality) -> None:
        self.modality = modality
        self.nouns: dict[str, dict] = cfg["nouns"]
        self.support_nouns = set(cfg["support_nouns"])
        self.support_light = set(cfg["support_light_verbs"])
        self.support_verbs = set(cfg["support_verbs"])
        self.backed = set(words["backed_participles"])
        self.allied = set(words["ally_participles"])
        self.conflict_nouns = set(cfg["conflict_nouns"])
        # every lemma `_at` dispatches on: a token whose lemma is none of them (and whose word is
        # no "-backed" participle) states no relation, and is passed by before its parse is read
        self.lemmas = set(self.nouns) | self.support_nouns | self.support_verbs | self.backed | self.allied \
            | self.conflict_nouns

    def read(self, ctx: DocContext) -> list[Relation]:
        doc, sdoc, da = ctx.document, ctx.parsed, ctx.actors
        out: list[Relation] = []
        seen: set[tuple] = set()
        for si, sent in enumerate(ctx.sentences):
            for t in ctx.tokens[sent.start:sent.end]:  # listed once for the document
                found = self._at(t, da)
                negated, hypothetical = self._modality(t) if found else (False, False)
                for subj, rel, obj, span in found:
                    if subj is None or obj is None or _same(subj, obj):
                        continue
                    key = (subj.name or subj.text, subj.country, rel, obj.name or obj.text, obj.country)
                    if key in seen:
                        continue
                    seen.add(key)
                    words = sdoc[span[0]:span[1]]
                    out.append(Relation(doc_id=doc.doc_id, evidence=ctx.evidence(si), subject=subj,
                                        relation=rel, object=obj,
                                        trigger=Trigger(doc.text[words.start_char:words.end_char], (words.start_char, words.end_char)),
                                        id=f"{doc.doc_id}#r{len(out) + 1}", negated=negated,
                                        hypothetical=hypothetical))
        return out

    def _modality(self, t) -> tuple[bool, bool]:
        """(negated, hypothetical) of the words that state a relation: a verb's own ("Iran would back
        Hamas if ..."), a predicate noun's copula ("Egypt is not Turkey's ally"); a relation noun
        inside a phrase ("Yemen's proxy, the Houthis, fired") is asserted as it stands."""
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "acl") or t.tag_ == "VBN" and t.dep_ == "ROOT":
            neg, hyp, _ = self.modality.of_verb(t)
            return neg, hyp
        if t.dep_ == "attr" and t.head.lemma_ == "be":
            neg, hyp, _ = self.modality.of_verb(t.head)
            return neg, hyp
        return False, False

    # ------------------------------------------------------------------ dispatch
    def _at(self, t, da: DocActors) -> list[tuple]:
        lemma = t.lemma_.lower()
        if lemma not in self.lemmas and t.lower_ not in self.backed:
            return []
        if lemma in self.nouns and t.dep_ in ("amod", "compound") and t.head.pos_ == "PROPN":
            return self._relation_modifier(t, da)
        if t.pos_ in ("NOUN", "PROPN") and lemma in self.nouns:
            return self._relation_noun(t, da)
        if t.pos_ == "NOUN" and lemma in self.support_nouns:
            return self._support_noun(t, da)
        if t.lower_ in self.backed and t.i > 1 and t.doc[t.i - 1].text in ("-", "–"):
            return self._backed_compound(t, da)
        if t.pos_ in ("VERB", "ADJ") and (lemma in self.support_verbs or lemma in self.backed):
            return self._support_verb(t, da)
        if lemma in self.allied:
            return self._allied(t, da)
        if t.pos_ == "NOUN" and lemma in self.conflict_nouns:
            return self._conflict(t, da)
        return []

    # ------------------------------------------------------------------ forms
    def _relation_noun(self, n, da: DocActors) -> list[tuple]:
        spec = self.nouns[n.lemma_.lower()]
        merged = da.at(n.i)
        possessor = self._possessor(n, da, merged)
        if possessor is None:
            return self._mutual(n, da, spec)
        referents = self._referents(n, da, merged, possessor)
        out = []
        for ref in referents:
            if spec.get("foreign_only") and ref.country == possessor.country:
                continue
            subj, obj = (possessor, ref) if spec.get("inverse") else (ref, possessor)
            out.append((subj, spec["relation"], obj, _phrase(n, ref, possessor)))
        return out

    def _relation_modifier(self, t, da: DocActors) -> list[tuple]:
        """ "Turkey's rival Greece": the noun modifies the name, the possessor hangs on the name."""
        spec = self.nouns[t.lemma_.lower()]
        head = t.head
        ref = da.at(head.i)
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if not A.usable(ref) or poss is None:
            return []
        possessor = self._possessive(poss, da)
        if possessor is None:
            return []
        subj, obj = (possessor, ref.actor) if spec.get("inverse") else (ref.actor, possessor)
        return [(subj, spec["relation"], obj, (poss.i, head.i + 1))]

    def _mutual(self, n, da: DocActors, spec: dict) -> list[tuple]:
        """ "Egypt and Turkey are traditionally allies": two subjects, a symmetric relation."""
        if spec["relation"] not in ("ally_of", "adversary_of") or n.dep_ != "attr":
            return []
        subj = [m for c in n.head.children if c.dep_ == "nsubj" for m in A.mentions_of(c, da)]
        if len(subj) != 2 or not all(m.actor.country for m in subj):
            return []
        return [(subj[0].actor, spec["relation"], subj[1].actor, (subj[0].start, n.i + 1))]

    def _possessor(self, n, da: DocActors, merged: Optional[Mention]) -> Optional[Actor]:
        if merged is not None and merged.start < n.i:
            # "Israel's proxies", "Yemen's proxy, the Houthis": the resolver merged the possessor in
            inner = _merged_possessor(merged)
            if inner is not None:
                return inner
        for c in n.children:
            if c.dep_ == "poss":
                return self._possessive(c, da)
        for c in n.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < n.i:
                m = da.at(c.i)
                if A.usable(m) and m.actor.country and m is not merged:
                    return m.actor
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        ms = A.mentions_of(p, da)
                        if ms and ms[0].actor.country:
                            return ms[0].actor
        if n.dep_ == "dobj" and n.head.pos_ == "VERB" and any(
                c.dep_ == "prep" and c.lower_ in ("as", "like", "including") for c in n.children):
            # "the US has been encouraging allies such as Germany": the subject's allies
            subj, fallback = A.source_of_verb(n.head, da)
            if subj and not fallback and subj[0].actor.country:
                return subj[0].actor
        return None

    def _possessive(self, tok, da: DocActors) -> Optional[Actor]:
        """The actor of a possessive. For "its"/"their" prefer, within the sentence, an earlier
        possessor ("from Israel's proxies ..., as well as from its militia") and then the nearest
        actor before it: a relation's possessor is rarely far from it."""
        m = da.at(tok.i)
        if tok.lower_ not in POSSESSIVE_PRONOUNS:
            return m.actor if A.usable(m) and (m.actor.country or m.actor.name) else None
        sent = tok.sent
        for t in sent:
            if t.i >= tok.i:
                break
            if t.dep_ == "poss" and t.lower_ not in POSSESSIVE_PRONOUNS:
                pm = da.at(t.i)
                if pm is not None and pm.patron is not None:
                    return pm.patron
                if A.usable(pm) and pm.actor.country and pm.role != "pronoun":
                    return pm.actor
        best = None
        for cand in da.mentions:
            if sent.start <= cand.start and cand.end <= tok.i and cand.role not in ("pronoun", "anaphor") \
                    and A.usable(cand) and cand.actor.country:
                head = sent.doc[cand.end - 1]
                if head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "from", "to", "into", "near"):
                    continue  # a place the sentence is about, not a possessor
                best = cand
        if best is not None:
            return best.actor
        return m.actor if A.usable(m) and m.actor.country else None

    def _referents(self, n, da: DocActors, merged: Optional[Mention], possessor: Actor) -> list[Actor]:
        if n.dep_ == "appos":
            ms = A.mentions_of(n.head, da)
            if ms:
                return [ms[0].actor]
        for c in n.children:
            if c.dep_ == "appos":
                ms = A.mentions_of(c, da)
                if ms:
                    return [m.actor for m in ms]
        if n.dep_ == "attr" and n.head.lemma_ == "be" and possessor is not None:
            for c in n.head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    ms = A.mentions_of(c, da)
                    if ms:
                        return [m.actor for m in ms]
        if n.dep_ in ("compound", "nmod", "amod") and n.head.pos_ == "PROPN":
            m = da.at(n.head.i)
            if A.usable(m):
                return [m.actor]
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("as", "like", "including"):
                for p in list(c.children) + [g for cc in c.children for g in cc.children]:
                    if p.dep_ == "pobj":
                        ms = A.mentions_of(p, da)
                        if ms:
                            return [m.actor for m in ms]
        # the noun itself stands for the actors ("its militia in Iraq"): one per place named
        if merged is not None and merged.via is not None:
            return []  # "its allies" took a country through a pronoun: too weak to assert a relation
        base = merged.actor if merged is not None else Actor(text=n.text, sector="REB", kind="armed_group")
        places = self._places_in(n, da)
        if places:
            return [replace(base, country=p, name=None, text=_noun_phrase(n)) for p in places]
        if merged is not None and merged.actor.country and merged.actor.country != possessor.country:
            return [merged.actor]
        return []

    @staticmethod
    def _places_in(n, da: DocActors) -> list[str]:
        out = []
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "from", "across"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        for t in [p] + list(p.conjuncts):
                            m = da.at(t.i)
                            if m is not None and m.actor.country and m.actor.country not in out:
                                out.append(m.actor.country)
        return out

    def _support_noun(self, n, da: DocActors) -> list[tuple]:
        backer = None
        for c in n.children:
            if c.dep_ == "poss":
                backer = self._possessive(c, da)
            elif c.dep_ in ("compound", "amod", "nmod") and backer is None:
                m = da.at(c.i)
                if A.usable(m) and m.actor.country:
                    backer = m.actor
        if backer is None and n.dep_ == "dobj" and n.head.lemma_.lower() in self.support_light:
            subj, fallback = A.source_of_verb(n.head, da)
            if subj and not fallback and subj[0].actor.country:
                backer = subj[0].actor
        if backer is None:
            return []
        out = []
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "to"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        for m in A.mentions_of(p, da):
                            if m.actor.country and (m.via is None or m.role == "name"):  # not "its allies"
                                out.append((backer, "backs", m.actor, (n.i, p.i + 1)))
        return out

    def _backed_compound(self, t, da: DocActors) -> list[tuple]:
        """ "Iranian-backed Hamas", "the PMF, an Iranian-backed militia" """
        merged = da.at(t.head.i)
        if merged is not None and merged.patron is not None and merged.actor.country:
            return [(merged.patron, "backs", merged.actor, (t.i - 2, merged.end))]
        backer_m = da.at(t.i - 2) if t.i >= 2 else None
        if backer_m is None or not backer_m.actor.country:
            return []
        head = t.head
        while head.dep_ in ("amod", "compound") and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "Armenian-backed separatist Republic of Artsakh": the Republic
        named = [m for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj" for m in A.mentions_of(p, da, allow_place=True)
                 if m.actor.country and m is not backer_m]
        if named and head.pos_ == "PROPN":
            return [(backer_m.actor, "backs", m.actor, (t.i - 2, m.end)) for m in named]
        targets = [m.actor for m in A.mentions_of(head, da) if m is not backer_m and m.actor.country]
        if not targets and head.dep_ == "appos":
            targets = [m.actor for m in A.mentions_of(head.head, da) if m.actor.country]
        if not targets:
            m = da.at(head.i)
            if m is not None and m.patron is not None and m.actor.country:
                targets = [m.actor]
        return [(backer_m.actor, "backs", x, (t.i - 2, head.i + 1)) for x in targets]

    def _support_verb(self, v, da: DocActors) -> list[tuple]:
        if any(c.dep_ == "neg" for c in v.children):
            return []
        if A.is_passive(v) or (v.tag_ == "VBN" and v.dep_ in ("acl", "amod")):
            backers = []
            for c in v.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            backers = [m for m in A.mentions_of(p, da) if m.actor.country]
            if not backers:
                return []
            if v.dep_ in ("acl", "amod", "relcl"):
                backed = A.mentions_of(v.head, da)
            else:
                backed = [m for c in v.children if c.dep_ == "nsubjpass" for m in A.mentions_of(c, da)]
            return [(b.actor, "backs", x.actor, (min(v.i, x.start), max(v.i, b.end))) for b in backers
                    for x in backed if x.actor.country]
        if v.pos_ != "VERB":
            return []
        subj, fallback = A.source_of_verb(v, da)
        if v.dep_ == "pcomp" and v.head.lower_ in ("of", "for") and v.head.head.pos_ == "VERB":
            # "Congo accused Rwanda of backing M23": the accused is the one said to back
            accused = [m for c in v.head.head.children if c.dep_ == "dobj" for m in A.mentions_of(c, da)]
            subj, fallback = accused, False
        if fallback:
            return []
        # the object itself must be an actor: "supports the U.S. ceasefire proposal" backs no one
        objs = [m for c in v.children if c.dep_ == "dobj" for t in [c] + list(c.conjuncts)
                for m in [da.at(t.i)] if A.usable(m)]
        return [(s.actor, "backs", o.actor, (v.i, o.end)) for s in subj for o in objs
                if s.actor.country and o.actor.country]

    def _allied(self, t, da: DocActors) -> list[tuple]:
        out = []
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                objs = [m for p in c.children if p.dep_ == "pobj" for m in A.mentions_of(p, da)]
                verb = t if t.pos_ in ("VERB", "AUX") else t.head
                subj, fallback = A.source_of_verb(verb, da) if verb.pos_ in ("VERB", "AUX") else ([], True)
                if not subj and t.dep_ in ("amod", "acl"):
                    subj = A.mentions_of(t.head, da)
                out += [(s.actor, "ally_of", o.actor, (t.i, o.end)) for s in subj for o in objs
                        if s.actor.country and o.actor.country]
        return out

    def _conflict(self, n, da: DocActors) -> list[tuple]:
        sides: list[Mention] = []
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                for p in c.children:
                    if p.dep_ == "pobj":
                        sides += A.mentions_of(p, da)
        if not sides:
            # "the Russia-Ukraine war": two state names joined before the noun
            mods = [da.at(c.i) for c in n.children if c.dep_ in ("compound", "amod", "nmod") and c.i < n.i]
            mods += [da.at(g.i) for c in n.children if c.i < n.i for g in c.children if g.i < n.i]
            for m in mods:
                if m is not None and A.usable(m, allow_place=True) and all(m is not x for x in sides):
                    sides.append(m)
        states = [m for m in sides if m.actor.country]
        if len(states) != 2 or states[0].actor.country == states[1].actor.country:
            return []
        a, b = sorted(states, key=lambda m: m.start)
        return [(a.actor, "adversary_of", b.actor, (min(a.start, n.i), max(b.end, n.i + 1)))]


def _merged_possessor(m: Mention) -> Optional[Actor]:
    """The possessor the resolver folded into a mention: its patron, or the state in a
    descriptor ("Yemen's proxy, the Houthis")."""
    if m.patron is not None:
        return m.patron
    d = m.descriptor or {}
    return d.get("patron") or d.get("of")


def _same(a: Actor, b: Actor) -> bool:
    """Both sides are one actor, or the same state seen twice ("Iran ... the Iranian regime")."""
    if a.name and b.name and a.name == b.name:
        return True
    def statish(x: Actor) -> bool:
        return x.kind == "state" or x.sector in sectors.STATE
    return a.country == b.country and statish(a) and statish(b)


def _phrase(n, ref: Actor, possessor: Actor) -> tuple[int, int]:
    """The words of a relation-noun statement: from the earliest of the actors' spans to the noun."""
    doc = n.doc
    starts = [n.i]
    ends = [n.i + 1]
    for a in (ref, possessor):
        if a.start is not None:
            tok = doc.char_span(a.start, a.end, alignment_mode="expand")
            if tok is not None and abs(tok.start - n.i) < 40:
                starts.append(tok.start)
                ends.append(tok.end)
    for c in n.children:  # "proxies in Syria and Lebanon": the place phrase, not the whole subtree
        if c.dep_ == "prep" and c.lower_ in ("in", "from", "across"):
            ends.append(max(t.i for t in c.subtree) + 1)
    return min(starts), max(ends)


def _noun_phrase(n) -> str:
    """The words of a relation noun with its modifiers and place ("militia in Iraq")."""
    doc = n.doc
    first = min([n.i] + [c.i for c in n.children if c.dep_ in ("amod", "compound") and c.i < n.i])
    last = n.i
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "from", "across"):
            last = max(last, c.right_edge.i)
    return doc[first:last + 1].text
