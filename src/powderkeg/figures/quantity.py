"""What a number counts: the quantity, read off the parse around the number.

Order of evidence, most specific first:
1. the counted noun is itself a quantity whose meaning does not change with the verb
   (weapons: "ten drones", "seventeen rockets");
2. what happens to the counted thing: the verb it is the object (active) or subject (passive) of
   ("killed 18", "71 people were arrested"), the state it is in ("190 were dead", "confirmed dead",
   "17 injured people", "schoolgirls kidnapped"), the event noun it is the object of ("the deaths of
   16 militants", "injuries to eight personnel"), a toll it is the value of ("the death toll exceeded
   100");
3. the counted noun's own quantity ("27 dead", "200 hostages", "two million refugees", troops when a
   deployment verb or "there are" governs them).
Anything else is not a figure: a number of people that nothing happened to counts nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from powderkeg.figures.lexicon import FigureLexicon
from powderkeg.figures.numbers import Number

WEAPONS = {"drones", "rockets", "missiles"}
UNCOUNTABLE_PERSON_OBJECTS = {"aid_trucks", "aid_tonnes"}
PASSIVE_DEPS = ("nsubjpass",)


@dataclass
class Reading:
    """What a number counts and the words that said so."""

    quantity: str
    predicate: object  # the verb or noun that told the quantity (for actor, modality, claimant)
    counted: object  # the counted noun, or the number's own head token
    qualifier: Optional[str] = None  # a qualifier the predicate implies ("exceeded 100")
    kind: str = "verb"  # verb | passive | state | noun | event_noun | toll


class QuantityReader:
    def __init__(self, lex: FigureLexicon, reporting: frozenset = frozenset()):
        self.lex = lex
        self.reporting = reporting  # reporting verbs (words.yaml): "claimed 190 were dead"

    # ------------------------------------------------------------------ entry point
    def read(self, num: Number, doc) -> Optional[Reading]:
        toks = [doc[i] for i in range(num.start, num.end)]
        head = self._outer(toks)
        counted, anchor = self._counted(head, doc)
        if counted is not None and counted.lemma_.lower() in self.lex.not_counts:
            return None
        if counted is not None and counted.lower_ in self.lex.not_counts:
            return None
        if counted is not None and counted.lemma_.lower() in self.lex.not_people:
            return None
        if num.money:
            return self._aid_money(head, counted)
        if counted is not None:
            q = self._noun_quantity(counted)
            if q in WEAPONS:
                return Reading(q, counted, counted, kind="noun")
        if self._in_breakdown(anchor):
            return None
        r = self.predicate(anchor, counted)
        if r is None and counted is not None:
            r = self._noun_default(counted, anchor)
        if r is not None and self._not_violent(r, head):
            return None
        return r

    def _not_violent(self, r: Reading, head) -> bool:
        """Deaths from a disease are not casualties of a conflict ("144 coronavirus-related deaths")."""
        if r.quantity not in ("killed", "injured", "casualties"):
            return False
        words = {t.lower_ for t in head.sent} | {t.lemma_.lower() for t in head.sent}
        words |= {p for t in head.sent for p in t.lower_.split("-")}
        return bool(words & self.lex.non_violent_causes)

    # ------------------------------------------------------------------ the counted noun
    @staticmethod
    def _outer(toks):
        """The token of the number whose head lies outside it."""
        ids = {t.i for t in toks}
        for t in reversed(toks):
            if t.head.i not in ids or t.head.i == t.i:
                return t
        return toks[-1]

    def _counted(self, head, doc):
        """(counted noun or None, the token whose grammatical role decides the predicate)."""
        if head.lower_ in self.lex.vague or head.lemma_.lower() in ("hundred", "thousand", "million", "dozen"):
            # "hundreds of Taliban": the vague word is the head; what it counts is its "of" object
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lower_ not in self.lex.vague:
                            return p, head
            if head.dep_ in ("nummod", "amod", "quantmod", "compound") and head.head.pos_ in ("NOUN", "PROPN", "ADJ"):
                return head.head, head.head
            return None, head
        if head.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and head.head.i > head.i \
                and head.head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
            n = head.head
            # "more than 100 passengers hostage": the counted noun is a modifier of a quantity noun
            if n.dep_ == "compound" and n.head.pos_ == "NOUN" and n.head.lower_ in self.lex.states:
                return n.head, n.head
            return n, n
        # a number whose head is a noun through "of": "one member of ...": the number counts itself
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in self.lex.toll_nouns:
            return None, head
        return None, head

    def _noun_quantity(self, n) -> Optional[str]:
        lem, low = n.lemma_.lower(), n.lower_
        q = self.lex.nouns.get(low) or self.lex.nouns.get(lem)
        if q is None and low.endswith("s"):
            q = self.lex.nouns.get(low[:-1])
        return q

    def _in_breakdown(self, anchor) -> bool:
        """'five people including two elders': the two are a part of the five, not a new figure."""
        t = anchor
        for _ in range(4):
            if t.dep_ == "pobj" and t.head.lower_ in self.lex.breakdown_words:
                return True
            if t.dep_ in ("appos", "conj") and t.head.dep_ == "pobj" and t.head.head.lower_ in self.lex.breakdown_words:
                return True
            if t.head.i == t.i:
                break
            t = t.head
        return False

    # ------------------------------------------------------------------ predicates
    def predicate(self, anchor, counted) -> Optional[Reading]:
        lex = self.lex
        x = anchor
        # the role of a list decides for all its members: "150 forces, 95 civilians and hundreds killed"
        for _ in range(6):
            if x.dep_ in ("conj", "appos") and x.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON", "ADJ") and x.head.i < x.i:
                x = x.head
            else:
                break
        noun = counted if counted is not None else anchor
        # a participle on the counted noun: "270 schoolgirls kidnapped in Zamfara"
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in lex.verbs \
                    and self._verb_counts(c, counted):
                return Reading(lex.verbs[c.lemma_.lower()], c, noun, kind="passive")
        role, v = x.dep_, x.head
        if role == "pobj" and v.lower_ in self.lex.qualifiers_before and v.i + 1 < len(v.doc) and \
                v.doc[v.i + 1].like_num and v.head.pos_ == "VERB":
            role, v = "dobj", v.head  # "struck over 2,500 targets": the qualifier parsed as a preposition
        r = self._role(x, role, v, noun, counted)
        if r is not None:
            return r
        # the state of the counted noun: "17 injured people were shifted to a hospital"
        for c in noun.children:
            if c.dep_ == "amod" and c.i < noun.i and c.lower_ in lex.states and c.lower_ not in ("dead",):
                return Reading(lex.states[c.lower_], noun, noun, kind="state")
        return self._participle_after(x, noun, counted)

    def _participle_after(self, x, noun, counted) -> Optional[Reading]:
        """Surface fallback for a list the parser broke up: '150 security forces, 95 civilians, and
        hundreds of Taliban killed' - a participle right after the noun phrase."""
        right = max(t.i for t in x.subtree)
        for c in x.conjuncts:
            right = max(right, max(t.i for t in c.subtree))
        doc = x.doc
        if right + 1 < len(doc) and doc[right + 1].sent == x.sent:
            v = doc[right + 1]
            if v.tag_ in ("VBN", "VBD") and v.lemma_.lower() in self.lex.verbs and not self._has(v, ("dobj",)) \
                    and self._verb_counts(v, counted):
                return Reading(self.lex.verbs[v.lemma_.lower()], v, noun, kind="passive")
        return None

    def _role(self, x, role, v, noun, counted) -> Optional[Reading]:
        """What the counted noun's grammatical role says it counts."""
        lex = self.lex
        vl = v.lemma_.lower()
        if role in PASSIVE_DEPS or (role == "nsubj" and v.tag_ == "VBN" and not self._has(v, ("dobj",)) and v.pos_ == "VERB"):
            if vl in lex.verbs and self._verb_counts(v, counted):
                return Reading(lex.verbs[vl], v, noun, kind="passive")
            st = self._state_child(v)
            if st:
                return Reading(st, v, noun, kind="state")
        if role == "dobj":
            if vl in lex.verb_with:
                for c in v.children:
                    w = c.lower_
                    if w in lex.verb_with[vl] and c.i > x.i - 1:
                        return Reading(lex.verb_with[vl][w], v, noun, kind="verb")
            if vl in lex.verbs and self._verb_counts(v, counted) and not self._particle_mismatch(v):
                return Reading(lex.verbs[vl], v, noun, kind="verb")
            if vl in lex.draw_verbs and counted is not None and self._protest_in(v):
                return Reading("protesters", v, noun, kind="verb")
            tv = self._toll(v, x)
            if tv:
                return tv
            if vl in self.reporting:
                # "Mujahid claimed 190 were dead": the parser makes the number the object of the speech verb
                for c in v.children:
                    if c.dep_ == "ccomp" and not self._has(c, ("nsubj", "nsubjpass")):
                        st = self._state_child(c)
                        if st:
                            return Reading(st, c, noun, kind="state")
        if role == "nsubj":
            if vl in lex.intransitive and (counted is None or counted.lemma_.lower() not in WEAPONS):
                if vl in lex.needs_protest_object and not self._protest_in(v, objects_only=True):
                    return None
                return Reading(lex.intransitive[vl], v, noun, kind="verb")
            if vl in lex.needs_protest_object and self._protest_in(v, objects_only=True):
                return Reading("protesters", v, noun, kind="verb")
            st = self._state_child(v)
            if st:
                return Reading(st, v, noun, kind="state")
        if role in ("attr",) and vl == "be":
            for c in v.children:
                if c.dep_ == "nsubj":
                    q = self.lex.event_nouns.get(c.lemma_.lower()) or self._toll_kind(c)
                    if q and q != "troops":
                        return Reading(q, c, noun, kind="noun")
        if role in ("dobj", "attr", "pobj", "npadvmod"):
            tv = self._toll(v if role != "pobj" else v.head, x)
            if tv:
                return tv
        if role == "pobj":
            p, h = v, v.head
            hl = h.lemma_.lower()
            if p.lower_ in ("of", "to", "on", "for", "against") and hl in lex.event_nouns and (h.pos_ == "NOUN" or h.tag_ == "VBG"):
                return Reading(lex.event_nouns[hl], h, noun, kind="event_noun")
            if p.lower_ in ("on", "for", "against") and h.pos_ == "VERB":
                # "issued arrest warrants on 36 people": the preposition hangs on the light verb
                for c in h.children:
                    if c.dep_ == "dobj" and c.lemma_.lower() in lex.event_nouns:
                        return Reading(lex.event_nouns[c.lemma_.lower()], c, noun, kind="event_noun")
        return None

    def _verb_counts(self, v, counted) -> bool:
        """Does this verb count this noun? Strike verbs count targets, deployment verbs troops."""
        q = self.lex.verbs.get(v.lemma_.lower())
        cl = counted.lemma_.lower() if counted is not None else ""
        if q == "targets_struck":
            return cl in self.lex.target_nouns
        if q == "troops":
            return cl in self.lex.troop_nouns or self._noun_quantity(counted) == "troops" if counted is not None else False
        if q == "rescued" and v.lemma_.lower() == "evacuate":
            return counted is not None and cl not in self.lex.target_nouns
        return cl not in self.lex.target_nouns

    @staticmethod
    def _has(v, deps) -> bool:
        return any(c.dep_ in deps for c in v.children)

    def _particle_mismatch(self, v) -> bool:
        """'round' counts arrests only as 'round up'; 'pull' troops only as 'pull out'."""
        vl = v.lemma_.lower()
        if vl in self.lex.verb_with and vl in ("round", "pull"):
            return not any(c.dep_ == "prt" and c.lower_ in self.lex.verb_with[vl] for c in v.children)
        return False

    def _state_child(self, v) -> Optional[str]:
        for c in v.children:
            if c.dep_ in ("acomp", "oprd", "attr", "xcomp") and c.lower_ in self.lex.states:
                return self.lex.states[c.lower_]
        return None

    def _protest_in(self, v, objects_only: bool = False) -> bool:
        pn = self.lex.protest_nouns
        for c in v.children:
            if c.dep_ in ("dobj", "nsubj") and c.lemma_.lower() in pn:
                if not objects_only or c.dep_ == "dobj":
                    return True
            if c.dep_ == "prep":
                for p in c.children:
                    if p.dep_ == "pobj" and p.lemma_.lower() in pn:
                        return True
        if objects_only:
            return False
        return any(t.lemma_.lower() in pn for t in v.sent)

    def _toll_kind(self, n) -> Optional[str]:
        if n.lemma_.lower() not in self.lex.toll_nouns:
            return None
        for c in n.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in self.lex.toll_kinds:
                return self.lex.toll_kinds[c.lemma_.lower()]
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.lemma_.lower() in self.lex.toll_kinds:
                        return self.lex.toll_kinds[p.lemma_.lower()]
        return None

    def _toll(self, v, x) -> Optional[Reading]:
        """'the death toll rose to 40', 'death tolls exceeded 100'."""
        if v.lemma_.lower() not in self.lex.toll_verbs:
            return None
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                k = self._toll_kind(c)
                if k:
                    q = self.lex.toll_verbs[v.lemma_.lower()]
                    return Reading(k, c, x, qualifier=None if q == "exact" else q, kind="toll")
        return None

    # ------------------------------------------------------------------ noun defaults
    def _noun_default(self, n, anchor) -> Optional[Reading]:
        q = self._noun_quantity(n)
        lem = n.lemma_.lower()
        if q is None and lem in self.lex.intransitive and n.i > 0 and lem in ("march", "rally", "protest", "demonstrate"):
            # "Thousands march in London": a headline verb read as a noun the number modifies
            return Reading("protesters", n, n, kind="noun")
        if q is None and lem not in self.lex.troop_nouns:
            return None
        if q in UNCOUNTABLE_PERSON_OBJECTS:
            return Reading(q, n, n, kind="noun") if self._aid_near(n) else None
        if q == "targets_struck":
            return None  # targets count only when struck (decided by the verb above)
        if q == "troops" or lem in self.lex.troop_nouns:
            return self._troops(n, anchor)
        return Reading(q, n, n, kind="noun")

    def _troops(self, n, anchor) -> Optional[Reading]:
        """Troops count when deployed, sent, stationed, or simply there ('there are 5,000 US troops')."""
        x = anchor
        for _ in range(6):
            if x.dep_ in ("conj", "appos") and x.head.i < x.i:
                x = x.head
            else:
                break
        v = x.head
        vl = v.lemma_.lower()
        if x.dep_ in ("dobj", "nsubjpass", "attr") and (self.lex.verbs.get(vl) == "troops" or vl in ("be", "have", "keep", "number")):
            return Reading("troops", v, n, kind="verb")
        if x.dep_ == "pobj" and v.head.lemma_.lower() in self.lex.event_nouns and \
                self.lex.event_nouns[v.head.lemma_.lower()] == "troops":
            return Reading("troops", v.head, n, kind="event_noun")
        return None

    def _aid_near(self, n) -> bool:
        words = {t.lemma_.lower() for t in n.subtree} | {c.lemma_.lower() for c in n.children}
        return bool(words & self.lex.aid_words)

    def _aid_money(self, head, counted) -> Optional[Reading]:
        """Money is a figure only when it is aid: '$50 million in humanitarian aid'."""
        t = counted if counted is not None else head
        scope = {x.lemma_.lower() for x in t.subtree} | {x.lemma_.lower() for x in t.head.subtree if x.i > t.i}
        if scope & self.lex.money_aid_words:
            return Reading("aid_money", t, t, kind="noun")
        return None
