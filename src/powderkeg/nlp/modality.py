"""Modality and attribution of a word, read off the parse: one helper for every stage.

Whether something happened, is denied, is only possible or planned, and whose claim it is, are
decided here and nowhere else, so that an event, a figure, a stance and a relation told in the
same words get the same reading:
- negated: "did not attack", "refused to pay", "no longer grants", "no ceasefire";
- hypothetical: modal or future auxiliaries, "if"/"unless" clauses, what is wanted, feared or
  demanded ("plans to strike", "the threat of war", "urged Iran to stop");
- the speech verb whose clause holds a word ("Netanyahu said ... will strike"), and the
  "according to" phrases of its sentence: the anchors of attribution.
The word lists come from words.yaml (`ModalWords.from_words`); which clauses are the content of
a request or refusal depends on the event lexicon and is passed in as `content_clause`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from powderkeg.nlp.clauses import speech_verb

# verbs whose clause is someone's statement besides the reporting verbs: the verbs of threatening
THREATENING = frozenset({"threaten", "warn", "vow"})
IRREALIS_HEAD_NOUNS = ("threat", "risk", "fear", "possibility", "plan")


@dataclass(frozen=True)
class ModalWords:
    """The function words modality is read from (words.yaml)."""

    reporting: frozenset
    modal: frozenset
    future: frozenset
    intent: frozenset
    irrealis: frozenset
    commitment: frozenset
    negation_transparent: frozenset
    hypothetical_marks: frozenset
    accusing_verbs: frozenset

    @classmethod
    def from_words(cls, w: dict) -> "ModalWords":
        return cls(reporting=frozenset(w["reporting"]), modal=frozenset(w["modal"]), future=frozenset(w["future"]),
                   intent=frozenset(w["intent"]), irrealis=frozenset(w["irrealis_nouns"]),
                   commitment=frozenset(w.get("commitment", ())),
                   negation_transparent=frozenset(w.get("negation_transparent", ())),
                   hypothetical_marks=frozenset(w.get("hypothetical_marks", ())),
                   accusing_verbs=frozenset(w.get("accusing_verbs", ())))

    @property
    def speech_verbs(self) -> frozenset:
        """Verbs whose clause is someone's statement: reporting verbs and the verbs of threatening."""
        return self.reporting | THREATENING


def _never(_tok) -> bool:
    return False


def to_clause_aux(v) -> bool:
    """Does the verb carry an infinitive "to"?"""
    return any(x.dep_ == "aux" and x.lower_ == "to" for x in v.children)


def no_longer(v) -> bool:
    """'will no longer grant access', 'no more allowed': the act is denied, not done."""
    return any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in ("longer", "more")
               and any(g.lower_ == "no" for g in c.children) for c in v.children)


class Modality:
    """Negation, hypothetical/conditional and future readings, and the anchors of attribution."""

    def __init__(self, words: ModalWords, content_clause: Callable[[object], bool] = _never):
        self.words = words
        self.speech_verbs = words.speech_verbs
        self.content_clause = content_clause  # is a verb the clause of what its head asks/refuses?

    # ------------------------------------------------------------------ verbs and nouns
    def of_verb(self, v) -> tuple[bool, bool, bool]:
        """(negated, hypothetical, future) of a verb."""
        w = self.words
        neg = any(c.dep_ == "neg" for c in v.children) or no_longer(v)
        aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        fut = bool(aux & w.future) or ("going" in aux and any(c.lower_ == "to" for c in v.children))
        hyp = bool(aux & w.modal) or fut
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in w.intent:
            hyp = True
            if v.head.lemma_.lower() in ("refuse", "fail"):
                neg = True
        if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("until", "till", "before") for c in v.children):
            h = v.head  # "there will be no ceasefire until the hostages are returned": not yet done
            if {c.lower_ for c in h.children if c.dep_ in ("aux", "auxpass")} & (w.future | w.modal):
                hyp = True  # but "no traces were found before he was airlifted": he was
        if v.dep_ == "xcomp" and any(c.dep_ == "neg" for c in v.head.children) \
                and v.head.lemma_.lower() not in w.negation_transparent:
            neg = True  # "are not allowed to undertake trips"; but "did not hesitate to strike" did
        if v.dep_ in ("xcomp", "ccomp", "advcl") and v.head.pos_ == "VERB" and self.content_clause(v):
            hyp = True  # what is asked, refused, threatened or agreed to has not happened
        if v.dep_ in ("xcomp",) or (v.dep_ in ("advcl", "ccomp") and to_clause_aux(v)):
            haux = {c.lower_ for c in v.head.children if c.dep_ in ("aux", "auxpass")}
            if haux & (w.modal | w.future):
                hyp = True  # "a law that would have allowed the government to extradite"
        t = v
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in w.hypothetical_marks for c in t.children):
                hyp = True
                break
            if t.dep_ in ("ROOT",):
                break
            h = t.head
            if h.pos_ == "NOUN" and h.lemma_.lower() in w.irrealis and t.dep_ in ("acl", "ccomp", "relcl"):
                hyp = True
                break
            if t.dep_ == "xcomp" and h.lemma_.lower() in w.intent:
                hyp = True
            t = h
        return neg, hyp, fut

    def of_noun(self, n) -> tuple[bool, bool, bool]:
        """(negated, hypothetical, future) of an event noun with no light verb."""
        neg = any(c.dep_ == "det" and c.lower_ == "no" for c in n.children)
        h = n.head
        if n.dep_ in ("nsubj", "nsubjpass") and h.pos_ in ("VERB", "AUX") and \
                any(c.dep_ == "neg" for c in h.children):
            neg = True  # "protests are not reported in Mosul"
        hyp = False
        if n.dep_ in ("dobj",) and h.lemma_.lower() in self.words.intent:
            hyp = True
        if n.dep_ == "pobj" and h.head.pos_ == "NOUN" and h.head.lemma_.lower() in IRREALIS_HEAD_NOUNS:
            hyp = True
        return neg, hyp, False

    def of_word(self, tok) -> tuple[bool, bool]:
        """(negated, hypothetical) of any word that states something: a verb by its own reading, a
        noun, adjective or participle by the verb of its clause (stances, relations)."""
        t = tok
        for _ in range(4):
            if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
                break
            t = t.head
        if t.pos_ in ("VERB", "AUX"):
            neg, hyp, _ = self.of_verb(t)
        else:
            neg, hyp, _ = self.of_noun(tok)
        return neg, hyp

    def committed(self, v) -> bool:
        """Is this act announced rather than done: future tense ("will resume cooperation"),
        "would" in someone's statement, or the clause of a commitment ("agreed to withdraw",
        "is due to meet")? Conditions ("if ...") and mere possibility ("could") are not."""
        w = self.words
        t = v
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in w.hypothetical_marks for c in t.children):
                return False
            if t.dep_ in ("ROOT",) or t.head.i == t.i:
                break
            t = t.head
        for c in v.children:  # "would vote for it if ...": a condition, not a commitment
            if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
                return False
        aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        if aux & w.future or ("going" in aux and any(c.lower_ == "to" for c in v.children)):
            return True
        if "would" in aux and self.speech_verb(v) is not None:
            return True
        if v.dep_ in ("xcomp", "advcl", "pcomp") and "to" in aux | {c.lower_ for c in v.children}:
            h = v.head
            if h.dep_ == "prep" and h.lower_ == "to":  # "committed to sending"
                h = h.head
            if h.lemma_.lower() in w.commitment:
                return True
            # "is ready to accept", "are due to meet": a predicate adjective that commits
            if any(c.dep_ == "acomp" and c.lemma_.lower() in w.commitment for c in h.children):
                return True
        if v.dep_ == "pcomp" and v.head.lower_ == "to" and v.head.head.lemma_.lower() in w.commitment:
            return True
        return False

    def in_condition(self, word, max_up: int = 4) -> bool:
        """Is the word inside an "if"/"unless"/"whether" clause ("if a ceasefire is not implemented")?"""
        t = word
        for _ in range(max_up):
            if any(c.dep_ == "mark" and c.lower_ in self.words.hypothetical_marks for c in t.children):
                return True
            if t.dep_ not in ("xcomp", "conj", "aux", "auxpass") or t.head.i == t.i:
                return False
            t = t.head
        return False

    @staticmethod
    def negated_under(word, negating_heads) -> bool:
        """A negation on the word, or a governing verb that negates its clause ("refused to back")."""
        if any(c.dep_ == "neg" for c in word.children):
            return True
        return word.dep_ == "xcomp" and word.head.lemma_.lower() in negating_heads

    # ------------------------------------------------------------------ attribution
    def speech_verb(self, tok):
        """The reporting (or threatening) verb whose clause holds `tok`, if any."""
        return speech_verb(tok, self.speech_verbs)

    def reporting_verb(self, tok):
        """The reporting verb (threats not counted) whose clause holds `tok`, if any."""
        return speech_verb(tok, self.words.reporting)

    @staticmethod
    def according_to(tok) -> list:
        """The objects of "according to" in the sentence of `tok`, in order."""
        sent, doc = tok.sent, tok.doc
        out = []
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "to":
                out.extend(c for c in doc[t.i + 1].children if c.dep_ == "pobj")
        return out

    def claim_verb(self, tok):
        """The verb whose subject claims what `tok` says: a speech verb above it, or the verb of
        accusing it is the ground of ("Congo accused Rwanda of backing M23")."""
        v = self.speech_verb(tok)
        if v is None and tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "for") \
                and tok.head.head.lemma_.lower() in self.words.accusing_verbs:
            v = tok.head.head
        return v
