"""Finalising: merged candidates become `Event` records (evidence, trigger, date, location, scores)."""
from __future__ import annotations

from powderkeg.actors.kb import KnowledgeBase
from powderkeg.actors.mentions import DocActors
from powderkeg.events import when
from powderkeg.events.candidate import Candidate
from powderkeg.events.lexicon import Lexicon
from powderkeg.events.where import place_event
from powderkeg.events.merge import merge
from powderkeg.ingest.document import Document
from powderkeg.nlp.evidence import evidence
from powderkeg.records import Event, Trigger


def events_of(doc: Document, sdoc, da: DocActors, cands: list[Candidate], sents, sent_index: dict[int, int],
              lex: Lexicon, kb: KnowledgeBase) -> list[Event]:
    """The event records of a document, numbered in order: one per merged group of candidates."""
    war = when.war_start(doc.text, when.parse_pub(doc.date))
    return [event_record(doc, sdoc, da, c, count, sents, sent_index, n, lex, kb, war)
            for n, (c, count) in enumerate(merge(cands), 1)]


def event_record(doc: Document, sdoc, da: DocActors, c: Candidate, count: int, sents, sent_index, n: int,
                 lex: Lexicon, kb: KnowledgeBase, war=None) -> Event:
    si = sent_index.get(c.token.i, 0)
    s = sents[si]
    tspan = sdoc[c.trigger_span[0]:c.trigger_span[1]]
    w = when.date_event(s, c.token, doc.date, future=c.future, reporting=lex.reporting, war=war)
    cameo, goldstein, quad, pscore = lex.scores(c.type, c.mode, c.token.lemma_, c.token.lower_)
    return Event(
        doc_id=doc.doc_id, evidence=evidence(doc.text, s, si), id=f"{doc.doc_id}#e{n}", type=c.type, mode=c.mode,
        context=c.context, source=[m.actor for m in c.source], target=[m.actor for m in c.target],
        negated=c.negated, hypothetical=c.hypothetical,
        attributed_to=c.attributed_to.actor if c.attributed_to is not None else None,
        trigger=Trigger(text=doc.text[tspan.start_char:tspan.end_char], span=(tspan.start_char, tspan.end_char)),
        date=w.date, date_precision=w.precision, date_source=w.source, date_end=w.end, location=place_event(kb, da, s, c.token, c.source + c.target, lex.reporting, c.target),
         cameo=c.cameo or cameo, goldstein=goldstein,
        quad=quad, plover_score=pscore, confidence=c.confidence, issue=c.issue, mentions=count)
