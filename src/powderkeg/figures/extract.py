"""Figures the article reports: killed, injured, arrested, troops, targets struck, protesters, ...

For each sentence: find the numbers (numbers.py), decide what each counts (quantity.py), then
read the rest of the record with the machinery the events already use, so that a figure and the
event told in the same words agree:
- actor: who caused it. The source of the event coded on the same verb when there is one, else the
  subject of the active verb, the "by" agent of the passive, the source of the event noun the verb
  hangs on ("killed in Israeli strikes"); for troops, the state the troops belong to.
- claimed_by: who says so, by the coder's own attribution rule (reporting verbs and "according to").
- location: the events' place rule (`events.where`), applied to the figure's predicate.
- date: `events.when.date_event` on the figure's predicate (null when the text gives no basis).
The same figure told twice (title and body) is one record.
"""
from __future__ import annotations

from typing import Optional, Sequence

from powderkeg.actors import syntax as A
from powderkeg.actors.kb import KnowledgeBase
from powderkeg.context import DocContext
from powderkeg.events import when
from powderkeg.events.arguments import source_from_event_noun
from powderkeg.events.lexicon import Lexicon
from powderkeg.events.where import place_event
from powderkeg.figures.lexicon import FigureLexicon
from powderkeg.figures.numbers import Number, scan
from powderkeg.figures.quantity import QuantityReader, Reading
from powderkeg.figures.victims import CASUALTY_QUANTITIES, not_a_casualty, victims_of
from powderkeg.nlp.modality import Modality
from powderkeg.records import Actor, Figure, Location



class FigureReader:
    """Reads figures from an analysed document (a `context.Reader`). Attribution, modality and
    location are the events' own (`nlp.modality`, `actors.syntax.claimant`, `events.location`)."""

    def __init__(self, lex: FigureLexicon, modality: Modality, kb: KnowledgeBase, events: Lexicon):
        self.modality = modality
        self.kb = kb
        self.events = events  # the event lexicon: "killed in Israeli strikes" names the strikes' source
        self.lex = lex
        self.quantities = QuantityReader(self.lex, modality.words.reporting)

    def read(self, ctx: DocContext) -> list[Figure]:
        doc, sdoc, da = ctx.document, ctx.parsed, ctx.actors
        out: list[Figure] = []
        seen: dict[tuple, Figure] = {}
        triggers = self._event_sources(ctx.events)
        for si, sent in enumerate(ctx.sentences):
            for num, r in self._sentence(sent, sdoc, ctx.tokens[sent.start:sent.end]):
                if self._unreal(r):
                    continue
                fig = Figure(doc_id=doc.doc_id, evidence=ctx.evidence(si), quantity=r.quantity,
                             value=_int(num.value), value_max=_int(num.value_max) if num.value_max else None,
                             qualifier=r.qualifier or num.qualifier,
                             value_text=_surface(doc.text, sdoc[num.text_start:num.end]),
                             actor=self._actor(r, da, triggers),
                             claimed_by=self._claimant(r, num, sdoc, da),
                             location=self._location(da, sent, r), victims=victims_of(r.quantity, r.counted, r.predicate))
                w = when.date_event(sent, r.predicate, doc.date, reporting=self.events.reporting)
                fig.date, fig.date_precision, fig.date_source = w.date, w.precision, w.source
                # the same figure told twice (title and body) merges; the same number for another
                # place or another perpetrator is another figure
                key = (fig.quantity, fig.value, fig.value_max, fig.qualifier, fig.victims,
                       fig.location.name if fig.location else None,
                       tuple(sorted(a.country or "" for a in fig.actor)))
                if key in seen:
                    _fill(seen[key], fig)
                    continue
                seen[key] = fig
                out.append(fig)
        for n, f in enumerate(out, 1):
            f.id = f"{doc.doc_id}#f{n}"
        return out

    # ------------------------------------------------------------------ per sentence
    def _sentence(self, sent, sdoc, toks: Sequence) -> list[tuple[Number, Reading]]:
        """The figures of one sentence; `toks` are its tokens, listed once for the document."""
        found = []
        for num in scan(sent, self.lex, toks):
            if num.vague and not self.lex.vague_figures:
                continue
            r = self.quantities.read(num, sdoc)
            if r is not None and r.quantity in CASUALTY_QUANTITIES and \
                    not_a_casualty(num, sdoc[num.end - 1], r.counted, r.predicate):
                continue  # an age, lives saved, an anniversary, a vote count, a sum of money
            if r is not None:
                found.append((num, r))
        found.extend(self._zeros(toks))
        return found

    def _zeros(self, toks: Sequence) -> list[tuple[Number, Reading]]:
        """'No Coalition troops were injured': a reported zero."""
        out = []
        for t in toks:
            if t.lower_ == "no" and t.dep_ == "det" and (t.head.pos_ in ("NOUN", "PROPN") or t.head.lower_ == "one"):
                n = t.head
                r = self.quantities.predicate(n, n)
                if r is not None and r.quantity in self.lex.raw["zero_ok_quantities"]:
                    out.append((Number(start=t.i, end=t.i + 1, value=0.0), r))
        return out

    def _unreal(self, r: Reading) -> bool:
        """Negated, conditional or possible casualties are not counts; planned deployments are kept."""
        p = r.predicate
        infinitive = False
        if getattr(p, "pos_", "") not in ("VERB", "AUX"):
            # a counted noun ("260 missiles"): the verb it belongs to decides ("to produce 260 missiles")
            t = p
            for _ in range(4):
                if t.head.i == t.i or t.pos_ in ("VERB", "AUX"):
                    break
                t = t.head
            if t.pos_ not in ("VERB", "AUX") or t.i == p.i:
                return False
            p = t
            # "to produce 260 missiles" is a purpose; "claimed to be holding 200 hostages" is a claim
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in p.children) and \
                p.head.lemma_.lower() not in self.modality.words.reporting
        neg, hyp, _fut = self.modality.of_verb(p)
        return neg or ((hyp or infinitive) and r.quantity != "troops")

    # ------------------------------------------------------------------ arguments
    @staticmethod
    def _event_sources(events) -> dict[int, list[Actor]]:
        """Start character of each event trigger -> that event's source actors."""
        out: dict[int, list[Actor]] = {}
        for e in events:
            if getattr(e, "trigger", None) is not None and e.source:
                out.setdefault(e.trigger.span[0], list(e.source))
        return out

    def _actor(self, r: Reading, da, triggers: dict[int, list[Actor]]) -> list[Actor]:
        counted = {t.i for t in r.counted.subtree} if r.counted is not None else set()

        def keep(ms):
            return [m.actor for m in ms if not any(m.start <= i < m.end for i in counted)]

        p = r.predicate
        if r.quantity in self.lex.raw["owned_quantities"]:  # "Iran fired 12 missiles": Iran's
            owner = A.source_of_noun(r.counted, da) or [m for m in A.mentions_of(r.counted, da)
                                                          if m.actor.country and m.role != "place"]
            if owner:
                return [m.actor for m in owner]
            if r.quantity in ("troops",) and p.pos_ in ("VERB", "AUX") and p.lemma_ not in ("be", "have"):
                src, fallback = A.source_of_verb(p, da)
                return [m.actor for m in src] if not fallback else []
            return []
        if r.kind in ("event_noun", "toll"):
            return keep(A.source_of_noun(p, da))
        if p.pos_ != "VERB":
            return []
        if p.idx in triggers:
            ms = [a for a in triggers[p.idx] if a.start is None or not any(
                r.counted is not None and t.idx <= a.start < t.idx + len(t) for t in r.counted.subtree)]
            if ms:
                return ms
        src, fallback = A.source_of_verb(p, da)
        if src and not fallback:
            return keep(src)
        if A.is_passive(p) or r.kind == "passive":
            return keep(source_from_event_noun(p, da, self.events))
        return []

    def _claimant(self, r: Reading, num: Number, sdoc, da) -> list[Actor]:
        m = A.claimant(r.predicate, da, [], self.modality)
        if m is None and r.predicate.i != num.start:
            m = A.claimant(sdoc[num.start], da, [], self.modality)
        return [m.actor] if m is not None else []

    def _location(self, da, sent, r: Reading) -> Optional[Location]:
        loc = place_event(self.kb, da, sent, r.predicate, [], self.events.reporting)
        p = r.predicate
        if loc is None and p.dep_ in ("advcl", "xcomp", "conj") and p.head.pos_ == "VERB":
            # "Rebels shelled El Fasher, killing 12": the place of the act the toll belongs to
            targets = [m for c in p.head.children if c.dep_ == "dobj" and (m := da.at(c.i)) is not None]
            loc = place_event(self.kb, da, sent, p.head, [], self.events.reporting, targets)
        return loc


def _int(v: Optional[float]):
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def _fill(kept: Figure, new: Figure) -> None:
    """A repeated figure keeps its first wording and gains what the repetition adds."""
    for attr in ("actor", "claimed_by", "location"):
        if not getattr(kept, attr) and getattr(new, attr):
            setattr(kept, attr, getattr(new, attr))


def _surface(text: str, span) -> str:
    """The words of a span as the document writes them (the parser saw a Title Case headline lower-cased)."""
    return text[span.start_char:span.end_char]
