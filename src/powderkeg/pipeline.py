"""The per-document pipeline: a pure function of a `Document`, with models loaded once per process.

`Analyzer.analyse(doc)` returns the records of one article; `Analyzer.analyse_many(docs)` streams
many through spaCy's batched `nlp.pipe`. Nothing here touches the store or global state, so the
same function runs in a process pool or on a Dask worker unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from powderkeg.actors.kb import KnowledgeBase, load_kb
from powderkeg.actors.resolver import DocActors, Mention, Resolver
from powderkeg.events import dates
from powderkeg.events.coder import Candidate, Coder
from powderkeg.events.lexicon import load_lexicon
from powderkeg.events.merge import merge
from powderkeg.ingest.document import Document
from powderkeg.nlp.model import load_nlp
from powderkeg.records import Event, Evidence, Location, Record, Trigger

LOCATIVE = {"in", "at", "near", "along", "across", "outside", "inside", "around", "on", "over", "from", "into"}


@dataclass
class Analysis:
    """Everything read from one document; `records` is what extract prints and ingest stores."""

    doc: Document
    records: list[Record] = field(default_factory=list)
    n_sentences: int = 0
    n_tokens: int = 0


class Analyzer:
    def __init__(self, kb: Optional[KnowledgeBase] = None):
        self.nlp = load_nlp()
        self.kb = kb or load_kb()
        self.resolver = Resolver(self.kb)
        self.lex = load_lexicon()
        self.coder = Coder(self.lex)
        from powderkeg.figures.extract import FigureReader
        from powderkeg.relations.extract import RelationReader
        from powderkeg.stances.extract import StanceReader
        from powderkeg.checks.consistency import Checker

        self.figures = FigureReader(self.coder, self._location)
        self.stances = StanceReader()
        self.relations = RelationReader()
        self.checker = Checker(self.kb)

    # ------------------------------------------------------------------ public
    def analyse(self, doc: Document) -> Analysis:
        return self._from_spacy(doc, self.nlp(self._parse_text(doc)))

    def analyse_many(self, docs: Iterable[Document], batch_size: int = 16) -> Iterator[Analysis]:
        docs = iter(docs)
        pairs = ((self._parse_text(d), d) for d in docs)
        for sdoc, d in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self._from_spacy(d, sdoc)

    def actors(self, doc: Document):
        sdoc = self.nlp(self._parse_text(doc))
        return sdoc, self.resolver.resolve(sdoc, doc.date)

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _parse_text(doc: Document) -> str:
        """The text given to the parser: the document text with a Title Case title put in
        sentence case (same length, so every offset still points into the document text)."""
        if not doc.title_end:
            return doc.text
        title = doc.text[:doc.title_end]
        words = title.split()
        caps = sum(1 for w in words if w[:1].isupper())
        if len(words) < 4 or caps / len(words) < 0.7:
            return doc.text
        return sentence_case(title) + doc.text[doc.title_end:]

    def _from_spacy(self, doc: Document, sdoc) -> Analysis:
        da = self.resolver.resolve(sdoc, doc.date)
        sents = list(sdoc.sents)
        sent_index = {}
        for si, s in enumerate(sents):
            for t in s:
                sent_index[t.i] = si
        cands = self.coder.code(sdoc, da)
        records: list[Record] = []
        for n, (c, count) in enumerate(merge(cands), 1):
            records.append(self._event(doc, sdoc, da, c, count, sents, sent_index, n))
        ctx = dict(doc=doc, sdoc=sdoc, da=da, sents=sents, sent_index=sent_index, events=records)
        figs = self.figures.read(**ctx)
        stances = self.stances.read(**ctx)
        rels = self.relations.read(**ctx)
        flags = self.checker.check(doc=doc, relations=rels, events=records, da=da)
        records.extend(figs + stances + rels + flags)
        return Analysis(doc, records, n_sentences=len(sents), n_tokens=len(sdoc))

    def _event(self, doc, sdoc, da: DocActors, c: Candidate, count: int, sents, sent_index, n: int) -> Event:
        si = sent_index.get(c.token.i, 0)
        s = sents[si]
        ev = evidence(doc, s, si)
        tspan = sdoc[c.trigger_span[0]:c.trigger_span[1]]
        date, _how = dates.resolve(s.text, doc.date)
        cameo, goldstein, quad, pscore = self.lex.scores(c.type, c.mode)
        return Event(
            doc_id=doc.doc_id, evidence=ev, id=f"{doc.doc_id}#e{n}", type=c.type, mode=c.mode,
            context=c.context, source=[m.actor for m in c.source], target=[m.actor for m in c.target],
            negated=c.negated, hypothetical=c.hypothetical,
            attributed_to=c.attributed_to.actor if c.attributed_to is not None else None,
            trigger=Trigger(text=tspan.text, span=(tspan.start_char, tspan.end_char)),
            date=date, location=self._location(da, s, c), cameo=c.cameo or cameo, goldstein=goldstein,
            quad=quad, plover_score=pscore, confidence=c.confidence, issue=c.issue, mentions=count)

    def _location(self, da: DocActors, sent, c: Candidate) -> Optional[Location]:
        places = [m for m in da.places if sent.start <= m.start < sent.end and m.place is not None]
        if not places:
            return None
        near = {c.token.i} | {t.i for t in c.token.children} | {c.token.head.i}
        best: Optional[Mention] = None
        for m in places:
            tok = sent.doc[m.end - 1]
            if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE and (tok.head.head.i in near or tok.head.head.head.i in near):
                best = m
                break
        if best is None:
            tgt = {id(t) for t in c.target}
            best = next((m for m in places if id(m) not in tgt), places[0])
        p = best.place
        lat, lon = p.lat, p.lon
        if (lat is None or lon is None) and p.country and p.type == "state":
            st = self.kb.state(p.country)
            lat, lon = (st.lat, st.lon) if st else (None, None)
        return Location(name=p.name if p.idx >= 0 else best.actor.text, country=p.country, lat=lat, lon=lon)


def evidence(doc: Document, sent, si: int) -> Evidence:
    start, end = sent.start_char, sent.end_char
    text = doc.text[start:end]
    stripped = text.rstrip()
    return Evidence(sentence_index=si, text=stripped.strip(), span=(start + (len(text) - len(text.lstrip())),
                                                                       start + len(stripped)))


_KEEP_CAPS = None


def sentence_case(title: str) -> str:
    """Lower-case the function and event words of a Title Case headline, keep names."""
    global _KEEP_CAPS
    if _KEEP_CAPS is None:
        lex = load_lexicon()
        _KEEP_CAPS = set(lex.verbs) | set(lex.nouns) | {"with", "if", "is", "not", "in", "on", "of", "the", "a",
                                                        "an", "and", "to", "for", "as", "at", "by", "over",
                                                        "after", "amid", "from", "into", "against", "says", "say",
                                                        "are", "was", "were", "be", "been", "has", "have", "its",
                                                        "their", "new", "says", "urges", "calls", "threatens"}
    out = []
    first = True
    for w in title.split(" "):
        core = w.strip("'\"‘’“”:,.!?")
        low = core.lower()
        base = low[:-1] if low.endswith("s") else low
        if not first and core[:1].isupper() and not core.isupper() and (
                low in _KEEP_CAPS or base in _KEEP_CAPS or low.rstrip("ed") in _KEEP_CAPS or low[:-2] in _KEEP_CAPS):
            w = w.replace(core, low)
        out.append(w)
        first = False
    return " ".join(out)


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """One analyzer per process (what a worker calls)."""
    return Analyzer()


def analyse_document(doc: Document) -> list[dict]:
    """Pure function for parallel back-ends: a document in, its serialised records out."""
    from powderkeg.records import to_dict

    return [to_dict(r) for r in default_analyzer().analyse(doc).records]
