"""Finalising: merged candidates become `Event` records (evidence, trigger, date, location, scores)."""
from __future__ import annotations

from powderkeg.actors.kb import KnowledgeBase
from powderkeg.actors.mentions import DocActors
from powderkeg.events import dates
from powderkeg.events.candidate import Candidate
from powderkeg.events.lexicon import Lexicon
from powderkeg.events.location import locate
from powderkeg.events.merge import merge
from powderkeg.ingest.document import Document
from powderkeg.nlp.evidence import evidence
from powderkeg.records import Event, Trigger


def events_of(doc: Document, sdoc, da: DocActors, cands: list[Candidate], sents, sent_index: dict[int, int],
              lex: Lexicon, kb: KnowledgeBase) -> list[Event]:
    """The event records of a document, numbered in order: one per merged group of candidates."""
    return [event_record(doc, sdoc, da, c, count, sents, sent_index, n, lex, kb)
            for n, (c, count) in enumerate(merge(cands), 1)]


def event_record(doc: Document, sdoc, da: DocActors, c: Candidate, count: int, sents, sent_index, n: int,
                 lex: Lexicon, kb: KnowledgeBase) -> Event:
    si = sent_index.get(c.token.i, 0)
    s = sents[si]
    tspan = sdoc[c.trigger_span[0]:c.trigger_span[1]]
    date, _how = dates.resolve(s.text, doc.date)
    cameo, goldstein, quad, pscore = lex.scores(c.type, c.mode)
    return Event(
        doc_id=doc.doc_id, evidence=evidence(doc.text, s, si), id=f"{doc.doc_id}#e{n}", type=c.type, mode=c.mode,
        context=c.context, source=[m.actor for m in c.source], target=[m.actor for m in c.target],
        negated=c.negated, hypothetical=c.hypothetical,
        attributed_to=c.attributed_to.actor if c.attributed_to is not None else None,
        trigger=Trigger(text=doc.text[tspan.start_char:tspan.end_char], span=(tspan.start_char, tspan.end_char)),
        date=date, location=locate(kb, da, s, c.token, c.target), cameo=c.cameo or cameo, goldstein=goldstein,
        quad=quad, plover_score=pscore, confidence=c.confidence, issue=c.issue, mentions=count)
