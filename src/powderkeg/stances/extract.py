"""Stances: the position an actor takes on an issue (support / oppose / conditional).

How a stance is read, per mention of an issue (`stances.yaml`):
1. "no ceasefire" is opposition by whoever says it; otherwise climb the parse from the issue
   through carrier words ("the idea of", "the urgency of implementing") to the first word that
   takes a position ("rejected", "called for", "support for").
2. A negation on that word, or a governing "refused to", turns support into opposition.
3. The holder is the word's subject (or the possessor of a noun, or the speaker of the clause).
4. "until"/"unless" clauses are kept as the condition of an opposition; "if"/"provided" clauses
   make a support conditional.
Only holders resolved to an actor are kept, and each (holder, issue, stance) once per article:
analysts compare stances across articles, so one well-evidenced record beats repeats.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from powderkeg.actors import syntax as A
from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.context import DocContext
from powderkeg.events import when
from powderkeg.nlp.clauses import clause_condition, span_head
from powderkeg.nlp.modality import Modality
from powderkeg.nlp.phrases import PhraseIndex
from powderkeg.records import Stance


class StanceLexicon:
    def __init__(self, cfg: dict):
        self.issues = PhraseIndex(cfg["issues"])
        self.support_verbs = set(cfg["support_verbs"])
        self.support_nouns = set(cfg["support_nouns"])
        self.oppose_verbs = set(cfg["oppose_verbs"])
        self.oppose_nouns = set(cfg["oppose_nouns"])
        self.oppose_phrasal = dict(cfg.get("oppose_phrasal") or {})
        self.carriers = set(cfg["carriers"])
        self.needs_prep = {k: set(v) for k, v in (cfg.get("needs_prep") or {}).items()}
        self.support_adjectives = set(cfg.get("support_adjectives") or [])
        self.oppose_adjectives = set(cfg.get("oppose_adjectives") or [])
        self.negating_heads = set(cfg["negating_heads"])
        self.cond_oppose = set(cfg["condition_markers"]["oppose"])
        self.cond_support = set(cfg["condition_markers"]["conditional"])
        self.issue_verbs: dict[str, str] = dict(cfg.get("issue_verbs") or {})
        self.in_principle = set(cfg.get("in_principle") or [])

    def normalise(self, text: str) -> str:
        """The normalised issue of a free-text issue ("the Turkey-Libya maritime agreement" -> deal)."""
        return self.issues.label_of_text(text) or text.strip().lower()


@dataclass
class _Position:
    word: object  # the token that takes the position
    stance: str  # support | oppose


class StanceReader:
    """Reads stances from an analysed document (a `context.Reader`)."""

    def __init__(self, lex: StanceLexicon, modality: Modality) -> None:
        self.lex = lex
        self.modality = modality

    def read(self, ctx: DocContext) -> list[Stance]:
        doc, sdoc, da = ctx.document, ctx.parsed, ctx.actors
        out: list[Stance] = []
        seen: set[tuple] = set()
        for si, sent in enumerate(ctx.sentences):
            for start, end, issue in self._issues(sent, ctx.tokens):
                tok = span_head(sdoc, start, end)
                if end - start == 1 and tok.pos_ not in ("NOUN", "PROPN") and not (
                        tok.pos_ == "VERB" and tok.lemma_.lower() in self.lex.issue_verbs):
                    continue  # "according to" is no accord, "to sanction X" is an act, not the issue
                if tok.dep_ in ("compound", "amod", "nmod") and tok.head.lemma_.lower() not in self.lex.carriers:
                    continue  # "a tariff fight" is about a fight; "the ceasefire proposal" is about the ceasefire
                if self._names_inner_issue(tok):
                    continue  # "an agreement to a ceasefire" is about the ceasefire
                if da.at(tok.i) is not None and da.at(tok.i).actor.country:
                    continue  # "the Peace Council" is an actor, not an issue
                for holders, stance, condition, negated, hypothetical in self._stances(tok, da):
                    for holder in holders:  # "the United States and Britain called for a ceasefire"
                        key = (holder.actor.name or holder.actor.text, holder.actor.country, issue, stance)
                        if key in seen:
                            continue
                        seen.add(key)
                        date = when.date_event(sent, _verb_of(tok), doc.date).date
                        out.append(Stance(doc_id=doc.doc_id, evidence=ctx.evidence(si), actor=holder.actor,
                                          issue=issue, stance=stance, condition=condition, date=date,
                                          issue_text=sdoc[start:end].text, id=f"{doc.doc_id}#s{len(out) + 1}",
                                          negated=negated, hypothetical=hypothetical))
        return out

    def _issues(self, sent, tokens: Sequence):
        """Issue mentions: nouns from the issue vocabulary, and verbs that name an issue where a
        stance verb governs them ("demanded that US troops withdraw"). `tokens` are the document's,
        listed once (walking `sent` would build every Token again)."""
        yield from self.lex.issues.find(sent, tokens)
        for t in tokens[sent.start:sent.end]:
            issue = self.lex.issue_verbs.get(t.lemma_.lower())
            if issue and t.pos_ == "VERB" and t.dep_ in ("xcomp", "ccomp") and \
                    t.head.lemma_.lower() in self.lex.support_verbs | self.lex.oppose_verbs:
                yield t.i, t.i + 1, issue

    def _names_inner_issue(self, tok) -> bool:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "on", "for", "of"):
                for p in c.children:
                    if p.dep_ == "pobj" and self.lex.issues.match_at(tok.doc, p.i, p.i + 1):
                        return True
        return False

    # ------------------------------------------------------------------ one issue mention
    def _stances(self, issue_tok, da: DocActors) -> list[tuple[list[Mention], str, Optional[str], bool, bool]]:
        """Every position taken on one mention of an issue: "rejected Hamas's call for a ceasefire"
        is Hamas for it and the rejecter against it."""
        if any(c.dep_ == "det" and c.lower_ == "no" for c in issue_tok.children):
            found = self._no_issue(issue_tok, da)
            return [found] if found else []
        out = []
        for pos in self._positions(issue_tok):
            found = self._one(pos, da)
            if found:
                out.append(found)
        return out

    def _one(self, pos: "_Position", da: DocActors) -> Optional[tuple[list[Mention], str, Optional[str], bool, bool]]:
        word, stance = pos.word, pos.stance
        if self.modality.in_condition(word):
            return None  # "if a ceasefire is not implemented": a premise, not a position
        if word.pos_ in ("VERB", "AUX") and A.is_passive(word) and not any(c.dep_ == "agent" for c in word.children):
            return None  # "the truce was rejected": by whom is not said
        negated = self.modality.negated_under(word, self.lex.negating_heads)
        if negated:
            if stance == "oppose":
                return None  # "did not reject" says too little to code
            stance = "oppose"
        holders = self._holder(word, da)
        if not holders:
            return None
        hypothetical = self.modality.of_word(word)[1]
        found = self._position(word, holders, stance)
        return found[0], found[1], found[2], negated, hypothetical

    def _position(self, word, holders: list[Mention], stance: str) -> tuple[list[Mention], str, Optional[str]]:
        """The stance and condition of a position, read off the clauses on its verb."""
        condition = None
        # conditions hang on the verb of the position ("ready for a truce if ..." on the copula); a
        # noun of position ("the U.S. proposal") does not take the conditions of the verb above it
        verb = word if word.pos_ in ("VERB", "AUX") else word.head if word.pos_ == "ADJ" else None
        if verb is None:
            return holders, stance, None
        cond = clause_condition(verb, self.lex.cond_support | self.lex.cond_oppose)
        if stance == "support" and cond is None and self._in_principle(verb):
            return holders, "conditional", self._but_clause(verb)
        if cond is not None:
            marker, text = cond
            if stance == "support" and marker in self.lex.cond_support:
                stance, condition = "conditional", text
            elif stance == "oppose" and marker in self.lex.cond_oppose:
                condition = text
        return holders, stance, condition

    def _no_issue(self, issue_tok, da: DocActors):
        """ "there will be no ceasefire until ...": opposition by the speaker, with the condition."""
        verb = issue_tok.head
        holders: list[Mention] = []
        v = self.modality.reporting_verb(issue_tok)
        if v is not None:
            s, _ = A.source_of_verb(v, da)
            holders = self._actors(s)
        if not holders and verb.pos_ in ("VERB", "AUX") and verb.lemma_ != "be":
            s, _ = A.source_of_verb(verb, da)
            holders = self._actors(s)
        if not holders:
            return None
        cond = clause_condition(verb, self.lex.cond_oppose | self.lex.cond_support)
        return holders, "oppose", cond[1] if cond else None, True, False

    def _positions(self, tok):
        """Climb from the issue through carrier words, yielding each word that takes a position on
        it: nouns of position ("Hamas's call for") and then the first verb or adjective that does."""
        t = tok
        prep: Optional[str] = None  # the preposition the climb last came through
        for _ in range(6):
            h = t.head
            if h.i == t.i:
                return
            lemma = h.lemma_.lower()
            if t.dep_ == "pobj" and h.lower_ == "against":
                yield _Position(h.head, "oppose")
                return
            if h.pos_ == "ADP":
                prep = h.lower_
                t = h
                continue
            if h.pos_ == "ADJ" and prep is not None:
                if lemma in self.lex.support_adjectives or lemma in self.lex.oppose_adjectives:
                    yield _Position(h, "support" if lemma in self.lex.support_adjectives else "oppose")
                    return
            if h.pos_ in ("VERB", "AUX"):
                part = self.lex.oppose_phrasal.get(lemma)
                if (part and any(c.dep_ == "prt" and c.lower_ == part for c in h.children)) \
                        or lemma in self.lex.oppose_verbs:
                    yield _Position(h, "oppose")
                    return
                if lemma in self.lex.support_verbs:
                    if lemma in self.lex.needs_prep and prep not in self.lex.needs_prep[lemma] \
                            and t.dep_ not in ("ccomp", "xcomp"):
                        return  # "called the deal lousy", "voted on a resolution" (but "hopes a truce holds")
                    yield _Position(h, "support")
                    return
                if lemma in self.lex.carriers:
                    prep = None
                    t = h
                    continue
                return
            if h.pos_ in ("NOUN", "PROPN"):
                if lemma in self.lex.oppose_nouns | self.lex.support_nouns:
                    yield _Position(h, "oppose" if lemma in self.lex.oppose_nouns else "support")
                    prep = None
                    t = h
                    continue  # the call may itself be rejected, welcomed, ...
                if lemma in self.lex.carriers:
                    t = h
                    continue
                return
            if h.pos_ == "ADJ" and lemma in self.lex.carriers:
                t = h
                continue
            return

    def _in_principle(self, verb) -> bool:
        """ "supports the proposal in principle": support held back."""
        return any(t.lemma_.lower() in self.lex.in_principle and t.head.lower_ == "in"
                   for t in verb.subtree if t.i > verb.i)

    @staticmethod
    def _but_clause(verb) -> Optional[str]:
        for c in verb.children:
            if c.dep_ == "conj" and any(x.lower_ == "but" for x in verb.children if x.dep_ == "cc"):
                return verb.doc[c.left_edge.i:c.right_edge.i + 1].text
        return None

    def _holder(self, word, da: DocActors) -> list[Mention]:
        """Who takes the position `word` expresses: its subject (all conjuncts), a noun's possessor,
        or the speaker of the clause."""
        if word.pos_ == "ADJ" and word.head.pos_ in ("VERB", "AUX"):
            word = word.head  # "Ukraine was ready for a ceasefire": the copula's subject
        if word.pos_ in ("NOUN", "PROPN"):
            for c in word.children:
                if c.dep_ in ("poss", "compound", "amod"):
                    m = da.at(c.i)
                    if A.usable(m) and m.actor.country:
                        return [m]
            src = A.source_of_noun(word, da)
            if src:
                return self._actors(src)
            v = word.head
            while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
                v = v.head
            if v.pos_ in ("VERB", "AUX"):
                s, _ = A.source_of_verb(v, da)
                return self._actors(s)
            return []
        s, _ = A.source_of_verb(word, da)
        if not s:
            v = self.modality.reporting_verb(word)
            if v is not None:
                s, _ = A.source_of_verb(v, da)
        return self._actors(s)

    @staticmethod
    def _actors(ms: list[Mention]) -> list[Mention]:
        """The mentions that name an actor an analyst can compare: a country, or a known name."""
        return [m for m in ms if m.actor.country or (m.role in ("name", "ner") and m.actor.name)]


def _verb_of(tok):
    """The verb a stance's issue word hangs on ("called for a ceasefire": called), for its date."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t
